/**
 * Runs etcdctl-ts in-process through run(argv, io), as bin/ does, with captured IO: the real
 * command code against a real server, without a process per call.
 */
import { captureIO } from '../../../src/cli/io.js';
import { run } from '../../../src/main.js';

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

export async function runCli(argv: readonly string[], o: CliOptions = {}): Promise<CliResult> {
  const io = captureIO(o.stdin ?? '', o.env ?? {});
  const code = await run(argv, io, o.signal === undefined ? {} : { signal: o.signal });
  const stdout = io.stdoutBytes();
  const stderr = io.stderrBytes();
  return { stdout, stderr, code, out: stdout.toString('utf8'), err: stderr.toString('utf8') };
}
