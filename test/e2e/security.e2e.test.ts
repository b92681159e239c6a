// Behaviour of TLS and authentication in etcdctl-ts against real, private etcd servers: mutual
// TLS with certificates made by openssl at setup, client-certificate (CN) authentication, users
// with roles, password changes, token renewal, clear connection errors, and secrets that never
// show (errors, --debug, the process title, a terminal's echo).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { findEtcdBinary, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { makeTestCerts, type TestCerts } from './helpers/certs.js';
import { runCli } from './helpers/run-cli.js';

/** The first of a cluster's endpoints or URLs. */
function first(list: readonly string[]): string {
  const v = list[0];
  if (v === undefined) throw new Error('cluster without members');
  return v;
}

const hasEtcd = findEtcdBinary() !== undefined;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Node warns (DEP0123) when a TLS server name is an IP address; etcdctl-ts must never print that.
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

describe.skipIf(!hasEtcd)('TLS with client certificates', () => {
  let certs: TestCerts;
  let cluster: EtcdCluster;
  let https: string;
  let hostPort: string;
  const mtls = (): string[] => ['--cacert', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey];
  const fast = ['--dial-timeout', '1s', '--command-timeout', '2s'];

  beforeAll(async () => {
    certs = makeTestCerts();
    cluster = await startCluster({
      name: 'sec-tls',
      tls: {
        certFile: certs.serverCert,
        keyFile: certs.serverKey,
        trustedCaFile: certs.ca,
        clientCertAuth: true,
        probe: { caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey },
      },
    });
    https = first(cluster.clientUrls);
    hostPort = first(cluster.endpoints);
  });
  afterAll(async () => {
    await cluster?.stop();
    certs?.remove();
  });

  it('puts and gets over mutual TLS, with flags or ETCDCTL_* variables', async () => {
    expect(await runCli(['--endpoints', https, ...mtls(), 'put', 'tls/a', 'x y'])).toMatchObject({ code: 0, out: 'OK\n', err: '' });
    expect(await runCli(['--endpoints', hostPort, ...mtls(), 'get', 'tls/a'])).toMatchObject({ code: 0, out: 'tls/a\nx y\n' });
    const env = { ETCDCTL_ENDPOINTS: https, ETCDCTL_CACERT: certs.ca, ETCDCTL_CERT: certs.clientCert, ETCDCTL_KEY: certs.clientKey };
    const r = await runCli(['get', 'tls/a', '-w', 'json'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`"value":"${utf8('x y').toString('base64')}"`);
    const skip = await runCli(['get', 'tls/a', '--print-value-only'], {
      env: { ETCDCTL_ENDPOINTS: https, ETCDCTL_CERT: certs.clientCert, ETCDCTL_KEY: certs.clientKey, ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'true' },
    });
    expect(skip).toMatchObject({ code: 0, out: 'x y\n', err: '' });
    expect(warnings.filter((w) => w.includes('DEP0123') || w.includes('IP address'))).toEqual([]);
  });

  it('says which endpoint failed and why, and moves on to one that works', async () => {
    const wrongCa = ['--cacert', certs.otherCa, '--cert', certs.clientCert, '--key', certs.clientKey];
    const r = await runCli([...fast, '--endpoints', `${https},https://127.0.0.1:1`, ...wrongCa, 'get', 'tls/a']);
    expect(r).toMatchObject({ code: 1, out: '' });
    expect(r.err).toBe(
      `Error: context deadline exceeded (${hostPort}: TLS handshake failed: x509: certificate signed by unknown authority; ` +
        'dial tcp 127.0.0.1:1: connect: connection refused)\n',
    );
    const plain = await startCluster({ name: 'sec-plain' });
    try {
      // The plain endpoint cannot do TLS; the TLS one can.
      const ok = await runCli(['--endpoints', `${first(plain.endpoints)},${hostPort}`, ...mtls(), 'get', 'tls/a', '--print-value-only']);
      expect(ok).toMatchObject({ code: 0, out: 'x y\n', err: '' });
    } finally {
      await plain.stop();
    }
  });

  it('names a missing client certificate, and a rejected one', async () => {
    const none = await runCli([...fast, '--endpoints', https, '--cacert', certs.ca, 'get', 'k']);
    expect(none.err).toBe(
      `Error: context deadline exceeded (${hostPort}: TLS handshake failed: the server requires a client certificate: give --cert and --key)\n`,
    );
    const stranger = await runCli([...fast, '--endpoints', https, '--cacert', certs.ca, '--cert', certs.strangerCert, '--key', certs.strangerKey, 'get', 'k']);
    expect(stranger.code).toBe(1);
    expect(stranger.err).toMatch(new RegExp(`^Error: context deadline exceeded \\(${hostPort}: TLS handshake failed: the server rejected the client certificate: [a-z ]+\\)\\n$`));
  });

  it('rejects unusable TLS files before dialling, with exit 128', async () => {
    const t0 = Date.now();
    const missing = await runCli(['--endpoints', https, '--cacert', path.join(certs.dir, 'nope.crt'), 'get', 'k']);
    expect(missing).toMatchObject({ code: 128, out: '', err: `Error: open ${path.join(certs.dir, 'nope.crt')}: no such file or directory\n` });
    const half = await runCli(['--endpoints', https, '--cert', certs.clientCert, 'get', 'k']);
    expect(half.err).toBe(`Error: KeyFile and CertFile must both be present[key: , cert: ${certs.clientCert}]\n`);
    const mismatch = await runCli(['--endpoints', https, '--cert', certs.clientCert, '--key', certs.aliceKey, 'get', 'k']);
    expect(mismatch).toMatchObject({ code: 128, err: 'Error: tls: private key does not match public key\n' });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  describe('client-certificate authentication (the certificate CN is the user)', () => {
    beforeAll(async () => {
      // As CN=root: users without passwords, a read-only role, then authentication on.
      for (const args of [
        ['user', 'add', 'root', '--no-password'],
        ['user', 'add', 'alice', '--no-password'],
        ['role', 'add', 'reader'],
        ['role', 'grant-permission', 'reader', 'read', 'pub/', '--prefix'],
        ['user', 'grant-role', 'alice', 'reader'],
        ['put', 'pub/k', 'public'],
        ['auth', 'enable'],
      ]) {
        const r = await runCli(['--endpoints', https, ...mtls(), ...args]);
        expect(r, args.join(' ')).toMatchObject({ code: 0, err: '' });
      }
    });

    it('CN=root may do anything, CN=alice may only read pub/', async () => {
      expect(await runCli(['--endpoints', https, ...mtls(), 'put', 'secret', 's'])).toMatchObject({ code: 0, out: 'OK\n' });
      const alice = ['--endpoints', https, '--cacert', certs.ca, '--cert', certs.aliceCert, '--key', certs.aliceKey];
      expect(await runCli([...alice, 'get', 'pub/k'])).toMatchObject({ code: 0, out: 'pub/k\npublic\n', err: '' });
      expect(await runCli([...alice, 'put', 'pub/k', 'x'])).toMatchObject({ code: 1, out: '', err: 'Error: etcdserver: permission denied\n' });
      expect(await runCli([...alice, 'get', 'secret'])).toMatchObject({ code: 1, err: 'Error: etcdserver: permission denied\n' });
      expect(await runCli([...alice, 'user', 'list'])).toMatchObject({ code: 1, err: 'Error: etcdserver: permission denied\n' });
      expect(await runCli(['--endpoints', https, ...mtls(), 'user', 'get', 'alice'])).toMatchObject({ code: 0, out: 'User: alice\nRoles: reader\n' });
    });
  });
});

describe.skipIf(!hasEtcd)('users, roles and passwords (auth enabled, tokens live 2 s)', () => {
  let cluster: EtcdCluster;
  let ep: string;
  const as = (user: string): string[] => ['--endpoints', ep, '--user', user];

  beforeAll(async () => {
    cluster = await startCluster({ name: 'sec-auth', extraArgs: ['--auth-token-ttl', '2'] });
    ep = first(cluster.endpoints);
    const setup: string[][] = [
      ['user', 'add', 'root:rootpw'],
      ['user', 'add', 'alice', '--new-user-password', 'alicepw'],
      ['role', 'add', 'reader'],
      ['role', 'grant-permission', 'reader', 'read', '/pub/', '--prefix'],
      ['user', 'grant-role', 'alice', 'reader'],
      ['put', '/pub/k', 'v'],
      ['put', '/private', 'p'],
    ];
    for (const args of setup) expect(await runCli(['--endpoints', ep, ...args]), args.join(' ')).toMatchObject({ code: 0 });
    // There is no root role yet: auth enable creates it and grants it to root, as etcdctl does.
    expect(await runCli(['--endpoints', ep, 'auth', 'enable'])).toMatchObject({ code: 0, out: 'Authentication Enabled\n', err: '' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('auth enable made the root role; root can read and write', async () => {
    expect(await runCli([...as('root:rootpw'), 'role', 'list'])).toMatchObject({ code: 0, out: 'reader\nroot\n' });
    expect(await runCli([...as('root:rootpw'), 'user', 'get', 'root'])).toMatchObject({ out: 'User: root\nRoles: root\n' });
    expect(await runCli([...as('root:rootpw'), 'put', '/pub/k', 'v'])).toMatchObject({ code: 0, out: 'OK\n' });
  });

  it('without a user, or with a wrong password', async () => {
    expect(await runCli(['--endpoints', ep, 'get', '/pub/k'])).toMatchObject({ code: 1, err: 'Error: etcdserver: user name is empty\n' });
    const wrong = await runCli([...as('root:hunter2'), 'get', '/pub/k']);
    expect(wrong).toMatchObject({ code: 2, out: '', err: 'Error: etcdserver: authentication failed, invalid user ID or password\n' });
    expect(wrong.err).not.toContain('hunter2');
  });

  it('a read-only role on a prefix: reads there, nothing else', async () => {
    expect(await runCli([...as('alice:alicepw'), 'get', '/pub/k'])).toMatchObject({ code: 0, out: '/pub/k\nv\n', err: '' });
    expect(await runCli([...as('alice:alicepw'), 'put', '/pub/k', 'x'])).toMatchObject({ code: 1, out: '', err: 'Error: etcdserver: permission denied\n' });
    expect(await runCli([...as('alice:alicepw'), 'get', '/private'])).toMatchObject({ code: 1, err: 'Error: etcdserver: permission denied\n' });
    expect(await runCli([...as('root:rootpw'), 'get', '/pub/k', '--print-value-only'])).toMatchObject({ out: 'v\n' });
  });

  it('changing a password: the old one stops working, the new one works', async () => {
    expect(await runCli([...as('root:rootpw'), 'user', 'add', 'carol:old1'])).toMatchObject({ code: 0 });
    // --interactive=false reads the first word of stdin, as Go's fmt.Scanf("%s").
    expect(await runCli([...as('root:rootpw'), 'user', 'passwd', 'carol', '--interactive=false'], { stdin: 'new2 ignored\n' })).toMatchObject({
      code: 0,
      out: 'Password updated\n',
    });
    expect(await runCli([...as('carol:old1'), 'user', 'get', 'carol'])).toMatchObject({ code: 2 });
    expect(await runCli([...as('carol:new2'), 'user', 'get', 'carol'])).toMatchObject({ code: 0, out: 'User: carol\nRoles:\n' });
    // And asked twice on the terminal (here: stdin lines), never printed.
    const prompted = await runCli([...as('root:rootpw'), 'user', 'passwd', 'carol'], { stdin: 'third3\nthird3\n' });
    expect(prompted).toMatchObject({ code: 0, out: 'Password of carol: \nType password of carol again for confirmation: \nPassword updated\n' });
    expect(await runCli([...as('carol:third3'), 'user', 'get', 'carol'])).toMatchObject({ code: 0 });
  });

  it('--user without a password asks for it, once, and does not show it', async () => {
    const r = await runCli([...as('alice'), 'get', '/pub/k'], { stdin: 'alicepw\n' });
    expect(r).toMatchObject({ code: 0, out: 'Password: \n/pub/k\nv\n', err: '' });
    // `user add NAME` then asks for the new user's password first, the caller's after.
    const both = await runCli([...as('root'), 'user', 'add', 'dave'], { stdin: 'd4\nd4\nrootpw\n' });
    expect(both).toMatchObject({ code: 0, out: 'Password of dave: \nType password of dave again for confirmation: \nPassword: \nUser dave created\n' });
    expect(await runCli([...as('dave:d4'), 'user', 'get', 'dave'])).toMatchObject({ code: 0 });
  });

  it('renews an expired token without the user noticing', async () => {
    const client = createClient({
      endpoints: [ep],
      dialTimeoutMs: 2_000,
      keepaliveTimeMs: 30_000,
      keepaliveTimeoutMs: 10_000,
      credentials: { user: 'alice', password: 'alicepw' },
    });
    try {
      await client.login();
      expect((await client.kv.range({ key: utf8('/pub/k') }, { timeoutMs: 5_000 })).kvs).toHaveLength(1);
      // The token of a fresh login, unused for longer than --auth-token-ttl, is refused...
      const { token } = await client.auth.authenticate({ name: 'alice', password: 'alicepw' }, { timeoutMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(await rangeWithToken(ep, token)).toBe('etcdserver: invalid auth token');
      // ...but the client's own expired token is replaced and the request goes through.
      const after = await client.kv.range({ key: utf8('/pub/k') }, { timeoutMs: 5_000 });
      expect(after.kvs.map((kv) => Buffer.from(kv.value).toString())).toEqual(['v']);
    } finally {
      client.close();
    }
  });

  it('opens a stream (watch) with a fresh token when its own has expired', async () => {
    const client = createClient({
      endpoints: [ep],
      dialTimeoutMs: 2_000,
      keepaliveTimeMs: 30_000,
      keepaliveTimeoutMs: 10_000,
      credentials: { user: 'alice', password: 'alicepw' },
    });
    const abort = new AbortController();
    try {
      await client.login();
      // Longer than both --auth-token-ttl (2 s) and the age at which a stream gets a new token.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      const requests = (async function* () {
        yield { create_request: { key: utf8('/pub/w'), range_end: utf8('/pub/x') } };
        await new Promise((resolve) => abort.signal.addEventListener('abort', resolve));
      })();
      const seen: string[] = [];
      for await (const r of client.watch.watch(requests, { signal: abort.signal })) {
        expect(r.canceled, r.cancel_reason).toBe(false);
        if (r.created) expect(await runCli([...as('root:rootpw'), 'put', '/pub/w1', 'x'])).toMatchObject({ code: 0 });
        seen.push(...r.events.map((e) => Buffer.from(e.kv!.key).toString()));
        if (seen.length > 0) break;
      }
      expect(seen).toEqual(['/pub/w1']);
    } finally {
      abort.abort();
      client.close();
    }
  });

  it('a server without authentication ignores --user, as etcdctl', async () => {
    const shared = inject('etcdEndpoint');
    const r = await runCli(['--endpoints', shared, '--user', 'nobody:nopw', 'get', 'security-test-none']);
    expect(r).toMatchObject({ code: 0, out: '', err: '' });
  });

  it('an unreachable endpoint with a user fails as a connection error (exit 2), saying why', async () => {
    const r = await runCli(['--endpoints', '127.0.0.1:1', '--dial-timeout', '1s', '--user', 'root:rootpw', 'get', 'k']);
    expect(r).toMatchObject({ code: 2, out: '', err: 'Error: context deadline exceeded (dial tcp 127.0.0.1:1: connect: connection refused)\n' });
  });

  it('--debug never shows a password', async () => {
    const r = await runCli([...as('root:rootpw'), '--debug', 'get', '/pub/k']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('ETCDCTL_USER=root:******\n');
    expect(r.err).toContain('ETCDCTL_PASSWORD=\n');
    const p = await runCli(['--endpoints', ep, '--user', 'root', '--password', 'rootpw', '--debug', 'get', '/pub/k']);
    expect(p.err).toContain('ETCDCTL_USER=root\nETCDCTL_WRITE_OUT');
    expect(p.err).toContain('ETCDCTL_PASSWORD=******\n');
    const failed = await runCli(['--endpoints', ep, '--user', 'root:s3cr3t-pw', '--debug', 'get', '/pub/k']);
    expect(failed.code).toBe(2);
    for (const out of [r.err, p.err, failed.err, failed.out]) {
      expect(out).not.toContain('rootpw');
      expect(out).not.toContain('s3cr3t-pw');
    }
  });
});

/** A Range sent with a given token through grpc-js directly: its error details, or 'OK'. */
async function rangeWithToken(endpoint: string, token: string): Promise<string> {
  const grpc = await import('@grpc/grpc-js');
  const c = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set('token', token);
  try {
    return await new Promise((resolve) => {
      c.makeUnaryRequest(
        '/etcdserverpb.KV/Range',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([10, 1, 0x41]),
        md,
        { deadline: Date.now() + 5_000 },
        (err) => resolve(err ? String((err as { details?: string }).details) : 'OK'),
      );
    });
  } finally {
    c.close();
  }
}

/**
 * What only a process shows: its command line as others see it, and a real terminal. The CLI is
 * bundled from src/ with esbuild, as scripts/bundle.mjs does, into a temporary directory.
 */
describe.skipIf(!hasEtcd)('as a process', () => {
  let dir: string;
  let bundle: string;
  let cluster: EtcdCluster;

  beforeAll(async () => {
    const { build } = await import('esbuild');
    dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-sec-'));
    bundle = path.join(dir, 'etcdctl-ts.cjs');
    await build({
      entryPoints: [path.join(repo, 'src/bin.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      footer: { js: 'module.exports.main();' },
    });
    cluster = await startCluster({ name: 'sec-proc' });
    const setup = [['user', 'add', 'root:rootpw'], ['put', 'k', 'v'], ['auth', 'enable']];
    for (const args of setup) expect(await runCli(['--endpoints', first(cluster.endpoints), ...args])).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps passwords out of the process title (/proc/PID/cmdline)', async () => {
    const argv = ['--endpoints', '127.0.0.1:1', '--dial-timeout', '20s', '--user', 'root:pw-in-user', '--password', 'pw-flag', 'user', 'add', 'bob:pw-new'];
    const child = spawn(process.execPath, [bundle, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let cmdline = '';
      // Until the CLI has started and set its title, the command line is node's own.
      for (let i = 0; i < 100 && !cmdline.startsWith('etcdctl-ts'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'latin1');
      }
      expect(cmdline.startsWith('etcdctl-ts')).toBe(true);
      for (const secret of ['pw-in-user', 'pw-flag', 'pw-new']) expect(cmdline).not.toContain(secret);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
  });

  const hasScript = existsSync('/usr/bin/script');
  it.skipIf(!hasScript)('asks for the password on a terminal without echoing it', { timeout: 30_000 }, async () => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)} --endpoints ${first(cluster.endpoints)} --user root get k`;
    // `script` gives the command a terminal; the answer is typed once the prompt is up.
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile('script', ['-qfec', cmd, '/dev/null'], { timeout: 20_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
      let typed = false;
      child.stdout?.on('data', (d: Buffer) => {
        if (!typed && d.toString().includes('Password: ')) {
          typed = true;
          child.stdin?.write('rootpw\r');
        }
      });
    });
    expect(out.replace(/\r/g, '')).toBe('Password: \nk\nv\n');
    expect(out).not.toContain('rootpw');
  });
});
