#!/usr/bin/env node
// Start-up benchmark: `etcdctl-ts get k` against the Go `etcdctl get k`, interleaved in one run
// against a private etcd on a free loopback port. Reports the median wall time and the median
// peak RSS of each tool and their ratios, with NODE_EXTRA_CA_CERTS unset (as the goal is stated)
// and set (as machines here have it).
//
//   node bench/startup.mjs [runs]        (default 30 runs per tool and setting)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, median, startEtcd } from './etcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 30);
const ours = join(root, 'bin/etcdctl-ts');
const timeBin = '/usr/bin/time';

if (!existsSync(join(root, 'dist/etcdctl-ts.cjs'))) {
  console.error('dist/etcdctl-ts.cjs missing: run `npm run build` first');
  process.exit(1);
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
