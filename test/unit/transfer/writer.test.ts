import { describe, expect, it } from 'vitest';
import type { RequestOp, TxnRequest, TxnResponse } from '../../../src/client/types.js';
import type { Init } from '../../../src/client/wire.js';
import { batchRequest, BatchWriter, isTooLarge, isTooManyOps, MAX_OPS, recordBytes } from '../../../src/transfer/writer.js';

const rec = (k: string, v = 'v') => ({ key: Buffer.from(k), value: Buffer.from(v) });

/** A txn endpoint holding a map, with etcd's two size limits; records every batch size. */
function server(maxOps = 128, maxBytes = 1_500_000) {
  const store = new Map<string, string>();
  const batches: number[] = [];
  const txn = (req: Init<TxnRequest>): Promise<TxnResponse> => {
    const ops = req.success ?? [];
    if (ops.length > maxOps) return Promise.reject(Object.assign(new Error('x'), { details: 'etcdserver: too many operations in txn request' }));
    const size = ops.reduce((n, op) => n + JSON.stringify(op, (_k, v: unknown) => (v instanceof Uint8Array ? 'x'.repeat(v.length) : typeof v === 'bigint' ? String(v) : v)).length, 0);
    if (size > maxBytes) return Promise.reject(Object.assign(new Error('x'), { details: 'etcdserver: request is too large' }));
    batches.push(ops.length);
    const responses = ops.map((op: Init<RequestOp>) => {
      if (op.request_put) {
        store.set(Buffer.from(op.request_put.key!).toString(), Buffer.from(op.request_put.value!).toString());
        return { response_put: { prev_kv: undefined } };
      }
      const t = op.request_txn!;
      const c = t.compare![0]!;
      const k = Buffer.from(c.key!).toString();
      const same = store.has(k) && store.get(k) === Buffer.from(c.value!).toString();
      if (!same) store.set(k, Buffer.from(t.failure![0]!.request_put!.value!).toString());
      return { response_txn: { succeeded: same, responses: [] } };
    });
    return Promise.resolve({ succeeded: true, responses } as unknown as TxnResponse);
  };
  const calls = {
    txn,
    leaseGrant: () => Promise.resolve({ ID: 7n, TTL: 10n, error: '' }),
    range: () => Promise.resolve({ kvs: [], more: false, count: 0n }),
  };
  return { store, batches, calls };
}

describe('batchRequest', () => {
  it('is one nested txn per key: put only when the value differs', () => {
    const req = batchRequest([{ rec: rec('k', 'v'), lease: 0n }]);
    expect(req.success).toEqual([
      {
        request_txn: {
          compare: [{ result: 'EQUAL', target: 'VALUE', key: Buffer.from('k'), value: Buffer.from('v') }],
          success: [],
          failure: [{ request_put: { key: Buffer.from('k'), value: Buffer.from('v') } }],
        },
      },
    ]);
    expect(batchRequest([{ rec: rec('k'), lease: 5n }]).success).toEqual([{ request_put: { key: Buffer.from('k'), value: Buffer.from('v'), lease: 5n } }]);
  });
});

describe('BatchWriter', () => {
  it('writes in batches of at most 128 operations and is idempotent', async () => {
    const s = server();
    const w = new BatchWriter(s.calls);
    for (let i = 0; i < 300; i++) await w.add(rec(`k${i}`, `v${i}`));
    expect(await w.finish()).toEqual({ written: 300, unchanged: 0, leases: 0, expired: 0 });
    expect(Math.max(...s.batches)).toBe(MAX_OPS);
    const again = new BatchWriter(s.calls);
    for (let i = 0; i < 300; i++) await again.add(rec(`k${i}`, i === 7 ? 'changed' : `v${i}`));
    expect(await again.finish()).toEqual({ written: 1, unchanged: 299, leases: 0, expired: 0 });
    expect(s.store.get('k7')).toBe('changed');
  });

  it('halves batches when the server has lower limits than it assumes', async () => {
    const s = server(20, 40_000);
    const w = new BatchWriter(s.calls);
    for (let i = 0; i < 100; i++) await w.add(rec(`k${i}`, 'x'.repeat(i < 50 ? 10 : 3000)));
    expect((await w.finish()).written).toBe(100);
    expect(s.store.size).toBe(100);
    expect(Math.max(...s.batches)).toBeLessThanOrEqual(20);
  });

  it('keeps the last value of a key given twice', async () => {
    const s = server();
    const w = new BatchWriter(s.calls, { concurrency: 4 });
    for (let i = 0; i < 1000; i++) await w.add(rec(`k${i % 150}`, `v${i}`));
    await w.finish();
    for (let i = 850; i < 1000; i++) expect(s.store.get(`k${i % 150}`)).toBe(`v${i}`);
  });

  it('grants one lease per source lease and leaves expired keys out', async () => {
    const s = server();
    let grants = 0;
    const w = new BatchWriter({ ...s.calls, leaseGrant: () => Promise.resolve({ ID: BigInt(++grants), TTL: 10n, error: '' }) }, { withLeases: true });
    await w.add({ ...rec('a'), lease: 'ff', leaseTtl: 30 });
    await w.add({ ...rec('b'), lease: 'ff', leaseTtl: 30 });
    await w.add({ ...rec('c'), lease: 'ee', leaseTtl: -1 });
    await w.add({ ...rec('d'), lease: 'dd', leaseTtl: 5 });
    expect(await w.finish()).toEqual({ written: 3, unchanged: 0, leases: 2, expired: 1 });
  });

  it('estimates sizes and recognises etcd\'s limit errors', () => {
    expect(recordBytes(rec('ab', 'cde'))).toBeGreaterThan(10);
    expect(isTooManyOps({ details: 'etcdserver: too many operations in txn request' })).toBe(true);
    expect(isTooLarge({ details: 'etcdserver: request is too large' })).toBe(true);
    expect(isTooLarge({ details: 'etcdserver: key not found' })).toBe(false);
  });
});
