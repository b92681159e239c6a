import { describe, expect, it } from 'vitest';

import {
  AuthRoleGetResponse,
  DeleteRangeResponse,
  Event,
  MemberListResponse,
  PutResponse,
  RangeResponse,
  ResponseOp,
  TxnResponse,
} from '../../../src/client/generated/proto.js';
import type { MessageType } from '../../../src/client/wire.js';
import { goJson } from '../../../src/output/json.js';
import {
  bytes,
  CLUSTER_ID,
  delNone,
  delOne,
  delPrevKvOne,
  getBin,
  getFoo,
  getKeysOnly,
  getLeased,
  getLimit,
  getMissing,
  golden,
  header,
  kv,
  MEMBER_ID,
  putPlain,
  putPrevKv,
  txnEmpty,
  txnFail,
  txnOk,
} from '../../fixtures/kv.js';

// Every expected line is the stdout of `/usr/bin/etcdctl <command> -w json` (etcdctl 3.4.23)
// against a private etcd 3.4.23, kept in test/golden/<command>.<case>.json.txt; the fixture
// builds the response that run received (test/fixtures/kv.ts).

const line = (name: string): string => golden(name).replace(/\n$/, '');

interface Case {
  readonly name: string;
  readonly type: MessageType<object>;
  readonly msg: object;
  readonly golden: string;
}
const c = <T extends object>(name: string, type: MessageType<T>, msg: T, goldenName: string): Case =>
  ({ name, type, msg, golden: goldenName }) as unknown as Case;

const captured: readonly Case[] = [
  c('get: one kv, count 1, more false left out', RangeResponse, getFoo(), 'get.foo.json.txt'),
  c('get --limit: more true, count of all matches', RangeResponse, getLimit(), 'get.limit.json.txt'),
  c('get of a missing key: kvs and count 0 left out', RangeResponse, getMissing(), 'get.missing.json.txt'),
  c('get --keys-only: empty values left out', RangeResponse, getKeysOnly(), 'get.keys-only.json.txt'),
  c('get of a leased key: lease above 2^53, exact', RangeResponse, getLeased(), 'get.leased.json.txt'),
  c('get of binary keys and values: standard base64 with padding', RangeResponse, getBin(), 'get.bin.json.txt'),
  c('put: header only, no prev_kv', PutResponse, putPlain(3), 'put.plain.json.txt'),
  c('put --prev-kv', PutResponse, putPrevKv(4), 'put.prev-kv.json.txt'),
  c('del of nothing: deleted 0 left out', DeleteRangeResponse, delNone(), 'del.none.json.txt'),
  c('del without --prev-kv', DeleteRangeResponse, delOne(), 'del.one.json.txt'),
  c('del --prev-kv', DeleteRangeResponse, delPrevKvOne(), 'del.prev-kv.json.txt'),
  c('txn: succeeded, oneof responses as {"Response":{"ResponsePut":…}}', TxnResponse, txnOk(32, 3), 'txn.ok.json.txt'),
  c('txn that failed: succeeded false left out', TxnResponse, txnFail(40), 'txn.fail.json.txt'),
  c('txn with no ops: responses left out', TxnResponse, txnEmpty(), 'txn.empty.json.txt'),
  c(
    'member list: uint64 id above 2^63, isLearner false and revision 0 left out',
    MemberListResponse,
    {
      header: header(0),
      members: [{ ID: MEMBER_ID, name: 'cap', peerURLs: ['http://127.0.0.1:34497'], clientURLs: ['http://127.0.0.1:52093'], isLearner: false }],
    },
    'member.list.json.txt',
  ),
  c(
    'role get: enums as numbers, READ (0) left out',
    AuthRoleGetResponse,
    {
      header: header(53),
      perm: [
        { permType: 'READWRITE', key: bytes('a'), range_end: bytes('c') },
        { permType: 'READ', key: bytes('p'), range_end: bytes('q') },
        { permType: 'WRITE', key: bytes('w'), range_end: new Uint8Array() },
      ],
    },
    'role.get.json.txt',
  ),
];

describe('goJson: captured etcdctl -w json output', () => {
  it.each(captured)('$name', ({ type, msg, golden: g }) => {
    expect(goJson(type, msg)).toBe(line(g));
  });
});

/** The objects of the top-level "Events" array (base64 and numbers only: no braces in strings). */
function eventsOf(text: string): string[] {
  const start = text.indexOf('"Events":[') + '"Events":['.length;
  const out: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; depth >= 0; i++) {
    const ch = text[i];
    if (ch === '{') {
      if (depth === 0) from = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) out.push(text.slice(from, i + 1));
    } else if (ch === ']' && depth === 0) break;
  }
  return out;
}

describe('goJson: watch events (elements of the captured `watch -w json` Events array)', () => {
  // `watch --rev=25 --prefix t/ --prev-kv -w json`: the outer object is etcdctl's own struct, but
  // each event is Go's encoding of mvccpb.Event.
  const events = eventsOf(line('watch.replay.json.txt'));
  const cases = [
    {
      name: 'PUT (type 0 left out), no prev_kv',
      event: { type: 'PUT', kv: kv('t/a', '1', { create: 25, mod: 25, version: 1 }) },
    },
    {
      name: 'DELETE as type 1, kv with only key and mod_revision',
      event: { type: 'DELETE', kv: kv('t/b', '', { mod: 29 }), prev_kv: kv('t/b', '2', { create: 26, mod: 28, version: 2 }) },
    },
    {
      name: 'PUT with prev_kv',
      event: {
        type: 'PUT',
        kv: kv('t/c', '3', { create: 27, mod: 29, version: 2 }),
        prev_kv: kv('t/c', 'old', { create: 27, mod: 27, version: 1 }),
      },
    },
  ] as const;
  it.each(cases)('$name', ({ event }) => {
    expect(events).toContain(goJson(Event, event as unknown as Event));
  });

  it('the capture holds the events split as expected', () => {
    expect(events).toHaveLength(23);
  });
});

describe('goJson: Go encoding/json rules', () => {
  it('uint64 beyond 2^53 is printed digit for digit', () => {
    const text = goJson(RangeResponse, { header: header(1, { cluster_id: 2n ** 64n - 1n, member_id: 2n ** 53n + 1n }), kvs: [], more: false, count: 0n });
    expect(text).toBe('{"header":{"cluster_id":18446744073709551615,"member_id":9007199254740993,"revision":1,"raft_term":2}}');
  });

  it('negative int64 is a negative number, not omitted', () => {
    expect(goJson(PutResponse, { header: undefined, prev_kv: kv('k', 'v', { lease: -1, version: -(2n ** 63n) }) })).toBe(
      '{"prev_kv":{"key":"aw==","version":-9223372036854775808,"value":"dg==","lease":-1}}',
    );
  });

  it('a message with only zero values is {}', () => {
    expect(goJson(RangeResponse, { header: undefined, kvs: [], more: false, count: 0n })).toBe('{}');
  });

  it('a present header of zeros is still written, as {}', () => {
    expect(goJson(PutResponse, { header: { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n }, prev_kv: undefined })).toBe('{"header":{}}');
  });

  it('base64 keeps its padding and "+/" alphabet', () => {
    const r = goJson(RangeResponse, { header: undefined, kvs: [kv(Uint8Array.of(0xfb, 0xff), Uint8Array.of(0xff))], more: false, count: 1n });
    expect(r).toBe('{"kvs":[{"key":"+/8=","value":"/w=="}],"count":1}');
  });

  it('strings are Go-escaped: <, > and & as \\u003c \\u003e \\u0026', () => {
    const text = goJson(MemberListResponse, {
      header: undefined,
      members: [{ ID: 1n, name: 'a<b>&"c"\n', peerURLs: [], clientURLs: [], isLearner: true }],
    });
    expect(text).toBe('{"members":[{"ID":1,"name":"a\\u003cb\\u003e\\u0026\\"c\\"\\n","isLearner":true}]}');
  });

  it('a nested txn response is {"Response":{"ResponseTxn":…}}', () => {
    const inner = { header: { cluster_id: 0n, member_id: 0n, revision: 7n, raft_term: 0n }, succeeded: true, responses: [] };
    expect(goJson(TxnResponse, { header: header(7), succeeded: false, responses: [{ response_txn: inner }] })).toBe(
      `{"header":{"cluster_id":${CLUSTER_ID},"member_id":${MEMBER_ID},"revision":7,"raft_term":2},"responses":[{"Response":{"ResponseTxn":{"header":{"revision":7},"succeeded":true}}}]}`,
    );
  });

  it('a oneof member holding an empty message is still shown', () => {
    expect(goJson(ResponseOp, { response_put: { header: undefined, prev_kv: undefined } })).toBe('{"Response":{"ResponsePut":{}}}');
  });

  it('an unset oneof is null (the Go interface field has no omitempty)', () => {
    expect(goJson(ResponseOp, {})).toBe('{"Response":null}');
  });
});
