/**
 * The shipped executable, bin/etcdctl-ts, as users run it: the built bundle through the
 * code-cache loader, in a process of its own. `npm run build` (which `npm test` runs first) must
 * have built dist/ since the last change under src/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const binPath = path.join(root, 'bin/etcdctl-ts');
const bundlePath = path.join(root, 'dist/etcdctl-ts.cjs');

/** The V8 code cache of these runs goes here rather than into the user's ~/.cache. */
const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-bin-cache-'));

export interface BinResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** The exit code, or 128 + the signal's number when a signal ended it (as a shell says). */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  /** stdout as UTF-8 text. */
  readonly out: string;
  /** stderr as UTF-8 text. */
  readonly err: string;
}

export interface BinOptions {
  readonly stdin?: string | Uint8Array;
  /** The environment (ETCDCTL_* …); only PATH and XDG_CACHE_HOME are added. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Kill with SIGKILL after this long (a hang is a failure, not a stuck run). Default 30 s. */
  readonly timeoutMs?: number;
}

export interface RunningBin {
  readonly child: ChildProcess;
  /** What it printed so far. */
  out(): string;
  err(): string;
  readonly done: Promise<BinResult>;
}

function assertBuilt(): void {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run \`npm run build\` first`);
}

/** Starts bin/etcdctl-ts; stdin is written and closed unless `stdin` is undefined and keepStdin. */
export function startBin(argv: readonly string[], o: BinOptions & { keepStdinOpen?: boolean } = {}): RunningBin {
  assertBuilt();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CACHE_HOME: cacheHome, ...(o.env ?? {}) };
  const child = spawn(process.execPath, [binPath, ...argv], { env, cwd: o.cwd ?? root, stdio: ['pipe', 'pipe', 'pipe'] });
  return follow(child, o, !o.keepStdinOpen);
}

/** Collects a child's output; writes `stdin` and closes it when `closeStdin`; kills it after the timeout. */
function follow(child: ChildProcess, o: BinOptions, closeStdin: boolean): RunningBin {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  child.stdin!.on('error', () => {});
  if (o.stdin !== undefined) child.stdin!.write(o.stdin);
  if (closeStdin) child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
  const done = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({
        stdout,
        stderr,
        code: code ?? (signal === null ? -1 : 128 + os.constants.signals[signal]),
        signal,
        out: stdout.toString('utf8'),
        err: stderr.toString('utf8'),
      });
    });
  });
  return { child, out: () => Buffer.concat(out).toString('utf8'), err: () => Buffer.concat(err).toString('utf8'), done };
}

/** Runs bin/etcdctl-ts to its end. */
export function runBin(argv: readonly string[], o: BinOptions & { keepStdinOpen?: boolean } = {}): Promise<BinResult> {
  return startBin(argv, o).done;
}

/** The command line that runs bin/etcdctl-ts, for a shell: `$BIN` in runShell's scripts. */
export const binCommand = `${process.execPath} ${binPath}`;

export interface ShellOptions extends BinOptions {
  /** `sh` (default) or `bash` (for $'…' and PIPESTATUS). */
  readonly shell?: 'sh' | 'bash';
  /** Types `answer` on stdin once stdout shows `prompt` (with script(1), a terminal). */
  readonly typeOnPrompt?: { readonly prompt: string; readonly answer: string };
}

/**
 * Runs a shell script in which `$BIN` is bin/etcdctl-ts, as users combine it with pipes, `head`
 * or script(1). The result is the shell's.
 */
export function startShell(script: string, o: ShellOptions = {}): RunningBin {
  assertBuilt();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CACHE_HOME: cacheHome, BIN: binCommand, ...(o.env ?? {}) };
  // --norc: stdin is a socket pair, which makes bash think rshd started it and read ~/.bashrc.
  const args = o.shell === 'bash' ? ['--norc', '-c', script] : ['-c', script];
  const child = spawn(o.shell ?? 'sh', args, { env, cwd: o.cwd ?? root, stdio: ['pipe', 'pipe', 'pipe'] });
  return follow(child, o, o.typeOnPrompt === undefined);
}

export function runShell(script: string, o: ShellOptions = {}): Promise<BinResult> {
  const r = startShell(script, o);
  const t = o.typeOnPrompt;
  if (t !== undefined) {
    let typed = false;
    r.child.stdout!.on('data', () => {
      if (!typed && r.out().includes(t.prompt)) {
        typed = true;
        r.child.stdin!.write(t.answer);
      }
    });
  }
  return r.done;
}
