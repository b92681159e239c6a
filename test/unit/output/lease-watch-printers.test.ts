import { describe, expect, it } from 'vitest';

import { captureIO, type CapturedIO } from '../../../src/cli/io.js';
import { exitCodeFor, UnsupportedError } from '../../../src/core/errors.js';
import type { KeyValue, LeaseGrantResponse, LeaseLeasesResponse, LeaseTimeToLiveResponse, ResponseHeader, WatchResponse } from '../../../src/client/types.js';
import { FieldsPrinter } from '../../../src/output/fields.js';
import { JsonPrinter } from '../../../src/output/json-printer.js';
import type { Printer } from '../../../src/output/printer.js';
import { ProtobufPrinter } from '../../../src/output/protobuf.js';
import { SimplePrinter } from '../../../src/output/simple.js';
import { TablePrinter } from '../../../src/output/table.js';

// Expected text is what /usr/bin/etcdctl 3.4.23 printed for these responses (captured from a
// private etcd 3.4.23 whose cluster and member IDs are used here).

const H = (revision: bigint): ResponseHeader => ({ cluster_id: 14655024145418835072n, member_id: 11046527456118344142n, revision, raft_term: 2n });
const HJ = (revision: number): string => `"cluster_id":14655024145418835072,"member_id":11046527456118344142,"revision":${revision},"raft_term":2`;
const HF = (revision: number): string =>
  `"ClusterID" : 14655024145418835072\n"MemberID" : 11046527456118344142\n"Revision" : ${revision}\n"RaftTerm" : 2\n`;

function out(make: (io: CapturedIO) => Printer, print: (p: Printer) => void): string {
  const io = captureIO();
  print(make(io));
  return io.stdoutText();
}
const simple = (io: CapturedIO): Printer => new SimplePrinter(io, { hex: false });
const json = (io: CapturedIO): Printer => new JsonPrinter(io);
const fields = (io: CapturedIO): Printer => new FieldsPrinter(io);
const protobufHex = (print: (p: Printer) => void): string => {
  const io = captureIO();
  print(new ProtobufPrinter(io));
  return io.stdoutBytes().toString('hex');
};

const grant: LeaseGrantResponse = { header: H(1n), ID: 706680393854138887n, TTL: 100n, error: '' };
const ttlKeys: LeaseTimeToLiveResponse = { header: H(3n), ID: 706680393854138895n, TTL: 299n, grantedTTL: 300n, keys: [Buffer.from('lk'), Buffer.from('lk2')] };
const ttlGone: LeaseTimeToLiveResponse = { header: H(3n), ID: 0x1234abcdn, TTL: -1n, grantedTTL: 0n, keys: [] };
const noLeases: LeaseLeasesResponse = { header: H(3n), leases: [] };
const HEADER_PB = '0880a9d9d388dac6b0cb0110ce93a2fc9bc6c9a699011801' + '2002';

describe('lease printers', () => {
  it('grant', () => {
    expect(out(simple, (p) => p.leaseGrant(grant))).toBe('lease 09cea212f568ba07 granted with TTL(100s)\n');
    expect(out(json, (p) => p.leaseGrant(grant))).toBe(`{${HJ(1)},"ID":706680393854138887,"TTL":100,"Error":""}\n`);
    expect(out(fields, (p) => p.leaseGrant(grant))).toBe(`${HF(1)}"ID" : 706680393854138887\n"TTL" : 100\n`);
    // Only the embedded ResponseHeader is marshalled.
    expect(protobufHex((p) => p.leaseGrant(grant))).toBe(HEADER_PB);
  });

  it('timetolive with keys', () => {
    expect(out(simple, (p) => p.leaseTimeToLive(ttlKeys, false))).toBe('lease 09cea212f568ba0f granted with TTL(300s), remaining(299s)\n');
    expect(out(simple, (p) => p.leaseTimeToLive(ttlKeys, true))).toBe(
      'lease 09cea212f568ba0f granted with TTL(300s), remaining(299s), attached keys([lk lk2])\n',
    );
    expect(out(json, (p) => p.leaseTimeToLive(ttlKeys, true))).toBe(`{${HJ(3)},"id":706680393854138895,"ttl":299,"granted-ttl":300,"keys":["bGs=","bGsy"]}\n`);
    expect(out(fields, (p) => p.leaseTimeToLive(ttlKeys, true))).toBe(
      `${HF(3)}"ID" : 706680393854138895\n"TTL" : 299\n"GrantedTTL" : 300\n"Key" : "lk"\n"Key" : "lk2"\n`,
    );
  });

  it('timetolive of a lease that is gone', () => {
    expect(out(simple, (p) => p.leaseTimeToLive(ttlGone, true))).toBe('lease 000000001234abcd already expired\n');
    expect(out(json, (p) => p.leaseTimeToLive(ttlGone, false))).toBe(`{${HJ(3)},"id":305441741,"ttl":-1,"granted-ttl":0,"keys":null}\n`);
    expect(out(fields, (p) => p.leaseTimeToLive(ttlGone, false))).toBe(`${HF(3)}"ID" : 305441741\n"TTL" : -1\n"GrantedTTL" : 0\n`);
  });

  it('list', () => {
    const two: LeaseLeasesResponse = { header: H(3n), leases: [{ ID: 706680393854138885n }, { ID: 706680393854138887n }] };
    expect(out(simple, (p) => p.leaseList(two))).toBe('found 2 leases\n09cea212f568ba05\n09cea212f568ba07\n');
    expect(out(simple, (p) => p.leaseList(noLeases))).toBe('found 0 leases\n');
    expect(out(json, (p) => p.leaseList(two))).toBe(`{${HJ(3)},"leases":[{"id":706680393854138885},{"id":706680393854138887}]}\n`);
    expect(out(json, (p) => p.leaseList(noLeases))).toBe(`{${HJ(3)},"leases":[]}\n`);
    expect(out(fields, (p) => p.leaseList(two))).toBe(`${HF(3)}"ID" : 706680393854138885\n"ID" : 706680393854138887\n`);
  });

  it('keep-alive', () => {
    const r = { header: H(53n), ID: 706680393854138987n, TTL: 9n };
    expect(out(simple, (p) => p.leaseKeepAlive(r))).toBe('lease 09cea212f568ba6b keepalived with TTL(9)\n');
    expect(out(json, (p) => p.leaseKeepAlive(r))).toBe(`{${HJ(53)},"ID":706680393854138987,"TTL":9}\n`);
  });

  it('revoke', () => {
    const r = { header: H(3n) };
    expect(out(simple, (p) => p.leaseRevoke(0x09cea212f568ba13n, r))).toBe('lease 09cea212f568ba13 revoked\n');
    expect(out(json, (p) => p.leaseRevoke(1n, r))).toBe(`{"header":{${HJ(3)}}}\n`);
    expect(out(fields, (p) => p.leaseRevoke(1n, r))).toBe(HF(3));
    // clientv3.LeaseRevokeResponse has no Marshal method: exit 4, after the lease was revoked.
    let err: unknown;
    try {
      new ProtobufPrinter(captureIO()).leaseRevoke(1n, r);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toBe(
      'marshal unsupported for type clientv3.LeaseRevokeResponse ({cluster_id:14655024145418835072 member_id:11046527456118344142 revision:3 raft_term:2 })',
    );
    expect(exitCodeFor(err)).toBe(4);
  });

  it('table refuses every lease response with exit 4', () => {
    const t = new TablePrinter(captureIO());
    for (const f of [() => t.leaseGrant(grant), () => t.leaseList(noLeases), () => t.leaseTimeToLive(ttlGone, false), () => t.leaseRevoke(1n, {})]) {
      expect(f).toThrow('table not supported as output format');
    }
  });
});

describe('watch printers', () => {
  const kv = (o: Partial<KeyValue>): KeyValue => ({ key: Buffer.from(''), create_revision: 0n, mod_revision: 0n, version: 0n, value: Buffer.from(''), lease: 0n, ...o });
  const base = { watch_id: 0n, created: false, canceled: false, compact_revision: 0n, cancel_reason: '', fragment: false };
  const put: WatchResponse = {
    ...base,
    header: H(18n),
    events: [{ type: 'PUT', kv: kv({ key: Buffer.from('w/a'), create_revision: 17n, mod_revision: 18n, version: 2n, value: Buffer.from('2') }), prev_kv: kv({ key: Buffer.from('w/a'), create_revision: 17n, mod_revision: 17n, version: 1n, value: Buffer.from('1') }) }],
  };
  const del: WatchResponse = { ...base, header: H(20n), events: [{ type: 'DELETE', kv: kv({ key: Buffer.from('w/a'), mod_revision: 20n }) }] };
  const compacted: WatchResponse = { ...base, header: { ...H(0n) }, canceled: true, compact_revision: 30n, events: [] };
  const closed: WatchResponse = { ...base, canceled: true, events: [] };

  it('simple', () => {
    expect(out(simple, (p) => p.watch(put))).toBe('PUT\nw/a\n1\nw/a\n2\n');
    expect(out(simple, (p) => p.watch(del))).toBe('DELETE\nw/a\n\n');
    expect(out(simple, (p) => p.watch(compacted))).toBe('');
    expect(out((io) => new SimplePrinter(io, { hex: true }), (p) => p.watch(del))).toBe('DELETE\n\\x77\\x2f\\x61\n\n');
  });

  it('json', () => {
    expect(out(json, (p) => p.watch(del))).toBe(
      `{"Header":{${HJ(20)}},"Events":[{"type":1,"kv":{"key":"dy9h","mod_revision":20}}],"CompactRevision":0,"Canceled":false,"Created":false}\n`,
    );
    expect(out(json, (p) => p.watch(compacted))).toBe(
      '{"Header":{"cluster_id":14655024145418835072,"member_id":11046527456118344142,"raft_term":2},"Events":[],"CompactRevision":30,"Canceled":true,"Created":false}\n',
    );
    // clientv3's own response for a watch the server refused to create.
    expect(out(json, (p) => p.watch(closed))).toBe('{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n');
  });

  it('fields', () => {
    expect(out(fields, (p) => p.watch(del))).toBe(
      `${HF(20)}"Type" : DELETE\n"Key" : "w/a"\n"CreateRevision" : 0\n"ModRevision" : 20\n"Version" : 0\n"Value" : ""\n"Lease" : 0\n`,
    );
    expect(out(fields, (p) => p.watch(compacted))).toBe(HF(0));
  });

  it('protobuf: a pb.WatchResponse without watch_id', () => {
    expect(protobufHex((p) => p.watch({ ...compacted, watch_id: 7n, cancel_reason: 'x' }))).toBe('0a18' + HEADER_PB.replace('1801', '') + '2001281e');
    // The header is always there, if empty.
    expect(protobufHex((p) => p.watch(closed))).toBe('0a002001');
  });
});
