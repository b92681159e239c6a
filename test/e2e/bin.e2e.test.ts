// The shipped executable, bin/etcdctl-ts, as a process (test/e2e/helpers/bin.ts): the built
// bundle through the code-cache loader. In-process tests cannot see what only the loader does
// (a lazy import() it cannot serve passed them all while `txn -i`, `watch -i`, `dev-cluster`
// and the password prompt failed for users), so every path that loads something lazily runs
// here, compared with the Go etcdctl where etcdctl has it. Signals, pipes and dev-cluster are in
// bin-process.e2e.test.ts. `npm run build` must have run since the last change under src/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { root, runBin, runShell, type BinResult } from './helpers/bin.js';
import { differentialReady, etcdctlBin, runEtcdctl, withoutZapLogs, type ProcResult } from './helpers/oracle.js';

const endpoint = inject('etcdEndpoint');
const bundle = path.join(root, 'dist/etcdctl-ts.cjs');
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcdctl: etcdctlBin !== undefined });

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let seq = 0;
const unique = (): string => `bin-e2e-${process.pid}-${Date.now().toString(36)}-${++seq}/`;
const norm = (s: string): string => s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, '<time> ');
const view = (r: BinResult | ProcResult): { code: number; out: string; err: string } => ({
  code: r.code,
  out: r.stdout.toString('latin1'),
  err: norm('out' in r ? r.err : withoutZapLogs(r.stderr)),
});

/** The same argv through the Go etcdctl and the binary: same bytes, same exit code. */
async function same(argv: readonly string[], o: { stdin?: string; env?: Record<string, string> } = {}): Promise<BinResult> {
  const theirs = await runEtcdctl(argv, o);
  const ours = await runBin(argv, { ...o, env: { ETCDCTL_API: '3', ...(o.env ?? {}) } });
  expect(view(ours)).toEqual(view(theirs));
  return ours;
}

describe('the bundle', () => {
  const code = readFileSync(bundle, 'utf8');

  it('is newer than src/', () => {
    expect(newestSource(path.join(root, 'src'))).toBeLessThanOrEqual(statSync(bundle).mtimeMs);
  });

  // vm.Script has no module loader: any import() left in the bundle fails at run time.
  it('calls no import()', () => {
    expect([...code.matchAll(/(?<![\w$.])import\s*\(/g)].map((m) => code.slice(m.index - 40, m.index + 40))).toEqual([]);
  });

  // bin/etcdctl-ts reads it as Latin-1, the same text only while it is ASCII.
  it('is ASCII', () => {
    expect(/[^\x00-\x7f]/.exec(code)).toBeNull();
  });

  // Installed without dependencies, it may only require Node's own modules.
  it('requires nothing but Node builtins', () => {
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(required.size).toBeGreaterThan(5);
    expect([...required].filter((m) => !isBuiltin(m))).toEqual([]);
  });
});

describe('bin/etcdctl-ts', () => {
  beforeAll(() => {
    if (newestSource(path.join(root, 'src')) > statSync(bundle).mtimeMs) throw new Error(`${bundle} is older than src/: run \`npm run build\` first`);
  });

  it('prints its version and exits 0', async () => {
    expect(view(await runBin(['version']))).toEqual({ code: 0, out: 'etcdctl version: 3.4.23\nAPI version: 3.4\n', err: '' });
  });

  it('prints usage for --help on stdout, exit 0', async () => {
    const r = await runBin(['get', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAME:\n\tget - Gets the key or a range of keys\n/);
    expect(r.err).toBe('');
  });

  it.each([
    [['snapshot', 'restore', 'x.db'], 'snapshot restore is not supported by etcdctl-ts'],
    [['migrate', '--data-dir', 'x'], 'migrate is not supported by etcdctl-ts'],
  ])('%j: exit 4, one Error line, nothing on stdout', async (argv, text) => {
    const r = await runBin(argv);
    expect({ code: r.code, out: r.out, lines: r.err.split('\n').length }).toEqual({ code: 4, out: '', lines: 2 });
    expect(r.err).toMatch(new RegExp(`^Error: ${text} .*etcdctl snapshot restore|^Error: ${text} .*etcdctl migrate`));
    const help = await runBin([...argv.slice(0, argv[0] === 'migrate' ? 1 : 2), '--help']);
    expect(help.out).toBe(readFileSync(path.join(root, `test/golden/help.${argv[0] === 'migrate' ? 'migrate' : 'snapshot-restore'}.txt`), 'utf8'));
  });
});

describe.skipIf(!ready)('bin/etcdctl-ts against etcd, compared with etcdctl 3.4.23', () => {
  const ep = `--endpoints=${endpoint}`;

  it('echo v | etcdctl-ts put k', async () => {
    const k = `${unique()}k`;
    expect(view(await runShell(`echo v | $BIN ${ep} put ${k}`))).toEqual({ code: 0, out: 'OK\n', err: '' });
    expect((await runBin([ep, 'get', k])).out).toBe(`${k}\nv\n\n`);
  });

  it('1 MiB of stdin is stored, and 1 MiB (4 MiB as --hex) of stdout is flushed before exit', async () => {
    const k = `${unique()}big`;
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    expect((await runBin([ep, 'put', k], { stdin: big })).code).toBe(0);
    const raw = await runBin([ep, 'get', k, '--print-value-only']);
    expect(Buffer.compare(raw.stdout, Buffer.concat([big, Buffer.from('\n')]))).toBe(0);
    const hex = await runBin([ep, 'get', k, '--print-value-only', '--hex']);
    expect(hex.stdout.length).toBe(big.length * 4 + 1);
    expect(Buffer.compare(Buffer.from(hex.out.trimEnd().replace(/\\x/g, ''), 'hex'), big)).toBe(0);
  });

  // A host name the hosts file lists is dialled at its addresses by our own resolver
  // (src/client/hosts.ts); any other goes through grpc-js's dns: resolver and node:dns, which the
  // bundle loads only when first used (scripts/bundle.mjs). Every other test here uses an IP.
  it('a host-name endpoint: localhost:PORT, through the hosts file and through node:dns', async () => {
    const k = `${unique()}k`;
    const at = `--endpoints=localhost:${endpoint.split(':')[1]}`;
    await same([at, 'put', k, 'v']);
    expect(view(await same([at, 'get', k]))).toEqual({ code: 0, out: `${k}\nv\n`, err: '' });
    // An empty hosts file of ours: localhost is left to node:dns (which reads the system's).
    const dir = mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-hosts-'));
    try {
      writeFileSync(path.join(dir, 'empty'), '');
      const r = await runBin([at, 'get', k], { env: { ETCDCTL_TS_HOSTS_FILE: path.join(dir, 'empty') } });
      expect(view(r)).toEqual({ code: 0, out: `${k}\nv\n`, err: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names only the hosts file knows, an unreachable address listed first, and a name nothing knows', async () => {
    const k = `${unique()}k`;
    const port = endpoint.split(':')[1]!;
    const dir = mkdtempSync(path.join(tmpdir(), 'etcdctl-ts-hosts-'));
    try {
      const file = path.join(dir, 'hosts');
      // ::1 first: etcd listens on 127.0.0.1 only, so that connection is refused and the next
      // address is tried.
      writeFileSync(file, `# test\n127.0.0.1 only-in-our-hosts\n::1 both-families\n127.0.0.1 both-families\n`);
      const env = { ETCDCTL_TS_HOSTS_FILE: file };
      expect(view(await runBin([`--endpoints=only-in-our-hosts:${port}`, 'put', k, 'v'], { env }))).toEqual({ code: 0, out: 'OK\n', err: '' });
      expect(view(await runBin([`--endpoints=both-families:${port}`, 'get', k], { env }))).toEqual({ code: 0, out: `${k}\nv\n`, err: '' });
      const none = await runBin(['--endpoints=not-in-any-hosts.invalid:2379', '--dial-timeout=1s', 'get', k], { env });
      expect(none.code).toBe(1);
      expect(none.err).toMatch(/^Error: context deadline exceeded/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('put with a value argument does not wait for stdin', async () => {
    const t0 = Date.now();
    const r = await runBin([ep, 'put', `${unique()}k`, 'v'], { keepStdinOpen: true });
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  // Every writer once, and the printers each loads lazily. Writes run through ours only (the
  // revision in their headers would differ); the read in between is compared with etcdctl's.
  it.each(['simple', 'json', 'fields', 'protobuf'])('put, get, del -w %s', async (w) => {
    const p = unique();
    const put = await runBin([ep, 'put', `${p}a`, '1', '-w', w]);
    expect({ code: put.code, err: put.err, empty: put.stdout.length === 0 }).toEqual({ code: 0, err: '', empty: false });
    await same([ep, 'get', p, '--prefix', '-w', w]);
    const del = await runBin([ep, 'del', p, '--prefix', '-w', w]);
    expect({ code: del.code, err: del.err, empty: del.stdout.length === 0 }).toEqual({ code: 0, err: '', empty: false });
    if (w === 'simple') expect([put.out, del.out]).toEqual(['OK\n', '1\n']);
  });

  it.each(['table', 'simple', 'fields', 'json'])('member list -w %s (table loads cli-table3)', async (w) => {
    const r = await same([ep, 'member', 'list', '-w', w]);
    expect(r.code).toBe(0);
  });

  it('txn -i: the prompts, the transaction, exit 0; malformed input exit 3', async () => {
    const p = unique();
    await runBin([ep, 'put', `${p}a`, '1']);
    const ok = await same([ep, 'txn', '-i'], { stdin: `value("${p}a") = "1"\n\nput ${p}b 2\n\nget ${p}a\n\n` });
    expect(ok.out).toBe('compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\nSUCCESS\n\nOK\n');
    const bad = await same([ep, 'txn', '-i'], { stdin: 'bogus\n\n\n' });
    expect(bad.code).toBe(3);
  });

  it('watch -i: an invalid line, then exit 3 at the end of stdin; a bad flag exit 128', async () => {
    const r = await same([ep, 'watch', '-i'], { stdin: 'bogus\n' });
    expect(r.code).toBe(3);
    expect((await same([ep, 'watch', '-i'], { stdin: 'watch a --rev abc\n' })).code).toBe(128);
  });

  it("a key that is not UTF-8 ($'\\xff') is stored as its bytes, as etcdctl stores it", async () => {
    const p = unique();
    expect((await runShell(`$BIN ${ep} put ${p}$'\\xff' v`, { shell: 'bash' })).code).toBe(0);
    const theirs = await runShell(`"$ETCDCTL" ${ep} put ${p}x$'\\xfe' v`, { shell: 'bash', env: { ETCDCTL: etcdctlBin!, ETCDCTL_API: '3' } });
    expect(theirs.code).toBe(0);
    const json = (await same([ep, 'get', p, '--prefix', '-w', 'json'])).out;
    const keys = (JSON.parse(json) as { kvs: { key: string }[] }).kvs.map((kv) => Buffer.from(kv.key, 'base64'));
    expect(keys).toEqual([Buffer.concat([Buffer.from(`${p}x`), Buffer.of(0xfe)]), Buffer.concat([Buffer.from(p), Buffer.of(0xff)])]);
  });

  const exitCases: { name: string; code: number; argv: string[]; stdin?: string; env?: Record<string, string> }[] = [
    { name: 'success', code: 0, argv: [ep, 'get', 'bin-e2e-none'] },
    { name: 'unknown flag', code: 1, argv: [ep, 'get', '--bogus'] },
    { name: 'unknown command', code: 1, argv: [ep, 'gett'] },
    { name: 'server error', code: 1, argv: [ep, 'put', 'bin-e2e-k', 'v', '--lease=1'] },
    { name: 'conflicting environment', code: 1, argv: [ep, 'get', 'k'], env: { ETCDCTL_ENDPOINTS: endpoint } },
    { name: 'unsupported API version', code: 1, argv: ['version'], env: { ETCDCTL_API: '4' } },
    { name: 'txn input error', code: 3, argv: [ep, 'txn'], stdin: 'bogus\n\n\n\n' },
    { name: 'txn EOF', code: 3, argv: [ep, 'txn'], stdin: '' },
    { name: 'unsupported writer after the request', code: 4, argv: [ep, 'get', 'k', '-w', 'table'] },
    { name: 'unknown writer', code: 4, argv: [ep, 'get', 'k', '-w', 'bogus'] },
    { name: 'bad sort order', code: 4, argv: [ep, 'get', 'k', '--order=x'] },
    { name: 'missing arguments', code: 128, argv: [ep, 'get'] },
    { name: 'empty stdin for put', code: 128, argv: [ep, 'put', 'bin-e2e-k'], stdin: '' },
    { name: 'bad lease ID', code: 128, argv: [ep, 'put', 'bin-e2e-k', 'v', '--lease=xyz'] },
  ];
  it.each(exitCases)('exit $code: $name, as etcdctl', async (c) => {
    const r = await same(c.argv, { ...(c.stdin === undefined ? {} : { stdin: c.stdin }), ...(c.env === undefined ? {} : { env: c.env }) });
    expect(r.code).toBe(c.code);
  });

  it('exit 1 after --command-timeout when no endpoint answers', async () => {
    const closed = await freePort();
    const t0 = Date.now();
    const r = await runBin([`--endpoints=127.0.0.1:${closed}`, '--command-timeout=1s', 'get', 'k']);
    // etcdctl says only "context deadline exceeded"; the cause is ours, on purpose (issue 5).
    expect(view(r)).toEqual({ code: 1, out: '', err: `Error: context deadline exceeded (dial tcp 127.0.0.1:${closed}: connect: connection refused)\n` });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

// The password prompt reads the terminal in raw mode: only a pseudo-terminal shows it works.
describe.skipIf(!ready)('bin/etcdctl-ts asks for a password on a terminal', () => {
  let cluster: EtcdCluster;
  let ep: string;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'bin-auth' });
    ep = cluster.endpoints[0]!;
    for (const args of [['user', 'add', 'root:rootpw'], ['put', 'k', 'v'], ['auth', 'enable']]) {
      const r = await runEtcdctl(['--endpoints', ep, ...args]);
      if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr.toString()}`);
    }
  });
  afterAll(async () => cluster?.stop());

  it('through script(1): prompt, no echo, the answer used', async () => {
    const r = await runShell(`script -qfec "$BIN --endpoints ${ep} --user root get k" /dev/null`, { typeOnPrompt: { prompt: 'Password: ', answer: 'rootpw\r' } });
    expect(r.code).toBe(0);
    expect(r.out.replace(/\r/g, '')).toBe('Password: \nk\nv\n');
    expect(r.out).not.toContain('rootpw');
  });
});
