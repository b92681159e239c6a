// What only the shipped process shows: Ctrl-C on long-running commands (the shell sees 130), a
// reader of stdout that goes away (`| head`: the shell sees 141, nothing on stderr, as the Go
// etcdctl dies of SIGPIPE), and dev-cluster started, used and stopped through bin/etcdctl-ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { findEtcdBinary } from '../helpers/etcd-cluster.js';
import { binCommand, runBin, runShell, startBin, startShell, type RunningBin } from './helpers/bin.js';
import { differentialReady, etcdctlBin, runEtcdctl } from './helpers/oracle.js';

const endpoint = inject('etcdEndpoint');
const etcd = findEtcdBinary();
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcd: etcd !== undefined, etcdctl: etcdctlBin !== undefined });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe.skipIf(!ready)('bin/etcdctl-ts as a process', () => {
  const ep = `--endpoints=${endpoint}`;
  const P = `bin-process-${process.pid}-${Date.now().toString(36)}/`;
  let client: EtcdClient;
  const running: RunningBin[] = [];

  beforeAll(async () => {
    client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
    // 20,000 keys: several pipe buffers of output in every writer.
    for (let b = 0; b < 20_000; b += 100) {
      const success = Array.from({ length: 100 }, (_, i) => ({ request_put: { key: Buffer.from(`${P}big/${String(b + i).padStart(6, '0')}`), value: Buffer.from(`value ${b + i}`) } }));
      await client.kv.txn({ success });
    }
  });
  afterAll(() => {
    for (const r of running) r.child.kill('SIGKILL');
    client?.close();
  });

  describe('Ctrl-C', () => {
    it('watch: output so far, then the shell sees 130, nothing on stderr', async () => {
      const w = startBin([ep, 'watch', `${P}w`]);
      running.push(w);
      await sleep(1_000);
      await client.kv.put({ key: Buffer.from(`${P}w`), value: Buffer.from('x') });
      await until(() => w.out().includes('PUT'), 'the event');
      w.child.kill('SIGINT');
      const r = await w.done;
      expect({ code: r.code, signal: r.signal, out: r.out, err: r.err }).toEqual({ code: 130, signal: 'SIGINT', out: `PUT\n${P}w\nx\n`, err: '' });
    });

    it('lease keep-alive: the shell sees 130', async () => {
      const grant = await runBin([ep, 'lease', 'grant', '60']);
      const id = /^lease ([0-9a-f]+) granted/.exec(grant.out)?.[1];
      expect(id).toBeDefined();
      const k = startBin([ep, 'lease', 'keep-alive', id!]);
      running.push(k);
      await until(() => k.out().includes('keepalived with TTL(60)'), 'a keep-alive');
      k.child.kill('SIGINT');
      const r = await k.done;
      expect({ code: r.code, signal: r.signal, err: r.err }).toEqual({ code: 130, signal: 'SIGINT', err: '' });
      expect(r.out).toMatch(new RegExp(`^(lease ${id} keepalived with TTL\\(60\\)\\n)+$`));
    });
  });

  it('make-mirror (its destination client is loaded lazily): mirrors, then Ctrl-C gives 130', async () => {
    const m = startBin([ep, 'make-mirror', '--prefix', `${P}src/`, '--dest-prefix', `${P}dst/`, endpoint]);
    running.push(m);
    await sleep(1_000);
    await client.kv.put({ key: Buffer.from(`${P}src/k`), value: Buffer.from('mirrored') });
    let got = '';
    await until(() => {
      void client.kv.range({ key: Buffer.from(`${P}dst/k`) }).then((r) => (got = Buffer.from(r.kvs[0]?.value ?? []).toString()));
      return got === 'mirrored';
    }, 'the mirrored key');
    m.child.kill('SIGINT');
    const r = await m.done;
    expect({ code: r.code, err: r.err }).toEqual({ code: 130, err: '' });
  });

  it('snapshot save and snapshot status -w table (the bbolt reader is loaded lazily), as etcdctl', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bin-snapshot-'));
    try {
      const file = path.join(dir, 's.db');
      const save = await runBin([ep, 'snapshot', 'save', file]);
      expect({ code: save.code, out: save.out }).toEqual({ code: 0, out: `Snapshot saved at ${file}\n` });
      for (const w of ['table', 'json', 'simple']) {
        const ours = await runBin(['snapshot', 'status', file, '-w', w]);
        const theirs = await runEtcdctl(['snapshot', 'status', file, '-w', w]);
        expect({ code: ours.code, out: ours.out, err: ours.err }).toEqual({ code: theirs.code, out: theirs.stdout.toString(), err: theirs.stderr.toString() });
        expect(ours.code).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // `${PIPESTATUS[0]}` is the writer's status as the shell saw it.
  describe('a reader that goes away: SIGPIPE (141) and silence, as etcdctl', () => {
    const pipes = [
      `get ${P}big/ --prefix | head -1`,
      `get ${P}big/ --prefix -w json | head -c 10`,
      `get ${P}big/ --prefix -w fields | head -1`,
      `get ${P}big/ --prefix -w protobuf | head -c 5`,
      `get ${P}big/ --prefix --keys-only | head -2`,
    ];
    it.each(pipes)('%s', async (line) => {
      const script = `"$@" ${ep} ${line} >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const ours = await runShell(`set -- ${binCommand}; ${script}`, { shell: 'bash' });
      const theirs = await runShell(`set -- ${etcdctlBin}; ${script}`, { shell: 'bash', env: { ETCDCTL_API: '3' } });
      expect({ out: ours.out, err: ours.err }).toEqual({ out: '141\n', err: '' });
      expect({ out: theirs.out, err: theirs.err }).toEqual({ out: '141\n', err: '' });
    });

    it('watch --prefix | head -3', async () => {
      const script = (cmd: string): string => `set -- ${cmd}; "$@" ${ep} watch --prefix ${P}pw/ | head -3 >/dev/null; echo "\${PIPESTATUS[0]}"`;
      const shells = [startShell(script(binCommand), { shell: 'bash' }), startShell(script(etcdctlBin!), { shell: 'bash', env: { ETCDCTL_API: '3' } })];
      await sleep(1_500);
      let n = 0;
      const results = Promise.all(shells.map((s) => s.done));
      let done = false;
      void results.then(() => (done = true));
      while (!done && n < 200) {
        await client.kv.put({ key: Buffer.from(`${P}pw/${n++}`), value: Buffer.from('v') });
        await sleep(50);
      }
      for (const r of await results) expect({ out: r.out, err: r.err }).toEqual({ out: '141\n', err: '' });
    });
  });

  it('dev-cluster --members 1 --ports free: start, put/get at the endpoint it prints, Ctrl-C stops etcd and removes its data', { timeout: 90_000 }, async () => {
    const PATH = [path.dirname(etcd!), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
    const dev = startBin(['dev-cluster', '--members', '1', '--ports', 'free'], { env: { PATH }, keepStdinOpen: true, timeoutMs: 80_000 });
    running.push(dev);
    await until(() => dev.out().includes('Press Ctrl-C') || dev.err().includes('Error:'), 'the cluster', 60_000);
    const out = dev.out();
    const endpoints = /^ {2}export ETCDCTL_ENDPOINTS=(\S+)$/m.exec(out)?.[1];
    const dataRoot = /^Data and logs: (\S+)/m.exec(out)?.[1];
    const pids = [...out.matchAll(/^ {2}infra\d {2}pid (\d+) /gm)].map((m) => Number(m[1]));
    expect({ endpoints: endpoints !== undefined, dataRoot: dataRoot !== undefined, pids: pids.length }).toEqual({ endpoints: true, dataRoot: true, pids: 1 });
    expect(dev.err()).not.toContain('Error');
    expect(existsSync(dataRoot!)).toBe(true);
    const env = { ETCDCTL_ENDPOINTS: endpoints! };
    expect((await runBin(['put', 'dev', 'ok'], { env })).out).toBe('OK\n');
    expect((await runBin(['get', 'dev'], { env })).out).toBe('dev\nok\n');
    dev.child.kill('SIGINT');
    const r = await dev.done;
    // dev-cluster catches the signal, stops its members and exits 0 (test/e2e/dev-cluster.e2e.test.ts).
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(dataRoot!)).toBe(false);
  });
});
