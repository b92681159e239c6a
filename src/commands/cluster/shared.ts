/** What the `cluster` subcommands share: the writer check, fact collection from the global flags. */
import type { CommandContext } from '../../cli/context.js';
import { ConnectionError, UnsupportedError, UsageError } from '../../core/errors.js';
import { parseInt64 } from '../../cli/parse.js';
import { isUnreachable, memberList, errorText, type Collector } from '../../cluster/facts.js';
import type { Member } from '../../client/types.js';

export type Writer = 'simple' | 'json' | 'table';

/**
 * The `-w` of our own command, checked before anything is dialled: `simple`, `json` and the
 * ones in `allowed`; anything else is `<format> not supported as output format` (exit 4).
 */
export async function ownWriter(ctx: CommandContext, allowed: readonly Writer[]): Promise<Writer> {
  try {
    // Applies ETCDCTL_* (ETCDCTL_WRITE_OUT included) and fails for a format etcdctl does not know.
    await ctx.printer();
  } catch (err) {
    if (!(err instanceof UnsupportedError)) throw err;
  }
  const w = ctx.global.writeOut;
  if (!(allowed as readonly string[]).includes(w)) throw new UnsupportedError(`${w} not supported as output format`);
  return w as Writer;
}

/** Everything collecting facts needs, from the global flags. */
export function collector(ctx: CommandContext, o: { hash: boolean; signal?: AbortSignal }): Collector {
  return {
    client: () => ctx.clientFor(ctx.global.endpoints),
    clientFor: (urls) => ctx.clientFor(urls),
    commandTimeoutMs: ctx.global.commandTimeoutMs,
    dialTimeoutMs: ctx.global.dialTimeoutMs,
    signal: o.signal ?? ctx.signal,
    hash: o.hash,
  };
}

/** The member list through --endpoints; no endpoint answering is etcdctl's connection failure (2). */
export async function members(c: Collector): Promise<readonly Member[]> {
  try {
    return await memberList(c);
  } catch (err) {
    if (isUnreachable(err)) throw new ConnectionError(errorText(err));
    throw err;
  }
}

/** A non-negative integer flag (bytes, counts), as a UsageError (128) when it is not one. */
export function nonNegative(name: string, value: string): bigint {
  let n: bigint;
  try {
    n = parseInt64(value, 0);
  } catch {
    throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  if (n < 0n) throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

/** No positional arguments. */
export function noArgs(name: string, args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`cluster ${name} takes no arguments, got ${JSON.stringify(args[0])}`);
}
