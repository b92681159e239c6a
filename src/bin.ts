import { readFileSync } from 'node:fs';
import { systemIO } from './cli/io.js';
import { rawArgsFromCmdline, registerRawArgs } from './core/raw-argv.js';
import { redactArgv } from './cli/redact.js';
import { run } from './main.js';

/**
 * The process entry: the only code besides cli/io.ts that touches `process`. Ctrl-C aborts the
 * running command; once it has cleaned up, the signal is raised again so the shell sees 130.
 */
export function main(): void {
  // Before the title is overwritten below: that rewrites what /proc/self/cmdline shows.
  if (process.platform === 'linux') {
    try {
      const args = process.argv.slice(2);
      const raw = rawArgsFromCmdline(readFileSync('/proc/self/cmdline'), args);
      if (raw !== undefined) registerRawArgs(args, raw);
    } catch {
      // No /proc: arguments stay as Node decoded them.
    }
  }
  // Others on the machine can read our command line (ps, /proc/PID/cmdline): overwrite it
  // when it holds a password. (etcdctl leaves it visible.)
  const redacted = redactArgv(process.argv.slice(2));
  if (redacted !== undefined) process.title = ['etcdctl-ts', ...redacted].join(' ');
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  // compat(etcdctl): lock and elect catch SIGINT/SIGTERM (signal.Notify): they release what they
  // hold and exit with their own code (0), and further signals are ignored meanwhile.
  let caught = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled !== undefined && !caught) process.exit(130);
    signalled ??= sig;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io = systemIO();
  const onSignalsCaught = (): void => {
    caught = true;
  };
  void run(process.argv.slice(2), io, { signal: controller.signal, onSignalsCaught }).then(async (code) => {
    await io.flush();
    if (signalled !== undefined && !caught) {
      process.removeAllListeners(signalled);
      process.kill(process.pid, signalled);
      return;
    }
    process.exit(code);
  });
}
