import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { createStyle } from '../../output/human/style.js';
import { groupServices, matchService } from '../../registry/model.js';
import { getSimple, getTable, servicesJson } from '../../registry/print.js';
import { scanRegistry } from '../../registry/scan.js';
import { addScopeFlags, checkArgs, parseScope, registryFormat, scanOptions, type Scope, type ScopeFlags } from './common.js';

export interface GetInput extends Scope {
  readonly service: string;
}

export function getCommand(ctx: CommandContext): Command {
  const cmd = new Command('get')
    .summary('Shows every node of a service: address, lease and TTL, key, revisions, metadata')
    .usage('[options] <service>')
    .description(
      [
        'Shows each node of <service> (its registered name, or the service segment of its keys) under',
        'every prefix it is found: node id, address, version, metadata, endpoints, the etcd key, lease ID',
        '(hex, as etcdctl prints leases), TTL left and granted, create and mod revision. Versions that',
        'differ are shown apart. Exits 0 whatever it finds.',
      ].join('\n'),
    )
    .argument('[args...]');
  addScopeFlags(cmd);
  return cmd.action((args: string[], opts: ScopeFlags) => runGet(parseGetArgs(args, opts), ctx));
}

export function parseGetArgs(args: readonly string[], o: ScopeFlags): GetInput {
  checkArgs('get', args, 1, 1, 'needs one argument: the service name');
  return { ...parseScope(o), service: args[0]! };
}

export async function runGet(input: GetInput, ctx: CommandContext): Promise<void> {
  const format = await registryFormat(ctx);
  const client = await ctx.client();
  const scan = await scanRegistry(client, scanOptions(ctx, input));
  const groups = groupServices(
    scan.nodes.filter((n) => matchService(n, input.service)),
    scan.leases,
    true,
  );
  const style = await createStyle(format === 'simple' ? ctx.io.colorStdout : 0);
  if (format === 'json') ctx.io.stdout.write(servicesJson(groups, scan.revision, true));
  else if (format === 'table') ctx.io.stdout.write(await getTable(groups, style));
  else ctx.io.stdout.write(getSimple(groups, input.service, style, scan.revision));
}
