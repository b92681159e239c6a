import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

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
          globalSetup: ['test/e2e/setup/etcd-server.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One etcd per run, shared by every file; files run one after another so a
          // cluster-wide change (compaction) in one suite cannot race another.
          fileParallelism: false,
        },
      },
    ],
  },
});
