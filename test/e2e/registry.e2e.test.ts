// `etcdctl-ts registry` (ours) through the shipped bin/etcdctl-ts, against a private etcd holding
// the registrations of ../shared/registries.md §9, written with real leases by
// bench/registry-simulate.mjs (raw gRPC, not our client). A private server, because `list` and
// `doctor` read every key and the shared one holds other suites' keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module shared with the benchmark and the demo
import { connect, goMicroValue, register, UUID, writeFixtures } from '../../bench/registry-simulate.mjs';
import { createClient } from '../../src/client/client.js';
import { leaseTtlsHttp2 } from '../../src/client/lease-fanout.js';
import { findEtcdBinary, freePort, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { runBin, startBin, type RunningBin } from './helpers/bin.js';
import { runCli } from './helpers/run-cli.js';

interface Sim {
  grant(ttl: number, id: bigint): Promise<unknown>;
  revoke(id: bigint): Promise<unknown>;
  put(key: string, value: string, lease?: bigint): Promise<unknown>;
  del(key: string): Promise<unknown>;
  keepAlive(ids: bigint[], everyMs?: number): () => void;
  close(): void;
}
type Written = Record<string, { key: string; lease: bigint }>;
const sim = { connect, goMicroValue, register, writeFixtures } as {
  connect(endpoint: string): Sim;
  goMicroValue(name: string, id: string, address: string): string;
  register(c: Sim, key: string, value: string, ttl: number): Promise<bigint>;
  writeFixtures(c: Sim): Promise<Written>;
};

const etcd = findEtcdBinary();
if (etcd === undefined && process.env.CI === 'true') throw new Error('registry e2e: etcd is missing');
const hex = (id: bigint) => id.toString(16).padStart(16, '0');
const GREETER = 'go.micro.srv.greeter';

/** The events a `registry watch -w json` has printed so far. */
const jsonEvents = (w: RunningBin): Record<string, unknown>[] =>
  w
    .out()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The watch prints nothing until something happens: registers a sentinel node until it shows. */
async function untilWatching(w: RunningBin, c: Sim, svc: string): Promise<void> {
  for (let i = 0; !jsonEvents(w).some((e) => e.node === 'ready'); i++) {
    if (i > 100) throw new Error(`watch never started: ${w.err()}`);
    await sim.register(c, `/micro/registry/${svc}/ready`, sim.goMicroValue(svc, 'ready', '10.9.9.9:1'), 0);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe.skipIf(etcd === undefined)('registry', () => {
  let cluster: EtcdCluster;
  let ep: string;
  let c: Sim;
  let fx: Written;
  let stopKeepAlive: (() => void) | undefined;
  const ctl = (...argv: string[]) => runBin(['--endpoints', ep, 'registry', ...argv]);

  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'registry' });
    ep = cluster.endpoints[0]!;
    c = sim.connect(ep);
    fx = await sim.writeFixtures(c);
    // As the frameworks do: a slow run must not see the 10 s leases of go-zero and gRPC expire.
    stopKeepAlive = c.keepAlive(Object.values(fx).map((f) => f.lease).filter((l) => l !== 0n));
  });
  afterAll(async () => {
    stopKeepAlive?.();
    c?.close();
    await cluster?.stop();
  });

  it('list: every framework, grouped, with health counts (simple)', async () => {
    const r = await ctl('list');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('go-micro');
    expect(lines[1]).toMatch(/^ {2}SERVICE +PREFIX +VERSIONS +NODES +HEALTHY +EXPIRING +LEASELESS +UNPARSEABLE$/);
    expect(r.out).toMatch(/^ {2}go\.micro\.srv\.greeter +\/micro-registry\/ +latest +1 +0 +0 +1 +0$/m);
    expect(r.out).toMatch(/^ {2}go\.micro\.srv\.greeter +\/micro\/registry\/ +latest +1 +1 +0 +0 +0$/m);
    expect(r.out).toMatch(/^ {2}helloworld +\/micro\/registry\/micro\/ +latest +1 +1 +0 +0 +0$/m);
    expect(r.out).toMatch(/^ {2}broken\.svc +\/micro\/registry\/ +- +1 +0 +0 +0 +1$/m);
    for (const kind of ['grpc', 'go-zero', 'kratos']) expect(lines).toContain(kind);
    expect(r.out).toMatch(/^ {2}user\.rpc +user\.rpc\/ /m);
    expect(r.out).not.toMatch(/apisix|skydns|traefik|configmaps|vitess/);
    expect(r.out).toMatch(/^8 services, 9 nodes at revision \d+$/m);
  });

  it('colour: healthy green, leaseless and unparseable red, only when asked for (FORCE_COLOR; a pipe and NO_COLOR get none)', async () => {
    const forced = await runBin(['--endpoints', ep, 'registry', 'list', '--kind', 'go-micro'], { env: { FORCE_COLOR: '1' } });
    expect(forced.out).toMatch(/\u001b\[1mgo\.micro\.srv\.greeter\u001b\[22m +\/micro\/registry\/ +latest +1 +\u001b\[32m1\u001b\[39m/);
    expect(forced.out).toMatch(/\/micro-registry\/ +latest +1 +0 +0 +\u001b\[31m1\u001b\[39m/);
    const doctor = await runBin(['--endpoints', ep, 'registry', 'doctor'], { env: { FORCE_COLOR: '1' } });
    expect(doctor.out).toContain('\u001b[31merror\u001b[39m');
    for (const env of [{}, { NO_COLOR: '1' }]) {
      const plain = await runBin(['--endpoints', ep, 'registry', 'list'], { env });
      expect(plain.out).not.toContain('\u001b[');
      expect(plain.code).toBe(0);
    }
  });

  it('list -w json: the documented schema, leases in hex with their TTL', async () => {
    const r = await ctl('list', '-w', 'json');
    expect(r.code).toBe(0);
    const { services } = JSON.parse(r.out) as { services: { name: string; kind: string; prefix: string; nodes: Record<string, unknown>[] }[] };
    const greeter = services.filter((s) => s.name === GREETER);
    expect(greeter.map((s) => s.prefix)).toEqual(['/micro-registry/', '/micro/registry/']);
    expect(greeter[0]!.nodes[0]).toMatchObject({ lease: null, ttl: null, granted_ttl: null, address: '10.0.0.6:40417', key: fx.ghost!.key });
    const node = greeter[1]!.nodes[0]!;
    expect(node).toMatchObject({ id: `${GREETER}-${UUID}`, address: '10.0.0.5:40417', version: 'latest', key: fx.goMicro!.key, lease: hex(fx.goMicro!.lease), granted_ttl: 90 });
    expect(node.ttl).toBeGreaterThan(30);
    expect(node.ttl).toBeLessThanOrEqual(90);
    const zero = services.find((s) => s.kind === 'go-zero' && s.name === 'user.rpc')!;
    expect(zero.nodes[0]).toMatchObject({ key: fx.goZero!.key, lease: hex(fx.goZero!.lease), granted_ttl: 10, address: '10.0.0.5:8080' });
    expect(services.map((s) => s.kind)).toEqual(['go-micro', 'go-micro', 'go-micro', 'go-micro', 'go-micro', 'grpc', 'go-zero', 'go-zero', 'kratos']);
  });

  it('list --kind narrows; -w table draws; an unknown --kind and writer are exit 4', async () => {
    const zero = JSON.parse((await ctl('list', '--kind', 'go-zero', '-w', 'json')).out) as { services: { kind: string }[] };
    expect(zero.services.map((s) => s.kind)).toEqual(['go-zero', 'go-zero']);
    const t = await ctl('list', '--kind', 'kratos', '-w', 'table');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/│ kratos │ helloworld │ \/microservices\/ │ v1\.0\.0 +│ 1 +│ 1 +│ 0 +│ 0 +│ 0 +│/);
    expect(await ctl('list', '--kind', 'consul')).toMatchObject({ code: 4, out: '', err: 'Error: unknown --kind "consul" (expected go-micro, grpc, go-zero, kratos)\n' });
    expect(await ctl('list', '-w', 'fields')).toMatchObject({ code: 4, out: '', err: 'Error: fields not supported as output format\n' });
    expect(await ctl('get')).toMatchObject({ code: 128, err: 'Error: registry get needs one argument: the service name\n' });
  });

  it('get: every node under every prefix, lease id as etcdctl prints it', async () => {
    const r = await ctl('get', GREETER);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${GREETER}  go-micro  /micro-registry/  version latest  1 node\n`);
    expect(r.out).toContain(`    lease      ${hex(fx.goMicro!.lease)}  TTL `);
    expect(r.out).toContain('    status     LEASELESS: the key stays forever if the node crashes\n');
    expect(r.out).toContain(`    key        ${fx.goMicro!.key}\n`);
    // The same lease as etcdctl's own `lease list` shows.
    expect((await runBin(['--endpoints', ep, 'lease', 'list'])).out).toContain(`${hex(fx.goMicro!.lease)}\n`);
    const j = JSON.parse((await ctl('get', 'foo-bar', '-w', 'json')).out) as { services: { name: string; version: string }[] };
    expect(j.services).toEqual([expect.objectContaining({ name: 'foo/bar', version: 'latest' })]);
    const none = await ctl('get', 'no.such.service');
    expect(none).toMatchObject({ code: 0 });
    expect(none.out).toMatch(/^no registration of service "no.such.service" found \(revision \d+\)\n$/);
    const t = await runCli(['--endpoints', ep, 'registry', 'get', 'my-service', '-w', 'table']);
    expect(t.code).toBe(0);
    expect(t.out).toContain('│ my-service │');
  });

  it('doctor: finds the leaseless node, the split prefix, the undecodable value; exit 1', async () => {
    const r = await ctl('doctor', '-w', 'json');
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.out) as { findings: { severity: string; check: string; service: string; key: string | null }[] };
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', check: 'no-lease', service: GREETER, key: fx.ghost!.key }));
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', check: 'split-prefix', service: GREETER, key: null }));
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', check: 'unparseable', key: fx.broken!.key }));
    expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', check: 'lease-mismatch', key: fx.zeroMismatch!.key }));
    const s = await ctl('doctor');
    expect(s.code).toBe(1);
    expect(s.out).toMatch(/^error +split-prefix +go\.micro\.srv\.greeter +registered under \/micro-registry\/ and \/micro\/registry\//m);
    expect(s.out).toMatch(/^\d+ errors, \d+ warnings in \d+ nodes$/m);
    // A clean part of the registry: exit 0, also with --strict.
    const clean = await ctl('doctor', '--prefix', '/micro/registry/micro/', '--strict');
    expect(clean).toMatchObject({ code: 0, out: 'no problems found in 1 node\n' });
    // Only warnings: 0, and 1 with --strict.
    const ghost = ['doctor', '--prefix', '/micro-registry/'];
    expect((await ctl(...ghost)).code).toBe(0);
    expect((await ctl(...ghost, '--strict')).code).toBe(1);
  });

  it('many leases: asked over one HTTP/2 connection, each once, with the right TTLs', async () => {
    const leases: bigint[] = [];
    for (let i = 0; i < 80; i++) {
      const id = `many-${String(i).padStart(3, '0')}`;
      leases.push(await sim.register(c, `/micro/registry/many/${id}`, sim.goMicroValue('many', id, `10.2.0.${i}:1`), 100 + i));
    }
    const r = await ctl('list', '--prefix', '/micro/registry/many/', '-w', 'json');
    expect(r.code).toBe(0);
    const nodes = (JSON.parse(r.out) as { services: { nodes: { id: string; lease: string; granted_ttl: number; ttl: number }[] }[] }).services[0]!.nodes;
    expect(nodes.map((n) => [n.id, n.lease, n.granted_ttl])).toEqual(leases.map((l, i) => [`many-${String(i).padStart(3, '0')}`, hex(l), 100 + i]));
    expect(nodes.every((n) => n.ttl > 90 && n.ttl <= n.granted_ttl)).toBe(true);
    // The fast path itself: the same answers as LeaseTimeToLive through the client, TTL -1 for a
    // lease etcd does not have, and a failure (so the client asks instead) where nothing listens.
    const o = { signal: new AbortController().signal, timeoutMs: 5000, concurrency: 8 };
    const got = await leaseTtlsHttp2(`http://${ep}`, [...leases, 12345n], o);
    expect(got.get(leases[5]!)!.granted).toBe(105n);
    expect(got.get(12345n)).toEqual({ ttl: -1n, granted: 0n });
    await expect(leaseTtlsHttp2(`http://127.0.0.1:${await freePort()}`, leases, o)).rejects.toThrow();
    // Through the client: the fan-out where it would send the same requests (plain text, no
    // token), nothing where it would not (a user to authenticate as), nothing where it failed.
    const config = { dialTimeoutMs: 2000, keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 10_000 };
    const plain = createClient({ ...config, endpoints: [ep] });
    const user = createClient({ ...config, endpoints: [ep], credentials: { user: 'root', password: 'x' } });
    const dead = createClient({ ...config, endpoints: [`127.0.0.1:${await freePort()}`] });
    try {
      expect((await plain.leaseTtls(leases, o))!.get(leases[7]!)!.granted).toBe(107n);
      expect(await user.leaseTtls(leases, o)).toBeUndefined();
      expect(await dead.leaseTtls(leases, o)).toBeUndefined();
    } finally {
      for (const cl of [plain, user, dead]) cl.close();
    }
    for (const l of leases) await c.revoke(l);
  });

  it('no endpoint reachable: one Error line, exit 2 (list, doctor, watch)', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    for (const sub of ['list', 'doctor', 'watch']) {
      const r = await runBin(['--endpoints', dead, '--dial-timeout', '1s', 'registry', sub]);
      expect(r.code, sub).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^Error: context deadline exceeded.*\n$/);
    }
  });

  describe('watch', () => {
    let w: RunningBin | undefined;
    afterAll(() => void w?.child.kill('SIGKILL'));

    it('up, deregistered, and a 2 s lease nobody keeps alive going down as expired; Ctrl-C is 130', async () => {
      w = startBin(['--endpoints', ep, 'registry', 'watch', 'w.svc', '-w', 'json'], { timeoutMs: 60_000 });
      const events = () => jsonEvents(w!);
      await untilWatching(w, c, 'w.svc');
      const start = events().length;
      const short = await sim.register(c, '/micro/registry/w.svc/w.svc-short', sim.goMicroValue('w.svc', 'w.svc-short', '10.1.1.1:1'), 2);
      const long = await sim.register(c, '/micro/registry/w.svc/w.svc-long', sim.goMicroValue('w.svc', 'w.svc-long', '10.1.1.2:1'), 60);
      await sim.register(c, '/micro/registry/other/other-1', sim.goMicroValue('other', 'other-1', '10.1.1.3:1'), 0);
      await c.del('/micro/registry/w.svc/w.svc-long');
      const deadline = Date.now() + 20_000;
      while (!events().some((e) => e.node === 'w.svc-short' && e.event === 'down') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const got = events().slice(start);
      expect(got.map((e) => `${e.event} ${e.node}`)).toEqual(['up w.svc-short', 'up w.svc-long', 'down w.svc-long', 'down w.svc-short']);
      expect(got[0]).toMatchObject({ service: 'w.svc', address: '10.1.1.1:1', key: '/micro/registry/w.svc/w.svc-short', reason: '' });
      expect(got[2]!.reason).toMatch(new RegExp(`^deregistered: key deleted while lease ${hex(long)} lived \\(\\d+s left\\)$`));
      expect(got[3]!.reason).toBe(`lease ${hex(short)} expired or revoked`);
      expect(typeof got[3]!.time).toBe('string');
      expect(got.every((e, i) => i === 0 || Number(e.revision) > Number(got[i - 1]!.revision))).toBe(true);
      w.child.kill('SIGINT');
      const done = await w.done;
      expect(done.code).toBe(130);
      expect(done.err).toBe('');
    });

    it('-w table is not supported for a stream', async () => {
      expect(await ctl('watch', '-w', 'table')).toMatchObject({ code: 4, err: 'Error: table not supported as output format\n' });
    });
  });
});

describe.skipIf(etcd === undefined)('registry watch across a member failure', () => {
  let cluster: EtcdCluster;
  let c: Sim;
  let w: RunningBin | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ members: 3, name: 'registry-failover' });
    // Writes go through a member the watch is not on.
    c = sim.connect(cluster.endpoints[2]!);
  }, 120_000);
  afterAll(async () => {
    w?.child.kill('SIGKILL');
    c?.close();
    await cluster?.stop();
  });

  it('keeps going on another member: every node up exactly once, in order', async () => {
    // The client dials the first endpoint first: that is the member stopped below.
    w = startBin(['--endpoints', cluster.endpoints.join(','), 'registry', 'watch', 'f.svc', '-w', 'json'], { timeoutMs: 90_000 });
    const events = () => jsonEvents(w!);
    await untilWatching(w, c, 'f.svc');
    const node = (i: number) => sim.register(c, `/micro/registry/f.svc/n${i}`, sim.goMicroValue('f.svc', `n${i}`, `10.3.0.${i}:1`), 0);
    for (let i = 0; i < 3; i++) await node(i);
    await cluster.kill(0);
    for (let i = 3; i < 6; i++) await node(i);
    const deadline = Date.now() + 30_000;
    while (!events().some((e) => e.node === 'n5') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const got = events().filter((e) => e.node !== 'ready');
    expect(got.map((e) => `${e.event} ${e.node}`)).toEqual(['up n0', 'up n1', 'up n2', 'up n3', 'up n4', 'up n5']);
    w.child.kill('SIGINT');
    expect((await w.done).code).toBe(130);
  }, 90_000);
});
