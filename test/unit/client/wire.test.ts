import { describe, expect, it } from 'vitest';

import {
  Compare,
  DeleteRangeResponse,
  KeyValue,
  MemberListResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseHeader,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchRequest,
  WatchResponse,
} from '../../../src/client/generated/proto.js';
import { decode, encode, type Init, type MessageType } from '../../../src/client/wire.js';
import {
  bytes,
  CLUSTER_ID,
  delNone,
  fromHex,
  getFoo,
  getMissing,
  golden,
  header,
  kv,
  LEASE_ID,
  MEMBER_ID,
  putPrevKv,
  rangeResponse,
  toHex,
  txnFail,
  txnOk,
  deleteResponse,
} from '../../fixtures/kv.js';

// Expected bytes are either hand-computed from the protobuf wire format (tag = field << 3 | wire
// type; varints little-endian base 128; negative int64 as 10-byte two's complement) or, where
// marked "captured", the stdout of `/usr/bin/etcdctl … -w protobuf` (etcdctl 3.4.23, gogo
// protobuf) against a private etcd 3.4.23: what Go's Marshal writes for that response.

interface Case<T extends object> {
  readonly name: string;
  readonly type: MessageType<T>;
  readonly msg: Init<T>;
  readonly hex: string;
}

// A helper so each row keeps its own message type.
const c = <T extends object>(name: string, type: MessageType<T>, msg: Init<T>, hex: string): Case<object> =>
  ({ name, type, msg, hex: hex.replace(/\s+/g, '') }) as unknown as Case<object>;

const k = bytes('k');

const encodings: readonly Case<object>[] = [
  c('RangeRequest: every kind of scalar', RangeRequest, {
    key: bytes('foo'),
    range_end: bytes('fop'),
    limit: 10n,
    sort_order: 'DESCEND',
    sort_target: 'MOD',
    serializable: true,
  }, '0a03666f6f 1203666f70 180a 2802 3003 3801'),
  c('RangeRequest: zero values are left out', RangeRequest, {
    key: bytes('k'),
    range_end: new Uint8Array(),
    limit: 0n,
    revision: 0n,
    sort_order: 'NONE',
    sort_target: 'KEY',
    serializable: false,
    keys_only: false,
  }, '0a016b'),
  c('RangeRequest: everything from "\\0"', RangeRequest, { key: Uint8Array.of(0), range_end: Uint8Array.of(0) }, '0a0100 120100'),
  c('PutRequest: negative int64 as ten bytes', PutRequest, { key: k, value: bytes('v'), lease: -1n, prev_kv: true },
    '0a016b 120176 18ffffffffffffffffff01 2001'),
  c('PutRequest: lease id above 2^53', PutRequest, { key: k, value: bytes('v'), lease: LEASE_ID }, '0a016b 120176 188df4ddadafc2e89735'),
  c('PutRequest: int64 minimum', PutRequest, { key: k, lease: -(2n ** 63n) }, '0a016b 1880808080808080808001'),
  c('Compare: version 0 is sent (oneof member)', Compare, { result: 'EQUAL', target: 'VERSION', key: k, version: 0n }, '1a016b 2000'),
  c('Compare: create_revision 0', Compare, { result: 'GREATER', target: 'CREATE', key: k, create_revision: 0n }, '0801 1001 1a016b 2800'),
  c('Compare: mod_revision 0', Compare, { result: 'LESS', target: 'MOD', key: k, mod_revision: 0n }, '0802 1002 1a016b 3000'),
  c('Compare: empty value', Compare, { result: 'NOT_EQUAL', target: 'VALUE', key: k, value: new Uint8Array() }, '0803 1003 1a016b 3a00'),
  c('Compare: lease 0', Compare, { result: 'EQUAL', target: 'LEASE', key: k, lease: 0n }, '1004 1a016b 4000'),
  c('Compare: value and range_end (field 64, two-byte tag)', Compare, {
    result: 'EQUAL',
    target: 'VALUE',
    key: k,
    value: bytes('v1'),
    range_end: bytes('z'),
  }, '1003 1a016b 3a027631 8204017a'),
  c('Compare: negative mod_revision', Compare, { result: 'LESS', target: 'MOD', key: k, mod_revision: -1n }, '0802 1002 1a016b 30ffffffffffffffffff01'),
  c('RequestOp: a oneof message member with only defaults is still sent', RequestOp, { request_range: {} }, '0a00'),
  c('TxnRequest: compare, put, and a nested txn in failure', TxnRequest, {
    compare: [{ result: 'GREATER', target: 'MOD', key: bytes('a'), mod_revision: 0n }],
    success: [{ request_put: { key: bytes('a'), value: bytes('b') } }],
    failure: [{ request_txn: { success: [{ request_range: { key: bytes('a') } }] } }],
  }, '0a09 0801 1002 1a0161 3000   1208 1206 0a0161 120162   1a09 2207 1205 0a03 0a0161'),
  c('WatchRequest: create with packed filters', WatchRequest, {
    create_request: { key: bytes('a'), filters: ['NOPUT', 'NODELETE'], prev_kv: true },
  }, '0a09 0a0161 2a020001 3001'),
  c('ResponseHeader: uint64 maximum', ResponseHeader, { cluster_id: 2n ** 64n - 1n }, '08ffffffffffffffffff01'),
  // captured: `put foo bar4 --prev-kv -w protobuf`
  c('PutResponse with prev_kv (captured)', PutResponse, putPrevKv(6),
    '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d9011806200212110a03666f6f1002180520042a0462617234'),
  // captured: `get foo -w protobuf`
  c('RangeResponse with kvs (captured)', RangeResponse, getFoo(),
    '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180c200212110a03666f6f1002180820072a04626172372001'),
  // captured: `get nothere -w protobuf`: count 0 and more false are not written
  c('RangeResponse without kvs (captured)', RangeResponse, getMissing(), '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180c2002'),
  // captured: `del nothere -w protobuf`
  c('DeleteRangeResponse, nothing deleted (captured)', DeleteRangeResponse, delNone(), '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180f2002'),
  // captured: `del d/1 --prev-kv -w protobuf`
  c('DeleteRangeResponse with prev_kvs (captured)', DeleteRangeResponse,
    deleteResponse(header(24), 1, [kv('d/1', 'one', { create: 23, mod: 23, version: 1 })]),
    '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d9011818200210011a100a03642f311017181720012a036f6e65'),
  // captured: the succeeding txn of test/fixtures/kv.ts, `-w protobuf`
  c('TxnResponse with put, range and delete responses (captured)', TxnResponse, txnOk(38, 7),
    '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d9011826200210011a1812160a02182612100a03742f63101b182420072a036f6c641a380a360a021826120e0a03742f611019181920012a0131120e0a03742f621025182520012a0132120e0a03742f63101b182620082a013320031a181a160a02182610011a0e0a03742f621025182520012a0132'),
  // captured: the failing txn, `-w protobuf`: succeeded false is not written
  c('TxnResponse that failed (captured)', TxnResponse, txnFail(42),
    '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901182a20021a180a160a021829120e0a03742f611019181920012a013120011a0612040a02182a'),
];

describe('encode: byte-exact', () => {
  it.each(encodings)('$name', ({ type, msg, hex }) => {
    expect(toHex(encode(type, msg))).toBe(hex);
  });
});

/**
 * `msg` with every field the sender left out at its proto3 default, as a decoder must give it:
 * scalars zero, enums their zero name, repeated fields empty, absent sub-messages and oneof
 * members undefined. Written from the proto3 rules, not from the codec under test.
 */
function withDefaults(type: MessageType<object>, msg: object): object {
  const m = msg as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of type.fields) {
    const v = m[f.name];
    if (f.repeated) {
      const items = (v as unknown[] | undefined) ?? [];
      out[f.name] = f.kind === 'message' ? items.map((i) => withDefaults(f.message, i as object)) : [...items];
    } else if (f.kind === 'message') {
      out[f.name] = v === undefined ? undefined : withDefaults(f.message, v as object);
    } else if (v !== undefined || f.oneof !== undefined) {
      out[f.name] = v;
    } else if (f.kind === 'enum') {
      out[f.name] = f.enum.byNumber.get(0);
    } else {
      out[f.name] = { int64: 0n, uint64: 0n, int32: 0, uint32: 0, bool: false, string: '', bytes: new Uint8Array() }[f.scalar];
    }
  }
  return out;
}

describe('decode(encode(x)) round trips', () => {
  const roundTrips: readonly Case<object>[] = [
    c('RangeRequest with every field', RangeRequest, {
      key: bytes('a'),
      range_end: bytes('b'),
      limit: 5n,
      revision: 7n,
      sort_order: 'ASCEND',
      sort_target: 'VALUE',
      serializable: true,
      keys_only: true,
      count_only: true,
      min_mod_revision: 1n,
      max_mod_revision: 2n,
      min_create_revision: 3n,
      max_create_revision: -4n,
    }, ''),
    c('RangeResponse with kvs, more and count', RangeResponse, rangeResponse(header(9), [kv('a', 'x', { create: 1, mod: 2, version: 3, lease: -5 }), kv('b', '')], { more: true, count: 40 }), ''),
    c('KeyValue with int64 extremes', KeyValue, kv('k', 'v', { create: 2n ** 63n - 1n, mod: -(2n ** 63n), version: -1, lease: LEASE_ID }), ''),
    c('TxnRequest nested two deep', TxnRequest, {
      compare: [
        { result: 'EQUAL', target: 'VERSION', key: bytes('a'), version: 0n },
        { result: 'NOT_EQUAL', target: 'VALUE', key: bytes('b'), value: new Uint8Array(), range_end: bytes('c') },
        { result: 'LESS', target: 'LEASE', key: bytes('d'), lease: 0n },
      ],
      success: [
        { request_delete_range: { key: bytes('a'), range_end: bytes('b'), prev_kv: true } },
        { request_txn: { failure: [{ request_txn: { success: [{ request_put: { key: bytes('z'), ignore_value: true } }] } }] } },
      ],
      failure: [],
    }, ''),
    c('WatchResponse with events of both types', WatchResponse, {
      header: header(43),
      watch_id: 3n,
      created: true,
      canceled: true,
      compact_revision: 12n,
      cancel_reason: 'etcdserver: mvcc: required revision has been compacted',
      fragment: true,
      events: [
        { type: 'PUT', kv: kv('a', '1', { create: 5, mod: 5, version: 1 }) },
        { type: 'DELETE', kv: kv('a', '', { mod: 6 }), prev_kv: kv('a', '1', { create: 5, mod: 5, version: 1 }) },
      ],
    }, ''),
    c('MemberListResponse with ids above 2^63', MemberListResponse, {
      header: header(0),
      members: [
        { ID: MEMBER_ID, name: 'm1', peerURLs: ['http://127.0.0.1:2380', 'http://10.0.0.1:2380'], clientURLs: ['http://127.0.0.1:2379'], isLearner: false },
        { ID: 2n ** 64n - 1n, name: '', peerURLs: ['http://127.0.0.1:2480'], clientURLs: [], isLearner: true },
      ],
    }, ''),
  ];

  it.each(roundTrips)('$name', ({ type, msg }) => {
    expect(decode(type, encode(type, msg))).toEqual(withDefaults(type, msg));
  });

  it.each(encodings)('decode then encode gives the same bytes: $name', ({ type, hex }) => {
    expect(toHex(encode(type, decode(type, fromHex(hex))))).toBe(hex);
  });

  it.each(encodings)('decodes to the message: $name', ({ type, msg, hex }) => {
    expect(decode(type, fromHex(hex))).toEqual(withDefaults(type, msg));
  });
});

describe('decode: captured etcdctl -w protobuf output', () => {
  it('MemberListResponse: member and cluster ids above 2^63, decoded exactly', () => {
    // captured: `member list -w protobuf` (the member list response has no revision)
    const pb = fromHex(
      '0a1808faf581cae1a5acb19e0110afeaba81a1aeb0a9d9012002124008afeaba81a1aeb0a9d90112036361701a16687474703a2f2f3132372e302e302e313a33343439372216687474703a2f2f3132372e302e302e313a3532303933',
    );
    const r = decode(MemberListResponse, pb);
    expect(r.header).toEqual({ cluster_id: CLUSTER_ID, member_id: MEMBER_ID, revision: 0n, raft_term: 2n });
    expect(r.members).toEqual([
      { ID: MEMBER_ID, name: 'cap', peerURLs: ['http://127.0.0.1:34497'], clientURLs: ['http://127.0.0.1:52093'], isLearner: false, },
    ]);
    expect(MEMBER_ID > 2n ** 63n).toBe(true);
    expect(toHex(encode(MemberListResponse, r))).toBe(toHex(pb));
  });

  it('WatchResponse: 23 replayed events, PUT and DELETE, re-encoded byte for byte', () => {
    // captured: `watch --rev=25 --prefix t/ --prev-kv -w protobuf` (one response)
    const pb = fromHex(golden('watch.replay.protobuf.hex'));
    const r = decode(WatchResponse, pb);
    expect(r.header).toEqual(header(43));
    expect(r.created).toBe(false);
    expect(r.watch_id).toBe(0n);
    expect(r.events).toHaveLength(23);
    expect(r.events[0]).toEqual({ type: 'PUT', kv: kv('t/a', '1', { create: 25, mod: 25, version: 1 }), prev_kv: undefined });
    // A DELETE's kv holds only the key and the deleting revision.
    expect(r.events[5]).toEqual({
      type: 'DELETE',
      kv: kv('t/b', '', { mod: 29 }),
      prev_kv: kv('t/b', '2', { create: 26, mod: 28, version: 2 }),
    });
    expect(r.events.filter((e) => e.type === 'DELETE')).toHaveLength(4);
    expect(toHex(encode(WatchResponse, r))).toBe(toHex(pb));
  });

  it('TxnResponse: oneof responses decode to the member that was sent', () => {
    const r = decode(TxnResponse, encode(TxnResponse, txnOk(38, 7)));
    expect(r.responses.map((o) => Object.entries(o).filter(([, v]) => v !== undefined).map(([name]) => name))).toEqual([
      ['response_put'],
      ['response_range'],
      ['response_delete_range'],
    ]);
  });
});

describe('decode: defaults', () => {
  it('an empty buffer is a message of proto3 defaults', () => {
    expect(decode(RangeResponse, new Uint8Array())).toEqual({ header: undefined, kvs: [], more: false, count: 0n });
    const kvDefaults = decode(KeyValue, new Uint8Array());
    expect(kvDefaults.key).toEqual(new Uint8Array());
    expect(kvDefaults.lease).toBe(0n);
  });

  it('an absent enum is its zero name', () => {
    expect(decode(RangeRequest, fromHex('0a016b')).sort_order).toBe('NONE');
  });

  it('an unknown enum number is kept as the number', () => {
    expect(decode(RangeRequest, fromHex('2809')).sort_order).toBe(9);
  });

  it('the last member of a oneof on the wire wins', () => {
    const r = decode(RequestOp, fromHex('0a03 0a0161 1203 0a0162'));
    expect(r.request_range).toBeUndefined();
    expect(r.request_put?.key).toEqual(bytes('b'));
  });

  it('a singular field given twice keeps the last value', () => {
    expect(decode(RangeRequest, fromHex('1801 1802')).limit).toBe(2n);
  });
});

describe('decode: 64-bit integers', () => {
  const cases = [
    { name: 'int64 -1', hex: '30ffffffffffffffffff01', lease: -1n },
    { name: 'int64 -2', hex: '30feffffffffffffffff01', lease: -2n },
    { name: 'int64 minimum', hex: '3080808080808080808001', lease: -(2n ** 63n) },
    { name: 'int64 maximum', hex: '30ffffffffffffffff7f', lease: 2n ** 63n - 1n },
    { name: 'lease id above 2^53', hex: '308df4ddadafc2e89735', lease: LEASE_ID },
    { name: '2^53 + 1 (not a safe JS number)', hex: '308180808080808010', lease: 2n ** 53n + 1n },
  ];
  it.each(cases)('KeyValue.lease: $name', ({ hex, lease }) => {
    expect(decode(KeyValue, fromHex(hex)).lease).toBe(lease);
  });

  it('uint64 above 2^63 stays unsigned', () => {
    expect(decode(ResponseHeader, fromHex('08ffffffffffffffffff01')).cluster_id).toBe(2n ** 64n - 1n);
    expect(decode(ResponseHeader, fromHex('08faf581cae1a5acb19e01')).cluster_id).toBe(CLUSTER_ID);
  });
});

describe('decode: unknown fields are skipped', () => {
  // RangeResponse{header: {revision: 5}, more: true, count: 5} = 0a02 1805 1801 2005
  const known = '0a021805 1801 2005';
  const want = { header: { cluster_id: 0n, member_id: 0n, revision: 5n, raft_term: 0n }, kvs: [], more: true, count: 5n };
  const unknown = [
    { name: 'varint (field 99)', hex: '98069601' },
    { name: 'varint of ten bytes (field 99)', hex: '9806ffffffffffffffffff01' },
    { name: 'fixed64 (field 100)', hex: 'a1060102030405060708' },
    { name: 'length-delimited (field 101)', hex: 'aa0603616263' },
    { name: 'fixed32 (field 102)', hex: 'b50601020304' },
    { name: 'all four kinds in a row', hex: '98069601 a1060102030405060708 aa0603616263 b50601020304' },
  ];
  it.each(unknown)('$name, before and after the known fields', ({ hex }) => {
    expect(decode(RangeResponse, fromHex(hex + known))).toEqual(want);
    expect(decode(RangeResponse, fromHex(known + hex))).toEqual(want);
  });

  it('inside a nested message', () => {
    // kvs[0] = KeyValue{key "a", <field 7 varint 1>, value "b"}
    const r = decode(RangeResponse, fromHex('1208 0a0161 3801 2a0162 2001'));
    expect(r.kvs).toEqual([kv('a', 'b')]);
    expect(r.count).toBe(1n);
  });
});

describe('decode: truncated input is rejected', () => {
  const truncated = [
    { name: 'bytes shorter than their length', type: RangeRequest, hex: '0a03666f' },
    { name: 'a tag without its value', type: RangeRequest, hex: '0a016b 18' },
    { name: 'a varint cut in the middle', type: RangeRequest, hex: '18ff' },
    { name: 'a nested message longer than the buffer', type: RangeResponse, hex: '0a05 0801' },
    { name: 'a length varint cut in the middle', type: RangeRequest, hex: '0a80' },
    { name: 'an unknown fixed64 cut short', type: RangeRequest, hex: 'a106010203' },
    { name: 'an unknown fixed32 cut short', type: RangeRequest, hex: 'b50601' },
    { name: 'an unknown length-delimited field cut short', type: RangeRequest, hex: 'aa060361' },
    { name: 'a truncated field inside a nested message', type: RangeResponse, hex: '1203 0a0561' },
    { name: 'a captured response cut inside the kv value', type: RangeResponse, hex: '0a1a08faf581cae1a5acb19e0110afeaba81a1aeb0a9d901180c200212110a03666f6f1002180820072a046261' },
  ];
  it.each(truncated)('$name', ({ type, hex }) => {
    expect(() => decode(type as MessageType<object>, fromHex(hex))).toThrow(RangeError);
  });

  it('a varint longer than ten bytes', () => {
    expect(() => decode(RangeRequest, fromHex('18ffffffffffffffffffff01'))).toThrow(/varint/);
  });
});

describe('decode: repeated scalars, packed and unpacked', () => {
  const cases = [
    { name: 'packed (proto3 default, what Go writes)', hex: '2a020001', filters: ['NOPUT', 'NODELETE'] },
    { name: 'unpacked', hex: '2800 2801', filters: ['NOPUT', 'NODELETE'] },
    { name: 'unpacked then packed, appended in wire order', hex: '2801 2a0100', filters: ['NODELETE', 'NOPUT'] },
    { name: 'two packed runs', hex: '2a0101 2a020100', filters: ['NODELETE', 'NODELETE', 'NOPUT'] },
    { name: 'an empty packed run', hex: '2a00', filters: [] },
    { name: 'unknown numbers kept as numbers', hex: '2a020105', filters: ['NODELETE', 5] },
  ];
  it.each(cases)('WatchCreateRequest.filters: $name', ({ hex, filters }) => {
    expect(decode(WatchCreateRequest, fromHex(hex)).filters).toEqual(filters);
  });

  it('encodes them packed', () => {
    expect(toHex(encode(WatchCreateRequest, { filters: ['NODELETE', 'NOPUT', 'NODELETE'] }))).toBe('2a03010001');
  });
});

describe('encode: nested messages of every length', () => {
  // A sub-message is written in place and its length put in front afterwards; lengths of one to
  // four varint bytes move the body by different amounts. The expected bytes are composed from
  // the encodings of the parts, each field being `tag, length, body`.
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const field = (tag: number, body: Uint8Array): Buffer => Buffer.concat([Buffer.from([tag, ...varint(body.length)]), body]);
  it.each([0, 1, 100, 104, 105, 120, 128, 16_000, 16_383, 16_384, 2_097_152, 2_200_000])('a value of %i bytes two levels down', (n) => {
    const value = Uint8Array.from({ length: n }, (_, i) => i % 251);
    const put = { key: Buffer.from('k'), value };
    const cmp = { result: 'EQUAL', target: 'VALUE', key: Buffer.from('k'), value } as const;
    const inner = { compare: [cmp], success: [], failure: [{ request_put: put }] };
    const innerBytes = Buffer.concat([field(0x0a, encode(Compare, cmp)), field(0x1a, field(0x12, encode(PutRequest, put)))]);
    expect(Buffer.from(encode(TxnRequest, inner)).equals(innerBytes)).toBe(true);
    // Twice, so the second starts after a moved first one.
    const op = field(0x12, field(0x22, innerBytes));
    const want = Buffer.concat([op, op]);
    expect(Buffer.from(encode(TxnRequest, { success: [{ request_txn: inner }, { request_txn: inner }] })).equals(want)).toBe(true);
    expect(Buffer.from(decode(TxnRequest, want).success[1]!.request_txn!.failure[0]!.request_put!.value).equals(value)).toBe(true);
  });

  it('a packed field longer than 127 bytes', () => {
    const filters = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? 'NOPUT' : 'NODELETE')) as ('NOPUT' | 'NODELETE')[];
    const want = Buffer.concat([Buffer.from([0x2a, ...varint(300)]), Buffer.from(filters.map((f) => (f === 'NOPUT' ? 0 : 1)))]);
    expect(Buffer.from(encode(WatchCreateRequest, { filters })).equals(want)).toBe(true);
  });
});
