import type { KeyValue, RangeRequest, RangeResponse } from '../../src/client/types.js';
import type { Init } from '../../src/client/wire.js';

/**
 * etcd's Range semantics over a sorted in-memory keyspace (key order, limit, more, count,
 * descending key sort), recording every request: enough to check the paging arithmetic.
 */
export function keyspace(keys: string[]) {
  const kvs: KeyValue[] = keys.sort().map((k, i) => ({
    key: Buffer.from(k),
    value: Buffer.from(`v${i}`),
    create_revision: BigInt(i + 2),
    mod_revision: BigInt(i + 2),
    version: 1n,
    lease: 0n,
  }));
  const requests: Init<RangeRequest>[] = [];
  const cmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
  const range = (req: Init<RangeRequest>): Promise<RangeResponse> => {
    requests.push(req);
    const end = req.range_end;
    let sel = kvs.filter((kv) =>
      end === undefined || end.length === 0
        ? cmp(kv.key, req.key!) === 0
        : cmp(kv.key, req.key!) >= 0 && (end.length === 1 && end[0] === 0 ? true : cmp(kv.key, end) < 0),
    );
    if (req.sort_order === 'DESCEND') sel = [...sel].reverse();
    const limit = Number(req.limit ?? 0n);
    const page = limit > 0 ? sel.slice(0, limit) : sel;
    return Promise.resolve({ header: { cluster_id: 1n, member_id: 1n, revision: 100n, raft_term: 1n }, kvs: page, more: page.length < sel.length, count: BigInt(sel.length) });
  };
  return { range, requests };
}

export const names = (n: number, p = 'k'): string[] => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(4, '0')}`);

