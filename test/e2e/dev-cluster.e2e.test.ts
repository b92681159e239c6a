// `etcdctl-ts dev-cluster` (our addition): a real 1- or 3-member cluster from the etcd binary,
// always on free ports here (--ports=free; never 2379/2380). The cluster must work with the Go
// etcdctl at the endpoints it prints, and Ctrl-C (the abort signal in-process, SIGINT/SIGTERM as
// a process) must stop every member, by pid, and remove the temporary data dir.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEtcdBinary } from '../helpers/etcd-cluster.js';
import { bundleCli, type Bundle, type Proc } from './helpers/bundle.js';
import { startOurs, waitFor, type Finished, type Running } from './helpers/long-running.js';
import { etcdctlBin, runEtcdctl } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const etcd = findEtcdBinary();
const ready = etcd !== undefined && etcdctlBin !== undefined;
if (!ready) process.stderr.write('dev-cluster: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

// etcd's directory first, so the command finds the same binary the other suites use.
const PATH = [etcd === undefined ? '' : path.dirname(etcd), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
const TIMEOUT = 90_000;

/** True while `pid` is a live (non-zombie) process. */
function alive(pid: number): boolean {
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

interface Banner {
  readonly endpoints: string;
  readonly pids: number[];
  readonly names: string[];
  readonly dataRoot: string;
}

function parseBanner(out: string): Banner {
  const endpoints = /^ {2}export ETCDCTL_ENDPOINTS=(\S+)$/m.exec(out)?.[1];
  const dataRoot = /^Data and logs: (\S+)/m.exec(out)?.[1];
  if (endpoints === undefined || dataRoot === undefined) throw new Error(`no banner in:\n${out}`);
  const rows = [...out.matchAll(/^ {2}(infra\d) {2}pid (\d+) {2}client /gm)];
  return { endpoints, dataRoot, names: rows.map((r) => r[1]!), pids: rows.map((r) => Number(r[2])) };
}

const ctl = (b: Banner, ...argv: string[]) => runEtcdctl(['--endpoints', b.endpoints, ...argv]);

const finished = (done: Promise<Finished>, timeoutMs = 30_000): Promise<Finished> =>
  Promise.race([done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('dev-cluster did not stop')), timeoutMs))]);

describe.skipIf(!ready)('dev-cluster', () => {
  const started: { run: Running; banner?: Banner }[] = [];
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dev-cluster-e2e-'));

  afterAll(async () => {
    // Whatever a failed case left behind: stop it, and make sure no member survives.
    for (const s of started) s.run.interrupt();
    await Promise.allSettled(started.map((s) => finished(s.run.done)));
    for (const s of started) for (const pid of s.banner?.pids ?? []) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  });

  async function start(argv: string[]): Promise<{ run: Running; banner: Banner }> {
    const run = startOurs(['dev-cluster', '--ports=free', ...argv], { env: { PATH } });
    const entry: { run: Running; banner?: Banner } = { run };
    started.push(entry);
    await waitFor(() => run.stdout().includes('Press Ctrl-C') || run.stderr().includes('Error:'), 'the cluster to start', 60_000);
    const banner = parseBanner(run.stdout().toString());
    entry.banner = banner;
    return { run, banner };
  }

  it(
    'runs three members that the Go etcdctl can use, and stops them all on Ctrl-C',
    async () => {
      const { run, banner } = await start([]);
      expect(banner.names).toEqual(['infra1', 'infra2', 'infra3']);
      expect(banner.pids.every(alive)).toBe(true);
      const ports = banner.endpoints.split(',').map((e) => Number(e.split(':')[1]));
      expect(ports).toHaveLength(3);
      for (const p of ports) expect([2379, 2380, 22379, 32379]).not.toContain(p);
      expect(existsSync(banner.dataRoot)).toBe(true);

      const health = await ctl(banner, 'endpoint', 'health');
      expect(health.code).toBe(0);
      // etcdctl 3.4 prints health on stderr, one line per endpoint.
      expect(health.stderr.toString().match(/is healthy/g)).toHaveLength(3);
      const members = await ctl(banner, 'member', 'list');
      expect(members.code).toBe(0);
      expect(
        members.stdout
          .toString()
          .trim()
          .split('\n')
          .map((l) => l.split(', ')[2])
          .sort(),
      ).toEqual(['infra1', 'infra2', 'infra3']);
      expect((await ctl(banner, 'put', 'greeting', 'hello')).stdout.toString()).toBe('OK\n');
      const third = banner.endpoints.split(',')[2]!;
      expect((await runEtcdctl(['--endpoints', third, 'get', 'greeting', '--print-value-only'])).stdout.toString()).toBe('hello\n');

      run.interrupt();
      const done = await finished(run.done);
      expect(done.code).toBe(0);
      expect(banner.pids.filter(alive)).toEqual([]);
      expect(existsSync(banner.dataRoot)).toBe(false);
      expect(done.stderr.toString()).toContain('Stopped.\n');
    },
    TIMEOUT,
  );

  it(
    'keeps running when a member dies, and says so',
    async () => {
      const { run, banner } = await start([]);
      process.kill(banner.pids[1]!, 'SIGKILL');
      await waitFor(() => run.stderr().toString().includes('member(s) left'), 'the report of the dead member', 20_000);
      expect(run.stderr().toString()).toContain(`infra2 (pid ${banner.pids[1]}) was killed by SIGKILL; 2 member(s) left\n`);
      // Two of three members still make a quorum (once they have elected a leader, if infra2 was it).
      const first = banner.endpoints.split(',')[0]!;
      let put = await runEtcdctl(['--endpoints', first, 'put', 'still', 'here']);
      for (let i = 0; i < 20 && put.code !== 0; i++) put = await runEtcdctl(['--endpoints', first, 'put', 'still', 'here']);
      expect(put.stdout.toString()).toBe('OK\n');
      run.interrupt();
      expect((await finished(run.done)).code).toBe(0);
      expect(banner.pids.filter(alive)).toEqual([]);
      expect(existsSync(banner.dataRoot)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'keeps a given data dir, and the next start carries on from it on the same ports',
    async () => {
      const dir = path.join(scratch, 'kept');
      const first = await start(['--members=1', `--data-dir=${dir}`]);
      expect(first.banner.names).toEqual(['infra1']);
      expect((await ctl(first.banner, 'put', 'persisted', 'yes')).code).toBe(0);
      first.run.interrupt();
      expect((await finished(first.run.done)).code).toBe(0);
      expect(first.banner.pids.filter(alive)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['dev-cluster.json', 'infra1.etcd', 'infra1.log']);

      const again = await start(['--members=1', `--data-dir=${dir}`]);
      expect(again.banner.endpoints).toBe(first.banner.endpoints);
      expect((await ctl(again.banner, 'get', 'persisted', '--print-value-only')).stdout.toString()).toBe('yes\n');
      again.run.interrupt();
      expect((await finished(again.run.done)).code).toBe(0);
      expect(existsSync(path.join(dir, 'infra1.etcd'))).toBe(true);

      const wrong = await runCli(['dev-cluster', '--members=3', `--data-dir=${dir}`], { env: { PATH } });
      expect(wrong.err).toBe(`Error: ${dir} holds a 1-member cluster; start it with --members=1\n`);
      expect(wrong.code).toBe(128);
    },
    TIMEOUT,
  );

  it('says how to install etcd when there is none', async () => {
    const r = await runCli(['dev-cluster', '--ports=free'], { env: { PATH: '/nonexistent' } });
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'Error: etcd not found on $PATH: install it with "apt-get install etcd-server" (Debian, Ubuntu), or take a ' +
        'release from https://github.com/etcd-io/etcd/releases, or give its path with --etcd-binary\n',
    );
    expect(r.code).toBe(127);
    const given = await runCli(['dev-cluster', '--etcd-binary=/nonexistent/etcd'], { env: { PATH } });
    expect(given.err).toMatch(/^Error: \/nonexistent\/etcd is not an executable file: install it with "apt-get install etcd-server"/);
    expect(given.code).toBe(127);
  });

  it('is listed in --help after etcdctl\'s text, under our own heading, and matched by full name only', async () => {
    const ours = await runCli(['--help']);
    const own = ours.out.indexOf('ETCDCTL-TS ');
    expect(own).toBeGreaterThan(0);
    expect(ours.out.slice(0, own)).not.toContain('dev-cluster');
    expect(ours.out.slice(own)).toMatch(/\n\tdev-cluster\t+Runs a local etcd cluster/);
    expect((await runCli(['dev-cluster', '--help'])).out).toContain('dev-cluster - Runs a local etcd cluster');
    expect((await runCli(['dev-cluste'])).code).toBe(1);
  });

  describe('as a process', () => {
    let cli: Bundle;
    const procs: Proc[] = [];
    beforeAll(async () => {
      cli = await bundleCli();
    });
    afterAll(async () => {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.allSettled(procs.map((p) => p.done));
      cli?.remove();
    });

    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(
        `${sig} stops every member, removes the data and exits 0`,
        async () => {
          const p = cli.start(['dev-cluster', '--ports=free', '--members=3'], { PATH });
          procs.push(p);
          await waitFor(() => p.stdout().includes('Press Ctrl-C') || p.stderr().includes('Error:'), 'the cluster to start', 60_000);
          const banner = parseBanner(p.stdout());
          expect(banner.pids.every(alive)).toBe(true);
          p.child.kill(sig);
          const done = await Promise.race([p.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not stop')), 30_000))]);
          expect(done).toEqual({ code: 0, signal: null });
          expect(banner.pids.filter(alive)).toEqual([]);
          expect(existsSync(banner.dataRoot)).toBe(false);
        },
        TIMEOUT,
      );
    }
  });
});
