/**
 * One more etcd process joining an existing test cluster (after `member add`), with the
 * configuration `member add` printed. Killed by stop(), and with SIGKILL should the test process
 * exit first; its directory is removed either way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findEtcdBinary, freePort } from '../../helpers/etcd-cluster.js';

export interface ExtraMember {
  readonly name: string;
  readonly peerUrl: string;
  readonly clientUrl: string;
  /** `127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly logFile: string;
  /** Starts etcd with `--initial-cluster-state existing` and the given initial cluster. */
  start(initialCluster: string): void;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooked = false;

/** Picks ports and a directory for a member to be added; nothing runs until start(). */
export async function extraMember(name: string): Promise<ExtraMember> {
  const bin = findEtcdBinary();
  if (bin === undefined) throw new Error('etcd not found');
  const [peerPort, clientPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(os.tmpdir(), `etcdctl-ts-${name}-`));
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const logFile = path.join(dir, 'etcd.log');
  let child: ChildProcess | undefined;
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  return {
    name,
    peerUrl,
    clientUrl,
    endpoint: `127.0.0.1:${clientPort}`,
    logFile,
    start(initialCluster: string) {
      const fd = openSync(logFile, 'a');
      try {
        // prettier-ignore
        child = spawn(bin, [
          '--name', name, '--data-dir', path.join(dir, 'data'),
          '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl,
          '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
          '--initial-cluster', initialCluster, '--initial-cluster-state', 'existing',
          '--heartbeat-interval', '50', '--election-timeout', '500',
        ], { stdio: ['ignore', fd, fd], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(process.arch === 'arm64' ? { ETCD_UNSUPPORTED_ARCH: 'arm64' } : {}) } });
      } finally {
        closeSync(fd);
      }
      child.unref();
      live.add(child);
    },
    async stop() {
      const c = child;
      if (c !== undefined && c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
        await new Promise<void>((resolve) => {
          const keep = setInterval(() => undefined, 1_000);
          c.once('exit', () => {
            clearInterval(keep);
            resolve();
          });
          c.kill('SIGKILL');
        });
      }
      if (c !== undefined) live.delete(c);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
