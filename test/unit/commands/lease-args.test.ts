import { describe, expect, it } from 'vitest';

import { exitCodeFor, UsageError } from '../../../src/core/errors.js';
import {
  parseLeaseGrantArgs,
  parseLeaseIdArg,
  parseLeaseKeepAliveArgs,
  parseLeaseRevokeArgs,
  parseLeaseTimeToLiveArgs,
} from '../../../src/commands/lease.js';

// Texts and exit codes are what /usr/bin/etcdctl 3.4.23 printed for the same arguments.

function expectUsage(f: () => unknown, msg: string): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  expect((err as Error).message).toBe(msg);
  expect(exitCodeFor(err)).toBe(128);
}

describe('parseLeaseIdArg (strconv.ParseInt base 16)', () => {
  const cases: readonly [string, bigint][] = [
    ['694d7a3fce3f2c04', 0x694d7a3fce3f2c04n],
    ['694D7A3FCE3F2C04', 0x694d7a3fce3f2c04n],
    ['1234', 0x1234n],
    ['0', 0n],
    ['+1f', 0x1fn],
    ['-12', -0x12n],
    ['7fffffffffffffff', 2n ** 63n - 1n],
  ];
  for (const [arg, id] of cases) it(`reads ${arg}`, () => expect(parseLeaseIdArg(arg)).toBe(id));

  it('rejects what ParseInt rejects', () => {
    expectUsage(() => parseLeaseIdArg('xyz'), 'bad lease ID arg (strconv.ParseInt: parsing "xyz": invalid syntax), expecting ID in Hex');
    expectUsage(() => parseLeaseIdArg('0x12'), 'bad lease ID arg (strconv.ParseInt: parsing "0x12": invalid syntax), expecting ID in Hex');
    expectUsage(() => parseLeaseIdArg(''), 'bad lease ID arg (strconv.ParseInt: parsing "": invalid syntax), expecting ID in Hex');
    expectUsage(
      () => parseLeaseIdArg('1fffffffffffffffff'),
      'bad lease ID arg (strconv.ParseInt: parsing "1fffffffffffffffff": value out of range), expecting ID in Hex',
    );
  });
});

describe('lease argument counts and TTLs', () => {
  it('grant takes one decimal TTL', () => {
    expect(parseLeaseGrantArgs(['600'])).toEqual({ ttl: 600n });
    expect(parseLeaseGrantArgs(['-5'])).toEqual({ ttl: -5n });
    expectUsage(() => parseLeaseGrantArgs([]), 'lease grant command needs TTL argument');
    expectUsage(() => parseLeaseGrantArgs(['1', '2']), 'lease grant command needs TTL argument');
    expectUsage(() => parseLeaseGrantArgs(['abc']), 'bad TTL (strconv.ParseInt: parsing "abc": invalid syntax)');
    expectUsage(() => parseLeaseGrantArgs(['0x10']), 'bad TTL (strconv.ParseInt: parsing "0x10": invalid syntax)');
  });

  it('revoke, timetolive and keep-alive take one lease ID', () => {
    expect(parseLeaseRevokeArgs(['ab'])).toEqual({ id: 0xabn });
    expect(parseLeaseTimeToLiveArgs(['ab'], { keys: true })).toEqual({ id: 0xabn, keys: true });
    expect(parseLeaseKeepAliveArgs(['ab'], { once: true })).toEqual({ id: 0xabn, once: true });
    expectUsage(() => parseLeaseRevokeArgs([]), 'lease revoke command needs 1 argument');
    expectUsage(() => parseLeaseRevokeArgs(['a', 'b']), 'lease revoke command needs 1 argument');
    expectUsage(() => parseLeaseTimeToLiveArgs([], { keys: false }), 'lease timetolive command needs lease ID as argument');
    expectUsage(() => parseLeaseKeepAliveArgs(['a', 'b'], { once: false }), 'lease keep-alive command needs lease ID as argument');
    expectUsage(() => parseLeaseTimeToLiveArgs(['zz'], { keys: false }), 'bad lease ID arg (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex');
  });
});
