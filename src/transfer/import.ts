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
 * Decodes each line into a record; or (decode false) only checks each line, decoding nothing it
 * need not, and yields just the number of records at the end.
 */
async function* walk(lines: AsyncIterable<string>, rewrite: PrefixRewrite | undefined, decode: boolean): AsyncGenerator<KeyRecord | number> {
  let n = 0;
  let count = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let rec: KeyRecord;
    try {
      const o = parseObject(line);
      if (isHeader(o)) {
        if (n === 1) continue;
        throw new LineError('an export header is only allowed as the first line');
      }
      if (!decode && rewrite === undefined) {
        checkRecord(o);
        count++;
        continue;
      }
      rec = keyRecord(o);
    } catch (err) {
      if (err instanceof LineError) throw new BadLineError(n, err.message);
      throw err;
    }
    if (rewrite !== undefined) {
      const key = rewriteKey(rec.key, rewrite.from, rewrite.to);
      if (key.length === 0) throw new BadLineError(n, 'the key is empty after --prefix-rewrite');
      rec = { ...rec, key };
    }
    count++;
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
