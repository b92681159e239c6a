// The flags and commands etcdctl 3.5 added (get --count-only, del --range, auth status,
// make-mirror --dest-user/--dest-password), differential-tested against etcdctl 3.5 from the same
// Debian package as the etcd 3.5 server this project (e2e-35) runs: the same command line through
// the Go etcdctl 3.5 and through etcdctl-ts (in-process, and the shipped bin/ for one case of
// each), comparing stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { findEtcdBinary, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { runBin, startBin } from './helpers/bin.js';
import { runEtcdctl, withoutZapLogs, type ProcResult } from './helpers/oracle.js';
import { runCli, type CliOptions, type CliResult } from './helpers/run-cli.js';
import { etcdctl35Bin } from './setup/etcd35-path.js';

const endpoint = inject('etcdEndpoint');
const root35 = inject('etcd35Root') ?? '';
const ready = endpoint !== '' && root35 !== '';
if (!ready) process.stderr.write('compat-35: etcd 3.5 is missing; every case is SKIPPED\n');


/** etcdctl 3.5 with ETCDCTL_API=3 and only the given environment. */
const runEtcdctl35 = (argv: readonly string[], o: CliOptions = {}): Promise<ProcResult> => runEtcdctl(argv, o, etcdctl35Bin(root35));

/** stderr without the Go client's zap lines and speakeasy's `stty` complaints (README). */
const theirErr = (r: ProcResult): string =>
  withoutZapLogs(r.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('stty: '))
    .join('\n');

const view = (r: { code: number; stdout: Buffer; err: string } | ProcResult): { code: number; stdout: string; stderr: string } => ({
  code: r.code,
  stdout: r.stdout.toString('latin1'),
  stderr: 'err' in r ? r.err : theirErr(r),
});

interface SameOptions extends CliOptions {
  /**
   * A flag error prints the command's usage: etcdctl 3.5's lists this 3.5 flag, ours is 3.4's
   * text (README): the line is dropped from theirs, and must be there for the case to count.
   */
  readonly usageLine?: string;
}

/** Drops the 3.5 flag's line from etcdctl 3.5's usage text. */
function without35Flag(r: ProcResult, flag: string): ProcResult {
  const lines = r.stdout.toString('latin1').split('\n');
  const i = lines.findIndex((l) => l.trimStart().startsWith(`--${flag}[=false]`));
  expect(i, `etcdctl 3.5's usage lists --${flag}`).toBeGreaterThanOrEqual(0);
  lines.splice(i, 1);
  return { ...r, stdout: Buffer.from(lines.join('\n'), 'latin1') };
}

/** argv through etcdctl 3.5 and then etcdctl-ts; the same bytes and exit code. */
async function same(argv: readonly string[], o: SameOptions = {}): Promise<CliResult> {
  let theirs = await runEtcdctl35(argv, o);
  if (o.usageLine !== undefined) theirs = without35Flag(theirs, o.usageLine);
  const ours = await runCli(argv, o);
  expect(view(ours)).toEqual(view(theirs));
  return ours;
}

/** As `same`, through the shipped bin/etcdctl-ts. */
async function sameBin(argv: readonly string[], env: Record<string, string>): Promise<void> {
  const theirs = await runEtcdctl35(argv, { env });
  const ours = await runBin(argv, { env });
  expect({ code: ours.code, stdout: ours.stdout.toString('latin1'), stderr: ours.err }).toEqual(view(theirs));
}

const b = (s: string): Buffer => Buffer.from(s);
const connect = (ep: string, credentials?: { user: string; password: string }): EtcdClient =>
  createClient({ endpoints: [ep], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000, ...(credentials ? { credentials } : {}) });

describe.skipIf(!ready)('etcd 3.5: the server and the private clusters are 3.5', () => {
  it('the shared server says 3.5', async () => {
    const r = await runCli(['endpoint', 'status', '-w', 'json'], { env: { ETCDCTL_ENDPOINTS: endpoint } });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/"version":"3\.5\.\d+"/);
  });

  it('startCluster() inside a suite runs etcd 3.5 (ETCD_BIN)', () => {
    const bin = findEtcdBinary();
    expect(bin).toBeDefined();
    expect(spawnSync(bin!, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^etcd Version: 3\.5\./m);
  });
});

describe.skipIf(!ready)('etcdctl 3.5: get --count-only', () => {
  const env = { ETCDCTL_ENDPOINTS: endpoint };
  const K = `c35-${randomBytes(4).toString('hex')}`;
  let rev = '';

  beforeAll(async () => {
    const c = connect(endpoint);
    for (const k of ['a', 'b', 'c', 'd']) rev = String((await c.kv.put({ key: b(`${K}/${k}`), value: b(`v-${k}`) })).header?.revision);
    await c.kv.put({ key: b(`${K}/e`), value: b('late') });
    c.close();
  });

  const cases: readonly (readonly string[])[] = [
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields'],
    ['get', '{K}/a', '{K}/c', '--count-only', '-w', 'fields'],
    ['get', '{K}/b', '--count-only', '-w', 'fields', '--from-key'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields', '--limit', '2'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields', '--rev', '{REV}'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields', '--consistency', 's'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields', '--hex'],
    ['get', '{K}/missing', '--count-only', '-w', 'fields'],
    ['get', '{K}/', '--prefix', '--count-only=true', '-w', 'fields'],
    ['get', '{K}/a', '--count-only=false'],
    // Every other writer: exit 128, after the request.
    ['get', '{K}/', '--prefix', '--count-only'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'json'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'protobuf'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'table'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'yaml'],
    // Argument errors and their order.
    ['get', '{K}/', '--prefix', '--count-only', '--keys-only', '-w', 'fields'],
    ['get', '{K}/', '--prefix', '--from-key', '--count-only', '--keys-only'],
    ['get', '{K}/', '--count-only', '--keys-only', '--consistency', 'x'],
    ['get', '{K}/', '--count-only', '--consistency', 'x', '-w', 'fields'],
    ['get', '{K}/', '--prefix', '--count-only', '-w', 'fields', '--print-value-only'],
    ['get', '--count-only', '-w', 'fields'],
  ];
  for (const c of cases) {
    it(c.join(' '), async () => {
      await same(
        c.map((a) => a.replaceAll('{K}', K).replaceAll('{REV}', rev)),
        { env },
      );
    });
  }

  it('a bad value: pflag\'s error and get\'s usage (3.4\'s text, without the flag)', async () => {
    await same(['get', `${K}/a`, '--count-only=maybe', '-w', 'fields'], { env, usageLine: 'count-only' });
  });

  it('through bin/etcdctl-ts', async () => {
    await sameBin(['get', `${K}/`, '--prefix', '--count-only', '-w', 'fields'], env);
    await sameBin(['get', `${K}/`, '--prefix', '--count-only'], env);
  });
});

describe.skipIf(!ready)('etcdctl 3.5: del --range', () => {
  const env = { ETCDCTL_ENDPOINTS: endpoint };
  const K = `d35-${randomBytes(4).toString('hex')}`;
  let client: EtcdClient;
  beforeAll(() => {
    client = connect(endpoint);
  });
  afterAll(() => client?.close());

  const fill = async (): Promise<void> => {
    for (const k of ['a', 'b', 'c']) await client.kv.put({ key: b(`${K}/${k}`), value: b(`v-${k}`) });
  };

  /** Each tool deletes from the same keys: put back before each run (headers then differ, so only simple output). */
  async function sameDel(
    argv: readonly string[],
    run: (a: readonly string[]) => Promise<CliResult | { code: number; stdout: Buffer; err: string }> = (a) => runCli(a, { env }),
    usageLine?: string,
  ): Promise<void> {
    const args = argv.map((a) => a.replaceAll('{K}', K));
    await fill();
    let theirs = await runEtcdctl35(args, { env });
    if (usageLine !== undefined) theirs = without35Flag(theirs, usageLine);
    await fill();
    const ours = await run(args);
    expect(view(ours)).toEqual(view(theirs));
  }

  const cases: readonly (readonly string[])[] = [
    ['del', '{K}/a', '{K}/c', '--range'],
    ['del', '{K}/a', '{K}/z', '--range', '--prev-kv'],
    ['del', '{K}/b', '--range'],
    ['del', '{K}/', '--prefix', '--range'],
    ['del', '{K}/b', '--from-key', '--range', '--prev-kv'],
    ['del', '{K}/a', '{K}/c', '--prefix', '--range'],
    ['del', '--range'],
  ];
  for (const c of cases) it(c.join(' '), () => sameDel(c));

  it('a bad value: pflag\'s error and del\'s usage (3.4\'s text, without the flag)', () => sameDel(['del', '{K}/a', '--range=maybe'], undefined, 'range'));

  it('without --range, a range_end: etcdctl 3.5 warns on stderr, etcdctl-ts (as 3.4) does not', async () => {
    const argv = ['del', `${K}/a`, `${K}/c`, '--range=false'];
    await fill();
    const theirs = await runEtcdctl35(argv, { env });
    await fill();
    const ours = await runCli(argv, { env });
    expect(theirErr(theirs)).toBe('In etcd v3.6, the operation will be suspended for a few seconds to provide the user time to verify range.\n');
    expect(view(ours)).toEqual({ ...view(theirs), stderr: '' });
  });

  it('deletes what it says: [a, c) leaves c', async () => {
    await fill();
    const ours = await runCli(['del', `${K}/a`, `${K}/c`, '--range'], { env });
    expect(ours.out).toBe('2\n');
    const left = await client.kv.range({ key: b(`${K}/`), range_end: b(`${K}0`), keys_only: true });
    expect(left.kvs.map((kv) => Buffer.from(kv.key).toString())).toEqual([`${K}/c`]);
  });

  it('through bin/etcdctl-ts', () => sameDel(['del', '{K}/a', '{K}/c', '--range', '--prev-kv'], (a) => runBin(a, { env })));
});

describe.skipIf(!ready)('etcdctl 3.5: auth status', () => {
  const env = { ETCDCTL_ENDPOINTS: endpoint };
  let secured: EtcdCluster;
  let old: EtcdCluster | undefined;

  beforeAll(async () => {
    secured = await startCluster({ members: 1, name: 'auth35' });
    const c = connect(secured.endpoints[0]!);
    await c.auth.userAdd({ name: 'root', password: 'pw', options: { no_password: false } });
    await c.auth.userGrantRole({ user: 'root', role: 'root' }).catch(async () => {
      await c.auth.roleAdd({ name: 'root' });
      await c.auth.userGrantRole({ user: 'root', role: 'root' });
    });
    await c.auth.authEnable({});
    c.close();
  });
  afterAll(async () => {
    await secured?.stop();
    await old?.stop();
  });

  for (const w of ['simple', 'json', 'protobuf', 'fields', 'table', 'yaml']) {
    it(`auth disabled, -w ${w}`, () => same(['auth', 'status', '-w', w], { env }).then(() => undefined));
  }

  it('arguments, abbreviation, --help-free usage errors', async () => {
    await same(['auth', 'status', 'x'], { env });
    await same(['auth', 'st'], { env });
    await same(['auth', 'status', '--bogus'], { env });
  });

  it('auth enabled: as root, without a user, with a wrong password', async () => {
    const e = { ETCDCTL_ENDPOINTS: secured.endpoints[0]! };
    const ok = await same(['auth', 'status', '--user', 'root:pw'], { env: e });
    expect(ok.out).toMatch(/^Authentication Status: true\nAuthRevision: \d+\n$/);
    await same(['auth', 'status', '--user', 'root:pw', '-w', 'json'], { env: e });
    await same(['auth', 'status'], { env: e });
    await same(['auth', 'status', '--user', 'root:bad'], { env: e });
  });

  it('an unreachable endpoint: the same error, ours saying why (README)', async () => {
    const argv = ['auth', 'status', '--endpoints', '127.0.0.1:1', '--dial-timeout', '300ms', '--command-timeout', '500ms'];
    const theirs = await runEtcdctl35(argv);
    const ours = await runCli(argv);
    expect(ours.err).toBe('Error: context deadline exceeded (dial tcp 127.0.0.1:1: connect: connection refused)\n');
    expect({ ...view(ours), stderr: 'Error: context deadline exceeded\n' }).toEqual(view(theirs));
  });

  it('through bin/etcdctl-ts', async () => {
    await sameBin(['auth', 'status'], env);
    await sameBin(['auth', 'status', '-w', 'json'], env);
  });

  // The machine's etcd 3.4 (Debian's etcd-server, which every run needs anyway).
  it('against an etcd 3.4 server (no AuthStatus RPC)', async () => {
    old = await startCluster({ members: 1, name: 'auth34', etcdBin: '/usr/bin/etcd' });
    const r = await same(['auth', 'status'], { env: { ETCDCTL_ENDPOINTS: old.endpoints[0]! } });
    expect(r.code).toBe(1);
  });
});

describe.skipIf(!ready)('etcdctl 3.5: make-mirror --dest-user, --dest-password', () => {
  const env = { ETCDCTL_ENDPOINTS: endpoint };
  let dest: EtcdCluster;
  let source: EtcdClient;
  let target: EtcdClient;
  const src = `mm35-${randomBytes(4).toString('hex')}/`;

  beforeAll(async () => {
    dest = await startCluster({ members: 1, name: 'mirror35' });
    const c = connect(dest.endpoints[0]!);
    await c.auth.roleAdd({ name: 'root' });
    await c.auth.userAdd({ name: 'root', password: 'pw', options: { no_password: false } });
    await c.auth.userGrantRole({ user: 'root', role: 'root' });
    await c.auth.authEnable({});
    c.close();
    source = connect(endpoint);
    target = connect(dest.endpoints[0]!, { user: 'root', password: 'pw' });
    await source.kv.put({ key: b(`${src}k`), value: b('v') });
  });
  afterAll(async () => {
    source?.close();
    target?.close();
    await dest?.stop();
  });

  // A wrong or missing password ends both tools at once (exit 2), before anything is copied.
  const failing: readonly { name: string; argv: () => string[]; stdin?: string }[] = [
    { name: '--dest-user name:wrong', argv: () => ['make-mirror', '--prefix', src, '--dest-user', 'root:bad', dest.endpoints[0]!] },
    { name: '--dest-user name --dest-password wrong', argv: () => ['make-mirror', '--prefix', src, '--dest-user', 'root', '--dest-password', 'bad', dest.endpoints[0]!] },
    { name: '--dest-user name:pw --dest-password pw (the name taken as is)', argv: () => ['make-mirror', '--prefix', src, '--dest-user', 'root:pw', '--dest-password', 'pw', dest.endpoints[0]!] },
    { name: 'the prompt, answered wrong', argv: () => ['make-mirror', '--prefix', src, '--dest-user', 'root', dest.endpoints[0]!], stdin: 'bad\n' },
    { name: 'no user: writes without a token', argv: () => ['make-mirror', '--prefix', src, '--dest-password', 'pw', dest.endpoints[0]!] },
  ];
  for (const c of failing) it(c.name, () => same(c.argv(), { env, ...(c.stdin === undefined ? {} : { stdin: c.stdin }) }).then(() => undefined), 30_000);

  /** Runs bin/etcdctl-ts make-mirror until the key shows up at the destination, then Ctrl-C. */
  async function mirrors(argv: string[], destPrefix: string, stdin?: string): Promise<{ code: number; out: string; err: string }> {
    const ours = startBin(['make-mirror', '--prefix', src, '--dest-prefix', destPrefix, ...argv, dest.endpoints[0]!], {
      env,
      timeoutMs: 30_000,
      ...(stdin === undefined ? {} : { stdin }),
    });
    const deadline = Date.now() + 15_000;
    let got: string | undefined;
    while (Date.now() < deadline && got === undefined) {
      const r = await target.kv.range({ key: b(`${destPrefix}k`) });
      got = r.kvs[0] === undefined ? undefined : Buffer.from(r.kvs[0].value).toString();
      if (got === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    ours.child.kill('SIGINT');
    const r = await ours.done;
    expect(got).toBe('v');
    return { code: r.code, out: r.out, err: r.err };
  }

  it('copies with --dest-user name --dest-password pw, name:pw, or the password typed at the prompt (bin)', async () => {
    const runs = await Promise.all([
      mirrors(['--dest-user', 'root', '--dest-password', 'pw'], 'a/'),
      mirrors(['--dest-user', 'root:pw'], 'b/'),
      mirrors(['--dest-user', 'root'], 'c/', 'pw\n'),
    ]);
    // Ctrl-C: bin/ raises SIGINT again, so the shell sees 130; nothing on stderr.
    expect(runs.map((r) => [r.code, r.err])).toEqual([
      [130, ''],
      [130, ''],
      [130, ''],
    ]);
    expect(runs.map((r) => r.out)).toEqual(['', '', 'Destination Password: \n']);
  }, 60_000);
});
