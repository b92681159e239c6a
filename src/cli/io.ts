/** A sink for bytes or text. */
export interface Writer {
  write(chunk: string | Uint8Array): void;
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
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Whether messages on stderr may be coloured: a terminal, NO_COLOR unset, TERM not dumb. */
  readonly colorStderr: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves once everything written to stdout and stderr has been flushed. */
  flush(): Promise<void>;
}

function colorAllowed(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

async function* lines(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: stream, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

/** The real process streams. */
export function systemIO(): IO {
  const env = process.env;
  const out = process.stdout;
  const err = process.stderr;
  const flushOne = (s: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => (s.writableLength === 0 ? resolve() : s.write('', () => resolve())));
  return {
    readStdin: () => readAll(process.stdin),
    stdinLines: () => lines(process.stdin),
    stdout: { write: (c) => void out.write(c) },
    stderr: { write: (c) => void err.write(c) },
    stdoutIsTTY: out.isTTY === true,
    stderrIsTTY: err.isTTY === true,
    colorStderr: colorAllowed(err.isTTY === true, env),
    env,
    flush: async () => {
      await Promise.all([flushOne(out), flushOne(err)]);
    },
  };
}

/** In-memory IO for tests: fixed stdin, captured stdout and stderr bytes. */
export interface CapturedIO extends IO {
  stdoutBytes(): Buffer;
  stderrBytes(): Buffer;
  stdoutText(): string;
  stderrText(): string;
}

export function captureIO(stdin: string | Uint8Array = '', env: Record<string, string | undefined> = {}): CapturedIO {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const input = Buffer.from(stdin);
  const sink = (list: Buffer[]): Writer => ({ write: (c) => void list.push(Buffer.from(c)) });
  return {
    readStdin: () => Promise.resolve(input),
    async *stdinLines() {
      const text = input.toString('utf8');
      const parts = text.split('\n');
      if (parts[parts.length - 1] === '') parts.pop();
      for (const p of parts) yield p.replace(/\r$/, '');
    },
    stdout: sink(out),
    stderr: sink(err),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    colorStderr: false,
    env,
    flush: () => Promise.resolve(),
    stdoutBytes: () => Buffer.concat(out),
    stderrBytes: () => Buffer.concat(err),
    stdoutText: () => Buffer.concat(out).toString('utf8'),
    stderrText: () => Buffer.concat(err).toString('utf8'),
  };
}
