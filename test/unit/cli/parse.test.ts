import { describe, expect, it } from 'vitest';

import { GoParseError, parseGoBool, parseGoDuration, parseInt64, parseStringSlice, parseUint64 } from '../../../src/cli/parse.js';

// The error texts are Go's, as etcdctl 3.4.23 prints them: observed with `compaction <rev>`
// (ParseInt base 10), `put --lease=<id>` (ParseInt base 16), `member remove <id>` (ParseUint base
// 16), `--prefix=<bool>` and `--dial-timeout=<duration>` against a private etcd.

function errorOf(f: () => unknown): GoParseError {
  try {
    f();
  } catch (err) {
    if (err instanceof GoParseError) return err;
    throw err;
  }
  throw new Error('expected a GoParseError');
}

describe('parseInt64 (strconv.ParseInt(s, base, 64))', () => {
  const ok = [
    { s: '0', base: 10, want: 0n },
    { s: '123', base: 10, want: 123n },
    { s: '-5', base: 10, want: -5n },
    { s: '+5', base: 10, want: 5n },
    { s: '-0', base: 10, want: 0n },
    { s: '007', base: 10, want: 7n },
    { s: '9223372036854775807', base: 10, want: 2n ** 63n - 1n },
    { s: '-9223372036854775808', base: 10, want: -(2n ** 63n) },
    { s: 'ff', base: 16, want: 255n },
    { s: 'FF', base: 16, want: 255n },
    { s: '-1', base: 16, want: -1n },
    { s: '352fa212f5b77a0d', base: 16, want: 0x352fa212f5b77a0dn },
    { s: '7fffffffffffffff', base: 16, want: 2n ** 63n - 1n },
    { s: '-8000000000000000', base: 16, want: -(2n ** 63n) },
  ] as const;
  it.each(ok)('$s (base $base) → $want', ({ s, base, want }) => {
    expect(parseInt64(s, base)).toBe(want);
  });

  it('base 10 is the default', () => {
    expect(parseInt64('10')).toBe(10n);
  });

  const bad = [
    { s: 'abc', base: 10, msg: 'strconv.ParseInt: parsing "abc": invalid syntax' },
    { s: '', base: 10, msg: 'strconv.ParseInt: parsing "": invalid syntax' },
    { s: '-', base: 10, msg: 'strconv.ParseInt: parsing "-": invalid syntax' },
    { s: '+', base: 10, msg: 'strconv.ParseInt: parsing "+": invalid syntax' },
    { s: ' 1', base: 10, msg: 'strconv.ParseInt: parsing " 1": invalid syntax' },
    { s: '1.5', base: 10, msg: 'strconv.ParseInt: parsing "1.5": invalid syntax' },
    { s: '0x10', base: 10, msg: 'strconv.ParseInt: parsing "0x10": invalid syntax' },
    { s: '1_0', base: 10, msg: 'strconv.ParseInt: parsing "1_0": invalid syntax' },
    { s: 'ff', base: 10, msg: 'strconv.ParseInt: parsing "ff": invalid syntax' },
    { s: 'é', base: 10, msg: 'strconv.ParseInt: parsing "é": invalid syntax' },
    { s: 'a"b', base: 10, msg: 'strconv.ParseInt: parsing "a\\"b": invalid syntax' },
    { s: '9223372036854775808', base: 10, msg: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' },
    { s: '-9223372036854775809', base: 10, msg: 'strconv.ParseInt: parsing "-9223372036854775809": value out of range' },
    { s: 'xyz', base: 16, msg: 'strconv.ParseInt: parsing "xyz": invalid syntax' },
    { s: '0x1', base: 16, msg: 'strconv.ParseInt: parsing "0x1": invalid syntax' },
    { s: 'FFg', base: 16, msg: 'strconv.ParseInt: parsing "FFg": invalid syntax' },
    { s: '', base: 16, msg: 'strconv.ParseInt: parsing "": invalid syntax' },
    { s: '8000000000000000', base: 16, msg: 'strconv.ParseInt: parsing "8000000000000000": value out of range' },
    { s: '-8000000000000001', base: 16, msg: 'strconv.ParseInt: parsing "-8000000000000001": value out of range' },
    { s: 'ffffffffffffffffff0', base: 16, msg: 'strconv.ParseInt: parsing "ffffffffffffffffff0": value out of range' },
  ] as const;
  it.each(bad)('$s (base $base): $msg', ({ s, base, msg }) => {
    expect(errorOf(() => parseInt64(s, base)).message).toBe(msg);
  });

  // Go's ParseUint stops at the first digit that overflows, before it sees a later invalid
  // character, so `compaction 99999999999999999999x` says "value out of range".
  it('overflow is reported before a later invalid character', () => {
    expect(errorOf(() => parseInt64('99999999999999999999x')).message).toBe(
      'strconv.ParseInt: parsing "99999999999999999999x": value out of range',
    );
  });
});

describe('parseUint64 (strconv.ParseUint(s, base, 64))', () => {
  const ok = [
    { s: '0', base: 10, want: 0n },
    { s: '18446744073709551615', base: 10, want: 2n ** 64n - 1n },
    { s: 'ffffffffffffffff', base: 16, want: 2n ** 64n - 1n },
    { s: 'd952c172102eb52f', base: 16, want: 15659791549962564911n },
    { s: 'ABC', base: 16, want: 0xabcn },
  ] as const;
  it.each(ok)('$s (base $base) → $want', ({ s, base, want }) => {
    expect(parseUint64(s, base)).toBe(want);
  });

  const bad = [
    { s: 'xyz', base: 16, msg: 'strconv.ParseUint: parsing "xyz": invalid syntax' },
    { s: '+1', base: 16, msg: 'strconv.ParseUint: parsing "+1": invalid syntax' },
    { s: '-1', base: 16, msg: 'strconv.ParseUint: parsing "-1": invalid syntax' },
    { s: '', base: 16, msg: 'strconv.ParseUint: parsing "": invalid syntax' },
    { s: '10000000000000000', base: 16, msg: 'strconv.ParseUint: parsing "10000000000000000": value out of range' },
    { s: '18446744073709551616', base: 10, msg: 'strconv.ParseUint: parsing "18446744073709551616": value out of range' },
    { s: '-1', base: 10, msg: 'strconv.ParseUint: parsing "-1": invalid syntax' },
  ] as const;
  it.each(bad)('$s (base $base): $msg', ({ s, base, msg }) => {
    expect(errorOf(() => parseUint64(s, base)).message).toBe(msg);
  });
});

describe('parseGoBool (strconv.ParseBool)', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%s → true', (s) => {
    expect(parseGoBool(s)).toBe(true);
  });
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%s → false', (s) => {
    expect(parseGoBool(s)).toBe(false);
  });
  it.each(['maybe', 'yes', 'tRUE', '', ' true', '2'])('%j is invalid syntax', (s) => {
    expect(errorOf(() => parseGoBool(s)).message).toBe(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
  });
});

describe('parseGoDuration (time.ParseDuration, in milliseconds)', () => {
  const ok = [
    { s: '500ms', ms: 500 },
    { s: '1m30s', ms: 90_000 },
    { s: '1.5h', ms: 5_400_000 },
    { s: '-2s', ms: -2000 },
    { s: '+5s', ms: 5000 },
    { s: '0', ms: 0 },
    { s: '-0', ms: 0 },
    { s: '+0', ms: 0 },
    { s: '0s', ms: 0 },
    { s: '1.s', ms: 1000 },
    { s: '.5s', ms: 500 },
    { s: '2us', ms: 0.002 },
    { s: '2\u00b5s', ms: 0.002 },
    { s: '2\u03bcs', ms: 0.002 },
    { s: '3ns', ms: 0.000003 },
    { s: '1h2m3s4ms5us6ns', ms: 3_723_004.005006 },
    { s: '2562047h', ms: 2562047 * 3_600_000 },
  ];
  it.each(ok)('$s → $ms ms', ({ s, ms }) => {
    const got = parseGoDuration(s);
    expect(got).toBeCloseTo(ms, 9);
    expect(Object.is(got, -0)).toBe(false);
  });

  // captured: `etcdctl --dial-timeout=<s> get foo`
  const bad = [
    { s: 'abc', msg: 'time: invalid duration "abc"' },
    { s: '', msg: 'time: invalid duration ""' },
    { s: '-', msg: 'time: invalid duration "-"' },
    { s: '+', msg: 'time: invalid duration "+"' },
    { s: 's', msg: 'time: invalid duration "s"' },
    { s: '.s', msg: 'time: invalid duration ".s"' },
    { s: '1', msg: 'time: missing unit in duration "1"' },
    { s: '5', msg: 'time: missing unit in duration "5"' },
    { s: '1.5', msg: 'time: missing unit in duration "1.5"' },
    { s: '1s2', msg: 'time: missing unit in duration "1s2"' },
    { s: '1x', msg: 'time: unknown unit "x" in duration "1x"' },
    { s: '1h-2m', msg: 'time: unknown unit "h-" in duration "1h-2m"' },
    { s: '1 s', msg: 'time: unknown unit " s" in duration "1 s"' },
    { s: '1e3s', msg: 'time: unknown unit "e" in duration "1e3s"' },
    { s: '1S', msg: 'time: unknown unit "S" in duration "1S"' },
  ];
  it.each(bad)('$s: $msg', ({ s, msg }) => {
    expect(errorOf(() => parseGoDuration(s)).message).toBe(msg);
  });

  // time.ParseDuration quotes with its own quote(), which writes every non-ASCII byte as
  // \xhh (etcdctl: `time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9"`).
  it('non-ASCII input is quoted byte by byte', () => {
    expect(errorOf(() => parseGoDuration('1é')).message).toBe('time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"');
  });

  // A duration beyond int64 nanoseconds is `time: invalid duration "…"` in Go (etcdctl
  // rejects `--dial-timeout=2562048h`).
  it.each(['2562048h', '9999999999h', '9223372036854775808ns'])('%s overflows int64 nanoseconds', (s) => {
    expect(errorOf(() => parseGoDuration(s)).message).toBe(`time: invalid duration "${s}"`);
  });

  // Go durations are whole nanoseconds, fractions below 1ns are dropped (`--debug` with
  // `--dial-timeout=1.0000000005s` prints ETCDCTL_DIAL_TIMEOUT=1s).
  it('fractions of a nanosecond are truncated', () => {
    expect(parseGoDuration('1.0000000005s')).toBe(1000);
  });
});

describe('parseStringSlice (pflag StringSlice)', () => {
  const cases = [
    { s: '', want: [] },
    { s: '127.0.0.1:2379', want: ['127.0.0.1:2379'] },
    { s: 'a,b', want: ['a', 'b'] },
    { s: 'a,,b', want: ['a', '', 'b'] },
    { s: 'a,', want: ['a', ''] },
    // pflag keeps the spaces (`--debug` shows [a," b"]); the endpoints are trimmed where they
    // are used, as the Go client dials " b" as "b".
    { s: 'a, b', want: ['a', ' b'] },
    { s: ' a ,b', want: [' a ', 'b'] },
  ];
  it.each(cases)('$s', ({ s, want }) => {
    expect(parseStringSlice(s)).toEqual(want);
  });

  // pflag reads a StringSlice as one CSV record, so a double-quoted field may hold commas
  // (etcdctl --debug with --endpoints '"a,b",c' shows ETCDCTL_ENDPOINTS=["a,b",c]).
  it('a CSV-quoted field keeps its commas', () => {
    expect(parseStringSlice('"a,b",c')).toEqual(['a,b', 'c']);
  });
});
