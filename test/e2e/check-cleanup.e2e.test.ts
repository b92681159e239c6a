// `check` through the shipped binary at the large workloads' concurrency: it completes, and
// whatever ends it — the verdict or Ctrl-C in the middle of the load — it leaves no key behind,
// so the next run is not refused for a prefix that "has keys" (etcdctl leaves them on Ctrl-C).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { prefixEnd } from '../../src/etcd/range.js';
import { findEtcdBinary, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { runBin, startBin } from './helpers/bin.js';

if (findEtcdBinary() === undefined) {
  if (process.env.CI === 'true') throw new Error('check-cleanup: etcd is missing (CI=true: failing, not skipping)');
  process.stderr.write('check-cleanup: etcd is missing; every case is SKIPPED\n');
}

const b = (s: string): Buffer => Buffer.from(s);

describe.skipIf(findEtcdBinary() === undefined)('check through bin/etcdctl-ts', () => {
  let cluster: EtcdCluster;
  let client: EtcdClient;
  let ep: string;

  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'check-cleanup' });
    ep = cluster.endpoints[0]!;
    client = createClient({ endpoints: [ep], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  });
  afterAll(async () => {
    client?.close();
    await cluster?.stop();
  });

  const countUnder = async (prefix: string): Promise<bigint> =>
    (await client.kv.range({ key: b(prefix), range_end: prefixEnd(b(prefix)), count_only: true })).count;

  it('datascale --load=l (500 writers; fewer keys through the hidden --keys) completes and cleans up', async () => {
    const prefix = `/ds-l-${randomBytes(3).toString('hex')}/`;
    const r = await runBin(['--endpoints', ep, 'check', 'datascale', '--load=l', '--keys=10000', '--prefix', prefix], { timeoutMs: 120_000 });
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value, 500 concurrent clients].');
    expect(lines[1]).toMatch(/\r 10000 \/ 10000  100\.00% \d+s$/);
    expect(lines[2]).toMatch(/^PASS: Approximate system memory used : -?\d+\.\d\d MB\.$/);
    expect(r.code).toBe(0);
    expect(await countUnder(prefix)).toBe(0n);
  }, 150_000);

  it('Ctrl-C in the middle of the load: ends by SIGINT (130) and deletes what it wrote', async () => {
    const prefix = `/ds-int-${randomBytes(3).toString('hex')}/`;
    const p = startBin(['--endpoints', ep, 'check', 'datascale', '--load=m', '--prefix', prefix], { timeoutMs: 120_000 });
    // Wait until keys are being written, then interrupt.
    const deadline = Date.now() + 60_000;
    while ((await countUnder(prefix)) < 2000n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await countUnder(prefix)).toBeGreaterThanOrEqual(2000n);
    p.child.kill('SIGINT');
    const r = await p.done;
    expect(r.code).toBe(130);
    expect(r.err).toBe('');
    expect(await countUnder(prefix)).toBe(0n);
    // And the next run on the same prefix is not refused.
    const again = await runBin(['--endpoints', ep, 'check', 'datascale', '--keys=100', '--prefix', prefix], { timeoutMs: 60_000 });
    expect(again.code).toBe(0);
  }, 150_000);
});
