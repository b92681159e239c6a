import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { formatError, SilentError, UnsupportedError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { grpcGoText } from '../client/rpc-error.js';
import { endpointsFromCluster } from './endpoint.js';

export interface DefragInput {
  readonly cluster: boolean;
  readonly dataDir: string;
}

export function defragCommand(ctx: CommandContext): Command {
  const cmd = new Command('defrag').summary('Defragments the storage of the etcd members with given endpoints').argument('[args...]');
  flag(cmd, 'bool', 'cluster', 'false', 'use all endpoints from the cluster member list');
  flag(cmd, 'string', 'data-dir', '', 'Optional. If present, defragments a data directory not in use by etcd.');
  // compat(etcdctl): extra arguments are ignored.
  return cmd.action((_args: string[], o: { cluster: boolean; dataDir: string }) => runDefrag({ cluster: o.cluster, dataDir: o.dataDir }, ctx));
}

/** Defragments each endpoint in turn; failures go to stderr and make the exit code 1 at the end. */
export async function runDefrag(input: DefragInput, ctx: CommandContext): Promise<void> {
  if (input.dataDir !== '') {
    // Rewriting an offline bbolt file is not implemented; say so rather than pretend.
    throw new UnsupportedError('defrag --data-dir is not supported by etcdctl-ts; use etcdctl 3.4 or etcdutl');
  }
  await ctx.client();
  const endpoints = await endpointsFromCluster(input, ctx);
  let failures = 0;
  for (const endpoint of endpoints) {
    try {
      const c = await ctx.clientFor([endpoint]);
      await c.maintenance.defragment({}, ctx.callOptions);
      ctx.io.stdout.write(`Finished defragmenting etcd member[${endpoint}]\n`);
    } catch (err) {
      failures++;
      ctx.io.stderr.write(`Failed to defragment etcd member[${endpoint}] (${text(err)})\n`);
    }
  }
  // compat(etcdctl): exit 1 without an `Error:` line.
  if (failures > 0) throw new SilentError(ExitCode.Error);
}

function text(err: unknown): string {
  return grpcGoText(err) ?? formatError(err).slice('Error: '.length);
}
