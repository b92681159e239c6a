import { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import { RpcError, Status } from '../client/rpc-error.js';
import type { LeaseKeepAliveRequest, LeaseKeepAliveResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { ConnectionError, EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { GoParseError, parseInt64 } from '../cli/parse.js';
import { hexId016 } from '../core/encode.js';
import type { Printer } from '../output/printer.js';
import { AsyncQueue } from '../core/async-queue.js';
import { sleep } from '../core/timers.js';

export interface LeaseIdInput {
  readonly id: bigint;
}

export interface LeaseTimeToLiveInput extends LeaseIdInput {
  readonly keys: boolean;
}

export interface LeaseKeepAliveInput extends LeaseIdInput {
  readonly once: boolean;
}

export function leaseCommand(ctx: CommandContext): Command {
  const cmd = new Command('lease').summary('Lease related commands').usage('<subcommand>');
  for (const make of [leaseGrantCommand, leaseRevokeCommand, leaseTimeToLiveCommand, leaseListCommand, leaseKeepAliveCommand]) {
    cmd.addCommand(make(ctx));
  }
  return cmd;
}

function leaseGrantCommand(ctx: CommandContext): Command {
  return new Command('grant')
    .summary('Creates leases')
    .usage('<ttl>')
    .argument('[args...]')
    .action((args: string[]) => runLeaseGrant(parseLeaseGrantArgs(args), ctx));
}

function leaseRevokeCommand(ctx: CommandContext): Command {
  return new Command('revoke')
    .summary('Revokes leases')
    .usage('<leaseID>')
    .argument('[args...]')
    .action((args: string[]) => runLeaseRevoke(parseLeaseRevokeArgs(args), ctx));
}

function leaseTimeToLiveCommand(ctx: CommandContext): Command {
  const cmd = new Command('timetolive').summary('Get lease information').usage('<leaseID> [options]').argument('[args...]');
  flag(cmd, 'bool', 'keys', 'false', 'Get keys attached to this lease');
  return cmd.action((args: string[], opts: { keys: boolean }) => runLeaseTimeToLive(parseLeaseTimeToLiveArgs(args, opts), ctx));
}

function leaseListCommand(ctx: CommandContext): Command {
  return new Command('list')
    .summary('List all active leases')
    .argument('[args...]')
    .action(() => runLeaseList(ctx));
}

function leaseKeepAliveCommand(ctx: CommandContext): Command {
  const cmd = new Command('keep-alive').summary('Keeps leases alive (renew)').usage('[options] <leaseID>').argument('[args...]');
  flag(cmd, 'bool', 'once', 'false', 'Resets the keep-alive time to its original value and exits immediately');
  return cmd.action((args: string[], opts: { once: boolean }) => runLeaseKeepAlive(parseLeaseKeepAliveArgs(args, opts), ctx));
}

/** etcdctl's leaseFromArgs: a lease ID in hex (strconv.ParseInt base 16: a sign, no `0x`). */
export function parseLeaseIdArg(arg: string): bigint {
  try {
    return parseInt64(arg, 16);
  } catch (err) {
    if (err instanceof GoParseError) throw new UsageError(`bad lease ID arg (${err.message}), expecting ID in Hex`);
    throw err;
  }
}

export function parseLeaseGrantArgs(args: readonly string[]): { readonly ttl: bigint } {
  if (args.length !== 1) throw new UsageError('lease grant command needs TTL argument');
  try {
    return { ttl: parseInt64(args[0]!) };
  } catch (err) {
    if (err instanceof GoParseError) throw new UsageError(`bad TTL (${err.message})`);
    throw err;
  }
}

export function parseLeaseRevokeArgs(args: readonly string[]): LeaseIdInput {
  if (args.length !== 1) throw new UsageError('lease revoke command needs 1 argument');
  return { id: parseLeaseIdArg(args[0]!) };
}

export function parseLeaseTimeToLiveArgs(args: readonly string[], o: { keys: boolean }): LeaseTimeToLiveInput {
  if (args.length !== 1) throw new UsageError('lease timetolive command needs lease ID as argument');
  return { id: parseLeaseIdArg(args[0]!), keys: o.keys };
}

export function parseLeaseKeepAliveArgs(args: readonly string[], o: { once: boolean }): LeaseKeepAliveInput {
  if (args.length !== 1) throw new UsageError('lease keep-alive command needs lease ID as argument');
  return { id: parseLeaseIdArg(args[0]!), once: o.once };
}

export async function runLeaseGrant(input: { readonly ttl: bigint }, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  let resp;
  try {
    resp = await client.lease.leaseGrant({ TTL: input.ttl }, ctx.callOptions);
  } catch (err) {
    if (err instanceof RpcError) throw new EtcdctlError(`failed to grant lease (${err.message})`, ExitCode.Error);
    throw err;
  }
  printer.leaseGrant(resp);
}

export async function runLeaseRevoke(input: LeaseIdInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  let resp;
  try {
    resp = await client.lease.leaseRevoke({ ID: input.id }, ctx.callOptions);
  } catch (err) {
    if (err instanceof RpcError) throw new EtcdctlError(`failed to revoke lease (${err.message})`, ExitCode.Error);
    throw err;
  }
  printer.leaseRevoke(input.id, resp);
}

/**
 * compat(etcdctl): timetolive, list and keep-alive run without --command-timeout, and their RPC
 * errors exit 2 (ExitBadConnection). etcdctl waits for an unreachable cluster forever; we give
 * up once no endpoint connects within --dial-timeout (`context deadline exceeded`, exit 2).
 */
function badConnection(err: unknown): unknown {
  return err instanceof RpcError ? new ConnectionError(err.message) : err;
}

export async function runLeaseTimeToLive(input: LeaseTimeToLiveInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  let resp;
  try {
    resp = await client.lease.leaseTimeToLive({ ID: input.id, keys: input.keys }, { signal: ctx.signal });
  } catch (err) {
    throw badConnection(err);
  }
  // compat(etcdctl): a lease that does not exist (TTL -1) prints "already expired", exit 0.
  printer.leaseTimeToLive(resp, input.keys);
}

export async function runLeaseList(ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  let resp;
  try {
    resp = await client.lease.leaseLeases({}, { signal: ctx.signal });
  } catch (err) {
    throw badConnection(err);
  }
  printer.leaseList(resp);
}

/** Stream failures worth another attempt: the member went away, or none answered in time. */
const TRANSIENT: ReadonlySet<number> = new Set([Status.UNAVAILABLE, Status.INTERNAL, Status.UNKNOWN, Status.CANCELLED, Status.DEADLINE_EXCEEDED]);

function isTransient(err: unknown): boolean {
  return err instanceof RpcError && TRANSIENT.has(err.code);
}

const RETRY_WAIT_MS = 500;

/**
 * One LeaseKeepAlive stream: sends a request at once and then TTL/3 after each answer (as clientv3
 * does), hands every answer to `onResponse` until it returns false, the stream ends or fails, or
 * `signal` aborts.
 */
async function keepAliveStream(
  client: EtcdClient,
  id: bigint,
  signal: AbortSignal,
  onResponse: (r: LeaseKeepAliveResponse) => boolean,
): Promise<void> {
  const requests = new AsyncQueue<Init<LeaseKeepAliveRequest>>();
  let timer: NodeJS.Timeout | undefined;
  try {
    requests.push({ ID: id });
    for await (const resp of client.lease.leaseKeepAlive(requests, { signal })) {
      if (!onResponse(resp)) return;
      clearTimeout(timer);
      timer = setTimeout(() => requests.push({ ID: id }), (Number(resp.TTL) * 1000) / 3);
    }
  } finally {
    clearTimeout(timer);
    requests.end();
  }
}

const NOT_FOUND = 'etcdserver: requested lease not found';

export async function runLeaseKeepAlive(input: LeaseKeepAliveInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  if (input.once) {
    await keepAliveOnce(input.id, client, printer, ctx);
    return;
  }
  const hex = hexId016(input.id);
  let answered = false;
  let lost = false;
  for (;;) {
    try {
      await keepAliveStream(client, input.id, ctx.signal, (resp) => {
        if (resp.TTL <= 0n) {
          lost = true;
          return false;
        }
        answered = true;
        printer.leaseKeepAlive(resp);
        return true;
      });
    } catch (err) {
      if (ctx.signal.aborted) return;
      // Before the first answer a cluster that cannot be reached is an error; once the lease is
      // known to live, a failing member is survived: the next stream goes to another endpoint.
      if (!isTransient(err) || (!answered && err instanceof RpcError && err.code === Status.DEADLINE_EXCEEDED)) {
        throw badConnection(err);
      }
    }
    if (ctx.signal.aborted) return;
    if (lost) {
      // compat(etcdctl 3.4): the simple writer says so on stdout, the others print nothing more.
      if (ctx.global.writeOut === 'simple') ctx.io.stdout.write(`lease ${hex} expired or revoked.\n`);
      // compat: etcdctl 3.4 then exits 0, which hides a lost registration from whoever runs it;
      // we exit non-zero with a message instead.
      throw new EtcdctlError(`lease ${hex} expired or revoked; keep-alive stopped`, ExitCode.Error);
    }
    await sleep(RETRY_WAIT_MS, ctx.signal);
    if (ctx.signal.aborted) return;
  }
}

/** clientv3 KeepAliveOnce: one renewal, retried on another endpoint if the member fails. */
async function keepAliveOnce(id: bigint, client: EtcdClient, printer: Printer, ctx: CommandContext): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let answer: LeaseKeepAliveResponse | undefined;
    try {
      await keepAliveStream(client, id, ctx.signal, (resp) => {
        answer = resp;
        return false;
      });
    } catch (err) {
      if (ctx.signal.aborted) return;
      const retry = isTransient(err) && !(err instanceof RpcError && err.code === Status.DEADLINE_EXCEEDED) && attempt < 3;
      if (!retry) throw badConnection(err);
    }
    if (answer !== undefined) {
      if (answer.TTL <= 0n) throw new ConnectionError(NOT_FOUND);
      printer.leaseKeepAlive(answer);
      return;
    }
    await sleep(RETRY_WAIT_MS, ctx.signal);
  }
}
