/**
 * IO.runInteractive: a child process that takes over the terminal (an editor). Kept out of
 * io.ts so that node:child_process loads only for the commands that run one.
 */
import { spawn } from 'node:child_process';
import type { InteractiveCommand, InteractiveResult, Writer } from '../core/io.js';

/** Runs `cmd` with our stdio ('inherit') or with output into `capture` and no stdin. */
export function runChild(cmd: InteractiveCommand, capture: { out: Writer; err: Writer } | undefined, signal?: AbortSignal): Promise<InteractiveResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd.file, [...cmd.args], {
      stdio: capture === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      ...(cmd.windowsVerbatimArguments ? { windowsVerbatimArguments: true } : {}),
    });
    child.stdout?.on('data', (c: Buffer) => capture?.out.write(c));
    child.stderr?.on('data', (c: Buffer) => capture?.err.write(c));
    const onAbort = (): void => void child.kill('SIGTERM');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    let error: string | undefined;
    child.on('error', (err) => (error = err.message));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal: sig, ...(error === undefined ? {} : { error }) });
    });
  });
}
