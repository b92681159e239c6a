// `registry list` and `registry doctor` on a registry of SERVICES × NODES go-micro nodes, each on a
// lease of its own, against a private etcd: medians of wall time (process spawn included) over RUNS.
// Goal (issue 9): at most 3 s for 1,000 × 10.
//   node bench/registry.mjs [SERVICES=1000] [NODES=10] [RUNS=5]      (after npm run build)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startEtcd } from './etcd.mjs';
import { connect, writeScale } from './registry-simulate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/etcdctl-ts');
const [services, nodes, runs] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 10), Number(process.argv[4] ?? 5)];

const { endpoint, stop } = await startEtcd(['--quota-backend-bytes', String(4 * 1024 ** 3)]);
try {
  const c = connect(endpoint);
  const t0 = performance.now();
  // Long leases: writing 10,000 registrations takes longer than go-micro's 90 s on a busy machine.
  await writeScale(c, services, nodes, 3600);
  c.close();
  process.stderr.write(`wrote ${services * nodes} nodes with a lease each in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  // The OS's accounting of the whole process (GNU time): wall, CPU (user + system), peak RSS.
  const time = (args, check) => {
    const wall = [];
    const cpu = [];
    const rss = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', process.execPath, bin, '--endpoints', endpoint, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
      if (r.status !== check.code || m === null) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
      wall.push(Number(m[1]));
      cpu.push(Number(m[2]) + Number(m[3]));
      rss.push(Number(m[4]) / 1024);
      check.out(r.stdout);
    }
    return `${median(wall).toFixed(2)} s (CPU ${median(cpu).toFixed(2)} s, ${median(rss).toFixed(0)} MiB)`;
  };
  const list = time(['registry', 'list', '-w', 'json'], {
    code: 0,
    out: (o) => {
      const n = JSON.parse(o).services.reduce((a, s) => a + s.nodes.length, 0);
      if (n !== services * nodes) throw new Error(`list found ${n} nodes`);
    },
  });
  const doctor = time(['registry', 'doctor', '-w', 'json'], {
    code: 0,
    out: (o) => {
      if (JSON.parse(o).findings.length !== 0) throw new Error(`doctor: ${o.slice(0, 300)}`);
    },
  });
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  const line = `| ${services} × ${nodes} (${services * nodes} leases) | ${list} | ${doctor} |`;
  process.stdout.write(`| registry | list -w json | doctor -w json |\n| --- | --- | --- |\n${line}\n(median of ${runs} runs, Node ${process.versions.node}, load average ${load} on ${(await import('node:os')).cpus().length} cores)\n`);
} finally {
  stop();
}
