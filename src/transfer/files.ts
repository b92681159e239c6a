/**
 * Files of export and import: an export file is written to a temporary file beside it and renamed
 * into place at the end, so an interrupted or failed export never leaves a half-written file under
 * the name asked for; lines are read back in chunks, never the whole file at once.
 */
import { closeSync, createReadStream, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  write(chunk: string | Uint8Array): void;
  /** Flushes to disk and renames the temporary file to `path`. */
  commit(): void;
  /** Removes the temporary file (idempotent; nothing after commit). */
  abort(): void;
}

export function openAtomic(file: string): AtomicFile {
  const dir = path.dirname(path.resolve(file));
  const tempPath = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tempPath, 'wx', 0o644);
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  let done = false;
  return {
    path: file,
    tempPath,
    write(chunk: string | Uint8Array) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      while (off < b.length) off += writeSync(fd, b, off);
    },
    commit() {
      fsyncSync(fd);
      close();
      renameSync(tempPath, file);
      done = true;
    },
    abort() {
      if (done) return;
      close();
      rmSync(tempPath, { force: true });
      done = true;
    },
  };
}

/** Splits chunks of bytes into lines (without `\n` or a trailing `\r`), decoded as UTF-8. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    const buf = rest.length === 0 ? b : Buffer.concat([rest, b]);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield buf.toString('utf8', start, end);
      start = nl + 1;
    }
    rest = buf.subarray(start);
  }
  if (rest.length > 0) yield rest.toString('utf8', 0, rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length);
}

/** The lines of a file, read 1 MiB at a time. */
export function fileLines(file: string): AsyncGenerator<string> {
  return splitLines(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>);
}
