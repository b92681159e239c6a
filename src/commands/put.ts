import { Command } from 'commander';
import type { PutRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { GoParseError, parseInt64 } from '../cli/parse.js';
import { utf8 } from '../etcd/range.js';

export interface PutFlags {
  readonly lease: string;
  readonly prevKv: boolean;
  readonly ignoreValue: boolean;
  readonly ignoreLease: boolean;
}

const PUT_ARGS = 'put command needs 1 argument and input from stdin or 2 arguments';

const DESCRIPTION = `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`;

export function putCommand(ctx: CommandContext): Command {
  const cmd = new Command('put')
    .summary('Puts the given key into the store')
    .description(DESCRIPTION)
    .usage('[options] <key> <value> (<value> can also be given from stdin)')
    .argument('[args...]');
  flag(cmd, 'string', 'lease', '0', 'lease ID (in hexadecimal) to attach to the key');
  flag(cmd, 'bool', 'prev-kv', 'false', 'return the previous key-value pair before modification');
  flag(cmd, 'bool', 'ignore-value', 'false', 'updates the key using its current value');
  flag(cmd, 'bool', 'ignore-lease', 'false', 'updates the key using its current lease');
  return cmd.action(async (args: string[], opts: PutFlags) => {
    // stdin is read only when the value is not an argument, as etcdctl does: it may be a terminal.
    const stdin = args.length === 1 && !opts.ignoreValue ? await ctx.io.readStdin() : undefined;
    return runPut(parsePutArgs(args, opts, stdin), ctx);
  });
}

/** etcdctl's getPutOp: the PutRequest, with the value from the arguments or from stdin. */
export function parsePutArgs(args: readonly (string | Uint8Array)[], o: PutFlags, stdin?: Uint8Array): Init<PutRequest> {
  if (args.length === 0) throw new UsageError(PUT_ARGS);
  if (o.ignoreValue && args.length > 1) throw new UsageError("put command needs only 1 argument when 'ignore-value' is set");
  let value: Uint8Array | undefined;
  if (!o.ignoreValue) {
    // compat(etcdctl 3.4): an empty value argument is a value; only empty stdin is an error.
    value = args.length > 1 ? utf8(args[1]!) : stdin;
    if (value === undefined || (args.length < 2 && value.length === 0)) throw new UsageError(PUT_ARGS);
  }
  let lease: bigint;
  try {
    lease = parseInt64(o.lease, 16);
  } catch (err) {
    if (err instanceof GoParseError) throw new UsageError(`bad lease ID (${err.message}), expecting ID in Hex`);
    throw err;
  }
  return {
    key: utf8(args[0]!),
    ...(value === undefined ? {} : { value }),
    lease,
    prev_kv: o.prevKv,
    ignore_value: o.ignoreValue,
    ignore_lease: o.ignoreLease,
  };
}

export async function runPut(request: Init<PutRequest>, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.put(await client.kv.put(request, ctx.callOptions));
}
