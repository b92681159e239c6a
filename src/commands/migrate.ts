import { Command } from 'commander';
import { flag } from '../cli/flags.js';
import { UnsupportedError } from '../core/errors.js';

/**
 * etcdctl 3.4's `migrate` (v2 store → mvcc, offline, on a data directory). Registered with its
 * flags so its help and root help stay etcdctl's; running it is refused with exit 4 (etcdctl's
 * code for an unsupported feature) instead of a silent success.
 */
export function migrateCommand(): Command {
  const cmd = new Command('migrate').summary('Migrates keys in a v2 store to a mvcc store').argument('[args...]');
  flag(cmd, 'string', 'data-dir', '', 'Path to the data directory');
  flag(cmd, 'string', 'wal-dir', '', 'Path to the WAL directory');
  flag(cmd, 'bool', 'no-ttl', 'false', 'Do not convert TTL keys');
  flag(cmd, 'string', 'transformer', '', 'Path to the user-provided transformer program');
  return cmd.action(() => {
    throw new UnsupportedError(
      'migrate is not supported by etcdctl-ts (it rewrites a v2 data directory offline); use the Go etcdctl 3.4: `ETCDCTL_API=3 etcdctl migrate`',
    );
  });
}
