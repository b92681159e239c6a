// The npm package as a user gets it: `npm pack`, `npm install -g` into a temporary prefix with
// no network, then the installed etcdctl-ts run from another directory with an empty NODE_PATH,
// so nothing can resolve from this repository's node_modules. The tarball is packed with
// --ignore-scripts: `npm test` has just built dist/ (prepack would build it again, ~40 s here);
// that prepack builds is checked on package.json.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEtcdBinary } from '../helpers/etcd-cluster.js';
import { root } from './helpers/bin.js';

const run = promisify(execFile);
const etcd = findEtcdBinary();
if (etcd === undefined && process.env.CI === 'true') throw new Error('package.e2e: etcd not found, and CI=true forbids skipping');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(etcd === undefined)('the npm package', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-package-'));
  const prefix = path.join(tmp, 'prefix');
  const elsewhere = mkdtempSync(path.join(tmp, 'cwd-'));
  let installed: string;
  // Only node's and etcd's directories: no npm, no repository, no NODE_PATH.
  const env = {
    PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), path.dirname(etcd ?? '/usr/bin/etcd'), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: tmp,
    NODE_PATH: '',
  };
  let files: string[] = [];

  beforeAll(async () => {
    const npmEnv = { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root, env: npmEnv });
    const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
    files = info.files.map((f) => f.path).sort();
    await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(tmp, info.filename)], { cwd: elsewhere, env: npmEnv });
    installed = path.join(prefix, 'lib', 'node_modules', 'etcdctl-ts');
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds the bundle, its loader, README and LICENSE, and nothing else', () => {
    expect(files).toEqual(['LICENSE', 'README.md', 'bin/etcdctl-ts', 'bin/package.json', 'dist/etcdctl-ts.cjs', 'package.json']);
  });

  it('has no runtime dependencies and no install scripts; prepack builds the bundle', () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.scripts ?? {}).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
    expect(pkg.scripts?.prepack).toMatch(/npm run build/);
    expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
    expect(readdirSync(path.join(prefix, 'lib', 'node_modules'))).toEqual(['etcdctl-ts']);
  });

  it('etcdctl-ts --help lists dev-cluster', async () => {
    const r = await run('etcdctl-ts', ['--help'], { cwd: elsewhere, env });
    expect(r.stdout).toMatch(/\n\tdev-cluster\t+\S/);
    expect(r.stderr).toBe('');
  });

  it('dev-cluster --members 1 --ports free, put/get through the installed command, Ctrl-C', { timeout: 90_000 }, async () => {
    const child = spawn('etcdctl-ts', ['dev-cluster', '--members', '1', '--ports', 'free'], { cwd: elsewhere, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      for (let i = 0; !out.includes('Press Ctrl-C') && !err.includes('Error:'); i++) {
        if (i > 2400) throw new Error(`dev-cluster did not start: ${err}`);
        await sleep(25);
      }
      const endpoints = /^ {2}export ETCDCTL_ENDPOINTS=(\S+)$/m.exec(out)?.[1];
      const dataRoot = /^Data and logs: (\S+)/m.exec(out)?.[1];
      expect(endpoints).toBeDefined();
      const ctlEnv = { ...env, ETCDCTL_ENDPOINTS: endpoints! };
      expect((await run('etcdctl-ts', ['put', 'pkg', 'ok'], { cwd: elsewhere, env: ctlEnv })).stdout).toBe('OK\n');
      expect((await run('etcdctl-ts', ['get', 'pkg', '-w', 'json'], { cwd: elsewhere, env: ctlEnv })).stdout).toMatch(/"kvs":\[\{"key":"cGtn"/);
      child.kill('SIGINT');
      expect(await done).toBe(0);
      expect(existsSync(dataRoot!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
