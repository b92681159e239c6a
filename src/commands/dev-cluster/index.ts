/**
 * `etcdctl-ts dev-cluster`: our addition (etcdctl has nothing like it). Starts a 1- or 3-member
 * etcd cluster on the loopback interface from the `etcd` binary on the machine, for people
 * learning etcd. Ctrl-C or SIGTERM stops every member (SIGTERM to each one's own pid) and ends
 * the command with 0; without an etcd binary it fails with 127 and says how to install one.
 *
 * Like every command of our own it is matched by its full name only, so no abbreviation etcdctl
 * accepts changes meaning, and it is listed in root help after etcdctl's text. Its members are
 * started and stopped by src/etcd-process/supervisor.ts, as the test helpers' are.
 */
import path from 'node:path';
import os from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { parseInt64 } from '../../cli/parse.js';
import { EtcdctlError, UsageError } from '../../core/errors.js';
import type { IO } from '../../core/io.js';
import { sleep } from '../../core/timers.js';
import { aborted } from '../../etcd/concurrency.js';
import { checkHealth, EtcdProcess, findOnPath, isExecutable, logTail, memberEnv } from '../../etcd-process/supervisor.js';
import {
  banner,
  chooseLayout,
  clientUrl,
  freePorts,
  LAYOUT_FILE,
  memberArgs,
  portFree,
  readLayout,
  type DevClusterFlags,
  type DevClusterInput,
  type MemberSpec,
} from './layout.js';

export type { DevClusterFlags, DevClusterInput, MemberSpec };
export { banner, chooseLayout, memberArgs, memberLayout, readLayout, type PortProbe } from './layout.js';

/** Exit code when there is no etcd to run (the shell's "command not found"). */
export const EXIT_NO_ETCD = 127;
const READY_TIMEOUT_MS = 30_000;
const INSTALL_HINT =
  'install it with "apt-get install etcd-server" (Debian, Ubuntu), or take a release from ' +
  'https://github.com/etcd-io/etcd/releases, or give its path with --etcd-binary';

export function devClusterCommand(ctx: CommandContext): Command {
  const cmd = new Command('dev-cluster')
    .summary('Runs a local etcd cluster for trying etcd out')
    .description(
      [
        'Starts a 1- or 3-member etcd cluster on 127.0.0.1 from the etcd binary on this machine, prints',
        'its endpoints and the ETCDCTL_ENDPOINTS line to use it from another shell, and stops every',
        'member when interrupted (Ctrl-C). The data lives in a temporary directory that is removed on',
        'exit, unless --data-dir is given: then it is kept, and the next start with the same',
        '--data-dir continues from it, on the ports it was created with.',
        '',
        "--ports=classic uses etcd's well-known layout (infra1 on 2379/12380, infra2 on 22379/22380,",
        'infra3 on 32379/32380) and falls back to free ports, with a warning, when one is taken;',
        '--ports=free always lets the system pick free ports.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'int', 'members', '3', 'number of members: 1 or 3');
  flag(cmd, 'string', 'data-dir', '', 'keep the members\' data in this directory (default: a temporary one, removed on exit)');
  flag(cmd, 'string', 'ports', 'classic', 'classic (2379, 22379, 32379 and peers 12380, 22380, 32380) or free');
  flag(cmd, 'string', 'etcd-binary', '', 'the etcd executable (default: etcd on $PATH)');
  return cmd.action((args: string[], opts: DevClusterFlags) => runDevCluster(parseDevClusterArgs(args, opts), ctx));
}

export function parseDevClusterArgs(args: readonly string[], o: DevClusterFlags): DevClusterInput {
  if (args.length > 0) throw new UsageError('dev-cluster takes no arguments');
  const members = parseInt64(o.members, 0);
  if (members !== 1n && members !== 3n) throw new UsageError(`--members must be 1 or 3, got ${o.members}`);
  if (o.ports !== 'classic' && o.ports !== 'free') throw new UsageError(`--ports must be classic or free, got ${o.ports}`);
  return {
    members: members === 1n ? 1 : 3,
    dataDir: o.dataDir === '' ? undefined : o.dataDir,
    ports: o.ports,
    etcdBinary: o.etcdBinary === '' ? undefined : o.etcdBinary,
  };
}

/** --etcd-binary, else `etcd` on $PATH; undefined when there is none. */
export function findEtcd(given: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (given !== undefined) return isExecutable(given) ? given : undefined;
  return findOnPath('etcd', env);
}

/** "3.4.23" from `etcd --version`, '' when it says nothing usable. */
async function etcdVersion(bin: string): Promise<string> {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /etcd Version: (\S+)/.exec(r.stdout ?? '')?.[1] ?? '';
}

/** A member of the cluster: its place in the layout and its etcd process. */
class Member extends EtcdProcess {
  constructor(
    readonly spec: MemberSpec,
    logFile: string,
  ) {
    super(logFile);
  }
}

/** Every member healthy; rejects when one exits first or the time is up. */
async function waitReady(members: readonly Member[], signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const ready = new Set<Member>();
  while (ready.size < members.length) {
    if (signal.aborted) return;
    for (const m of members) {
      if (ready.has(m)) continue;
      if (!m.running) throw new MemberFailure(m, `${m.spec.name} ${m.describeExit()} before it was ready`);
      if ((await checkHealth(clientUrl(m.spec))).ok) ready.add(m);
    }
    if (ready.size === members.length) return;
    if (Date.now() > deadline) {
      const slow = members.find((m) => !ready.has(m))!;
      throw new MemberFailure(slow, `${slow.spec.name} not ready after ${READY_TIMEOUT_MS / 1000}s`);
    }
    await sleep(100, signal);
  }
}

class MemberFailure extends Error {
  constructor(
    readonly member: Member,
    message: string,
  ) {
    super(message);
  }
}

function note(io: IO, text: string): void {
  io.stderr.write(`${text}\n`);
}

/**
 * Starts the members, waits until each answers /health, prints where they are, and stops them
 * (SIGTERM to each pid, then the data dir is removed unless it was given) when `ctx.signal`
 * aborts. A member that dies meanwhile is reported and the others keep running, so one can
 * watch the cluster carry on without it; once none is left, the command fails.
 */
export async function runDevCluster(input: DevClusterInput, ctx: CommandContext): Promise<void> {
  const io = ctx.io;
  const bin = findEtcd(input.etcdBinary, io.env);
  if (bin === undefined) {
    const what = input.etcdBinary === undefined ? 'etcd not found on $PATH' : `${input.etcdBinary} is not an executable file`;
    throw new EtcdctlError(`${what}: ${INSTALL_HINT}`, EXIT_NO_ETCD);
  }
  // Ctrl-C stops the cluster and ends the command with 0; it is how one is meant to stop it.
  ctx.catchSignals?.();

  const keep = input.dataDir !== undefined;
  const dataRoot = keep ? path.resolve(input.dataDir!) : undefined;
  const saved = dataRoot === undefined ? undefined : readLayout(dataRoot);
  const { layout, taken } = await chooseLayout(input, saved, dataRoot ?? '', { isFree: portFree, free: freePorts });
  if (taken.length > 0) {
    const many = taken.length > 1;
    note(io, `Warning: port${many ? 's' : ''} ${taken.join(', ')} ${many ? 'are' : 'is'} in use; using free ports instead (see the endpoints below).`);
  }

  const root = dataRoot ?? mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-dev-cluster-'));
  if (keep) {
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, LAYOUT_FILE), `${JSON.stringify(layout)}\n`);
  }
  const token = `etcdctl-ts-dev-cluster-${path.basename(root)}-${process.pid}`;
  const members = layout.map((spec) => new Member(spec, path.join(root, `${spec.name}.log`)));
  const env = memberEnv(io.env);
  const version = await etcdVersion(bin);

  const stopAll = async (): Promise<void> => {
    const running = members.filter((m) => m.running);
    if (running.length > 0) note(io, `Stopping ${running.map((m) => `${m.spec.name} (pid ${m.pid})`).join(', ')}...`);
    // One at a time: a leader that stops hands leadership over to a live member, which takes
    // milliseconds; with every member stopping at once it waits 7 s for a transfer that cannot
    // happen. (Ctrl-C in a terminal also reaches the members themselves, which share our process
    // group, so that they stop even if this process cannot.)
    for (const m of members) await m.stop();
    if (!keep) rmSync(root, { recursive: true, force: true });
  };

  try {
    for (const m of members) {
      note(io, `Starting ${m.spec.name}: ${clientUrl(m.spec)} (log ${m.logFile})`);
      await m.start(bin, memberArgs(m.spec, layout, root, token), env);
    }
    try {
      await waitReady(members, ctx.signal);
    } catch (err) {
      if (err instanceof MemberFailure) {
        const log = logTail(err.member.logFile);
        if (log !== '') io.stderr.write(`--- last lines of ${err.member.logFile}:\n${log}\n---\n`);
      }
      throw new EtcdctlError(`the cluster did not start: ${(err as Error).message}`, 1);
    }
    if (ctx.signal.aborted) return;
    io.stdout.write(banner({ version, members: members.map((m) => ({ spec: m.spec, pid: m.pid! })), dataRoot: root, keep }));

    // Report members that die; end when none is left or on Ctrl-C.
    const watching = members.map((m) =>
      m.exited.then(() => {
        if (!ctx.signal.aborted) note(io, `${m.spec.name} (pid ${m.pid}) ${m.describeExit()}; ${members.filter((x) => x.running).length} member(s) left`);
      }),
    );
    const allGone = Promise.all(watching).then(() => 'gone' as const);
    const how = await Promise.race([aborted(ctx.signal).then(() => 'signal' as const), allGone]);
    if (how === 'gone' && !ctx.signal.aborted) throw new EtcdctlError('every member has exited', 1);
  } finally {
    await stopAll();
    if (ctx.signal.aborted) note(io, keep ? `Stopped. The data is kept in ${root}.` : 'Stopped.');
  }
}
