/**
 * Runs etcdctl-ts in-process through run(argv, io), as bin/ does, with captured IO: the real
 * command code against a real server, without a process per call.
 *
 * With ETCDCTL_TS_E2E_BIN=1 every call spawns the shipped bin/etcdctl-ts instead (the built
 * bundle through its loader), so a differential suite checks the binary users run:
 * `npm run test:bin` runs a representative subset that way.
 */
import { captureIO } from '../../../src/cli/io.js';
import { run } from '../../../src/main.js';
import { startBin } from './bin.js';

export interface CliResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly code: number;
  /** stdout as UTF-8 text. */
  readonly out: string;
  /** stderr as UTF-8 text. */
  readonly err: string;
}

export interface CliOptions {
  readonly stdin?: string | Uint8Array;
  /** The environment the command sees (ETCDCTL_* variables); nothing is inherited. */
  readonly env?: Record<string, string>;
  readonly signal?: AbortSignal;
}

/** True when the suites run the built binary rather than run() in-process. */
export const throughBinary = process.env.ETCDCTL_TS_E2E_BIN === '1';

export async function runCli(argv: readonly string[], o: CliOptions = {}): Promise<CliResult> {
  if (throughBinary) return runThroughBinary(argv, o);
  const io = captureIO(o.stdin ?? '', o.env ?? {});
  const code = await run(argv, io, o.signal === undefined ? {} : { signal: o.signal });
  const stdout = io.stdoutBytes();
  const stderr = io.stderrBytes();
  return { stdout, stderr, code, out: stdout.toString('utf8'), err: stderr.toString('utf8') };
}

async function runThroughBinary(argv: readonly string[], o: CliOptions): Promise<CliResult> {
  const p = startBin(argv, { stdin: o.stdin ?? '', env: { ETCDCTL_API: '3', ...(o.env ?? {}) }, timeoutMs: 60_000 });
  const onAbort = (): void => void p.child.kill('SIGINT');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) onAbort();
  const r = await p.done;
  o.signal?.removeEventListener('abort', onAbort);
  return { stdout: r.stdout, stderr: r.stderr, code: r.code, out: r.out, err: r.err };
}
