// Simulated service registrations for tests, the benchmark and the demo: the fixtures of
// ../shared/registries.md §9, written as each framework writes them (grant the lease first, then
// put the key with it), through raw gRPC so that what is measured or tested is not our own client.
//   node bench/registry-simulate.mjs ENDPOINT fixtures            the §9 fixtures
//   node bench/registry-simulate.mjs ENDPOINT scale SERVICES NODES  go-micro services × nodes, a lease each
//   node bench/registry-simulate.mjs ENDPOINT greeter             one go-micro node on a 90 s lease
import grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';

function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}
const bytesField = (tag, b) => {
  const buf = Buffer.from(b);
  return Buffer.concat([Buffer.from([tag]), varint(buf.length), buf]);
};
const intField = (tag, n) => (BigInt(n) === 0n ? Buffer.alloc(0) : Buffer.concat([Buffer.from([tag]), varint(n)]));

/** A raw gRPC connection with the three calls a registration needs. */
export function connect(endpoint) {
  const client = new grpc.Client(`ipv4:${endpoint}`, grpc.credentials.createInsecure());
  const call = (path, body) =>
    new Promise((resolve, reject) => client.makeUnaryRequest(path, (b) => b, (b) => b, body, (err, res) => (err ? reject(err) : resolve(res))));
  return {
    /** LeaseGrant with a lease id of our choosing (etcd accepts one when it is free). */
    grant: (ttl, id) => call('/etcdserverpb.Lease/LeaseGrant', Buffer.concat([intField(0x08, ttl), intField(0x10, id)])),
    revoke: (id) => call('/etcdserverpb.Lease/LeaseRevoke', intField(0x08, id)),
    put: (key, value, lease = 0n) => call('/etcdserverpb.KV/Put', Buffer.concat([bytesField(0x0a, key), bytesField(0x12, value), intField(0x18, lease)])),
    del: (key) => call('/etcdserverpb.KV/DeleteRange', bytesField(0x0a, key)),
    /** Keeps leases alive as a framework's KeepAlive stream does, every `everyMs`; returns stop(). */
    keepAlive: (ids, everyMs = 1000) => {
      const stream = client.makeBidiStreamRequest('/etcdserverpb.Lease/LeaseKeepAlive', (b) => b, (b) => b);
      stream.on('data', () => {});
      stream.on('error', () => {});
      const tick = () => ids.forEach((id) => stream.write(intField(0x08, id)));
      tick();
      const timer = setInterval(tick, everyMs);
      return () => {
        clearInterval(timer);
        stream.cancel();
      };
    },
    close: () => client.close(),
  };
}

/** Lease ids handed out by this process: random high bits, so runs do not collide. */
let nextLease = (BigInt(Date.now()) << 20n) | BigInt(Math.floor(Math.random() * 0xfffff));
export const newLeaseId = () => ++nextLease;

export const UUID = '0f1c3a52-5b8e-4a57-9d0b-7c3f6c2d9e11';

/** go-micro's value (v2.9.1 shape) for one node. */
export function goMicroValue(name, id, address, o = {}) {
  return JSON.stringify({
    name,
    version: o.version ?? 'latest',
    metadata: o.serviceMetadata ?? null,
    endpoints: [
      {
        name: 'Greeter.Hello',
        request: { name: 'Request', type: 'Request', values: [{ name: 'name', type: 'string', values: null }] },
        response: { name: 'Response', type: 'Response', values: [{ name: 'msg', type: 'string', values: null }] },
        metadata: {},
      },
    ],
    nodes: [{ id, address, metadata: o.metadata ?? { broker: 'http', protocol: 'mucp', registry: 'etcd', server: 'mucp', transport: 'http' } }],
  });
}

/**
 * Registers one node: a lease of `ttl` seconds (none when 0) and the key put with it. Returns
 * the lease id (0n without one).
 */
export async function register(c, key, value, ttl) {
  let lease = 0n;
  if (ttl > 0) {
    lease = newLeaseId();
    await c.grant(ttl, lease);
  }
  await c.put(key, value, lease);
  return lease;
}

/** The fixtures of registries.md §9 plus its edge cases; returns what was written, by name. */
export async function writeFixtures(c) {
  const out = {};
  const greeter = 'go.micro.srv.greeter';
  out.goMicro = { key: `/micro/registry/${greeter}/${greeter}-${UUID}` };
  out.goMicro.lease = await register(c, out.goMicro.key, goMicroValue(greeter, `${greeter}-${UUID}`, '10.0.0.5:40417'), 90);
  const ghost = `${greeter}-2b7a1c9e-1111-4e22-8c33-445566778899`;
  out.ghost = { key: `/micro-registry/${greeter}/${ghost}` };
  out.ghost.lease = await register(
    c,
    out.ghost.key,
    JSON.stringify({ name: greeter, version: 'latest', metadata: null, endpoints: [], nodes: [{ id: ghost, address: '10.0.0.6', port: 40417, metadata: { broker: 'http', registry: 'etcdv3', server: 'rpc', transport: 'http' } }] }),
    0,
  );
  const hw = `helloworld-${UUID}`;
  out.domain = { key: `/micro/registry/micro/helloworld/${hw}` };
  out.domain.lease = await register(
    c,
    out.domain.key,
    JSON.stringify({ name: 'helloworld', version: 'latest', metadata: { domain: 'micro' }, endpoints: [{ name: 'Helloworld.Call', request: { name: 'Request', type: 'Request', values: null }, response: { name: 'Response', type: 'Response', values: null }, metadata: {} }], nodes: [{ id: hw, address: '10.0.0.7:37041', metadata: { domain: 'micro', protocol: 'grpc' } }] }),
    90,
  );
  out.grpc = { key: 'my-service/10.0.0.5:50051' };
  out.grpc.lease = await register(c, out.grpc.key, JSON.stringify({ Op: 0, Addr: '10.0.0.5:50051', Metadata: null }), 10);
  const zl = newLeaseId();
  await c.grant(10, zl);
  out.goZero = { key: `user.rpc/${zl}`, lease: zl };
  await c.put(out.goZero.key, '10.0.0.5:8080', zl);
  out.kratos = { key: '/microservices/helloworld/7c1e3d2a-8b2c-11ee-9a4d-0242ac120002' };
  out.kratos.lease = await register(
    c,
    out.kratos.key,
    JSON.stringify({ id: '7c1e3d2a-8b2c-11ee-9a4d-0242ac120002', name: 'helloworld', version: 'v1.0.0', metadata: null, endpoints: ['http://10.0.0.5:8000', 'grpc://10.0.0.5:9000'] }),
    15,
  );
  // Not registries: must not show up.
  await c.put('/apisix/routes/', 'init_dir');
  await c.put('/apisix/routes/1', JSON.stringify({ id: '1', uri: '/hello', upstream: { type: 'roundrobin', nodes: { '10.0.0.5:1980': 1 } }, create_time: 1700000000, update_time: 1700000000 }));
  await c.put('/skydns/local/skydns/staging/service', JSON.stringify({ host: '10.0.0.5', port: 8080, ttl: 60 }));
  await c.put('traefik/http/services/whoami/loadbalancer/servers/0/url', 'http://10.0.0.5:80');
  await c.put('/registry/configmaps/default/demo', Buffer.from('6b3873000a0f0a0276311209436f6e6669674d617012110a0f0a0464656d6f1a0764656661756c741a002200', 'hex'));
  await c.put('/vitess/global/cells/zone1/CellInfo', Buffer.from('0a0e6c6f63616c686f73743a32333739120d2f7669746573732f7a6f6e6531', 'hex'));
  // Edge cases: `foo/bar` under segment `foo-bar` (documented, fine); a go-zero key whose suffix
  // is not its lease; a value under a registry prefix that does not decode.
  out.slash = { key: `/micro/registry/foo-bar/foo-bar-${UUID}` };
  out.slash.lease = await register(c, out.slash.key, goMicroValue('foo/bar', `foo/bar-${UUID}`, '10.0.0.8:1234'), 90);
  out.zeroMismatch = { key: 'order.rpc/12345' };
  out.zeroMismatch.lease = await register(c, out.zeroMismatch.key, '10.0.0.9:8080', 10);
  out.broken = { key: `/micro/registry/broken.svc/broken.svc-${UUID}` };
  out.broken.lease = await register(c, out.broken.key, '{"name":"broken.svc","nodes":', 90);
  return out;
}

/** `services` go-micro services of `nodes` nodes each, every node on a lease of its own. */
export async function writeScale(c, services, nodes, ttl = 90, concurrency = 64) {
  const jobs = [];
  for (let s = 0; s < services; s++) for (let n = 0; n < nodes; n++) jobs.push([s, n]);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const [s, n] = jobs[next++];
        const name = `svc.${String(s).padStart(4, '0')}`;
        const id = `${name}-${randomUUID()}`;
        await register(c, `/micro/registry/${name}/${id}`, goMicroValue(name, id, `10.${s >> 8}.${s & 255}.${n + 1}:8080`), ttl);
      }
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [endpoint, what, a, b] = process.argv.slice(2);
  const c = connect(endpoint);
  try {
    if (what === 'fixtures') await writeFixtures(c);
    else if (what === 'scale') await writeScale(c, Number(a ?? 1000), Number(b ?? 10));
    else if (what === 'greeter') {
      const id = `go.micro.srv.greeter-${UUID}`;
      await register(c, `/micro/registry/go.micro.srv.greeter/${id}`, goMicroValue('go.micro.srv.greeter', id, '10.0.0.5:40417'), 90);
    } else throw new Error('usage: registry-simulate.mjs ENDPOINT fixtures|scale [SERVICES NODES]|greeter');
  } finally {
    c.close();
  }
}
