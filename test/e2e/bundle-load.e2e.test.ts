// Start-up time: evaluating the shipped bundle must not load what only a command needs. grpc-js
// (with node:http2, tls, zlib) costs ~40 ms and node:http2 or child_process a few ms each; a
// static import in any command module would load them at every start, `version` included.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/bin.js';

const probe = `
const M = require('module');
const orig = M._load;
const seen = new Set();
M._load = function (request, ...rest) { seen.add(request.replace(/^node:/, '')); return orig.call(this, request, ...rest); };
require(${JSON.stringify(path.join(root, 'dist/etcdctl-ts.cjs'))});
process.stdout.write(JSON.stringify([...seen]));
`;

describe('the bundle', () => {
  it('loads no gRPC, HTTP/2, TLS or child-process module when it is evaluated', () => {
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(r.stdout) as string[];
    expect(loaded).toContain('fs'); // the probe works
    for (const heavy of ['http2', 'tls', 'zlib', 'dns', 'https', 'http']) expect(loaded, heavy).not.toContain(heavy);
  });
});
