import type { CommandContext } from '../cli/context.js';
import type { RangeRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { RangeSummary } from '../fast-range/scan.js';

/** What get.ts parsed (its GetInput; restated here so the two modules do not import each other). */
interface FastGetInput {
  readonly request: Init<RangeRequest>;
  readonly printValueOnly: boolean;
  readonly countOnly?: boolean;
}

/**
 * Keys per response when a range is read in pages, chosen by measurement (100,000 keys × 100 B,
 * whole processes, against etcdctl's single response): pages cost wall time — 10,000-key pages
 * made `-w json` 1.22× etcdctl's time against 1.00× for one response, 25,000 1.11× — because
 * etcd serves a range faster in one request than in several, and no overlap of printing with
 * serving makes that up. So a range up to this size is one request, as before, and only larger
 * ones are paged, where holding one response twice (grpc-js reassembles it) would cost hundreds
 * of MiB. ETCDCTL_TS_GET_PAGE_SIZE overrides it (tests page small ranges with it).
 */
export const FAST_PAGE_SIZE = 100_000;

function pageSize(env: Readonly<Record<string, string | undefined>>): number {
  const n = Number(env.ETCDCTL_TS_GET_PAGE_SIZE ?? '');
  return Number.isSafeInteger(n) && n > 0 ? n : FAST_PAGE_SIZE;
}

/** Keys per request of `-w jsonl`, which always streams (README, "Export, import and `-w jsonl`"). */
const JSONL_PAGE_SIZE = 10_000;

/**
 * `get` printed from the undecoded RangeResponse (src/fast-range/) in the writers that print
 * every key-value as it is: `simple` (with --hex, --print-value-only, --keys-only), `json`,
 * `fields`, and our `jsonl`. Returns false, having sent nothing, for anything else: the general
 * path handles it.
 *
 * `jsonl` always reads in pages at the first page's revision (src/etcd/pager.ts), whatever the
 * --limit or order; etcdctl's writers do so for a range without --limit, in the server's key
 * order, larger than a page. Each page is printed as it arrives, so memory stays bounded however
 * large the range, and the next page is on its way while this one is printed. The output is what
 * one response would print: the first page's header (its revision is the one every page reads
 * at) and count (the whole range's). Should a later page fail (the revision compacted meanwhile),
 * what was printed stays printed and the error follows, with etcdctl's exit code for it.
 *
 * Every response is printed while its bytes arrive (client.rangeFragments), so printing overlaps
 * the transfer and no response-sized buffer is allocated; should the connection fail midway,
 * what was printed stays printed too, and the call is not sent again.
 */
export async function tryFastGet(input: FastGetInput, ctx: CommandContext): Promise<boolean> {
  const g = ctx.global;
  const format = g.writeOut;
  if (format !== 'simple' && format !== 'json' && format !== 'fields' && format !== 'jsonl') return false;
  // --print-value-only with another writer is an error the general path reports after the call.
  if (input.printValueOnly && format !== 'simple') return false;
  // --count-only (etcdctl 3.5) has checks of its own on the general path; its response has no keys.
  if (input.countOnly === true) return false;
  const client = await ctx.client();
  const [{ RangeWriter }, { RangeParser, pageInfo }, { readPagesOf }] = await Promise.all([
    import('../fast-range/format.js'),
    import('../fast-range/stream.js'),
    import('../etcd/pager.js'),
  ]);
  const req = input.request;
  const out = ctx.io.stdout;
  // writeNow: the output buffer is reused once a chunk is written out (to a file, at once).
  const sink = (chunk: Uint8Array): boolean => (out.writeNow !== undefined ? out.writeNow(chunk) : (out.write(chunk), false));
  const w = new RangeWriter(format, sink, { hex: g.hex, valueOnly: input.printValueOnly, keysOnly: req.keys_only === true });
  // Each response is printed as its bytes arrive (src/client/fragments.ts); only the first
  // response's header is printed.
  let first = true;
  const read = async (r: Init<RangeRequest>): Promise<RangeSummary> => {
    const p = new RangeParser({
      header: (h) => {
        if (first) w.header(h);
        first = false;
      },
      kvs: (b) => w.kvs(b),
    });
    await client.rangeFragments(r, (chunk) => p.feed(chunk), ctx.callOptions);
    return p.finish();
  };
  const jsonl = format === 'jsonl';
  const unlimited = (req.limit ?? 0n) === 0n && (req.sort_order ?? 'NONE') === 'NONE' && (req.range_end?.length ?? 0) > 0;
  if (!jsonl && !unlimited) {
    w.end(await read(req));
    return true;
  }
  let count: bigint | undefined;
  const size = jsonl ? JSONL_PAGE_SIZE : pageSize(ctx.io.env);
  for await (const s of readPagesOf(read, pageInfo, req, { pageSize: size })) {
    count ??= s.count;
    // Waits while stdout is behind (a slow pipe), so pages do not pile up in its buffer.
    await ctx.io.flush();
  }
  // Read without --limit, one response would say more=false; count is the whole range's.
  w.end({ more: false, count: count ?? 0n });
  return true;
}
