/**
 * vitest globalSetup for the "e2e" project: one real etcd member shared by every e2e file,
 * handed to tests as `inject('etcdEndpoint')` (`127.0.0.1:PORT`, or '' when etcd is missing
 * outside CI so that suites can skip).
 */
import type { TestProject } from 'vitest/node';
import { findEtcdBinary, findEtcdctlBinary, startCluster } from '../../helpers/etcd-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    etcdEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The Go etcdctl is the oracle of every differential test: in CI its absence fails the run
  // here, once, rather than leaving hundreds of comparisons to skip themselves.
  if (process.env.CI === 'true' && !findEtcdctlBinary()) {
    throw new Error(
      'e2e global setup: etcdctl (the Go oracle, 3.4.23) not found (looked at $ETCDCTL_BIN, PATH and /usr/bin/etcdctl); install it with `apt-get install -y etcd-client` or set ETCDCTL_BIN',
    );
  }
  if (!findEtcdBinary()) {
    const why =
      'etcd not found (looked at $ETCD_BIN, PATH and /usr/bin/etcd); ' +
      'install it with `apt-get install -y etcd-server etcd-client` or set ETCD_BIN';
    // In CI a missing etcd must fail the run, not quietly skip every e2e test.
    if (process.env.CI === 'true') throw new Error(`e2e global setup: ${why}`);
    const bar = '!'.repeat(78);
    process.stderr.write(`\n${bar}\n!! e2e: ${why}.\n!! Every e2e test that needs etcd will be SKIPPED.\n${bar}\n\n`);
    project.provide('etcdEndpoint', '');
    return async () => {};
  }

  const cluster = await startCluster({ members: 1, name: 'e2e' });
  const endpoint = cluster.endpoints[0];
  if (endpoint === undefined) throw new Error('e2e global setup: cluster has no endpoint');
  project.provide('etcdEndpoint', endpoint);
  return () => cluster.stop();
}
