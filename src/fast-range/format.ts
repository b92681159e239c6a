/**
 * etcdctl's `get` output in the `simple`, `json` and `fields` writers, and our `jsonl`, printed
 * straight from a RangeResponse's wire bytes. Byte for byte what the general printers
 * (src/output/) print for the decoded response; test/unit/fast-range compares the two on awkward
 * bytes.
 */
import { goQuote } from '../core/encode.js';
import type { ResponseHeader } from '../client/generated/proto.js';
import { writeKvLine } from './jsonl.js';
import { ChunkWriter, DEFAULT_CHUNK, type ChunkSink } from './out.js';
import { KvCursor, nextKv, type Int } from './scan.js';
import { RangeParser, type RangeEvents } from './stream.js';

export type FastFormat = 'simple' | 'json' | 'fields' | 'jsonl';

export interface FastRangeOptions {
  /** `--hex`: keys and values as `\xhh` (simple writer). */
  readonly hex?: boolean;
  /** `--print-value-only` (simple writer). */
  readonly valueOnly?: boolean;
  /** `--keys-only` (jsonl: lines without a value; the other writers print what the server sent). */
  readonly keysOnly?: boolean;
  /** Size of the output chunks handed to `sink` (tests use small ones). */
  readonly chunkSize?: number;
}

/** Writes the RangeResponse in `buf` as `format` to `sink`, in chunks. */
export function printRange(buf: Uint8Array, format: FastFormat, sink: ChunkSink, o: FastRangeOptions = {}): void {
  const p = printer(format, sink, o);
  p.feed(buf);
  p.end();
}

/**
 * Prints one RangeResponse as its bytes arrive (src/fast-range/stream.ts): feed() each chunk,
 * end() when the response is complete.
 */
export function printer(format: FastFormat, sink: ChunkSink, o: FastRangeOptions = {}): { feed(chunk: Uint8Array): void; end(): void } {
  const w = new RangeWriter(format, sink, o);
  const p = new RangeParser(w);
  return { feed: (chunk) => p.feed(chunk), end: () => w.end(p.finish()) };
}

/** What the end of the output needs: the whole read's `more` and `count`. */
export interface RangeTail {
  readonly more: boolean;
  readonly count: bigint;
}

/**
 * Prints one read that may arrive as several responses (pages of one range at one revision), in
 * pieces: header() with the first response's header, kvs() for each run of key-value fields in
 * order (a RangeParser's events), end() with the `more` and `count` of the whole read. The
 * output is what printing one response holding every key-value would give.
 */
export class RangeWriter implements RangeEvents {
  private readonly w: ChunkWriter;
  /** json: the separator before the next top-level field. */
  private sep = OPEN;
  /** json: whether `"kvs":[` and a key-value were written (the next needs a comma). */
  private inKvs = false;

  constructor(
    private readonly format: FastFormat,
    sink: ChunkSink,
    private readonly o: FastRangeOptions = {},
  ) {
    this.w = new ChunkWriter(sink, o.chunkSize ?? DEFAULT_CHUNK);
  }

  /** The first response's header (once, before any key-value). */
  header(h: ResponseHeader | undefined): void {
    const w = this.w;
    if (this.format === 'json') {
      if (h !== undefined) {
        w.ascii('{"header":');
        jsonHeader(h, w);
        this.sep = COMMA;
      }
    } else if (this.format === 'fields') {
      field(w, 'ClusterID', h?.cluster_id ?? 0n);
      field(w, 'MemberID', h?.member_id ?? 0n);
      field(w, 'Revision', h?.revision ?? 0n);
      field(w, 'RaftTerm', h?.raft_term ?? 0n);
    }
  }

  /** Key-value fields, nothing else (one or more; see RangeEvents.kvs). */
  kvs(buf: Uint8Array): void {
    if (this.format === 'simple') simpleKvs(buf, this.w, this.o);
    else if (this.format === 'json') {
      const first = !this.inKvs;
      if (first) {
        this.w.byte(this.sep);
        this.w.raw(KVS);
        this.sep = COMMA;
        this.inKvs = true;
      }
      jsonKvs(buf, this.w, !first);
    } else if (this.format === 'fields') fieldsKvs(buf, this.w);
    else jsonlKvs(buf, this.w, this.o);
  }

  end(tail: RangeTail): void {
    const w = this.w;
    if (this.format === 'json') {
      if (this.inKvs) w.byte(0x5d);
      let sep = this.sep;
      if (tail.more) {
        w.byte(sep);
        w.ascii('"more":true');
        sep = COMMA;
      }
      sep = jsonInt(w, sep, COUNT, tail.count);
      if (sep === OPEN) w.byte(OPEN);
      w.ascii('}\n');
    } else if (this.format === 'fields') {
      field(w, 'More', tail.more);
      field(w, 'Count', tail.count);
    }
    w.end();
  }
}

function simpleKvs(buf: Uint8Array, w: ChunkWriter, o: FastRangeOptions): void {
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
const COUNT = ascii('"count":');
const KVS = ascii('"kvs":[');

/**
 * Go's encoding/json of the gogo KeyValue structs, comma-separated after `anyBefore` earlier
 * ones: proto names, zero values omitted, bytes in base64.
 */
function jsonKvs(buf: Uint8Array, w: ChunkWriter, anyBefore: boolean): void {
  const c = new KvCursor();
  let any = anyBefore;
  while (nextKv(buf, c)) {
    if (any) w.byte(COMMA);
    any = true;
    let kvSep = jsonBytes(w, OPEN, KEY, buf, c.keyStart, c.keyEnd);
    kvSep = jsonInt(w, kvSep, CREATE_REVISION, c.createRevision);
    kvSep = jsonInt(w, kvSep, MOD_REVISION, c.modRevision);
    kvSep = jsonInt(w, kvSep, VERSION, c.version);
    kvSep = jsonBytes(w, kvSep, VALUE, buf, c.valueStart, c.valueEnd);
    kvSep = jsonInt(w, kvSep, LEASE, c.lease);
    if (kvSep === OPEN) w.byte(OPEN);
    w.byte(0x7d);
  }
}

/** Writes `sep name"base64"` unless the bytes are empty; returns the next separator. */
function jsonBytes(w: ChunkWriter, sep: number, name: Uint8Array, buf: Uint8Array, start: number, end: number): number {
  if (end === start) return sep;
  w.byte(sep);
  w.raw(name);
  w.base64(buf, start, end);
  w.byte(QUOTE);
  return COMMA;
}

/** Our `-w jsonl`: a line per key-value (src/fast-range/jsonl.ts). */
function jsonlKvs(buf: Uint8Array, w: ChunkWriter, o: FastRangeOptions): void {
  const c = new KvCursor();
  const line = { keysOnly: o.keysOnly === true };
  while (nextKv(buf, c)) writeKvLine(w, buf, c, line);
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

/** One `"Name" : value` line of etcdctl's fields writer. */
function field(w: ChunkWriter, name: string, v: Int | boolean): void {
  w.ascii(`"${name}" : `);
  if (typeof v === 'boolean') w.ascii(v ? 'true' : 'false');
  else w.int(v);
  w.byte(0x0a);
}

/** etcdctl's fields writer for the key-values: keys and values Go-quoted (%q). */
function fieldsKvs(buf: Uint8Array, w: ChunkWriter): void {
  const c = new KvCursor();
  while (nextKv(buf, c)) {
    w.ascii('"Key" : ');
    w.utf8(goQuote(buf.subarray(c.keyStart, c.keyEnd)));
    w.byte(0x0a);
    field(w, 'CreateRevision', c.createRevision);
    field(w, 'ModRevision', c.modRevision);
    field(w, 'Version', c.version);
    w.ascii('"Value" : ');
    w.utf8(goQuote(buf.subarray(c.valueStart, c.valueEnd)));
    w.byte(0x0a);
    field(w, 'Lease', c.lease);
  }
}
