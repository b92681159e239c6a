// Tests of the test infrastructure itself (test/helpers/etcd-cluster.ts and the global setup)
// against the real etcd binary, with the Go etcdctl as an independent client.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  checkHealth,
  findEtcdBinary,
  findEtcdctlBinary,
  freePorts,
  startCluster,
  waitHealthy,
  type EtcdCluster,
} from '../helpers/etcd-cluster.js';

const etcdBin = findEtcdBinary();
const etcdctlBin = findEtcdctlBinary();

interface CtlResult {
  stdout: string;
  stderr: string;
  code: number;
}

function etcdctl(endpoints: string[], args: string[]): Promise<CtlResult> {
  if (!etcdctlBin) throw new Error('etcdctl not found');
  return new Promise((resolve) => {
    execFile(
      etcdctlBin,
      ['--endpoints', endpoints.join(','), '--dial-timeout', '2s', '--command-timeout', '5s', ...args],
      { env: { ...process.env, ETCDCTL_API: '3' }, timeout: 15_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** True while `pid` is a live (non-zombie) process. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line contains `needle` (zombies have an empty one). */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // the process went away while we looked
    }
  }
  return pids;
}

function tmpDirsNamed(prefix: string): string[] {
  return readdirSync(os.tmpdir()).filter((d) => d.startsWith(prefix));
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function portOf(endpoint: string): number {
  return Number(endpoint.split(':').pop());
}

describe('freePorts', () => {
  it('returns distinct bindable loopback ports, never 2379 or 2380', async () => {
    const ports = await freePorts(30);
    expect(new Set(ports).size).toBe(30);
    expect(ports).not.toContain(2379);
    expect(ports).not.toContain(2380);
    for (const port of ports.slice(0, 5)) {
      await new Promise<void>((resolve, reject) => {
        const server = net.createServer().once('error', reject);
        server.listen({ host: '127.0.0.1', port }, () => server.close(() => resolve()));
      });
    }
  });
});

describe.skipIf(!etcdBin)('global setup', () => {
  it('provides a healthy 127.0.0.1 endpoint that is not 2379', async () => {
    const endpoint = inject('etcdEndpoint');
    expect(endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(portOf(endpoint)).not.toBe(2379);
    const health = await checkHealth(`http://${endpoint}`);
    expect(health.ok, health.detail).toBe(true);
  });

  it.skipIf(!etcdctlBin)('serves a put/get through the Go etcdctl', async () => {
    const endpoint = inject('etcdEndpoint');
    const key = `cluster-e2e/global/${process.pid}/${Date.now()}`;
    expect(await etcdctl([endpoint], ['put', key, 'v1'])).toEqual({ stdout: 'OK\n', stderr: '', code: 0 });
    expect((await etcdctl([endpoint], ['get', key, '--print-value-only'])).stdout).toBe('v1\n');
  });
});

describe.skipIf(!etcdBin)('startCluster with 1 member', () => {
  it('starts, answers /health, survives SIGKILL + restart with its data, and stop() cleans up', async () => {
    const cluster = await startCluster({ members: 1, name: 'single' });
    try {
      expect(cluster.members).toHaveLength(1);
      const [m] = cluster.members;
      if (!m) throw new Error('no member');
      expect(cluster.endpoints).toEqual([`127.0.0.1:${portOf(m.clientUrl)}`]);
      expect(cluster.clientUrls).toEqual([m.clientUrl]);
      expect(cluster.peerUrls).toEqual([m.peerUrl]);
      expect(m.clientUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(m.peerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect([portOf(m.clientUrl), portOf(m.peerUrl)]).not.toContain(2379);
      expect(m.dataDir.startsWith(os.tmpdir() + path.sep)).toBe(true);
      expect(existsSync(path.join(m.dataDir, 'member'))).toBe(true);
      expect(pidAlive(m.pid)).toBe(true);
      expect((await checkHealth(m.clientUrl)).ok).toBe(true);
      // The member's output goes to its log file, not to the test output.
      expect(readFileSync(m.logFile, 'utf8')).toMatch(/serving client traffic/);

      if (etcdctlBin) {
        expect((await etcdctl(cluster.endpoints, ['put', 'k1', 'before-kill'])).code).toBe(0);
      }

      const oldPid = m.pid;
      await cluster.kill(0, 'SIGKILL');
      expect(pidAlive(oldPid)).toBe(false);
      expect(cluster.isRunning(0)).toBe(false);
      expect((await checkHealth(m.clientUrl)).ok).toBe(false);

      await cluster.restart(0);
      expect(m.pid).not.toBe(oldPid);
      expect(pidAlive(m.pid)).toBe(true);
      expect((await checkHealth(m.clientUrl)).ok).toBe(true);
      if (etcdctlBin) {
        const got = await etcdctl(cluster.endpoints, ['get', 'k1', '--print-value-only']);
        expect(got.stdout).toBe('before-kill\n');
      }
    } finally {
      await cluster.stop();
    }

    expect(cluster.members.every((x) => !pidAlive(x.pid))).toBe(true);
    expect(existsSync(cluster.rootDir)).toBe(false);
    expect(processesMentioning(cluster.rootDir)).toEqual([]);
    expect((await checkHealth(cluster.clientUrls[0]!)).ok).toBe(false);
    // stop() is idempotent
    await cluster.stop();
  });

  it('fails with the tail of the member log and leaves nothing behind', async () => {
    const name = `bad-${process.pid}`;
    const attempt = startCluster({ name, extraArgs: ['--no-such-flag'] });
    await expect(attempt).rejects.toThrow(/exited with code 2[^]*flag provided but not defined: -no-such-flag/);
    expect(tmpDirsNamed(`etcdctl-ts-${name}-`)).toEqual([]);
    expect(processesMentioning(`${name}-0`)).toEqual([]);
  });

  it('reports a missing binary instead of hanging', async () => {
    await expect(startCluster({ name: 'nobin', etcdBin: '/nonexistent/etcd' })).rejects.toThrow(
      /could not be started.*ENOENT/,
    );
  });
});

describe.skipIf(!etcdBin)('startCluster with 3 members', () => {
  let cluster: EtcdCluster;
  const key = `cluster-e2e/three/${process.pid}`;

  beforeAll(async () => {
    cluster = await startCluster({ members: 3, name: 'trio' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('has 3 healthy members on distinct loopback ports', async () => {
    expect(cluster.members.map((m) => m.name)).toEqual(['trio-0', 'trio-1', 'trio-2']);
    const ports = [...cluster.clientUrls, ...cluster.peerUrls].map(portOf);
    expect(new Set(ports).size).toBe(6);
    expect(ports).not.toContain(2379);
    expect(ports).not.toContain(2380);
    expect(new Set(cluster.members.map((m) => m.dataDir)).size).toBe(3);
    for (const m of cluster.members) {
      expect(pidAlive(m.pid)).toBe(true);
      const health = await checkHealth(m.clientUrl);
      expect(health.ok, `${m.name}: ${health.detail}`).toBe(true);
    }
  });

  it.skipIf(!etcdctlBin)('member list shows 3 started members with our URLs', async () => {
    const res = await etcdctl(cluster.endpoints, ['member', 'list']);
    expect(res.code, res.stderr).toBe(0);
    const rows = res.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(', '));
    expect(rows).toHaveLength(3);
    const byName = new Map(rows.map((r) => [r[2], r]));
    for (const m of cluster.members) {
      const row = byName.get(m.name);
      expect(row, m.name).toBeDefined();
      expect(row?.[1]).toBe('started');
      expect(row?.[3]).toBe(m.peerUrl);
      expect(row?.[4]).toBe(m.clientUrl);
      expect(row?.[5]).toBe('false');
    }
  });

  it.skipIf(!etcdctlBin)('a put through one member is read through every other', async () => {
    const put = await etcdctl([cluster.endpoints[0]!], ['put', key, 'replicated']);
    expect(put).toEqual({ stdout: 'OK\n', stderr: '', code: 0 });
    for (const ep of cluster.endpoints) {
      const got = await etcdctl([ep], ['get', key, '--print-value-only']);
      expect(got.stdout, ep).toBe('replicated\n');
    }
  });

  it('kill(1) takes only member 1 down; the other two keep quorum', async () => {
    const victim = cluster.members[1]!;
    const pid = victim.pid;
    await cluster.kill(1);
    expect(pidAlive(pid)).toBe(false);
    expect(cluster.isRunning(1)).toBe(false);
    const down = await checkHealth(victim.clientUrl);
    expect(down.ok).toBe(false);
    expect(down.detail).toMatch(/ECONNREFUSED/);
    // If the victim was the leader, the survivors need one election before /health is true again.
    for (const i of [0, 2]) {
      const m = cluster.members[i]!;
      expect(pidAlive(m.pid)).toBe(true);
      expect(await eventually(async () => (await checkHealth(m.clientUrl)).ok), m.name).toBe(true);
    }
    if (etcdctlBin) {
      const live = [cluster.endpoints[0]!, cluster.endpoints[2]!];
      expect((await etcdctl(live, ['put', key, 'written-while-1-down'])).code).toBe(0);
    }
  });

  it('restart(1) brings member 1 back healthy and caught up', async () => {
    const oldPid = cluster.members[1]!.pid;
    await cluster.restart(1);
    const m = cluster.members[1]!;
    expect(m.pid).not.toBe(oldPid);
    expect(pidAlive(m.pid)).toBe(true);
    expect((await checkHealth(m.clientUrl)).ok).toBe(true);
    if (etcdctlBin) {
      const got = await etcdctl([cluster.endpoints[1]!], ['get', key, '--print-value-only']);
      expect(got.stdout).toBe('written-while-1-down\n');
      const list = await etcdctl(cluster.endpoints, ['member', 'list']);
      expect(list.stdout.trim().split('\n').filter((l) => l.includes(', started, '))).toHaveLength(3);
    }
    for (const url of cluster.clientUrls) await waitHealthy(url, 5_000);
  });

  it('stop() kills every member and removes the data dirs', async () => {
    const pids = cluster.members.map((m) => m.pid);
    const dirs = cluster.members.map((m) => m.dataDir);
    expect(pids.every(pidAlive)).toBe(true);
    await cluster.stop();
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
    expect(existsSync(cluster.rootDir)).toBe(false);
    expect(processesMentioning(cluster.rootDir)).toEqual([]);
    for (const url of cluster.clientUrls) expect((await checkHealth(url)).ok).toBe(false);
  });
});
