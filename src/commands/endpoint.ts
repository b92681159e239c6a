import { Command } from 'commander';
import { RpcError, Status } from '../client/rpc-error.js';
import type { CommandContext } from '../cli/context.js';
import { ConnectionError, EtcdctlError, formatError, SilentError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { parseGoBool, parseInt64 } from '../cli/parse.js';
import { goDuration } from '../core/encode.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus } from '../output/rows.js';

export interface EndpointInput {
  /** `--cluster`: every client URL of the member list instead of --endpoints. */
  readonly cluster: boolean;
}

export interface EndpointHashKVInput extends EndpointInput {
  readonly rev: bigint;
}

export function endpointCommand(ctx: CommandContext): Command {
  const cmd = new Command('endpoint').summary('Endpoint related commands').usage('<subcommand>');
  flag(cmd, 'bool', 'cluster', 'false', 'use all endpoints from the cluster member list');
  // A flag of the group: commander keeps it on `cmd`, wherever it was given.
  const input = (): EndpointInput => ({ cluster: cmd.opts<{ cluster: boolean }>().cluster || clusterFromEnv(ctx) });

  cmd.addCommand(
    new Command('health')
      .summary('Checks the healthiness of endpoints specified in `--endpoints` flag')
      .argument('[args...]')
      .action(() => runEndpointHealth(input(), ctx)),
  );
  cmd.addCommand(
    new Command('status')
      .summary('Prints out the status of endpoints specified in `--endpoints` flag')
      .description(
        'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\n' +
          'The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.',
      )
      .argument('[args...]')
      .action(() => runEndpointStatus(input(), ctx)),
  );
  const hashkv = new Command('hashkv').summary('Prints the KV history hash for each endpoint in --endpoints').argument('[args...]');
  flag(hashkv, 'int', 'rev', '0', 'maximum revision to hash (default: all revisions)');
  hashkv.action((_args: string[], o: { rev: string }) => runEndpointHashKV({ ...input(), rev: parseInt64(o.rev) }, ctx));
  cmd.addCommand(hashkv);
  return cmd;
}

/**
 * compat(etcdctl 3.4): ETCDCTL_CLUSTER sets the inherited --cluster of the endpoint subcommands
 * (global-options.ts reports a conflict with the flag); a value that is no bool is ignored.
 */
function clusterFromEnv(ctx: CommandContext): boolean {
  const v = ctx.io.env.ETCDCTL_CLUSTER;
  if (v === undefined || v === '') return false;
  try {
    return parseGoBool(v);
  } catch {
    return false;
  }
}

/** What etcdctl prints for an error inside its own messages (`… (context deadline exceeded)`). */
function errorText(err: unknown): string {
  return formatError(err).slice('Error: '.length);
}

/**
 * etcdctl's endpointsFromCluster: --endpoints, or with --cluster every client URL of the
 * member list (members not started yet have none).
 */
export async function endpointsFromCluster(input: EndpointInput, ctx: CommandContext): Promise<readonly string[]> {
  await ctx.printer();
  if (!input.cluster) return ctx.global.endpoints;
  try {
    const client = await ctx.client();
    const list = await client.cluster.memberList({}, ctx.callOptions);
    return list.members.flatMap((m) => m.clientURLs);
  } catch (err) {
    throw new EtcdctlError(`failed to fetch endpoints from etcd cluster member list: ${errorText(err)}`, ExitCode.Error);
  }
}

/**
 * A linearizable get of the key `health` through a client of its own per endpoint, all at once;
 * results are printed in the order they complete. Permission denied counts as healthy: the
 * request went through consensus.
 */
export async function runEndpointHealth(input: EndpointInput, ctx: CommandContext): Promise<void> {
  const printer = await ctx.printer();
  const endpoints = await endpointsFromCluster(input, ctx);
  const results: EndpointHealth[] = [];
  await Promise.all(
    endpoints.map(async (endpoint) => {
      let client;
      try {
        client = await ctx.clientFor([endpoint]);
      } catch (err) {
        // compat(etcdctl): a client that cannot be built (failed login) is an unhealthy endpoint.
        if (!(err instanceof ConnectionError)) throw err;
        results.push({ endpoint, health: false, took: '', error: errorText(err) });
        return;
      }
      const start = process.hrtime.bigint();
      let error = '';
      try {
        await client.kv.range({ key: Buffer.from('health') }, ctx.callOptions);
      } catch (err) {
        const denied = err instanceof RpcError && err.code === Status.PERMISSION_DENIED && err.details === 'etcdserver: permission denied';
        if (!denied) error = errorText(err);
      }
      const took = goDuration(process.hrtime.bigint() - start);
      results.push({ endpoint, health: error === '', took, error });
    }),
  );
  printer.endpointHealth(results);
  if (results.some((h) => h.error !== '')) throw new EtcdctlError('unhealthy cluster', ExitCode.Error);
}

/** Status of each endpoint in turn; a failure is reported on stderr and the rest still printed. */
export async function runEndpointStatus(input: EndpointInput, ctx: CommandContext): Promise<void> {
  await ctx.client();
  const printer = await ctx.printer();
  const list: EndpointStatus[] = [];
  let failed = false;
  for (const endpoint of await endpointsFromCluster(input, ctx)) {
    try {
      const client = await ctx.clientFor([endpoint]);
      list.push({ endpoint, status: await client.maintenance.status({}, ctx.callOptions) });
    } catch (err) {
      failed = true;
      ctx.io.stderr.write(`Failed to get the status of endpoint ${endpoint} (${errorText(err)})\n`);
    }
  }
  printer.endpointStatus(list);
  // compat(etcdctl): exit 1 without an `Error:` line.
  if (failed) throw new SilentError(ExitCode.Error);
}

export async function runEndpointHashKV(input: EndpointHashKVInput, ctx: CommandContext): Promise<void> {
  await ctx.client();
  const printer = await ctx.printer();
  const list: EndpointHashKV[] = [];
  let last: unknown;
  for (const endpoint of await endpointsFromCluster(input, ctx)) {
    try {
      const client = await ctx.clientFor([endpoint]);
      list.push({ endpoint, hashKV: await client.maintenance.hashKV({ revision: input.rev }, ctx.callOptions) });
    } catch (err) {
      last = err;
      ctx.io.stderr.write(`Failed to get the hash of endpoint ${endpoint} (${errorText(err)})\n`);
    }
  }
  printer.endpointHashKV(list);
  if (last !== undefined) throw new EtcdctlError(errorText(last), ExitCode.Error);
}
