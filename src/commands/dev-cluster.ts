/**
 * `etcdctl-ts dev-cluster`: our addition (etcdctl has nothing like it). Starts a 1- or 3-member
 * etcd cluster on the loopback interface from the `etcd` binary on the machine, for people
 * learning etcd. Ctrl-C or SIGTERM stops every member (SIGTERM to each one's own pid) and ends
 * the command with 0; without an etcd binary it fails with 127 and says how to install one.
 *
 * The name starts with "dev" so that no abbreviation etcdctl accepts changes meaning ("lo" is
 * `lock`, "s" is `snapshot`: a "local-cluster" or "sandbox" would make them ambiguous), and the
 * command is hidden from `etcdctl-ts --help` so that etcdctl's usage text stays byte-identical.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import type { IO } from '../core/io.js';
import { parseInt64 } from '../cli/parse.js';
import { aborted } from '../etcd/concurrency.js';

export interface DevClusterFlags {
  readonly members: string;
  readonly dataDir: string;
  readonly ports: string;
  readonly etcdBinary: string;
}

export interface DevClusterInput {
  readonly members: 1 | 3;
  /** Where members keep their data; kept on exit. Undefined: a temporary directory, removed. */
  readonly dataDir: string | undefined;
  readonly ports: 'classic' | 'free';
  /** The etcd executable; undefined: `etcd` on PATH. */
  readonly etcdBinary: string | undefined;
}

/** One member: its name and loopback ports. */
export interface MemberSpec {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
}

/** Exit code when there is no etcd to run (the shell's "command not found"). */
export const EXIT_NO_ETCD = 127;
/** etcd's Procfile layout: infra1..3, clients on 2379/22379/32379, peers on 12380/22380/32380. */
const CLASSIC: readonly MemberSpec[] = [
  { name: 'infra1', clientPort: 2379, peerPort: 12380 },
  { name: 'infra2', clientPort: 22379, peerPort: 22380 },
  { name: 'infra3', clientPort: 32379, peerPort: 32380 },
];
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const INSTALL_HINT =
  'install it with "apt-get install etcd-server" (Debian, Ubuntu), or take a release from ' +
  'https://github.com/etcd-io/etcd/releases, or give its path with --etcd-binary';

export function devClusterCommand(ctx: CommandContext): Command {
  const cmd = new Command('dev-cluster')
    .summary('Runs a local etcd cluster for trying etcd out (etcdctl-ts only)')
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

/** The members: the classic layout, or the same names on the given ports (client, peer, …). */
export function memberLayout(count: 1 | 3, ports: readonly number[] | 'classic'): MemberSpec[] {
  return CLASSIC.slice(0, count).map((m, i) =>
    ports === 'classic' ? m : { name: m.name, clientPort: ports[2 * i]!, peerPort: ports[2 * i + 1]! },
  );
}

export const clientUrl = (m: MemberSpec): string => `http://127.0.0.1:${m.clientPort}`;
export const peerUrl = (m: MemberSpec): string => `http://127.0.0.1:${m.peerPort}`;

/** The etcd command line of one member (as in etcd's Procfile). */
export function memberArgs(m: MemberSpec, all: readonly MemberSpec[], dataRoot: string, token: string): string[] {
  return [
    '--name', m.name,
    '--data-dir', path.join(dataRoot, `${m.name}.etcd`),
    '--listen-client-urls', clientUrl(m),
    '--advertise-client-urls', clientUrl(m),
    '--listen-peer-urls', peerUrl(m),
    '--initial-advertise-peer-urls', peerUrl(m),
    '--initial-cluster', all.map((x) => `${x.name}=${peerUrl(x)}`).join(','),
    // Ignored when the data dir holds a member already: the cluster then carries on.
    '--initial-cluster-token', token,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ];
}

/** The text printed once every member is ready. */
export function banner(o: {
  version: string;
  members: readonly { spec: MemberSpec; pid: number }[];
  dataRoot: string;
  keep: boolean;
}): string {
  const endpoints = o.members.map((m) => `127.0.0.1:${m.spec.clientPort}`).join(',');
  const n = o.members.length;
  const rows = o.members.map((m) => `  ${m.spec.name}  pid ${m.pid}  client ${clientUrl(m.spec)}  peer ${peerUrl(m.spec)}\n`).join('');
  return (
    `Started a ${n}-member etcd cluster${o.version === '' ? '' : ` (etcd ${o.version})`} on 127.0.0.1:\n` +
    rows +
    `Data and logs: ${o.dataRoot}${o.keep ? '' : ' (removed when the cluster stops)'}\n` +
    '\n' +
    'Use it from another shell:\n' +
    `  export ETCDCTL_ENDPOINTS=${endpoints}\n` +
    '  etcdctl-ts endpoint status -w table\n' +
    '\n' +
    'Press Ctrl-C to stop it.\n'
  );
}

/** Where a kept data dir records its members' names and ports, so that a restart reuses them. */
const LAYOUT_FILE = 'dev-cluster.json';

/** The layout saved in `dir` by an earlier start whose members left data there. */
export function readLayout(dir: string): MemberSpec[] | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(path.join(dir, LAYOUT_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(saved) || (saved.length !== 1 && saved.length !== 3)) return undefined;
  const specs = saved as MemberSpec[];
  const valid = specs.every((m, i) => m.name === CLASSIC[i]!.name && Number.isInteger(m.clientPort) && Number.isInteger(m.peerPort));
  if (!valid || !specs.some((m) => existsSync(path.join(dir, `${m.name}.etcd`)))) return undefined;
  return specs.map((m) => ({ name: m.name, clientPort: m.clientPort, peerPort: m.peerPort }));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** --etcd-binary, else `etcd` on $PATH; undefined when there is none. */
export function findEtcd(given: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (given !== undefined) return isExecutable(given) ? given : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, 'etcd');
    if (isExecutable(file)) return file;
  }
  return undefined;
}

// node:child_process, node:http and node:net cost milliseconds to load: only this command needs
// them, so they are loaded when it runs rather than at every start of etcdctl-ts.

/** "3.4.23" from `etcd --version`, '' when it says nothing usable. */
async function etcdVersion(bin: string): Promise<string> {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /etcd Version: (\S+)/.exec(r.stdout ?? '')?.[1] ?? '';
}

async function portFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePorts(n: number): Promise<number[]> {
  const net = await import('node:net');
  const ports = new Set<number>();
  while (ports.size < n) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
        const a = server.address();
        server.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
      });
    });
    // A user's own etcd may come back on the well-known ports; keep off them.
    if (port > 0 && port !== 2379 && port !== 2380) ports.add(port);
  }
  return [...ports];
}

/** `"health":"true"` from GET <clientUrl>/health; never rejects. */
async function healthy(url: string): Promise<boolean> {
  const http = await import('node:http');
  return new Promise((resolve) => {
    const req = http.get(`${url}/health`, { agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(res.statusCode === 200 && /"health"\s*:\s*"true"/.test(body)));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** etcd refuses to start when an ETCD_* variable names a flag it was also given. */
function memberEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('ETCD_') || k === 'ETCD_UNSUPPORTED_ARCH') out[k] = v;
  if (os.arch() === 'arm64' && out.ETCD_UNSUPPORTED_ARCH === undefined) out.ETCD_UNSUPPORTED_ARCH = 'arm64';
  return out;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

class Member {
  child: ChildProcess | undefined;
  exited: Promise<void> = Promise.resolve();
  spawnError: Error | undefined;

  constructor(
    readonly spec: MemberSpec,
    readonly logFile: string,
  ) {}

  get running(): boolean {
    const c = this.child;
    return c !== undefined && c.pid !== undefined && c.exitCode === null && c.signalCode === null;
  }

  async start(bin: string, args: readonly string[], env: Record<string, string | undefined>): Promise<void> {
    const { spawn } = await import('node:child_process');
    const fd = openSync(this.logFile, 'a');
    try {
      this.child = spawn(bin, args, { stdio: ['ignore', fd, fd], env });
    } finally {
      closeSync(fd);
    }
    const child = this.child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', (err) => {
        this.spawnError = err;
        if (child.pid === undefined) resolve();
      });
    });
  }

  /** SIGTERM to this member's own pid, SIGKILL after a grace period; resolves once it exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.kill('SIGTERM');
    await this.exited;
    clearTimeout(kill);
  }

  describeExit(): string {
    const c = this.child;
    if (this.spawnError !== undefined) return `could not be started: ${this.spawnError.message}`;
    if (c?.signalCode) return `was killed by ${c.signalCode}`;
    return `exited with code ${c?.exitCode ?? '?'}`;
  }
}

/** How to find out about ports (injected so that tests never touch the well-known ones). */
export interface PortProbe {
  isFree(port: number): Promise<boolean>;
  free(n: number): Promise<number[]>;
}

/**
 * The members and their ports: those a kept data dir was created with (which must be free), else
 * free ports with --ports=free, else the classic layout, or free ports when one of its ports is
 * taken (`taken` lists them, for a warning).
 */
export async function chooseLayout(
  input: Pick<DevClusterInput, 'members' | 'ports'>,
  saved: MemberSpec[] | undefined,
  dataRoot: string,
  probe: PortProbe,
): Promise<{ layout: MemberSpec[]; taken: number[] }> {
  if (saved !== undefined) {
    if (saved.length !== input.members) {
      throw new UsageError(`${dataRoot} holds a ${saved.length}-member cluster; start it with --members=${saved.length}`);
    }
    for (const m of saved) {
      for (const p of [m.clientPort, m.peerPort]) {
        if (!(await probe.isFree(p))) throw new EtcdctlError(`port ${p} is in use, and the members in ${dataRoot} were created to use it`, 1);
      }
    }
    return { layout: saved, taken: [] };
  }
  if (input.ports === 'free') return { layout: memberLayout(input.members, await probe.free(2 * input.members)), taken: [] };
  const classic = memberLayout(input.members, 'classic');
  const taken: number[] = [];
  for (const m of classic) for (const p of [m.clientPort, m.peerPort]) if (!(await probe.isFree(p))) taken.push(p);
  if (taken.length === 0) return { layout: classic, taken };
  return { layout: memberLayout(input.members, await probe.free(2 * input.members)), taken };
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
      if (await healthy(clientUrl(m.spec))) ready.add(m);
    }
    if (ready.size === members.length) return;
    if (Date.now() > deadline) {
      const slow = members.find((m) => !ready.has(m))!;
      throw new MemberFailure(slow, `${slow.spec.name} not ready after ${READY_TIMEOUT_MS / 1000}s`);
    }
    await new Promise((r) => setTimeout(r, 100));
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
    if (running.length > 0) note(io, `Stopping ${running.map((m) => `${m.spec.name} (pid ${m.child!.pid})`).join(', ')}...`);
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
        const log = tail(err.member.logFile);
        if (log !== '') io.stderr.write(`--- last lines of ${err.member.logFile}:\n${log}\n---\n`);
      }
      throw new EtcdctlError(`the cluster did not start: ${(err as Error).message}`, 1);
    }
    if (ctx.signal.aborted) return;
    io.stdout.write(banner({ version, members: members.map((m) => ({ spec: m.spec, pid: m.child!.pid! })), dataRoot: root, keep }));

    // Report members that die; end when none is left or on Ctrl-C.
    const watching = members.map((m) =>
      m.exited.then(() => {
        if (!ctx.signal.aborted) note(io, `${m.spec.name} (pid ${m.child?.pid}) ${m.describeExit()}; ${members.filter((x) => x.running).length} member(s) left`);
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
