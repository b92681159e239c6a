import { Command } from 'commander';
import type { RangeRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { UnsupportedError, UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { parseInt64 } from '../cli/parse.js';
import { goQuoteString } from '../core/encode.js';
import { keyRange } from '../etcd/range.js';
import { tryFastGet } from './get-fast.js';

export interface GetFlags {
  readonly consistency: string;
  readonly order: string;
  readonly sortBy: string;
  readonly limit: string;
  readonly prefix: boolean;
  readonly fromKey: boolean;
  readonly rev: string;
  readonly keysOnly: boolean;
  /** etcdctl 3.5's --count-only (absent: false). */
  readonly countOnly?: boolean;
  readonly printValueOnly: boolean;
}

export interface GetInput {
  readonly request: Init<RangeRequest>;
  readonly printValueOnly: boolean;
  readonly countOnly?: boolean;
}

export function getCommand(ctx: CommandContext): Command {
  const cmd = new Command('get')
    .summary('Gets the key or a range of keys')
    .usage('[options] <key> [range_end]')
    .argument('[args...]');
  flag(cmd, 'string', 'consistency', 'l', 'Linearizable(l) or Serializable(s)');
  flag(cmd, 'string', 'order', '', 'Order of results; ASCEND or DESCEND (ASCEND by default)');
  flag(cmd, 'string', 'sort-by', '', 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION');
  flag(cmd, 'int', 'limit', '0', 'Maximum number of results');
  flag(cmd, 'bool', 'prefix', 'false', 'Get keys with matching prefix');
  flag(cmd, 'bool', 'from-key', 'false', 'Get keys that are greater than or equal to the given key using byte compare');
  flag(cmd, 'int', 'rev', '0', 'Specify the kv revision');
  flag(cmd, 'bool', 'keys-only', 'false', 'Get only the keys');
  // etcdctl 3.5's flag, kept out of 3.4's help text.
  flag(cmd, 'bool', 'count-only', 'false', 'Get only the count', { hidden: true });
  flag(cmd, 'bool', 'print-value-only', 'false', 'Only write values when using the "simple" output format');
  return cmd.action((args: string[], opts: GetFlags) => runGet(parseGetArgs(args, opts), ctx));
}

const SORT_TARGETS: Record<string, RangeRequest['sort_target']> = {
  '': 'KEY',
  CREATE: 'CREATE',
  KEY: 'KEY',
  MODIFY: 'MOD',
  VALUE: 'VALUE',
  VERSION: 'VERSION',
};

/** etcdctl's getGetOp: the RangeRequest for the arguments, or the error etcdctl gives. */
export function parseGetArgs(args: readonly (string | Uint8Array)[], o: GetFlags): GetInput {
  if (args.length === 0) throw new UsageError('get command needs one argument as key and an optional argument as range_end');
  if (o.prefix && o.fromKey) throw new UsageError('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (o.keysOnly && o.countOnly === true) {
    throw new UsageError('`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  }
  if (o.consistency !== 's' && o.consistency !== 'l') {
    throw new UnsupportedError(`unknown consistency flag ${goQuoteString(o.consistency)}`);
  }
  if (args.length > 1 && (o.prefix || o.fromKey)) {
    throw new UsageError('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  }
  const order = o.order.toUpperCase();
  if (order !== '' && order !== 'ASCEND' && order !== 'DESCEND') throw new UnsupportedError(`bad sort order ${o.order}`);
  const target = SORT_TARGETS[o.sortBy.toUpperCase()];
  if (target === undefined) throw new UnsupportedError(`bad sort target ${o.sortBy}`);
  // compat(etcdctl): clientv3.WithSort drops ASCEND when sorting by key (the server's own order).
  const sortOrder = order === '' || (order === 'ASCEND' && target === 'KEY') ? 'NONE' : (order as 'ASCEND' | 'DESCEND');
  const rev = parseInt64(o.rev, 0);
  return {
    request: {
      ...keyRange(args[0]!, args[1], o.prefix, o.fromKey),
      limit: parseInt64(o.limit, 0),
      ...(rev > 0n ? { revision: rev } : {}),
      sort_order: sortOrder,
      sort_target: target,
      serializable: o.consistency === 's',
      keys_only: o.keysOnly,
      ...(o.countOnly === true ? { count_only: true } : {}),
    },
    printValueOnly: o.printValueOnly,
    ...(o.countOnly === true ? { countOnly: true } : {}),
  };
}

export async function runGet(input: GetInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  if (ctx.global.writeOut === 'jsonl') {
    // Ours, so checked before the request (tryFastGet then streams it in pages).
    if (input.printValueOnly) throw new UsageError('print-value-only is only for `--write-out=simple`');
    if (input.countOnly === true) throw new UsageError('--count-only is only for `--write-out=fields`');
  }
  if (await tryFastGet(input, ctx)) return;
  const resp = await client.kv.range(input.request, ctx.callOptions);
  if (input.countOnly === true && ctx.global.writeOut !== 'fields') {
    // compat(etcdctl 3.5): checked after the request was served, before --print-value-only.
    throw new UsageError('--count-only is only for `--write-out=fields`');
  }
  if (input.printValueOnly && ctx.global.writeOut !== 'simple') {
    // compat(etcdctl 3.4): checked only after the request was served.
    throw new UsageError('print-value-only is only for `--write-out=simple`');
  }
  printer.get(resp, { valueOnly: input.printValueOnly });
}
