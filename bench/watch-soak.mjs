#!/usr/bin/env node
// Watch memory soak: `watch --prefix` of etcdctl-ts and of the Go etcdctl, side by side on one
// private etcd, while a separate process writes 200,000 keys through raw gRPC. Reports each
// watcher's peak RSS (VmHWM) once it has printed 20,000, 100,000 and 200,000 events, and the
// growth from 100k to 200k, which must stay near zero (memory bounded however long it runs).
//
//   node bench/watch-soak.mjs [total] [checkpoints]   (defaults: 200000, "20000,100000,200000")
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, startEtcd } from './etcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const total = Number(process.argv[2] ?? 200000);
const checkpoints = (process.argv[3] ?? '20000,100000,200000').split(',').map(Number).filter((n) => n <= total);
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ETCDCTL_API: '3' };
const prefix = '/soak/';

function hwmKiB(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Starts a watcher; counts PUT lines and records VmHWM as each checkpoint is passed. */
function watcher(name, cmd, endpoint) {
  const child = spawn(cmd, ['--endpoints', endpoint, 'watch', '--prefix', prefix], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const w = { name, child, events: 0, ready: false, at: new Map() };
  let pending = '';
  child.stdout.on('data', (chunk) => {
    const lines = (pending + chunk.toString('latin1')).split('\n');
    pending = lines.pop();
    for (const l of lines) {
      if (l === `${prefix}ready`) w.ready = true;
      else if (l === 'PUT' && w.ready) {
        w.events++;
        if (checkpoints.includes(w.events)) w.at.set(w.events, hwmKiB(child.pid) / 1024);
      }
    }
  });
  return w;
}

const etcd = await startEtcd(['--quota-backend-bytes', String(4 * 1024 ** 3)]);
const watchers = [watcher('etcdctl', etcdctlBin, etcd.endpoint), watcher('etcdctl-ts', join(root, 'bin/etcdctl-ts'), etcd.endpoint)];
try {
  for (let i = 0; watchers.some((w) => !w.ready) && i < 200; i++) {
    spawnSync(etcdctlBin, ['--endpoints', etcd.endpoint, 'put', `${prefix}ready`, String(i)], { env });
    await new Promise((r) => setTimeout(r, 100));
  }
  if (watchers.some((w) => !w.ready)) throw new Error('a watch did not start');
  for (const w of watchers) w.events = 0;
  // The sentinel's own PUT events may still be arriving; the counts start from here.
  const writer = spawn(process.execPath, [join(root, 'bench/watch-writer.mjs'), etcd.endpoint, `${prefix}k/`, String(total), '32'], { stdio: 'inherit' });
  const t0 = Date.now();
  while (watchers.some((w) => w.events < total)) {
    await new Promise((r) => setTimeout(r, 500));
    if (Date.now() - t0 > 30 * 60_000) throw new Error(`timed out: ${watchers.map((w) => `${w.name} ${w.events}`).join(', ')}`);
  }
  await new Promise((r) => (writer.exitCode !== null ? r() : writer.on('exit', r)));
  const go = watchers[0];
  const ts = watchers[1];
  const lines = ['| events | etcdctl 3.4.23 | etcdctl-ts | ratio |', '| --- | --- | --- | --- |'];
  for (const n of checkpoints) {
    const g = go.at.get(n);
    const t = ts.at.get(n);
    lines.push(`| ${n.toLocaleString('en')} | ${g.toFixed(1)} MiB | ${t.toFixed(1)} MiB | ${(t / g).toFixed(2)}× |`);
  }
  const [a, b] = [checkpoints.at(-2), checkpoints.at(-1)];
  lines.push(`\npeak RSS growth from ${a} to ${b} events: etcdctl ${(go.at.get(b) - go.at.get(a)).toFixed(1)} MiB, etcdctl-ts ${(ts.at.get(b) - ts.at.get(a)).toFixed(1)} MiB`);
  console.log(lines.join('\n'));
} finally {
  for (const w of watchers) w.child.kill('SIGINT');
  etcd.stop();
}
