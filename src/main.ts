import { Context } from './cli/context.js';
import { exitCodeFor, FlagError, formatError } from './core/errors.js';
import { flagValues, parseArgv } from './cli/flags.js';
import { helpText } from './cli/help.js';
import type { IO } from './core/io.js';
import { buildProgram } from './cli/program.js';
import { isOwn } from './cli/own-commands.js';
import { unreachable } from './cli/unreachable.js';

export interface RunOptions {
  /** Aborted on Ctrl-C by bin/; long-running commands stop when it fires. */
  readonly signal?: AbortSignal;
  /**
   * Called when the command declares that it handles SIGINT/SIGTERM itself (`lock`, `elect`):
   * bin/ then exits with the returned code rather than raising the signal again.
   */
  readonly onSignalsCaught?: () => void;
}

/**
 * Runs one etcdctl command line and returns its exit code. The only place where errors become
 * `Error: …` lines and exit codes; nothing here touches the process.
 */
export async function run(argv: readonly string[], io: IO, o: RunOptions = {}): Promise<number> {
  const api = io.env.ETCDCTL_API;
  if (api !== undefined && api !== '' && api !== '3') {
    // compat(etcdctl): v2 is out of scope; etcdctl prints this without "Error:".
    io.stderr.write(`unsupported API version ${api}\n`);
    return 1;
  }
  const ctx = new Context(io, o.signal ?? new AbortController().signal);
  ctx.argv = argv;
  ctx.onSignalsCaught = o.onSignalsCaught;
  const program = buildProgram(ctx);
  let debug = argv.includes('--debug');
  let own = false;
  try {
    const parsed = parseArgv(program, argv);
    const leaf = parsed.path[parsed.path.length - 1]!;
    own = isOwn(leaf);
    if (parsed.help) {
      io.stdout.write(helpText(leaf));
      return 0;
    }
    program.hook('preAction', () => {
      ctx.setParsed(program, flagValues(program, parsed), parsed.given, parsed.path.slice(1).map((c) => c.name()));
      debug = ctx.global.debug;
    });
    for (const [f, v] of parsed.shadowed) leaf.setOptionValueWithSource(f.attributeName(), v, 'cli');
    await program.parseAsync([...parsed.argv], { from: 'user' });
    return 0;
  } catch (err) {
    // Our commands say "no endpoint reachable" with ExitBadConnection (2); etcdctl's keep the
    // code etcdctl gives each of them.
    return report(own ? unreachable(err) : err, io, program, debug);
  } finally {
    ctx.close();
  }
}

function report(err: unknown, io: IO, program: import('commander').Command, debug: boolean): number {
  if (err instanceof FlagError) {
    const line = `Error: ${err.message}\n`;
    io.stderr.write(line);
    if (err.hint !== undefined) {
      io.stderr.write(`${err.hint}\n`);
    } else {
      // compat(etcdctl): cobra shows the usage on stdout and an empty line on stderr.
      let cmd = program;
      for (const name of err.commandPath ?? []) cmd = cmd.commands.find((c) => c.name() === name) ?? cmd;
      io.stdout.write(helpText(cmd));
      io.stderr.write('\n');
    }
    io.stderr.write(line);
    return exitCodeFor(err);
  }
  const text = formatError(err);
  if (text !== 'Error: ') io.stderr.write(`${text}\n`);
  if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return exitCodeFor(err);
}
