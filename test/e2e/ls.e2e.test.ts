// `ls` (ours) against real etcd: children that are keys, prefixes and both, a key that is not
// UTF-8, --depth / -r / --counts, every writer; in-process and through the built bin/etcdctl-ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { runBin } from './helpers/bin.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const p = `/ls-e2e-${process.pid}-${Date.now().toString(36)}/`;
const env = { ETCDCTL_ENDPOINTS: endpoint };
let client: EtcdClient;

const ls = (...args: string[]) => runCli(['ls', ...args], { env });

beforeAll(async () => {
  client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  const put = (key: string | Uint8Array): Promise<unknown> => client.kv.put({ key: typeof key === 'string' ? Buffer.from(key) : key, value: Buffer.from('v') });
  for (const k of ['app.json', 'db', 'db/host', 'db/port', 'db.old', 'web/a/b', 'web/a/c', 'web/z', '']) await put(`${p}${k}`);
  for (let i = 0; i < 300; i++) await put(`${p}many/${String(i).padStart(3, '0')}`);
  await put(Buffer.concat([Buffer.from(p), Buffer.from([0xff, 0xfe])]));
  await put(Buffer.concat([Buffer.from(p), Buffer.from('bin/'), Buffer.from([0xc3])]));
});
afterAll(async () => {
  await client.kv.deleteRange({ key: Buffer.from(p), range_end: Buffer.from(p.slice(0, -1) + '0') });
  client.close();
});

describe('ls', () => {
  it('lists one level: keys, prefixes (with the separator) and both, in byte order', async () => {
    const r = await ls(p);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // Names are padded to the widest, '"\xff\xfe"' (10 characters), when a note follows.
    expect(r.out).toBe(['app.json', 'bin/', `${'db/'.padEnd(10)}  (also a key)`, 'db.old', 'many/', 'web/', '"\\xff\\xfe"', ''].join('\n'));
  });

  it('adds the separator to a prefix that lacks it', async () => {
    expect((await ls(p.slice(0, -1))).out).toBe((await ls(p)).out);
  });

  it('counts the keys below each child', async () => {
    const r = await ls(p, '--counts');
    const row = (name: string, count: string, note = ''): string => `${name.padEnd(10)}  ${count.padStart(3)}${note === '' ? '' : `  ${note}`}`;
    expect(r.out.split('\n')).toEqual(['app.json', row('bin/', '1'), row('db/', '2', '(also a key)'), 'db.old', row('many/', '300'), row('web/', '3'), '"\\xff\\xfe"', '']);
  });

  it('descends --depth levels, and every level with -r', async () => {
    const two = await ls(`${p}web`, '--depth', '2');
    expect(two.out).toBe('a/\n  b\n  c\nz\n');
    const all = await ls(`${p}web/`, '-r');
    expect(all.out).toBe('a/\n  b\n  c\nz\n');
    expect((await ls(`${p}web/`)).out).toBe('a/\nz\n');
  });

  it('writes JSON with base64 for names that are not UTF-8, and the revision read', async () => {
    const r = await ls(p, '-w', 'json', '--counts');
    const doc = JSON.parse(r.out) as { prefix: string; revision: number; children: Record<string, unknown>[] };
    expect(doc.prefix).toBe(p);
    expect(doc.revision).toBeGreaterThan(0);
    expect(doc.children).toContainEqual({ name: 'db', key: `${p}db`, is_key: true, has_children: true, count: 2 });
    expect(doc.children).toContainEqual({ name: 'app.json', key: `${p}app.json`, is_key: true, has_children: false, count: 0 });
    expect(doc.children).toContainEqual({
      name_base64: Buffer.from([0xff, 0xfe]).toString('base64'),
      key_base64: Buffer.concat([Buffer.from(p), Buffer.from([0xff, 0xfe])]).toString('base64'),
      is_key: true,
      has_children: false,
      count: 0,
    });
    const deep = JSON.parse((await ls(`${p}bin`, '-w', 'json')).out) as typeof doc;
    expect(deep.children).toEqual([{ name_base64: 'ww==', key_base64: Buffer.from(`${p}bin/\xc3`, 'latin1').toString('base64'), is_key: true, has_children: false }]);
  });

  it('draws a table, and refuses other writers with exit 4', async () => {
    const t = await ls(`${p}web`, '-w', 'table', '--counts');
    expect(t.code).toBe(0);
    expect(t.out).toContain('│ NAME │ TYPE   │ KEYS BELOW │');
    expect(t.out).toContain('│ a/   │ prefix │ 2          │');
    const f = await ls(p, '-w', 'fields');
    expect({ code: f.code, err: f.err, out: f.out }).toEqual({ code: 4, err: 'Error: fields not supported as output format\n', out: '' });
  });

  it('colours prefixes bold only when asked to (FORCE_COLOR), never with NO_COLOR', async () => {
    const coloured = await runCli(['ls', `${p}web`], { env: { ...env, FORCE_COLOR: '1' } });
    expect(coloured.out).toBe('\u001b[1ma/\u001b[22m\nz\n');
    expect((await runCli(['ls', `${p}web`], { env: { ...env, NO_COLOR: '1' } })).out).toBe('a/\nz\n');
  });

  it('prints nothing for a prefix with nothing below, and checks its arguments', async () => {
    expect(await ls(`${p}nothing-here`)).toMatchObject({ code: 0, out: '', err: '' });
    expect(await ls('a', 'b')).toMatchObject({ code: 128, err: 'Error: ls takes at most one argument: the prefix\n' });
    expect(await ls('--depth', '0')).toMatchObject({ code: 128, err: 'Error: --depth must be at least 1, got 0\n' });
  });

  it('fails with one error line and exit 2 when no endpoint answers (edit too)', async () => {
    const r = await runCli(['ls', p, '--endpoints', '127.0.0.1:1', '--dial-timeout', '300ms', '--command-timeout', '1s']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error: context deadline exceeded \(dial tcp 127\.0\.0\.1:1: connect: connection refused\)\n$/);
    const e = await runCli(['edit', `${p}k`, '--endpoints', '127.0.0.1:1', '--dial-timeout', '300ms', '--command-timeout', '1s'], { env: { EDITOR: 'true' } });
    expect({ code: e.code, err: e.err }).toEqual({ code: 2, err: r.err });
  });
});

describe('bin/etcdctl-ts ls', () => {
  it('lists, counts and writes JSON as the in-process run does', async () => {
    const r = await runBin(['ls', p, '--counts'], { env });
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).toBe((await ls(p, '--counts')).out);
    const j = await runBin(['ls', `${p}web`, '-r', '-w', 'json'], { env });
    expect(JSON.parse(j.out).children.map((c: { name: string; children?: unknown[] }) => [c.name, c.children?.length])).toEqual([
      ['a', 2],
      ['z', undefined],
    ]);
    const t = await runBin(['ls', `${p}web`, '-w', 'table'], { env });
    expect(t.code).toBe(0);
    expect(t.out).toContain('│ z    │ key    │');
    const bad = await runBin(['ls', p, '-w', 'protobuf'], { env });
    expect({ code: bad.code, err: bad.err }).toEqual({ code: 4, err: 'Error: protobuf not supported as output format\n' });
  });
});
