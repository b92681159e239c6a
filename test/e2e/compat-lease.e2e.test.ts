// Differential test of `lease grant|revoke|timetolive|list|keep-alive`: each case runs through
// the Go etcdctl 3.4.23 (the oracle) and through our in-process run() against the shared server;
// stdout bytes, stderr (without the Go client's zap lines) and exit code must be equal.
//
// Lease IDs are made by the server per grant, so `grant` is compared with the IDs masked; every
// other command runs both tools on the same lease. `revoke` can only succeed once per lease, so
// the lease is granted again under the same ID (LeaseGrant takes one) for the second tool.
// Documented differences (`// compat:` in src/commands/lease.ts) are asserted as such.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { hexId016 } from '../../src/core/encode.js';
import { startEtcdctl, startOurs, waitFor, type Finished } from './helpers/long-running.js';
import { differentialReady, etcdctlBin, runEtcdctl, withoutZapLogs, type ProcResult } from './helpers/oracle.js';
import { runCli, type CliResult } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcdctl: etcdctlBin !== undefined });
if (!ready) process.stderr.write('compat-lease: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

const WRITERS = ['simple', 'json', 'fields', 'protobuf', 'table'] as const;

interface Pair {
  readonly theirs: ProcResult;
  readonly ours: CliResult;
}

/** Both tools, the Go one first, with `--endpoints` of the shared server. */
async function both(argv: readonly string[], env?: Record<string, string>): Promise<Pair> {
  const full = ['--endpoints', endpoint, ...argv];
  const theirs = await runEtcdctl(full, env === undefined ? {} : { env });
  const ours = await runCli(full, env === undefined ? {} : { env });
  return { theirs, ours };
}

/** Bytes as latin1 text: equal strings are equal bytes, and a failure shows a readable diff. */
const bytes = (b: Buffer): string => b.toString('latin1');

function expectSame({ theirs, ours }: Pair): void {
  expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
  expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
  expect(ours.code).toBe(theirs.code);
}

const same = (p: Pair): boolean =>
  p.ours.stdout.equals(p.theirs.stdout) && p.ours.err === withoutZapLogs(p.theirs.stderr) && p.ours.code === p.theirs.code;

/**
 * For outputs with a remaining TTL, which the server rounds to the second: two runs a few
 * milliseconds apart can straddle a second. Up to three attempts, then compare the last one.
 */
async function bothStable(argv: readonly string[]): Promise<Pair> {
  let p = await both(argv);
  for (let i = 0; i < 2 && !same(p); i++) p = await both(argv);
  return p;
}

const enc = (s: string | Uint8Array): Buffer => Buffer.from(s);

describe.skipIf(!ready)('compat: lease', () => {
  let client: EtcdClient;
  beforeAll(() => {
    client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  });
  afterAll(() => client.close());

  /** A lease ID no server has handed out: random, positive, below 2^62. */
  const freshId = (): bigint => BigInt(`0x${randomBytes(8).toString('hex')}`) >> 2n;

  describe('help and argument errors', () => {
    const cases: readonly (readonly string[])[] = [
      ['lease'],
      ['lease', '--help'],
      ['lease', 'bogus'],
      ['help', 'lease'],
      ['lease', 'grant', '--help'],
      ['lease', 'revoke', '--help'],
      ['lease', 'timetolive', '--help'],
      ['lease', 'list', '--help'],
      ['lease', 'keep-alive', '--help'],
      ['help', 'lease', 'keep-alive'],
      ['lease', 'grant'],
      ['lease', 'grant', 'abc'],
      ['lease', 'grant', '1', '2'],
      ['lease', 'grant', '0x10'],
      ['lease', 'grant', '--bogus'],
      ['lea', 'gr'],
      ['lease', 'revoke'],
      ['lease', 'revoke', 'xyz'],
      ['lease', 'revoke', '0x12'],
      ['lease', 'revoke', '1fffffffffffffffff'],
      ['lease', 'revoke', 'a', 'b'],
      ['lease', 'timetolive'],
      ['lease', 'timetolive', 'zz'],
      ['lease', 'timetolive', '--keys=maybe', '1'],
      ['lease', 'keep-alive'],
      ['lease', 'keep-alive', 'xyz'],
      ['lease', 'keep-alive', 'a', 'b'],
      ['lease', 'grant', '10', '-w', 'bogus'],
    ];
    for (const argv of cases) {
      it(argv.join(' '), async () => expectSame(await both(argv)));
    }
  });

  describe('server errors', () => {
    it('grant of a TTL beyond the maximum', async () => expectSame(await both(['lease', 'grant', '99999999999999'])));
    it('revoke of a missing lease (exit 1)', async () => expectSame(await both(['lease', 'revoke', '1234'])));
    it('revoke of a missing lease, json', async () => expectSame(await both(['lease', 'revoke', '1234', '-w', 'json'])));
    for (const w of WRITERS) {
      it(`keep-alive --once of a missing lease, ${w} (exit 2)`, async () => expectSame(await both(['lease', 'keep-alive', '--once', '1234', '-w', w])));
    }
  });

  describe('timetolive of a missing lease ("already expired", exit 0)', () => {
    for (const w of WRITERS) {
      it(w, async () => expectSame(await both(['lease', 'timetolive', '1234abcd', '-w', w])));
      it(`${w} --keys`, async () => expectSame(await both(['lease', 'timetolive', '1234abcd', '--keys', '-w', w])));
    }
  });

  describe('grant (IDs masked)', () => {
    const mask = (s: string): string =>
      s
        .replace(/lease [0-9a-f]{16} granted/, 'lease <ID> granted')
        .replace(/"ID":\d+/, '"ID":<ID>')
        .replace(/"ID" : \d+/, '"ID" : <ID>');
    const idOf = (s: string): bigint | undefined => {
      const m = /lease ([0-9a-f]{16}) granted|"ID":(\d+)|"ID" : (\d+)/.exec(s);
      if (m === null) return undefined;
      return m[1] !== undefined ? BigInt(`0x${m[1]}`) : BigInt(m[2] ?? m[3]!);
    };
    for (const w of WRITERS) {
      it(w, async () => {
        const { theirs, ours } = await both(['lease', 'grant', '7', '-w', w]);
        expect(mask(bytes(ours.stdout))).toBe(mask(bytes(theirs.stdout)));
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
        const ids = [idOf(theirs.stdout.toString()), idOf(ours.out)];
        if (w === 'simple' || w === 'json' || w === 'fields') {
          // Two real, different leases, with the granted TTL.
          expect(ids[0]).not.toBe(ids[1]);
          for (const id of ids) {
            const ttl = await client.lease.leaseTimeToLive({ ID: id! });
            expect(ttl.grantedTTL).toBe(7n);
            await client.lease.leaseRevoke({ ID: id! });
          }
        }
      });
    }
  });

  describe('one lease, both tools', () => {
    let id: bigint;
    beforeAll(async () => {
      id = (await client.lease.leaseGrant({ TTL: 600n })).ID;
      // One key only: the server lists attached keys in map order.
      await client.kv.put({ key: enc('cl/k "é"\x01'), value: enc('v'), lease: id });
    });
    afterAll(async () => {
      await client.lease.leaseRevoke({ ID: id }).catch(() => undefined);
    });

    for (const w of WRITERS) {
      it(`timetolive, ${w}`, async () => expectSame(await bothStable(['lease', 'timetolive', hexId016(id), '-w', w])));
      it(`timetolive --keys, ${w}`, async () => expectSame(await bothStable(['lease', 'timetolive', hexId016(id), '--keys', '-w', w])));
      it(`keep-alive --once, ${w}`, async () => expectSame(await both(['lease', 'keep-alive', '--once', hexId016(id), '-w', w])));
      it(`list, ${w}`, async () => expectSame(await bothStable(['lease', 'list', '-w', w])));
    }
    it('timetolive --keys --hex (keys stay raw)', async () => expectSame(await bothStable(['lease', 'timetolive', id.toString(16), '--keys', '--hex'])));
    it('keep-alive --once with the ID in upper case', async () => expectSame(await both(['lease', 'keep-alive', '--once', id.toString(16).toUpperCase()])));
  });

  describe('revoke (the same lease ID granted again for the second tool)', () => {
    for (const w of WRITERS) {
      it(w, async () => {
        const id = freshId();
        await client.lease.leaseGrant({ TTL: 60n, ID: id });
        const theirs = await runEtcdctl(['--endpoints', endpoint, 'lease', 'revoke', id.toString(16), '-w', w]);
        expect((await client.lease.leaseTimeToLive({ ID: id })).TTL).toBe(-1n);
        await client.lease.leaseGrant({ TTL: 60n, ID: id });
        const ours = await runCli(['--endpoints', endpoint, 'lease', 'revoke', id.toString(16), '-w', w]);
        // Revoked in both cases, whatever the writer then says (protobuf and table fail with 4).
        expect((await client.lease.leaseTimeToLive({ ID: id })).TTL).toBe(-1n);
        expectSame({ theirs, ours });
      });
    }
  });

  describe('keep-alive (both running on one lease)', () => {
    /** Starts both keep-alives; resolves once each printed `lines` lines. */
    async function start(argv: readonly string[], lines = 1): Promise<{ stop: () => Promise<[Finished, Finished]>; theirs: ReturnType<typeof startEtcdctl>; ours: ReturnType<typeof startOurs> }> {
      const full = ['--endpoints', endpoint, ...argv];
      const theirs = startEtcdctl(full);
      const ours = startOurs(full);
      const count = (b: Buffer): number => b.toString('latin1').split('\n').length - 1;
      await waitFor(() => count(theirs.stdout()) >= lines && count(ours.stdout()) >= lines, 'the first keep-alive answers');
      return {
        theirs,
        ours,
        stop: async () => {
          theirs.interrupt();
          ours.interrupt();
          return Promise.all([theirs.done, ours.done]);
        },
      };
    }

    for (const w of ['simple', 'json', 'fields'] as const) {
      it(`prints each renewal and dies quietly on Ctrl-C, ${w}`, async () => {
        const id = (await client.lease.leaseGrant({ TTL: 60n })).ID;
        const k = await start(['lease', 'keep-alive', hexId016(id), '-w', w], w === 'fields' ? 6 : 1);
        const [theirs, ours] = await k.stop();
        expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
        expect(ours.stderr.toString()).toBe(withoutZapLogs(theirs.stderr));
        // etcdctl has no signal handler: it dies by SIGINT; ours returns and bin/ re-raises it.
        expect(theirs.signal).toBe('SIGINT');
        expect(ours.code).toBe(0);
        await client.lease.leaseRevoke({ ID: id });
      });
    }

    it('table: exit 4 at the first answer', async () => {
      const id = (await client.lease.leaseGrant({ TTL: 60n })).ID;
      const argv = ['--endpoints', endpoint, 'lease', 'keep-alive', hexId016(id), '-w', 'table'];
      const [theirs, ours] = await Promise.all([startEtcdctl(argv).done, startOurs(argv).done]);
      expect(ours.stdout.toString()).toBe(theirs.stdout.toString());
      expect(ours.stderr.toString()).toBe(withoutZapLogs(theirs.stderr));
      expect(ours.code).toBe(4);
      expect(theirs.code).toBe(4);
      await client.lease.leaseRevoke({ ID: id });
    });

    it('a lease revoked while kept alive: the same last line, but ours exits 1 with a message (compat: better than 3.4)', async () => {
      const id = (await client.lease.leaseGrant({ TTL: 3n })).ID;
      const k = await start(['lease', 'keep-alive', hexId016(id)]);
      await client.lease.leaseRevoke({ ID: id });
      const [theirs, ours] = await Promise.all([k.theirs.done, k.ours.done]);
      const hex = hexId016(id);
      for (const r of [theirs, ours]) {
        const lines = r.stdout.toString().split('\n');
        expect(lines.pop()).toBe('');
        expect(lines.pop()).toBe(`lease ${hex} expired or revoked.`);
        for (const l of lines) expect(l).toBe(`lease ${hex} keepalived with TTL(3)`);
      }
      expect(withoutZapLogs(theirs.stderr)).toBe('');
      expect(theirs.code).toBe(0);
      expect(ours.stderr.toString()).toBe(`Error: lease ${hex} expired or revoked; keep-alive stopped\n`);
      expect(ours.code).toBe(1);
    });

    it('a missing lease: etcdctl says "expired or revoked." and exits 0; ours says it too and exits 1', async () => {
      const { theirs, ours } = await both(['lease', 'keep-alive', '1234']);
      expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
      expect(theirs.stdout.toString()).toBe('lease 0000000000001234 expired or revoked.\n');
      expect(theirs.code).toBe(0);
      expect(ours.err).toBe('Error: lease 0000000000001234 expired or revoked; keep-alive stopped\n');
      expect(ours.code).toBe(1);
    });

    it('a missing lease, json: nothing on stdout from either; ours exits 1', async () => {
      const { theirs, ours } = await both(['lease', 'keep-alive', '1234', '-w', 'json']);
      expect(theirs.stdout.length).toBe(0);
      expect(ours.stdout.length).toBe(0);
      expect(theirs.code).toBe(0);
      expect(ours.code).toBe(1);
    });
  });
});
