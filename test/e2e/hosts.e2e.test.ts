// Host names the hosts file lists, dialled by the client's own resolver (src/client/hosts.ts,
// transport.ts), in-process with grpc-js from node_modules; test/e2e/bin.e2e.test.ts runs the
// same through the built binary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client/client.js';

const endpoint = inject('etcdEndpoint');
const dir = mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hostsFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe.skipIf(endpoint === '')('the hosts file', () => {
  it('two clients, two hosts files, one name: each dials what its own file says', async () => {
    const port = endpoint.split(':')[1]!;
    const config = { dialTimeoutMs: 1500, keepaliveTimeMs: 30_000, keepaliveTimeoutMs: 10_000 };
    const at = [`etcd-by-name:${port}`];
    // The same name and port in both; only the files differ. etcd listens on 127.0.0.1 alone, so
    // 127.0.0.2 (loopback too) refuses the connection.
    const good = createClient({ ...config, endpoints: at, hostsFile: hostsFile('good', `127.0.0.1 etcd-by-name\n`) });
    const dead = createClient({ ...config, endpoints: at, hostsFile: hostsFile('dead', `127.0.0.2 etcd-by-name\n`) });
    try {
      const r = await good.kv.range({ key: Buffer.from('hosts-e2e-missing') }, { timeoutMs: 5000 });
      expect(r.kvs).toEqual([]);
      expect(r.header?.revision).toBeGreaterThan(0n);
      await expect(dead.kv.range({ key: Buffer.from('k') }, { timeoutMs: 1500 })).rejects.toThrow(/deadline exceeded/);
      // The good one still works after the other failed: nothing of one leaked into the other.
      expect((await good.kv.range({ key: Buffer.from('hosts-e2e-missing') }, { timeoutMs: 5000 })).kvs).toEqual([]);
    } finally {
      good.close();
      dead.close();
    }
  });
});
