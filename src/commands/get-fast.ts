import type { CommandContext } from '../cli/context.js';
import type { RangeRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';

/** What get.ts parsed (its GetInput; restated here so the two modules do not import each other). */
interface FastGetInput {
  readonly request: Init<RangeRequest>;
  readonly printValueOnly: boolean;
  readonly countOnly?: boolean;
}

/**
 * `get` printed from the undecoded RangeResponse (src/fast-range/) in the writers that print
 * every key-value as it is: `simple` (with --hex, --print-value-only, --keys-only), `json` and
 * `fields`. Returns false, having sent nothing, for anything else: the general path handles it.
 */
export async function tryFastGet(input: FastGetInput, ctx: CommandContext): Promise<boolean> {
  const g = ctx.global;
  const format = g.writeOut;
  if (format !== 'simple' && format !== 'json' && format !== 'fields') return false;
  // --print-value-only with another writer is an error the general path reports after the call.
  if (input.printValueOnly && format !== 'simple') return false;
  // --count-only (etcdctl 3.5) has checks of its own on the general path; its response has no keys.
  if (input.countOnly === true) return false;
  const client = await ctx.client();
  const bytes = await client.rangeRaw(input.request, ctx.callOptions);
  const { printRange } = await import('../fast-range/format.js');
  printRange(bytes, format, (chunk) => ctx.io.stdout.write(chunk), { hex: g.hex, valueOnly: input.printValueOnly });
  return true;
}
