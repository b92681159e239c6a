// snapshot status on hand-built bbolt files: meta pages, inline and paged buckets, and the errors
// bbolt gives for files that are not databases (texts captured from etcdctl 3.4.23).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotStatus } from '../../../src/formats/bolt.js';

const PAGE = 4096;
const dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-bolt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bitwise CRC-32C, independent of the table-driven one under test. */
function crc32c(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function fnv64a(b: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const c of b) h = BigInt.asUintN(64, (h ^ BigInt(c)) * 0x100000001b3n);
  return h;
}

function pageHeader(id: number, flags: number, count: number, overflow = 0): Buffer {
  const h = Buffer.alloc(16);
  h.writeBigUInt64LE(BigInt(id), 0);
  h.writeUInt16LE(flags, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(overflow, 12);
  return h;
}

/** A leaf page (or inline page) holding `items`; flags 1 marks a bucket value. */
function leaf(id: number, items: readonly (readonly [Buffer, Buffer, number?])[]): Buffer {
  const elems = Buffer.alloc(16 * items.length);
  const data: Buffer[] = [];
  let offset = 16 + elems.length;
  items.forEach(([k, v, flags], i) => {
    const at = 16 + i * 16;
    elems.writeUInt32LE(flags ?? 0, i * 16);
    elems.writeUInt32LE(offset - at, i * 16 + 4);
    elems.writeUInt32LE(k.length, i * 16 + 8);
    elems.writeUInt32LE(v.length, i * 16 + 12);
    data.push(k, v);
    offset += k.length + v.length;
  });
  return Buffer.concat([pageHeader(id, 0x02, items.length), elems, ...data]);
}

function meta(id: number, root: number, pgid: number, txid: number): Buffer {
  const m = Buffer.alloc(64);
  m.writeUInt32LE(0xed0cdaed, 0);
  m.writeUInt32LE(2, 4);
  m.writeUInt32LE(PAGE, 8);
  m.writeBigUInt64LE(BigInt(root), 16);
  m.writeBigUInt64LE(2n, 32);
  m.writeBigUInt64LE(BigInt(pgid), 40);
  m.writeBigUInt64LE(BigInt(txid), 48);
  m.writeBigUInt64LE(fnv64a(m.subarray(0, 56)), 56);
  return Buffer.concat([pageHeader(id, 0x04, 0), m]);
}

const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc(PAGE - (b.length % PAGE || PAGE))]);

function rev(main: number, sub: number): Buffer {
  const b = Buffer.alloc(17);
  b.writeBigInt64BE(BigInt(main), 0);
  b.write('_', 8);
  b.writeBigInt64BE(BigInt(sub), 9);
  return b;
}

function bucketValue(root: number, inline?: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeBigUInt64LE(BigInt(root), 0);
  return inline === undefined ? h : Buffer.concat([h, inline]);
}

const K1 = [rev(2, 0), Buffer.from('kv-one')] as const;
const K2 = [rev(5, 0), Buffer.from('kv-two')] as const;
const CI = [Buffer.from('consistentIndex'), Buffer.from('0000000000000009', 'hex')] as const;

/** Pages: 0/1 meta, 2 freelist, 3 root bucket, 4 the "meta" bucket; "key" is an inline bucket. */
function database(o: { breakMeta0?: boolean; breakMeta1?: boolean } = {}): Buffer {
  const keyBucket = leaf(0, [K1, K2]);
  const root = leaf(3, [
    [Buffer.from('key'), bucketValue(0, keyBucket), 1],
    [Buffer.from('meta'), bucketValue(4), 1],
  ]);
  const pages = [meta(0, 3, 5, 4), meta(1, 3, 5, 5), pageHeader(2, 0x10, 0), root, leaf(4, [CI])].map(pad);
  if (o.breakMeta0) pages[0]![16 + 60] ^= 0xff;
  if (o.breakMeta1) pages[1]![16 + 60] ^= 0xff;
  return Buffer.concat(pages);
}

function file(name: string, content: Buffer | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('snapshotStatus', () => {
  it('checks the independent CRC-32C against the standard check value', () => {
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
  });

  it('hashes bucket names, keys and values in order; revision from the last key; Tx.Size()', () => {
    const expected = crc32c(Buffer.concat([Buffer.from('key'), ...K1, ...K2, Buffer.from('meta'), ...CI]));
    expect(snapshotStatus(file('ok.db', database()))).toEqual({ hash: expected, revision: 5n, totalKey: 3, totalSize: 5n * 4096n });
  });

  it('falls back to the other meta page when one is damaged', () => {
    const good = snapshotStatus(file('ok2.db', database()));
    expect(snapshotStatus(file('meta1.db', database({ breakMeta1: true })))).toEqual(good);
    expect(snapshotStatus(file('meta0.db', database({ breakMeta0: true })))).toEqual(good);
  });

  it.each([
    { name: 'both meta pages damaged', content: () => database({ breakMeta0: true, breakMeta1: true }), error: 'checksum error' },
    { name: 'not a database', content: () => 'hello\n', error: 'invalid database' },
    { name: 'one page long', content: () => database().subarray(0, 5000), error: 'file size too small' },
  ])('$name: $error', ({ name, content, error }) => {
    expect(() => snapshotStatus(file(`${name}.db`, content()))).toThrow(error);
  });

  it('an empty file fails as bbolt does on a read-only descriptor', () => {
    const p = file('empty.db', '');
    expect(() => snapshotStatus(p)).toThrow(`write ${p}: bad file descriptor`);
  });

  it('a missing file is os.Stat\'s error', () => {
    const p = path.join(dir, 'nope.db');
    expect(() => snapshotStatus(p)).toThrow(`stat ${p}: no such file or directory`);
  });
});
