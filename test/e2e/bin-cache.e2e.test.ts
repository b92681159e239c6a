// bin/etcdctl-ts's V8 code cache, on copies of the built bin/ and dist/ in temporary
// directories (each copy is an install of its own, with a cache directory of its own): which
// file a run writes, when it writes it again, and which files of earlier builds it removes.
// Whether V8 used a cache is not visible from outside; what is: the output stays right whatever
// is in the cache directory.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { root } from './helpers/bin.js';

const endpoint = inject('etcdEndpoint');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-bin-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let installs = 0;
/** A copy of bin/ and dist/ (a bundle file with an inode of its own). */
function install(): string {
  const dir = path.join(tmp, `install-${++installs}`);
  cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(root, 'dist/etcdctl-ts.cjs'), path.join(dir, 'dist/etcdctl-ts.cjs'));
  return dir;
}

function run(dir: string, cacheHome: string, argv: readonly string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/etcdctl-ts'), ...argv], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, XDG_CACHE_HOME: cacheHome, ETCDCTL_API: '3' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const VERSION = { code: 0, out: 'etcdctl version: 3.4.23\nAPI version: 3.4\n', err: '' };

/** The cache directory's files: name → [size, mtime]. */
function files(cacheHome: string): Map<string, [number, number]> {
  const dir = path.join(cacheHome, 'etcdctl-ts');
  return new Map(readdirSync(dir).map((n) => [n, [statSync(path.join(dir, n)).size, statSync(path.join(dir, n)).mtimeMs]]));
}

describe('bin/etcdctl-ts code cache', () => {
  it('is written by the first run, and a run that needs nothing more leaves it alone', () => {
    const dir = install();
    const cache = mkdtempSync(path.join(tmp, 'cache-'));
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    const first = files(cache);
    expect(first.size).toBe(1);
    expect([...first.keys()][0]).toMatch(new RegExp(`^${process.version.replace(/\./g, '\\.')}-\\d+-\\d+-\\d+-\\d+\\.v8$`));
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    expect(run(dir, cache, ['get', '--help']).code).toBe(0);
    expect(files(cache)).toEqual(first);
  });

  it('is written anew by a run that needed more modules than the one that wrote it, and only then', { skip: endpoint === '' }, () => {
    const dir = install();
    const cache = mkdtempSync(path.join(tmp, 'cache-'));
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    const [name, [small]] = [...files(cache)][0]!;
    const get = ['--endpoints', endpoint, 'get', 'bin-cache-e2e-no-such-key'];
    expect(run(dir, cache, get)).toEqual({ code: 0, out: '', err: '' });
    const after = files(cache);
    expect([...after.keys()]).toEqual([name]);
    // It now holds grpc-js and the client as compiled by the get.
    expect(after.get(name)![0]).toBeGreaterThan(small * 1.5);
    expect(run(dir, cache, get)).toEqual({ code: 0, out: '', err: '' });
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    expect(files(cache)).toEqual(after);
  });

  it('of earlier builds of the same bundle file is removed; other installs and files stay', () => {
    const dir = install();
    const other = install();
    const cache = mkdtempSync(path.join(tmp, 'cache-'));
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    expect(run(other, cache, ['version'])).toEqual(VERSION);
    const before = [...files(cache).keys()];
    expect(before).toHaveLength(2);
    const oldBuild = before.find((n) => n.includes(`-${statSync(path.join(dir, 'dist/etcdctl-ts.cjs')).ino}-`))!;
    // What another Node version, a half-written file and someone else left there.
    const elsewhere = ['v99.0.0' + oldBuild.slice(process.version.length), `${oldBuild}.12345`, 'notes.txt'];
    for (const n of elsewhere) writeFileSync(path.join(cache, 'etcdctl-ts', n), 'x');
    // A rebuild in place: same file (device and inode), other size and mtime.
    appendFileSync(path.join(dir, 'dist/etcdctl-ts.cjs'), '\n');
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    const after = [...files(cache).keys()].sort();
    const otherInstall = before.find((n) => n !== oldBuild)!;
    expect(after).not.toContain(oldBuild);
    expect(after).toContain(otherInstall);
    expect(after).toContain('notes.txt');
    // Caches of the earlier build, whatever Node wrote them, and its leftovers go too.
    expect(after).not.toContain(elsewhere[0]);
    expect(after).not.toContain(elsewhere[1]);
    expect(after).toHaveLength(3);
  });

  it('that is not a cache V8 accepts is ignored and replaced', () => {
    const dir = install();
    const cache = mkdtempSync(path.join(tmp, 'cache-'));
    expect(run(dir, cache, ['version'])).toEqual(VERSION);
    const [name, [size]] = [...files(cache)][0]!;
    for (const junk of [Buffer.alloc(0), Buffer.from('garbage'), Buffer.alloc(size, 7)]) {
      writeFileSync(path.join(cache, 'etcdctl-ts', name), junk);
      expect(run(dir, cache, ['version'])).toEqual(VERSION);
      expect(files(cache).get(name)![0]).toBeGreaterThan(size / 2);
    }
  });
});
