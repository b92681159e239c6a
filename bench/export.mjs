#!/usr/bin/env node
// export/import benchmark (issue 11): N keys (default 1,000,000; 64-byte values) written into a
// private etcd by `etcdctl-ts import`, read back by `etcdctl-ts export` at several page sizes and
// by the Go `etcdctl get --prefix -w json`, each a whole process measured by GNU time (wall
// seconds, peak RSS, client CPU, and the etcd server's CPU during the run: paged reads cost the
// server more than one big one, and on 2 cores that shows in wall time). Then a second import of
// the same file (nothing to write) and an import into a second, empty etcd from the export file.
//
//   node bench/export.mjs [keys] [page sizes, comma-separated] [--reads-only]
//   e.g. node bench/export.mjs 200000 10000,50000; --reads-only skips the second and third import
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, startEtcd } from './etcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ours = join(root, 'bin/etcdctl-ts');
const n = Number(process.argv[2] ?? 1_000_000);
const pageSizes = (process.argv[3] ?? '1000,2000,5000,10000').split(',').map(Number);
const readsOnly = process.argv.includes('--reads-only');
// Both tools get the same generous deadline: 1M keys in one response take etcd seconds.
const timeout = '--command-timeout=300s';
if (!existsSync(join(root, 'dist/etcdctl-ts.cjs'))) {
  console.error('dist/etcdctl-ts.cjs missing: run `npm run build` first');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-export-'));
const input = join(dir, 'input.jsonl');
await new Promise((resolve, reject) => {
  const out = createWriteStream(input);
  out.on('error', reject);
  let i = 0;
  const pad = 'x'.repeat(50);
  const more = () => {
    let ok = true;
    while (i < n && ok) {
      let chunk = '';
      for (let j = 0; j < 1000 && i < n; j++, i++) chunk += `{"key":"/bench/key-${String(i).padStart(8, '0')}","value":"v${String(i).padStart(12, '0')}${pad}"}\n`;
      ok = out.write(chunk);
    }
    if (i < n) out.once('drain', more);
    else out.end(resolve);
  };
  more();
});

/** CPU milliseconds (user + system) the etcd serving `endpoint` has used so far; NaN when unknown. */
function serverCpuMs(endpoint) {
  const port = endpoint.split(':').pop();
  const pid = spawnSync('pgrep', ['-f', `listen-client-urls http://127.0.0.1:${port}`], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

/** Runs a command under GNU time; stdout to a file or /dev/null. Returns seconds and MiB. */
function timed(label, cmd, args, { stdout = '/dev/null', env = {} } = {}) {
  const endpoint = args[args.indexOf('--endpoints') + 1];
  const server0 = serverCpuMs(endpoint);
  const r = spawnSync('/bin/sh', ['-c', `exec /usr/bin/time -f '%e %M %U %S' "$@" > ${stdout}`, 'sh', cmd, ...args], {
    env: { PATH: process.env.PATH, ETCDCTL_API: '3', XDG_CACHE_HOME: dir, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const lines = r.stderr.trim().split('\n');
  const [secs, kib, user, sys] = lines.pop().split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
  const cpu = Math.round((user + sys) * 100) / 100;
  const server = Math.round((serverCpuMs(endpoint) - server0) / 10) / 100;
  const row = { label, seconds: secs, rssMiB: Math.round(kib / 102.4) / 10, rate: Math.round(n / secs), cpu, server };
  // CPU seconds of the client process itself: on a shared machine, wall time is mostly waiting.
  console.log(
    `${label.padEnd(44)} ${String(secs).padStart(7)} s  ${String(row.rssMiB).padStart(6)} MiB  ${String(row.rate).padStart(8)} keys/s  ${String(cpu).padStart(6)} CPU s  ${String(server).padStart(6)} etcd CPU s`,
  );
  return row;
}

const a = await startEtcd(['--quota-backend-bytes', String(8 * 1024 ** 3)]);
const b = await startEtcd(['--quota-backend-bytes', String(8 * 1024 ** 3)]);
try {
  console.log(`${n} keys, ${Math.round(n * 95 / 1e6)} MB of JSON Lines; whole processes, GNU time`);
  timed('etcdctl-ts import (empty etcd)', ours, ['--endpoints', a.endpoint, timeout, 'import', '-i', input]);
  if (!readsOnly) timed('etcdctl-ts import again (nothing to write)', ours, ['--endpoints', a.endpoint, timeout, 'import', '-i', input]);
  timed('etcdctl get /bench --prefix -w json', etcdctlBin, ['--endpoints', a.endpoint, timeout, 'get', '/bench', '--prefix', '-w', 'json']);
  const exported = join(dir, 'export.jsonl');
  for (const p of pageSizes) {
    timed(`etcdctl-ts export /bench --page-size ${p}`, ours, ['--endpoints', a.endpoint, timeout, 'export', '/bench', '--page-size', String(p), '-o', exported]);
  }
  timed('etcdctl-ts get /bench --prefix -w jsonl', ours, ['--endpoints', a.endpoint, timeout, 'get', '/bench', '--prefix', '-w', 'jsonl']);
  timed('etcdctl get /bench --prefix -w json (again)', etcdctlBin, ['--endpoints', a.endpoint, timeout, 'get', '/bench', '--prefix', '-w', 'json']);
  if (!readsOnly) timed('etcdctl-ts import of the export (2nd etcd)', ours, ['--endpoints', b.endpoint, timeout, 'import', '-i', exported]);
} finally {
  a.stop();
  b.stop();
  rmSync(dir, { recursive: true, force: true });
}
