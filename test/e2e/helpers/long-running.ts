/**
 * Long-running commands (watch, lease keep-alive) for differential and behaviour tests: the Go
 * etcdctl as a child process and etcdctl-ts in-process, both started, fed stdin line by line,
 * watched while they run and then stopped the way a user stops them (Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { captureIO, type CapturedIO } from '../../../src/cli/io.js';
import { AsyncQueue } from '../../../src/core/async-queue.js';
import { run } from '../../../src/main.js';
import { etcdctlBin } from './oracle.js';

export interface Finished {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Exit code; null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Running {
  stdout(): Buffer;
  stderr(): Buffer;
  /** Writes one line (a newline is added) to stdin. */
  writeLine(line: string): void;
  /** Ends stdin (EOF). */
  closeStdin(): void;
  /** Ctrl-C: SIGINT for the Go etcdctl, the abort signal for ours. */
  interrupt(): void;
  readonly done: Promise<Finished>;
}

export interface StartOptions {
  /** The whole environment of the command; PATH is added. */
  readonly env?: Readonly<Record<string, string>>;
}

const basePath = process.env.PATH ?? '/usr/bin:/bin';

/** Starts the Go etcdctl with ETCDCTL_API=3, stdin open until closeStdin(). */
export function startEtcdctl(argv: readonly string[], o: StartOptions = {}): Running {
  if (etcdctlBin === undefined) throw new Error('etcdctl not found');
  const child = spawn(etcdctlBin, argv, {
    env: { PATH: basePath, ETCDCTL_API: '3', ...(o.env ?? {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.on('error', () => undefined);
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal }));
  });
  return {
    stdout: () => Buffer.concat(out),
    stderr: () => Buffer.concat(err),
    writeLine: (line) => void child.stdin.write(`${line}\n`),
    closeStdin: () => child.stdin.end(),
    interrupt: () => void child.kill('SIGINT'),
    done,
  };
}

/** Runs etcdctl-ts in-process through run(), with captured output and a stdin fed line by line. */
export function startOurs(argv: readonly string[], o: StartOptions = {}): Running & { io: CapturedIO } {
  const lines = new AsyncQueue<string>();
  const io: CapturedIO = { ...captureIO('', { PATH: basePath, ...(o.env ?? {}) }), stdinLines: () => lines };
  const controller = new AbortController();
  const done = run(argv, io, { signal: controller.signal }).then((code) => ({
    stdout: io.stdoutBytes(),
    stderr: io.stderrBytes(),
    code,
    signal: null,
  }));
  return {
    io,
    stdout: () => io.stdoutBytes(),
    stderr: () => io.stderrBytes(),
    writeLine: (line) => lines.push(line),
    closeStdin: () => lines.end(),
    interrupt: () => controller.abort(),
    done,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Waits until every runner's stdout has stopped growing for `quietMs` (and, when given, until
 * `ready` holds): the events written so far have all arrived.
 */
export async function settle(runners: readonly Running[], ready: () => boolean = () => true, quietMs = 400, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let sizes = runners.map((r) => r.stdout().length + r.stderr().length);
  let since = Date.now();
  for (;;) {
    await sleep(50);
    const now = runners.map((r) => r.stdout().length + r.stderr().length);
    if (now.some((n, i) => n !== sizes[i])) {
      sizes = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && ready()) {
      return;
    }
    if (Date.now() > deadline) throw new Error('output did not settle');
  }
}
