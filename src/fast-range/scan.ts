/**
 * Reads an etcdserverpb.RangeResponse straight from its wire bytes, one key-value at a time into
 * one reused cursor: keys and values stay offsets into the response buffer, and no object is
 * made per key. `get --prefix` over 100,000 keys spends most of its time and memory on those
 * objects otherwise (a KeyValue, two Uint8Array views and four bigints each). The top level
 * (header, `more`, `count`, and where each key-value is) is read by stream.ts's RangeParser.
 */
import type { ResponseHeader } from '../client/generated/proto.js';

/** A varint field's value: a number when exactly representable, else a bigint. */
export type Int = number | bigint;

/** The fields of a RangeResponse other than its key-values. */
export interface RangeSummary {
  readonly header: ResponseHeader | undefined;
  readonly more: boolean;
  readonly count: bigint;
  /** Whether there is at least one key-value. */
  readonly hasKvs: boolean;
  /** How many key-values there are. */
  readonly kvCount: number;
  /** The last key-value's key (a view into the response), undefined when there is none. */
  readonly lastKey: Uint8Array | undefined;
}

/** The current key-value: byte offsets into the response and the numbers, all int64. */
export class KvCursor {
  /** Where the next top-level field starts. */
  pos = 0;
  keyStart = 0;
  keyEnd = 0;
  valueStart = 0;
  valueEnd = 0;
  createRevision: Int = 0;
  modRevision: Int = 0;
  version: Int = 0;
  lease: Int = 0;
  /** Read position inside the current key-value (one object reused, not one per key). */
  readonly at = { pos: 0 };
}

const TWO_32 = 0x1_0000_0000;

/** Malformed input: the response is not the RangeResponse the server should have sent. */
export class WireError extends Error {}

/** Reads a varint at `pos`; returns the value and stores the next position in `at.pos`. */
export function varint(buf: Uint8Array, at: { pos: number }, signed: boolean): Int {
  let pos = at.pos;
  if (pos >= buf.length) throw new WireError('truncated varint');
  let b = buf[pos++]!;
  if (b < 0x80) {
    at.pos = pos;
    return b;
  }
  // Up to 4 bytes (28 bits) in the fast path; more as low 32 / high 32 bits.
  let lo = b & 0x7f;
  let shift = 7;
  while (shift < 28) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    b = buf[pos++]!;
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      at.pos = pos;
      return lo;
    }
    shift += 7;
  }
  // Fifth byte: 4 bits to the low word, 3 to the high one.
  if (pos >= buf.length) throw new WireError('truncated varint');
  b = buf[pos++]!;
  lo = (lo | ((b & 0x0f) << 28)) >>> 0;
  let hi = (b & 0x7f) >> 4;
  shift = 3;
  while (b >= 0x80) {
    if (pos >= buf.length || shift > 31) throw new WireError('bad varint');
    b = buf[pos++]!;
    hi = (hi | ((b & 0x7f) << shift)) >>> 0;
    shift += 7;
  }
  at.pos = pos;
  if (hi < 0x20_0000) return hi * TWO_32 + lo; // below 2^53: exact as a number
  const u = (BigInt(hi) << 32n) | BigInt(lo);
  return signed ? BigInt.asIntN(64, u) : u;
}

/** Position after the field of wire type `wt` whose value starts at `at.pos`. */
function skip(buf: Uint8Array, at: { pos: number }, wt: number): void {
  switch (wt) {
    case 0:
      varint(buf, at, false);
      return;
    case 1:
      at.pos += 8;
      break;
    case 2: {
      const n = varint(buf, at, false) as number;
      at.pos += n;
      break;
    }
    case 5:
      at.pos += 4;
      break;
    default:
      throw new WireError(`unexpected wire type ${wt}`);
  }
  if (at.pos > buf.length) throw new WireError('truncated field');
}

function lengthOf(buf: Uint8Array, at: { pos: number }): number {
  const n = varint(buf, at, false);
  if (typeof n !== 'number' || at.pos + n > buf.length) throw new WireError('truncated field');
  return n;
}

/**
 * Moves `c` to the next key-value at or after `c.pos`; false when there is none.
 * Fields absent from a key-value are zero (proto3).
 */
export function nextKv(buf: Uint8Array, c: KvCursor): boolean {
  while (c.pos < buf.length) {
    const tag = varint(buf, c, false) as number;
    if (tag !== 0x12) {
      skip(buf, c, tag & 7);
      continue;
    }
    const n = lengthOf(buf, c);
    const end = c.pos + n;
    c.keyStart = c.keyEnd = c.valueStart = c.valueEnd = 0;
    c.createRevision = c.modRevision = c.version = c.lease = 0;
    const at = c.at;
    at.pos = c.pos;
    while (at.pos < end) {
      const t = varint(buf, at, false) as number;
      switch (t) {
        case 0x0a: {
          const n = lengthOf(buf, at);
          c.keyStart = at.pos;
          c.keyEnd = at.pos += n;
          break;
        }
        case 0x10:
          c.createRevision = varint(buf, at, true);
          break;
        case 0x18:
          c.modRevision = varint(buf, at, true);
          break;
        case 0x20:
          c.version = varint(buf, at, true);
          break;
        case 0x2a: {
          const n = lengthOf(buf, at);
          c.valueStart = at.pos;
          c.valueEnd = at.pos += n;
          break;
        }
        case 0x30:
          c.lease = varint(buf, at, true);
          break;
        default:
          skip(buf, at, t & 7);
      }
    }
    if (at.pos !== end) throw new WireError('key-value overruns its length');
    c.pos = end;
    return true;
  }
  return false;
}
