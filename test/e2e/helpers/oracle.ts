/**
 * The Go etcdctl 3.4.23 as an oracle: run the same argv through it and through etcdctl-ts
 * against the same server, and compare stdout, stderr and exit code byte for byte.
 */
import { spawn } from 'node:child_process';
import { findEtcdctlBinary } from '../../helpers/etcd-cluster.js';
import { runCli, type CliOptions, type CliResult } from './run-cli.js';

export const etcdctlBin = findEtcdctlBinary();

export interface ProcResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly code: number;
}

/** Runs the Go etcdctl with ETCDCTL_API=3 and only the given environment. */
export function runEtcdctl(argv: readonly string[], o: CliOptions = {}): Promise<ProcResult> {
  if (etcdctlBin === undefined) throw new Error('etcdctl not found');
  return new Promise((resolve, reject) => {
    const child = spawn(etcdctlBin, argv, {
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
