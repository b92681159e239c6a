#!/usr/bin/env node
// Start-up benchmark: `etcdctl-ts get k` against the Go `etcdctl get k`, interleaved in one run
// against a private etcd on a free loopback port. Reports the median wall time and the median
// peak RSS of each tool and their ratios, with NODE_EXTRA_CA_CERTS unset (as the goal is stated)
// and set (as machines here have it).
//
//   node bench/startup.mjs [runs]        (default 30 runs per tool and setting)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 30);
const ours = join(root, 'bin/etcdctl-ts');
const etcdBin = process.env.ETCD_BIN ?? 'etcd';
const etcdctlBin = process.env.ETCDCTL_BIN ?? 'etcdctl';
const timeBin = '/usr/bin/time';

if (!existsSync(join(root, 'dist/etcdctl-ts.cjs'))) {
  console.error('dist/etcdctl-ts.cjs missing: run `npm run build` first');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => (port === 2379 || port === 2380 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

async function startEtcd() {
  const [client, peer] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-'));
  const proc = spawn(
    etcdBin,
    [
      '--name', 'bench', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `bench=http://127.0.0.1:${peer}`,
    ],
    { stdio: 'ignore' },
  );
  const endpoint = `127.0.0.1:${client}`;
  for (let i = 0; i < 100; i++) {
    const r = spawnSync(etcdctlBin, ['--endpoints', endpoint, 'put', 'k', 'v'], { env: { ETCDCTL_API: '3', PATH: process.env.PATH } });
    if (r.status === 0) return { endpoint, stop: () => { proc.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); } };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('etcd did not start');
}

/** Wall time of one run, spawned directly (a wrapper would add its own start-up to both sides). */
function timeOnce(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** Peak RSS of one run in KiB, from GNU time; NaN where it is not installed. */
function rssOnce(cmd, args, env) {
  if (!existsSync(timeBin)) return NaN;
  const r = spawnSync(timeBin, ['-f', '%M', cmd, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return Number(r.stderr.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const etcd = await startEtcd();
try {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, ETCDCTL_API: '3' };
  const args = ['--endpoints', etcd.endpoint, 'get', 'k'];
  // A first run writes the V8 code cache, as on a user's machine after the first command.
  timeOnce(ours, args, base);
  const results = [];
  for (const [label, extra] of [
    ['NODE_EXTRA_CA_CERTS unset', {}],
    ['NODE_EXTRA_CA_CERTS set', process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : null],
  ]) {
    if (extra === null) continue;
    const env = { ...base, ...extra };
    const go = { ms: [], rss: [] };
    const ts = { ms: [], rss: [] };
    for (let i = 0; i < runs; i++) {
      go.ms.push(timeOnce(etcdctlBin, args, env));
      ts.ms.push(timeOnce(ours, args, env));
    }
    for (let i = 0; i < Math.min(runs, 10); i++) {
      go.rss.push(rssOnce(etcdctlBin, args, env));
      ts.rss.push(rssOnce(ours, args, env));
    }
    const row = {
      setting: label,
      goMs: median(go.ms),
      tsMs: median(ts.ms),
      goRssMiB: median(go.rss) / 1024,
      tsRssMiB: median(ts.rss) / 1024,
    };
    results.push(row);
    console.log(
      `${label}: etcdctl ${row.goMs.toFixed(1)} ms / ${row.goRssMiB.toFixed(1)} MiB, ` +
        `etcdctl-ts ${row.tsMs.toFixed(1)} ms / ${row.tsRssMiB.toFixed(1)} MiB → ` +
        `time ${(row.tsMs / row.goMs).toFixed(2)}x, memory ${(row.tsRssMiB / row.goRssMiB).toFixed(2)}x`,
    );
  }
  console.log(`node ${process.version}, ${runs} interleaved runs each, medians; etcdctl: ${execFileSync(etcdctlBin, ['version'], { encoding: 'utf8', env: { ETCDCTL_API: '3', PATH: process.env.PATH } }).split('\n')[0]}`);
} finally {
  etcd.stop();
}
