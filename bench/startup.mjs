#!/usr/bin/env node
// Start-up benchmark: `etcdctl-ts get k` against the Go `etcdctl get k`, as whole processes
// measured by the OS (bench/rusage.py: wall time from spawn to wait4, user+system CPU time and
// peak RSS from wait4's rusage), interleaved, medians, against a private etcd on a free
// loopback port. Also `node -e 0` for Node's own floor, a host-name endpoint, `version` (no
// server: what loading the bundle and commander costs before any network code), and
// NODE_EXTRA_CA_CERTS set when the environment has it.
//
//   node bench/startup.mjs [runs]        (default 30 runs per tool and setting)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdctlBin, startEtcd } from './etcd.mjs';
import { measure } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 30);
const ours = join(root, 'bin/etcdctl-ts');

if (!existsSync(join(root, 'dist/etcdctl-ts.cjs'))) {
  console.error('dist/etcdctl-ts.cjs missing: run `npm run build` first');
  process.exit(1);
}

const etcd = await startEtcd();
try {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, ETCDCTL_API: '3' };
  const port = etcd.endpoint.split(':')[1];
  const get = (endpoint) => ['--endpoints', endpoint, 'get', 'k'];
  const settings = [
    ['`get k`, IP endpoint', get(etcd.endpoint), {}],
    ['`get k`, `localhost:PORT`', get(`localhost:${port}`), {}],
    ['`version`', ['version'], {}],
  ];
  if (process.env.NODE_EXTRA_CA_CERTS) {
    settings.push(['`get k`, NODE_EXTRA_CA_CERTS set', get(etcd.endpoint), { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS }]);
  }
  const fmt = (x) => `${x.ms.toFixed(1)} ms (CPU ${x.cpuMs.toFixed(0)} ms), ${x.rssMiB.toFixed(1)} MiB`;
  const lines = ['| | etcdctl 3.4.23 | etcdctl-ts | `node -e 0` | ratio |', '| --- | --- | --- | --- | --- |'];
  for (const [label, args, extra] of settings) {
    const env = { ...base, ...extra };
    const cmds = [
      { name: 'go', argv: [etcdctlBin, ...args], env },
      { name: 'ts', argv: [ours, ...args], env },
      { name: 'node', argv: [process.execPath, '-e', '0'], env },
    ];
    // A first run writes the V8 code cache, as on a user's machine after the first command.
    measure(cmds, 1);
    const m = measure(cmds, runs);
    lines.push(
      `| ${label} | ${fmt(m.go)} | ${fmt(m.ts)} | ${fmt(m.node)} | ` +
        `${(m.ts.ms / m.go.ms).toFixed(2)}× time (CPU ${(m.ts.cpuMs / m.go.cpuMs).toFixed(2)}×), ${(m.ts.rssMiB / m.go.rssMiB).toFixed(2)}× memory |`,
    );
    console.error(lines.at(-1));
  }
  console.log(lines.join('\n'));
  console.log(`\nnode ${process.version}; ${runs} interleaved runs, medians; whole processes, OS accounting (wait4)`);
} finally {
  etcd.stop();
}
