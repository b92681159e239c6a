// Behaviour of the cluster commands against a private 3-member cluster, through run() with
// captured IO: failover when the first endpoint is down, snapshot save (file handling, progress
// on a terminal only) and that reconfiguration and maintenance commands really change the cluster.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { run } from '../../src/main.js';
import { hexId } from '../../src/core/encode.js';
import { findEtcdBinary, freePort, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { runCli } from './helpers/run-cli.js';

const ready = findEtcdBinary() !== undefined;
if (!ready) process.stderr.write('cluster-ops: etcd is missing; every case is SKIPPED\n');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)('cluster operations', () => {
  let cluster: EtcdCluster;
  let client: EtcdClient;
  let all: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-cluster-ops-'));

  beforeAll(async () => {
    cluster = await startCluster({ members: 3, name: 'cluster-ops' });
    all = ['--endpoints', cluster.endpoints.join(',')];
    client = createClient({ endpoints: cluster.endpoints, dialTimeoutMs: 2_000, keepaliveTimeMs: 10_000, keepaliveTimeoutMs: 6_000 });
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  describe('with the first of three endpoints down', () => {
    beforeAll(async () => {
      await cluster.kill(0);
    }, 30_000);
    afterAll(async () => {
      await cluster.restart(0);
    }, 60_000);

    it('put, get, del and member list go to the next endpoint', async () => {
      expect(await runCli([...all, 'put', 'failover/k', 'v1'])).toMatchObject({ out: 'OK\n', err: '', code: 0 });
      expect(await runCli([...all, 'get', 'failover/k'])).toMatchObject({ out: 'failover/k\nv1\n', err: '', code: 0 });
      const list = await runCli([...all, 'member', 'list']);
      expect(list).toMatchObject({ err: '', code: 0 });
      expect(list.out.trim().split('\n')).toHaveLength(3);
      for (const url of cluster.peerUrls) expect(list.out).toContain(url);
      expect(await runCli([...all, 'del', 'failover/k'])).toMatchObject({ out: '1\n', err: '', code: 0 });
      expect(await runCli([...all, 'get', 'failover/k'])).toMatchObject({ out: '', err: '', code: 0 });
    }, 60_000);

    it('endpoint status reports the dead endpoint and prints the others, exit 1', async () => {
      const r = await runCli([...all, '--command-timeout', '2s', 'endpoint', 'status']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^Failed to get the status of endpoint ${cluster.endpoints[0]} \\(context deadline exceeded`));
      expect(r.out.trim().split('\n').map((l) => l.split(', ')[0])).toEqual(cluster.endpoints.slice(1));
    }, 30_000);

    it('endpoint health names the dead endpoint unhealthy, the others healthy', async () => {
      const r = await runCli([...all, '--command-timeout', '2s', 'endpoint', 'health', '-w', 'json']);
      expect(r.code).toBe(1);
      expect(r.err).toBe('Error: unhealthy cluster\n');
      const list = JSON.parse(r.out) as { endpoint: string; health: boolean; error?: string }[];
      expect(list.map((h) => [h.endpoint, h.health]).sort()).toEqual(cluster.endpoints.map((e, i) => [e, i !== 0]).sort());
      expect(list.find((h) => !h.health)!.error).toMatch(/^context deadline exceeded/);
    }, 30_000);
  });

  describe('snapshot save', () => {
    it('piped stderr: no progress; the file is complete, 0600, and no .part is left', async () => {
      await runCli([...all, 'put', 'snap/a', '1']);
      const put = await runCli([...all, 'put', 'snap/b', '2', '-w', 'json']);
      const revision = (JSON.parse(put.out) as { header: { revision: number } }).header.revision;
      const file = path.join(dir, 'piped.db');
      expect(await runCli(['--endpoints', cluster.endpoints[1]!, 'snapshot', 'save', file])).toMatchObject({
        out: `Snapshot saved at ${file}\n`,
        err: '',
        code: 0,
      });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
      const status = await runCli(['snapshot', 'status', file, '-w', 'json']);
      const s = JSON.parse(status.out) as { revision: number; totalKey: number; totalSize: number };
      expect(s.revision).toBe(revision);
      expect(s.totalKey).toBeGreaterThan(2);
      // etcd appends a SHA-256 of the database to a snapshot.
      expect(statSync(file).size).toBe(s.totalSize + 32);
    }, 30_000);

    it('a terminal stderr shows progress and clears it', async () => {
      const file = path.join(dir, 'tty.db');
      const io = { ...captureIO(), stderrIsTTY: true };
      const code = await run(['--endpoints', cluster.endpoints[1]!, 'snapshot', 'save', file], io);
      expect(code).toBe(0);
      expect(io.stdoutText()).toBe(`Snapshot saved at ${file}\n`);
      expect(io.stderrText()).toMatch(/^\rDownloading snapshot: \d+(\.\d)? [kM]?B \/ \d+(\.\d)? [kM]?B\x1b\[K/);
      expect(io.stderrText().endsWith('\r\x1b[K')).toBe(true);
      expect(existsSync(file)).toBe(true);
    }, 30_000);

    it('an unreachable endpoint fails with exit 5 and leaves no file', async () => {
      const file = path.join(dir, 'dead.db');
      const r = await runCli(['--endpoints', `127.0.0.1:${await freePort()}`, '--dial-timeout', '500ms', 'snapshot', 'save', file]);
      expect(r.code).toBe(5);
      expect(r.err).toMatch(/^Error: context deadline exceeded/);
      expect(existsSync(file) || existsSync(`${file}.part`)).toBe(false);
    }, 30_000);
  });

  describe('reconfiguration and maintenance change the cluster', () => {
    async function members(): Promise<{ ID: bigint; name: string; peerURLs: string[]; isLearner: boolean }[]> {
      return (await client.cluster.memberList({}, { timeoutMs: 5_000 })).members;
    }

    async function retry(argv: string[]): Promise<{ out: string; err: string; code: number }> {
      for (let i = 0; ; i++) {
        const r = await runCli(argv);
        if (r.code === 0 || !/unhealthy cluster/.test(r.err) || i >= 60) return r;
        await sleep(500);
      }
    }

    it('member add --learner, update, remove', async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const add = await retry([...all, 'member', 'add', 'ops', `--peer-urls=${url}`, '--learner', '-w', 'json']);
      expect(add.code, add.err).toBe(0);
      const added = (await members()).find((m) => m.peerURLs.includes(url))!;
      expect(added).toMatchObject({ name: '', isLearner: true });
      expect(add.out).toContain(`"member":{"ID":${added.ID},"peerURLs":["${url}"],"isLearner":true}`);

      const url2 = `http://127.0.0.1:${await freePort()}`;
      const update = await retry([...all, 'member', 'update', hexId(added.ID), `--peer-urls=${url},${url2}`]);
      expect(update.code, update.err).toBe(0);
      expect((await members()).find((m) => m.ID === added.ID)!.peerURLs.sort()).toEqual([url, url2].sort());

      const remove = await retry([...all, 'member', 'remove', hexId(added.ID)]);
      expect(remove.code, remove.err).toBe(0);
      expect((await members()).map((m) => m.ID)).not.toContain(added.ID);
    }, 60_000);

    it('move-leader hands leadership to the named member', async () => {
      const before = (await client.maintenance.status({}, { timeoutMs: 5_000 })).leader;
      const target = (await members()).find((m) => m.ID !== before)!.ID;
      const r = await runCli([...all, 'move-leader', hexId(target)]);
      expect(r).toMatchObject({ out: `Leadership transferred from ${hexId(before)} to ${hexId(target)}\n`, code: 0 });
      expect((await client.maintenance.status({}, { timeoutMs: 5_000 })).leader).toBe(target);
    }, 30_000);

    it('alarm disarm clears a NOSPACE alarm, and writes work again', async () => {
      const id = (await members())[0]!.ID;
      await client.maintenance.alarm({ action: 'ACTIVATE', memberID: id, alarm: 'NOSPACE' }, { timeoutMs: 5_000 });
      expect(await runCli([...all, 'put', 'alarm/k', 'v'])).toMatchObject({ err: 'Error: etcdserver: mvcc: database space exceeded\n', code: 1 });
      expect(await runCli([...all, 'alarm', 'list'])).toMatchObject({ out: `memberID:${id} alarm:NOSPACE \n`, code: 0 });
      expect(await runCli([...all, 'alarm', 'disarm'])).toMatchObject({ out: `memberID:${id} alarm:NOSPACE \n`, code: 0 });
      expect(await runCli([...all, 'alarm', 'list', '-w', 'json'])).toMatchObject({ out: '{}\n', code: 0 });
      expect(await runCli([...all, 'put', 'alarm/k', 'v'])).toMatchObject({ out: 'OK\n', code: 0 });
    }, 30_000);

    it('defrag --cluster defragments every member', async () => {
      const r = await runCli(['--endpoints', cluster.endpoints[0]!, 'defrag', '--cluster']);
      expect(r).toMatchObject({ err: '', code: 0 });
      // In member list order (by member ID).
      const urls = (await client.cluster.memberList({}, { timeoutMs: 5_000 })).members.flatMap((m) => m.clientURLs);
      expect([...urls].sort()).toEqual([...cluster.clientUrls].sort());
      expect(r.out).toBe(urls.map((u) => `Finished defragmenting etcd member[${u}]\n`).join(''));
    }, 30_000);

    it('defrag --data-dir is refused rather than done badly', async () => {
      expect(await runCli(['defrag', '--data-dir', dir])).toMatchObject({ out: '', code: 4 });
    });
  });
});
