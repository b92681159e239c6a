// Contexts through the built bin/etcdctl-ts against real etcd: a context for the test etcd and
// one for an endpoint that refuses; precedence flags > ETCDCTL_* > context > defaults; etcdctl's
// conflict error and --debug dump kept; passwords; broken and missing files.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runBin } from './helpers/bin.js';
import { etcdctlBin, runEtcdctl } from './helpers/oracle.js';

const endpoint = inject('etcdEndpoint');
const K = `/ctx-${process.pid}-${Date.now()}`;

function home(): { env: Record<string, string>; file: string } {
  const xdg = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-ctx-'));
  return { env: { XDG_CONFIG_HOME: xdg }, file: path.join(xdg, 'etcdctl-ts', 'config.json') };
}

describe('contexts', () => {
  const { env, file } = home();
  const bin = (argv: string[], extra: Record<string, string> = {}): ReturnType<typeof runBin> => runBin(argv, { env: { ...env, ...extra } });

  beforeAll(async () => {
    expect((await bin(['context', 'set', 'here', `--endpoints=${endpoint}`, '--dial-timeout=3s'])).code).toBe(0);
    expect((await bin(['context', 'set', 'elsewhere', '--endpoints=127.0.0.1:1', '--dial-timeout=300ms'])).code).toBe(0);
    expect((await runBin(['put', K, 'v', `--endpoints=${endpoint}`])).code).toBe(0);
  });

  it('context list, show and the file: mode 0600, every format', async () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const list = await bin(['context', 'list']);
    expect(list).toMatchObject({ code: 0, err: '' });
    expect(list.out).toBe(`   NAME       ENDPOINTS\n   elsewhere  127.0.0.1:1\n   here       ${endpoint}\n`);
    const json = JSON.parse((await bin(['context', 'list', '-w', 'json'])).out) as { file: string; contexts: { name: string; current: boolean; settings: Record<string, string> }[] };
    expect(json.file).toBe(file);
    expect(json.contexts.map((c) => [c.name, c.current, c.settings.endpoints])).toEqual([
      ['elsewhere', false, '127.0.0.1:1'],
      ['here', false, endpoint],
    ]);
    expect((await bin(['context', 'list', '-w', 'table'])).out).toContain(`│ here      │ ${endpoint}`);
    expect((await bin(['context', 'show', 'here'])).out).toBe(`here\n  dial-timeout:  3s\n  endpoints:     ${endpoint}\n`);
    const fields = await bin(['context', 'list', '-w', 'fields']);
    expect({ code: fields.code, err: fields.err }).toEqual({ code: 4, err: 'Error: fields not supported as output format\n' });
  });

  it('--context and ETCDCTL_CONTEXT pick the cluster; ETCDCTL_CONTEXT is no unknown variable', async () => {
    const a = await bin(['get', K, '--print-value-only', '--context', 'here']);
    expect(a).toMatchObject({ code: 0, out: 'v\n', err: '' });
    const b = await bin(['get', K, '--print-value-only'], { ETCDCTL_CONTEXT: 'here' });
    expect(b).toMatchObject({ code: 0, out: 'v\n', err: '' });
    const c = await bin(['get', K], { ETCDCTL_CONTEXT: 'elsewhere' });
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/^Error: context deadline exceeded \(dial tcp 127\.0\.0\.1:1: connect: connection refused\)\n$/);
    // --context wins over ETCDCTL_CONTEXT, as a flag over its variable.
    expect((await bin(['get', K, '--print-value-only', '--context=here'], { ETCDCTL_CONTEXT: 'elsewhere' })).out).toBe('v\n');
  });

  it('precedence: flags > ETCDCTL_* > context > defaults', async () => {
    expect((await bin(['get', K, '--print-value-only', '--context=elsewhere', `--endpoints=${endpoint}`])).out).toBe('v\n');
    expect((await bin(['get', K, '--print-value-only', '--context=elsewhere'], { ETCDCTL_ENDPOINTS: endpoint })).out).toBe('v\n');
    // The context's 300ms dial timeout applies when nothing overrides it …
    const dump = await bin(['get', K, '--context=elsewhere', '--debug']);
    expect(dump.err).toContain('ETCDCTL_DIAL_TIMEOUT=300ms\n');
    expect(dump.err).toContain('ETCDCTL_ENDPOINTS=[127.0.0.1:1]\n');
    // … and a variable overrides it.
    expect((await bin(['get', K, '--context=elsewhere', '--debug'], { ETCDCTL_DIAL_TIMEOUT: '1s' })).err).toContain('ETCDCTL_DIAL_TIMEOUT=1s\n');
  });

  it('`context use` makes one the default; `--context=` turns it off', async () => {
    expect((await bin(['context', 'use', 'here'])).out).toBe('Using context "here"\n');
    expect((await bin(['get', K, '--print-value-only'])).out).toBe('v\n');
    expect((await bin(['context', 'list'])).out).toContain(`*  here       ${endpoint}`);
    const off = await bin(['get', K, '--context=', '--dial-timeout=300ms', '--debug']);
    expect(off.err).toContain('ETCDCTL_ENDPOINTS=[127.0.0.1:2379]\n');
    expect((await bin(['context', 'use', 'elsewhere'])).code).toBe(0);
  });

  it('a flag given with its own ETCDCTL_* variable is still etcdctl\'s conflict, context or not', async () => {
    const r = await bin(['get', K, `--endpoints=${endpoint}`, '--context=here'], { ETCDCTL_ENDPOINTS: endpoint });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ C \| pkg\/flags: conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag/);
    expect(r.out).toBe('');
  });

  it.runIf(etcdctlBin !== undefined)('--debug prints what etcdctl prints for the same settings given as flags, without --context', async () => {
    const flags = [`--endpoints=${endpoint}`, '--dial-timeout=3s'];
    const dumpLines = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('ETCDCTL_'));
    const theirs = await runEtcdctl([...flags, '--debug', 'get', K]);
    const ours = await bin(['--context=here', '--debug', 'get', K]);
    expect(ours.code).toBe(0);
    expect(dumpLines(ours.err)).toEqual(dumpLines(theirs.stderr.toString()));
    expect(ours.err).not.toContain('CONTEXT');
  });

  it('a context that does not exist: exit 128, one line', async () => {
    const r = await bin(['get', K, '--context=nope']);
    expect({ code: r.code, err: r.err, out: r.out }).toEqual({ code: 128, err: `Error: context "nope" does not exist (in ${file})\n`, out: '' });
    expect((await bin(['context', 'use', 'nope'])).code).toBe(128);
    expect((await bin(['context', 'show', 'nope'])).code).toBe(128);
  });

  it('a context naming a missing TLS file says which file and which context', async () => {
    expect((await bin(['context', 'set', 'tls', `--endpoints=${endpoint}`, '--cacert=/nonexistent/ca.pem'])).code).toBe(0);
    const r = await bin(['get', K, '--context=tls']);
    expect({ code: r.code, err: r.err }).toEqual({ code: 128, err: `Error: context "tls" (${file}): --cacert: open /nonexistent/ca.pem: no such file or directory\n` });
    expect((await bin(['context', 'delete', 'tls'])).out).toBe('Deleted context "tls"\n');
    expect((await bin(['context', 'show', 'tls'])).code).toBe(128);
  });

  it('passwords: refused without --store-password, masked when shown, never in --debug', async () => {
    for (const argv of [['--user=root:secret'], ['--user=root', '--password=secret']]) {
      const r = await bin(['context', 'set', 'auth', ...argv]);
      expect(r.code).toBe(128);
      expect(r.err).toBe('Error: a password is not saved unless --store-password is given (or leave it out: commands then ask for it)\n');
    }
    expect(readFileSync(file, 'utf8')).not.toContain('secret');
    const ok = await bin(['context', 'set', 'auth', '--user=root', '--password=secret', '--store-password', `--endpoints=${endpoint}`]);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain('secret');
    expect(readFileSync(file, 'utf8')).toContain('"password": "secret"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const shown = await bin(['context', 'show', 'auth', '-w', 'json']);
    expect(JSON.parse(shown.out)).toEqual({ name: 'auth', current: false, settings: { endpoints: endpoint, password: '******', user: 'root' } });
    // Used: etcd has no auth enabled, so the credentials are refused; the password shows nowhere.
    const used = await bin(['get', K, '--context=auth', '--debug']);
    expect(used.err).toContain('ETCDCTL_PASSWORD=******\n');
    expect(used.err).not.toContain('secret');
    expect((await bin(['context', 'delete', 'auth'])).code).toBe(0);
  });
});

describe('context --help', () => {
  it('lists its subcommands and says where the file is', async () => {
    const r = await runBin(['context', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAME:\n\tcontext - .+\n\nUSAGE:\n\tetcdctl-ts context \[flags\]\n/);
    expect(r.out).toContain('COMMANDS:\n\tdelete\tDeletes a saved context\n\tlist\tLists the saved contexts\n\tset\tSaves global flags under a name\n');
    expect(r.out).toContain('$XDG_CONFIG_HOME/etcdctl-ts/config.json');
    expect((await runBin(['context', 'set', '--help'])).out).toContain('--store-password[=false]');
  });
});

describe('a broken or unreadable config file', () => {
  it('is one line naming the file, exit 1, for every command that reads it', async () => {
    const { env, file } = home();
    expect((await runBin(['context', 'set', 'x'], { env })).code).toBe(0);
    writeFileSync(file, '{"contexts": {');
    for (const argv of [['get', 'k'], ['context', 'list'], ['context', 'set', 'y'], ['put', 'k', 'v', `--endpoints=${endpoint}`]]) {
      const r = await runBin(argv, { env });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(new RegExp(`^Error: config file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\([^\\n]*\\)\\n$`));
    }
    writeFileSync(file, '{"contexts": {"x": {"user": 5}}}');
    expect((await runBin(['get', 'k'], { env })).err).toBe(`Error: config file ${file}: context "x": setting "user" is not a string\n`);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable: permission denied, naming the file', async () => {
    const { env, file } = home();
    expect((await runBin(['context', 'set', 'x'], { env })).code).toBe(0);
    chmodSync(file, 0);
    const r = await runBin(['get', 'k'], { env });
    expect({ code: r.code, err: r.err }).toEqual({ code: 1, err: `Error: config file ${file}: cannot read: permission denied\n` });
  });

  it('no config file: commands behave exactly as before', async () => {
    const { env } = home();
    const r = await runBin(['get', 'k', '--endpoints=127.0.0.1:1', '--dial-timeout=300ms'], { env: { ...env, ETCDCTL_BOGUS: 'x' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ W \| pkg\/flags: unrecognized environment variable ETCDCTL_BOGUS=x\nError: context deadline exceeded/);
  });
});
