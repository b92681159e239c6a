import type { IO } from './io.js';
import { goQuoteString } from './encode.js';

/** Go's names for the signals a child may die of (syscall.Signal.String). */
const GO_SIGNALS: Readonly<Record<string, string>> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
};

/**
 * Runs the command as Go's exec.Cmd.Run does for etcdctl: stdin from /dev/null, output to ours.
 * Resolves with Go's error text when it fails (`exit status 3`, `signal: killed`,
 * `exec: "x": executable file not found in $PATH`), undefined when it succeeds.
 * A terminal is handed over as is, so the command sees a TTY as it would under etcdctl.
 */
export async function execCommand(argv: readonly string[], env: Record<string, string | undefined>, io: IO): Promise<string | undefined> {
  // Loaded on first use: node:child_process costs milliseconds at every start otherwise.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const [file, ...rest] = argv as [string, ...string[]];
    const child = spawn(file, rest, {
      env,
      stdio: ['ignore', io.stdoutIsTTY ? 'inherit' : 'pipe', io.stderrIsTTY ? 'inherit' : 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => io.stdout.write(c));
    child.stderr?.on('data', (c: Buffer) => io.stderr.write(c));
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (err: NodeJS.ErrnoException) => (spawnError = err));
    child.on('close', (code, signal) => {
      if (spawnError !== undefined) {
        if (spawnError.code === 'ENOENT' && !file.includes('/')) resolve(`exec: ${goQuoteString(file)}: executable file not found in $PATH`);
        else if (spawnError.code === 'ENOENT') resolve(`fork/exec ${file}: no such file or directory`);
        else if (spawnError.code === 'EACCES') resolve(`fork/exec ${file}: permission denied`);
        else resolve(spawnError.message);
      } else if (signal !== null) resolve(`signal: ${GO_SIGNALS[signal] ?? signal}`);
      else if (code !== 0) resolve(`exit status ${code}`);
      else resolve(undefined);
    });
  });
}
