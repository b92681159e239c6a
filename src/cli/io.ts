import { SilentError } from '../core/errors.js';

import { colorLevel } from '../core/color.js';
import type { IO, Writer } from '../core/io.js';

export type { IO, Writer };

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

/** Reads up to and including the next newline, pushing whatever follows back into the stream. */
function readLineFrom(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const finish = (rest?: Buffer): void => {
      stream.removeListener('readable', onReadable);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (rest !== undefined && rest.length > 0) stream.unshift(rest);
      stream.pause();
      resolve(Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
    };
    const onReadable = (): void => {
      for (let chunk = stream.read() as Buffer | string | null; chunk !== null; chunk = stream.read() as Buffer | string | null) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const nl = b.indexOf(10);
        if (nl >= 0) {
          parts.push(b.subarray(0, nl));
          finish(b.subarray(nl + 1));
          return;
        }
        parts.push(b);
      }
    };
    const onEnd = (): void => finish();
    const onError = (err: Error): void => {
      finish();
      reject(err);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
    if (stream.readableEnded) finish();
  });
}

/**
 * Reads a secret from a terminal in raw mode, so nothing typed is echoed: Enter ends it,
 * Backspace and Ctrl-U edit, Ctrl-D on an empty line is end of input, Ctrl-C interrupts.
 */
function readSecretFromTTY(stdin: NodeJS.ReadStream & { setRawMode(mode: boolean): unknown }, prompt: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (rest: Buffer | undefined, interrupted: boolean): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      if (rest !== undefined && rest.length > 0) stdin.unshift(rest);
      if (!interrupted) return resolve(secret);
      process.stdout.write('\n');
      // Raw mode swallowed the Ctrl-C: deliver the signal as the terminal would have.
      process.kill(process.pid, 'SIGINT');
      reject(new SilentError(130));
    };
    const onData = (data: Buffer | string): void => {
      const b = typeof data === 'string' ? Buffer.from(data) : data;
      const chars = [...b.toString('utf8')];
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c === '\r' || c === '\n') return finish(Buffer.from(chars.slice(i + 1).join('')), false);
        if (c === '\u0003') return finish(undefined, true);
        if (c === '\u0004') {
          if (secret === '') return finish(undefined, false);
        } else if (c === '\u007f' || c === '\b') secret = [...secret].slice(0, -1).join('');
        else if (c === '\u0015') secret = '';
        else secret += c;
      }
    };
    // Echo goes off before the prompt shows: nothing typed after it can appear.
    stdin.setRawMode(true);
    prompt();
    stdin.on('data', onData);
    stdin.resume();
  });
}

/**
 * compat(etcdctl): a Go program writing to a pipe whose reader has gone dies of SIGPIPE (the shell
 * sees 141) without a word. Node ignores SIGPIPE and reports EPIPE as an 'error' event instead,
 * which unhandled is a stack trace, and meanwhile the command goes on working. So: restore
 * SIGPIPE's default action and raise it, at the first EPIPE on stdout or stderr.
 */
function dieOfSigpipe(): void {
  // libuv puts a signal back to SIG_DFL when its last listener goes.
  const noop = (): void => undefined;
  process.on('SIGPIPE', noop);
  process.removeListener('SIGPIPE', noop);
  process.kill(process.pid, 'SIGPIPE');
}

function onStreamError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') dieOfSigpipe();
  else throw e;
}

/** The real process streams. */
export function systemIO(): IO {
  const env = process.env;
  const out = process.stdout;
  const err = process.stderr;
  if (out.listenerCount('error') === 0) out.on('error', onStreamError);
  if (err.listenerCount('error') === 0) err.on('error', onStreamError);
  const flushOne = (s: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => (s.writableLength === 0 ? resolve() : s.write('', () => resolve())));
  // Printers write a response as many small pieces (key, newline, value, …); one write per piece
  // costs a system call each on a pipe, which caps watch's event rate. Pieces are gathered and
  // written once the current task ends, or at 64 KiB.
  let pending: (string | Uint8Array)[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  const flushStdout = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunks = pending;
    pending = [];
    pendingBytes = 0;
    out.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
  };
  const writeStdout = (c: string | Uint8Array): void => {
    pending.push(c);
    pendingBytes += c.length;
    if (pendingBytes >= 65536) flushStdout();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flushStdout);
    }
  };
  return {
    readStdin: () => readAll(process.stdin),
    stdinLines: () => lines(process.stdin),
    readLine: () => readLineFrom(process.stdin),
    readPassword: async (prompt) => {
      const stdin = process.stdin;
      flushStdout();
      let secret: string;
      if (stdin.isTTY === true) secret = await readSecretFromTTY(stdin, () => out.write(prompt));
      else {
        out.write(prompt);
        secret = await readLineFrom(stdin);
      }
      out.write('\n');
      return secret;
    },
    stdout: {
      write: writeStdout,
      writeNow: (c) => {
        flushStdout();
        out.write(c);
        return out.writableLength === 0;
      },
    },
    // What was printed before a message on stderr goes out before it.
    stderr: {
      write: (c) => {
        flushStdout();
        err.write(c);
      },
    },
    stdoutIsTTY: out.isTTY === true,
    stderrIsTTY: err.isTTY === true,
    colorStdout: colorLevel(out.isTTY === true, env),
    colorStderr: colorLevel(err.isTTY === true, env),
    env,
    flush: async () => {
      flushStdout();
      await Promise.all([flushOne(out), flushOne(err)]);
    },
    // Asked only by `edit`, and not through process.stdin: creating that stream (a file stream
    // when stdin is /dev/null or a file) costs ~3 ms at every start.
    ...interactive(async () => (await import('node:tty')).isatty(0), undefined, flushStdout),
  };
}

/** IO.stdinIsTTY and IO.runInteractive (for `edit`); the child process code loads on first use. */
function interactive(stdinIsTTY: () => Promise<boolean>, capture: { out: Writer; err: Writer } | undefined, before: () => void = () => {}): Pick<IO, 'stdinIsTTY' | 'runInteractive'> {
  return {
    stdinIsTTY,
    runInteractive: async (cmd, signal) => {
      before();
      const { runChild } = await import('./interactive.js');
      return runChild(cmd, capture, signal);
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
  let input = Buffer.from(stdin);
  const sink = (list: Buffer[]): Writer => ({ write: (c) => void list.push(Buffer.from(c)) });
  const readLine = (): Promise<string> => {
    const nl = input.indexOf(10);
    const line = nl < 0 ? input : input.subarray(0, nl);
    input = nl < 0 ? Buffer.alloc(0) : input.subarray(nl + 1);
    return Promise.resolve(line.toString('utf8').replace(/\r$/, ''));
  };
  return {
    readStdin: () => Promise.resolve(input),
    readLine,
    readPassword: async (prompt) => {
      out.push(Buffer.from(prompt));
      const secret = await readLine();
      out.push(Buffer.from('\n'));
      return secret;
    },
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
    colorStdout: colorLevel(false, env),
    colorStderr: colorLevel(false, env),
    env,
    flush: () => Promise.resolve(),
    stdoutBytes: () => Buffer.concat(out),
    stderrBytes: () => Buffer.concat(err),
    stdoutText: () => Buffer.concat(out).toString('utf8'),
    stderrText: () => Buffer.concat(err).toString('utf8'),
    // The program's output goes with the captured stderr.
    ...interactive(() => Promise.resolve(false), { out: sink(err), err: sink(err) }),
  };
}
