// Behaviour of `watch`: events as they happen, the end of a watch (Ctrl-C, compaction, a failing
// exec command), interactive mode, and the fault test of issue 3: a 3-member cluster whose
// member serving the watch (and a lease keep-alive) is killed and restarted while 2,000 keys
// are written — every event is printed exactly once, in revision order, and the lease lives on.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { settle, sleep, startOurs, waitFor } from './helpers/long-running.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const enc = (s: string): Buffer => Buffer.from(s);

function clientFor(endpoints: string[]): EtcdClient {
  return createClient({ endpoints, dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
}

/** The JSON lines of `watch -w json`, with the numbers a test looks at (all small enough for JS). */
interface JsonWatchLine {
  Header: { member_id?: number; revision?: number };
  Events: { type?: number; kv: { key: string; mod_revision: number; value?: string } }[];
  Canceled: boolean;
}

function jsonLines<T>(out: Buffer): T[] {
  return out
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l.replace(/"(cluster_id|member_id)":(\d+)/g, '"$1":"$2"')) as T);
}

describe.skipIf(endpoint === '')('watch', () => {
  let client: EtcdClient;
  beforeAll(() => {
    client = clientFor([endpoint]);
  });
  afterAll(() => client.close());

  it('prints each event as it happens and ends quietly on Ctrl-C', async () => {
    const w = startOurs(['--endpoints', endpoint, 'watch', 'wb/events/', '--prefix']);
    await sleep(500);
    await client.kv.put({ key: enc('wb/events/a'), value: enc('1') });
    await client.kv.put({ key: enc('wb/events/b'), value: enc('2') });
    await client.kv.deleteRange({ key: enc('wb/events/a') });
    await client.kv.put({ key: enc('wb/other'), value: enc('x') });
    await waitFor(() => w.stdout().toString().includes('DELETE'), 'the DELETE event');
    w.interrupt();
    const r = await w.done;
    expect(r.stdout.toString()).toBe('PUT\nwb/events/a\n1\nPUT\nwb/events/b\n2\nDELETE\nwb/events/a\n\n');
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(0);
  });

  it('replays history from --rev and shows previous values with --prev-kv', async () => {
    const first = await client.kv.put({ key: enc('wb/rev/k'), value: enc('v1') });
    await client.kv.put({ key: enc('wb/rev/k'), value: enc('v2') });
    const w = startOurs(['--endpoints', endpoint, 'watch', 'wb/rev/k', '--rev', String(first.header!.revision), '--prev-kv']);
    await waitFor(() => w.stdout().toString().split('\n').length >= 8, 'two events');
    w.interrupt();
    const r = await w.done;
    expect(r.stdout.toString()).toBe('PUT\nwb/rev/k\nv1\nPUT\nwb/rev/k\nv1\nwb/rev/k\nv2\n');
    expect(r.code).toBe(0);
  });

  it('runs the exec command once per event with the ETCD_WATCH_* environment', async () => {
    const w = startOurs(
      ['--endpoints', endpoint, 'watch', 'wb/exec/', '--prefix', '--', 'sh', '-c', 'echo "$ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE"'],
    );
    await sleep(500);
    const p = await client.kv.put({ key: enc('wb/exec/a'), value: enc('say "hi"') });
    await waitFor(() => w.stdout().toString().split('\n').length >= 5, 'the command output');
    w.interrupt();
    const r = await w.done;
    expect(r.stdout.toString()).toBe(`PUT\nwb/exec/a\nsay "hi"\n${p.header!.revision} "PUT" "wb/exec/a" "say \\"hi\\""\n`);
    expect(r.code).toBe(0);
  });

  it('stops with exit 1 when the exec command fails', async () => {
    const w = startOurs(['--endpoints', endpoint, 'watch', 'wb/execfail', '--', 'sh', '-c', 'exit 7']);
    await sleep(500);
    await client.kv.put({ key: enc('wb/execfail'), value: enc('x') });
    const r = await w.done;
    expect(r.stdout.toString()).toBe('PUT\nwb/execfail\nx\n');
    expect(r.stderr.toString()).toBe('command ["sh" "-c" "exit 7"] error (exit status 7)\n');
    expect(r.code).toBe(1);
  });

  it('interactive: one watcher per line, progress notifications, exit 3 at the end of stdin', async () => {
    const start = await client.kv.put({ key: enc('wb/i/a'), value: enc('0') });
    const rev = start.header!.revision + 1n;
    const w = startOurs(['--endpoints', endpoint, 'watch', '-i']);
    w.writeLine(`watch wb/i/a --rev ${rev}`);
    w.writeLine('bogus');
    await sleep(300);
    const p = await client.kv.put({ key: enc('wb/i/a'), value: enc('1') });
    await waitFor(() => w.stdout().toString().includes('PUT'), 'the event');
    w.writeLine('progress');
    await waitFor(() => w.stdout().toString().includes('progress notify'), 'the progress notification');
    w.closeStdin();
    const r = await w.done;
    expect(r.stdout.toString()).toBe(`PUT\nwb/i/a\n1\nprogress notify: ${p.header!.revision}\n`);
    expect(r.stderr.toString()).toBe('Invalid command bogus (only support watch)\nError: Error reading watch request line: EOF\n');
    expect(r.code).toBe(3);
  });

  it('fails with exit 128 on bad arguments before connecting', async () => {
    const r = await runCli(['--endpoints', '127.0.0.1:1', 'watch', 'a', 'b', '--prefix']);
    expect(r.err).toBe('Error: `range_end` and `--prefix` are mutually exclusive\n');
    expect(r.code).toBe(128);
  });
});

describe.skipIf(endpoint === '')('watch on a private cluster', () => {
  let cluster: EtcdCluster;
  let client: EtcdClient;
  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'watch-compact' });
    client = clientFor(cluster.endpoints);
  });
  afterAll(async () => {
    client?.close();
    await cluster?.stop();
  });

  it('says clearly that a compacted start revision cannot be watched, and exits 5', async () => {
    for (let i = 0; i < 5; i++) await client.kv.put({ key: enc('c/k'), value: enc(String(i)) });
    const last = await client.kv.put({ key: enc('c/k'), value: enc('last') });
    await client.kv.compact({ revision: last.header!.revision, physical: true });
    const r = await runCli(['--endpoints', cluster.endpoints[0]!, 'watch', 'c/k', '--rev', '2']);
    expect(r.out).toBe('');
    expect(r.err).toBe('watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n');
    expect(r.code).toBe(5);
  });
});

describe.skipIf(endpoint === '')('watch --progress-notify (etcdctl 3.5, hidden in 3.4 help)', () => {
  let cluster: EtcdCluster;
  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'watch-progress', extraArgs: ['--experimental-watch-progress-notify-interval', '200ms'] });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('prints the progress notifications the server sends, and none without the flag', async () => {
    const ep = cluster.endpoints[0]!;
    const withFlag = startOurs(['--endpoints', ep, 'watch', 'p/', '--prefix', '--progress-notify']);
    const without = startOurs(['--endpoints', ep, 'watch', 'p/', '--prefix']);
    await waitFor(() => withFlag.stdout().toString().split('progress notify: ').length > 2, 'two progress notifications');
    withFlag.interrupt();
    without.interrupt();
    const [a, b] = [await withFlag.done, await without.done];
    expect(a.stdout.toString()).toMatch(/^(progress notify: \d+\n)+$/);
    expect(b.stdout.toString()).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
  });
});

describe.skipIf(endpoint === '')('member failure (issue 3 fault test)', () => {
  let cluster: EtcdCluster;
  beforeAll(async () => {
    cluster = await startCluster({ members: 3, name: 'watch-fault' });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    'prints every one of 2,000 events exactly once, in order, and keeps a lease alive, while the watched member is killed and restarted',
    async () => {
      const eps = cluster.endpoints;
      // The writer and the checks use the members that stay up; the CLI starts on member 0.
      const writer = clientFor([eps[1]!, eps[2]!]);
      try {
        const one = clientFor([eps[0]!]);
        const member0 = (await one.maintenance.status({}).finally(() => one.close())).header!.member_id;
        const all = eps.join(',');

        const grant = await writer.lease.leaseGrant({ TTL: 4n });
        const leaseId = grant.ID;
        await writer.kv.put({ key: enc('reg/node-1'), value: enc('10.0.0.1:80'), lease: leaseId });
        const keeper = startOurs(['--endpoints', all, 'lease', 'keep-alive', leaseId.toString(16), '-w', 'json']);
        const watcher = startOurs(['--endpoints', all, 'watch', 'fault/', '--prefix', '-w', 'json']);
        await waitFor(() => keeper.stdout().length > 0, 'the first keep-alive answer');
        await sleep(500);

        const total = 2_000;
        let killed = false;
        let restarted: Promise<void> | undefined;
        for (let i = 0; i < total; i++) {
          if (i === 500) {
            await cluster.kill(0, 'SIGKILL');
            killed = true;
          }
          if (i === 1_500) restarted = cluster.restart(0);
          const key = enc(`fault/${String(i).padStart(4, '0')}`);
          for (let attempt = 0; ; attempt++) {
            try {
              await writer.kv.put({ key, value: enc(`v${i}`) }, { timeoutMs: 5_000 });
              break;
            } catch (err) {
              // A leader election after the kill; a retried put may have been applied twice,
              // which the check below accounts for (it counts versions).
              if (attempt > 20) throw err;
              await sleep(100);
            }
          }
        }
        expect(killed).toBe(true);
        await restarted;
        // The lease has been alive for several TTLs with member 0 gone for seconds.
        await sleep(2_000);

        // What the server holds: every key once (or more, if a retried put landed twice).
        const range = await writer.kv.range({ key: enc('fault/'), range_end: enc('fault0') });
        const expectedEvents = range.kvs.reduce((n, kv) => n + Number(kv.version), 0);
        expect(range.kvs.length).toBe(total);

        await waitFor(
          () => jsonLines<JsonWatchLine>(watcher.stdout()).reduce((n, l) => n + l.Events.length, 0) >= expectedEvents,
          `${expectedEvents} watch events`,
          30_000,
        );
        await sleep(300);
        watcher.interrupt();
        const w = await watcher.done;
        expect(w.stderr.toString()).toBe('');
        expect(w.code).toBe(0);
        const lines = jsonLines<JsonWatchLine>(w.stdout);
        const events = lines.flatMap((l) => l.Events);
        const revisions = events.map((e) => e.kv.mod_revision);
        // Exactly once, in revision order: strictly increasing and as many as the server made.
        expect(revisions.every((r, i) => i === 0 || r > revisions[i - 1]!)).toBe(true);
        expect(events.length).toBe(expectedEvents);
        const lastRevisionOf = new Map(range.kvs.map((kv) => [Buffer.from(kv.key).toString(), Number(kv.mod_revision)]));
        for (const [key, rev] of lastRevisionOf) {
          expect(events.some((e) => Buffer.from(e.kv.key, 'base64').toString() === key && e.kv.mod_revision === rev)).toBe(true);
        }
        // The watch really moved: it started on member 0 and finished on another member.
        const members = lines.map((l) => String(l.Header.member_id));
        expect(members[0]).toBe(member0.toString());
        expect(members[members.length - 1]).not.toBe(member0.toString());

        // The lease outlived the kill: its key is still there and it still has time left.
        const node = await writer.kv.range({ key: enc('reg/node-1') });
        expect(node.kvs.map((kv) => Buffer.from(kv.value).toString())).toEqual(['10.0.0.1:80']);
        const ttl = await writer.lease.leaseTimeToLive({ ID: leaseId });
        expect(ttl.TTL > 0n).toBe(true);
        keeper.interrupt();
        const k = await keeper.done;
        expect(k.stderr.toString()).toBe('');
        expect(k.code).toBe(0);
        const answers = jsonLines<{ member_id: string; ID: number; TTL: number }>(k.stdout);
        expect(answers.every((a) => a.TTL === 4)).toBe(true);
        expect(answers[0]!.member_id).toBe(member0.toString());
        expect(answers.some((a) => a.member_id !== member0.toString())).toBe(true);
      } finally {
        writer.close();
      }
    },
    120_000,
  );
});
