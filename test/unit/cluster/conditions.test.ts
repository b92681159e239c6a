import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/client/types.js';
import { applyEvents, describeCondition, describeState, holds, type KeyCondition, type KeyState } from '../../../src/cluster/conditions.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const put = (key: string, value: string, rev: bigint, version = 1n): Event => ({
  type: 'PUT',
  kv: { key: enc(key), value: enc(value), create_revision: rev - version + 1n, mod_revision: rev, version, lease: 0n },
});
const del = (key: string, rev: bigint): Event => ({
  type: 'DELETE',
  kv: { key: enc(key), value: new Uint8Array(), create_revision: 0n, mod_revision: rev, version: 0n, lease: 0n },
});
const absent: KeyState = { value: undefined, count: 0n, revision: 5n };

describe('wait conditions', () => {
  it.each<[string, KeyCondition, KeyState, boolean]>([
    ['exists: absent', { kind: 'exists', key: 'k' }, absent, false],
    ['exists: present', { kind: 'exists', key: 'k' }, { ...absent, value: enc('') }, true],
    ['value: other value', { kind: 'value', key: 'k', value: 'v' }, { ...absent, value: enc('w') }, false],
    ['value: same bytes', { kind: 'value', key: 'k', value: 'v' }, { ...absent, value: enc('v') }, true],
    ['value: empty value wanted, key absent', { kind: 'value', key: 'k', value: '' }, absent, false],
    ['deleted: absent', { kind: 'deleted', key: 'k' }, absent, true],
    ['deleted: present', { kind: 'deleted', key: 'k' }, { ...absent, value: enc('x') }, false],
    ['count: fewer', { kind: 'count', prefix: 'p/', count: 3n }, { ...absent, count: 2n }, false],
    ['count: enough', { kind: 'count', prefix: 'p/', count: 3n }, { ...absent, count: 3n }, true],
  ])('holds — %s', (_n, c, s, want) => {
    expect(holds(c, s)).toBe(want);
  });

  it('events move the state: value, deletion, revision', () => {
    const c: KeyCondition = { kind: 'value', key: 'k', value: 'b' };
    let s = applyEvents(c, absent, [put('k', 'a', 6n)]);
    expect(holds(c, s)).toBe(false);
    expect(describeState(c, s)).toBe('value "a" at revision 6');
    s = applyEvents(c, s, [put('k', 'b', 7n, 2n)]);
    expect(holds(c, s)).toBe(true);
    s = applyEvents(c, s, [del('k', 8n)]);
    expect(s).toMatchObject({ value: undefined, revision: 8n });
    expect(describeState(c, s)).toBe('absent at revision 8');
  });

  it('count: only creations add, updates do not, deletions subtract', () => {
    const c: KeyCondition = { kind: 'count', prefix: 'p/', count: 3n };
    let s: KeyState = { ...absent, count: 1n };
    s = applyEvents(c, s, [put('p/b', 'x', 6n), put('p/b', 'y', 7n, 2n), put('p/c', 'x', 8n)]);
    expect(s.count).toBe(3n);
    s = applyEvents(c, s, [del('p/b', 9n)]);
    expect(s.count).toBe(2n);
    expect(describeState(c, s)).toBe('2 keys at revision 9');
    // Deleted and created again: counted again.
    expect(applyEvents(c, s, [put('p/b', 'z', 10n)]).count).toBe(3n);
  });

  it('describes each condition for messages', () => {
    expect(describeCondition({ kind: 'healthy' })).toBe('the cluster to pass `cluster check`');
    expect(describeCondition({ kind: 'exists', key: 'a"b' })).toBe('key "a\\"b" to exist');
    expect(describeCondition({ kind: 'value', key: 'k', value: 'v' })).toBe('key "k" to have the value "v"');
    expect(describeCondition({ kind: 'deleted', key: 'k' })).toBe('key "k" to be deleted');
    expect(describeCondition({ kind: 'count', prefix: 'n/', count: 3n })).toBe('at least 3 keys under prefix "n/"');
  });
});
