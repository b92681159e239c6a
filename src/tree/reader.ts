import type { EtcdClient } from '../client/client.js';
import type { CallOptions } from '../client/transport.js';
import type { TreeReader } from './walk.js';

/** A TreeReader over KV.Range: keys-only limit-1 reads and count-only reads. */
export function clientTreeReader(client: EtcdClient, call: () => CallOptions): TreeReader {
  return {
    async first(from, end, revision) {
      const r = await client.kv.range({ key: from, range_end: end, limit: 1n, keys_only: true, revision }, call());
      return { key: r.kvs[0]?.key, revision: r.header?.revision ?? 0n };
    },
    async count(from, end, revision) {
      const r = await client.kv.range({ key: from, range_end: end, count_only: true, revision }, call());
      return r.count;
    },
  };
}
