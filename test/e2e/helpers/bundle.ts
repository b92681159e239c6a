/**
 * etcdctl-ts as a real process, for what only a process shows (signals, exit statuses): src/bin.ts
 * bundled with esbuild into a temporary file, so the test does not depend on `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Bundle {
  /** Starts `etcdctl-ts argv…` with exactly `env` (plus PATH). */
  start(argv: readonly string[], env?: Readonly<Record<string, string>>): Proc;
  remove(): void;
}

export interface Proc {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code, or 128 + signal number when killed by a signal (as a shell reports it). */
  readonly done: Promise<{ code: number; signal: NodeJS.Signals | null }>;
}

export async function bundleCli(): Promise<Bundle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-bundle-'));
  const file = path.join(dir, 'etcdctl-ts.cjs');
  await build({
    entryPoints: [path.join(root, 'src/bin.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['@grpc/proto-loader'],
    nodePaths: [path.join(root, 'node_modules')],
  });
  // As bin/etcdctl-ts: a script whose arguments follow it (main() reads process.argv.slice(2)).
  const launcher = path.join(dir, 'etcdctl-ts');
  writeFileSync(launcher, `require(${JSON.stringify(file)}).main();\n`);
  return {
    start(argv, env = {}) {
      const child = spawn(process.execPath, [launcher, ...argv], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (c: Buffer) => out.push(c));
      child.stderr!.on('data', (c: Buffer) => err.push(c));
      const done = new Promise<{ code: number; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('close', (code, signal) => resolve({ code: code ?? 128 + (signal === null ? 0 : os.constants.signals[signal]), signal })),
      );
      return { child, stdout: () => Buffer.concat(out).toString('latin1'), stderr: () => Buffer.concat(err).toString('latin1'), done };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
