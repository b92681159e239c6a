import { describe, expect, it } from 'vitest';
import { decodeEntries } from '../../../src/registry/detect.js';
import { CHECKS, diagnose, doctorExitCode } from '../../../src/registry/doctor.js';
import type { Entry, LeaseInfo } from '../../../src/registry/types.js';
import { entry, GO_MICRO_V1, GO_MICRO_V2, GRPC, KRATOS, UUID } from './fixtures.js';

const GREETER = `/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`;
const healthy = new Map<bigint, LeaseInfo>([[1n, { ttl: 80n, granted: 90n }]]);

function run(entries: Entry[], leases: ReadonlyMap<bigint, LeaseInfo> = healthy) {
  return diagnose(decodeEntries(entries), leases);
}
const checks = (entries: Entry[], leases?: ReadonlyMap<bigint, LeaseInfo>) => run(entries, leases).map((f) => `${f.severity} ${f.check}`);

describe('registry doctor checks', () => {
  it('a healthy registration: nothing', () => {
    expect(run([entry(GREETER, GO_MICRO_V2, 1n)])).toEqual([]);
    expect(doctorExitCode([], true)).toBe(0);
  });

  it('no-lease: a leaseless node (warning)', () => {
    const f = run([entry(GREETER, GO_MICRO_V2)]);
    expect(f).toEqual([
      expect.objectContaining({ severity: 'warning', check: 'no-lease', service: 'go.micro.srv.greeter', key: GREETER, address: '10.0.0.5:40417' }),
    ]);
    expect(doctorExitCode(f, false)).toBe(0);
    expect(doctorExitCode(f, true)).toBe(1);
  });

  it('split-prefix: one service under both go-micro prefixes (error, once per service)', () => {
    const f = run([entry(GREETER, GO_MICRO_V2, 1n), entry('/micro-registry/go.micro.srv.greeter/go.micro.srv.greeter-2b7a1c9e-1111-4e22-8c33-445566778899', GO_MICRO_V1)]);
    expect(f.map((x) => x.check)).toEqual(['split-prefix', 'no-lease']);
    expect(f[0]).toMatchObject({ severity: 'error', key: null, address: null });
    expect(f[0]!.message).toContain('/micro-registry/ and /micro/registry/');
    expect(doctorExitCode(f, false)).toBe(1);
  });

  it('expiring: TTL left below the refresh interval (30 s for go-micro, TTL/3 for keep-alive streams)', () => {
    const leases = new Map<bigint, LeaseInfo>([
      [1n, { ttl: 29n, granted: 90n }],
      [2n, { ttl: 3n, granted: 15n }],
      [3n, { ttl: 6n, granted: 15n }],
    ]);
    const f = run([entry(GREETER, GO_MICRO_V2, 1n), entry('/microservices/helloworld/7c1e3d2a-8b2c-11ee-9a4d-0242ac120002', KRATOS, 2n), entry('my-service/10.0.0.5:50051', GRPC, 3n)], leases);
    expect(f.map((x) => `${x.check} ${x.service}`)).toEqual(['expiring go.micro.srv.greeter', 'expiring helloworld']);
    expect(f[0]!.message).toBe('lease 0000000000000001 has 29s left of 90s, below the 30s refresh interval: keep-alive is late');
  });

  it('expiring: a lease etcd no longer has', () => {
    expect(run([entry(GREETER, GO_MICRO_V2, 5n)], new Map([[5n, { ttl: -1n, granted: 0n }]]))[0]!.message).toMatch(/is gone/);
  });

  it('duplicate-address: one address under several node ids of a service', () => {
    const a = GO_MICRO_V2;
    const b = GO_MICRO_V2.replaceAll(UUID, '11111111-2222-4333-8444-555555555555');
    const f = run([entry(GREETER, a, 1n), entry(GREETER.replace(UUID, '11111111-2222-4333-8444-555555555555'), b, 1n)]);
    expect(f.map((x) => x.check)).toEqual(['duplicate-address', 'duplicate-address']);
    expect(f[0]!.severity).toBe('warning');
  });

  it('unparseable: a value under a registry prefix that does not decode (error)', () => {
    const f = run([entry('/micro/registry/broken/broken-1', '{"name":', 1n), entry('/microservices/x/1', 'nope', 1n)]);
    expect(f.map((x) => `${x.severity} ${x.check} ${x.service}`)).toEqual(['error unparseable broken', 'error unparseable x']);
  });

  it('name-mismatch: key segment vs JSON name beyond / → -, and node id', () => {
    expect(checks([entry(`/micro/registry/foo-bar/foo-bar-${UUID}`, GO_MICRO_V2.replaceAll('go.micro.srv.greeter', 'foo/bar'), 1n)])).toEqual([]);
    expect(checks([entry(`/micro/registry/other/go.micro.srv.greeter-${UUID}`, GO_MICRO_V2, 1n)])).toEqual(['error name-mismatch']);
    expect(checks([entry(`/micro/registry/go.micro.srv.greeter/x-${UUID}`, GO_MICRO_V2, 1n)])).toEqual(['warning name-mismatch']);
    expect(checks([entry('/microservices/hello/7c1e3d2a-8b2c-11ee-9a4d-0242ac120002', KRATOS, 1n)])).toEqual(['error name-mismatch']);
  });

  it("lease-mismatch: a go-zero key whose suffix is not the key's lease", () => {
    const l = 7587870341012345678n;
    const leases = new Map<bigint, LeaseInfo>([[l, { ttl: 9n, granted: 10n }]]);
    expect(checks([entry(`user.rpc/${l}`, '10.0.0.5:8080', l)], leases)).toEqual([]);
    const f = run([entry('user.rpc/12345', '10.0.0.5:8080', l)], leases);
    expect(f.map((x) => `${x.severity} ${x.check}`)).toEqual(['warning lease-mismatch']);
    expect(f[0]!.message).toContain('694d87df75c3534e');
  });

  it('findings come in CHECKS order, with stable ids', () => {
    expect(CHECKS).toEqual(['unparseable', 'name-mismatch', 'split-prefix', 'no-lease', 'expiring', 'lease-mismatch', 'duplicate-address']);
    const f = run([entry('/micro/registry/z/z-1', 'x'), entry(GREETER, GO_MICRO_V2), entry('/micro-registry/go.micro.srv.greeter/a-1', GO_MICRO_V1.replace(/go\.micro\.srv\.greeter-2b7a[^"]*/, 'a-1'))]);
    expect(f.map((x) => x.check)).toEqual(['unparseable', 'split-prefix', 'no-lease', 'no-lease']);
  });
});
