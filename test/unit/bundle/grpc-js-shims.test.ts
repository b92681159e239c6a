/**
 * What scripts/bundle.mjs puts in place of parts of grpc-js's module graph in the shipped bundle
 * (scripts/bundle/): each must behave as what it replaces wherever our client can reach it.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/bundle');
const require = createRequire(import.meta.url);

describe('grpc-js-net.cjs (node:net for grpc-js)', () => {
  const shim = require(path.join(dir, 'grpc-js-net.cjs')) as typeof net;
  const inputs: unknown[] = [
    '127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', 'localhost', 'etcd-0.etcd.svc', '', ' ',
    '::', '::1', '[::1]', '::ffff:127.0.0.1', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '2001:db8:::1', '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9', 'localhost:2379', '127.0.0.1:2379', 'a:b', ':', undefined, null, 1, { toString: () => '::1' },
  ];

  it.each(inputs.map((x) => [x]))('answers as node:net for %j', (x) => {
    expect(shim.isIPv6(x as string)).toBe(net.isIPv6(x as string));
    expect(shim.isIP(x as string)).toBe(net.isIP(x as string));
    expect(shim.isIPv4(x as string)).toBe(net.isIPv4(x as string));
  });

  it('is node:net otherwise', () => {
    expect(shim.createConnection).toBe(net.createConnection);
    expect(shim.Socket).toBe(net.Socket);
  });
});

describe('grpc-js-client.cjs (@grpc/grpc-js for our code)', () => {
  const real = require('@grpc/grpc-js') as Record<string, unknown>;
  const slim = require(path.join(dir, 'grpc-js-client.cjs')) as Record<string, unknown>;
  const leftOut = ['Server', 'ServerCredentials', 'ServerListenerBuilder', 'ResponderBuilder', 'ServerInterceptingCall', 'ServerMetricRecorder'];

  // A new export in a grpc-js update shows up here instead of being undefined in the bundle.
  it('has the exports of the real index', () => {
    expect(Object.keys(slim).sort()).toEqual(Object.keys(real).sort());
  });

  it('gives the same values for what it keeps', () => {
    // Defined in index.js itself (small wrappers), so copied rather than the same objects.
    const copied = ['credentials', 'experimental', 'closeClient', 'waitForClientReady', 'loadObject', 'load', 'setLogger', 'setLogVerbosity', 'getClientChannel'];
    for (const k of Object.keys(real).filter((k) => !leftOut.includes(k) && !copied.includes(k))) expect(slim[k], k).toBe(real[k]);
    for (const k of copied.slice(2)) expect([k, typeof slim[k], (slim[k] as () => void).length]).toEqual([k, 'function', (real[k] as () => void).length]);
    const [ours, theirs] = [slim.credentials, real.credentials] as Record<string, () => void>[];
    expect(Object.keys(ours!)).toEqual(Object.keys(theirs!));
    for (const k of Object.keys(theirs!)) if (!k.startsWith('combine')) expect(ours![k], k).toBe(theirs![k]);
  });

  it.each(leftOut.map((k) => [k]))('throws when %s is used', (k) => {
    expect(() => slim[k]).toThrow(`@grpc/grpc-js: ${k} is not in etcdctl-ts's bundle`);
  });

  it("keeps experimental.registerResolver (src/client/transport.ts's hosts-file resolver), nothing else of it", () => {
    const [ours, theirs] = [slim.experimental, real.experimental] as Record<string, unknown>[];
    expect(ours!.registerResolver).toBe(theirs!.registerResolver);
    expect(() => ours!.createResolver).toThrow("@grpc/grpc-js: experimental.createResolver is not in etcdctl-ts's bundle");
  });

  // In a process of its own: the real index, loaded here above, registers everything itself.
  it('registers the resolvers a target can name and pick_first as the default policy', () => {
    const probe = `
      require(${JSON.stringify(path.join(dir, 'grpc-js-client.cjs'))});
      const r = require('@grpc/grpc-js/build/src/resolver');
      const lb = require('@grpc/grpc-js/build/src/load-balancer');
      const listener = { onSuccessfulResolution() {}, onError() {} };
      const out = {};
      for (const t of ['ipv4:127.0.0.1:2379', 'ipv6:[::1]:2379', 'dns:localhost:2379', 'unix:/tmp/x.sock', 'localhost:2379']) {
        const uri = r.mapUriDefaultScheme(require('@grpc/grpc-js/build/src/uri-parser').parseUri(t));
        try { const res = r.createResolver(uri, listener, {}); res.destroy(); out[t] = uri.scheme; } catch (e) { out[t] = e.message; }
      }
      out.default = lb.getDefaultConfig().getLoadBalancerName();
      out.round_robin = lb.isLoadBalancerNameRegistered('round_robin');
      process.stdout.write(JSON.stringify(out));
    `;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', cwd: path.join(dir, '../..') });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      'ipv4:127.0.0.1:2379': 'ipv4',
      'ipv6:[::1]:2379': 'ipv6',
      'dns:localhost:2379': 'dns',
      'unix:/tmp/x.sock': 'unix',
      'localhost:2379': 'dns',
      default: 'pick_first',
      // Only a service config selects it, and our channels resolve none.
      round_robin: false,
    });
  });
});
