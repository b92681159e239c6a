/**
 * etcdctl's `get` output in the `simple`, `json` and `fields` writers, printed straight from a
 * RangeResponse's wire bytes. Byte for byte what the general printers (src/output/) print for
 * the decoded response; test/unit/fast-range compares the two on awkward bytes.
 */
import { goQuote } from '../core/encode.js';
import type { ResponseHeader } from '../client/generated/proto.js';
import { ChunkWriter, DEFAULT_CHUNK } from './out.js';
import { KvCursor, nextKv, scanRange, type Int } from './scan.js';

export type FastFormat = 'simple' | 'json' | 'fields';

export interface FastRangeOptions {
  /** `--hex`: keys and values as `\xhh` (simple writer). */
  readonly hex?: boolean;
  /** `--print-value-only` (simple writer). */
  readonly valueOnly?: boolean;
  /** Size of the output chunks handed to `sink` (tests use small ones). */
  readonly chunkSize?: number;
}

/** Writes the RangeResponse in `buf` as `format` to `sink`, in chunks. */
export function printRange(buf: Uint8Array, format: FastFormat, sink: (chunk: Uint8Array) => void, o: FastRangeOptions = {}): void {
  const w = new ChunkWriter(sink, o.chunkSize ?? DEFAULT_CHUNK);
  if (format === 'simple') simple(buf, w, o);
  else if (format === 'json') json(buf, w);
  else fields(buf, w);
  w.end();
}

function simple(buf: Uint8Array, w: ChunkWriter, o: FastRangeOptions): void {
  const c = new KvCursor();
  const hex = o.hex === true;
  const valueOnly = o.valueOnly === true;
  while (nextKv(buf, c)) {
    if (!valueOnly) {
      if (hex) w.hex(buf, c.keyStart, c.keyEnd);
      else w.bytes(buf, c.keyStart, c.keyEnd);
      w.byte(0x0a);
    }
    if (hex) w.hex(buf, c.valueStart, c.valueEnd);
    else w.bytes(buf, c.valueStart, c.valueEnd);
    w.byte(0x0a);
  }
}

const isZero = (n: Int): boolean => n === 0 || n === 0n;

const OPEN = 0x7b; // {
const COMMA = 0x2c;
const QUOTE = 0x22;
const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');
// Field names with their quotes and colon, encoded once: a native call per short string would
// cost more than the copy (several per key).
const KEY = ascii('"key":"');
const CREATE_REVISION = ascii('"create_revision":');
const MOD_REVISION = ascii('"mod_revision":');
const VERSION = ascii('"version":');
const VALUE = ascii('"value":"');
const LEASE = ascii('"lease":');

/** Go's encoding/json of the gogo struct: proto names, zero values omitted, bytes in base64. */
function json(buf: Uint8Array, w: ChunkWriter): void {
  const s = scanRange(buf);
  let sep = OPEN;
  if (s.header !== undefined) {
    w.ascii('{"header":');
    jsonHeader(s.header, w);
    sep = COMMA;
  }
  if (s.hasKvs) {
    w.byte(sep);
    w.ascii('"kvs":[');
    sep = COMMA;
    const c = new KvCursor();
    let first = true;
    while (nextKv(buf, c)) {
      if (!first) w.byte(COMMA);
      first = false;
      let kvSep = OPEN;
      if (c.keyEnd > c.keyStart) {
        w.byte(OPEN);
        w.raw(KEY);
        w.base64(buf, c.keyStart, c.keyEnd);
        w.byte(QUOTE);
        kvSep = COMMA;
      }
      kvSep = jsonInt(w, kvSep, CREATE_REVISION, c.createRevision);
      kvSep = jsonInt(w, kvSep, MOD_REVISION, c.modRevision);
      kvSep = jsonInt(w, kvSep, VERSION, c.version);
      if (c.valueEnd > c.valueStart) {
        w.byte(kvSep);
        w.raw(VALUE);
        w.base64(buf, c.valueStart, c.valueEnd);
        w.byte(QUOTE);
        kvSep = COMMA;
      }
      kvSep = jsonInt(w, kvSep, LEASE, c.lease);
      if (kvSep === OPEN) w.byte(OPEN);
      w.byte(0x7d);
    }
    w.byte(0x5d);
  }
  if (s.more) {
    w.byte(sep);
    w.ascii('"more":true');
    sep = COMMA;
  }
  sep = jsonInt(w, sep, ascii('"count":'), s.count);
  if (sep === OPEN) w.byte(OPEN);
  w.ascii('}\n');
}

/** Writes `sep name value` unless the value is zero; returns the next separator. */
function jsonInt(w: ChunkWriter, sep: number, name: Uint8Array, n: Int): number {
  if (isZero(n)) return sep;
  w.byte(sep);
  w.raw(name);
  w.int(n);
  return COMMA;
}

function jsonHeader(h: ResponseHeader, w: ChunkWriter): void {
  let sep = OPEN;
  sep = jsonInt(w, sep, ascii('"cluster_id":'), h.cluster_id);
  sep = jsonInt(w, sep, ascii('"member_id":'), h.member_id);
  sep = jsonInt(w, sep, ascii('"revision":'), h.revision);
  sep = jsonInt(w, sep, ascii('"raft_term":'), h.raft_term);
  if (sep === OPEN) w.byte(OPEN);
  w.byte(0x7d);
}

/** etcdctl's fields writer: `"Name" : value` lines, keys and values Go-quoted (%q). */
function fields(buf: Uint8Array, w: ChunkWriter): void {
  const s = scanRange(buf);
  const f = (name: string, v: Int | boolean): void => {
    w.ascii(`"${name}" : `);
    if (typeof v === 'boolean') w.ascii(v ? 'true' : 'false');
    else w.int(v);
    w.byte(0x0a);
  };
  const h = s.header;
  f('ClusterID', h?.cluster_id ?? 0n);
  f('MemberID', h?.member_id ?? 0n);
  f('Revision', h?.revision ?? 0n);
  f('RaftTerm', h?.raft_term ?? 0n);
  const c = new KvCursor();
  while (nextKv(buf, c)) {
    w.ascii('"Key" : ');
    w.utf8(goQuote(buf.subarray(c.keyStart, c.keyEnd)));
    w.byte(0x0a);
    f('CreateRevision', c.createRevision);
    f('ModRevision', c.modRevision);
    f('Version', c.version);
    w.ascii('"Value" : ');
    w.utf8(goQuote(buf.subarray(c.valueStart, c.valueEnd)));
    w.byte(0x0a);
    f('Lease', c.lease);
  }
  f('More', s.more);
  f('Count', s.count);
}
