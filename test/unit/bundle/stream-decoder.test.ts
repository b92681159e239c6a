import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { rng } from '../../helpers/rng.js';

import { FRAGMENTS_HEADER, registerSink } from '../../../src/client/fragments.js';

// scripts/bundle/grpc-js-stream-decoder.cjs replaces grpc-js's StreamDecoder in the bundle: it
// must turn any chunking of any message sequence into exactly the messages grpc-js's own does.
const require = createRequire(import.meta.url);
type Decoder = { write(data: Buffer): Buffer[] };
type DecoderClass = new (max: number, http2Stream?: { sentHeaders: Record<string, string> }) => Decoder;
const Ours = (require('../../../scripts/bundle/grpc-js-stream-decoder.cjs') as { StreamDecoder: DecoderClass }).StreamDecoder;
const Theirs = (require('@grpc/grpc-js/build/src/stream-decoder.js') as { StreamDecoder: DecoderClass }).StreamDecoder;

function frame(payload: Buffer, compressed = 0): Buffer {
  const h = Buffer.alloc(5);
  h[0] = compressed;
  h.writeUInt32BE(payload.length, 1);
  return Buffer.concat([h, payload]);
}

function decodeAll(D: DecoderClass, stream: Buffer, cuts: number[], max = -1): Buffer[] {
  const d = new D(max);
  const out: Buffer[] = [];
  let at = 0;
  for (const n of cuts) {
    out.push(...d.write(stream.subarray(at, at + n)).map((b) => Buffer.from(b)));
    at += n;
  }
  return out;
}

describe("the bundle's StreamDecoder", () => {
  it("returns grpc-js's messages for 1,000 random message sequences and chunkings", () => {
    const r = rng(20261205);
    const bytes = Buffer.alloc(70_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
    for (let t = 0; t < 1000; t++) {
      const msgs = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
        const len = r() < 0.2 ? 0 : Math.floor(r() * (r() < 0.1 ? 70_000 : 300));
        const from = Math.floor(r() * (bytes.length - len));
        return frame(bytes.subarray(from, from + len), r() < 0.1 ? 1 : 0);
      });
      const stream = Buffer.concat(msgs);
      const cuts: number[] = [];
      for (let left = stream.length; left > 0; ) {
        const n = Math.min(left, 1 + Math.floor(r() * (r() < 0.5 ? 8 : 20_000)));
        cuts.push(n);
        left -= n;
      }
      const ours = decodeAll(Ours, stream, cuts);
      const theirs = decodeAll(Theirs, stream, cuts);
      expect(ours.length).toBe(msgs.length);
      expect(theirs.length).toBe(msgs.length);
      for (const [i, m] of msgs.entries()) expect(ours[i]!.equals(m) && theirs[i]!.equals(m), `sequence ${t}, message ${i}`).toBe(true);
    }
  });

  it('refuses a message over the limit with the same error', () => {
    const stream = frame(Buffer.alloc(100));
    expect(() => decodeAll(Ours, stream, [stream.length], 99)).toThrow(/^Received message larger than max \(100 vs 99\)$/);
    expect(() => decodeAll(Theirs, stream, [stream.length], 99)).toThrow(/^Received message larger than max \(100 vs 99\)$/);
  });

  it('a message split at every byte', () => {
    const stream = Buffer.concat([frame(Buffer.from('hello')), frame(Buffer.alloc(0)), frame(Buffer.from('world!'))]);
    const cuts = Array.from({ length: stream.length }, () => 1);
    expect(decodeAll(Ours, stream, cuts).map((b) => b.subarray(5).toString())).toEqual(['hello', '', 'world!']);
  });

  // src/client/fragments.ts: a call whose request headers name a registered sink gets its
  // messages' bytes as they arrive, and grpc-js an empty message for each.
  describe('fragments', () => {
    function run(msgs: Buffer[], cuts: number[], token: string | undefined) {
      const got: { bytes: Buffer[]; ends: number } = { bytes: [], ends: 0 };
      const reg = registerSink({ data: (c) => void got.bytes.push(Buffer.from(c)), end: () => void got.ends++ });
      try {
        const d = new Ours(-1, { sentHeaders: { [FRAGMENTS_HEADER]: token ?? reg.token } });
        const stream = Buffer.concat(msgs);
        const out: Buffer[] = [];
        let at = 0;
        for (const n of cuts) {
          out.push(...d.write(stream.subarray(at, at + n)).map((b) => Buffer.from(b)));
          at += n;
        }
        return { ...got, out };
      } finally {
        reg.dispose();
      }
    }

    it("hands the sink each message's bytes, however cut, and grpc-js empty messages", () => {
      const r = rng(77);
      for (let t = 0; t < 300; t++) {
        const msgs = Array.from({ length: 1 + Math.floor(r() * 4) }, () => frame(Buffer.from(Array.from({ length: 1 + Math.floor(r() * 3000) }, () => Math.floor(r() * 256)))));
        const total = msgs.reduce((n, m) => n + m.length, 0);
        const cuts: number[] = [];
        for (let left = total; left > 0; ) {
          const n = Math.min(left, 1 + Math.floor(r() * (r() < 0.5 ? 6 : 5000)));
          cuts.push(n);
          left -= n;
        }
        const got = run(msgs, cuts, undefined);
        expect(Buffer.concat(got.bytes).equals(Buffer.concat(msgs.map((m) => m.subarray(5)))), `sequence ${t}`).toBe(true);
        expect(got.ends).toBe(msgs.length);
        expect(got.out).toEqual(msgs.map(() => Buffer.alloc(5)));
      }
    });

    it('passes empty and compressed messages through whole, and ignores an unknown token', () => {
      const msgs = [frame(Buffer.alloc(0)), frame(Buffer.from('zipped'), 1), frame(Buffer.from('plain'))];
      const got = run(msgs, [3, 9, 7, 100].slice(0, 3).concat([Buffer.concat(msgs).length - 19]), undefined);
      expect(got.out).toEqual([msgs[0], msgs[1], Buffer.alloc(5)]);
      expect(Buffer.concat(got.bytes).toString()).toBe('plain');
      const unknown = run(msgs, [Buffer.concat(msgs).length], 'no-such-sink');
      expect(unknown.out).toEqual(msgs);
      expect(unknown.bytes).toEqual([]);
    });
  });
});
