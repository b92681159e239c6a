/** The progress line of export and import: on stderr, only when it is a terminal. */
import type { Writer } from '../core/io.js';
import { humanizeBytes } from '../core/encode.js';

/** `120,000 keys  14 MB  52,100 keys/s`: what a person watching wants to know. */
export function progressText(verb: string, keys: number, bytes: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((keys * 1000) / elapsedMs) : 0;
  return `${verb} ${keys.toLocaleString('en-US')} keys  ${humanizeBytes(bytes)}  ${rate.toLocaleString('en-US')} keys/s`;
}

export interface Progress {
  update(keys: number, bytes: number): void;
  /** Clears the line. */
  done(): void;
}

const NONE: Progress = { update: () => {}, done: () => {} };

/** A progress line redrawn at most every 200 ms with `\r`; nothing at all when `tty` is false. */
export function progress(stderr: Writer, tty: boolean, verb: string, now: () => number = Date.now): Progress {
  if (!tty) return NONE;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    update(keys, bytes) {
      const t = now();
      if (t - last < 200) return;
      last = t;
      shown = true;
      stderr.write(`\r${progressText(verb, keys, bytes, t - start)}\u001b[K`);
    },
    done() {
      if (shown) stderr.write('\r\u001b[K');
    },
  };
}
