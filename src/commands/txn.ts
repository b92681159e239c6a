import { Command, type Option } from 'commander';
import type { Compare, RequestOp } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { InvalidInputError, UsageError } from '../core/errors.js';
import { flag, GoFlag } from '../cli/flags.js';
import { delCommand, parseDelArgs, type DelFlags } from './del.js';
import { getCommand, parseGetArgs, type GetFlags } from './get.js';
import { parsePutArgs, putCommand, type PutFlags } from './put.js';
import { parseCompare, parseRequestOp, TxnInputError, type OpParsers } from '../formats/txn-grammar.js';

export interface TxnInput {
  readonly compare: Init<Compare>[];
  readonly success: Init<RequestOp>[];
  readonly failure: Init<RequestOp>[];
}

export function txnCommand(ctx: CommandContext): Command {
  const cmd = new Command('txn').summary('Txn processes all the requests in one transaction').usage('[options]').argument('[args...]');
  flag(cmd, 'bool', 'interactive', 'false', 'Input transaction in interactive mode', { short: 'i' });
  return cmd.action(async (args: string[], opts: { interactive: boolean }) => {
    if (args.length !== 0) throw new UsageError('txn command does not accept argument');
    return runTxn(await readTxn(ctx, opts.interactive), ctx);
  });
}

/** put/get/del as a txn op line sees them: their own flags only, no global ones. */
function opParsers(ctx: CommandContext): OpParsers {
  const root = new Command('');
  for (const make of [putCommand, getCommand, delCommand]) {
    const c = make(ctx);
    // compat(etcdctl 3.4): etcdctl 3.5's hidden flags (get --count-only, del --range) are not
    // flags of 3.4's op lines, nor in the usage text a bad op line prints.
    (c.options as Option[]).splice(0, c.options.length, ...c.options.filter((o) => !(o instanceof GoFlag && o.hidden)));
    root.addCommand(c);
  }
  return {
    root,
    toOp(name, args, opts) {
      switch (name) {
        case 'put':
          // compat(etcdctl): a put without a value would read the rest of stdin, which the txn
          // itself is being read from; etcdctl finds it empty.
          return { request_put: parsePutArgs(args, opts as unknown as PutFlags, new Uint8Array()) };
        case 'get':
          return { request_range: parseGetArgs(args, opts as unknown as GetFlags).request };
        default:
          return { request_delete_range: parseDelArgs(args, opts as unknown as DelFlags) };
      }
    },
  };
}

/**
 * Reads the three sections (compares, success ops, failure ops), each ended by an empty line.
 * compat(etcdctl): a line not ended by a newline, or EOF before the third empty line, is `EOF`.
 */
export async function readTxn(ctx: CommandContext, interactive: boolean): Promise<TxnInput> {
  const parsers = opParsers(ctx);
  const prompt = (s: string): void => {
    if (interactive) ctx.io.stdout.write(`${s}\n`);
  };
  const lines = interactive ? ctx.io.stdinLines()[Symbol.asyncIterator]() : bufferedLines(await ctx.io.readStdin());
  const section = async <T>(parse: (line: string) => T): Promise<T[]> => {
    const out: T[] = [];
    for (;;) {
      const next = await lines.next();
      if (next.done === true) throw new InvalidInputError('EOF');
      const line = next.value.trim();
      if (line === '') return out;
      try {
        out.push(parse(line));
      } catch (err) {
        if (err instanceof TxnInputError) ctx.io.stderr.write(err.usage);
        throw err;
      }
    }
  };
  prompt('compares:');
  const compare = await section(parseCompare);
  prompt('success requests (get, put, del):');
  const success = await section((l) => parseRequestOp(l, parsers));
  prompt('failure requests (get, put, del):');
  const failure = await section((l) => parseRequestOp(l, parsers));
  return { compare, success, failure };
}

/** Lines of a complete input; a last line without its newline counts as EOF, as bufio does. */
function bufferedLines(input: Uint8Array): AsyncIterator<string> {
  const parts = Buffer.from(input).toString('utf8').split('\n');
  parts.pop();
  let i = 0;
  return {
    next: () => Promise.resolve(i < parts.length ? { done: false, value: parts[i++]! } : { done: true, value: undefined }),
  };
}

export async function runTxn(input: TxnInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  // compat(etcdctl): txn runs without --command-timeout.
  printer.txn(await client.kv.txn(input, { signal: ctx.signal }));
}
