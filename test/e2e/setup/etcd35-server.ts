/**
 * vitest globalSetup for the "e2e-35" project: the differential suites again, against an etcd
 * 3.5 server (Debian's, fetched by scripts/ensure-etcd35.sh into a private folder; the oracle
 * stays etcdctl 3.4.23). Provides `etcdEndpoint` like the e2e setup, and `etcd35Root`, the folder
 * holding usr/bin/etcd and usr/bin/etcdctl 3.5 (or '' when they are missing outside CI).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startCluster } from '../../helpers/etcd-cluster.js';
import { etcd35Bin, etcd35Root, etcdctl35Bin } from './etcd35-path.js';

declare module 'vitest' {
  export interface ProvidedContext {
    etcd35Root: string;
  }
}

function version(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
  return r.status === 0 ? r.stdout : '';
}

function is35(root: string): boolean {
  return /^etcd Version: 3\.5\./m.test(version(etcd35Bin(root), ['--version'])) &&
    /^etcdctl version: 3\.5\./m.test(version(etcdctl35Bin(root), ['version']));
}

/** The folder of etcd 3.5, running the script when it is not there yet; the reason on failure. */
function ensure35(): { root: string } | { why: string } {
  const root = etcd35Root();
  if (is35(root)) return { root };
  if (process.env.ETCD35_DIR) return { why: `ETCD35_DIR=${root} holds no etcd and etcdctl 3.5` };
  const script = fileURLToPath(new URL('../../../scripts/ensure-etcd35.sh', import.meta.url));
  const r = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) return { why: `scripts/ensure-etcd35.sh failed (exit ${r.status ?? r.signal})` };
  return is35(root) ? { root } : { why: `scripts/ensure-etcd35.sh left no etcd 3.5 in ${root}` };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = ensure35();
  if ('why' in found) {
    // In CI a missing etcd 3.5 must fail the run, not quietly skip the 3.5 suites.
    if (process.env.CI === 'true') throw new Error(`e2e-35 global setup: ${found.why}`);
    const bar = '!'.repeat(78);
    process.stderr.write(`\n${bar}\n!! e2e-35: ${found.why}.\n!! Every e2e-35 test will be SKIPPED.\n${bar}\n\n`);
    project.provide('etcdEndpoint', '');
    project.provide('etcd35Root', '');
    return async () => {};
  }
  const cluster = await startCluster({ members: 1, name: 'e2e35', etcdBin: etcd35Bin(found.root) });
  const endpoint = cluster.endpoints[0];
  if (endpoint === undefined) throw new Error('e2e-35 global setup: cluster has no endpoint');
  project.provide('etcdEndpoint', endpoint);
  project.provide('etcd35Root', found.root);
  return () => cluster.stop();
}
