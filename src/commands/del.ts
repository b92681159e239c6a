import { Command } from 'commander';
import type { DeleteRangeRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { keyRange } from '../etcd/range.js';

export interface DelFlags {
  readonly prefix: boolean;
  readonly prevKv: boolean;
  readonly fromKey: boolean;
  /** etcdctl 3.5's --range (absent: false). */
  readonly range?: boolean;
}

export function delCommand(ctx: CommandContext): Command {
  const cmd = new Command('del')
    .summary('Removes the specified key or range of keys [key, range_end)')
    .usage('[options] <key> [range_end]')
    .argument('[args...]');
  flag(cmd, 'bool', 'prefix', 'false', 'delete keys with matching prefix');
  flag(cmd, 'bool', 'prev-kv', 'false', 'return deleted key-value pairs');
  flag(cmd, 'bool', 'from-key', 'false', 'delete keys that are greater than or equal to the given key using byte compare');
  // compat(etcdctl 3.5): --range only silences 3.5's warning about a range_end ("In etcd v3.6, the
  // operation will be suspended…"), which 3.4 never prints and neither do we: it changes nothing
  // here. Accepted so that command lines written for 3.5 work; kept out of 3.4's help text.
  flag(cmd, 'bool', 'range', 'false', 'delete range of keys', { hidden: true });
  return cmd.action((args: string[], opts: DelFlags) => runDel(parseDelArgs(args, opts), ctx));
}

/** etcdctl's getDelOp. */
export function parseDelArgs(args: readonly (string | Uint8Array)[], o: DelFlags): Init<DeleteRangeRequest> {
  if (args.length === 0 || args.length > 2) {
    throw new UsageError('del command needs one argument as key and an optional argument as range_end');
  }
  if (o.prefix && o.fromKey) throw new UsageError('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (args.length > 1 && (o.prefix || o.fromKey)) {
    throw new UsageError('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  return { ...keyRange(args[0]!, args[1], o.prefix, o.fromKey), prev_kv: o.prevKv };
}

export async function runDel(request: Init<DeleteRangeRequest>, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.del(await client.kv.deleteRange(request, ctx.callOptions));
}
