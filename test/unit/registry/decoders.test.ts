import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../../src/registry/detect.js';
import { keySegment } from '../../../src/registry/go-micro.js';
import { isHostPort, leaseMismatch, suffixId } from '../../../src/registry/go-zero.js';
import { leaseHex } from '../../../src/registry/types.js';
import { entry, GO_MICRO_V1, GO_MICRO_V1_TIMESTAMP, GO_MICRO_V2, GO_MICRO_V4, GRPC, KRATOS, KRATOS_OLD, MICRO_V3_DOMAIN, NOT_REGISTRIES, UUID } from './fixtures.js';

const one = (key: string, value: string | Uint8Array, lease = 0n) => {
  const nodes = decodeEntry(entry(key, value, lease));
  expect(nodes).toHaveLength(1);
  return nodes[0]!;
};

describe('go-micro', () => {
  it('v2+ under /micro/registry/', () => {
    const n = one(`/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`, GO_MICRO_V2, 7n);
    expect(n).toMatchObject({
      kind: 'go-micro',
      service: 'go.micro.srv.greeter',
      keyService: 'go.micro.srv.greeter',
      prefix: '/micro/registry/',
      id: `go.micro.srv.greeter-${UUID}`,
      address: '10.0.0.5:40417',
      version: 'latest',
      endpoints: ['Greeter.Hello'],
      metadata: { broker: 'http', protocol: 'mucp', registry: 'etcd', server: 'mucp', transport: 'http' },
      lease: 7n,
    });
    expect(n.error).toBeUndefined();
    expect(n.legacyPort).toBeUndefined();
  });

  it('≤ v1.7 under /micro-registry/: bare host and port joined, no lease', () => {
    const n = one('/micro-registry/go.micro.srv.greeter/go.micro.srv.greeter-2b7a1c9e-1111-4e22-8c33-445566778899', GO_MICRO_V1);
    expect(n).toMatchObject({ prefix: '/micro-registry/', address: '10.0.0.6:40417', legacyPort: true, lease: 0n });
    expect(n.metadata).toEqual({ broker: 'http', registry: 'etcdv3', server: 'rpc', transport: 'http' });
  });

  it('a bare IPv6 host with a port is bracketed', () => {
    const n = one('/micro-registry/s/s-1', '{"name":"s","version":"latest","nodes":[{"id":"s-1","address":"::1","port":8080,"metadata":null}]}');
    expect(n.address).toBe('[::1]:8080');
  });

  it('v4+ key order and v1.11 timestamp versions decode alike', () => {
    expect(one(`/micro/registry/greeter/greeter-${UUID}`, GO_MICRO_V4)).toMatchObject({ id: `greeter-${UUID}`, address: '10.0.0.9:9000', endpoints: ['Greeter.Hello'] });
    expect(one(`/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`, GO_MICRO_V1_TIMESTAMP).version).toBe('2019.10.01.12.30');
    // v1.10: unix seconds, as a number in hand-written values.
    expect(one('/micro/registry/s/s-1', '{"name":"s","version":1570000000,"nodes":[{"id":"s-1","address":"1.2.3.4:5"}]}').version).toBe('1570000000');
  });

  it("micro v3's domain variant: 3 segments, domain in the prefix", () => {
    const n = one(`/micro/registry/micro/helloworld/helloworld-${UUID}`, MICRO_V3_DOMAIN);
    expect(n).toMatchObject({ service: 'helloworld', keyService: 'helloworld', prefix: '/micro/registry/micro/', domain: 'micro', address: '10.0.0.7:37041' });
  });

  it('`foo/bar` lives under segment `foo-bar`', () => {
    const n = one(`/micro/registry/foo-bar/foo-bar-${UUID}`, GO_MICRO_V2.replace('"go.micro.srv.greeter"', '"foo/bar"'));
    expect(n.service).toBe('foo/bar');
    expect(keySegment(n.service)).toBe(n.keyService);
  });

  it.each([
    ['not JSON', 'hello', 'value is not JSON'],
    ['truncated', '{"name":"x","nodes":', 'value is not JSON'],
    ['an array', '[1]', 'value is not a JSON object'],
    ['no name', '{"nodes":[{"id":"a"}]}', 'value has no service "name"'],
    ['no nodes', '{"name":"svc"}', 'value has no "nodes" array'],
    ['empty nodes', '{"name":"svc","nodes":[]}', 'value has no node'],
  ])('a value that does not decode (%s) is a node carrying the error', (_, value, error) => {
    const n = one('/micro/registry/svc/svc-1', value, 9n);
    expect(n).toMatchObject({ kind: 'go-micro', service: 'svc', id: 'svc-1', error, lease: 9n });
  });

  it('a key with the wrong number of segments is reported', () => {
    expect(one('/micro/registry/svc', GO_MICRO_V2).error).toMatch(/1 segment after/);
    expect(one('/micro-registry/a/b/c', GO_MICRO_V2).error).toMatch(/3 segments after/);
  });

  it('a value holding two nodes gives two nodes', () => {
    const v = '{"name":"s","version":"1","nodes":[{"id":"s-1","address":"1.1.1.1:1"},{"id":"s-2","address":"1.1.1.2:1"}]}';
    expect(decodeEntry(entry('/micro/registry/s/s-1', v)).map((n) => n.id)).toEqual(['s-1', 's-2']);
  });

  it('/micro-registry-old/ is not a go-micro prefix', () => {
    expect(decodeEntry(entry('/micro-registry-old/s/s-1', GO_MICRO_V2))).toEqual([]);
  });
});

describe('gRPC naming', () => {
  it('target is the key minus its last segment', () => {
    expect(one('my-service/10.0.0.5:50051', GRPC, 3n)).toMatchObject({ kind: 'grpc', service: 'my-service', prefix: 'my-service/', id: '10.0.0.5:50051', address: '10.0.0.5:50051', metadata: null, lease: 3n });
  });

  it('metadata of any JSON; key order free', () => {
    const n = one('a/b/svc/x', '{"Metadata":{"weight":2},"Addr":"h:1","Op":0}');
    expect(n).toMatchObject({ service: 'a/b/svc', metadata: { weight: 2 }, address: 'h:1' });
  });

  it('other keys than exactly Op, Addr, Metadata: not gRPC naming', () => {
    expect(decodeEntry(entry('s/x', '{"Op":0,"Addr":"h:1"}'))).toEqual([]);
    expect(decodeEntry(entry('s/x', '{"Op":0,"Addr":"h:1","Metadata":null,"x":1}'))).toEqual([]);
  });

  it('Op other than 0 is a node that does not decode', () => {
    expect(one('s/h:1', '{"Op":1,"Addr":"h:1","Metadata":null}').error).toMatch(/Op is 1/);
  });
});

describe('go-zero', () => {
  const lease = 7587870341012345678n;
  it('suffix is the lease in decimal, beyond 2^53', () => {
    const n = one(`user.rpc/${lease}`, '10.0.0.5:8080', lease);
    expect(n).toMatchObject({ kind: 'go-zero', service: 'user.rpc', id: String(lease), address: '10.0.0.5:8080' });
    expect(leaseHex(lease)).toBe('694d87df75c3534e');
    expect(leaseMismatch(n)).toBe(false);
  });

  it('Etcd.ID as suffix: a go-zero node whose suffix is not its lease', () => {
    const n = one('user.rpc/1', '10.0.0.5:8080', lease);
    expect(n.kind).toBe('go-zero');
    expect(leaseMismatch(n)).toBe(true);
  });

  it('a leased host:port under any suffix; a leaseless one only under a decimal suffix', () => {
    expect(one('svc/node-a', '[::1]:80', 5n).kind).toBe('go-zero');
    expect(decodeEntry(entry('svc/node-a', '10.0.0.5:8080'))).toEqual([]);
    expect(one('svc/42', '10.0.0.5:8080').lease).toBe(0n);
  });

  it('host:port and int64 suffixes', () => {
    expect(['10.0.0.5:8080', 'host.example:1', '[fe80::1]:443'].every(isHostPort)).toBe(true);
    expect(['http://h:1', 'h', 'h:port', '{"a":1}', ' h:1'].some(isHostPort)).toBe(false);
    expect(suffixId('-5')).toBe(-5n);
    expect(suffixId('9223372036854775808')).toBeUndefined();
    expect(suffixId('12a')).toBeUndefined();
  });
});

describe('Kratos', () => {
  it('under /microservices/', () => {
    const n = one('/microservices/helloworld/7c1e3d2a-8b2c-11ee-9a4d-0242ac120002', KRATOS, 15n);
    expect(n).toMatchObject({
      kind: 'kratos',
      service: 'helloworld',
      prefix: '/microservices/',
      id: '7c1e3d2a-8b2c-11ee-9a4d-0242ac120002',
      version: 'v1.0.0',
      endpoints: ['http://10.0.0.5:8000', 'grpc://10.0.0.5:9000'],
      address: 'http://10.0.0.5:8000,grpc://10.0.0.5:9000',
    });
  });

  it('older endpoints with ?isSecure=false; another namespace found by shape', () => {
    expect(one('/ns/helloworld/7c1e3d2a-8b2c-11ee-9a4d-0242ac120002', KRATOS_OLD)).toMatchObject({ prefix: '/ns/', metadata: { app: 'x' } });
  });

  it('a value under /microservices/ that does not decode is reported', () => {
    expect(one('/microservices/x/1', 'garbage').error).toBe('value is not JSON');
    expect(one('/microservices/x/1', '{"id":"1"}').error).toBe('value is not a Kratos ServiceInstance');
  });
});

describe('detection', () => {
  it('APISIX, CoreDNS, Traefik, Kubernetes, Vitess and plain keys are not registrations', () => {
    for (const e of NOT_REGISTRIES) expect(decodeEntry(e)).toEqual([]);
  });

  it('lease ids print as etcdctl prints them', () => {
    expect(leaseHex(1n)).toBe('0000000000000001');
    expect(leaseHex(0x694d87df75c3534en)).toBe('694d87df75c3534e');
  });
});
