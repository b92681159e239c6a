/**
 * One etcd member as a child process: its command line, its environment, start, readiness,
 * stop by its own pid. Shared by `dev-cluster` and the test helpers (test/helpers/etcd-cluster.ts),
 * so that what the tests start is what users start.
 *
 * node:child_process, node:http(s) and node:net cost milliseconds to load; only dev-cluster needs
 * them at run time, so they are loaded when a member starts rather than at every start of
 * etcdctl-ts.
 */
import type { ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Where a member listens and keeps its data. */
export interface MemberConfig {
  readonly name: string;
  readonly dataDir: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  /** Every member's `name=peerUrl`, comma-separated (etcd's --initial-cluster). */
  readonly initialCluster: string;
  /** Unique per cluster, so members of two clusters never join each other. */
  readonly token: string;
  /** More etcd flags (timeouts, TLS, quotas). */
  readonly extra?: readonly string[];
}

/** etcd's command line for a member of a new (or, with existing data, continuing) cluster. */
export function memberArgs(m: MemberConfig): string[] {
  return [
    '--name', m.name,
    '--data-dir', m.dataDir,
    '--listen-client-urls', m.clientUrl,
    '--advertise-client-urls', m.clientUrl,
    '--listen-peer-urls', m.peerUrl,
    '--initial-advertise-peer-urls', m.peerUrl,
    '--initial-cluster', m.initialCluster,
    // Ignored when the data dir holds a member already: the cluster then carries on.
    '--initial-cluster-token', m.token,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-outputs', 'stderr',
    ...(m.extra ?? []),
  ];
}

/**
 * The environment a member runs with: etcd refuses to start when an ETCD_* variable names a flag
 * it was also given, and any other ETCD_* would quietly change the member, so the flags alone
 * decide. etcd 3.4 starts on arm64 only when told the platform is unsupported on purpose.
 */
export function memberEnv(env: Readonly<Record<string, string | undefined>>, arch: string = process.arch): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('ETCD_') || k === 'ETCD_UNSUPPORTED_ARCH') out[k] = v;
  if (arch === 'arm64' && out.ETCD_UNSUPPORTED_ARCH === undefined) out.ETCD_UNSUPPORTED_ARCH = 'arm64';
  return out;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` in the directories of PATH (with Windows' .exe), or undefined. */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const n of names) if (isExecutable(path.join(dir, n))) return path.join(dir, n);
  }
  return undefined;
}

/** The last lines of a log file, '' when it cannot be read. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A GET's outcome; never an exception. */
export interface HealthResult {
  readonly ok: boolean;
  readonly detail: string;
}

/** TLS files for probing an https:// member. */
export interface ProbeTls {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** One GET of `<clientUrl>/health` (`"health":"true"` and 200 is healthy); never rejects. */
export async function checkHealth(clientUrl: string, timeoutMs = 1_000, tls?: ProbeTls): Promise<HealthResult> {
  const answer = await httpGet(`${clientUrl}/health`, timeoutMs, tls);
  if (answer.error !== undefined) return { ok: false, detail: answer.error };
  let healthy = false;
  try {
    healthy = (JSON.parse(answer.body) as { health?: unknown }).health === 'true';
  } catch {
    // a body that is not JSON is simply unhealthy
  }
  return { ok: healthy && answer.status === 200, detail: `HTTP ${answer.status}: ${answer.body.trim()}` };
}

/** Any HTTP answer on the peer port: the member got past bootstrap and serves peer traffic. */
export async function checkPeerServing(peerUrl: string): Promise<HealthResult> {
  const answer = await httpGet(`${peerUrl}/members`, 200);
  if (answer.error !== undefined) return { ok: false, detail: `peer ${peerUrl}: ${answer.error}` };
  return { ok: true, detail: `peer ${peerUrl}: HTTP ${answer.status}` };
}

async function httpGet(url: string, timeoutMs: number, tls?: ProbeTls): Promise<{ status?: number; body: string; error?: string }> {
  const secure = url.startsWith('https:');
  const mod = secure ? await import('node:https') : await import('node:http');
  const tlsOptions = secure
    ? {
        ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
        ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
        ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
      }
    : {};
  return new Promise((resolve) => {
    // agent: false — a pooled keep-alive socket would outlive the check and hold the loop open.
    const req = mod.get(url, { agent: false, timeout: timeoutMs, ...tlsOptions }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ ...(res.statusCode === undefined ? {} : { status: res.statusCode }), body }));
      res.on('error', (err) => resolve({ body, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ body: '', error: err.message }));
  });
}

/** How long a member gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 10_000;

/** One etcd process, started with its output appended to a log file, stopped by its own pid. */
export class EtcdProcess {
  private child: ChildProcess | undefined;
  private spawnError: Error | undefined;
  /** Resolves once the process has exited (or could not be started). */
  exited: Promise<void> = Promise.resolve();

  constructor(readonly logFile: string) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    const c = this.child;
    return c !== undefined && c.pid !== undefined && c.exitCode === null && c.signalCode === null;
  }

  /**
   * Starts `bin args…`. With `detachFromLoop` the child does not keep the event loop alive (test
   * helpers: a suite that forgets to stop a member must not hang the runner).
   */
  async start(bin: string, args: readonly string[], env: Record<string, string | undefined>, o: { detachFromLoop?: boolean } = {}): Promise<void> {
    const { spawn } = await import('node:child_process');
    const fd = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      writeSync(fd, `=== ${new Date().toISOString()} ${bin} ${args.join(' ')}\n`);
      child = spawn(bin, args, { stdio: ['ignore', fd, fd], env });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.spawnError = undefined;
    if (o.detachFromLoop) child.unref();
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.once('error', (err) => {
        this.spawnError = err;
        if (child.pid === undefined) resolve();
      });
    });
  }

  /** `signal` to this process's own pid, SIGKILL after `graceMs`; resolves once it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = STOP_GRACE_MS): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      child.kill(signal);
      await this.exited;
    } finally {
      clearTimeout(kill);
    }
  }

  /** SIGKILL now, without waiting (exit handlers can only do synchronous work). */
  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }

  /** Why it is not running: `exited with code 1`, `was killed by SIGKILL`, `could not be started: …`. */
  describeExit(): string {
    const c = this.child;
    if (this.spawnError !== undefined) return `could not be started: ${this.spawnError.message}`;
    if (c?.signalCode) return `was killed by ${c.signalCode}`;
    return `exited with code ${c?.exitCode ?? '?'}`;
  }
}
