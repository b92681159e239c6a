import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { createStyle } from '../../output/human/style.js';
import { groupServices } from '../../registry/model.js';
import { listSimple, listTable, servicesJson } from '../../registry/print.js';
import { scanRegistry } from '../../registry/scan.js';
import { addScopeFlags, checkArgs, parseScope, registryFormat, scanOptions, type Scope, type ScopeFlags } from './common.js';

export type ListInput = Scope;

export function listCommand(ctx: CommandContext): Command {
  const cmd = new Command('list')
    .summary('Lists every registered service: versions, nodes, and how many are healthy, expiring or leaseless')
    .description(
      [
        'Finds service registrations of go-micro (/micro/registry/ and /micro-registry/, micro v3 domains),',
        "etcd's gRPC naming, go-zero and Kratos, reading keys in pages at one revision and each lease once.",
        'A node is healthy when its lease has more TTL left than the framework renews it by, expiring when',
        'less, leaseless when it has no lease (its key outlives a crash). Exits 0 whatever it finds.',
      ].join('\n'),
    )
    .argument('[args...]');
  addScopeFlags(cmd);
  return cmd.action((args: string[], opts: ScopeFlags) => runList(parseListArgs(args, opts), ctx));
}

export function parseListArgs(args: readonly string[], o: ScopeFlags): ListInput {
  checkArgs('list', args, 0, 0, 'takes no arguments');
  return parseScope(o);
}

export async function runList(input: ListInput, ctx: CommandContext): Promise<void> {
  const format = await registryFormat(ctx);
  const client = await ctx.client();
  const scan = await scanRegistry(client, scanOptions(ctx, input));
  const groups = groupServices(scan.nodes, scan.leases);
  const style = await createStyle(format === 'simple' ? ctx.io.colorStdout : 0);
  if (format === 'json') ctx.io.stdout.write(servicesJson(groups, scan.revision));
  else if (format === 'table') ctx.io.stdout.write(await listTable(groups, style));
  else ctx.io.stdout.write(listSimple(groups, style, scan.revision));
}
