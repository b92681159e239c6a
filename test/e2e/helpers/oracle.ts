/**
 * The Go etcdctl 3.4.23 as an oracle: run the same argv through it and through etcdctl-ts
 * against the same server, and compare stdout, stderr and exit code byte for byte.
 */
import { spawn } from 'node:child_process';
import { findEtcdctlBinary } from '../../helpers/etcd-cluster.js';
import { runCli, type CliOptions, type CliResult } from './run-cli.js';

export const etcdctlBin = findEtcdctlBinary();

/**
 * Under CI=true the oracle is mandatory: a file that compares with it fails as soon as it is
 * loaded instead of skipping its comparisons (the global setup also fails the run). Outside CI
 * a missing etcdctl skips them, loudly.
 */
if (etcdctlBin === undefined) {
  const why = 'etcdctl (the Go oracle, 3.4.23) not found on PATH, at /usr/bin/etcdctl or in $ETCDCTL_BIN';
  if (process.env.CI === 'true') throw new Error(`${why}: CI=true requires it (apt-get install -y etcd-client)`);
  process.stderr.write(`\n!! ${why}: every comparison with it is SKIPPED\n\n`);
}

export interface ProcResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly code: number;
}

/** Runs the Go etcdctl (3.4.23, or `bin`) with ETCDCTL_API=3 and only the given environment. */
export function runEtcdctl(argv: readonly string[], o: CliOptions = {}, bin: string | undefined = etcdctlBin): Promise<ProcResult> {
  if (bin === undefined) throw new Error('etcdctl not found');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ETCDCTL_API: '3', ...(o.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code: code ?? (signal ? 128 + 15 : 1) }));
    // A command that exits without reading stdin (help, usage errors) closes the pipe first.
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.stdin ?? '');
  });
}

/**
 * Drops the Go client's zap log lines (JSON objects on stderr, e.g. "retrying of unary invoker
 * failed"): library noise that etcdctl-ts does not reproduce.
 */
export function withoutZapLogs(stderr: Buffer): string {
  return stderr
    .toString('utf8')
    .split('\n')
    .filter((l) => !l.startsWith('{"level":'))
    .join('\n');
}

export interface Comparison {
  readonly ours: CliResult;
  readonly theirs: ProcResult;
}

/** Runs argv through both tools (the Go one first) and returns both results. */
export async function compareWithEtcdctl(argv: readonly string[], o: CliOptions = {}): Promise<Comparison> {
  const theirs = await runEtcdctl(argv, o);
  const ours = await runCli(argv, o);
  return { ours, theirs };
}

/**
 * The condition of a differential suite: true when every requirement is met. A missing one
 * fails under CI=true (the suite must run there) and is a loud skip elsewhere.
 */
export function differentialReady(requirements: Readonly<Record<string, boolean>>): boolean {
  const missing = Object.entries(requirements)
    .filter(([, ok]) => !ok)
    .map(([what]) => what);
  if (missing.length === 0) return true;
  if (process.env.CI === 'true') throw new Error(`differential test: ${missing.join(', ')} missing, and CI=true forbids skipping`);
  process.stderr.write(`!! differential test SKIPPED: ${missing.join(', ')} missing\n`);
  return false;
}
