import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EtcdProcess, memberArgs, memberEnv } from '../../../src/etcd-process/supervisor.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'supervisor-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memberEnv', () => {
  it('drops ETCD_* variables that would clash with the flags, keeps the rest', () => {
    expect(memberEnv({ PATH: '/bin', ETCD_NAME: 'x', ETCD_UNSUPPORTED_ARCH: 'arm64', HOME: '/h' }, 'x64')).toEqual({
      PATH: '/bin',
      ETCD_UNSUPPORTED_ARCH: 'arm64',
      HOME: '/h',
    });
    expect(memberEnv({}, 'arm64')).toEqual({ ETCD_UNSUPPORTED_ARCH: 'arm64' });
  });
});

describe('memberArgs', () => {
  it('is a new-cluster command line with the extra flags last', () => {
    const args = memberArgs({
      name: 'm1',
      dataDir: '/d',
      clientUrl: 'http://127.0.0.1:1',
      peerUrl: 'http://127.0.0.1:2',
      initialCluster: 'm1=http://127.0.0.1:2',
      token: 't',
      extra: ['--quota-backend-bytes', '1'],
    });
    expect(args.slice(0, 4)).toEqual(['--name', 'm1', '--data-dir', '/d']);
    expect(args).toContain('--initial-cluster-token');
    expect(args.slice(-2)).toEqual(['--quota-backend-bytes', '1']);
  });
});

describe('EtcdProcess (with stand-in programs)', () => {
  it.skipIf(process.platform === 'win32')('logs the command line and output, and says how it exited', async () => {
    const p = new EtcdProcess(path.join(dir, 'exit3.log'));
    await p.start('/bin/sh', ['-c', 'echo hello; exit 3'], { PATH: process.env.PATH });
    await p.exited;
    expect(p.running).toBe(false);
    expect(p.describeExit()).toBe('exited with code 3');
    const log = readFileSync(p.logFile, 'utf8');
    expect(log).toMatch(/^=== \S+ \/bin\/sh -c echo hello; exit 3\nhello\n$/);
  });

  it.skipIf(process.platform === 'win32')('stop() signals its own pid and waits for the exit', async () => {
    const p = new EtcdProcess(path.join(dir, 'sleep.log'));
    await p.start('/bin/sh', ['-c', 'sleep 30'], { PATH: process.env.PATH });
    expect(p.running).toBe(true);
    expect(p.pid).toBeGreaterThan(0);
    await p.stop('SIGTERM', 5_000);
    expect(p.running).toBe(false);
    expect(p.describeExit()).toBe('was killed by SIGTERM');
  });

  it('a program that does not exist could not be started, and exited resolves', async () => {
    const p = new EtcdProcess(path.join(dir, 'none.log'));
    await p.start(path.join(dir, 'no-such-etcd'), [], {});
    await p.exited;
    expect(p.running).toBe(false);
    expect(p.describeExit()).toMatch(/^could not be started: spawn .*no-such-etcd ENOENT$/);
  });
});
