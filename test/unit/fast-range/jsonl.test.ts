import { describe, expect, it } from 'vitest';

import { RangeResponse } from '../../../src/client/generated/proto.js';
import type { KeyValue } from '../../../src/client/types.js';
import { decode, encode } from '../../../src/client/wire.js';
import { textKind, writeKvLine, type RawLineOptions } from '../../../src/fast-range/jsonl.js';
import { printRange } from '../../../src/fast-range/format.js';
import { ChunkWriter } from '../../../src/fast-range/out.js';
import { KvCursor, nextKv } from '../../../src/fast-range/scan.js';
import { exportLine } from '../../../src/transfer/export.js';
import { bytesField, kvLine } from '../../../src/transfer/jsonl.js';
import { BIN_VALUE, bytes, getBin, getFoo, getKeysOnly, getLeased, getMissing, header, kv, rangeResponse } from '../../fixtures/kv.js';

// The byte path must write exactly what the line builders of src/transfer/jsonl.ts and
// exportLine write for the decoded response (those define the format; README "JSON Lines").

const I64_MAX = 2n ** 63n - 1n;
const invalidUtf8 = Uint8Array.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]);
const allControls = Uint8Array.from({ length: 32 }, (_, i) => i);
const controls = Uint8Array.from([0, 1, 7, 8, 9, 10, 11, 12, 13, 27, 0x7f, 0x22, 0x5c, 0x3c, 0x3e, 0x26, 0x2f]);
const unicode = bytes('héllo wörld ✓ 😀 \u2028\u2029 \u00a0\u200b\ufeff');
const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
const bigText = bytes('é"\\\n'.repeat(70_000));

// Byte strings at the edges of strict UTF-8: each is valid or not as isUtf8 says.
const utf8Edges: number[][] = [
  [0xc2, 0x80], [0xc1, 0xbf], [0xc0, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80],
  [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xef, 0xbb, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x8f, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x61, 0xe2, 0x82, 0xac, 0x62],
  [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xf0, 0x90, 0x28, 0xbc], [0xc3, 0xa9, 0x22], [0xc3],
];

const responses: [string, RangeResponse][] = [
  ['one key', getFoo()],
  ['no key', getMissing()],
  ['keys only', getKeysOnly()],
  ['leased', getLeased()],
  ['binary value', getBin()],
  ['no header', rangeResponse(undefined, [kv('a', 'b', { create: 1, mod: 1, version: 1 })])],
  [
    'tricky bytes',
    rangeResponse(header(99), [
      kv(invalidUtf8, controls, { create: 1, mod: 2, version: 3 }),
      kv(controls, invalidUtf8, { create: 4, mod: 5, version: 1 }),
      kv(allControls, allControls, { create: 4, mod: 5, version: 1 }),
      kv(unicode, unicode, { create: 6, mod: 6, version: 1 }),
      kv('\ufeffbom', '\ufeff', { create: 6, mod: 6, version: 1 }),
      kv('', '', {}),
      kv('empty-value', '', { create: 7, mod: 7, version: 1 }),
      kv('one', 'x'),
      kv(BIN_VALUE, BIN_VALUE, { create: 8, mod: 9, version: 2 }),
      ...utf8Edges.map((e, i) => kv(Uint8Array.from([0x6b, ...e]), Uint8Array.from(e), { create: 10 + i, mod: 10 + i, version: 1 })),
    ]),
  ],
  [
    'big numbers and leases',
    rangeResponse(header(I64_MAX), [
      kv('k1', 'v', { create: 2n ** 31n - 1n, mod: 2n ** 31n, version: 2n ** 32n, lease: -1n }),
      kv('k2', 'v', { create: 2n ** 53n - 1n, mod: 2n ** 53n, version: 2n ** 53n + 1n, lease: I64_MAX }),
      kv('k3', 'v', { create: 127, mod: 128, version: 16383, lease: -(2n ** 63n) }),
      kv('k4', 'v', { create: 2n ** 28n - 1n, mod: 2n ** 28n, version: 2n ** 35n + 5n, lease: 0x352fa212f5b77a0dn }),
      kv('k5', 'v', { create: -5n, mod: 0, version: 0, lease: 1 }),
    ]),
  ],
  ['values larger than a chunk', rangeResponse(header(5), [kv('big', big, { create: 5, mod: 5, version: 1 }), kv(big, 'small'), kv('t', bigText), kv(bigText, 't')])],
  ['many keys', rangeResponse(header(1000), Array.from({ length: 1000 }, (_, i) => kv(`/bulk/${i}`, 'v'.repeat(i % 130), { create: i + 1, mod: i + 1, version: 1, lease: i % 3 })))],
];

function collect(write: (w: ChunkWriter) => void, chunkSize?: number): Buffer {
  const chunks: Buffer[] = [];
  const w = new ChunkWriter((c) => void chunks.push(Buffer.from(c)), chunkSize);
  write(w);
  w.end();
  return Buffer.concat(chunks);
}

function fastLines(wire: Uint8Array, o: RawLineOptions, ttl: ((lease: bigint) => bigint | undefined) | undefined, chunkSize?: number): Buffer {
  return collect((w) => {
    const c = new KvCursor();
    while (nextKv(wire, c)) writeKvLine(w, wire, c, o, ttl?.(BigInt(c.lease)));
  }, chunkSize);
}

const ttlOf = (lease: bigint): bigint | undefined => (lease === 0n ? undefined : lease % 7n === 0n ? -1n : 1000n + (lease % 100n));

describe('JSON Lines from wire bytes', () => {
  describe.each(responses)('%s', (_name, response) => {
    const wire = encode(RangeResponse, response);
    const kvs: KeyValue[] = decode(RangeResponse, wire).kvs;
    const cases: [string, RawLineOptions, ((l: bigint) => bigint | undefined) | undefined, (kv: KeyValue) => string][] = [
      ['get -w jsonl', {}, undefined, (kv) => kvLine(kv)],
      ['get -w jsonl --keys-only', { keysOnly: true }, undefined, (kv) => kvLine(kv, { keysOnly: true })],
      ['export', { bare: true }, undefined, (kv) => exportLine(kv, undefined)],
      ['export --with-leases', { bare: true }, ttlOf, (kv) => exportLine(kv, kv.lease === 0n ? undefined : ttlOf(kv.lease))],
    ];
    it.each(cases)('%s is what the line builder writes', (_c, o, ttl, line) => {
      const want = Buffer.from(kvs.map(line).join(''), 'utf8');
      expect(fastLines(wire, o, ttl).equals(want)).toBe(true);
      // Small chunks: every item crosses chunk boundaries somewhere.
      expect(fastLines(wire, o, ttl, 7).equals(want)).toBe(true);
      expect(fastLines(wire, o, ttl, 64).equals(want)).toBe(true);
    });
    it('printRange prints the page as jsonl', () => {
      const want = Buffer.from(kvs.map((kv) => kvLine(kv)).join(''), 'utf8');
      const chunks: Buffer[] = [];
      printRange(wire, 'jsonl', (c) => void chunks.push(Buffer.from(c)), { chunkSize: 100 });
      expect(Buffer.concat(chunks).equals(want)).toBe(true);
    });
  });

  it('agrees with isUtf8 and JSON.stringify on random bytes', () => {
    // A deterministic generator biased towards the bytes that matter: ASCII, escapes, lead and
    // continuation bytes.
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pool = [0x00, 0x09, 0x0a, 0x1f, 0x20, 0x22, 0x2f, 0x5c, 0x61, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 20_000; n++) {
      const b = Uint8Array.from({ length: rnd(8) }, () => (rnd(3) === 0 ? rnd(256) : pool[rnd(pool.length)]!));
      const wire = encode(RangeResponse, rangeResponse(header(1), [kv(b, b)]));
      const got = fastLines(wire, { bare: true }, undefined).toString('utf8');
      const want = `{${bytesField('key', b)},${bytesField('value', b)}}\n`;
      if (got !== want) expect({ bytes: [...b], got }).toEqual({ bytes: [...b], got: want });
    }
  });

  it('textKind: 0 for plain ASCII, 1 for text to escape or non-ASCII UTF-8, 2 for other bytes', () => {
    const k = (b: number[] | string): number => {
      const u = typeof b === 'string' ? bytes(b) : Uint8Array.from(b);
      return textKind(u, 0, u.length);
    };
    expect([k('abc'), k(''), k('a"b'), k('é'), k([0x0a]), k([0xff]), k([0x61, 0xc3])]).toEqual([0, 0, 1, 1, 1, 2, 2]);
    // Only the given span counts: an incomplete sequence ends it even when the buffer goes on.
    expect(textKind(Uint8Array.from([0x61, 0xc3, 0xa9]), 0, 2)).toBe(2);
  });
});
