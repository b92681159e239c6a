import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { captureIO } from '../../../src/cli/io.js';
import { maskUserPassword, redactArgv } from '../../../src/cli/redact.js';
import { loadTlsFiles, pemBlocks } from '../../../src/cli/tls-files.js';

describe('redactArgv (the process title)', () => {
  const cases: [string[], string[] | undefined][] = [
    [['get', 'k'], undefined],
    [['--user', 'root', 'get', 'k'], undefined],
    [['--user', 'root:pw', 'get', 'k'], ['--user', 'root:******', 'get', 'k']],
    [['--user=root:pw', 'get'], ['--user=root:******', 'get']],
    [['--password', 'pw', '--user', 'a:b'], ['--password', '******', '--user', 'a:******']],
    [['--password=pw'], ['--password=******']],
    [['user', 'add', 'bob:pw'], ['user', 'add', 'bob:******']],
    [['--endpoints', 'x', 'us', 'a', 'bob:pw', '-w', 'json'], ['--endpoints', 'x', 'us', 'a', 'bob:******', '-w', 'json']],
    [['user', 'add', 'bob', '--new-user-password', 'pw'], ['user', 'add', 'bob', '--new-user-password', '******']],
    [['user', 'get', 'bob:x'], undefined],
    [['get', 'user', 'add:x'], undefined],
    [['--password='], undefined],
  ];
  for (const [argv, want] of cases) it(argv.join(' '), () => expect(redactArgv(argv)).toEqual(want));

  it('maskUserPassword', () => {
    expect(maskUserPassword('root')).toBe('root');
    expect(maskUserPassword('root:')).toBe('root:');
    expect(maskUserPassword('root:a:b')).toBe('root:******');
  });
});

describe('IO: reading a line leaves the rest of stdin', () => {
  it('readLine, then readStdin', async () => {
    const io = captureIO('first line\r\nsecond\nthird');
    expect(await io.readLine()).toBe('first line');
    expect((await io.readStdin()).toString()).toBe('second\nthird');
  });
  it('readPassword writes the prompt and a newline, never the answer', async () => {
    const io = captureIO('secret\n');
    expect(await io.readPassword('Password: ')).toBe('secret');
    expect(await io.readPassword('Password: ')).toBe('');
    expect(io.stdoutText()).toBe('Password: \nPassword: \n');
  });
});

describe('loadTlsFiles (etcdctl messages, exit 128)', () => {
  let dir: string;
  const f = (name: string): string => path.join(dir, name);
  const err = (p: { cacert?: string; cert?: string; key?: string }): string => {
    try {
      loadTlsFiles({ cacert: p.cacert ?? '', cert: p.cert ?? '', key: p.key ?? '' });
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    return 'ok';
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-tlsfiles-'));
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'a.key', '-out', 'a.crt', '-days', '1', '-subj', '/CN=a');
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'b.key', '-out', 'b.crt', '-days', '1', '-subj', '/CN=b');
    writeFileSync(f('garbage'), 'not pem\n');
    writeFileSync(f('bad.crt'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    writeFileSync(f('other.pem'), '-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a key pair and a CA, or a CA alone', () => {
    const files = loadTlsFiles({ cacert: f('a.crt'), cert: f('a.crt'), key: f('a.key') });
    expect(files.ca?.equals(readFileSync(f('a.crt')))).toBe(true);
    expect(Object.keys(loadTlsFiles({ cacert: f('b.crt'), cert: '', key: '' }))).toEqual(['ca']);
    // A CA file without PEM is no error: it trusts nothing (Go's empty pool).
    expect(err({ cacert: f('garbage') })).toBe('ok');
  });

  it('says what is wrong, in Go words', () => {
    expect(err({ cert: f('a.crt') })).toBe(`KeyFile and CertFile must both be present[key: , cert: ${f('a.crt')}]`);
    expect(err({ key: f('a.key') })).toBe(`KeyFile and CertFile must both be present[key: ${f('a.key')}, cert: ]`);
    expect(err({ cert: f('none'), key: f('a.key') })).toBe(`open ${f('none')}: no such file or directory`);
    expect(err({ cacert: dir })).toBe(`read ${dir}: is a directory`);
    expect(err({ cert: f('garbage'), key: f('a.key') })).toBe('tls: failed to find any PEM data in certificate input');
    expect(err({ cert: f('a.crt'), key: f('garbage') })).toBe('tls: failed to find any PEM data in key input');
    expect(err({ cert: f('a.key'), key: f('a.key') })).toBe(
      'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
    );
    expect(err({ cert: f('a.crt'), key: f('a.crt') })).toBe('tls: found a certificate rather than a key in the PEM for the private key');
    expect(err({ cert: f('other.pem'), key: f('a.key') })).toBe(
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [FOO]',
    );
    expect(err({ cert: f('a.crt'), key: f('b.key') })).toBe('tls: private key does not match public key');
    expect(err({ cert: f('bad.crt'), key: f('a.key') })).toBe('x509: malformed certificate');
    expect(err({ cacert: f('bad.crt') })).toBe('x509: malformed certificate');
    // The key pair is checked before the CA, as etcdctl does.
    expect(err({ cacert: f('none'), cert: f('none2'), key: f('a.key') })).toBe(`open ${f('none2')}: no such file or directory`);
  });

  it('pemBlocks', () => {
    expect(pemBlocks('x\n-----BEGIN A B-----\nQ\n-----END A B-----\n-----BEGIN C-----\n-----END C-----').map((b) => b.type)).toEqual(['A B', 'C']);
  });
});
