import { Command } from 'commander';
import type { WatchCreateRequest, WatchResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, FlagError, InterruptedError, InvalidInputError, SilentError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag, flagValues, parseArgv } from '../cli/flags.js';
import { parseInt64 } from '../cli/parse.js';
import { goQuote, goQuoteString } from '../core/encode.js';
import type { Printer } from '../output/printer.js';
import { execCommand } from '../core/exec.js';
import { keyRange } from '../etcd/range.js';
import { argify } from '../formats/txn-grammar.js';
import { Watcher } from '../etcd/watcher.js';

export interface WatchFlags {
  readonly interactive: boolean;
  readonly prefix: boolean;
  readonly rev: string;
  readonly prevKv: boolean;
  readonly progressNotify: boolean;
}

export interface WatchOptions {
  readonly prefix: boolean;
  readonly rev: bigint;
  readonly prevKv: boolean;
  /** Ask the server for periodic progress notifications (etcdctl 3.5's --progress-notify). */
  readonly progressNotify?: boolean;
}

/** What parseWatchArgs finds: the key (and range end) to watch and the command to run per event. */
export interface WatchArgs {
  readonly watchArgs: readonly string[];
  readonly execArgs: readonly string[];
  readonly options: WatchOptions;
}

/** ETCDCTL_WATCH_KEY / ETCDCTL_WATCH_RANGE_END ('' when unset). */
export interface WatchEnv {
  readonly key: string;
  readonly rangeEnd: string;
}

const BAD_ARGS = 'bad number of arguments';
const BAD_ARGS_CONFLICT_ENV = 'bad number of arguments (found conflicting environment key)';
const BAD_ARGS_SEPARATOR = 'bad number of arguments (found separator --, but no commands)';

export function watchCommand(ctx: CommandContext): Command {
  const cmd = new Command('watch')
    .summary('Watches events stream on keys or prefixes')
    .usage('[options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]')
    .argument('[args...]');
  addWatchFlags(cmd);
  return cmd.action(async (args: string[], opts: WatchFlags) => {
    const env = watchEnv(ctx.io.env);
    if (opts.interactive) return runWatchInteractive(env, ctx);
    const parsed = parseWatchArgs(['etcdctl', ...(ctx.argv ?? [])], args, env, false, watchOptions(opts));
    return runWatch(parsed, ctx);
  });
}

function addWatchFlags(cmd: Command): void {
  flag(cmd, 'bool', 'interactive', 'false', 'Interactive mode', { short: 'i' });
  flag(cmd, 'bool', 'prefix', 'false', 'Watch on a prefix if prefix is set');
  flag(cmd, 'int', 'rev', '0', 'Revision to start watching');
  flag(cmd, 'bool', 'prev-kv', 'false', 'get the previous key-value pair before the event happens');
  // An etcdctl 3.5 flag, added without changing 3.4's usage text: hidden from --help.
  flag(cmd, 'bool', 'progress-notify', 'false', 'get periodic watch progress notification from server', { hidden: true });
}

/** Reads ETCDCTL_WATCH_KEY / _RANGE_END; a range end without a key is an error (exit 128). */
export function watchEnv(env: Readonly<Record<string, string | undefined>>): WatchEnv {
  const key = env.ETCDCTL_WATCH_KEY ?? '';
  const rangeEnd = env.ETCDCTL_WATCH_RANGE_END ?? '';
  if (key === '' && rangeEnd !== '') {
    throw new UsageError(`ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${goQuoteString(rangeEnd)}`);
  }
  return { key, rangeEnd };
}

export function watchOptions(o: Pick<WatchFlags, 'prefix' | 'rev' | 'prevKv'> & Partial<Pick<WatchFlags, 'progressNotify'>>): WatchOptions {
  return { prefix: o.prefix, rev: parseInt64(o.rev, 0), prevKv: o.prevKv, progressNotify: o.progressNotify ?? false };
}

/** A `watch …` line of interactive mode, parsed with the watch command's own flags only. */
function parseLineFlags(words: readonly string[]): { args: string[]; options: WatchOptions } {
  const root = new Command('');
  const cmd = new Command('watch');
  addWatchFlags(cmd);
  root.addCommand(cmd);
  try {
    const parsed = parseArgv(root, ['watch', ...words]);
    if (parsed.help) throw new UsageError('pflag: help requested');
    return { args: [...parsed.args], options: watchOptions(flagValues(cmd, parsed) as unknown as WatchFlags) };
  } catch (err) {
    if (err instanceof FlagError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * etcdctl's parseWatchArgs, rule for rule. `osArgs` is the raw command line with the program
 * name first (cobra drops `--`, so it is looked for there); `commandArgs` are the positional
 * arguments (all words after `--` included) or, in interactive mode, the words of the line.
 * Returns the key [and range end] to watch and the command to run for each event.
 */
export function parseWatchArgs(
  osArgs: readonly string[],
  commandArgs: readonly string[],
  env: WatchEnv,
  interactive: boolean,
  options: WatchOptions = { prefix: false, rev: 0n, prevKv: false },
): WatchArgs {
  let rawArgs = [...osArgs];
  let watchArgs = [...commandArgs];
  const w = rawArgs.indexOf('watch');
  if (w >= 0) rawArgs = rawArgs.slice(w + 1);
  if (interactive) {
    if (watchArgs[0] !== 'watch') throw new UsageError("args[0] must be 'watch' for interactive calls");
    watchArgs = watchArgs.slice(1);
  }

  if (!interactive) {
    const execIdx = rawArgs.indexOf('--');
    const execExist = execIdx >= 0;
    if (execExist && execIdx === rawArgs.length - 1) throw new UsageError(BAD_ARGS_SEPARATOR);
    if (!execExist && rawArgs.length < 1 && env.key === '') throw new UsageError(BAD_ARGS);
    if (execExist && env.key !== '') {
      // `ETCDCTL_WATCH_KEY=foo watch foo -- echo 1`: an argument before `--` besides the env key.
      let ridx = rawArgs.length - 1;
      for (let widx = watchArgs.length - 1; widx >= 0; widx--) {
        if (watchArgs[widx] === rawArgs[ridx]) {
          ridx--;
          continue;
        }
        if (ridx === execIdx) throw new UsageError(BAD_ARGS_CONFLICT_ENV);
      }
    }
    if (!execExist && watchArgs.length > 0 && env.key !== '') throw new UsageError(BAD_ARGS_CONFLICT_ENV);
  } else {
    const execIdx = watchArgs.indexOf('--');
    const execExist = execIdx >= 0;
    if (execExist && execIdx === watchArgs.length - 1) throw new UsageError(BAD_ARGS_SEPARATOR);
    const p = parseLineFlags(watchArgs);
    if (!execExist && env.key === '' && p.args.length < 1) throw new UsageError(BAD_ARGS);
    if (!execExist && p.args.length > 0 && env.key !== '') throw new UsageError(BAD_ARGS_CONFLICT_ENV);
  }

  const argsWithSep = interactive ? watchArgs : rawArgs;
  const idx = argsWithSep.indexOf('--');
  const foundSep = idx >= 0;
  const execArgs = foundSep ? argsWithSep.slice(idx + 1) : [];
  if (interactive) {
    const p = parseLineFlags(argsWithSep);
    watchArgs = p.args;
    options = p.options;
  }
  if (env.key !== '') watchArgs = [env.key, ...(env.rangeEnd !== '' ? [env.rangeEnd] : []), ...watchArgs];
  if (!foundSep) return { watchArgs, execArgs, options };
  // `watch foo --rev 1 -- echo hello` leaves `foo echo hello` as arguments: the command's
  // words (from the last occurrence of its first word on) are not part of the key.
  let endIdx = watchArgs.length - 1;
  while (endIdx >= 0 && watchArgs[endIdx] !== argsWithSep[idx + 1]) endIdx--;
  return { watchArgs: watchArgs.slice(0, Math.max(endIdx, 0)), execArgs, options };
}

/**
 * etcdctl's getWatchChan checks and clientv3's request: one key, a range (exactly two
 * arguments; compat(etcdctl): with three the range end is dropped) or a prefix.
 */
export function watchCreateRequest(watchArgs: readonly string[], o: WatchOptions): Init<WatchCreateRequest> {
  if (watchArgs.length < 1) throw new UsageError(BAD_ARGS);
  if (watchArgs.length === 2 && o.prefix) throw new UsageError('`range_end` and `--prefix` are mutually exclusive');
  const range = keyRange(watchArgs[0]!, watchArgs.length === 2 ? watchArgs[1] : undefined, o.prefix, false);
  return { ...range, start_revision: o.rev, prev_kv: o.prevKv, progress_notify: o.progressNotify ?? false };
}

// ---------------------------------------------------------------------------------------------

/** Stream failures after which the watch is opened again (clientv3: Unavailable and Internal). */
function isProgressNotify(r: WatchResponse): boolean {
  return r.events.length === 0 && !r.canceled && !r.created && r.compact_revision === 0n && (r.header?.revision ?? 0n) !== 0n;
}


/** etcdctl's printWatchCh: print each response, run the exec command per event. */
async function printResponse(r: WatchResponse, execArgs: readonly string[], printer: Printer, ctx: CommandContext): Promise<void> {
  // -w jsonl stays one JSON object per line: no progress lines in it.
  if (isProgressNotify(r) && ctx.global.writeOut !== 'jsonl') ctx.io.stdout.write(`progress notify: ${r.header?.revision ?? 0n}\n`);
  printer.watch(r);
  if (execArgs.length === 0) return;
  for (const ev of r.events) {
    const env = {
      ...ctx.io.env,
      ETCD_WATCH_REVISION: String(r.header?.revision ?? 0n),
      ETCD_WATCH_EVENT_TYPE: goQuoteString(ev.type),
      ETCD_WATCH_KEY: goQuote(ev.kv?.key ?? new Uint8Array()),
      ETCD_WATCH_VALUE: goQuote(ev.kv?.value ?? new Uint8Array()),
    };
    const failure = await execCommand(execArgs, env, ctx.io);
    if (failure !== undefined) {
      ctx.io.stderr.write(`command [${execArgs.map(goQuoteString).join(' ')}] error (${failure})\n`);
      throw new SilentError(ExitCode.Error);
    }
  }
}

/** Runs one watcher until it is cancelled; prints the cancel as etcdctl does. */
async function watchUntilCanceled(watcher: Watcher, execArgs: readonly string[], printer: Printer, ctx: CommandContext): Promise<boolean> {
  const cancel = await watcher.run((r) => printResponse(r, execArgs, printer, ctx));
  if (cancel === undefined) return false;
  if (cancel.reason !== '') {
    ctx.io.stderr.write(`watch was canceled (${cancel.reason})\n`);
    await printResponse(cancel.response, execArgs, printer, ctx);
  }
  return true;
}

export async function runWatch(input: WatchArgs, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  const watcher = new Watcher(client, watchCreateRequest(input.watchArgs, input.options), ctx.signal);
  if (!(await watchUntilCanceled(watcher, input.execArgs, printer, ctx))) return;
  throw new InterruptedError('watch is canceled by the server');
}

/**
 * `watch -i`: one watcher per `watch …` line of stdin (the flags on the command line are not
 * used, as in etcdctl), `progress` asks every watcher for a progress notification. Reading past
 * the end of stdin ends it all with exit 3.
 */
export async function runWatchInteractive(env: WatchEnv, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  const watchers = new Set<Watcher>();
  // Watchers run in the background; they all stop when the command ends, however it ends.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let failure: unknown;
  const stopped = new Promise<undefined>((resolve) => stop.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const lines = ctx.io.stdinLines()[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([lines.next(), stopped]);
      if (failure !== undefined) throw failure;
      if (next === undefined) return;
      if (next.done) throw new InvalidInputError('Error reading watch request line: EOF');
      const line = next.value;
      const args = argify(line);
      if (args === undefined) throw new InvalidInputError(`Error reading watch request line: malformed quoting in ${line}`);
      if (args.length < 1) {
        ctx.io.stderr.write(`Invalid command: ${line} (watch and progress supported)\n`);
        continue;
      }
      if (args[0] === 'progress') {
        for (const w of watchers) w.requestProgress();
        continue;
      }
      if (args[0] !== 'watch') {
        ctx.io.stderr.write(`Invalid command ${line} (only support watch)\n`);
        continue;
      }
      if (args.length < 2 && env.key === '') {
        ctx.io.stderr.write(`Invalid command ${line} (command type or key is not provided)\n`);
        continue;
      }
      const parsed = parseWatchArgs(['etcdctl', ...(ctx.argv ?? [])], args, env, true);
      let request: Init<WatchCreateRequest>;
      try {
        request = watchCreateRequest(parsed.watchArgs, parsed.options);
      } catch (err) {
        if (!(err instanceof EtcdctlError)) throw err;
        ctx.io.stderr.write(`Invalid command ${line} (${err.message})\n`);
        continue;
      }
      const watcher = new Watcher(client, request, stop.signal);
      watchers.add(watcher);
      watchUntilCanceled(watcher, parsed.execArgs, printer, ctx).then(
        () => watchers.delete(watcher),
        (err: unknown) => {
          failure ??= err;
          stop.abort();
        },
      );
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    stop.abort();
    // Not awaited: a read of stdin may be pending, and return() would wait for it.
    void lines.return?.();
  }
}
