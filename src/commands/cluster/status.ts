import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { collectFacts } from '../../cluster/facts.js';
import { statusJson, statusRows, statusSimple, statusTableRows } from '../../cluster/render.js';
import { createStyle } from '../../output/human/style.js';
import { drawTable } from '../../output/human/layout.js';
import { collector, members, noArgs, ownWriter } from './shared.js';

export interface ClusterStatusInput {
  readonly kind: 'status';
}

export function clusterStatusCommand(ctx: CommandContext): Command {
  return new Command('status')
    .summary('One row per member: health, role, version, sizes, raft indexes, latency and alarms')
    .description(
      [
        'Asks every member on the member list, through its own client URLs and all at once, for its',
        'status, its health (a linearizable get, as `endpoint health` does) and the active alarms, and',
        'prints one row per member. A member that cannot be reached within --dial-timeout is shown as',
        'unreachable, with the cause; the others are still shown. Exit 0 once the member list was read',
        '(use `cluster check` as a gate), 2 when no endpoint in --endpoints answers.',
      ].join('\n'),
    )
    .argument('[args...]')
    .action((args: string[]) => runClusterStatus(parseClusterStatusArgs(args), ctx));
}

export function parseClusterStatusArgs(args: readonly string[]): ClusterStatusInput {
  noArgs('status', args);
  return { kind: 'status' };
}

export async function runClusterStatus(_input: ClusterStatusInput, ctx: CommandContext): Promise<void> {
  const writer = await ownWriter(ctx, ['simple', 'json', 'table']);
  const c = collector(ctx, { hash: false });
  const rows = statusRows(await collectFacts(await members(c), c));
  if (writer === 'json') {
    ctx.io.stdout.write(statusJson(rows));
    return;
  }
  const style = await createStyle(ctx.io.colorStdout);
  if (writer === 'table') {
    const t = statusTableRows(rows, style);
    ctx.io.stdout.write(await drawTable(t.head, t.rows, style));
    return;
  }
  ctx.io.stdout.write(statusSimple(rows, style));
}
