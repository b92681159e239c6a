import { describe, expect, it } from 'vitest';
import { EtcdctlError, exitCodeFor, UsageError } from '../../../src/core/errors.js';
import { captureIO } from '../../../src/cli/io.js';
import { parseAuthArgs } from '../../../src/commands/auth.js';
import { parseGrantArgs, parsePermType, parseRevokeArgs, permRange, type PermFlags } from '../../../src/commands/role.js';
import { parseUserAddArgs, parseUserPasswdArgs, readNewPassword, scanWord, type UserAddFlags } from '../../../src/commands/user.js';

// Arguments as etcdctl 3.4's user_command.go / role_command.go / auth_command.go read them;
// messages and exit codes as /usr/bin/etcdctl 3.4.23 printed them.

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function failure(f: () => unknown): { cls: string; code: number; msg: string } {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(EtcdctlError);
    return { cls: (err as Error).constructor.name, code: exitCodeFor(err), msg: (err as Error).message };
  }
  throw new Error('no error');
}

const usage = (msg: string): { cls: string; code: number; msg: string } => ({ cls: 'UsageError', code: 128, msg });

describe('parseUserAddArgs', () => {
  const flags = (o: Partial<UserAddFlags> = {}): UserAddFlags => ({ interactive: true, newUserPassword: '', noPassword: false, ...o });
  const cases: { name: string; args: string[]; flags?: Partial<UserAddFlags>; want: unknown }[] = [
    { name: 'name:password', args: ['bob:pw'], want: { user: 'bob', password: { from: 'given', password: 'pw' } } },
    { name: 'split at the first colon', args: ['bob:p:w'], want: { user: 'bob', password: { from: 'given', password: 'p:w' } } },
    { name: 'empty password after the colon', args: ['bob:'], want: { user: 'bob', password: { from: 'given', password: '' } } },
    { name: 'a name alone is asked for', args: ['bob'], want: { user: 'bob', password: { from: 'prompt' } } },
    { name: '--interactive=false reads stdin', args: ['bob'], flags: { interactive: false }, want: { user: 'bob', password: { from: 'stdin' } } },
    {
      name: '--new-user-password takes the argument as the name, colon and all',
      args: ['bob:x'],
      flags: { newUserPassword: 'pw' },
      want: { user: 'bob:x', password: { from: 'given', password: 'pw' } },
    },
    { name: '--no-password', args: ['bob'], flags: { noPassword: true, newUserPassword: 'ignored' }, want: { user: 'bob', password: { from: 'none' } } },
    { name: '--no-password keeps a colon in the name', args: [':x'], flags: { noPassword: true }, want: { user: ':x', password: { from: 'none' } } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parseUserAddArgs(c.args, flags(c.flags))).toEqual(c.want));
  }

  it('errors', () => {
    expect(failure(() => parseUserAddArgs([], flags()))).toEqual(usage('user add command requires user name as its argument'));
    expect(failure(() => parseUserAddArgs(['a', 'b'], flags()))).toEqual(usage('user add command requires user name as its argument'));
    expect(failure(() => parseUserAddArgs([':pw'], flags()))).toEqual(usage('empty user name is not allowed'));
  });
});

describe('user passwd, auth enable/disable', () => {
  it('user passwd takes one name', () => {
    expect(parseUserPasswdArgs(['bob'], true)).toEqual({ user: 'bob', password: { from: 'prompt' } });
    expect(parseUserPasswdArgs(['bob'], false)).toEqual({ user: 'bob', password: { from: 'stdin' } });
    expect(failure(() => parseUserPasswdArgs([], true))).toEqual(usage('user passwd command requires user name as its argument'));
  });

  it('auth enable and disable take no arguments', () => {
    expect(parseAuthArgs('enable', [])).toBe('enable');
    expect(failure(() => parseAuthArgs('enable', ['x']))).toEqual(usage('auth enable command does not accept any arguments'));
    expect(failure(() => parseAuthArgs('disable', ['x']))).toEqual(usage('auth disable command does not accept any arguments'));
  });
});

describe('scanWord (fmt.Scanf("%s") on one line)', () => {
  for (const [line, want] of [
    ['pw', 'pw'],
    ['pw rest', 'pw'],
    ['  \tpw', 'pw'],
    ['', ''],
    ['   ', ''],
    ['pä ss', 'pä'],
  ] as const) {
    it(JSON.stringify(line), () => expect(scanWord(line)).toBe(want));
  }
});

describe('readNewPassword (asked twice)', () => {
  it('returns the password typed twice, after both prompts', async () => {
    const io = captureIO('s3cret\ns3cret\nrest\n');
    expect(await readNewPassword(io, 'bob')).toBe('s3cret');
    expect(io.stdoutText()).toBe('Password of bob: \nType password of bob again for confirmation: \n');
    expect(await io.readLine()).toBe('rest');
  });
  it('empty, or different', async () => {
    await expect(readNewPassword(captureIO('\n'), 'bob')).rejects.toEqual(new UsageError('empty password'));
    await expect(readNewPassword(captureIO(''), 'bob')).rejects.toEqual(new UsageError('empty password'));
    await expect(readNewPassword(captureIO('a\nb\n'), 'bob')).rejects.toEqual(new UsageError('given passwords are different'));
    // speakeasy drops a trailing \r.
    expect(await readNewPassword(captureIO('a\r\na\n'), 'bob')).toBe('a');
  });
});

describe('role permissions', () => {
  const f = (o: Partial<PermFlags> = {}): PermFlags => ({ prefix: false, fromKey: false, ...o });
  const range = (args: string[], o?: Partial<PermFlags>): [string, string] => {
    const r = permRange(args, f(o));
    return [hex(r.key), hex(r.end)];
  };

  it('permRange: key, range, prefix, from-key, and the empty key', () => {
    expect(range(['/a'])).toEqual([hex(Buffer.from('/a')), '']);
    expect(range(['/a', '/c'])).toEqual([hex(Buffer.from('/a')), hex(Buffer.from('/c'))]);
    expect(range(['/a', '/c', 'ignored'])).toEqual([hex(Buffer.from('/a')), hex(Buffer.from('/c'))]);
    expect(range(['/p/'], { prefix: true })).toEqual([hex(Buffer.from('/p/')), hex(Buffer.from('/p0'))]);
    expect(range(['¿'], { prefix: true })).toEqual(['c2bf', 'c2c0']);
    expect(range(['/z'], { fromKey: true })).toEqual([hex(Buffer.from('/z')), '00']);
    expect(range([''])).toEqual(['00', '']);
    expect(range([''], { prefix: true })).toEqual(['00', '00']);
    expect(range([''], { fromKey: true })).toEqual(['00', '00']);
    // The end key is not looked at for the empty key (etcdctl's permRange).
    expect(range(['', 'x'], { prefix: true })).toEqual(['00', '00']);
  });

  it('permRange errors', () => {
    expect(failure(() => permRange(['/a', '/c'], f({ prefix: true })))).toEqual(usage('unexpected endkey argument with --prefix flag'));
    expect(failure(() => permRange(['/a', '/c'], f({ fromKey: true })))).toEqual(usage('unexpected endkey argument with --from-key flag'));
    expect(failure(() => permRange(['/a'], f({ prefix: true, fromKey: true })))).toEqual(usage('--from-key and --prefix flags are mutually exclusive'));
    expect(failure(() => permRange([''], f({ prefix: true, fromKey: true })))).toEqual(usage('--from-key and --prefix flags are mutually exclusive'));
  });

  it('permission types, in any case', () => {
    expect(['read', 'WRITE', 'ReadWrite'].map(parsePermType)).toEqual(['READ', 'WRITE', 'READWRITE']);
    expect(failure(() => parsePermType('rw'))).toEqual(usage('invalid permission type: rw'));
  });

  it('grant-permission: checks the count, then the type, then the range', () => {
    const g = parseGrantArgs(['r', 'readwrite', '/p/'], f({ prefix: true }));
    expect([g.role, g.permType, hex(g.range.key), hex(g.range.end)]).toEqual(['r', 'READWRITE', hex(Buffer.from('/p/')), hex(Buffer.from('/p0'))]);
    const msg = 'role grant command requires role name, permission type, and key [endkey] as its argument';
    expect(failure(() => parseGrantArgs(['r', 'read'], f()))).toEqual(usage(msg));
    expect(failure(() => parseGrantArgs(['r', 'bogus', '/a', '/b'], f({ prefix: true })))).toEqual(usage('invalid permission type: bogus'));
  });

  it('revoke-permission keeps the key as given for its message', () => {
    const r = parseRevokeArgs(['r', ''], f({ prefix: true }));
    expect([r.role, hex(r.keyArg), hex(r.range.key), hex(r.range.end)]).toEqual(['r', '', '00', '00']);
    expect(failure(() => parseRevokeArgs(['r'], f()))).toEqual(
      usage('role revoke-permission command requires role name and key [endkey] as its argument'),
    );
  });
});
