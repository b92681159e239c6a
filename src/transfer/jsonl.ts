/**
 * The JSON Lines codec shared by `-w jsonl` (get, watch) and `export`/`import`: one object per key
 * or event per line. Keys and values are UTF-8 text (`key`, `value`) when their bytes are valid
 * UTF-8, and base64 (`key_base64`, `value_base64`) otherwise, so any byte string round-trips
 * exactly while ordinary keys stay readable and greppable. 64-bit numbers are written as bare
 * digits from bigint (never through a double); lease ids are etcdctl's `%016x` hex.
 */
import { isUtf8 } from 'node:buffer';
import type { KeyValue } from '../client/types.js';
import { hexId016 } from '../core/encode.js';

// TextDecoder reads a Uint8Array view as it is; wrapping each one in a Buffer first costs 3× more.
// ignoreBOM: by default it drops a leading U+FEFF, and a key or value starting with one would
// then be written without it and imported back different.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
// Characters JSON must escape; most keys and values have none and skip JSON.stringify (8× slower).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** A JSON string literal for valid UTF-8 bytes. */
function jsonText(b: Uint8Array): string {
  const text = decoder.decode(b);
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** `"name":"text"` for UTF-8 bytes, `"name_base64":"…"` for anything else. */
export function bytesField(name: string, b: Uint8Array): string {
  if (isUtf8(b)) return `"${name}":${jsonText(b)}`;
  return `"${name}_base64":"${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}"`;
}

export interface KvLineOptions {
  /** Leave the value out (`get --keys-only`). */
  readonly keysOnly?: boolean;
  /** Leave out revisions, version and lease (export files carry key and value only). */
  readonly bare?: boolean;
}

/** The fields of one key, without braces: key, value, create_revision, mod_revision, version, lease. */
export function kvFields(kv: KeyValue, o: KvLineOptions = {}): string {
  let s = bytesField('key', kv.key);
  if (!o.keysOnly) s += ',' + bytesField('value', kv.value);
  if (o.bare) return s;
  s += `,"create_revision":${kv.create_revision},"mod_revision":${kv.mod_revision},"version":${kv.version}`;
  if (kv.lease !== 0n) s += `,"lease":"${hexId016(kv.lease)}"`;
  return s;
}

/** One line (with its newline) for a key of a get response. */
export function kvLine(kv: KeyValue, o: KvLineOptions = {}): string {
  return `{${kvFields(kv, o)}}\n`;
}

/** One line for a watch event: its type, the key's fields and `prev_value` when the event has one. */
export function eventLine(type: string, kv: KeyValue | undefined, prev: KeyValue | undefined): string {
  let s = `{"type":"${type}"`;
  if (kv !== undefined) s += ',' + kvFields(kv);
  if (prev !== undefined) s += ',' + bytesField('prev_value', prev.value);
  return s + '}\n';
}

// ---------------------------------------------------------------------------------------------
// Reading lines back (import).

/** The first line of an export file: where and when the keys were read. */
export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: 1;
  /** The source cluster's id, `%016x` hex. */
  readonly cluster_id: string;
  /** The revision every key was read at. */
  readonly revision: bigint;
  /** When the export started, RFC 3339 in UTC. */
  readonly time: string;
}

export const EXPORT_FORMAT = 'etcdctl-ts-export';

export function headerLine(clusterId: bigint, revision: bigint, time: Date): string {
  return `{"format":"${EXPORT_FORMAT}","version":1,"cluster_id":"${hexId016(clusterId)}","revision":${revision},"time":"${time.toISOString()}"}\n`;
}

/** A key read back from a line: bytes, and the source lease and its TTL when the line has them. */
export interface KeyRecord {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  /** The source lease id (hex as written), when the key had one. */
  readonly lease?: string;
  /** Seconds the lease had left at export time (`export --with-leases`). */
  readonly leaseTtl?: number;
}

/** A line that is not a key record; `message` says what is wrong, without the line number. */
export class LineError extends Error {}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^[0-9a-f]{1,16}$/;

/** Checks a bytes field without decoding it; true when it is present and holds no bytes. */
function checkBytes(o: Record<string, unknown>, name: string): boolean {
  const text = o[name];
  const b64 = o[`${name}_base64`];
  if (text !== undefined && b64 !== undefined) throw new LineError(`both "${name}" and "${name}_base64"`);
  if (text !== undefined) {
    if (typeof text !== 'string') throw new LineError(`"${name}" is not a string`);
    return text === '';
  }
  if (b64 !== undefined) {
    if (typeof b64 !== 'string' || !BASE64.test(b64)) throw new LineError(`"${name}_base64" is not base64`);
    return b64 === '';
  }
  throw new LineError(`no "${name}" or "${name}_base64"`);
}

function bytesOf(o: Record<string, unknown>, name: string, required: boolean): Uint8Array | undefined {
  const text = o[name];
  const b64 = o[`${name}_base64`];
  if (text !== undefined && b64 !== undefined) throw new LineError(`both "${name}" and "${name}_base64"`);
  if (text !== undefined) {
    if (typeof text !== 'string') throw new LineError(`"${name}" is not a string`);
    return Buffer.from(text, 'utf8');
  }
  if (b64 !== undefined) {
    if (typeof b64 !== 'string' || !BASE64.test(b64)) throw new LineError(`"${name}_base64" is not base64`);
    return Buffer.from(b64, 'base64');
  }
  if (required) throw new LineError(`no "${name}" or "${name}_base64"`);
  return undefined;
}

/** True for an export file's header line (checked on the first line only). */
export function isHeader(o: unknown): o is ExportHeader {
  return typeof o === 'object' && o !== null && (o as Record<string, unknown>).format === EXPORT_FORMAT;
}

/** Parses one line as JSON; a LineError when it is not a JSON object. */
export function parseObject(line: string): Record<string, unknown> {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (err) {
    throw new LineError(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new LineError('not a JSON object');
  return o as Record<string, unknown>;
}

/**
 * A key record from a parsed line. Other fields (revisions, version, `type` of a watch line) are
 * ignored, so `get -w jsonl` output imports as well; a DELETE event is not a key to write.
 */
export function keyRecord(o: Record<string, unknown>): KeyRecord {
  checkRecord(o);
  const key = bytesOf(o, 'key', true)!;
  const value = bytesOf(o, 'value', true)!;
  const lease = o.lease as string | undefined;
  const leaseTtl = o.lease_ttl as number | undefined;
  return { key, value, ...(lease === undefined ? {} : { lease }), ...(leaseTtl === undefined ? {} : { leaseTtl }) };
}

/** Everything keyRecord checks, without decoding any bytes (the checking pass over a file). */
export function checkRecord(o: Record<string, unknown>): void {
  if (o.type !== undefined && o.type !== 'PUT') throw new LineError(`an event of type ${JSON.stringify(o.type)} is not a key to import`);
  if (checkBytes(o, 'key')) throw new LineError('empty key');
  checkBytes(o, 'value');
  if (o.lease !== undefined && (typeof o.lease !== 'string' || !HEX.test(o.lease))) throw new LineError('"lease" is not a hex lease id');
  if (o.lease_ttl !== undefined && (typeof o.lease_ttl !== 'number' || !Number.isInteger(o.lease_ttl))) throw new LineError('"lease_ttl" is not an integer');
}

/** `OLD=NEW` of `--prefix-rewrite`: keys starting with OLD get NEW instead; others stay. */
export function rewriteKey(key: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  if (key.length < from.length) return key;
  for (let i = 0; i < from.length; i++) if (key[i] !== from[i]) return key;
  const out = new Uint8Array(to.length + key.length - from.length);
  out.set(to, 0);
  out.set(key.subarray(from.length), to.length);
  return out;
}
