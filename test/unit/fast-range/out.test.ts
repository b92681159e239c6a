import { describe, expect, it } from 'vitest';
import { ChunkWriter } from '../../../src/fast-range/out.js';

// What a chunk holds must be what was written, whether the sink keeps chunks (a stream still
// writing them) or is done with each at once (a file), when the writer reuses its buffer.
describe('ChunkWriter', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `key-${i}\nvalue-${'x'.repeat(i % 37)}\n`).join('');

  it.each([
    ['a sink that keeps its chunks', false],
    ['a sink done with each chunk at once', true],
  ])('%s gets every byte once, in order', (_name, done) => {
    const seen: Buffer[] = [];
    const held: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const w = new ChunkWriter((c) => {
      seen.push(Buffer.from(c)); // what the chunk held when handed over
      held.push(c);
      buffers.add(c.buffer);
      return done;
      // Above Node's 4 KiB pool limit, so every buffer allocated is an ArrayBuffer of its own.
    }, 5000);
    for (const line of text.split(/(?<=\n)/)) w.ascii(line);
    w.end();
    expect(Buffer.concat(seen).toString()).toBe(text);
    expect(seen.length).toBeGreaterThan(10);
    if (done) {
      // One buffer, reused: the writer never allocated another.
      expect(buffers.size).toBe(1);
    } else {
      // Every chunk kept its bytes after later writes: each had a buffer of its own.
      expect(Buffer.concat(held).toString()).toBe(text);
      expect(buffers.size).toBe(seen.length);
    }
  });

  it('a value larger than the buffer goes to the sink as it is, and writing goes on after it', () => {
    const out: Buffer[] = [];
    const w = new ChunkWriter((c) => (out.push(Buffer.from(c)), true), 64);
    const big = Buffer.alloc(1000, 0x61);
    w.ascii('head\n');
    w.bytes(big, 0, big.length);
    w.ascii('\ntail\n');
    w.end();
    expect(Buffer.concat(out).toString()).toBe(`head\n${'a'.repeat(1000)}\ntail\n`);
  });
});
