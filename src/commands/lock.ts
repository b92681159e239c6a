import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { parseInt64 } from '../cli/parse.js';
import { aborted, canceled, Mutex, Session } from '../etcd/concurrency.js';
import { execCommand } from '../core/exec.js';

export interface LockInput {
  readonly name: string;
  /** The command to run while holding the lock; empty: hold it until Ctrl-C. */
  readonly exec: readonly string[];
  /** --ttl, seconds (0 or less: clientv3's 60). */
  readonly ttl: bigint;
}

export function lockCommand(ctx: CommandContext): Command {
  const cmd = new Command('lock')
    .summary('Acquires a named lock')
    .usage('<lockname> [exec-command arg1 arg2 ...]')
    .argument('[args...]');
  flag(cmd, 'int', 'ttl', '10', 'timeout for session');
  return cmd.action((args: string[], opts: { ttl: string }) => runLock(parseLockArgs(args, opts), ctx));
}

export function parseLockArgs(args: readonly string[], o: { ttl: string }): LockInput {
  if (args.length === 0) throw new UsageError('lock takes a lock name argument and an optional command to execute');
  return { name: args[0]!, exec: args.slice(1), ttl: parseInt64(o.ttl, 0) };
}

/** The environment etcdctl gives the command: the lock's key and revision, then its own. */
export function lockEnv(env: Readonly<Record<string, string | undefined>>, key: Uint8Array, rev: bigint): Record<string, string | undefined> {
  // compat(etcdctl): ETCDCTL_API was unset at start-up; an ETCD_LOCK_* already in the environment
  // wins over ours (Go's exec keeps the last of duplicate variables).
  const { ETCDCTL_API: _api, ...rest } = env;
  return { ETCD_LOCK_KEY: Buffer.from(key).toString('utf8'), ETCD_LOCK_REV: String(rev), ...rest };
}

/**
 * etcdctl's lockUntilSignal: take the lock (waiting behind older holders), then either run the
 * command and unlock, or print the lock key and hold it until Ctrl-C / SIGTERM, then unlock.
 */
export async function runLock(input: LockInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  const session = await Session.create(client, {
    ttl: input.ttl,
    firstKeepAliveTimeoutMs: ctx.global.dialTimeoutMs + 1000,
    call: { signal: ctx.signal },
  });
  try {
    // compat(etcdctl): a signal before this point kills etcdctl (no handler is installed yet).
    if (ctx.signal.aborted) throw canceled();
    ctx.catchSignals?.();
    // Unlocking after a signal must not be cancelled by it; etcdctl bounds it by --command-timeout.
    const unlockCall = { timeoutMs: ctx.global.commandTimeoutMs };
    const mutex = new Mutex(session, input.name);
    await mutex.lock(ctx.signal);

    if (input.exec.length > 0) {
      const failure = await execCommand(input.exec, lockEnv(ctx.io.env, mutex.key, mutex.header?.revision ?? 0n), ctx.io);
      let unlockError: unknown;
      await mutex.unlock(unlockCall).catch((err: unknown) => (unlockError = err));
      // compat(etcdctl 3.4): a failed command is `Error: exit status N`, exit 1 (3.5: exit N).
      if (failure !== undefined) throw new EtcdctlError(failure, ExitCode.Error);
      if (unlockError !== undefined) throw unlockError;
      return;
    }

    const resp = await client.kv.range({ key: mutex.key }, { signal: ctx.signal });
    if (resp.kvs.length === 0) throw new EtcdctlError('lock lost on init', ExitCode.Error);
    // compat(etcdctl): a writer that cannot show it fails here (exit 4) and the key is left to
    // expire with the session, as when etcdctl exits.
    printer.get(resp);
    const how = await Promise.race([aborted(ctx.signal).then(() => 'signal' as const), session.done.then(() => 'lost' as const)]);
    if (how === 'lost' && !ctx.signal.aborted) throw new EtcdctlError('session expired', ExitCode.Error);
    await mutex.unlock(unlockCall);
  } finally {
    session.orphan();
  }
}
