// A private etcd for the benchmarks: free loopback ports (never 2379/2380), a temporary data dir,
// stopped by its own pid.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const etcdBin = process.env.ETCD_BIN ?? 'etcd';
export const etcdctlBin = process.env.ETCDCTL_BIN ?? 'etcdctl';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => (port === 2379 || port === 2380 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

export async function startEtcd(extraArgs = []) {
  const [client, peer] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-bench-'));
  const proc = spawn(
    etcdBin,
    [
      '--name', 'bench', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `bench=http://127.0.0.1:${peer}`,
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  );
  const endpoint = `127.0.0.1:${client}`;
  const stop = () => {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    const r = spawnSync(etcdctlBin, ['--endpoints', endpoint, 'put', 'k', 'v'], { env: { ETCDCTL_API: '3', PATH: process.env.PATH } });
    if (r.status === 0) return { endpoint, stop };
    await new Promise((res) => setTimeout(res, 100));
  }
  stop();
  throw new Error('etcd did not start');
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
