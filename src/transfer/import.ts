/**
 * `import`: the lines of an export file (or of `get -w jsonl`) turned into key records and handed
 * to the batched writer. Line numbers are 1-based and count every line of the input, the header
 * (line 1 of an export file) included.
 */
import { checkRecord, isHeader, keyRecord, LineError, parseObject, rewriteKey, type KeyRecord } from './jsonl.js';

/** A bad line: where it is and what is wrong with it. */
export class BadLineError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

export interface PrefixRewrite {
  readonly from: Uint8Array;
  readonly to: Uint8Array;
}

/** `OLD=NEW` of --prefix-rewrite; undefined when the text has no `=`. */
export function parsePrefixRewrite(text: string): PrefixRewrite | undefined {
  const eq = text.indexOf('=');
  if (eq < 0) return undefined;
  return { from: Buffer.from(text.slice(0, eq), 'utf8'), to: Buffer.from(text.slice(eq + 1), 'utf8') };
}

/**
 * The key records of `lines`, numbered; blank lines are skipped, a header is allowed as the first
 * line only. Throws BadLineError at the first bad line (after yielding every record before it).
 */
export function records(lines: AsyncIterable<string>, rewrite?: PrefixRewrite): AsyncGenerator<KeyRecord> {
  return walk(lines, rewrite, true) as AsyncGenerator<KeyRecord>;
}

/**
 * Key and value of a line of exactly the shape export writes for most keys,
 * `{"key":"…","value":"…"}` with a non-empty key and nothing to unescape in either; undefined for
 * any other line, which then goes through JSON.parse and the full checks. For such a line the
 * two give the same record, and this costs a fraction of JSON.parse's object and checks (import
 * reads every line twice from a file).
 */
export function plainLine(line: string): [key: string, value: string] | undefined {
  if (!line.startsWith('{"key":"')) return undefined;
  const keyEnd = plainEnd(line, 8);
  if (keyEnd <= 8 || !line.startsWith('","value":"', keyEnd)) return undefined;
  const valueEnd = plainEnd(line, keyEnd + 11);
  if (valueEnd < 0 || valueEnd !== line.length - 2 || line.charCodeAt(valueEnd + 1) !== 0x7d) return undefined;
  return [line.slice(8, keyEnd), line.slice(keyEnd + 11, valueEnd)];
}

/** Where the JSON string starting at `i` ends (its closing quote), or -1 when it has an escape or a control character. */
function plainEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

/** A line's record; undefined for a blank line or the header; LineError for a bad line. */
function lineRecord(line: string, n: number, decode: boolean): KeyRecord | null | undefined {
  const plain = plainLine(line);
  if (plain !== undefined) return decode ? { key: Buffer.from(plain[0], 'utf8'), value: Buffer.from(plain[1], 'utf8') } : null;
  if (line.trim() === '') return undefined;
  const o = parseObject(line);
  if (isHeader(o)) {
    if (n === 1) return undefined;
    throw new LineError('an export header is only allowed as the first line');
  }
  if (decode) return keyRecord(o);
  checkRecord(o);
  return null;
}

/**
 * Decodes each line into a record; or (decode false) only checks each line, decoding nothing it
 * need not, and yields just the number of records at the end.
 */
async function* walk(lines: AsyncIterable<string>, rewrite: PrefixRewrite | undefined, decode: boolean): AsyncGenerator<KeyRecord | number> {
  let n = 0;
  let count = 0;
  // The key is needed to check it against --prefix-rewrite even when only checking.
  const decodeLine = decode || rewrite !== undefined;
  for await (const line of lines) {
    n++;
    let rec: KeyRecord | null | undefined;
    try {
      rec = lineRecord(line, n, decodeLine);
    } catch (err) {
      if (err instanceof LineError) throw new BadLineError(n, err.message);
      throw err;
    }
    if (rec === undefined) continue; // blank, or the header
    count++;
    if (rec === null) continue; // checked, not decoded
    if (rewrite !== undefined) {
      const key = rewriteKey(rec.key, rewrite.from, rewrite.to);
      if (key.length === 0) throw new BadLineError(n, 'the key is empty after --prefix-rewrite');
      rec = { ...rec, key };
    }
    if (decode) yield rec;
  }
  if (!decode) yield count;
}

/** Reads every line without writing: the number of records, or the BadLineError of the first bad line. */
export async function validate(lines: AsyncIterable<string>, rewrite?: PrefixRewrite): Promise<number> {
  let count = 0;
  for await (const n of walk(lines, rewrite, false)) count = n as number;
  return count;
}
