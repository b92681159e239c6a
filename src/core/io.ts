import type { ColorLevel } from './color.js';

/** A sink for bytes or text. */
export interface Writer {
  write(chunk: string | Uint8Array): void;
  /**
   * Writes `chunk` now, after anything batched before it. True when its bytes have already left
   * the process (a file is written synchronously), so the caller may reuse `chunk`'s memory;
   * false when the stream still holds it. Optional: a writer without it holds every chunk.
   */
  writeNow?(chunk: Uint8Array): boolean;
}

/**
 * The process streams, injected into everything that reads or writes: only this module and
 * bin/ touch process.std*. Tests use captureIO().
 */
export interface IO {
  /** Reads all of stdin (once); used by `put` without a value and `txn`. */
  readStdin(): Promise<Buffer>;
  /** Stdin as a stream of lines, for interactive commands. */
  stdinLines(): AsyncIterable<string>;
  /**
   * One line of stdin without its line ending, leaving the rest unread for later reads; '' at the
   * end of input. For `user add|passwd --interactive=false`.
   */
  readLine(): Promise<string>;
  /**
   * Asks for a secret as etcdctl's speakeasy does: `prompt` on stdout, one line read from stdin
   * (never echoed when stdin is a terminal), then a newline on stdout.
   */
  readPassword(prompt: string): Promise<string>;
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** How stdout may be coloured (core/color.ts); only our own commands' human output uses it. */
  readonly colorStdout: ColorLevel;
  /** How messages on stderr may be coloured (core/color.ts). */
  readonly colorStderr: ColorLevel;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves once everything written to stdout and stderr has been flushed. */
  flush(): Promise<void>;
  /** Whether stdin is a terminal (`edit` asks before writing only then). */
  stdinIsTTY?(): Promise<boolean>;
  /**
   * Runs a program that takes over the terminal, as an editor does: it gets our stdin, stdout and
   * stderr as they are (captureIO: no stdin, output captured). Aborting `signal` sends it SIGTERM.
   */
  runInteractive?(cmd: InteractiveCommand, signal?: AbortSignal): Promise<InteractiveResult>;
}

/** A program and its arguments, for IO.runInteractive. */
export interface InteractiveCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** cmd.exe parses its own command line: Node's spawn option of that name. */
  readonly windowsVerbatimArguments?: boolean;
}

/** How an interactive program ended: its exit code or signal, or why it could not start. */
export interface InteractiveResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly error?: string;
}
