import { describe, expect, it } from 'vitest';
import type { KeyValue, RangeRequest, RangeResponse } from '../../../src/client/types.js';
import type { Init } from '../../../src/client/wire.js';
import { nextPageRequest, pageable, readPages } from '../../../src/transfer/pager.js';
import { splitLines } from '../../../src/transfer/files.js';
import { keyRange } from '../../../src/etcd/range.js';

/**
 * etcd's Range semantics over a sorted in-memory keyspace (key order, limit, more, count,
 * descending key sort), recording every request: enough to check the paging arithmetic.
 */
function keyspace(keys: string[]) {
  const kvs: KeyValue[] = keys.sort().map((k, i) => ({
    key: Buffer.from(k),
    value: Buffer.from(`v${i}`),
    create_revision: BigInt(i + 2),
    mod_revision: BigInt(i + 2),
    version: 1n,
    lease: 0n,
  }));
  const requests: Init<RangeRequest>[] = [];
  const cmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
  const range = (req: Init<RangeRequest>): Promise<RangeResponse> => {
    requests.push(req);
    const end = req.range_end;
    let sel = kvs.filter((kv) =>
      end === undefined || end.length === 0
        ? cmp(kv.key, req.key!) === 0
        : cmp(kv.key, req.key!) >= 0 && (end.length === 1 && end[0] === 0 ? true : cmp(kv.key, end) < 0),
    );
    if (req.sort_order === 'DESCEND') sel = [...sel].reverse();
    const limit = Number(req.limit ?? 0n);
    const page = limit > 0 ? sel.slice(0, limit) : sel;
    return Promise.resolve({ header: { cluster_id: 1n, member_id: 1n, revision: 100n, raft_term: 1n }, kvs: page, more: page.length < sel.length, count: BigInt(sel.length) });
  };
  return { range, requests };
}

const names = (n: number, p = 'k'): string[] => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(4, '0')}`);

async function keysOf(range: ReturnType<typeof keyspace>['range'], req: Init<RangeRequest>, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  for await (const page of readPages(range, req, { pageSize })) for (const kv of page.kvs) out.push(Buffer.from(kv.key).toString());
  return out;
}

describe('readPages', () => {
  const all = [...names(25), ...names(3, 'z')];
  it.each([
    ['prefix, pages of 10', { ...keyRange('k', undefined, true, false) }, 10, names(25)],
    ['prefix, page size 1', { ...keyRange('k', undefined, true, false) }, 1, names(25)],
    ['prefix, one page larger than the range', { ...keyRange('k', undefined, true, false) }, 1000, names(25)],
    ['every key ("\\0" to "\\0")', { ...keyRange('', undefined, true, false) }, 7, all],
    ['from a key', { ...keyRange('k0020', undefined, false, true) }, 4, [...names(25).slice(20), ...names(3, 'z')]],
    ['--limit across pages', { ...keyRange('k', undefined, true, false), limit: 13n }, 5, names(13)],
    ['--limit inside the first page', { ...keyRange('k', undefined, true, false), limit: 3n }, 5, names(3)],
    ['descending by key', { ...keyRange('k', undefined, true, false), sort_order: 'DESCEND' as const, sort_target: 'KEY' as const }, 4, names(25).reverse()],
    ['descending with --limit', { ...keyRange('k', undefined, true, false), sort_order: 'DESCEND' as const, sort_target: 'KEY' as const, limit: 6n }, 4, names(25).reverse().slice(0, 6)],
    ['a single key', { key: Buffer.from('k0003') }, 10, ['k0003']],
    ['an empty range', { ...keyRange('nothing', undefined, true, false) }, 10, []],
  ])('%s', async (_name, req, pageSize, want) => {
    const ks = keyspace([...all]);
    expect(await keysOf(ks.range, req, pageSize)).toEqual(want);
  });

  it('pins later pages at the first page\'s revision and bounds every request', async () => {
    const ks = keyspace(names(25));
    await keysOf(ks.range, keyRange('k', undefined, true, false), 10);
    expect(ks.requests[0]).toMatchObject({ limit: 10n });
    expect(ks.requests[0]!.revision ?? 0n).toBe(0n);
    expect(ks.requests.slice(1).every((r) => r.revision === 100n && r.limit === 10n)).toBe(true);
    expect(Buffer.from(ks.requests[1]!.key!)).toEqual(Buffer.from('k0009\0'));
  });

  it('asks later pages for sub-ranges sized from the density seen, tiling the range', async () => {
    const keys = names(2000);
    const ks = keyspace([...keys]);
    expect(await keysOf(ks.range, keyRange('k', undefined, true, false), 100)).toEqual(keys);
    const later = ks.requests.slice(1);
    // Most requests end before the real end (etcd walks only the sub-range) …
    expect(later.filter((r) => Buffer.compare(r.range_end!, Buffer.from('l')) !== 0).length).toBeGreaterThan(later.length / 2);
    // … and few are spent on guesses: about one request per page.
    expect(ks.requests.length).toBeLessThan(2 * (2000 / 100) + 5);
    // Each request starts where the one before ended or after its last key.
    for (let i = 1; i < later.length; i++) expect(Buffer.compare(later[i]!.key!, later[i - 1]!.key!)).toBeGreaterThan(0);
  });

  it.each([
    ['sparse then dense keys', [...names(50, 'a'), ...names(3000, 'm'), ...names(5, 'z')]],
    ['binary keys', Array.from({ length: 700 }, (_, i) => String.fromCharCode(1 + (i % 250)) + String.fromCharCode(255 - (i % 7)) + i)],
    ['a common prefix longer than the guessed width', names(300, 'x'.repeat(80))],
  ])('reads every key exactly once: %s', async (_name, keys) => {
    const ks = keyspace([...keys]);
    const want = [...new Set(keys)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(await keysOf(ks.range, keyRange('', undefined, true, false), 64)).toEqual(want);
    expect(ks.requests.length).toBeLessThan(want.length);
  });

  it('keeps a --rev given by the user', async () => {
    const ks = keyspace(names(5));
    await keysOf(ks.range, { ...keyRange('k', undefined, true, false), revision: 3n }, 2);
    expect(ks.requests.every((r) => r.revision === 3n)).toBe(true);
  });

  it('reads sorts by other targets in one request, as plain get does', async () => {
    const req = { ...keyRange('k', undefined, true, false), sort_order: 'DESCEND' as const, sort_target: 'VALUE' as const };
    expect(pageable(req)).toBe(false);
    const ks = keyspace(names(25));
    await keysOf(ks.range, req, 5);
    expect(ks.requests).toHaveLength(1);
    expect(pageable({ sort_order: 'ASCEND', sort_target: 'KEY' })).toBe(true);
  });

  it('the next page of a descending read ends before the last key', () => {
    const last = { key: Buffer.from('k5') } as KeyValue;
    expect(nextPageRequest({ key: Buffer.from('k'), range_end: Buffer.from('l') }, last, true)).toEqual({ key: Buffer.from('k'), range_end: Buffer.from('k5') });
    expect(nextPageRequest({ key: Buffer.from('k') }, last, false)).toBeUndefined();
  });
});

describe('splitLines', () => {
  it('splits across chunk borders, strips \\r, keeps a last line without newline', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('a\r\nb');
      yield Buffer.from('c\n\nd\xc3'.replace('\xc3', ''));
      yield Buffer.from([0xc3]);
      yield Buffer.from([0xa9, 0x0a, 0x65]);
    }
    const out: string[] = [];
    for await (const l of splitLines(chunks())) out.push(l);
    expect(out).toEqual(['a', 'bc', '', 'dé', 'e']);
  });
});

describe('exportRange', () => {
  it('writes a header and one line per key, asking each lease TTL once', async () => {
    const { exportRange } = await import('../../../src/transfer/export.js');
    const ks = keyspace(names(7));
    const ttlAsked: bigint[] = [];
    const leased = async (req: Init<RangeRequest>): Promise<RangeResponse> => {
      const r = await ks.range(req);
      return { ...r, kvs: r.kvs.map((kv, i) => ({ ...kv, lease: i % 2 === 0 ? 0x2an : 0n })) };
    };
    let out = '';
    const stats = await exportRange(
      { range: leased, leaseTimeToLive: (r) => (ttlAsked.push(r.ID!), Promise.resolve({ ID: r.ID!, TTL: 33n, grantedTTL: 60n, keys: [] })) },
      keyRange('k', undefined, true, false),
      { write: (c) => void (out += c) },
      { pageSize: 3, withLeases: true, now: () => new Date(0) },
    );
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('{"format":"etcdctl-ts-export","version":1,"cluster_id":"0000000000000001","revision":100,"time":"1970-01-01T00:00:00.000Z"}');
    expect(lines.slice(1, 3)).toEqual(['{"key":"k0000","value":"v0","lease":"000000000000002a","lease_ttl":33}', '{"key":"k0001","value":"v1"}']);
    expect(lines).toHaveLength(8);
    expect(stats).toMatchObject({ keys: 7, bytes: Buffer.byteLength(out), revision: 100n, clusterId: 1n });
    expect(ttlAsked).toEqual([0x2an]);
  });
});
