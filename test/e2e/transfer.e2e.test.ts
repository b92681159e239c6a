// export / import (issue 11) and -w jsonl (issue 10) against real etcd: the shared server of the
// global setup as the source and a private second server as the destination, driven through the
// built bin/etcdctl-ts (and in-process where stdin is needed), checked against the Go etcdctl's
// `get -w json` (base64 keys and values) as the independent view of what the servers hold.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { runBin, startBin } from './helpers/bin.js';
import { runEtcdctl } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
let n = 0;
const unique = (): string => `/transfer-${process.pid}-${Date.now()}-${n++}/`;
const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');

/** What a server holds under a prefix, as the Go etcdctl sees it: [key, value] in base64. */
async function held(ep: string, prefix: string): Promise<[string, string][]> {
  const r = await runEtcdctl([`--endpoints=${ep}`, 'get', prefix, '--prefix', '-w', 'json']);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout.toString()) as { kvs?: { key: string; value?: string }[] };
  return (j.kvs ?? []).map((kv) => [kv.key, kv.value ?? '']);
}

/** JSON Lines for keys with every kind of bytes: binary keys, binary and empty values. */
function sampleLines(p: string): { lines: string; want: [string, string][] } {
  const keys: [Buffer, Buffer][] = [
    [Buffer.from(`${p}plain`), Buffer.from('value')],
    [Buffer.from(`${p}empty`), Buffer.alloc(0)],
    [Buffer.concat([Buffer.from(p), Buffer.from([0xff, 0x00, 0xc3])]), Buffer.from([0x80, 0x81, 0x00])],
    [Buffer.from(`${p}ünïcødé "quoted"\n`), Buffer.from('日本語\t\u0001')],
  ];
  const field = (name: string, b: Buffer): string =>
    b.toString('utf8') === b.toString('utf8') && Buffer.from(b.toString('utf8')).equals(b) ? `"${name}":${JSON.stringify(b.toString('utf8'))}` : `"${name}_base64":"${b.toString('base64')}"`;
  const lines = keys.map(([k, v]) => `{${field('key', k)},${field('value', v)}}\n`).join('');
  const want = keys.map(([k, v]) => [b64(k), b64(v)] as [string, string]).sort((a, c) => Buffer.compare(Buffer.from(a[0], 'base64'), Buffer.from(c[0], 'base64')));
  return { lines, want };
}

describe.skipIf(endpoint === '')('export / import and -w jsonl', () => {
  let dest: EtcdCluster;
  let dir: string;
  const src = `--endpoints=${endpoint}`;
  let dst: string;

  beforeAll(async () => {
    dest = await startCluster({ members: 1, name: 'transfer-dest' });
    dst = `--endpoints=${dest.endpoints[0]!}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-transfer-'));
  });
  afterAll(async () => {
    await dest?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips binary keys and empty values byte for byte between two servers', async () => {
    const p = unique();
    const { lines, want } = sampleLines(p);
    const input = path.join(dir, 'sample.jsonl');
    writeFileSync(input, lines);
    const imp = await runBin([src, 'import', '-i', input]);
    expect(imp.err).toBe('');
    expect(imp.out).toBe('read 4 keys: wrote 4, 0 already held the value\n');
    expect(imp.code).toBe(0);
    expect(await held(endpoint, p)).toEqual(want);

    const file = path.join(dir, 'export.jsonl');
    const exp = await runBin([src, 'export', p, '-o', file]);
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(new RegExp(`^exported 4 keys \\(\\d+ bytes\\) at revision \\d+ to ${file}\n$`));
    const text = readFileSync(file, 'utf8').split('\n');
    expect(JSON.parse(text[0]!)).toMatchObject({ format: 'etcdctl-ts-export', version: 1, cluster_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(text).toHaveLength(6); // header, 4 keys, '' after the last newline
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const into = await runBin([dst, 'import', '-i', file]);
    expect(into.out).toBe('read 4 keys: wrote 4, 0 already held the value\n');
    expect(await held(dest.endpoints[0]!, p)).toEqual(want);
    // Idempotent: nothing new is written, revisions stay.
    const before = (await runEtcdctl([dst, 'get', p, '--prefix', '-w', 'json'])).stdout.toString();
    const again = await runBin([dst, 'import', '-i', file, '-w', 'json']);
    expect(JSON.parse(again.out)).toMatchObject({ read: 4, written: 0, unchanged: 4, dry_run: false });
    expect(JSON.parse((await runEtcdctl([dst, 'get', p, '--prefix', '-w', 'json'])).stdout.toString()).kvs).toEqual(JSON.parse(before).kvs);
  });

  it('-w jsonl round-trips binary keys: get output imports into another server', async () => {
    const p = unique();
    const { lines, want } = sampleLines(p);
    expect((await runCli([src, 'import'], { stdin: lines })).code).toBe(0);
    const got = await runBin([src, 'get', p, '--prefix', '-w', 'jsonl']);
    expect(got.code).toBe(0);
    const objs = got.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(4);
    expect(objs.every((o) => typeof o.create_revision === 'number' && o.version === 1 && o.lease === undefined)).toBe(true);
    expect(objs.filter((o) => 'key_base64' in o)).toHaveLength(1);
    const file = path.join(dir, 'from-get.jsonl');
    writeFileSync(file, got.stdout);
    const q = unique();
    const imp = await runBin([dst, 'import', '-i', file, '--prefix-rewrite', `${p}=${q}`]);
    expect(imp.code).toBe(0);
    const moved = want.map(([k, v]) => [b64(Buffer.concat([Buffer.from(q), Buffer.from(k, 'base64').subarray(Buffer.byteLength(p))])), v]);
    expect(await held(dest.endpoints[0]!, q)).toEqual(moved.sort((a, c) => Buffer.compare(Buffer.from(a[0]!, 'base64'), Buffer.from(c[0]!, 'base64'))));
  });

  it('-w jsonl of get pages through a large range exactly as plain get selects keys', async () => {
    const p = unique();
    const count = 23_456;
    let lines = '';
    for (let i = 0; i < count; i++) lines += `{"key":"${p}${String(i).padStart(6, '0')}","value":"${i % 97}"}\n`;
    const input = path.join(dir, 'many.jsonl');
    writeFileSync(input, lines);
    expect((await runBin([src, 'import', '-i', input], { timeoutMs: 120_000 })).code).toBe(0);
    for (const flags of [[], ['--limit', '15001'], ['--order', 'DESCEND'], ['--sort-by', 'VALUE', '--order', 'ASCEND', '--limit', '300'], ['--keys-only', '--limit', '12000']]) {
      const ours = await runBin([src, 'get', p, '--prefix', '-w', 'jsonl', ...flags], { timeoutMs: 60_000 });
      const go = await runEtcdctl([src, 'get', p, '--prefix', '-w', 'json', ...flags]);
      const goKvs = (JSON.parse(go.stdout.toString()) as { kvs: { key: string; value?: string; mod_revision: number }[] }).kvs;
      const ourKvs = ours.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; value?: string; mod_revision: number });
      expect(ours.code).toBe(0);
      expect(ourKvs.map((kv) => [b64(kv.key), kv.value === undefined ? undefined : b64(kv.value), kv.mod_revision])).toEqual(
        goKvs.map((kv) => [kv.key, flags.includes('--keys-only') ? undefined : (kv.value ?? ''), kv.mod_revision]),
      );
    }
  }, 240_000);

  it('watch -w jsonl prints one line per event, with type and prev_value', async () => {
    const p = unique();
    const w = startBin([src, 'watch', p, '--prefix', '--prev-kv', '-w', 'jsonl'], { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    await runBin([src, 'put', `${p}a`, '1']);
    await runBin([src, 'put', `${p}a`, '2']);
    await runBin([src, 'del', `${p}a`]);
    for (let i = 0; i < 50 && w.out().split('\n').length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    w.child.kill('SIGINT');
    const r = await w.done;
    expect(r.code).toBe(130);
    const ev = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ev.map((e) => [e.type, e.key, e.value, e.prev_value])).toEqual([
      ['PUT', `${p}a`, '1', undefined],
      ['PUT', `${p}a`, '2', '1'],
      ['DELETE', `${p}a`, '', '2'],
    ]);
  });

  it('a bad line in a file: its line number, exit 3, nothing written', async () => {
    const p = unique();
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, `{"format":"etcdctl-ts-export","version":1}\n{"key":"${p}a","value":"1"}\n{"key":"${p}b","value_base64":"!!"}\n`);
    const r = await runBin([src, 'import', '-i', file]);
    expect(r.err).toBe(`Error: ${file}: line 3: "value_base64" is not base64; nothing was written\n`);
    expect(r.code).toBe(3);
    expect(await held(endpoint, p)).toEqual([]);
  });

  it('a bad line on stdin: stops there and says how many keys were written', async () => {
    const p = unique();
    const stdin = `{"key":"${p}a","value":"1"}\n{"key":"${p}b","value":"2"}\nnot json\n{"key":"${p}c","value":"3"}\n`;
    const r = await runCli([src, 'import'], { stdin });
    expect(r.err).toBe('Error: stdin: line 3: not JSON: Unexpected token \'o\', "not json" is not valid JSON; 2 keys written before it\n');
    expect(r.code).toBe(3);
    expect((await held(endpoint, p)).length).toBe(2);
  });

  it('import from stdin through the binary, as a pipe', async () => {
    // Needs the loader to serve io.stdinLines()'s lazy node:readline import (being fixed apart).
    const p = unique();
    const r = await runBin([src, 'import'], { stdin: `{"key":"${p}a","value":"1"}\n{"key":"${p}b","value":""}\n` });
    expect([r.code, r.err, r.out]).toEqual([0, '', 'read 2 keys: wrote 2, 0 already held the value\n']);
    expect(await held(endpoint, p)).toEqual([
      [b64(`${p}a`), b64('1')],
      [b64(`${p}b`), ''],
    ]);
  });

  it('--with-leases re-creates a lease per source lease with the TTL left', async () => {
    const p = unique();
    const grant = await runBin([src, 'lease', 'grant', '300']);
    const id = /lease ([0-9a-f]+) granted/.exec(grant.out)![1]!;
    await runBin([src, 'put', `${p}a`, '1', `--lease=${id}`]);
    await runBin([src, 'put', `${p}b`, '2', `--lease=${id}`]);
    await runBin([src, 'put', `${p}c`, '3']);
    const file = path.join(dir, 'leases.jsonl');
    expect((await runBin([src, 'export', p, '--with-leases', '-o', file])).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ lease: id.padStart(16, '0'), lease_ttl: expect.any(Number) });
    expect(lines[0]!.lease_ttl as number).toBeGreaterThan(250);
    expect(lines[2]).toEqual({ key: `${p}c`, value: '3' });
    const r = await runBin([dst, 'import', '-i', file, '--with-leases']);
    expect(r.out).toBe('read 3 keys: wrote 3, 0 already held the value; granted 1 new leases (a rerun grants new ones and writes their keys again)\n');
    const got = await runBin([dst, 'get', p, '--prefix', '-w', 'jsonl']);
    const leases = got.out.trimEnd().split('\n').map((l) => (JSON.parse(l) as { lease?: string }).lease);
    expect(leases[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(leases[1]).toBe(leases[0]);
    expect(leases[2]).toBeUndefined();
    const ttl = await runBin([dst, 'lease', 'timetolive', leases[0]!]);
    expect(ttl.out).toMatch(/granted with TTL\((2[5-9]\d|300)s\)/);
  });

  it('Ctrl-C during export: 130, and neither the file nor a temporary file is left', async () => {
    const p = unique();
    let lines = '';
    for (let i = 0; i < 3000; i++) lines += `{"key":"${p}${i}","value":"x"}\n`;
    const input = path.join(dir, 'sigint.jsonl');
    writeFileSync(input, lines);
    expect((await runBin([src, 'import', '-i', input], { timeoutMs: 60_000 })).code).toBe(0);
    const out = mkdtempSync(path.join(dir, 'out-'));
    const file = path.join(out, 'export.jsonl');
    const run = startBin([src, 'export', p, '--page-size', '1', '-o', file]);
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it('writers: jsonl only where it fits; our commands take simple, json and table', async () => {
    const p = unique();
    const put = await runBin([src, 'put', `${p}k`, 'v', '-w', 'jsonl']);
    expect(put.err).toBe('Error: jsonl not supported as output format\n');
    expect(put.code).toBe(4);
    const members = await runBin([src, 'member', 'list', '-w', 'jsonl']);
    expect([members.code, members.err]).toEqual([4, 'Error: jsonl not supported as output format\n']);
    const exp = await runBin([src, 'export', p, '-w', 'xml']);
    expect([exp.code, exp.err]).toEqual([4, 'Error: xml not supported as output format\n']);
    const imp = await runBin([src, 'import', '-w', 'jsonl'], { stdin: '' });
    expect([imp.code, imp.err]).toEqual([4, 'Error: jsonl not supported as output format\n']);
    const file = path.join(dir, 'table.jsonl');
    const table = await runBin([src, 'export', p, '-o', file, '-w', 'table']);
    expect(table.out).toMatch(/KEYS .* BYTES .* REVISION/);
    const usage = await runBin([src, 'export']);
    expect([usage.code, usage.err]).toEqual([128, 'Error: export needs a prefix, --from-key <key> or --all\n']);
    const dry = await runBin([src, 'import', '-i', file, '--dry-run', '--prefix-rewrite', 'a']);
    expect([dry.code, dry.err]).toEqual([128, 'Error: --prefix-rewrite wants OLD=NEW with a non-empty OLD, got "a"\n']);
  });

  it('--dry-run counts without writing', async () => {
    const p = unique();
    const file = path.join(dir, 'dry.jsonl');
    writeFileSync(file, `{"key":"${p}a","value":"1"}\n{"key":"${p}b","value":"2"}\n`);
    await runBin([src, 'put', `${p}a`, '1']);
    const r = await runBin([src, 'import', '-i', file, '--dry-run']);
    expect(r.out).toBe('read 2 keys: would write 1, 1 already held the value\n');
    expect(await held(endpoint, p)).toEqual([[b64(`${p}a`), b64('1')]]);
  });
});
