/**
 * Reads an etcdserverpb.RangeResponse from its wire bytes as they arrive, in chunks cut anywhere
 * (src/client/fragments.ts), so `get` prints key-values while the rest of the response is still
 * on its way and never holds the whole message. Each run of complete key-value fields in a chunk
 * goes to `kvs` as one view into that chunk; a field cut by a chunk boundary is gathered into a
 * buffer of its own first. Everything else (header, more, count) is read as in scan.ts.
 *
 * The header must come before the first key-value, as etcd (gogo/protobuf, fields in number
 * order) always sends it: printing starts with it. A header after a key-value is a WireError.
 */
import { decode } from '../client/wire.js';
import { ResponseHeader } from '../client/generated/proto.js';
import type { PageInfo } from '../etcd/pager.js';
import { KvCursor, nextKv, varint, WireError, type RangeSummary } from './scan.js';

export interface RangeEvents {
  /**
   * Once per response, before its first key-value (or at its end when it has none): the header,
   * undefined when the response has none.
   */
  header(h: ResponseHeader | undefined): void;
  /**
   * A run of one or more complete key-value fields (tag 0x12), nothing else: read it with
   * nextKv() before returning, since the bytes behind it may be reused afterwards.
   */
  kvs(buf: Uint8Array): void;
}

const KV_TAG = 0x12;
/** A field's tag and length take at most 5 + 5 bytes (a varint field: up to 5 + 10). */
const HEAD_MAX = 16;

/**
 * Where the field starting at `pos` ends, once its tag and length (or, for a varint, the whole
 * value) are within `limit`; -1 while they are not. The end may lie beyond `limit`.
 */
function fieldEnd(buf: Uint8Array, pos: number, limit: number): number {
  let tag = 0;
  let shift = 0;
  let b: number;
  do {
    if (pos >= limit) return -1;
    if (shift > 28) throw new WireError('bad tag');
    b = buf[pos++]!;
    tag |= (b & 0x7f) << shift;
    shift += 7;
  } while (b >= 0x80);
  switch (tag & 7) {
    case 0:
      for (let i = 0; i < 10; i++) {
        if (pos >= limit) return -1;
        if (buf[pos++]! < 0x80) return pos;
      }
      throw new WireError('bad varint');
    case 1:
      return pos + 8;
    case 5:
      return pos + 4;
    case 2: {
      let n = 0;
      shift = 0;
      do {
        if (pos >= limit) return -1;
        if (shift > 28) throw new WireError('bad length');
        b = buf[pos++]!;
        n += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b >= 0x80);
      // gRPC messages are under 2 GiB: a longer field is damage, not something to allocate for.
      if (n > 0x7fff_ffff) throw new WireError('bad length');
      return pos + n;
    }
    default:
      throw new WireError(`unexpected wire type ${tag & 7}`);
  }
}

/** A copy of the key of the one key-value field in `kv`. */
function keyOf(kv: Uint8Array): Uint8Array {
  const c = new KvCursor();
  nextKv(kv, c);
  return Buffer.from(kv.subarray(c.keyStart, c.keyEnd));
}

export class RangeParser {
  private header: ResponseHeader | undefined;
  private headerSent = false;
  private more = false;
  private count = 0n;
  private kvCount = 0;
  /** The last key-value's key (a copy: a chunk's bytes may be reused once fed), for the pager's cursor. */
  private lastKey: Uint8Array | undefined;
  /** The start of a field cut by a chunk boundary, while its length is not yet known. */
  private readonly head = Buffer.alloc(HEAD_MAX);
  private headLen = 0;
  /** The cut field, once its length is known: a buffer of its own, `carryLen` bytes in. */
  private carry: Buffer | undefined;
  private carryLen = 0;
  private readonly at = { pos: 0 };

  constructor(private readonly ev: RangeEvents) {}

  /** The next bytes of the response; nothing keeps a view of them once this returns. */
  feed(chunk: Uint8Array): void {
    let pos = 0;
    if (this.headLen > 0 || this.carry !== undefined) {
      pos = this.resume(chunk);
      if (pos === chunk.length) return;
    }
    const len = chunk.length;
    let run = -1; // start of the current run of key-values
    let last = -1; // start of the last key-value in this chunk
    while (pos < len) {
      const end = fieldEnd(chunk, pos, len);
      if (end < 0 || end > len) {
        if (run >= 0) this.kvRun(chunk, run, pos);
        if (last >= 0) this.lastKey = keyOf(chunk.subarray(last, pos));
        this.cut(chunk, pos, end);
        return;
      }
      if (chunk[pos] === KV_TAG) {
        if (run < 0) run = pos;
        this.kvCount++;
        last = pos;
      } else {
        if (run >= 0) this.kvRun(chunk, run, pos);
        run = -1;
        if (last >= 0) this.lastKey = keyOf(chunk.subarray(last, pos));
        last = -1;
        this.other(chunk, pos);
      }
      pos = end;
    }
    if (run >= 0) this.kvRun(chunk, run, len);
    if (last >= 0) this.lastKey = keyOf(chunk.subarray(last, len));
  }

  /** The response is complete: what it said besides its key-values. */
  finish(): RangeSummary {
    if (this.headLen > 0 || this.carry !== undefined) throw new WireError('truncated response');
    this.sendHeader();
    return { header: this.header, more: this.more, count: this.count, hasKvs: this.kvCount > 0, kvCount: this.kvCount, lastKey: this.lastKey };
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    this.headerSent = true;
    this.ev.header(this.header);
  }

  private kvRun(buf: Uint8Array, start: number, end: number): void {
    this.sendHeader();
    this.ev.kvs(buf.subarray(start, end));
  }

  /** A complete field other than a key-value, starting at buf[pos]. */
  private other(buf: Uint8Array, pos: number): void {
    const at = this.at;
    at.pos = pos;
    const tag = varint(buf, at, false) as number;
    if (tag === 0x0a) {
      if (this.headerSent) throw new WireError('response header after key-values');
      const n = varint(buf, at, false) as number;
      this.header = decode(ResponseHeader, buf.subarray(at.pos, at.pos + n));
    } else if (tag === 0x18) this.more = varint(buf, at, false) !== 0;
    else if (tag === 0x20) this.count = BigInt(varint(buf, at, true));
  }

  /** A field starting at buf[pos] goes on in the next chunk; `end` is where, when known (else -1). */
  private cut(buf: Uint8Array, pos: number, end: number): void {
    if (end < 0) {
      this.head.set(buf.subarray(pos), 0);
      this.headLen = buf.length - pos;
      return;
    }
    this.carry = Buffer.allocUnsafe(end - pos);
    this.carry.set(buf.subarray(pos), 0);
    this.carryLen = buf.length - pos;
  }

  /** Goes on with the cut field; returns how much of `chunk` it took. */
  private resume(chunk: Uint8Array): number {
    let used = 0;
    if (this.carry === undefined) {
      // Byte by byte until the tag and length are in: at most a few bytes, once per chunk.
      let end = -1;
      while (end < 0) {
        if (used === chunk.length) return used;
        if (this.headLen === HEAD_MAX) throw new WireError('bad field');
        this.head[this.headLen++] = chunk[used++]!;
        end = fieldEnd(this.head, 0, this.headLen);
      }
      this.carry = Buffer.allocUnsafe(end);
      this.head.copy(this.carry, 0, 0, Math.min(this.headLen, end));
      this.carryLen = Math.min(this.headLen, end);
      this.headLen = 0;
    }
    const carry = this.carry;
    const n = Math.min(carry.length - this.carryLen, chunk.length - used);
    carry.set(chunk.subarray(used, used + n), this.carryLen);
    this.carryLen += n;
    used += n;
    if (this.carryLen < carry.length) return used;
    this.carry = undefined;
    this.carryLen = 0;
    if (carry[0] === KV_TAG) {
      this.kvCount++;
      this.lastKey = keyOf(carry);
      this.kvRun(carry, 0, carry.length);
    } else this.other(carry, 0);
    return used;
  }
}

const IGNORE: RangeEvents = { header: () => undefined, kvs: () => undefined };

/** What a whole response held in one buffer says besides its key-values. */
export function scanRange(buf: Uint8Array): RangeSummary {
  const p = new RangeParser(IGNORE);
  p.feed(buf);
  return p.finish();
}

/** What the pager (src/etcd/pager.ts) needs of a response, from its summary. */
export function pageInfo(s: RangeSummary): PageInfo {
  return { kvCount: s.kvCount, lastKey: s.lastKey, more: s.more, revision: s.header?.revision ?? 0n };
}
