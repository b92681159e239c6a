import { describe, expect, it } from 'vitest';

import { Context } from '../../../src/cli/context.js';
import { EtcdctlError, exitCodeFor, InvalidInputError, UnsupportedError, UsageError } from '../../../src/core/errors.js';
import { captureIO } from '../../../src/cli/io.js';
import { Compare, DeleteRangeRequest, PutRequest, RangeRequest, TxnRequest } from '../../../src/client/generated/proto.js';
import { decode, encode, type Init, type MessageType } from '../../../src/client/wire.js';
import { parseCompactionArgs } from '../../../src/commands/compaction.js';
import { parseDelArgs, type DelFlags } from '../../../src/commands/del.js';
import { parseGetArgs, type GetFlags } from '../../../src/commands/get.js';
import { parsePutArgs, type PutFlags } from '../../../src/commands/put.js';
import { argify, goUnquote, parseCompare, TxnInputError } from '../../../src/formats/txn-grammar.js';
import { readTxn } from '../../../src/commands/txn.js';
import { bytes, golden, toHex } from '../../fixtures/kv.js';

// Requests follow etcdctl 3.4's getGetOp / getPutOp / getDelOp and clientv3's op options; error
// texts and exit codes are what /usr/bin/etcdctl 3.4.23 printed (behaviour notes §2.3 and runs
// against a private etcd). Requests are compared on the wire: two requests are the same when
// they encode to the same protobuf message.

const norm = <T extends object>(type: MessageType<T>, msg: Init<T>): T => decode(type, encode(type, msg));

interface Failure {
  readonly cls: typeof EtcdctlError;
  readonly code: number;
  readonly msg: string;
}

function failureOf(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectFailure(err: unknown, want: Failure): void {
  expect(err).toBeInstanceOf(want.cls);
  expect((err as Error).message).toBe(want.msg);
  expect(exitCodeFor(err)).toBe(want.code);
}

const usage = (msg: string): Failure => ({ cls: UsageError, code: 128, msg });
const unsupported = (msg: string): Failure => ({ cls: UnsupportedError, code: 4, msg });
const invalidInput = (msg: string): Failure => ({ cls: InvalidInputError, code: 3, msg });

const NUL = Uint8Array.of(0);

// ---------------------------------------------------------------------------------------------

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

describe('parseGetArgs', () => {
  const ok: readonly { name: string; args: string[]; flags?: Partial<GetFlags>; want: Init<RangeRequest>; valueOnly?: boolean }[] = [
    { name: 'one key', args: ['foo'], want: { key: bytes('foo') } },
    { name: 'key and range_end', args: ['a', 'b'], want: { key: bytes('a'), range_end: bytes('b') } },
    { name: 'a third argument is ignored', args: ['a', 'b', 'c'], want: { key: bytes('a'), range_end: bytes('b') } },
    { name: '--prefix', args: ['foo'], flags: { prefix: true }, want: { key: bytes('foo'), range_end: bytes('fop') } },
    { name: '--prefix adds one to the last byte (0x7f → 0x80)', args: ['a\u007f'], flags: { prefix: true }, want: { key: Uint8Array.of(0x61, 0x7f), range_end: Uint8Array.of(0x61, 0x80) } },
    { name: '--prefix "" is every key', args: [''], flags: { prefix: true }, want: { key: NUL, range_end: NUL } },
    { name: '--from-key', args: ['a'], flags: { fromKey: true }, want: { key: bytes('a'), range_end: NUL } },
    { name: '--from-key "" is every key', args: [''], flags: { fromKey: true }, want: { key: NUL, range_end: NUL } },
    { name: 'an empty key alone stays empty', args: [''], want: { key: new Uint8Array() } },
    { name: '--limit', args: ['a'], flags: { limit: '5' }, want: { key: bytes('a'), limit: 5n } },
    { name: '--limit negative is sent as is', args: ['a'], flags: { limit: '-1' }, want: { key: bytes('a'), limit: -1n } },
    { name: '--rev', args: ['a'], flags: { rev: '7' }, want: { key: bytes('a'), revision: 7n } },
    { name: '--rev 0 is the latest', args: ['a'], flags: { rev: '0' }, want: { key: bytes('a') } },
    { name: '--rev negative is not sent', args: ['a'], flags: { rev: '-3' }, want: { key: bytes('a') } },
    { name: '--consistency s', args: ['a'], flags: { consistency: 's' }, want: { key: bytes('a'), serializable: true } },
    { name: '--keys-only', args: ['a'], flags: { keysOnly: true }, want: { key: bytes('a'), keys_only: true } },
    { name: '--order DESCEND sorts by key', args: ['a'], flags: { order: 'DESCEND' }, want: { key: bytes('a'), sort_order: 'DESCEND', sort_target: 'KEY' } },
    { name: '--order is case-insensitive', args: ['a'], flags: { order: 'descend' }, want: { key: bytes('a'), sort_order: 'DESCEND' } },
    { name: '--order ASCEND by key is dropped (clientv3.WithSort)', args: ['a'], flags: { order: 'ASCEND' }, want: { key: bytes('a') } },
    { name: '--order ASCEND --sort-by VALUE', args: ['a'], flags: { order: 'ASCEND', sortBy: 'VALUE' }, want: { key: bytes('a'), sort_order: 'ASCEND', sort_target: 'VALUE' } },
    { name: '--sort-by alone sends order NONE', args: ['a'], flags: { sortBy: 'CREATE' }, want: { key: bytes('a'), sort_order: 'NONE', sort_target: 'CREATE' } },
    { name: '--sort-by modify (case-insensitive) is MOD', args: ['a'], flags: { sortBy: 'modify' }, want: { key: bytes('a'), sort_target: 'MOD' } },
    { name: '--sort-by VERSION --order DESCEND', args: ['a'], flags: { sortBy: 'VERSION', order: 'DESCEND' }, want: { key: bytes('a'), sort_order: 'DESCEND', sort_target: 'VERSION' } },
    { name: '--sort-by KEY', args: ['a'], flags: { sortBy: 'KEY' }, want: { key: bytes('a') } },
    { name: '--print-value-only is passed on', args: ['a'], flags: { printValueOnly: true }, want: { key: bytes('a') }, valueOnly: true },
  ];
  it.each(ok)('$name', ({ args, flags, want, valueOnly }) => {
    const got = parseGetArgs(args, { ...GET, ...flags });
    expect(norm(RangeRequest, got.request)).toEqual(norm(RangeRequest, want));
    expect(got.printValueOnly).toBe(valueOnly ?? false);
  });

  const bad: readonly { name: string; args: string[]; flags?: Partial<GetFlags>; want: Failure }[] = [
    { name: 'no key', args: [], want: usage('get command needs one argument as key and an optional argument as range_end') },
    { name: 'no key comes first', args: [], flags: { prefix: true, fromKey: true, consistency: 'x' }, want: usage('get command needs one argument as key and an optional argument as range_end') },
    { name: '--prefix and --from-key', args: ['a'], flags: { prefix: true, fromKey: true }, want: usage('`--prefix` and `--from-key` cannot be set at the same time, choose one') },
    { name: '--prefix and --from-key before --consistency', args: ['a'], flags: { prefix: true, fromKey: true, consistency: 'x' }, want: usage('`--prefix` and `--from-key` cannot be set at the same time, choose one') },
    { name: 'two arguments with --prefix', args: ['a', 'b'], flags: { prefix: true }, want: usage('too many arguments, only accept one argument when `--prefix` or `--from-key` is set') },
    { name: 'two arguments with --from-key', args: ['a', 'b'], flags: { fromKey: true }, want: usage('too many arguments, only accept one argument when `--prefix` or `--from-key` is set') },
    { name: 'unknown --consistency', args: ['a'], flags: { consistency: 'x' }, want: unsupported('unknown consistency flag "x"') },
    { name: '--consistency is checked before the argument count', args: ['a', 'b'], flags: { consistency: 'L', prefix: true }, want: unsupported('unknown consistency flag "L"') },
    { name: '--consistency is Go-quoted', args: ['a'], flags: { consistency: 'a"b' }, want: unsupported('unknown consistency flag "a\\"b"') },
    { name: 'bad --order', args: ['a'], flags: { order: 'up' }, want: unsupported('bad sort order up') },
    { name: 'bad --order keeps its case', args: ['a'], flags: { order: 'Up' }, want: unsupported('bad sort order Up') },
    { name: 'bad --sort-by', args: ['a'], flags: { sortBy: 'size' }, want: unsupported('bad sort target size') },
    { name: '--order is checked before --sort-by', args: ['a'], flags: { order: 'up', sortBy: 'size' }, want: unsupported('bad sort order up') },
  ];
  it.each(bad)('$name', ({ args, flags, want }) => {
    expectFailure(failureOf(() => parseGetArgs(args, { ...GET, ...flags })), want);
  });

  // --limit and --rev are pflag Int64 flags, parsed with strconv.ParseInt(s, 0, 64): etcdctl
  // accepts `get foo --limit=0x10` (limit 16) and `--limit=1_000`.
  it.each([
    { flags: { limit: '0x10' }, want: { key: bytes('a'), limit: 16n } },
    { flags: { limit: '1_000' }, want: { key: bytes('a'), limit: 1000n } },
    { flags: { rev: '0x7' }, want: { key: bytes('a'), revision: 7n } },
  ])('integer flags take Go literals: $flags', ({ flags, want }) => {
    expect(norm(RangeRequest, parseGetArgs(['a'], { ...GET, ...flags }).request)).toEqual(norm(RangeRequest, want));
  });
});

// ---------------------------------------------------------------------------------------------

const PUT: PutFlags = { lease: '0', prevKv: false, ignoreValue: false, ignoreLease: false };
const PUT_ARGS = 'put command needs 1 argument and input from stdin or 2 arguments';

describe('parsePutArgs', () => {
  const ok: readonly { name: string; args: string[]; flags?: Partial<PutFlags>; stdin?: Uint8Array; want: Init<PutRequest> }[] = [
    { name: 'key and value', args: ['k', 'v'], want: { key: bytes('k'), value: bytes('v') } },
    { name: 'a third argument is ignored', args: ['k', 'v', 'x'], want: { key: bytes('k'), value: bytes('v') } },
    { name: 'value from stdin, byte for byte', args: ['k'], stdin: Uint8Array.from([0x61, 0x0a, 0xff, 0x00, 0x0a]), want: { key: bytes('k'), value: Uint8Array.from([0x61, 0x0a, 0xff, 0x00, 0x0a]) } },
    { name: 'an argument wins over stdin', args: ['k', 'v'], stdin: bytes('stdin'), want: { key: bytes('k'), value: bytes('v') } },
    { name: 'UTF-8 key and value', args: ['ключ', 'é→世 😀'], want: { key: bytes('ключ'), value: bytes('é→世 😀') } },
    { name: '--lease in hex', args: ['k', 'v'], flags: { lease: '1234abcd' }, want: { key: bytes('k'), value: bytes('v'), lease: 0x1234abcdn } },
    { name: '--lease upper case', args: ['k', 'v'], flags: { lease: 'FF' }, want: { key: bytes('k'), value: bytes('v'), lease: 255n } },
    { name: '--lease above 2^53', args: ['k', 'v'], flags: { lease: '352fa212f5b77a0d' }, want: { key: bytes('k'), value: bytes('v'), lease: 0x352fa212f5b77a0dn } },
    { name: '--lease=-1', args: ['k', 'v'], flags: { lease: '-1' }, want: { key: bytes('k'), value: bytes('v'), lease: -1n } },
    { name: '--prev-kv', args: ['k', 'v'], flags: { prevKv: true }, want: { key: bytes('k'), value: bytes('v'), prev_kv: true } },
    { name: '--ignore-lease', args: ['k', 'v'], flags: { ignoreLease: true }, want: { key: bytes('k'), value: bytes('v'), ignore_lease: true } },
    { name: '--ignore-value: no value, stdin unused', args: ['k'], flags: { ignoreValue: true }, want: { key: bytes('k'), ignore_value: true } },
    { name: 'an empty key is sent (the server refuses it)', args: ['', 'v'], want: { value: bytes('v') } },
  ];
  it.each(ok)('$name', ({ args, flags, stdin, want }) => {
    expect(norm(PutRequest, parsePutArgs(args, { ...PUT, ...flags }, stdin))).toEqual(norm(PutRequest, want));
  });

  const bad: readonly { name: string; args: string[]; flags?: Partial<PutFlags>; stdin?: Uint8Array; want: Failure }[] = [
    { name: 'no arguments', args: [], want: usage(PUT_ARGS) },
    { name: 'no arguments, before a bad lease', args: [], flags: { lease: 'xyz' }, want: usage(PUT_ARGS) },
    { name: 'key only, no stdin', args: ['k'], want: usage(PUT_ARGS) },
    { name: 'key only, empty stdin', args: ['k'], stdin: new Uint8Array(), want: usage(PUT_ARGS) },
    { name: 'key only, empty stdin, before a bad lease', args: ['k'], stdin: new Uint8Array(), flags: { lease: 'xyz' }, want: usage(PUT_ARGS) },
    { name: '--ignore-value with a value', args: ['k', 'v'], flags: { ignoreValue: true }, want: usage("put command needs only 1 argument when 'ignore-value' is set") },
    { name: '--ignore-value with a value, before a bad lease', args: ['k', 'v'], flags: { ignoreValue: true, lease: 'xyz' }, want: usage("put command needs only 1 argument when 'ignore-value' is set") },
    { name: 'bad --lease', args: ['k', 'v'], flags: { lease: 'xyz' }, want: usage('bad lease ID (strconv.ParseInt: parsing "xyz": invalid syntax), expecting ID in Hex') },
    { name: 'empty --lease', args: ['k', 'v'], flags: { lease: '' }, want: usage('bad lease ID (strconv.ParseInt: parsing "": invalid syntax), expecting ID in Hex') },
    { name: '--lease with 0x', args: ['k', 'v'], flags: { lease: '0x1' }, want: usage('bad lease ID (strconv.ParseInt: parsing "0x1": invalid syntax), expecting ID in Hex') },
    { name: '--lease out of range', args: ['k', 'v'], flags: { lease: '8000000000000000' }, want: usage('bad lease ID (strconv.ParseInt: parsing "8000000000000000": value out of range), expecting ID in Hex') },
  ];
  it.each(bad)('$name', ({ args, flags, stdin, want }) => {
    expectFailure(failureOf(() => parsePutArgs(args, { ...PUT, ...flags }, stdin)), want);
  });

  // etcdctl's argOrStdin returns args[1] whenever it is given: `put k ""` stores an empty value
  // (captured: OK, then `get k -w json` shows the key without "value").
  it('an empty value argument is a value', () => {
    expect(norm(PutRequest, parsePutArgs(['k', ''], PUT))).toEqual(norm(PutRequest, { key: bytes('k') }));
  });
});

// ---------------------------------------------------------------------------------------------

const DEL: DelFlags = { prefix: false, prevKv: false, fromKey: false };

describe('parseDelArgs', () => {
  const ok: readonly { name: string; args: string[]; flags?: Partial<DelFlags>; want: Init<DeleteRangeRequest> }[] = [
    { name: 'one key', args: ['k'], want: { key: bytes('k') } },
    { name: 'key and range_end', args: ['a', 'c'], want: { key: bytes('a'), range_end: bytes('c') } },
    { name: '--prefix', args: ['d/'], flags: { prefix: true }, want: { key: bytes('d/'), range_end: bytes('d0') } },
    { name: '--prefix "" deletes everything', args: [''], flags: { prefix: true }, want: { key: NUL, range_end: NUL } },
    { name: '--from-key', args: ['m'], flags: { fromKey: true }, want: { key: bytes('m'), range_end: NUL } },
    { name: '--from-key ""', args: [''], flags: { fromKey: true }, want: { key: NUL, range_end: NUL } },
    { name: '--prev-kv', args: ['k'], flags: { prevKv: true }, want: { key: bytes('k'), prev_kv: true } },
    { name: '--prefix --prev-kv', args: ['k'], flags: { prefix: true, prevKv: true }, want: { key: bytes('k'), range_end: bytes('l'), prev_kv: true } },
  ];
  it.each(ok)('$name', ({ args, flags, want }) => {
    expect(norm(DeleteRangeRequest, parseDelArgs(args, { ...DEL, ...flags }))).toEqual(norm(DeleteRangeRequest, want));
  });

  const ARGS = 'del command needs one argument as key and an optional argument as range_end';
  const bad: readonly { name: string; args: string[]; flags?: Partial<DelFlags>; want: Failure }[] = [
    { name: 'no key', args: [], want: usage(ARGS) },
    { name: 'three arguments', args: ['a', 'b', 'c'], want: usage(ARGS) },
    { name: 'three arguments, before --prefix --from-key', args: ['a', 'b', 'c'], flags: { prefix: true, fromKey: true }, want: usage(ARGS) },
    { name: '--prefix and --from-key', args: ['a'], flags: { prefix: true, fromKey: true }, want: usage('`--prefix` and `--from-key` cannot be set at the same time, choose one') },
    { name: 'two arguments with --prefix', args: ['a', 'b'], flags: { prefix: true }, want: usage('too many arguments, only accept one argument when `--prefix` or `--from-key` is set') },
    { name: 'two arguments with --from-key', args: ['a', 'b'], flags: { fromKey: true }, want: usage('too many arguments, only accept one argument when `--prefix` or `--from-key` is set') },
  ];
  it.each(bad)('$name', ({ args, flags, want }) => {
    expectFailure(failureOf(() => parseDelArgs(args, { ...DEL, ...flags })), want);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseCompactionArgs', () => {
  const ok = [
    { name: 'a revision', args: ['5'], physical: false, want: { revision: 5n, physical: false } },
    { name: '--physical', args: ['5'], physical: true, want: { revision: 5n, physical: true } },
    { name: 'a signed revision', args: ['+5'], physical: false, want: { revision: 5n, physical: false } },
    { name: '-0', args: ['-0'], physical: false, want: { revision: 0n, physical: false } },
    { name: 'int64 maximum', args: ['9223372036854775807'], physical: false, want: { revision: 2n ** 63n - 1n, physical: false } },
  ];
  it.each(ok)('$name', ({ args, physical, want }) => {
    expect(parseCompactionArgs(args, { physical })).toEqual(want);
  });

  const general = (msg: string): Failure => ({ cls: EtcdctlError, code: 1, msg });
  const bad = [
    { name: 'no revision', args: [], want: usage('compaction command needs 1 argument') },
    { name: 'two revisions', args: ['1', '2'], want: usage('compaction command needs 1 argument') },
    // compat(etcdctl 3.4): ExitWithError(ExitError, err), not ExitBadArgs
    { name: 'not a number: exit 1', args: ['abc'], want: general('strconv.ParseInt: parsing "abc": invalid syntax') },
    { name: 'empty: exit 1', args: [''], want: general('strconv.ParseInt: parsing "": invalid syntax') },
    { name: 'hex is not accepted', args: ['0x10'], want: general('strconv.ParseInt: parsing "0x10": invalid syntax') },
    { name: 'out of range: exit 1', args: ['99999999999999999999'], want: general('strconv.ParseInt: parsing "99999999999999999999": value out of range') },
  ];
  it.each(bad)('$name', ({ args, want }) => {
    const err = failureOf(() => parseCompactionArgs(args, { physical: false }));
    expectFailure(err, want);
    if (want.code === 1) expect(err).not.toBeInstanceOf(UsageError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseCompare', () => {
  const k = bytes('k');
  const ok: readonly { line: string; want: Init<Compare> }[] = [
    { line: 'ver("k") = "1"', want: { key: k, result: 'EQUAL', target: 'VERSION', version: 1n } },
    { line: 'version("k") != "2"', want: { key: k, result: 'NOT_EQUAL', target: 'VERSION', version: 2n } },
    { line: 'ver("k") = "0"', want: { key: k, result: 'EQUAL', target: 'VERSION', version: 0n } },
    { line: 'c("k") > "3"', want: { key: k, result: 'GREATER', target: 'CREATE', create_revision: 3n } },
    { line: 'create("k") < "25"', want: { key: k, result: 'LESS', target: 'CREATE', create_revision: 25n } },
    { line: 'm("k") > "0"', want: { key: k, result: 'GREATER', target: 'MOD', mod_revision: 0n } },
    { line: 'mod("k") = "-1"', want: { key: k, result: 'EQUAL', target: 'MOD', mod_revision: -1n } },
    { line: 'ver("k") = "+1"', want: { key: k, result: 'EQUAL', target: 'VERSION', version: 1n } },
    { line: 'val("k") = "v"', want: { key: k, result: 'EQUAL', target: 'VALUE', value: bytes('v') } },
    { line: 'value("k") != ""', want: { key: k, result: 'NOT_EQUAL', target: 'VALUE', value: new Uint8Array() } },
    { line: 'value("t/a") = "nope"', want: { key: bytes('t/a'), result: 'EQUAL', target: 'VALUE', value: bytes('nope') } },
    { line: 'value("a b") = "c d"', want: { key: bytes('a b'), result: 'EQUAL', target: 'VALUE', value: bytes('c d') } },
    { line: 'value("k")   =    "v"', want: { key: k, result: 'EQUAL', target: 'VALUE', value: bytes('v') } },
    { line: 'value("k")\t=\t"v"', want: { key: k, result: 'EQUAL', target: 'VALUE', value: bytes('v') } },
    { line: 'value("k") = "v" extra', want: { key: k, result: 'EQUAL', target: 'VALUE', value: bytes('v') } },
    { line: 'value("k\\x31") = "\\xff\\n"', want: { key: bytes('k1'), result: 'EQUAL', target: 'VALUE', value: Uint8Array.of(0xff, 0x0a) } },
    { line: 'value("q\\"") = "\\\\"', want: { key: bytes('q"'), result: 'EQUAL', target: 'VALUE', value: bytes('\\') } },
    { line: 'value("\\u00e9") = "\\101"', want: { key: bytes('é'), result: 'EQUAL', target: 'VALUE', value: bytes('A') } },
    { line: 'value(`k1`) = `v1`', want: { key: bytes('k1'), result: 'EQUAL', target: 'VALUE', value: bytes('v1') } },
    { line: 'value("é→世") = "😀"', want: { key: bytes('é→世'), result: 'EQUAL', target: 'VALUE', value: bytes('😀') } },
    // compat: `lease(…)` makes etcdctl 3.4 panic; 3.5 reads the id in hex, and so do we.
    { line: 'lease("k") = "1a"', want: { key: k, result: 'EQUAL', target: 'LEASE', lease: 0x1an } },
  ];
  it.each(ok)('$line', ({ line, want }) => {
    expect(norm(Compare, parseCompare(line))).toEqual(norm(Compare, want));
  });

  // captured: `printf '<line>\n\n\n\n' | etcdctl txn`
  const bad: readonly { line: string; msg: string }[] = [
    { line: 'bogus', msg: 'malformed comparison: bogus' },
    { line: 'value(k1) = "v1"', msg: 'malformed comparison: value(k1) = "v1"; got value("")  ""' },
    { line: 'size("k1") = "1"', msg: 'malformed comparison: size("k1") = "1" (unknown target size)' },
    { line: '("k1") = "1"', msg: 'malformed comparison: ("k1") = "1" (unknown target )' },
    { line: 'Value("k1") = "1"', msg: 'malformed comparison: Value("k1") = "1" (unknown target Value)' },
    { line: 'ver("k1") = "abc"', msg: 'invalid txn compare request: ver("k1") = "abc"' },
    { line: 'ver("k1") = "1.5"', msg: 'invalid txn compare request: ver("k1") = "1.5"' },
    { line: 'ver("k1") = "0x10"', msg: 'invalid txn compare request: ver("k1") = "0x10"' },
    { line: 'ver("k1") = " 1"', msg: 'invalid txn compare request: ver("k1") = " 1"' },
    { line: 'c("k1") = ""', msg: 'invalid txn compare request: c("k1") = ""' },
    { line: 'value("k1")', msg: 'malformed comparison: value("k1"); got value("k1")  ""' },
    { line: 'value("k1") =', msg: 'malformed comparison: value("k1") =; got value("k1") = ""' },
    { line: 'value("k1") = v1', msg: 'malformed comparison: value("k1") = v1; got value("k1") = ""' },
    { line: 'value("k1" = "v1"', msg: 'malformed comparison: value("k1" = "v1"; got value("k1")  ""' },
    { line: 'value("k1" ) = "v1"', msg: 'malformed comparison: value("k1" ) = "v1"; got value("k1")  ""' },
    { line: 'value("unterminated) = "1"', msg: 'malformed comparison: value("unterminated) = "1"; got value("unterminated) = ")  ""' },
    { line: 'value("\\q") = "1"', msg: 'malformed comparison: value("\\q") = "1"; got value("")  ""' },
  ];
  it.each(bad)('$line', ({ line, msg }) => {
    expectFailure(failureOf(() => parseCompare(line)), invalidInput(msg));
  });

  // In fmt.Sscanf a space in the format ("%q) %s %q") needs at least one space in the input (or
  // its end), so etcdctl rejects a comparison without a space after ")".
  it.each([
    { line: 'value("k1")= "v1"', msg: 'malformed comparison: value("k1")= "v1"; got value("k1")  ""' },
    { line: 'value("k1")="v1"', msg: 'malformed comparison: value("k1")="v1"; got value("k1")  ""' },
  ])('$line (no space after the parenthesis)', ({ line, msg }) => {
    expectFailure(failureOf(() => parseCompare(line)), invalidInput(msg));
  });

  // The "got" part quotes the key's bytes (`got value("\xff") = ""`).
  it('a non-UTF-8 key is quoted byte for byte in the message', () => {
    expectFailure(failureOf(() => parseCompare('value("\\xff") = v')), invalidInput('malformed comparison: value("\\xff") = v; got value("\\xff") = ""'));
  });
});

describe('goUnquote (strconv.Unquote)', () => {
  const ok = [
    { lit: '""', want: new Uint8Array() },
    { lit: '"abc"', want: bytes('abc') },
    { lit: '"a\\tb\\n"', want: bytes('a\tb\n') },
    { lit: '"\\a\\b\\f\\r\\v\\\\\\""', want: Uint8Array.of(7, 8, 12, 13, 11, 0x5c, 0x22) },
    { lit: '"\\x00\\xff"', want: Uint8Array.of(0, 0xff) },
    { lit: '"\\101\\377"', want: Uint8Array.of(0x41, 0xff) },
    { lit: '"\\u00e9\\U0001F600"', want: bytes('é😀') },
    { lit: '"é😀"', want: bytes('é😀') },
    { lit: '`raw \\n`', want: bytes('raw \\n') },
  ];
  it.each(ok)('$lit', ({ lit, want }) => {
    const got = goUnquote(lit);
    expect(got && toHex(got)).toBe(toHex(want));
  });

  it.each(['', '"', 'abc', '"abc', "'a'", '"\\q"', '"\\x4"', '"\\400"', '"\\ud800"', '"a"b"', '"a\nb"', '`a`b`', '"\\"'])('%j is malformed', (lit) => {
    expect(goUnquote(lit)).toBeUndefined();
  });
});

describe('argify', () => {
  const cases: readonly { line: string; want: string[] }[] = [
    { line: 'put k v', want: ['put', 'k', 'v'] },
    { line: '  put \t k   v  ', want: ['put', 'k', 'v'] },
    { line: 'put k "x y"', want: ['put', 'k', 'x y'] },
    { line: 'put k "a\\tb"', want: ['put', 'k', 'a\tb'] },
    { line: 'put k "\\"q\\""', want: ['put', 'k', '"q"'] },
    { line: 'put k a"b', want: ['put', 'k', 'a"b'] },
    { line: "put k a'b", want: ['put', 'k', "a'b"] },
    { line: 'put "k" `raw`', want: ['put', 'k', '`raw`'] },
    { line: 'put k ""', want: ['put', 'k', ''] },
    // compat(etcdctl 3.4): a single-quoted token t becomes t[1 : len(tokens)-1]
    { line: "put k2 'x y'", want: ['put', 'k2', 'x'] },
    { line: "put k3 'abcdef' --prev-kv", want: ['put', 'k3', 'ab', '--prev-kv'] },
    { line: "put k 'a'", want: ['put', 'k', 'a'] },
    { line: "put 'abc'", want: ['put', ''] },
    { line: "put k ''", want: ['put', 'k', "'"] },
    { line: 'get k --prefix', want: ['get', 'k', '--prefix'] },
    { line: '', want: [] },
  ];
  it.each(cases)('$line', ({ line, want }) => {
    expect(argify(line)).toEqual(want);
  });

  // compat: where the 3.4 slice is out of range etcdctl panics (`'ab'` alone); argify says so with
  // undefined and the caller reports an invalid txn request.
  it.each(["'ab'", "put k '' x", "put k 'a' x y z"])('%s: the 3.4 slice is out of range', (line) => {
    expect(argify(line)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

async function readTxnFrom(stdin: string): Promise<{ input?: Awaited<ReturnType<typeof readTxn>>; err?: unknown; stderr: string; stdout: string }> {
  const io = captureIO(stdin);
  const ctx = new Context(io, new AbortController().signal);
  try {
    return { input: await readTxn(ctx, false), stderr: io.stderrText(), stdout: io.stdoutText() };
  } catch (err) {
    return { err, stderr: io.stderrText(), stdout: io.stdoutText() };
  }
}

/** The request ops of a txn whose only success op is `line`. */
async function successOp(line: string): Promise<Awaited<ReturnType<typeof readTxnFrom>>> {
  return readTxnFrom(`\n${line}\n\n\n`);
}

const txnOf = (input: Init<TxnRequest>): TxnRequest => norm<TxnRequest>(TxnRequest, input);

describe('txn stdin (readTxn)', () => {
  it('three sections, each ended by an empty line', async () => {
    const r = await readTxnFrom('mod("t/a") > "0"\nver("t/b") = "1"\n\nput t/c 3 --prev-kv\nget t/ --prefix\ndel t/b --prev-kv\n\nput t/x never\n\n');
    expect(r.err).toBeUndefined();
    expect(txnOf(r.input!)).toEqual(
      txnOf({
        compare: [
          { key: bytes('t/a'), result: 'GREATER', target: 'MOD', mod_revision: 0n },
          { key: bytes('t/b'), result: 'EQUAL', target: 'VERSION', version: 1n },
        ],
        success: [
          { request_put: { key: bytes('t/c'), value: bytes('3'), prev_kv: true } },
          { request_range: { key: bytes('t/'), range_end: bytes('t0') } },
          { request_delete_range: { key: bytes('t/b'), prev_kv: true } },
        ],
        failure: [{ request_put: { key: bytes('t/x'), value: bytes('never') } }],
      }),
    );
    expect(r.stdout).toBe('');
  });

  it('lines are trimmed; a line of spaces ends a section', async () => {
    const r = await readTxnFrom('  value("k") = "v"  \n   \n\tput k v\t\n \t\n\n');
    expect(txnOf(r.input!)).toEqual(
      txnOf({ compare: [{ key: bytes('k'), result: 'EQUAL', target: 'VALUE', value: bytes('v') }], success: [{ request_put: { key: bytes('k'), value: bytes('v') } }] }),
    );
  });

  it('an empty transaction', async () => {
    expect(txnOf((await readTxnFrom('\n\n\n')).input!)).toEqual(txnOf({}));
  });

  it.each([
    { name: 'empty stdin', stdin: '' },
    { name: 'EOF before the third empty line', stdin: 'mod("t2") > "0"\n\nget t2\n' },
    { name: 'a last line without its newline', stdin: '\n\nput k v' },
    { name: 'two sections only', stdin: '\n\n' },
  ])('$name: `EOF`, exit 3', async ({ stdin }) => {
    expectFailure((await readTxnFrom(stdin)).err, invalidInput('EOF'));
  });

  const ops: readonly { line: string; want: Init<TxnRequest>['success'] }[] = [
    { line: 'put k v --prev-kv', want: [{ request_put: { key: bytes('k'), value: bytes('v'), prev_kv: true } }] },
    { line: 'put k v --lease=1a', want: [{ request_put: { key: bytes('k'), value: bytes('v'), lease: 0x1an } }] },
    { line: 'get k --prefix --limit 2', want: [{ request_range: { key: bytes('k'), range_end: bytes('l'), limit: 2n } }] },
    { line: 'get k --print-value-only', want: [{ request_range: { key: bytes('k') } }] },
    { line: 'del k --from-key', want: [{ request_delete_range: { key: bytes('k'), range_end: NUL } }] },
    { line: 'put k "x y"', want: [{ request_put: { key: bytes('k'), value: bytes('x y') } }] },
    // compat(etcdctl 3.4): the single-quote slice (`put tq/2 'abcdef' --prev-kv` stored "ab")
    { line: "put k 'abcdef' --prev-kv", want: [{ request_put: { key: bytes('k'), value: bytes('ab'), prev_kv: true } }] },
    { line: 'put k -- -v', want: [{ request_put: { key: bytes('k'), value: bytes('-v') } }] },
  ];
  it.each(ops)('op `$line`', async ({ line, want }) => {
    const r = await successOp(line);
    expect(r.err).toBeUndefined();
    expect(txnOf(r.input!)).toEqual(txnOf({ success: want }));
  });

  // captured: `printf '\n<op>\n\n\n' | etcdctl txn`
  const badOps: readonly { line: string; want: Failure }[] = [
    { line: 'get', want: invalidInput('invalid txn compare request: get') },
    { line: 'bogus k1', want: invalidInput('invalid txn request: bogus k1') },
    { line: 'put k', want: usage(PUT_ARGS) },
    { line: "put 'abc'", want: usage(PUT_ARGS) },
    { line: 'put k v --lease=zz', want: usage('bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex') },
    { line: 'get --order=up k', want: unsupported('bad sort order up') },
    { line: 'del', want: invalidInput('invalid txn compare request: del') },
    { line: "'ab'", want: invalidInput("invalid txn request: 'ab'") },
  ];
  it.each(badOps)('op `$line`', async ({ line, want }) => {
    expectFailure((await successOp(line)).err, want);
  });

  // etcdctl prints cobra's default usage of the op's command on stderr, then `Error: invalid txn
  // request: <line>`, exit 3 (captured into test/golden/txn.op-bad-flag-*.stderr-usage.txt).
  it.each([
    { line: 'get k -w json', golden: 'txn.op-bad-flag-get.stderr-usage.txt' },
    { line: 'del tq/ --prefix --bogus', golden: 'txn.op-bad-flag-del.stderr-usage.txt' },
    { line: 'put k v --bogus', golden: 'txn.op-bad-flag-put.stderr-usage.txt' },
  ])('op `$line`: a flag error shows the command usage', async ({ line, golden: g }) => {
    const r = await successOp(line);
    expectFailure(r.err, invalidInput(`invalid txn request: ${line}`));
    expect(r.err).toBeInstanceOf(TxnInputError);
    expect(r.stderr).toBe(golden(g));
    expect(r.stdout).toBe('');
  });

  // The op lines run through a cobra command tree, and cobra.EnablePrefixMatching applies there
  // too: etcdctl runs `ge foo` as a get and `pu k v` as a put.
  it.each([
    { line: 'ge foo', want: [{ request_range: { key: bytes('foo') } }] },
    { line: 'pu k v', want: [{ request_put: { key: bytes('k'), value: bytes('v') } }] },
  ])('op `$line`: command names are prefix-matched', async ({ line, want }) => {
    const r = await successOp(line);
    expect(r.err).toBeUndefined();
    expect(txnOf(r.input!)).toEqual(txnOf({ success: want }));
  });

  // argify exits with `Error: invalid syntax` (exit 3) when a double-quoted token does not
  // unquote (etcdctl: `put tq/4 "\q"` → Error: invalid syntax).
  it('op `put k "\\q"`: `invalid syntax`, exit 3', async () => {
    expectFailure((await successOp('put k "\\q"')).err, invalidInput('invalid syntax'));
  });

  // A \xff escape in a double-quoted op argument is a raw byte (etcdctl stored 0xff for
  // `put tq/5 "\xff"`).
  it('op `put k "\\xff"` stores the byte 0xff', async () => {
    const r = await successOp('put k "\\xff"');
    expect(txnOf(r.input!)).toEqual(txnOf({ success: [{ request_put: { key: bytes('k'), value: Uint8Array.of(0xff) } }] }));
  });

  it('a malformed compare stops the read with exit 3', async () => {
    expectFailure((await readTxnFrom('bogus\n\n\n\n')).err, invalidInput('malformed comparison: bogus'));
  });
});
