import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { GoParseError, parseInt64 } from '../cli/parse.js';

export interface CompactionInput {
  readonly revision: bigint;
  readonly physical: boolean;
}

export function compactionCommand(ctx: CommandContext): Command {
  const cmd = new Command('compaction')
    .summary('Compacts the event history in etcd')
    .usage('[options] <revision>')
    .argument('[args...]');
  flag(cmd, 'bool', 'physical', 'false', "'true' to wait for compaction to physically remove all old revisions");
  return cmd.action((args: string[], opts: { physical: boolean }) => runCompaction(parseCompactionArgs(args, opts), ctx));
}

export function parseCompactionArgs(args: readonly string[], o: { physical: boolean }): CompactionInput {
  if (args.length !== 1) throw new UsageError('compaction command needs 1 argument');
  try {
    return { revision: parseInt64(args[0]!), physical: o.physical };
  } catch (err) {
    // compat(etcdctl 3.4): a revision that is not a number exits 1, not 128.
    if (err instanceof GoParseError) throw new EtcdctlError(err.message, ExitCode.Error);
    throw err;
  }
}

export async function runCompaction(input: CompactionInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  await client.kv.compact({ revision: input.revision, physical: input.physical }, ctx.callOptions);
  // The writer is ignored: etcdctl prints this line whatever -w says.
  ctx.io.stdout.write(`compacted revision ${input.revision}\n`);
}
