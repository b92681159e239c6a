/**
 * Reads a range in bounded pages at one revision, so a client holds at most two pages (the one
 * being written and the next, fetched meanwhile) whatever the size of the range.
 *
 * etcd answers a limited Range by walking the rest of the range to count it, so the cost of
 * paging is about n²/(2·page) index steps: pages must be large (see README, export figures). Each
 * next page starts after the last key (`[last+\0, end)`; descending: `[key, last)`), which also
 * shrinks the part etcd walks.
 */
import type { KeyValue, RangeRequest, RangeResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';

export type RangeCall = (req: Init<RangeRequest>) => Promise<RangeResponse>;

export interface PageOptions {
  /** Keys per request. */
  readonly pageSize: number;
}

/**
 * Whether a request can be read page by page with a key cursor: the server's key order (or
 * descending key order). Other sort targets are sorted by the server over the whole range, so
 * they are read in one request, as a plain get does.
 */
export function pageable(req: Init<RangeRequest>): boolean {
  const order = req.sort_order ?? 'NONE';
  const target = req.sort_target ?? 'KEY';
  return order === 'NONE' || target === 'KEY';
}

function after(key: Uint8Array): Uint8Array {
  const next = new Uint8Array(key.length + 1);
  next.set(key, 0);
  return next;
}

/** The request for the page after `last`, or undefined when `last` ended the range. */
export function nextPageRequest(req: Init<RangeRequest>, last: KeyValue, descending: boolean): Init<RangeRequest> | undefined {
  const end = req.range_end;
  if (end === undefined || end.length === 0) return undefined; // a single key: one page
  return descending ? { ...req, range_end: last.key } : { ...req, key: after(last.key) };
}

/**
 * The pages of `req` as plain get would select its keys (limit, sort, revision, keys-only,
 * serializable honoured): every page at the first page's revision. The first response is yielded
 * as the server sent it (its header and count describe the whole range).
 */
export async function* readPages(range: RangeCall, req: Init<RangeRequest>, o: PageOptions): AsyncGenerator<RangeResponse> {
  if (!pageable(req)) {
    yield await range(req);
    return;
  }
  const descending = req.sort_order === 'DESCEND';
  const total = req.limit ?? 0n;
  const size = BigInt(Math.max(1, o.pageSize));
  let left = total > 0n ? total : -1n;
  const limitFor = (): bigint => (left >= 0n && left < size ? left : size);
  let cur: Init<RangeRequest> = { ...req, limit: limitFor() };
  let pending: Promise<RangeResponse> | undefined = range(cur);
  while (pending !== undefined) {
    const resp: RangeResponse = await pending;
    pending = undefined;
    if (left >= 0n) left -= BigInt(resp.kvs.length);
    const last = resp.kvs[resp.kvs.length - 1];
    if (resp.more && last !== undefined && left !== 0n) {
      // Pinned at the first page's revision, so later pages see the same snapshot.
      const pinned = cur.revision !== undefined && cur.revision > 0n ? cur.revision : (resp.header?.revision ?? 0n);
      const next = nextPageRequest(cur, last, descending);
      if (next !== undefined) {
        cur = { ...next, revision: pinned, limit: limitFor() };
        // Fetched while the caller writes this page.
        pending = range(cur);
        // A failure of the prefetch is reported when it is awaited, not as an unhandled rejection.
        pending.catch(() => {});
      }
    }
    yield resp;
  }
}
