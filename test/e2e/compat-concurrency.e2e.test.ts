// Differential tests of `lock` and `elect` (clientv3/concurrency): the Go etcdctl 3.4.23 (the
// oracle) and etcdctl-ts hold the same locks and run in the same elections on the shared server,
// taking turns in both orders, so key layout and ordering must be clientv3's. One-shot cases
// (argument errors, exec mode) compare stdout, stderr and exit code byte for byte; lease IDs and
// revisions, which the server makes up per run, are masked where they are printed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { bundleCli, type Bundle, type Proc } from './helpers/bundle.js';
import { startEtcdctl, startOurs, waitFor, type Finished, type Running } from './helpers/long-running.js';
import { differentialReady, etcdctlBin, runEtcdctl, withoutZapLogs } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcdctl: etcdctlBin !== undefined });
if (!ready) process.stderr.write('compat-concurrency: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

const PATH = process.env.PATH ?? '/usr/bin:/bin';
/** Tools see the server through the environment, so exec'd commands can reach it too. */
const env = { ETCDCTL_ENDPOINTS: endpoint, PATH };
const unique = (what: string): string => `${what}-${randomBytes(4).toString('hex')}`;
const text = (b: Buffer): string => b.toString('latin1');

type Tool = 'go' | 'ts';
const start = (tool: Tool, argv: readonly string[]): Running => (tool === 'go' ? startEtcdctl(argv, { env }) : startOurs(argv, { env }));

/** Keys under `<name>/`, oldest first. */
async function queue(client: EtcdClient, name: string): Promise<string[]> {
  const pfx = Buffer.from(`${name}/`);
  const end = Buffer.from(pfx);
  end[end.length - 1]! += 1;
  const r = await client.kv.range({ key: pfx, range_end: end, sort_target: 'CREATE', sort_order: 'ASCEND' });
  return r.kvs.map((kv) => Buffer.from(kv.key).toString());
}

async function waitQueue(client: EtcdClient, name: string, n: number): Promise<string[]> {
  let keys: string[] = [];
  const deadline = Date.now() + 20_000;
  for (;;) {
    keys = await queue(client, name);
    if (keys.length === n) return keys;
    if (Date.now() > deadline) throw new Error(`expected ${n} keys under ${name}/, found ${keys.join(' ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const finished = (r: Running, timeoutMs = 20_000): Promise<Finished> =>
  Promise.race([r.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('command did not end')), timeoutMs))]);

describe.skipIf(!ready)('compat: lock and elect', () => {
  let client: EtcdClient;
  const running: Running[] = [];
  const track = (r: Running): Running => (running.push(r), r);

  beforeAll(() => {
    client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  });
  afterAll(async () => {
    // Nothing may outlive the suite: stop whatever a failed case left running.
    for (const r of running) r.interrupt();
    await Promise.allSettled(running.map((r) => finished(r, 15_000)));
    client.close();
  });

  describe('usage and argument errors', () => {
    const cases: readonly (readonly string[])[] = [
      ['lock'],
      ['lock', '--help'],
      ['lock', '--ttl=abc', 'x'],
      ['elect'],
      ['elect', '--help'],
      ['elect', 'a', 'b', 'c'],
      ['elect', 'x'],
      ['elect', '-l', 'x', 'y'],
    ];
    for (const argv of cases) {
      it(argv.join(' '), async () => {
        const theirs = await runEtcdctl(argv, { env });
        const ours = await runCli(argv, { env });
        expect(text(ours.stdout)).toBe(text(theirs.stdout));
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
      });
    }
  });

  describe('lock with a command to run', () => {
    const mask = (s: string, name: string): string =>
      s.replaceAll(new RegExp(`${name}/[0-9a-f]+`, 'g'), `${name}/<lease>`).replace(/REV=\d+/g, 'REV=<rev>');
    const cases: readonly { name: string; cmd: string[] }[] = [
      { name: 'environment and output', cmd: ['sh', '-c', 'echo "KEY=$ETCD_LOCK_KEY REV=$ETCD_LOCK_REV API=[$ETCDCTL_API]"; echo to-stderr >&2'] },
      { name: 'failing command', cmd: ['sh', '-c', 'echo partial; exit 3'] },
      { name: 'command killed by a signal', cmd: ['sh', '-c', 'kill -KILL $$'] },
      { name: 'command not on PATH', cmd: ['no-such-command-etcdctl-ts'] },
      { name: 'command path that does not exist', cmd: ['./no-such-command'] },
      { name: 'file that is not executable', cmd: ['/etc/passwd'] },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const name = unique('lk-exec');
        const theirs = await runEtcdctl(['lock', name, '--', ...c.cmd], { env });
        const ours = await runCli(['lock', name, '--', ...c.cmd], { env });
        expect(mask(ours.out, name)).toBe(mask(text(theirs.stdout), name));
        expect(mask(ours.err, name)).toBe(mask(withoutZapLogs(theirs.stderr), name));
        expect(ours.code).toBe(theirs.code);
        // Both released the lock.
        expect(await queue(client, name)).toEqual([]);
      });
    }

    it('runs the command while holding the key it names, at the revision it names', async () => {
      const name = unique('lk-env');
      const show = `"${etcdctlBin}" get "$ETCD_LOCK_KEY" -w json; echo "$ETCD_LOCK_REV"`;
      const ours = await runCli(['lock', name, '--', 'sh', '-c', show], { env: { ...env, ETCDCTL_API: '3' } });
      expect(ours.code).toBe(0);
      const [json, rev] = ours.out.trim().split('\n');
      const kv = (JSON.parse(json!) as { kvs: { key: string; create_revision: number }[] }).kvs[0]!;
      expect(Buffer.from(kv.key, 'base64').toString()).toMatch(new RegExp(`^${name}/[0-9a-f]+$`));
      // Uncontended: the revision of the txn that created the key.
      expect(Number(rev)).toBe(kv.create_revision);
      // The lease ID is beyond 2^53: read it from the JSON text, not through a JS number.
      const lease = BigInt(/"lease":(\d+)/.exec(json!)![1]!);
      expect(Buffer.from(kv.key, 'base64').toString()).toBe(`${name}/${lease.toString(16)}`);
    });
  });

  for (const [first, second] of [
    ['go', 'ts'],
    ['ts', 'go'],
  ] as const) {
    it(`two holders take turns: ${first} first, then ${second}`, async () => {
      const name = unique(`lk-${first}-${second}`);
      const a = track(start(first, ['lock', name]));
      await waitFor(() => a.stdout().length > 0, `${first} to take the lock`, 20_000);
      const [held] = await waitQueue(client, name, 1);
      expect(text(a.stdout())).toBe(`${held}\n\n`);

      const b = track(start(second, ['lock', name]));
      const [, waiting] = await waitQueue(client, name, 2);
      // Queued behind the holder, silent until it gets the lock.
      expect(text(b.stdout())).toBe('');

      a.interrupt();
      const aDone = await finished(a);
      expect(aDone.code).toBe(0);
      expect(text(aDone.stderr)).toBe('');
      await waitFor(() => b.stdout().length > 0, `${second} to take the lock`, 20_000);
      expect(text(b.stdout())).toBe(`${waiting}\n\n`);
      expect(await queue(client, name)).toEqual([waiting]);

      b.interrupt();
      const bDone = await finished(b);
      expect(bDone.code).toBe(0);
      expect(text(bDone.stderr)).toBe('');
      expect(await queue(client, name)).toEqual([]);
    });
  }

  it('a waiter interrupted before it gets the lock leaves the queue, with context canceled (both tools)', async () => {
    const name = unique('lk-cancel');
    const holder = track(start('go', ['lock', name]));
    await waitQueue(client, name, 1);
    const results: Finished[] = [];
    for (const tool of ['go', 'ts'] as const) {
      const waiter = track(start(tool, ['lock', name]));
      await waitQueue(client, name, 2);
      waiter.interrupt();
      results.push(await finished(waiter));
      expect(await queue(client, name)).toHaveLength(1);
    }
    const [theirs, ours] = results as [Finished, Finished];
    expect(text(ours.stdout)).toBe(text(theirs.stdout));
    expect(text(ours.stderr)).toBe(withoutZapLogs(theirs.stderr));
    expect(ours.code).toBe(theirs.code);
    expect(ours.code).toBe(1);
    expect(text(ours.stderr)).toBe('Error: context canceled\n');
    holder.interrupt();
    await finished(holder);
  });

  it('a holder whose lease is revoked reports the session expired (both tools)', async () => {
    const results: Finished[] = [];
    for (const tool of ['go', 'ts'] as const) {
      const name = unique(`lk-lost-${tool}`);
      const holder = track(start(tool, ['lock', name]));
      await waitFor(() => holder.stdout().length > 0, 'the lock', 20_000);
      const r = await client.kv.range({ key: Buffer.from((await queue(client, name))[0]!) });
      await client.lease.leaseRevoke({ ID: r.kvs[0]!.lease });
      results.push(await finished(holder));
    }
    const [theirs, ours] = results as [Finished, Finished];
    expect(text(ours.stderr)).toBe(withoutZapLogs(theirs.stderr));
    expect(ours.code).toBe(theirs.code);
    expect(text(ours.stderr)).toBe('Error: session expired\n');
  });

  it('prints the lock key with the json writer as a get response', async () => {
    const results: string[] = [];
    for (const tool of ['go', 'ts'] as const) {
      const name = unique('lk-json');
      const holder = track(start(tool, ['lock', name, '-w', 'json']));
      await waitFor(() => holder.stdout().length > 0, 'the lock', 20_000);
      holder.interrupt();
      const done = await finished(holder);
      expect(done.code).toBe(0);
      const r = JSON.parse(text(done.stdout)) as { header: object; kvs: { key: string; value?: string; lease: number }[]; count: number };
      expect(Object.keys(r)).toEqual(['header', 'kvs', 'count']);
      expect(r.count).toBe(1);
      expect(r.kvs[0]!.value).toBeUndefined();
      results.push(Object.keys(r.kvs[0]!).join(','));
    }
    expect(results[1]).toBe(results[0]);
  });

  it('elect: both tools observe the same leaders while both campaign', async () => {
    const name = unique('el');
    const c1 = track(start('go', ['elect', name, 'p1']));
    await waitFor(() => c1.stdout().length > 0, 'the first leader', 20_000);
    const c2 = track(start('ts', ['elect', name, 'p2']));
    await waitQueue(client, name, 2);
    expect(text(c2.stdout())).toBe('');

    const observers = [track(start('go', ['elect', '-l', name, '-w', 'json'])), track(start('ts', ['elect', '-l', name, '-w', 'json']))];
    const lines = (r: Running): number => text(r.stdout()).split('\n').length - 1;
    await waitFor(() => observers.every((o) => lines(o) === 1), 'both observers to see p1', 20_000);

    // The leader resigns: the candidate behind it is elected, and both observers see it.
    c1.interrupt();
    expect((await finished(c1)).code).toBe(0);
    await waitFor(() => c2.stdout().length > 0, 'p2 to be elected', 20_000);
    const [leaderKey] = await queue(client, name);
    expect(text(c2.stdout())).toBe(`${leaderKey}\np2\n`);
    await waitFor(() => observers.every((o) => lines(o) === 2), 'both observers to see p2', 20_000);

    // No leader for a while; then a new candidate is elected at once.
    c2.interrupt();
    expect((await finished(c2)).code).toBe(0);
    expect(await queue(client, name)).toEqual([]);
    const c3 = track(start('ts', ['elect', name, 'p3']));
    await waitFor(() => observers.every((o) => lines(o) === 3), 'both observers to see p3', 20_000);
    c3.interrupt();
    expect((await finished(c3)).code).toBe(0);

    for (const o of observers) o.interrupt();
    const [theirs, ours] = await Promise.all(observers.map((o) => finished(o)));
    expect(text(ours!.stdout)).toBe(text(theirs!.stdout));
    expect(text(ours!.stderr)).toBe(withoutZapLogs(theirs!.stderr));
    expect(ours!.code).toBe(theirs!.code);
    expect(ours!.code).toBe(0);
    const values = text(ours!.stdout)
      .trim()
      .split('\n')
      .map((l) => Buffer.from((JSON.parse(l) as { kvs: { value: string }[] }).kvs[0]!.value, 'base64').toString());
    expect(values).toEqual(['p1', 'p2', 'p3']);
    // compat(etcdctl 3.4): observe's responses carry no count although they hold one KV.
    expect(text(ours!.stdout)).not.toContain('"count"');
  });

  it('elect: a campaign interrupted while waiting resigns, with context canceled (both tools)', async () => {
    const name = unique('el-cancel');
    const leader = track(start('go', ['elect', name, 'boss']));
    await waitFor(() => leader.stdout().length > 0, 'the leader', 20_000);
    const results: Finished[] = [];
    for (const tool of ['go', 'ts'] as const) {
      const candidate = track(start(tool, ['elect', name, `cand-${tool}`]));
      await waitQueue(client, name, 2);
      candidate.interrupt();
      results.push(await finished(candidate));
      expect(await queue(client, name)).toHaveLength(1);
    }
    const [theirs, ours] = results as [Finished, Finished];
    expect(text(ours.stdout)).toBe(text(theirs.stdout));
    expect(text(ours.stderr)).toBe(withoutZapLogs(theirs.stderr));
    expect(ours.code).toBe(theirs.code);
    leader.interrupt();
    expect((await finished(leader)).code).toBe(0);
  });

  describe('as processes: SIGINT and SIGTERM', () => {
    let cli: Bundle;
    const procs: Proc[] = [];
    beforeAll(async () => {
      cli = await bundleCli();
    });
    afterAll(async () => {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.allSettled(procs.map((p) => p.done));
      cli.remove();
    });
    const run = (argv: string[]): Proc => {
      const p = cli.start(argv, env);
      procs.push(p);
      return p;
    };

    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`lock releases and exits 0 on ${sig}, as etcdctl does`, async () => {
        const name = unique('lk-proc');
        const p = run(['lock', name]);
        await waitFor(() => p.stdout().length > 0, 'the lock', 20_000);
        expect(p.stdout()).toBe(`${(await queue(client, name))[0]}\n\n`);
        p.child.kill(sig);
        expect(await p.done).toEqual({ code: 0, signal: null });
        expect(p.stderr()).toBe('');
        expect(await queue(client, name)).toEqual([]);
      });

      it(`elect resigns and exits 0 on ${sig}, as etcdctl does`, async () => {
        const name = unique('el-proc');
        const p = run(['elect', name, 'v']);
        await waitFor(() => p.stdout().length > 0, 'the election', 20_000);
        p.child.kill(sig);
        expect(await p.done).toEqual({ code: 0, signal: null });
        expect(await queue(client, name)).toEqual([]);
      });
    }

    it('lock with a command: a SIGTERM for etcdctl-ts alone waits for the command, then unlocks', async () => {
      const name = unique('lk-proc-exec');
      const p = run(['lock', name, '--', 'sh', '-c', 'echo started; sleep 1; echo done; exit 4']);
      await waitFor(() => p.stdout().includes('started'), 'the command', 20_000);
      p.child.kill('SIGTERM');
      expect(await p.done).toEqual({ code: 1, signal: null });
      expect(p.stdout()).toBe('started\ndone\n');
      expect(p.stderr()).toBe('Error: exit status 4\n');
      expect(await queue(client, name)).toEqual([]);
    });
  });
});
