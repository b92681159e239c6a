/**
 * An output buffer for printing large responses: bytes are written into a big Buffer that goes
 * to the sink whole when full, so 100,000 keys cost a few dozen writes and no per-line string.
 * The sink returns true when it is done with a chunk (written out already, as to a file); if
 * not (anything else), the next bytes go to a fresh Buffer, since an asynchronous stream holds on to the chunk.
 * Reusing the one buffer spares a `get -w json` to a file ~23 MB of garbage buffers, which V8
 * collects only when their external memory has grown by tens of MiB.
 */
export type ChunkSink = (chunk: Uint8Array) => unknown;

import type { Int } from './scan.js';

const B64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
const HEX = Buffer.from('0123456789abcdef', 'latin1');

export const DEFAULT_CHUNK = 256 * 1024;

export class ChunkWriter {
  private buf: Buffer;
  private off = 0;

  constructor(
    private readonly sink: ChunkSink,
    private readonly size = DEFAULT_CHUNK,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes, flushing first when they do not fit. */
  private reserve(n: number): void {
    if (this.off + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** Hands what is buffered to the sink; later bytes go to a new buffer. */
  flush(): void {
    if (this.off === 0) return;
    const done = this.sink(this.buf.subarray(0, this.off)) === true;
    if (!done || this.buf.length !== this.size) this.buf = Buffer.allocUnsafe(this.size);
    this.off = 0;
  }

  /** Flushes what is left, without allocating another buffer. */
  end(): void {
    if (this.off > 0) this.sink(this.buf.subarray(0, this.off));
    this.off = 0;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.off++] = c;
  }

  /** Bytes known in advance (short constants): copied by hand, cheaper than a native call. */
  raw(src: Uint8Array): void {
    this.reserve(src.length);
    const b = this.buf;
    let o = this.off;
    for (let i = 0; i < src.length; i++) b[o++] = src[i]!;
    this.off = o;
  }

  /** ASCII (or Latin-1) text. */
  ascii(s: string): void {
    this.reserve(s.length);
    this.off += this.buf.write(s, this.off, 'latin1');
  }

  /** Text as UTF-8. */
  utf8(s: string): void {
    this.reserve(Buffer.byteLength(s));
    this.off += this.buf.write(s, this.off, 'utf8');
  }

  /** Raw bytes src[start, end); very long runs go to the sink as they are, without a copy. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n > this.size) {
      this.flush();
      this.sink(src.subarray(start, end));
      return;
    }
    this.reserve(n);
    const b = this.buf;
    let o = this.off;
    if (n < 64) for (let i = start; i < end; i++) b[o++] = src[i]!;
    else {
      b.set(src.subarray(start, end), o);
      o += n;
    }
    this.off = o;
  }

  /** Every byte as `\xhh` (etcdctl's --hex). */
  hex(src: Uint8Array, start: number, end: number): void {
    this.reserve((end - start) * 4);
    const b = this.buf;
    let o = this.off;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      b[o] = 0x5c;
      b[o + 1] = 0x78;
      b[o + 2] = HEX[c >> 4]!;
      b[o + 3] = HEX[c & 15]!;
      o += 4;
    }
    this.off = o;
  }

  /** Standard base64 with padding, as Go's encoding/json writes []byte. */
  base64(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(Math.ceil(n / 3) * 4);
    const b = this.buf;
    let o = this.off;
    let i = start;
    for (const last = end - 2; i < last; i += 3) {
      const v = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
      b[o] = B64[v >> 18]!;
      b[o + 1] = B64[(v >> 12) & 63]!;
      b[o + 2] = B64[(v >> 6) & 63]!;
      b[o + 3] = B64[v & 63]!;
      o += 4;
    }
    if (end - i === 1) {
      const v = src[i]!;
      b[o++] = B64[v >> 2]!;
      b[o++] = B64[(v & 3) << 4]!;
      b[o++] = 0x3d;
      b[o++] = 0x3d;
    } else if (end - i === 2) {
      const v = (src[i]! << 8) | src[i + 1]!;
      b[o++] = B64[v >> 10]!;
      b[o++] = B64[(v >> 4) & 63]!;
      b[o++] = B64[(v & 15) << 2]!;
      b[o++] = 0x3d;
    }
    this.off = o;
  }

  /** An integer in decimal. */
  int(n: Int): void {
    if (typeof n === 'number' && n >= 0 && n < 0x8000_0000) {
      this.reserve(10);
      const b = this.buf;
      let o = this.off;
      if (n === 0) {
        b[o] = 0x30;
        this.off = o + 1;
        return;
      }
      let digits = 0;
      for (let m = n; m > 0; m = (m / 10) | 0) digits++;
      o += digits;
      this.off = o;
      for (let m = n; m > 0; m = (m / 10) | 0) b[--o] = 0x30 + (m % 10);
      return;
    }
    this.ascii(typeof n === 'bigint' ? n.toString() : BigInt(n).toString());
  }
}
