// Start-up time: evaluating the shipped bundle must not load what only a command needs. grpc-js
// (with node:http2, tls, zlib) costs ~40 ms and node:http2 or child_process a few ms each; a
// static import in any command module would load them at every start, `version` included.
// And a command that talks to etcd must not load what only paths it never takes need:
// scripts/bundle.mjs makes commander's child_process and grpc-js's zlib and dns load on first use.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { root } from './helpers/bin.js';

const endpoint = inject('etcdEndpoint');
/** bin/etcdctl-ts's code cache goes here, not into the user's ~/.cache. */
const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-bundle-load-'));

const hook = `
const M = require('module');
const orig = M._load;
const seen = new Set();
M._load = function (request, ...rest) { seen.add(request.replace(/^node:/, '')); return orig.call(this, request, ...rest); };
`;

function loaded(probe: string, args: readonly string[] = []): string[] {
  const r = spawnSync(process.execPath, ['-e', hook + probe, '--', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, XDG_CACHE_HOME: cacheHome } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('\n') + 1)) as string[];
}

describe('the bundle', () => {
  it('loads no gRPC, HTTP/2, TLS or child-process module when it is evaluated', () => {
    const seen = loaded(`require(${JSON.stringify(path.join(root, 'dist/etcdctl-ts.cjs'))}); process.stdout.write(JSON.stringify([...seen]));`);
    expect(seen).toContain('fs'); // the probe works
    for (const heavy of ['http2', 'tls', 'zlib', 'dns', 'https', 'http', 'child_process']) expect(seen, heavy).not.toContain(heavy);
  });

  it.skipIf(endpoint === '')('loads no zlib, child_process or dns for a get at an IP endpoint through bin/etcdctl-ts', () => {
    // The shim's own require is Node's: run it as the main module would be, then list at exit.
    const bin = path.join(root, 'bin/etcdctl-ts');
    const seen = loaded(
      `process.on('exit', () => process.stdout.write('\\n' + JSON.stringify([...seen]))); process.argv.splice(1, 0, ${JSON.stringify(bin)}); require(${JSON.stringify(bin)});`,
      ['--endpoints', endpoint, 'get', 'bundle-load-probe'],
    );
    expect(seen).toContain('http2'); // it did reach etcd
    expect(endpoint).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
    for (const unused of ['zlib', 'child_process', 'dns']) expect(seen, unused).not.toContain(unused);
  });
});
