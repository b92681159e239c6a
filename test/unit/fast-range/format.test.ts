import { describe, expect, it } from 'vitest';
import { rng } from '../../helpers/rng.js';

import { captureIO } from '../../../src/cli/io.js';
import { RangeResponse } from '../../../src/client/generated/proto.js';
import { decode, encode } from '../../../src/client/wire.js';
import { printer, printRange, RangeWriter, type FastFormat } from '../../../src/fast-range/format.js';
import { pageInfo, RangeParser, scanRange } from '../../../src/fast-range/stream.js';
import { KvCursor, nextKv, WireError } from '../../../src/fast-range/scan.js';
import { decodedInfo } from '../../../src/etcd/pager.js';
import { FieldsPrinter } from '../../../src/output/fields.js';
import { JsonPrinter } from '../../../src/output/json-printer.js';
import { SimplePrinter } from '../../../src/output/simple.js';
import { BIN_VALUE, bytes, getBin, getFoo, getKeysOnly, getLeased, getLimit, getMissing, header, kv, rangeResponse } from '../../fixtures/kv.js';

// The fast path must print exactly what the general printers print for the decoded response;
// those are checked against etcdctl 3.4.23 (test/unit/output, test/e2e/compat-kv).

const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const invalidUtf8 = Uint8Array.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]);
const controls = Uint8Array.from([0, 1, 7, 8, 9, 10, 11, 12, 13, 27, 0x7f, 0x22, 0x5c, 0x3c, 0x3e, 0x26]);
const unicode = bytes('héllo wörld ✓ 😀 \u2028\u2029 \u00a0\u200b\ufeff');
const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);

const responses: [string, RangeResponse][] = [
  ['one key', getFoo()],
  ['limit and more', getLimit()],
  ['no key', getMissing()],
  ['keys only', getKeysOnly()],
  ['leased', getLeased()],
  ['binary value', getBin()],
  ['no header', rangeResponse(undefined, [kv('a', 'b', { create: 1, mod: 1, version: 1 })])],
  ['empty response', { kvs: [], more: false, count: 0n }],
  ['header of zeros', rangeResponse(header(0, { cluster_id: 0n, member_id: 0n, raft_term: 0n }), [])],
  [
    'tricky bytes',
    rangeResponse(header(99), [
      kv(invalidUtf8, controls, { create: 1, mod: 2, version: 3 }),
      kv(controls, invalidUtf8, { create: 4, mod: 5, version: 1 }),
      kv(unicode, unicode, { create: 6, mod: 6, version: 1 }),
      kv('', '', {}),
      kv('empty-value', '', { create: 7, mod: 7, version: 1 }),
      kv('one', 'x'),
      kv('two', 'xy'),
      kv('three', 'xyz'),
      kv(BIN_VALUE, BIN_VALUE, { create: 8, mod: 9, version: 2 }),
    ]),
  ],
  [
    'big numbers',
    rangeResponse(
      header(I64_MAX, { cluster_id: U64_MAX, member_id: 2n ** 63n, raft_term: 2n ** 53n + 1n }),
      [
        kv('k1', 'v', { create: 2n ** 31n - 1n, mod: 2n ** 31n, version: 2n ** 32n, lease: -1n }),
        kv('k2', 'v', { create: 2n ** 53n - 1n, mod: 2n ** 53n, version: 2n ** 53n + 1n, lease: I64_MAX }),
        kv('k3', 'v', { create: 127, mod: 128, version: 16383, lease: -(2n ** 63n) }),
        kv('k4', 'v', { create: 2n ** 28n - 1n, mod: 2n ** 28n, version: 2n ** 35n + 5n, lease: 0x352fa212f5b77a0dn }),
      ],
      { more: true, count: I64_MAX },
    ),
  ],
  ['a value larger than a chunk', rangeResponse(header(5), [kv('big', big, { create: 5, mod: 5, version: 1 }), kv(big, 'small', { create: 5, mod: 5, version: 1 })])],
  ['many keys', rangeResponse(header(1000), Array.from({ length: 1000 }, (_, i) => kv(`/bulk/${i}`, 'v'.repeat(i % 130), { create: i + 1, mod: i + 1, version: 1 })))],
];

const cases: [FastFormat, { hex?: boolean; valueOnly?: boolean }][] = [
  ['simple', {}],
  ['simple', { hex: true }],
  ['simple', { valueOnly: true }],
  ['simple', { hex: true, valueOnly: true }],
  ['json', {}],
  ['fields', {}],
];

function general(r: RangeResponse, format: FastFormat, o: { hex?: boolean; valueOnly?: boolean }): Buffer {
  const io = captureIO();
  if (format === 'simple') new SimplePrinter(io, { hex: o.hex ?? false }).get(r, { valueOnly: o.valueOnly ?? false });
  else if (format === 'json') new JsonPrinter(io).get(r);
  else new FieldsPrinter(io).get(r);
  return io.stdoutBytes();
}

/** `wire` cut into pieces as HTTP/2 might deliver it: single bytes, small and large runs. */
function cuts(wire: Uint8Array, seed: number): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let at = 0; at < wire.length; ) {
    const n = Math.min(wire.length - at, 1 + Math.floor(r() * (r() < 0.4 ? 4 : r() < 0.7 ? 200 : 70_000)));
    // Copies, so that nothing can read past its piece.
    out.push(Uint8Array.from(wire.subarray(at, at + n)));
    at += n;
  }
  return out;
}

/** The response fed to the streaming printer in `pieces`. */
function streamed(pieces: Uint8Array[], format: FastFormat, o: { hex?: boolean; valueOnly?: boolean }): Buffer {
  const chunks: Buffer[] = [];
  const p = printer(format, (c) => chunks.push(Buffer.from(c)), { ...o, chunkSize: 64 });
  for (const piece of pieces) p.feed(piece);
  p.end();
  return Buffer.concat(chunks);
}

function fast(wire: Uint8Array, format: FastFormat, o: { hex?: boolean; valueOnly?: boolean }, chunkSize?: number): Buffer {
  const chunks: Buffer[] = [];
  // Copied: the writer hands over fresh buffers, but a sink must not rely on that in a test.
  printRange(wire, format, (c) => chunks.push(Buffer.from(c)), { ...o, ...(chunkSize === undefined ? {} : { chunkSize }) });
  return Buffer.concat(chunks);
}

describe('fast range printing', () => {
  describe.each(responses)('%s', (_name, response) => {
    const wire = encode(RangeResponse, response);
    // What the printers see in real use: the response as the general codec decodes it.
    const decoded = decode(RangeResponse, wire);
    it.each(cases)('%s %j is what the general printer prints', (format, o) => {
      const want = general(decoded, format, o);
      expect(fast(wire, format, o).equals(want)).toBe(true);
      // Small chunks: every item crosses chunk boundaries somewhere.
      expect(fast(wire, format, o, 7).equals(want)).toBe(true);
      expect(fast(wire, format, o, 64).equals(want)).toBe(true);
      // As it arrives: cut anywhere, at every byte too.
      for (const seed of [1, 2, 3]) expect(streamed(cuts(wire, seed), format, o).equals(want), `seed ${seed}`).toBe(true);
      if (wire.length < 5000) expect(streamed(Array.from(wire, (b) => Uint8Array.of(b)), format, o).equals(want)).toBe(true);
    });
    it('the streaming parser reports what the one-pass scan reads', () => {
      const want = scanRange(wire);
      for (const seed of [4, 5]) {
        const runs: Uint8Array[] = [];
        const p = new RangeParser({ header: () => undefined, kvs: (b) => void runs.push(Uint8Array.from(b)) });
        // Every piece through one scratch buffer, overwritten by the next: nothing may keep a view.
        const scratch = new Uint8Array(wire.length);
        for (const piece of cuts(wire, seed)) {
          scratch.set(piece);
          p.feed(scratch.subarray(0, piece.length));
          scratch.fill(0xee);
        }
        const got = p.finish();
        const norm = (k: Uint8Array | undefined): string | undefined => k && Buffer.from(k).toString('latin1');
        expect({ ...got, lastKey: norm(got.lastKey) }).toEqual({ ...want, lastKey: norm(want.lastKey) });
        // The runs hold the key-values and nothing else, in order.
        const keys: string[] = [];
        for (const run of runs) for (const c = new KvCursor(); nextKv(run, c); ) keys.push(Buffer.from(run.subarray(c.keyStart, c.keyEnd)).toString('latin1'));
        expect(keys).toEqual(decoded.kvs.map((k) => Buffer.from(k.key).toString('latin1')));
      }
    });
  });

  it('refuses a truncated response and a header after key-values', () => {
    const wire = encode(RangeResponse, getFoo());
    const p = new RangeParser({ header: () => undefined, kvs: () => undefined });
    p.feed(wire.subarray(0, wire.length - 3));
    expect(() => p.finish()).toThrow(WireError);
    const late = Buffer.concat([encode(RangeResponse, { kvs: getFoo().kvs, more: false, count: 0n }), encode(RangeResponse, { header: getFoo().header, kvs: [], more: false, count: 0n })]);
    expect(() => printRange(late, 'json', () => undefined)).toThrow(/header after key-values/);
    // A length no gRPC message can have is damage, not an allocation.
    expect(() => printRange(Uint8Array.of(0x12, 0xff, 0xff, 0xff, 0xff, 0x0f), 'simple', () => undefined)).toThrow(/bad length/);
  });

  it('writes large outputs in few chunks of the requested size', () => {
    const wire = encode(RangeResponse, responses.find(([n]) => n === 'many keys')![1]);
    const sizes: number[] = [];
    printRange(wire, 'simple', (c) => sizes.push(c.length), { chunkSize: 4096 });
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.slice(0, -1).every((n) => n <= 4096 && n > 4096 - 140)).toBe(true);
  });

  it('reads the summary and every key-value', () => {
    const r = getLimit();
    const wire = encode(RangeResponse, r);
    const s = scanRange(wire);
    expect({ ...s, lastKey: s.lastKey && Buffer.from(s.lastKey).toString() }).toEqual({ header: r.header, more: r.more, count: r.count, hasKvs: true, kvCount: 1, lastKey: 'foo' });
    const c = new KvCursor();
    const keys: string[] = [];
    while (nextKv(wire, c)) keys.push(Buffer.from(wire.subarray(c.keyStart, c.keyEnd)).toString());
    expect(keys).toEqual(r.kvs.map((k) => Buffer.from(k.key).toString()));
  });

  it('skips fields it does not know', () => {
    const wire = Buffer.concat([
      Buffer.from([0x28, 0x05]), // field 5, varint
      Buffer.from(encode(RangeResponse, getFoo())),
      Buffer.from([0x35, 1, 2, 3, 4]), // field 6, fixed32
      Buffer.from([0x39, 1, 2, 3, 4, 5, 6, 7, 8]), // field 7, fixed64
    ]);
    expect(fast(wire, 'json', {}).equals(general(getFoo(), 'json', {}))).toBe(true);
  });

  it.each([
    ['a truncated varint', Uint8Array.from([0x20, 0x80])],
    ['a truncated key-value', Uint8Array.from([0x12, 0x05, 0x0a, 0x01])],
    ['a key longer than its key-value', Uint8Array.from([0x12, 0x02, 0x0a, 0x05, 0x61, 0x61, 0x61, 0x61, 0x61])],
    ['an unknown wire type', Uint8Array.from([0x0f])],
  ])('rejects %s', (_name, wire) => {
    expect(() => fast(wire, 'simple', {})).toThrow(WireError);
    expect(() => fast(wire, 'json', {})).toThrow(WireError);
  });
});

/** What the pager learns of an undecoded response (export's and get's page info). */
const rawPageInfo = (buf: Uint8Array) => pageInfo(scanRange(buf));

describe('rawPageInfo', () => {
  it.each(responses)('%s: what the pager needs, as from the decoded response', (_name, r) => {
    const raw = rawPageInfo(encode(RangeResponse, r));
    const dec = decodedInfo(r);
    expect({ ...raw, lastKey: raw.lastKey && Buffer.from(raw.lastKey) }).toEqual({ ...dec, lastKey: dec.lastKey && Buffer.from(dec.lastKey) });
  });

  it('finds the last key after a key-value with a multi-byte length', () => {
    const r = rangeResponse(header(5), [kv('a', big, { create: 1, mod: 1, version: 1 }), kv('zz', 'v', { create: 2, mod: 2, version: 1 })]);
    expect(Buffer.from(rawPageInfo(encode(RangeResponse, r)).lastKey!).toString()).toBe('zz');
    expect(rawPageInfo(encode(RangeResponse, r)).kvCount).toBe(2);
  });
});

describe('RangeWriter over pages', () => {
  // A read that arrives as pages (src/etcd/pager.ts): the first page carries the header and the
  // whole range's count with `more`; later pages, some empty, carry their own. Printed page by
  // page it must be what the general printer prints for one response holding every key-value.
  const whole = (r: RangeResponse): RangeResponse => ({ ...r, more: false });
  const pagesOf = (r: RangeResponse, sizes: number[]): Uint8Array[] => {
    const out: Uint8Array[] = [];
    let at = 0;
    for (const [i, n] of sizes.entries()) {
      const kvs = r.kvs.slice(at, at + n);
      at += n;
      const left = r.kvs.length - at;
      out.push(encode(RangeResponse, { header: r.header, kvs, more: left > 0, count: i === 0 ? r.count : BigInt(kvs.length + left) }));
    }
    return out;
  };
  const many = responses.find(([n]) => n === 'many keys')![1];
  const tricky = responses.find(([n]) => n === 'tricky bytes')![1];
  it.each([
    ['many keys in pages of 300', many, [300, 300, 300, 100]],
    ['many keys, empty pages between', many, [1, 0, 499, 0, 0, 500]],
    ['tricky bytes one by one', tricky, Array.from({ length: tricky.kvs.length }, () => 1)],
    ['one page', tricky, [tricky.kvs.length]],
  ] as const)('%s', (_name, r, sizes) => {
    for (const [format, o] of cases) {
      const chunks: Buffer[] = [];
      const w = new RangeWriter(format, (c) => chunks.push(Buffer.from(c)), { ...o, chunkSize: 64 });
      const pages = pagesOf(r, [...sizes]);
      // Each page through a parser of its own, as get does; only the first page's header is printed.
      for (const [i, page] of pages.entries()) {
        const p = new RangeParser({ header: (h) => (i === 0 ? w.header(h) : undefined), kvs: (b) => w.kvs(b) });
        for (const piece of cuts(page, i + 7)) p.feed(piece);
        p.finish();
      }
      w.end({ more: false, count: r.count });
      expect(Buffer.concat(chunks).toString('latin1'), `${format} ${JSON.stringify(o)}`).toBe(general(whole(r), format, o).toString('latin1'));
    }
  });
});
