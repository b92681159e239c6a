import { describe, expect, it } from 'vitest';

import { RangeRequest } from '../../../src/client/generated/proto.js';
import { decode, encode } from '../../../src/client/wire.js';
import { redactArgv } from '../../../src/cli/redact.js';
import { parseAuthArgs } from '../../../src/commands/auth.js';
import { parseDelArgs, type DelFlags } from '../../../src/commands/del.js';
import { parseGetArgs, type GetFlags } from '../../../src/commands/get.js';
import { destinationAuth, parseMakeMirrorArgs, type MakeMirrorFlags } from '../../../src/commands/make-mirror.js';
import { exitCodeFor, UnsupportedError, UsageError } from '../../../src/core/errors.js';
import { thrown } from '../../helpers/thrown.js';

// The flags etcdctl 3.5 added (etcdctl/ctlv3/command/*.go at v3.5.x; texts and codes are what
// etcdctl 3.5.30 printed). Their e2e differential tests are test/e2e/compat-35.e2e.test.ts.


const GET: GetFlags = {
  consistency: 'l',
  order: '',
  sortBy: '',
  limit: '0',
  prefix: false,
  fromKey: false,
  rev: '0',
  keysOnly: false,
  printValueOnly: false,
};

describe('parseGetArgs --count-only', () => {
  it('sets count_only on the wire, and only then', () => {
    const on = parseGetArgs(['k'], { ...GET, countOnly: true });
    expect(on.countOnly).toBe(true);
    expect(decode(RangeRequest, encode(RangeRequest, on.request)).count_only).toBe(true);
    for (const flags of [GET, { ...GET, countOnly: false }]) {
      const off = parseGetArgs(['k'], flags);
      expect(off.countOnly ?? false).toBe(false);
      expect(decode(RangeRequest, encode(RangeRequest, off.request)).count_only).toBe(false);
    }
  });

  it('keeps the other options: --prefix, --limit, --rev', () => {
    const r = decode(RangeRequest, encode(RangeRequest, parseGetArgs(['a'], { ...GET, countOnly: true, prefix: true, limit: '2', rev: '7' }).request));
    expect([r.count_only, Buffer.from(r.range_end).toString(), r.limit, r.revision]).toEqual([true, 'b', 2n, 7n]);
  });

  // etcdctl 3.5's getGetOp: no key; --prefix with --from-key; --keys-only with --count-only; the
  // consistency; then too many arguments — in that order.
  const errors: readonly [string, string[], Partial<GetFlags>, typeof UsageError | typeof UnsupportedError, number, string][] = [
    ['with --keys-only', ['k'], { keysOnly: true }, UsageError, 128, '`--keys-only` and `--count-only` cannot be set at the same time, choose one'],
    ['no key comes first', [], { keysOnly: true }, UsageError, 128, 'get command needs one argument as key and an optional argument as range_end'],
    [
      '--prefix --from-key before --keys-only',
      ['k'],
      { keysOnly: true, prefix: true, fromKey: true },
      UsageError,
      128,
      '`--prefix` and `--from-key` cannot be set at the same time, choose one',
    ],
    ['--keys-only before the consistency', ['k'], { keysOnly: true, consistency: 'x' }, UsageError, 128, '`--keys-only` and `--count-only` cannot be set at the same time, choose one'],
    ['a bad consistency', ['k'], { consistency: 'x' }, UnsupportedError, 4, 'unknown consistency flag "x"'],
  ];
  for (const [name, args, flags, cls, code, msg] of errors) {
    it(name, () => {
      const err = thrown(() => parseGetArgs(args, { ...GET, countOnly: true, ...flags }));
      expect(err).toBeInstanceOf(cls);
      expect((err as Error).message).toBe(msg);
      expect(exitCodeFor(err)).toBe(code);
    });
  }
});

describe('parseDelArgs --range', () => {
  const DEL: DelFlags = { prefix: false, prevKv: false, fromKey: false };
  const cases: readonly [string, string[], Partial<DelFlags>][] = [
    ['one key', ['k'], {}],
    ['key and range_end', ['a', 'c'], {}],
    ['--prefix', ['a'], { prefix: true }],
    ['--from-key --prev-kv', ['a'], { fromKey: true, prevKv: true }],
  ];
  for (const [name, args, flags] of cases) {
    it(`changes nothing: ${name}`, () => {
      expect(parseDelArgs(args, { ...DEL, ...flags, range: true })).toEqual(parseDelArgs(args, { ...DEL, ...flags }));
    });
  }

  it('keeps 3.4 errors', () => {
    const err = thrown(() => parseDelArgs([], { ...DEL, range: true }));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('del command needs one argument as key and an optional argument as range_end');
  });
});

describe('parseAuthArgs status', () => {
  it('takes no arguments', () => {
    expect(parseAuthArgs('status', [])).toBe('status');
    const err = thrown(() => parseAuthArgs('status', ['x']));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('auth status command does not accept any arguments');
    expect(exitCodeFor(err)).toBe(128);
  });
});

describe('make-mirror --dest-user, --dest-password (authDestCfg)', () => {
  const cases: readonly [string, string, string, ReturnType<typeof destinationAuth>][] = [
    ['no user: no authentication', '', '', undefined],
    ['no user, a password: still none', '', 'pw', undefined],
    ['name:password', 'root:pw', '', { user: 'root', password: 'pw' }],
    ['name:pa:ss splits at the first colon', 'root:pa:ss', '', { user: 'root', password: 'pa:ss' }],
    ['name: (empty password)', 'root:', '', { user: 'root', password: '' }],
    ['a name alone: asked for', 'root', '', { user: 'root', password: undefined }],
    ['--dest-password: the name taken as is', 'root:x', 'pw', { user: 'root:x', password: 'pw' }],
  ];
  for (const [name, user, password, want] of cases) it(name, () => expect(destinationAuth(user, password)).toEqual(want));

  const flags: MakeMirrorFlags = {
    prefix: '',
    destPrefix: '',
    noDestPrefix: false,
    destCert: '',
    destKey: '',
    destCacert: '',
    destInsecureTransport: true,
  };

  it('parseMakeMirrorArgs carries them (absent without a user)', () => {
    expect(parseMakeMirrorArgs(['d'], flags).destAuth).toBeUndefined();
    expect(parseMakeMirrorArgs(['d'], { ...flags, destUser: 'u', destPassword: 'p' }).destAuth).toEqual({ user: 'u', password: 'p' });
  });

  it('keeps their passwords out of the process title', () => {
    expect(redactArgv(['make-mirror', '--dest-user', 'root:pw', '--dest-password=secret', 'd'])).toEqual([
      'make-mirror',
      '--dest-user',
      'root:******',
      '--dest-password=******',
      'd',
    ]);
    expect(redactArgv(['make-mirror', '--dest-user=root', 'd'])).toBeUndefined();
  });
});
