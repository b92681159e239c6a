// `check perf` and `check datascale` on a private server (they write thousands of keys, compact
// and defragment). Error paths are compared with the Go etcdctl 3.4.23 byte for byte; full runs
// (a 3-second perf run through the hidden --duration, one small datascale run) are checked for
// etcdctl's output shape and for what they leave behind. No assertion depends on how fast the
// machine is: PASS or FAIL, the exit code must agree with the verdict.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { RpcError } from '../../src/client/rpc-error.js';
import { prefixEnd } from '../../src/etcd/range.js';
import { findEtcdBinary, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { etcdctlBin, runEtcdctl, withoutZapLogs } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const ready = findEtcdBinary() !== undefined && etcdctlBin !== undefined;
if (!ready) process.stderr.write('check: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

const b = (s: string): Buffer => Buffer.from(s);

describe.skipIf(!ready)('check', () => {
  let cluster: EtcdCluster;
  let client: EtcdClient;
  let ep: string;

  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'check' });
    ep = cluster.endpoints[0]!;
    client = createClient({ endpoints: [ep], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  });
  afterAll(async () => {
    client?.close();
    await cluster?.stop();
  });

  async function countUnder(prefix: string): Promise<bigint> {
    return (await client.kv.range({ key: b(prefix), range_end: prefixEnd(b(prefix)), count_only: true })).count;
  }

  describe('same as etcdctl', () => {
    const busy = `/busy-${randomBytes(3).toString('hex')}/`;
    beforeAll(async () => {
      await client.kv.put({ key: b(`${busy}k`), value: b('v') });
    });
    const cases: readonly (readonly string[])[] = [
      ['check'],
      ['check', 'perf', '--help'],
      ['check', 'datascale', '--help'],
      ['check', 'perf', '--load=bogus'],
      ['check', 'datascale', '--load', 'XL'],
      ['check', 'perf', '--prefix', busy],
      ['check', 'datascale', '--prefix', busy],
      ['check', 'perf', 'extra-args-are-ignored', '--load=nope'],
    ];
    for (const argv of cases) {
      it(argv.join(' '), async () => {
        const full = ['--endpoints', ep, ...argv];
        const theirs = await runEtcdctl(full);
        const ours = await runCli(full);
        expect(ours.out).toBe(theirs.stdout.toString('utf8'));
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
      });
    }
  });

  it(
    'perf: loads the cluster, cleans up, compacts and defragments, and gives a verdict',
    async () => {
      const prefix = `/perf-${randomBytes(3).toString('hex')}/`;
      const r = await runCli(['--endpoints', ep, 'check', 'perf', '--duration=3', '--prefix', prefix, '--auto-compact', '--auto-defrag']);
      const out = r.out;
      // The progress bar: carriage-return separated, no terminal so no bar drawn, ends full.
      expect(out.startsWith('\r 0 / 3    0.00%')).toBe(true);
      const bar = /\r 3 \/ 3  100\.00% (\d+)s\n/.exec(out);
      expect(bar).not.toBeNull();
      const report = out.slice(bar!.index + bar![0].length).split('\n');
      expect(report.pop()).toBe('');
      const rev = /^Compacting with revision (\d+)$/.exec(report[0]!)?.[1];
      expect(rev).toBeDefined();
      expect(report.slice(1, 4)).toEqual([`Compacted with revision ${rev}`, `Defragmenting "${ep}"`, `Defragmented "${ep}"`]);
      const verdict = report.slice(4);
      expect(verdict[0]).toMatch(/^(PASS: Throughput is|FAIL: Throughput too low:) \d+ writes\/s$/);
      expect(verdict[1]).toMatch(/^(PASS: Slowest request took|Slowest request took too long:) \d+\.\d{6}s$/);
      expect(verdict[2]).toMatch(/^(PASS: Stddev is|Stddev too high:) \d+\.\d{6}s$/);
      expect(verdict.slice(3)).toEqual([r.code === 0 ? 'PASS' : 'FAIL']);
      expect(r.code === 0).toBe(verdict.slice(0, 3).every((l) => l.startsWith('PASS')));
      expect(r.err).toBe('');
      // Every key written was deleted, and the history before the delete compacted away.
      expect(await countUnder(prefix)).toBe(0n);
      const old = await client.kv.range({ key: b(prefix), revision: BigInt(rev!) - 1n }).catch((e: unknown) => e);
      expect(old).toBeInstanceOf(RpcError);
      expect((old as RpcError).message).toBe('etcdserver: mvcc: required revision has been compacted');
    },
    60_000,
  );

  it(
    'datascale: writes the small workload, reports the memory used, cleans up',
    async () => {
      const prefix = `/ds-${randomBytes(3).toString('hex')}/`;
      const r = await runCli(['--endpoints', ep, 'check', 'datascale', '--prefix', prefix]);
      const lines = r.out.split('\n');
      expect(lines[0]).toBe('Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients].');
      expect(lines[1]!.startsWith('\r 0 / 10000    0.00%')).toBe(true);
      expect(lines[1]).toMatch(/\r 10000 \/ 10000  100\.00% \d+s$/);
      expect(lines[2]).toMatch(/^PASS: Approximate system memory used : -?\d+\.\d\d MB\.$/);
      expect(lines.slice(3)).toEqual(['']);
      expect(r.code).toBe(0);
      expect(await countUnder(prefix)).toBe(0n);
    },
    120_000,
  );
});
