/**
 * Starts real `etcd` processes for e2e tests: one member for the shared global setup, or a
 * private 1- or 3-member cluster for suites that change cluster-wide state or need a member to
 * die. Everything listens on 127.0.0.1 ports picked by the OS, never on 2379/2380, so a
 * developer's own etcd is left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
// The members are started and stopped by the supervisor `dev-cluster` uses: what the tests run
// is what users run.
import {
  checkHealth,
  checkPeerServing,
  EtcdProcess,
  isExecutable,
  memberArgs,
  memberEnv,
  type HealthResult,
  type ProbeTls,
} from '../../src/etcd-process/supervisor.js';

export { checkHealth, type HealthResult };

export interface StartClusterOptions {
  /** Number of members; 1 unless given. */
  members?: 1 | 3 | number;
  /** Prefix of member names, temp dirs and the cluster token; letters, digits and `-`. */
  name?: string;
  electionTimeoutMs?: number;
  heartbeatMs?: number;
  /** Appended to every member's command line. */
  extraArgs?: string[];
  /** The etcd executable; `findEtcdBinary()` unless given. */
  etcdBin?: string;
  /** How long every member together may take to report healthy. */
  readyTimeoutMs?: number;
  /** Serve clients over TLS (https:// client URLs); peers keep plain http. */
  tls?: ClusterTls;
  /** Appended to member `i`'s command line only (after extraArgs), e.g. a tiny --quota-backend-bytes. */
  memberFlags?: (i: number) => string[];
  /**
   * Ports to use: client and peer port of member 0, then of member 1, … (from freePorts()), so a
   * test can point a client at the cluster before it exists. Given ports are not retried.
   */
  ports?: number[];
}

/** TLS for the client URLs of a cluster: files etcd serves with, and what the readiness check uses. */
export interface ClusterTls {
  /** Server certificate (valid for 127.0.0.1) and its key: --cert-file, --key-file. */
  certFile: string;
  keyFile: string;
  /** CA for client certificates: --trusted-ca-file. */
  trustedCaFile?: string;
  /** --client-cert-auth: clients must present a certificate signed by trustedCaFile. */
  clientCertAuth?: boolean;
  /** What the /health check trusts and presents (a client certificate when clientCertAuth is on). */
  probe?: HealthTls;
}

/** TLS material for an https:// /health check. */
export type HealthTls = ProbeTls;

export interface EtcdMember {
  readonly name: string;
  /** Pid of the current process; changes on `restart`. */
  readonly pid: number;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
}

export interface EtcdCluster {
  readonly name: string;
  /** `127.0.0.1:PORT`, the form `--endpoints` takes. */
  readonly endpoints: string[];
  readonly clientUrls: string[];
  readonly peerUrls: string[];
  readonly members: readonly EtcdMember[];
  /** Temp directory holding every member's data dir and log. */
  readonly rootDir: string;
  /** Wall time from the first spawn until every member was healthy. */
  readonly startupMs: number;
  isRunning(i: number): boolean;
  /** Signals member `i` (SIGTERM by default) and waits for it to exit. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts member `i` again on its old ports and data dir, and waits until it is healthy. */
  restart(i: number): Promise<void>;
  /** Kills every member, waits for them to exit and removes the temp directory. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_HEARTBEAT_MS = 50;
const DEFAULT_ELECTION_MS = 500;
const DEFAULT_READY_TIMEOUT_MS = 20_000;
const START_ATTEMPTS = 3;
// A user's own etcd may be listening on the well-known ports.
const RESERVED_PORTS = new Set([2379, 2380]);

function findExecutable(envVar: string, name: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  const fallback = path.join('/usr/bin', name);
  return isExecutable(fallback) ? fallback : undefined;
}

/** `ETCD_BIN`, else `etcd` on PATH, else /usr/bin/etcd. */
export function findEtcdBinary(): string | undefined {
  return findExecutable('ETCD_BIN', 'etcd');
}

/** `ETCDCTL_BIN`, else `etcdctl` on PATH, else /usr/bin/etcdctl (the Go oracle). */
export function findEtcdctlBinary(): string | undefined {
  return findExecutable('ETCDCTL_BIN', 'etcdctl');
}

// The OS does not remember a port it handed out once the probe socket closes, so two calls
// could otherwise get the same one before etcd binds it.
const handedOut = new Set<number>();

function probePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A loopback port that was free a moment ago, never 2379/2380, never returned before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await probePort();
    if (port > 0 && !RESERVED_PORTS.has(port) && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('freePort: no usable loopback port after 100 attempts');
}

export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(await freePort());
  return ports;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `/health` until it reports `"health":"true"`; rejects with the last answer on timeout. */
export async function waitHealthy(clientUrl: string, timeoutMs = DEFAULT_READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: HealthResult = { ok: false, detail: 'not checked' };
  while (Date.now() < deadline) {
    last = await checkHealth(clientUrl, Math.min(1_000, Math.max(1, deadline - Date.now())));
    if (last.ok) return;
    await sleep(50);
  }
  throw new Error(`${clientUrl} not healthy after ${timeoutMs} ms (last: ${last.detail})`);
}

async function logTail(file: string, maxBytes = 4_096): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').trimEnd();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return `(no log: ${(err as Error).message})`;
  }
}

function hasExited(child: ChildProcess): boolean {
  // A child that failed to spawn (ENOENT, EACCES) has no pid and never emits 'exit'.
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

function waitForExit(child: ChildProcess, holdLoop = true): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    // Children are unref'd, so without a ref'd handle Node could leave this promise pending
    // and exit (code 13 under a top-level await) before the 'exit' event arrives.
    const keepAlive = holdLoop ? setInterval(() => {}, 1_000) : undefined;
    const done = () => {
      clearInterval(keepAlive);
      resolve();
    };
    child.once('exit', done);
    child.once('error', () => {
      if (child.pid === undefined) done();
    });
  });
}

class PortInUseError extends Error {}

// If the test process dies without running its exit handler (vitest SIGKILLs a worker that
// ignores SIGTERM), this shell sees its stdin close and kills the members it was told about,
// then removes the temp dir. `+pid` / `-pid` lines keep its list current, so it never signals a
// pid that has already exited and might have been reused.
const REAPER_SCRIPT = `
pids=""
while read -r line; do
  case "$line" in
    +*) pids="$pids \${line#+}" ;;
    -*) p="\${line#-}"; keep=""; for q in $pids; do [ "$q" = "$p" ] || keep="$keep $q"; done; pids="$keep" ;;
  esac
done
[ -n "$pids" ] && kill -9 $pids 2>/dev/null
sleep 0.2
rm -rf "$1"
`;

class Member extends EtcdProcess implements EtcdMember {
  constructor(
    readonly name: string,
    readonly clientPort: number,
    readonly peerPort: number,
    readonly dir: string,
    readonly clientScheme: 'http' | 'https' = 'http',
  ) {
    super(path.join(dir, 'etcd.log'));
  }

  override get pid(): number {
    return super.pid ?? -1;
  }
  get clientUrl(): string {
    return `${this.clientScheme}://127.0.0.1:${this.clientPort}`;
  }
  get peerUrl(): string {
    return `http://127.0.0.1:${this.peerPort}`;
  }
  get dataDir(): string {
    return path.join(this.dir, 'data');
  }
}

const liveClusters = new Set<Cluster>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible here; the reaper covers deaths that skip this hook.
  process.on('exit', () => {
    for (const cluster of liveClusters) cluster.killNowSync();
  });
}

class Cluster implements EtcdCluster {
  readonly members: Member[];
  startupMs = 0;
  private reaper: ChildProcess | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    readonly rootDir: string,
    members: Member[],
    private readonly bin: string,
    private readonly token: string,
    private readonly flags: string[],
    private readonly readyTimeoutMs: number,
    private readonly tls?: ClusterTls,
    private readonly memberFlags?: (i: number) => string[],
  ) {
    this.members = members;
  }

  get endpoints(): string[] {
    return this.members.map((m) => `127.0.0.1:${m.clientPort}`);
  }
  get clientUrls(): string[] {
    return this.members.map((m) => m.clientUrl);
  }
  get peerUrls(): string[] {
    return this.members.map((m) => m.peerUrl);
  }

  isRunning(i: number): boolean {
    return this.member(i).running;
  }

  private member(i: number): Member {
    const m = this.members[i];
    if (!m) throw new RangeError(`no member ${i} in cluster ${this.name} (${this.members.length} members)`);
    return m;
  }

  private args(m: Member): string[] {
    return memberArgs({
      name: m.name,
      dataDir: m.dataDir,
      clientUrl: m.clientUrl,
      peerUrl: m.peerUrl,
      initialCluster: this.members.map((x) => `${x.name}=${x.peerUrl}`).join(','),
      token: this.token,
      extra: [...this.flags, ...(this.memberFlags?.(this.members.indexOf(m)) ?? [])],
    });
  }

  private startReaper(): void {
    const reaper = spawn('sh', ['-c', REAPER_SCRIPT, 'test-reaper', this.rootDir], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    reaper.on('error', () => {});
    // A dead reaper must not crash the tests through EPIPE on its stdin.
    reaper.stdin?.on('error', () => {});
    reaper.unref();
    (reaper.stdin as net.Socket | null)?.unref();
    this.reaper = reaper;
  }

  private tellReaper(line: string): void {
    const stdin = this.reaper?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(`${line}\n`);
  }

  private async spawnMember(m: Member): Promise<void> {
    // Detached from the loop: a suite that forgets stop() must not keep vitest from exiting; the
    // exit hook and the reaper still kill the member.
    await m.start(this.bin, this.args(m), memberEnv(process.env), { detachFromLoop: true });
    const pid = m.pid;
    if (pid > 0) {
      this.tellReaper(`+${pid}`);
      void m.exited.then(() => this.tellReaper(`-${pid}`));
    }
  }

  /** Resolves once `probe` succeeds for `m`; rejects early, with its log, if its process exits. */
  private async waitFor(
    m: Member,
    deadline: number,
    probe: () => Promise<HealthResult>,
    state = 'healthy',
  ): Promise<void> {
    let exited = false;
    void m.exited.then(() => (exited = true));
    let last: HealthResult = { ok: false, detail: 'not checked' };
    for (;;) {
      if (exited || !m.running) {
        const tail = await logTail(m.logFile);
        const why = `etcd member ${m.name} (${this.bin}) ${m.describeExit()} before it was ${state}`;
        if (/address already in use/.test(tail)) throw new PortInUseError(`${why}\n${tail}`);
        throw new Error(`${why}; log ${m.logFile}:\n${tail}`);
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `etcd member ${m.name} not ${state} after ${this.readyTimeoutMs} ms (last: ${last.detail}); ` +
            `log ${m.logFile}:\n${await logTail(m.logFile)}`,
        );
      }
      last = await probe();
      if (last.ok) return;
      await sleep(25);
    }
  }

  private waitHealthy(m: Member, deadline: number): Promise<void> {
    return this.waitFor(m, deadline, () => checkHealth(m.clientUrl, 500, this.tls?.probe));
  }

  async start(): Promise<void> {
    liveClusters.add(this);
    installExitHook();
    this.startReaper();
    const t0 = performance.now();
    const deadline = Date.now() + this.readyTimeoutMs;
    await Promise.all(this.members.map((m) => mkdir(m.dir, { recursive: true })));
    // A new member asks its peers whether it is already bootstrapped, and a peer whose port is
    // bound but not yet served makes it wait out a 1 s timeout per peer (3-member starts took
    // 0.2-2.5 s). Starting members one by one, each once the previous serves peer traffic,
    // turns those asks into fast refusals or answers.
    for (const m of this.members) {
      await this.spawnMember(m);
      if (this.members.length > 1) {
        await this.waitFor(m, deadline, () => checkPeerServing(m.peerUrl), 'serving peer traffic');
      }
    }
    await Promise.all(this.members.map((m) => this.waitHealthy(m, deadline)));
    this.startupMs = Math.round(performance.now() - t0);
  }

  async kill(i: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.member(i).stop(signal);
  }

  async restart(i: number): Promise<void> {
    if (this.stopped) throw new Error(`cluster ${this.name} is stopped`);
    const m = this.member(i);
    if (m.running) throw new Error(`member ${m.name} is still running; kill(${i}) first`);
    await this.spawnMember(m);
    await this.waitHealthy(m, Date.now() + this.readyTimeoutMs);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // The data is thrown away, so there is nothing to gain from a graceful stop.
    await Promise.all(this.members.map((_, i) => this.kill(i, 'SIGKILL')));
    // The reaper goes last: should this process die halfway, it still removes the directory.
    await rm(this.rootDir, { recursive: true, force: true });
    const reaper = this.reaper;
    if (reaper && !hasExited(reaper)) {
      reaper.kill('SIGKILL');
      await waitForExit(reaper);
    }
    liveClusters.delete(this);
  }

  killNowSync(): void {
    for (const m of this.members) m.killNow();
    this.reaper?.kill('SIGKILL');
    rmSync(this.rootDir, { recursive: true, force: true });
  }
}

/**
 * Starts `members` etcd processes on fresh loopback ports, each with its own data dir and log
 * under one `os.tmpdir()` directory, and resolves when every member's `/health` says true.
 */
export async function startCluster(opts: StartClusterOptions = {}): Promise<EtcdCluster> {
  const bin = opts.etcdBin ?? findEtcdBinary();
  if (!bin) throw new Error('etcd binary not found: set ETCD_BIN or put etcd on PATH');
  const size = opts.members ?? 1;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`members must be a positive integer, got ${size}`);
  const name = opts.name ?? 'etcd';
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`cluster name ${JSON.stringify(name)}: use letters, digits and -`);
  const flags = [
    '--heartbeat-interval', String(opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS),
    '--election-timeout', String(opts.electionTimeoutMs ?? DEFAULT_ELECTION_MS),
    ...tlsFlags(opts.tls),
    ...(opts.extraArgs ?? []),
  ];
  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  for (let attempt = 1; ; attempt++) {
    if (opts.ports !== undefined && opts.ports.length !== 2 * size) throw new RangeError(`ports: ${2 * size} needed, got ${opts.ports.length}`);
    const ports = opts.ports ?? (await freePorts(2 * size));
    // Synchronous from here into start(), which registers the directory for cleanup, so a
    // process dying in between cannot leave it behind.
    const rootDir = mkdtempSync(path.join(os.tmpdir(), `etcdctl-ts-${name}-`));
    const members = Array.from(
      { length: size },
      (_, i) =>
        new Member(`${name}-${i}`, ports[2 * i]!, ports[2 * i + 1]!, path.join(rootDir, `member-${i}`), opts.tls ? 'https' : 'http'),
    );
    // A token unique per start keeps members of two clusters from ever joining each other.
    const token = `${name}-${process.pid}-${path.basename(rootDir)}`;
    const cluster = new Cluster(name, rootDir, members, bin, token, flags, readyTimeoutMs, opts.tls, opts.memberFlags);
    try {
      await cluster.start();
      return cluster;
    } catch (err) {
      await cluster.stop();
      // Another process can grab a probed port before etcd binds it; fresh ports fix that.
      if (err instanceof PortInUseError && attempt < START_ATTEMPTS && opts.ports === undefined) continue;
      throw err;
    }
  }
}

/** etcd's flags for TLS on the client URLs. */
function tlsFlags(tls: ClusterTls | undefined): string[] {
  if (tls === undefined) return [];
  return [
    '--cert-file', tls.certFile,
    '--key-file', tls.keyFile,
    ...(tls.trustedCaFile ? ['--trusted-ca-file', tls.trustedCaFile] : []),
    ...(tls.clientCertAuth ? ['--client-cert-auth'] : []),
  ];
}
