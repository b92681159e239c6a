import { describe, expect, it } from 'vitest';

import { captureIO, type CapturedIO } from '../../../src/cli/io.js';
import { EtcdctlError, exitCodeFor, UnsupportedError } from '../../../src/core/errors.js';
import type { DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse } from '../../../src/client/types.js';
import { FieldsPrinter } from '../../../src/output/fields.js';
import { JsonPrinter } from '../../../src/output/json-printer.js';
import { createPrinter, type Printer } from '../../../src/output/printer.js';
import { ProtobufPrinter } from '../../../src/output/protobuf.js';
import { SimplePrinter } from '../../../src/output/simple.js';
import { TablePrinter } from '../../../src/output/table.js';
import {
  delNone,
  delPrevKvOne,
  delPrevKvTwo,
  deleteResponse,
  getBin,
  getFoo,
  getKeysOnly,
  getLeased,
  getLimit,
  getMissing,
  golden,
  goldenBytes,
  header,
  kv,
  putPlain,
  putPrevKv,
  putResponse,
  toHex,
  txnEmpty,
  txnFail,
  txnOk,
  txnResponse,
  op,
  rangeResponse,
} from '../../fixtures/kv.js';

// Expected output is what /usr/bin/etcdctl 3.4.23 printed for the same response against a private
// etcd 3.4.23 (goldens in test/golden/<command>.<case>.<format>.txt; short ones inline). Each
// fixture rebuilds the response of that run (test/fixtures/kv.ts).

type Call = (p: Printer) => void;
const get = (r: RangeResponse, valueOnly = false): Call => (p) => p.get(r, { valueOnly });
const put = (r: PutResponse): Call => (p) => p.put(r);
const del = (r: DeleteRangeResponse): Call => (p) => p.del(r);
const txn = (r: TxnResponse): Call => (p) => p.txn(r);

function run(make: (io: CapturedIO) => Printer, call: Call): CapturedIO {
  const io = captureIO();
  call(make(io));
  return io;
}

interface Case {
  readonly name: string;
  readonly call: Call;
  /** Golden file name, or the expected text inline. */
  readonly want: { golden: string } | { text: string };
}

const expected = (w: Case['want']): Buffer => ('golden' in w ? goldenBytes(w.golden) : Buffer.from(w.text, 'utf8'));

describe('SimplePrinter', () => {
  const cases: readonly (Case & { hex?: boolean })[] = [
    { name: 'get: key line, value line', call: get(getFoo()), want: { golden: 'get.foo.simple.txt' } },
    { name: 'get --hex: every byte as \\xhh', call: get(getFoo()), hex: true, want: { golden: 'get.foo.hex.txt' } },
    { name: 'get --print-value-only', call: get(getFoo(), true), want: { golden: 'get.foo.value-only.txt' } },
    { name: 'get --print-value-only --hex', call: get(getFoo(), true), hex: true, want: { text: '\\x62\\x61\\x72\\x37\n' } },
    { name: 'get: raw bytes, newlines and NUL in a value, UTF-8 key and value', call: get(getBin()), want: { golden: 'get.bin.simple.txt' } },
    { name: 'get --hex of raw bytes', call: get(getBin()), hex: true, want: { golden: 'get.bin.hex.txt' } },
    { name: 'get --print-value-only of raw bytes', call: get(getBin(), true), want: { golden: 'get.bin.value-only.txt' } },
    { name: 'get --keys-only: an empty line for each value', call: get(getKeysOnly()), want: { golden: 'get.keys-only.simple.txt' } },
    { name: 'get --keys-only --hex: still an empty value line', call: get(getKeysOnly()), hex: true, want: { text: '\\x66\\x6f\\x6f\n\n\\x66\\x6f\\x6f\\x32\n\n' } },
    { name: 'get of a missing key prints nothing', call: get(getMissing()), want: { golden: 'get.missing.simple.txt' } },
    { name: 'put', call: put(putPlain()), want: { text: 'OK\n' } },
    { name: 'put --prev-kv', call: put(putPrevKv(7)), want: { golden: 'put.prev-kv.simple.txt' } },
    {
      name: 'put --prev-kv --hex',
      call: put(putResponse(header(60), kv('hx', 'a b', { create: 59, mod: 59, version: 1 }))),
      hex: true,
      want: { text: 'OK\n\\x68\\x78\n\\x61\\x20\\x62\n' },
    },
    { name: 'del of nothing: 0', call: del(delNone()), want: { text: '0\n' } },
    { name: 'del --prev-kv: count, then the deleted pairs', call: del(delPrevKvTwo()), want: { golden: 'del.prev-kv.simple.txt' } },
    {
      name: 'del --prev-kv --hex: the count stays decimal',
      call: del(deleteResponse(header(61), 1, [kv('hx', 'c\nd', { create: 59, mod: 60, version: 2 })])),
      hex: true,
      want: { text: '1\n\\x68\\x78\n\\x63\\x0a\\x64\n' },
    },
    { name: 'txn that succeeded: SUCCESS, then a blank line before each op', call: txn(txnOk(40, 9)), want: { golden: 'txn.ok.simple.txt' } },
    { name: 'txn that failed', call: txn(txnFail(41)), want: { golden: 'txn.fail.simple.txt' } },
    { name: 'txn without ops', call: txn(txnEmpty()), want: { golden: 'txn.empty.simple.txt' } },
    {
      name: 'txn --hex applies to the ops',
      call: txn(txnResponse(header(57), true, [op.range(rangeResponse(header(57), [kv('foo', 'bar7', { create: 2, mod: 8, version: 7 })]))])),
      hex: true,
      want: { text: 'SUCCESS\n\n\\x66\\x6f\\x6f\n\\x62\\x61\\x72\\x37\n' },
    },
  ];
  it.each(cases)('$name', ({ call, hex, want }) => {
    const io = run((io) => new SimplePrinter(io, { hex: hex ?? false }), call);
    expect(io.stdoutBytes().equals(expected(want))).toBe(true);
    expect(io.stdoutBytes().toString('latin1')).toBe(expected(want).toString('latin1'));
    expect(io.stderrText()).toBe('');
  });
});

describe('FieldsPrinter', () => {
  const cases: readonly Case[] = [
    { name: 'get', call: get(getFoo()), want: { golden: 'get.foo.fields.txt' } },
    { name: 'get --limit: "More" : true', call: get(getLimit()), want: { golden: 'get.limit.fields.txt' } },
    { name: 'get of a missing key: header, More and Count 0', call: get(getMissing()), want: { golden: 'get.missing.fields.txt' } },
    { name: 'get of a leased key', call: get(getLeased()), want: { golden: 'get.leased.fields.txt' } },
    { name: 'get of raw bytes: Go %q, printable UTF-8 kept', call: get(getBin()), want: { golden: 'get.bin.fields.txt' } },
    { name: 'put --prev-kv: Prev-prefixed kv', call: put(putPrevKv(5)), want: { golden: 'put.prev-kv.fields.txt' } },
    { name: 'del of nothing: "Deleted" : 0', call: del(delNone()), want: { golden: 'del.none.fields.txt' } },
    { name: 'del --prev-kv of two keys', call: del(delPrevKvTwo()), want: { golden: 'del.prev-kv.fields.txt' } },
    { name: 'txn: nested headers show zeros', call: txn(txnOk(35, 5)), want: { golden: 'txn.ok.fields.txt' } },
    { name: 'txn that failed: "Succeeded" : false', call: txn(txnFail(41)), want: { golden: 'txn.fail.fields.txt' } },
    { name: 'txn without ops', call: txn(txnEmpty()), want: { golden: 'txn.empty.fields.txt' } },
  ];
  it.each(cases)('$name', ({ call, want }) => {
    const io = run((io) => new FieldsPrinter(io), call);
    expect(io.stdoutText()).toBe(expected(want).toString('utf8'));
  });

  it('a response without a header prints a header of zeros', () => {
    const io = run((io) => new FieldsPrinter(io), put(putResponse(undefined)));
    expect(io.stdoutText()).toBe('"ClusterID" : 0\n"MemberID" : 0\n"Revision" : 0\n"RaftTerm" : 0\n');
  });
});

describe('JsonPrinter', () => {
  const cases: readonly Case[] = [
    { name: 'get', call: get(getFoo()), want: { golden: 'get.foo.json.txt' } },
    { name: 'get of a missing key', call: get(getMissing()), want: { golden: 'get.missing.json.txt' } },
    { name: 'get of raw bytes', call: get(getBin()), want: { golden: 'get.bin.json.txt' } },
    { name: 'put', call: put(putPlain(3)), want: { golden: 'put.plain.json.txt' } },
    { name: 'put --prev-kv', call: put(putPrevKv(4)), want: { golden: 'put.prev-kv.json.txt' } },
    { name: 'del of nothing', call: del(delNone()), want: { golden: 'del.none.json.txt' } },
    { name: 'del --prev-kv', call: del(delPrevKvOne()), want: { golden: 'del.prev-kv.json.txt' } },
    { name: 'txn', call: txn(txnOk(32, 3)), want: { golden: 'txn.ok.json.txt' } },
    { name: 'txn that failed', call: txn(txnFail(40)), want: { golden: 'txn.fail.json.txt' } },
  ];
  it.each(cases)('$name: one line', ({ call, want }) => {
    const io = run((io) => new JsonPrinter(io), call);
    expect(io.stdoutText()).toBe(expected(want).toString('utf8'));
  });
});

describe('ProtobufPrinter', () => {
  // captured with -w protobuf: the encoded response, no newline after it
  const cases = [
    { name: 'get', call: get(getFoo()), hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180c200212110a03666f6f1002180820072a04626172372001' },
    { name: 'get of a missing key', call: get(getMissing()), hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180c2002' },
    { name: 'put --prev-kv', call: put(putPrevKv(6)), hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d9011806200212110a03666f6f1002180520042a0462617234' },
    { name: 'del of nothing', call: del(delNone()), hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180f2002' },
    {
      name: 'txn that failed',
      call: txn(txnFail(42)),
      hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901182a20021a180a160a021829120e0a03742f611019181920012a013120011a0612040a02182a',
    },
  ];
  it.each(cases)('$name', ({ call, hex }) => {
    const io = run((io) => new ProtobufPrinter(io), call);
    expect(toHex(io.stdoutBytes())).toBe(hex);
  });
});

describe('table printer: no KV response can be shown as a table', () => {
  const calls: Partial<Record<keyof Printer, Call>> = {
    get: get(getFoo()),
    put: put(putPlain()),
    del: del(delNone()),
    txn: txn(txnEmpty()),
  };
  // The KV methods only: member list, endpoint and snapshot status do have tables
  // (cluster-printers.test.ts).
  const kvMethods = (Object.keys(calls) as (keyof Printer)[]);
  it.each(kvMethods.map((m) => ({ method: m })))('$method: `table not supported as output format`, exit 4', ({ method }) => {
    const io = captureIO();
    const p = new TablePrinter(io);
    let err: unknown;
    try {
      calls[method]!(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toBe('table not supported as output format');
    expect(exitCodeFor(err)).toBe(4);
    expect(io.stdoutBytes()).toHaveLength(0);
    expect(io.stderrBytes()).toHaveLength(0);
  });
});

describe('createPrinter', () => {
  const formats = [
    { format: 'simple', cls: SimplePrinter },
    { format: 'json', cls: JsonPrinter },
    { format: 'fields', cls: FieldsPrinter },
    { format: 'protobuf', cls: ProtobufPrinter },
  ];
  it.each(formats)('$format', async ({ format, cls }) => {
    expect(await createPrinter(format, { hex: false }, captureIO())).toBeInstanceOf(cls);
  });

  it('table: a printer whose every KV method refuses', async () => {
    const p = await createPrinter('table', { hex: false }, captureIO());
    expect(() => p.get(getFoo())).toThrow('table not supported as output format');
  });

  it('--hex reaches the simple writer', async () => {
    const io = captureIO();
    (await createPrinter('simple', { hex: true }, io)).get(getFoo());
    expect(io.stdoutText()).toBe(golden('get.foo.hex.txt'));
  });

  // captured: `get foo -w json --hex` and `-w fields --hex` print as without --hex
  it.each([
    { format: 'json', want: 'get.foo.json.txt' },
    { format: 'fields', want: 'get.foo.fields.txt' },
  ])('--hex does not change $format', async ({ format, want }) => {
    const io = captureIO();
    (await createPrinter(format, { hex: true }, io)).get(getFoo());
    expect(io.stdoutText()).toBe(golden(want));
  });

  // captured: `-w bogus`, `-w JSON` (formats are case-sensitive) and `-w ''`: exit 4
  it.each(['bogus', 'JSON', '', 'Simple'])('%j: `unsupported output format`, exit 4', async (format) => {
    const err: unknown = await createPrinter(format, { hex: false }, captureIO()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedError);
    expect(err).toBeInstanceOf(EtcdctlError);
    expect((err as Error).message).toBe('unsupported output format');
    expect(exitCodeFor(err)).toBe(4);
  });
});
