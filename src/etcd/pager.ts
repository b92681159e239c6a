/**
 * Reads a range in bounded pages at one revision, so a client holds at most two pages (the one
 * being written and the next, fetched meanwhile) whatever the size of the range.
 *
 * etcd 3.4 answers a limited Range by walking the index from the start key to the range end (to
 * count the total), so plain `[last+\0, end)` cursors cost about n²/(2·page) index steps: over 1M
 * keys, minutes of server time with small pages. So after the first page each request asks for a
 * sub-range `[cursor, guess)` whose end is guessed from the key density seen so far (keys read as
 * big base-256 numbers); etcd then walks only that sub-range. A guess that holds too many keys
 * still returns one page (`more`), and the next guess is made from what that page showed; one that
 * holds too few widens the next. The sub-ranges tile the range exactly, so the keys returned are
 * those of one plain request, whatever the guesses.
 */
import type { RangeRequest, RangeResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';

export type RangeCall = (req: Init<RangeRequest>) => Promise<RangeResponse>;

/**
 * What the pager needs to know of one response, whatever form it comes in: a decoded
 * RangeResponse, or the undecoded bytes `get` prints from (src/fast-range/).
 */
export interface PageInfo {
  /** Key-values in this response. */
  readonly kvCount: number;
  /** The last key-value's key, undefined when there is none. */
  readonly lastKey: Uint8Array | undefined;
  readonly more: boolean;
  /** The header's revision (0 when there is no header). */
  readonly revision: bigint;
}

/** PageInfo of a decoded response. */
export const decodedInfo = (r: RangeResponse): PageInfo => ({
  kvCount: r.kvs.length,
  lastKey: r.kvs[r.kvs.length - 1]?.key,
  more: r.more,
  revision: r.header?.revision ?? 0n,
});

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
export function nextPageRequest(req: Init<RangeRequest>, lastKey: Uint8Array, descending: boolean): Init<RangeRequest> | undefined {
  const end = req.range_end;
  if (end === undefined || end.length === 0) return undefined; // a single key: one page
  return descending ? { ...req, range_end: lastKey } : { ...req, key: after(lastKey) };
}

/** Bytes of a key that take part in the density guess; keys differing only later fall back. */
const WIDTH = 64;
const TOP = 1n << BigInt(8 * WIDTH);

/** A key as a number: its first WIDTH bytes, zero-padded, big-endian. */
export function keyNumber(key: Uint8Array): bigint {
  let n = 0n;
  for (let i = 0; i < WIDTH; i++) n = (n << 8n) | BigInt(i < key.length ? key[i]! : 0);
  return n;
}

/** The shortest key whose number is `n` (trailing zero bytes dropped). */
export function numberKey(n: bigint): Uint8Array {
  const out = new Uint8Array(WIDTH);
  for (let i = WIDTH - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  let len = WIDTH;
  while (len > 0 && out[len - 1] === 0) len--;
  return out.subarray(0, len);
}

const cmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
/** "\0" as a range end means: to the end of the keyspace. */
const isOpenEnd = (end: Uint8Array): boolean => end.length === 1 && end[0] === 0;

/**
 * The end of the next sub-range: `span` past `cursor`, or the real end when that is nearer or
 * when no end strictly after the cursor can be made from the guess.
 */
export function guessEnd(cursor: Uint8Array, span: bigint, end: Uint8Array): Uint8Array {
  const n = keyNumber(cursor) + (span > 0n ? span : 1n);
  if (n >= TOP) return end;
  const guess = numberKey(n);
  if (cmp(guess, cursor) <= 0) return end;
  if (!isOpenEnd(end) && cmp(guess, end) >= 0) return end;
  return guess;
}

/**
 * The pages of `req` as plain get would select its keys (limit, sort, revision, keys-only,
 * serializable honoured): every page at the first page's revision. The first response is yielded
 * as the server sent it (its header and count describe the whole range).
 */
export function readPages(range: RangeCall, req: Init<RangeRequest>, o: PageOptions): AsyncGenerator<RangeResponse> {
  return readPagesOf(range, decodedInfo, req, o);
}

/** readPages for responses of any form, `info` telling the pager what it needs of each. */
export async function* readPagesOf<R>(
  range: (req: Init<RangeRequest>) => Promise<R>,
  info: (r: R) => PageInfo,
  req: Init<RangeRequest>,
  o: PageOptions,
): AsyncGenerator<R> {
  if (!pageable(req)) {
    yield await range(req);
    return;
  }
  const descending = req.sort_order === 'DESCEND';
  const page = Math.max(1, o.pageSize);
  const total = req.limit ?? 0n;
  let left = total > 0n ? total : -1n;
  const limitFor = (): bigint => (left >= 0n && left < BigInt(page) ? left : BigInt(page));
  const end = req.range_end ?? new Uint8Array();
  // Sub-ranges need an ascending range; descending order pages from the end with plain cursors.
  const tiled = !descending && end.length > 0;

  let cur: Init<RangeRequest> = { ...req, limit: limitFor() };
  let subEnd = end; // the end of the sub-range `cur` asks for
  let span = 0n;
  let pending: Promise<R> | undefined = range(cur);
  while (pending !== undefined) {
    const resp: R = await pending;
    pending = undefined;
    const got = info(resp);
    if (left >= 0n) left -= BigInt(got.kvCount);
    const last = got.lastKey;
    const pinned = cur.revision !== undefined && cur.revision > 0n ? cur.revision : got.revision;
    let next: Init<RangeRequest> | undefined;
    if (left !== 0n) {
      if (!tiled) {
        if (got.more && last !== undefined) next = nextPageRequest(cur, last, descending);
      } else {
        const from = cur.key ?? new Uint8Array();
        let start: Uint8Array | undefined;
        if (got.more && last !== undefined) {
          // A full page: the density it showed sets the next sub-range's width.
          start = after(last);
          const seen = keyNumber(last) - keyNumber(from);
          span = seen > 0n ? seen : span * 2n;
        } else if (subEnd !== end) {
          // The sub-range is done: go on from its end, wider when it held few keys.
          start = subEnd;
          const n = got.kvCount;
          const width = keyNumber(subEnd) - keyNumber(from);
          span = n * 2 < page ? width * BigInt(n === 0 ? 16 : Math.max(2, Math.min(16, Math.ceil(page / n)))) : width;
        }
        if (start !== undefined) {
          subEnd = guessEnd(start, span, end);
          next = { ...cur, key: start, range_end: subEnd };
        }
      }
    }
    if (next !== undefined) {
      // Pinned at the first page's revision, so later pages see the same snapshot.
      cur = { ...next, revision: pinned, limit: limitFor() };
      // Fetched while the caller writes this page.
      pending = range(cur);
      // A failure of the prefetch is reported when it is awaited, not as an unhandled rejection.
      pending.catch(() => {});
    }
    if (got.kvCount > 0 || next === undefined) yield resp;
  }
}
