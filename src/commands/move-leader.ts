import { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { GoParseError, parseUint64 } from '../cli/parse.js';
import { goStringSlice } from '../core/encode.js';
import { deadlineCall } from '../cli/deadline.js';

export interface MoveLeaderInput {
  readonly target: bigint;
}

export function moveLeaderCommand(ctx: CommandContext): Command {
  return new Command('move-leader')
    .summary('Transfers leadership to another etcd cluster member.')
    .usage('<transferee-member-id>')
    .argument('[args...]')
    .action((args: string[]) => runMoveLeader(parseMoveLeaderArgs(args), ctx));
}

export function parseMoveLeaderArgs(args: readonly string[]): MoveLeaderInput {
  if (args.length !== 1) throw new UsageError('move-leader command needs 1 argument');
  try {
    return { target: parseUint64(args[0]!, 16) };
  } catch (err) {
    // compat(etcdctl): the bare strconv error, exit 128.
    if (err instanceof GoParseError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * Finds the leader among --endpoints (a Status call to each, in order) and asks it to hand over
 * leadership; every call shares one --command-timeout.
 */
export async function runMoveLeader(input: MoveLeaderInput, ctx: CommandContext): Promise<void> {
  await ctx.client();
  const printer = await ctx.printer();
  const endpoints = ctx.global.endpoints;
  const opts = deadlineCall(ctx);
  let leader: { client: EtcdClient; id: bigint } | undefined;
  for (const endpoint of endpoints) {
    const client = await ctx.clientFor([endpoint]);
    const status = await client.maintenance.status({}, opts());
    if (status.header !== undefined && status.header.member_id === status.leader) {
      leader = { client, id: status.leader };
      break;
    }
  }
  if (leader === undefined) throw new UsageError(`no leader endpoint given at ${goStringSlice(endpoints)}`);
  const resp = await leader.client.maintenance.moveLeader({ targetID: input.target }, opts());
  printer.moveLeader(leader.id, input.target, resp);
}
