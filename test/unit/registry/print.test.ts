import { describe, expect, it } from 'vitest';
import { NO_STYLE } from '../../../src/output/human/style.js';
import { decodeEntries } from '../../../src/registry/detect.js';
import { groupServices, matchService } from '../../../src/registry/model.js';
import { doctorSimple, eventJson, eventSimple, formatMetadata, getSimple, listSimple, servicesJson } from '../../../src/registry/print.js';
import type { LeaseInfo } from '../../../src/registry/types.js';
import { entry, GO_MICRO_V1, GO_MICRO_V2, GRPC, UUID } from './fixtures.js';

const nodes = decodeEntries([
  entry(`/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`, GO_MICRO_V2, 0x694d87df75c3534en),
  entry('/micro-registry/go.micro.srv.greeter/go.micro.srv.greeter-2b7a1c9e-1111-4e22-8c33-445566778899', GO_MICRO_V1),
  entry('my-service/10.0.0.5:50051', GRPC, 2n),
  entry('/micro/registry/bad/bad-1', 'nope'),
]);
const leases = new Map<bigint, LeaseInfo>([
  [0x694d87df75c3534en, { ttl: 87n, granted: 90n }],
  [2n, { ttl: 1n, granted: 10n }],
]);

describe('registry output', () => {
  it('groups by kind, service and prefix: a split service appears once per prefix', () => {
    const g = groupServices(nodes, leases);
    expect(g.map((s) => `${s.kind} ${s.name} ${s.prefix} ${s.nodes.map((n) => n.status).join()}`)).toEqual([
      'go-micro bad /micro/registry/ unparseable',
      'go-micro go.micro.srv.greeter /micro-registry/ leaseless',
      'go-micro go.micro.srv.greeter /micro/registry/ healthy',
      'grpc my-service my-service/ expiring',
    ]);
  });

  it('list json: the documented schema', () => {
    const out = JSON.parse(servicesJson(groupServices(nodes, leases), 42n));
    expect(out.revision).toBe(42);
    expect(out.services[2]).toEqual({
      name: 'go.micro.srv.greeter',
      kind: 'go-micro',
      prefix: '/micro/registry/',
      domain: null,
      versions: ['latest'],
      nodes: [
        {
          id: `go.micro.srv.greeter-${UUID}`,
          address: '10.0.0.5:40417',
          version: 'latest',
          key: `/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`,
          lease: '694d87df75c3534e',
          ttl: 87,
          granted_ttl: 90,
          metadata: { broker: 'http', protocol: 'mucp', registry: 'etcd', server: 'mucp', transport: 'http' },
          endpoints: ['Greeter.Hello'],
          status: 'healthy',
          create_revision: expect.any(Number),
          mod_revision: expect.any(Number),
          error: null,
        },
      ],
    });
    expect(out.services[1].nodes[0]).toMatchObject({ lease: null, ttl: null, granted_ttl: null, status: 'leaseless' });
  });

  it('list simple: aligned, grouped by framework', () => {
    expect(listSimple(groupServices(nodes, leases), NO_STYLE, 42n)).toBe(
      [
        'go-micro',
        '  SERVICE               PREFIX            VERSIONS  NODES  HEALTHY  EXPIRING  LEASELESS  UNPARSEABLE',
        '  bad                   /micro/registry/  -             1        0         0          0            1',
        '  go.micro.srv.greeter  /micro-registry/  latest        1        0         0          1            0',
        '  go.micro.srv.greeter  /micro/registry/  latest        1        1         0          0            0',
        '',
        'grpc',
        '  SERVICE     PREFIX       VERSIONS  NODES  HEALTHY  EXPIRING  LEASELESS  UNPARSEABLE',
        '  my-service  my-service/  -             1        0         1          0            0',
        '',
        '3 services, 4 nodes at revision 42',
        '',
      ].join('\n'),
    );
    expect(listSimple([], NO_STYLE, 7n)).toBe('no service registrations found (revision 7)\n');
  });

  it('get simple: one block per node, lease in hex', () => {
    const g = groupServices(nodes.filter((n) => matchService(n, 'go.micro.srv.greeter')), leases, true);
    const out = getSimple(g, 'go.micro.srv.greeter', NO_STYLE, 42n);
    expect(out).toContain('go.micro.srv.greeter  go-micro  /micro/registry/  version latest  1 node\n');
    expect(out).toContain('    lease      694d87df75c3534e  TTL 87s of 90s\n');
    expect(out).toContain('    lease      none\n');
    expect(out).toContain('    address    10.0.0.6:40417  (go-micro ≤ v1.7: host and port stored apart)\n');
    expect(getSimple([], 'x', NO_STYLE, 1n)).toBe('no registration of service "x" found (revision 1)\n');
  });

  it('doctor simple and metadata', () => {
    expect(doctorSimple([], NO_STYLE, 3)).toBe('no problems found in 3 nodes\n');
    expect(formatMetadata({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatMetadata({ w: 2 })).toBe('w=2');
    expect(formatMetadata(null)).toBe('');
  });

  it('watch lines', () => {
    const e = { event: 'down' as const, kind: 'go-micro' as const, service: 's', node: 'n', address: 'a:1', key: 'k', revision: 9n, reason: 'lease 0000000000000001 expired or revoked' };
    const t = new Date('2026-01-02T03:04:05.678Z');
    expect(eventSimple(e, t, NO_STYLE)).toBe('2026-01-02T03:04:05.678Z  down     go-micro  s  n  a:1  rev 9  lease 0000000000000001 expired or revoked\n');
    expect(JSON.parse(eventJson(e, t))).toEqual({ time: '2026-01-02T03:04:05.678Z', event: 'down', kind: 'go-micro', service: 's', node: 'n', address: 'a:1', key: 'k', revision: 9, reason: e.reason });
  });
});
