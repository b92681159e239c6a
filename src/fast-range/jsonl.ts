/**
 * JSON Lines (src/transfer/jsonl.ts's format: `get -w jsonl`, export files) written straight from
 * a RangeResponse's wire bytes. Byte for byte what kvLine/exportLine build from the decoded
 * response (test/unit/fast-range/jsonl.test.ts compares the two on awkward bytes), without a
 * KeyValue, four bigints and a few strings per key: export spent most of its CPU on those.
 */
import { hexId016 } from '../core/encode.js';
import type { ChunkWriter } from './out.js';
import type { Int, KvCursor } from './scan.js';

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');
// Field names with quotes and colon, encoded once (ChunkWriter.raw copies short constants by hand).
const KEY = ascii('{"key":"');
const KEY_B64 = ascii('{"key_base64":"');
const VALUE = ascii(',"value":"');
const VALUE_B64 = ascii(',"value_base64":"');
const CREATE_REVISION = ascii(',"create_revision":');
const MOD_REVISION = ascii(',"mod_revision":');
const VERSION = ascii(',"version":');
const LEASE = ascii(',"lease":"');
const LEASE_TTL = ascii('","lease_ttl":');
const CLOSE_NL = ascii('}\n');
const QUOTE = 0x22;

/**
 * How a byte string is written: 0 as it is (ASCII with nothing to escape, the common case),
 * 1 as JSON-escaped UTF-8 text, 2 as base64 (not valid UTF-8).
 */
export function textKind(b: Uint8Array, start: number, end: number): 0 | 1 | 2 {
  let i = start;
  // The common case: printable ASCII without `"` or `\`.
  for (; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) break;
  }
  if (i === end) return 0;
  // Strict UTF-8 as isUtf8 (and TextDecoder) accept it: no overlong forms, no surrogates,
  // nothing above U+10FFFF.
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return 2;
    if (i + need >= end) return 2; // truncated sequence
    const c1 = b[i + 1]!;
    if (c1 < lo || c1 > hi) return 2;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return 2;
    }
    i += need + 1;
  }
  return 1;
}

const HEX = '0123456789abcdef';
/** JSON.stringify's escapes for the characters it escapes in a string without lone surrogates. */
const ESCAPES: (Uint8Array | undefined)[] = Array.from({ length: 0x5d }, (_, c) => {
  if (c === 0x22) return ascii('\\"');
  if (c === 0x5c) return ascii('\\\\');
  if (c >= 0x20) return undefined;
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  return ascii(short[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`);
});

/** Valid UTF-8 bytes as the inside of a JSON string: JSON.stringify's escapes, the rest as it is. */
function escaped(w: ChunkWriter, b: Uint8Array, start: number, end: number): void {
  let run = start;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    if (i > run) w.bytes(b, run, i);
    w.raw(ESCAPES[c]!);
    run = i + 1;
  }
  if (end > run) w.bytes(b, run, end);
}

export interface RawLineOptions {
  /** Leave the value out (`get --keys-only`). */
  readonly keysOnly?: boolean;
  /** Key and value only, as in export files (no revisions, version or lease). */
  readonly bare?: boolean;
}

const isZero = (n: Int): boolean => n === 0 || n === 0n;

/** A key or value field: `"name":"text"` for UTF-8 bytes, else `"name_base64":"…"` (bytesField). */
function bytesField(w: ChunkWriter, b: Uint8Array, start: number, end: number, name: Uint8Array, name64: Uint8Array): void {
  const kind = textKind(b, start, end);
  if (kind === 2) {
    w.raw(name64);
    w.base64(b, start, end);
  } else {
    w.raw(name);
    if (kind === 0) w.bytes(b, start, end);
    else escaped(w, b, start, end);
  }
  w.byte(QUOTE);
}

/**
 * One line for the cursor's key-value, with its newline: kvLine (`-w jsonl`) or, with `bare`,
 * an export line. `ttl`, for bare lines of a key with a lease, adds `lease` and `lease_ttl` as
 * exportLine does (`export --with-leases`).
 */
export function writeKvLine(w: ChunkWriter, buf: Uint8Array, c: KvCursor, o: RawLineOptions, ttl?: bigint): void {
  bytesField(w, buf, c.keyStart, c.keyEnd, KEY, KEY_B64);
  if (o.keysOnly !== true) bytesField(w, buf, c.valueStart, c.valueEnd, VALUE, VALUE_B64);
  if (o.bare === true) {
    if (ttl !== undefined && !isZero(c.lease)) {
      w.raw(LEASE);
      // exportLine's own formatting of the id (toString(16), zero-padded), kept byte for byte.
      w.ascii(BigInt(c.lease).toString(16).padStart(16, '0'));
      w.raw(LEASE_TTL);
      w.ascii(ttl.toString());
    }
    w.raw(CLOSE_NL);
    return;
  }
  w.raw(CREATE_REVISION);
  w.int(c.createRevision);
  w.raw(MOD_REVISION);
  w.int(c.modRevision);
  w.raw(VERSION);
  w.int(c.version);
  if (!isZero(c.lease)) {
    w.raw(LEASE);
    w.ascii(hexId016(BigInt(c.lease)));
    w.byte(QUOTE);
  }
  w.raw(CLOSE_NL);
}
