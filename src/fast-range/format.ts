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

/** Go's encoding/json of the gogo struct: proto names, zero values omitted, bytes in base64. */
function json(buf: Uint8Array, w: ChunkWriter): void {
  const s = scanRange(buf);
  let sep = '{';
  if (s.header !== undefined) {
    w.ascii('{"header":');
    jsonHeader(s.header, w);
    sep = ',';
  }
  if (s.hasKvs) {
    w.ascii(`${sep}"kvs":[`);
    sep = ',';
    const c = new KvCursor();
    let first = true;
    while (nextKv(buf, c)) {
      if (!first) w.byte(0x2c);
      first = false;
      let kvSep = '{';
      if (c.keyEnd > c.keyStart) {
        w.ascii('{"key":"');
        w.base64(buf, c.keyStart, c.keyEnd);
        w.byte(0x22);
        kvSep = ',';
      }
      kvSep = jsonInt(w, kvSep, '"create_revision":', c.createRevision);
      kvSep = jsonInt(w, kvSep, '"mod_revision":', c.modRevision);
      kvSep = jsonInt(w, kvSep, '"version":', c.version);
      if (c.valueEnd > c.valueStart) {
        w.ascii(`${kvSep}"value":"`);
        w.base64(buf, c.valueStart, c.valueEnd);
        w.byte(0x22);
        kvSep = ',';
      }
      kvSep = jsonInt(w, kvSep, '"lease":', c.lease);
      w.ascii(kvSep === '{' ? '{}' : '}');
    }
    w.byte(0x5d);
  }
  if (s.more) {
    w.ascii(`${sep}"more":true`);
    sep = ',';
  }
  sep = jsonInt(w, sep, '"count":', s.count);
  w.ascii(sep === '{' ? '{}\n' : '}\n');
}

/** Writes `sep name value` unless the value is zero; returns the next separator. */
function jsonInt(w: ChunkWriter, sep: string, name: string, n: Int): string {
  if (isZero(n)) return sep;
  w.ascii(sep);
  w.ascii(name);
  w.int(n);
  return ',';
}

function jsonHeader(h: ResponseHeader, w: ChunkWriter): void {
  let sep = '{';
  sep = jsonInt(w, sep, '"cluster_id":', h.cluster_id);
  sep = jsonInt(w, sep, '"member_id":', h.member_id);
  sep = jsonInt(w, sep, '"revision":', h.revision);
  sep = jsonInt(w, sep, '"raft_term":', h.raft_term);
  w.ascii(sep === '{' ? '{}' : '}');
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
