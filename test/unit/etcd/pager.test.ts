import { describe, expect, it } from 'vitest';
import type { RangeRequest } from '../../../src/client/types.js';
import type { Init } from '../../../src/client/wire.js';
import { nextPageRequest, pageable, readPages } from '../../../src/etcd/pager.js';
import { keyspace, names } from '../../helpers/keyspace.js';
import { keyRange } from '../../../src/etcd/range.js';

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
    const last = Buffer.from('k5');
    expect(nextPageRequest({ key: Buffer.from('k'), range_end: Buffer.from('l') }, last, true)).toEqual({ key: Buffer.from('k'), range_end: Buffer.from('k5') });
    expect(nextPageRequest({ key: Buffer.from('k') }, last, false)).toBeUndefined();
  });
});
