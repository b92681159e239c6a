#!/usr/bin/env node
// Bulk read benchmark: `get /bulk/ --prefix` over 100,000 keys × 100-byte values, in several
// writers, etcdctl-ts against the Go etcdctl as whole processes (bench/rusage.py: wall time and
// peak RSS from wait4), interleaved, medians. Checks first that both print the same bytes.
//
//   node bench/get-bulk.mjs [runs] [keys]        (defaults: 7 runs, 100000 keys)
//   BULK_ENDPOINT=127.0.0.1:PORT node bench/get-bulk.mjs   reuse an etcd that already holds the keys
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, startEtcd } from './etcd.mjs';
import { measure, row } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 7);
const keys = Number(process.argv[3] ?? 100000);
const ours = join(root, 'bin/etcdctl-ts');
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ETCDCTL_API: '3' };

if (!existsSync(join(root, 'dist/etcdctl-ts.cjs'))) {
  console.error('dist/etcdctl-ts.cjs missing: run `npm run build` first');
  process.exit(1);
}

const etcd = process.env.BULK_ENDPOINT
  ? { endpoint: process.env.BULK_ENDPOINT, stop: () => undefined }
  : await startEtcd(['--quota-backend-bytes', String(4 * 1024 ** 3)]);
const tmp = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bulk-'));
try {
  const count = spawnSync(etcdctlBin, ['--endpoints', etcd.endpoint, 'get', '/bulk/', '--prefix', '--keys-only', '--limit', '1', '-w', 'fields'], { env, encoding: 'utf8' });
  if (!new RegExp(`"Count" : ${keys}\\b`).test(count.stdout)) {
    const w = spawnSync(process.execPath, [join(root, 'bench/watch-writer.mjs'), etcd.endpoint, '/bulk/', String(keys), '64', '100'], { stdio: 'inherit' });
    if (w.status !== 0) throw new Error('loading the keys failed');
  }
  const cases = [
    ['`get /bulk/ --prefix`', []],
    ['`… -w json`', ['-w', 'json']],
    ['`… --keys-only`', ['--keys-only']],
    ['`… -w fields`', ['-w', 'fields']],
    ['`… --print-value-only`', ['--print-value-only']],
    ['`… --hex`', ['--hex']],
  ];
  const lines = ['| command | etcdctl 3.4.23 | etcdctl-ts | ratio |', '| --- | --- | --- | --- |'];
  for (const [label, extra] of cases) {
    const args = ['--endpoints', etcd.endpoint, 'get', '/bulk/', '--prefix', ...extra];
    const go = { name: 'go', argv: [etcdctlBin, ...args], env, stdout: join(tmp, 'go.out') };
    const ts = { name: 'ts', argv: [ours, ...args], env, stdout: join(tmp, 'ts.out') };
    // One run each first: the V8 code cache gets written, and the outputs are compared.
    measure([go, ts], 1);
    const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const size = readFileSync(go.stdout).length;
    if (sha(go.stdout) !== sha(ts.stdout)) throw new Error(`${label}: outputs differ (${go.stdout} vs ${ts.stdout})`);
    const m = measure([{ ...go, stdout: '/dev/null' }, { ...ts, stdout: '/dev/null' }], runs);
    lines.push(row(`${label} (${(size / 1e6).toFixed(1)} MB)`, m.go, m.ts));
    console.error(lines.at(-1));
  }
  console.log(lines.join('\n'));
  console.log(`\n${keys} keys × 100-byte values; node ${process.version}; ${runs} interleaved runs, medians; identical output checked`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
  etcd.stop();
}
