/**
 * Where scripts/ensure-etcd35.sh puts etcd and etcdctl 3.5: $ETCD35_DIR when set (what `npm test`
 * exports from the script's output), else the script's default cache folder. Shared by
 * vitest.config.ts (the e2e-35 project's ETCD_BIN) and the e2e-35 global setup.
 */
import os from 'node:os';
import path from 'node:path';

export function etcd35Root(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ETCD35_DIR) return env.ETCD35_DIR;
  const cache = env.ETCD35_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'etcdctl-ts-test', 'etcd35');
  return path.join(cache, 'root');
}

export const etcd35Bin = (root: string): string => path.join(root, 'usr', 'bin', 'etcd');
export const etcdctl35Bin = (root: string): string => path.join(root, 'usr', 'bin', 'etcdctl');
