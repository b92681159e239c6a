#!/usr/bin/env node
// Watch benchmark: events per second that `watch --prefix` prints while another process writes
// 20,000 keys as fast as it can, and the watcher's peak memory (VmHWM), for etcdctl-ts and the
// Go `etcdctl watch`, in alternating rounds against one private etcd.
//
//   node bench/watch.mjs [keys] [rounds]      (defaults: 20000 keys, 3 rounds per tool)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, median, startEtcd } from './etcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keys = Number(process.argv[2] ?? 20000);
const rounds = Number(process.argv[3] ?? 3);
const tools = { etcdctl: [etcdctlBin], 'etcdctl-ts': [join(root, 'bin/etcdctl-ts')] };
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ETCDCTL_API: '3' };

function peakRssKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

async function round(tool, endpoint, prefix) {
  const [cmd] = tools[tool];
  const watcher = spawn(cmd, ['--endpoints', endpoint, 'watch', '--prefix', prefix], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let events = 0;
  let first = 0n;
  let last = 0n;
  let ready = false;
  let pending = '';
  const done = new Promise((resolve) => {
    watcher.stdout.on('data', (chunk) => {
      const lines = (pending + chunk.toString('latin1')).split('\n');
      pending = lines.pop();
      for (const l of lines) {
        if (l === `${prefix}ready`) ready = true;
        if (l !== 'PUT') continue;
        if (!ready) continue;
        events++;
        const now = process.hrtime.bigint();
        if (first === 0n) first = now;
        last = now;
      }
      if (events >= keys) resolve();
    });
  });
  // The watch is open once it prints the sentinel; only then does the writer start.
  for (let i = 0; !ready && i < 200; i++) {
    spawnSync(etcdctlBin, ['--endpoints', endpoint, 'put', `${prefix}ready`, String(i)], { env });
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!ready) throw new Error(`${tool}: watch did not start`);
  events = 0;
  first = 0n;
  const writer = spawn(process.execPath, [join(root, 'bench/watch-writer.mjs'), endpoint, prefix, String(keys)], { stdio: 'inherit' });
  await done;
  const rss = peakRssKiB(watcher.pid);
  watcher.kill('SIGINT');
  await new Promise((r) => writer.on('exit', r));
  const seconds = Number(last - first) / 1e9;
  return { rate: (keys - 1) / seconds, rssMiB: rss / 1024 };
}

const etcd = await startEtcd(['--quota-backend-bytes', String(4 * 1024 ** 3)]);
try {
  const results = { etcdctl: [], 'etcdctl-ts': [] };
  spawnSync(tools['etcdctl-ts'][0], ['--endpoints', etcd.endpoint, 'get', 'warm-up'], { env });
  for (let r = 0; r < rounds; r++) {
    for (const tool of Object.keys(tools)) {
      const res = await round(tool, etcd.endpoint, `/bench/${tool}/${r}/`);
      results[tool].push(res);
      console.log(`round ${r + 1} ${tool}: ${res.rate.toFixed(0)} events/s, peak ${res.rssMiB.toFixed(1)} MiB`);
    }
  }
  const go = { rate: median(results.etcdctl.map((x) => x.rate)), rss: median(results.etcdctl.map((x) => x.rssMiB)) };
  const ts = { rate: median(results['etcdctl-ts'].map((x) => x.rate)), rss: median(results['etcdctl-ts'].map((x) => x.rssMiB)) };
  console.log(
    `median of ${rounds}, ${keys} keys: etcdctl ${go.rate.toFixed(0)} events/s / ${go.rss.toFixed(1)} MiB, ` +
      `etcdctl-ts ${ts.rate.toFixed(0)} events/s / ${ts.rss.toFixed(1)} MiB → ` +
      `rate ${(ts.rate / go.rate).toFixed(2)}x, memory ${(ts.rss / go.rss).toFixed(2)}x`,
  );
} finally {
  etcd.stop();
}
