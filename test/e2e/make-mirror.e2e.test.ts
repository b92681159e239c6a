// `make-mirror`: the Go etcdctl 3.4.23 and etcdctl-ts mirror the same source prefix side by side
// into a private destination cluster (under different destination prefixes) while the source
// changes; the two copies must end up equal, each source revision applied as one txn, and both
// tools must print the same running count after 30 s. Argument errors are compared byte for byte.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { prefixEnd } from '../../src/etcd/range.js';
import { startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { startEtcdctl, startOurs, waitFor, type Finished, type Running } from './helpers/long-running.js';
import { etcdctlBin, runEtcdctl, withoutZapLogs } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const ready = endpoint !== '' && etcdctlBin !== undefined;
if (!ready) process.stderr.write('make-mirror: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

const env = { ETCDCTL_ENDPOINTS: endpoint };
const b = (s: string): Buffer => Buffer.from(s);
const connect = (ep: string): EtcdClient => createClient({ endpoints: [ep], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });

interface Copy {
  readonly kvs: Map<string, string>;
  /** Key → mod revision at the destination. */
  readonly revs: Map<string, bigint>;
}

async function copyUnder(client: EtcdClient, prefix: string): Promise<Copy> {
  const r = await client.kv.range({ key: b(prefix), range_end: prefixEnd(b(prefix)) });
  const kvs = new Map<string, string>();
  const revs = new Map<string, bigint>();
  for (const kv of r.kvs) {
    const k = Buffer.from(kv.key).toString().slice(prefix.length);
    kvs.set(k, Buffer.from(kv.value).toString());
    revs.set(k, kv.mod_revision);
  }
  return { kvs, revs };
}

const finished = (r: Running, timeoutMs = 20_000): Promise<Finished> =>
  Promise.race([r.done, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('command did not end')), timeoutMs))]);

describe.skipIf(!ready)('make-mirror', () => {
  let dest: EtcdCluster;
  let source: EtcdClient;
  let target: EtcdClient;
  const running: Running[] = [];

  beforeAll(async () => {
    dest = await startCluster({ members: 1, name: 'mirror-dest' });
    source = connect(endpoint);
    target = connect(dest.endpoints[0]!);
  });
  afterAll(async () => {
    for (const r of running) r.interrupt();
    await Promise.allSettled(running.map((r) => finished(r, 15_000)));
    source?.close();
    target?.close();
    await dest?.stop();
  });

  describe('argument errors', () => {
    const cases: readonly { name: string; argv: () => string[] }[] = [
      { name: 'no destination', argv: () => ['make-mirror'] },
      { name: 'two destinations', argv: () => ['make-mirror', 'a', 'b'] },
      { name: '--dest-prefix with --no-dest-prefix', argv: () => ['make-mirror', '--dest-prefix', 'x', '--no-dest-prefix', dest.endpoints[0]!] },
      { name: 'unreadable --dest-cacert', argv: () => ['make-mirror', '--dest-cacert', '/nonexistent/ca.pem', dest.endpoints[0]!] },
      { name: '--help', argv: () => ['make-mirror', '--help'] },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const theirs = await runEtcdctl(c.argv(), { env });
        const ours = await runCli(c.argv(), { env });
        expect(ours.out).toBe(theirs.stdout.toString('utf8'));
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
      });
    }
  });

  it(
    'copies the current state, replays changes revision by revision, and reports the count every 30 s',
    async () => {
      const src = `mm-${randomBytes(4).toString('hex')}/`;
      for (let i = 1; i <= 3; i++) await source.kv.put({ key: b(`${src}k${i}`), value: b(`v${i}`) });
      // Outside the prefix: not mirrored.
      await source.kv.put({ key: b(`${src.slice(0, -1)}-other`), value: b('x') });

      const tools = {
        go: startEtcdctl(['make-mirror', '--prefix', src, '--dest-prefix', `go/${src}`, dest.endpoints[0]!], { env }),
        ts: startOurs(['make-mirror', '--prefix', src, '--dest-prefix', `ts/${src}`, dest.endpoints[0]!], { env }),
      };
      running.push(tools.go, tools.ts);
      const t0 = Date.now();
      const both = async (): Promise<[Copy, Copy]> => [await copyUnder(target, `go/${src}`), await copyUnder(target, `ts/${src}`)];
      const waitCopies = async (n: number, what: string): Promise<void> => {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const [g, t] = await both();
          if (g.kvs.size === n && t.kvs.size === n) return;
          if (Date.now() > deadline) throw new Error(`${what}: go has ${[...g.kvs.keys()]}, ts has ${[...t.kvs.keys()]}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await waitCopies(3, 'the initial copy');

      // Changes: a put, a delete, an overwrite and one txn of three operations.
      await source.kv.put({ key: b(`${src}k4`), value: b('v4') });
      await source.kv.deleteRange({ key: b(`${src}k1`) });
      await source.kv.put({ key: b(`${src}k2`), value: b('v2-new') });
      await source.kv.txn({
        success: [
          { request_put: { key: b(`${src}a`), value: b('1') } },
          { request_put: { key: b(`${src}b`), value: b('2') } },
          { request_delete_range: { key: b(`${src}k3`) } },
        ],
      });
      await waitCopies(4, 'the changes');
      const [g, t] = await both();
      const want = new Map([
        ['a', '1'],
        ['b', '2'],
        ['k2', 'v2-new'],
        ['k4', 'v4'],
      ]);
      expect(t.kvs).toEqual(want);
      expect(g.kvs).toEqual(want);
      // One source revision, one destination txn: a and b share a revision in both copies.
      expect(t.revs.get('a')).toBe(t.revs.get('b'));
      expect(g.revs.get('a')).toBe(g.revs.get('b'));

      // 3 keys copied + 6 events = 9, printed by both once 30 s have passed.
      await waitFor(() => tools.go.stdout().length > 0 && tools.ts.stdout().length > 0, 'the 30 s report', 45_000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(29_000);
      expect(tools.ts.stdout().toString()).toBe('9\n');
      expect(tools.ts.stdout().toString()).toBe(tools.go.stdout().toString());

      // Ctrl-C: etcdctl has no handler and dies by the signal; ours returns quietly (bin/ then
      // raises the signal again).
      tools.go.interrupt();
      tools.ts.interrupt();
      const [gDone, tDone] = await Promise.all([finished(tools.go), finished(tools.ts)]);
      expect(gDone.signal).toBe('SIGINT');
      expect(tDone.code).toBe(0);
      expect(tDone.stderr.toString()).toBe('');
    },
    90_000,
  );

  it('--no-dest-prefix mirrors to the root of the destination', async () => {
    const id = randomBytes(4).toString('hex');
    const src = `mm-root-${id}/`;
    await source.kv.put({ key: b(`${src}x-${id}`), value: b('1') });
    const ours = startOurs(['make-mirror', '--prefix', src, '--no-dest-prefix', dest.endpoints[0]!], { env });
    running.push(ours);
    const deadline = Date.now() + 20_000;
    let got: string | undefined;
    while (Date.now() < deadline) {
      const r = await target.kv.range({ key: b(`x-${id}`) });
      got = r.kvs[0] === undefined ? undefined : Buffer.from(r.kvs[0].value).toString();
      if (got !== undefined) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toBe('1');
    ours.interrupt();
    expect((await finished(ours)).code).toBe(0);
  });
});
