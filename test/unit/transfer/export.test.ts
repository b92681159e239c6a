import { describe, expect, it } from 'vitest';
import { RangeResponse } from '../../../src/client/generated/proto.js';
import type { RangeRequest } from '../../../src/client/types.js';
import { encode, type Init } from '../../../src/client/wire.js';
import { keyRange } from '../../../src/etcd/range.js';
import { splitLines } from '../../../src/transfer/files.js';
import { keyspace, names } from '../../helpers/keyspace.js';

describe('splitLines', () => {
  it('splits across chunk borders, strips \\r, keeps a last line without newline', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('a\r\nb');
      yield Buffer.from('c\n\nd\xc3'.replace('\xc3', ''));
      yield Buffer.from([0xc3]);
      yield Buffer.from([0xa9, 0x0a, 0x65]);
    }
    const out: string[] = [];
    for await (const l of splitLines(chunks())) out.push(l);
    expect(out).toEqual(['a', 'bc', '', 'dé', 'e']);
  });
});

describe('exportRange', () => {
  it('writes a header and one line per key, asking each lease TTL once', async () => {
    const { exportRange } = await import('../../../src/transfer/export.js');
    const ks = keyspace(names(7));
    const ttlAsked: bigint[] = [];
    // As the server sends them: undecoded.
    const leased = async (req: Init<RangeRequest>): Promise<Uint8Array> => {
      const r = await ks.range(req);
      return encode(RangeResponse, { ...r, kvs: r.kvs.map((kv, i) => ({ ...kv, lease: i % 2 === 0 ? 0x2an : 0n })) });
    };
    let out = '';
    const stats = await exportRange(
      { rangeRaw: leased, leaseTimeToLive: (r) => (ttlAsked.push(r.ID!), Promise.resolve({ ID: r.ID!, TTL: 33n, grantedTTL: 60n, keys: [] })) },
      keyRange('k', undefined, true, false),
      { write: (c) => void (out += Buffer.from(c).toString('utf8')) },
      { pageSize: 3, withLeases: true, now: () => new Date(0) },
    );
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('{"format":"etcdctl-ts-export","version":1,"cluster_id":"0000000000000001","revision":100,"time":"1970-01-01T00:00:00.000Z"}');
    expect(lines.slice(1, 3)).toEqual(['{"key":"k0000","value":"v0","lease":"000000000000002a","lease_ttl":33}', '{"key":"k0001","value":"v1"}']);
    expect(lines).toHaveLength(8);
    expect(stats).toMatchObject({ keys: 7, bytes: Buffer.byteLength(out), revision: 100n, clusterId: 1n });
    expect(ttlAsked).toEqual([0x2an]);
  });
});

describe('exportRange with large values', () => {
  it('hands a page over as it is written, waiting for the sink, and writes what exportLine writes', async () => {
    const { exportRange, exportLine } = await import('../../../src/transfer/export.js');
    const kvs = Array.from({ length: 4 }, (_, i) => ({
      key: Buffer.from(`big/${i}`),
      value: Buffer.alloc(200_000 + i, i === 2 ? 0xff : 0x61), // one of them not UTF-8: base64
      create_revision: 2n,
      mod_revision: 2n,
      version: 1n,
      lease: 0n,
    }));
    const page = encode(RangeResponse, { header: { cluster_id: 1n, member_id: 1n, revision: 9n, raft_term: 1n }, kvs, more: false, count: 4n });
    const writes: number[] = [];
    let pendingWrites = 0;
    const out: Buffer[] = [];
    const stats = await exportRange(
      { rangeRaw: () => Promise.resolve(page), leaseTimeToLive: () => Promise.reject(new Error('no leases')) },
      keyRange('big/', undefined, true, false),
      {
        write: async (c) => {
          // Never asked to take another chunk before the last one was taken.
          expect(pendingWrites).toBe(0);
          pendingWrites++;
          out.push(Buffer.from(c));
          writes.push(c.length);
          await new Promise((r) => setTimeout(r, 1));
          pendingWrites--;
        },
      },
      { pageSize: 1000, withLeases: false, now: () => new Date(0) },
    );
    const text = Buffer.concat(out).toString('utf8');
    expect(text.slice(text.indexOf('\n') + 1)).toBe(kvs.map((kv) => exportLine(kv, undefined)).join(''));
    expect(writes.length).toBeGreaterThan(2);
    expect(stats).toMatchObject({ keys: 4, bytes: Buffer.concat(out).length });
  });
});
