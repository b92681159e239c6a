// Behaviour of the lease commands: the registration lifecycle (grant, put --lease, timetolive,
// keep-alive, list, revoke), a keep-alive that really keeps a short lease alive, the ways a
// keep-alive ends, and what an unreachable cluster does. The lease kept alive through a member's
// death is part of the fault test in watch.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { hexId016 } from '../../src/core/encode.js';
import { sleep, startOurs, waitFor } from './helpers/long-running.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const enc = (s: string): Buffer => Buffer.from(s);

describe.skipIf(endpoint === '')('lease', () => {
  let client: EtcdClient;
  beforeAll(() => {
    client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
  });
  afterAll(() => client.close());

  const ctl = (...argv: string[]): ReturnType<typeof runCli> => runCli(['--endpoints', endpoint, ...argv]);
  const keyExists = async (key: string): Promise<boolean> => (await client.kv.range({ key: enc(key) })).kvs.length === 1;

  it('registers a key with a lease and loses it on revoke', async () => {
    const grant = await ctl('lease', 'grant', '300');
    expect(grant.code).toBe(0);
    const m = /^lease ([0-9a-f]{16}) granted with TTL\(300s\)\n$/.exec(grant.out);
    expect(m).not.toBeNull();
    const id = m![1]!;

    expect((await ctl('put', 'lb/node', '10.0.0.1', '--lease', id)).code).toBe(0);
    const ttl = await ctl('lease', 'timetolive', id, '--keys');
    expect(ttl.out).toMatch(new RegExp(`^lease ${id} granted with TTL\\(300s\\), remaining\\((299|300)s\\), attached keys\\(\\[lb/node\\]\\)\\n$`));

    expect((await ctl('lease', 'keep-alive', '--once', id)).out).toBe(`lease ${id} keepalived with TTL(300)\n`);
    expect((await ctl('lease', 'list')).out).toContain(`\n${id}\n`);

    expect(await ctl('lease', 'revoke', id)).toMatchObject({ out: `lease ${id} revoked\n`, err: '', code: 0 });
    expect(await keyExists('lb/node')).toBe(false);
    expect(await ctl('lease', 'timetolive', id)).toMatchObject({ out: `lease ${id} already expired\n`, code: 0 });
    expect((await ctl('lease', 'list')).out).not.toContain(id);
    expect(await ctl('lease', 'revoke', id)).toMatchObject({ err: 'Error: failed to revoke lease (etcdserver: requested lease not found)\n', code: 1 });
  });

  it('keep-alive keeps a 2 s lease (and its key) alive for 5 s; without it the key goes', async () => {
    const kept = (await client.lease.leaseGrant({ TTL: 2n })).ID;
    const left = (await client.lease.leaseGrant({ TTL: 2n })).ID;
    await client.kv.put({ key: enc('lb/kept'), value: enc('x'), lease: kept });
    await client.kv.put({ key: enc('lb/left'), value: enc('x'), lease: left });
    const k = startOurs(['--endpoints', endpoint, 'lease', 'keep-alive', hexId016(kept)]);
    await sleep(5_000);
    expect(await keyExists('lb/kept')).toBe(true);
    expect(await keyExists('lb/left')).toBe(false);
    k.interrupt();
    const r = await k.done;
    expect(r.code).toBe(0);
    expect(r.stderr.toString()).toBe('');
    const lines = r.stdout.toString().split('\n').slice(0, -1);
    // A renewal every TTL/3: about 7 in 5 s.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const l of lines) expect(l).toBe(`lease ${hexId016(kept)} keepalived with TTL(2)`);
    await client.lease.leaseRevoke({ ID: kept });
  }, 15_000);

  it('keep-alive of a lease that expired: says so and exits 1 (compat: etcdctl 3.4 exits 0)', async () => {
    const id = (await client.lease.leaseGrant({ TTL: 1n })).ID;
    await sleep(2_500);
    const r = await ctl('lease', 'keep-alive', hexId016(id));
    expect(r.out).toBe(`lease ${hexId016(id)} expired or revoked.\n`);
    expect(r.err).toBe(`Error: lease ${hexId016(id)} expired or revoked; keep-alive stopped\n`);
    expect(r.code).toBe(1);
  });

  it('keep-alive stops when the lease is revoked under it', async () => {
    const id = (await client.lease.leaseGrant({ TTL: 3n })).ID;
    const k = startOurs(['--endpoints', endpoint, 'lease', 'keep-alive', hexId016(id), '-w', 'json']);
    await waitFor(() => k.stdout().length > 0, 'the first renewal');
    await client.lease.leaseRevoke({ ID: id });
    const r = await k.done;
    // The json writer prints nothing at the end; the error says what happened.
    expect(r.stdout.toString()).toMatch(/^(\{[^\n]*"TTL":3\}\n)+$/);
    expect(r.stderr.toString()).toBe(`Error: lease ${hexId016(id)} expired or revoked; keep-alive stopped\n`);
    expect(r.code).toBe(1);
  });

  describe('unreachable cluster', () => {
    const down = ['--endpoints', '127.0.0.1:1', '--dial-timeout', '300ms'];
    // compat: etcdctl 3.4 waits forever in timetolive, list and keep-alive --once (no timeout) and
    // says "expired or revoked." (exit 0) in keep-alive; we give up after --dial-timeout, exit 2.
    for (const argv of [['lease', 'timetolive', '1234'], ['lease', 'list'], ['lease', 'keep-alive', '--once', '1234'], ['lease', 'keep-alive', '1234']]) {
      it(`${argv.join(' ')}: exit 2 after the dial timeout`, async () => {
        const t0 = Date.now();
        const r = await runCli([...down, ...argv]);
        expect(r.out).toBe('');
        expect(r.err).toMatch(/^Error: context deadline exceeded( \(.*\))?\n$/);
        expect(r.code).toBe(2);
        expect(Date.now() - t0).toBeLessThan(5_000);
      });
    }
    it('grant: exit 1 after the command timeout, wrapped as etcdctl does', async () => {
      const r = await runCli([...down, '--command-timeout', '500ms', 'lease', 'grant', '10']);
      expect(r.err).toMatch(/^Error: failed to grant lease \(context deadline exceeded( \(.*\))?\)\n$/);
      expect(r.code).toBe(1);
    });
  });
});
