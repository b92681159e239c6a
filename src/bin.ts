import { systemIO } from './cli/io.js';
import { run } from './main.js';

/**
 * The process entry: the only code besides cli/io.ts that touches `process`. Ctrl-C aborts the
 * running command; once it has cleaned up, the signal is raised again so the shell sees 130.
 */
export function main(): void {
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled !== undefined) process.exit(130);
    signalled = sig;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io = systemIO();
  void run(process.argv.slice(2), io, { signal: controller.signal }).then(async (code) => {
    await io.flush();
    if (signalled !== undefined) {
      process.removeAllListeners(signalled);
      process.kill(process.pid, signalled);
      return;
    }
    process.exit(code);
  });
}
