import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { etcd35Bin, etcd35Root } from './test/e2e/setup/etcd35-path.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __ETCDCTL_TS_VERSION__: JSON.stringify(version) },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          // Needs etcd and etcdctl 3.5: project e2e-35.
          exclude: ['test/e2e/compat-35*.e2e.test.ts'],
          globalSetup: ['test/e2e/setup/etcd-server.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One etcd per run, shared by every file; files run one after another so a
          // cluster-wide change (compaction) in one suite cannot race another.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The differential suites once more, against an etcd 3.5 server (oracle: etcdctl
          // 3.4.23), plus the 3.5 flags against etcdctl 3.5. See README "etcd 3.5".
          name: 'e2e-35',
          include: [
            'test/e2e/compat-kv.e2e.test.ts',
            'test/e2e/compat-watch.e2e.test.ts',
            'test/e2e/compat-lease.e2e.test.ts',
            'test/e2e/compat-security.e2e.test.ts',
            'test/e2e/compat-concurrency.e2e.test.ts',
            'test/e2e/compat-cluster.e2e.test.ts',
            'test/e2e/compat-35*.e2e.test.ts',
          ],
          globalSetup: ['test/e2e/setup/etcd35-server.ts'],
          // Private clusters the suites start (startCluster → findEtcdBinary) run etcd 3.5 too.
          env: { ETCD_BIN: etcd35Bin(etcd35Root()) },
          // compat-security's cases log in dozens of times (bcrypt on the server); on a loaded
          // 2-core machine one case took just over 30 s.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // After unit and e2e, not beside them: two cores, timing-sensitive suites.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
