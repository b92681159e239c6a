import { describe, expect, it } from 'vitest';
import { flatten, label, listingJson, displayName } from '../../../src/tree/view.js';
import { walkTree, type TreeReader } from '../../../src/tree/walk.js';

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const txt = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** An in-memory key space that reads as etcd does ([from, end), "\0" end = open) and counts requests. */
function memory(keys: string[], revision = 7n): TreeReader & { requests: number; received: number } {
  const sorted = keys.map(enc).sort(Buffer.compare);
  const inRange = (k: Uint8Array, from: Uint8Array, end: Uint8Array): boolean =>
    Buffer.compare(k, from) >= 0 && ((end.length === 1 && end[0] === 0) || Buffer.compare(k, end) < 0);
  const r = {
    requests: 0,
    received: 0,
    async first(from: Uint8Array, end: Uint8Array, rev: bigint) {
      r.requests++;
      expect(rev === 0n || rev === revision).toBe(true);
      const key = sorted.find((k) => inRange(k, from, end));
      if (key !== undefined) r.received++;
      return { key, revision };
    },
    async count(from: Uint8Array, end: Uint8Array, rev: bigint) {
      r.requests++;
      expect(rev).toBe(revision);
      return BigInt(sorted.filter((k) => inRange(k, from, end)).length);
    },
  };
  return r;
}

const opts = { sep: enc('/'), depth: 1, counts: false };
const names = (l: Awaited<ReturnType<typeof walkTree>>): string[] => flatten(l.children).map((r) => '  '.repeat(r.depth) + label(r.node, l.sep));

describe('walkTree', () => {
  it.each([
    {
      name: 'keys, prefixes and both, in byte order',
      keys: ['/c/a', '/c/b', '/c/b.txt', '/c/b/x', '/c/b/y', '/c/d/e/f', '/other'],
      prefix: '/c/',
      want: ['a', 'b/', 'b.txt', 'd/'],
    },
    { name: 'the empty prefix: "/" for rooted keys', keys: ['/a/b', '/c', 'top', 'top/x'], prefix: '', want: ['/', 'top/'] },
    { name: 'the prefix itself is not its own child', keys: ['/c/', '/c/a'], prefix: '/c/', want: ['a'] },
    { name: 'nothing below', keys: ['/a'], prefix: '/b/', want: [] },
    { name: 'a separator of several bytes', keys: ['a::b::c', 'a::d', 'a:x'], prefix: 'a::', want: ['b::', 'd'], sep: '::' },
    { name: 'the last possible subtree ends the key space', keys: ['\xff/a', '\xff/b'], prefix: '', want: ['\xff/'] },
  ])('$name', async ({ keys, prefix, want, sep }: { keys: string[]; prefix: string; want: string[]; sep?: string }) => {
    const l = await walkTree(memory(keys), { ...opts, prefix: enc(prefix), sep: enc(sep ?? '/') });
    expect(names(l)).toEqual(want.map((w) => displayName(enc(w))));
  });

  it('marks a child that is a key and has keys below', async () => {
    const l = await walkTree(memory(['/c/b', '/c/b/x']), { ...opts, prefix: enc('/c/') });
    expect(l.children.map((n) => [txt(n.name), txt(n.key), n.isKey, n.hasChildren])).toEqual([['b', '/c/b', true, true]]);
  });

  it('asks once per child plus once, however many keys lie below', async () => {
    const keys = ['/c/x'];
    for (let i = 0; i < 5000; i++) keys.push(`/c/big/${i}`, `/c/other/${i}/z`);
    const reader = memory(keys);
    const l = await walkTree(reader, { ...opts, prefix: enc('/c/') });
    expect(names(l)).toEqual(['big/', 'other/', 'x']);
    expect(reader.requests).toBe(4);
    expect(reader.received).toBe(3);
  });

  it('descends --depth levels and counts with one request per prefix child', async () => {
    const keys = ['/c/a/1', '/c/a/2', '/c/a/3/z', '/c/k'];
    const reader = memory(keys);
    const l = await walkTree(reader, { ...opts, prefix: enc('/c/'), depth: 2, counts: true });
    expect(names(l)).toEqual(['a/', '  1', '  2', '  3/', 'k']);
    expect(l.children.map((n) => n.count)).toEqual([3n, 0n]);
    expect(l.children[0]!.children!.map((n) => n.count)).toEqual([0n, 0n, 1n]);
    // level /c/: 3 reads; count of a/; level /c/a/: 4 reads; count of 3/.
    expect(reader.requests).toBe(3 + 1 + 4 + 1);
    expect(l.revision).toBe(7n);
  });

  it('descends every level with depth Infinity', async () => {
    const l = await walkTree(memory(['/a/b/c/d/e']), { ...opts, prefix: enc('/'), depth: Infinity });
    expect(names(l)).toEqual(['a/', '  b/', '    c/', '      d/', '        e']);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(walkTree(memory(['/a']), { ...opts, prefix: enc('/'), signal: ac.signal })).rejects.toThrow('stop');
  });
});

describe('ls views', () => {
  it('quotes names that are not UTF-8 text or hold control characters', () => {
    expect(displayName(enc('app.json'))).toBe('app.json');
    expect(displayName(Buffer.from('héllo'))).toBe('héllo');
    expect(displayName(Uint8Array.of(0xff, 0x41))).toBe('"\\xffA"');
    expect(displayName(enc('a\nb'))).toBe('"a\\nb"');
  });

  it('writes the JSON document, with base64 where a name is not UTF-8', async () => {
    const l = await walkTree(memory(['/c/a/x', '/c/\xff']), { ...opts, prefix: enc('/c/'), counts: true });
    expect(JSON.parse(listingJson(l))).toEqual({
      prefix: '/c/',
      revision: 7,
      children: [
        { name: 'a', key: '/c/a', is_key: false, has_children: true, count: 1 },
        { name_base64: '/w==', key_base64: 'L2Mv/w==', is_key: true, has_children: false, count: 0 },
      ],
    });
  });
});
