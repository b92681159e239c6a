import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
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
