/**
 * Reads registrations from etcd: key ranges in bounded pages, all at the revision of the first
 * page (one consistent picture), then every distinct lease looked up once (LeaseTimeToLive),
 * with bounded concurrency. Only reads: nothing here writes to etcd or dials a node's address.
 */
import { setMaxListeners } from 'node:events';
import type { EtcdClient } from '../client/client.js';
import { RpcError } from '../client/rpc-error.js';
import { readPages as rangePages } from '../etcd/pager.js';
import type { KeyRange } from '../etcd/range.js';
import { decodeEntry } from './detect.js';
import type { Entry, Kind, LeaseInfo, RegNode } from './types.js';

/** Keys per Range: large enough that a 10,000-node registry takes a handful of round trips. */
export const PAGE_SIZE = 2000;
/** LeaseTimeToLive calls in flight at once. */
export const LEASE_CONCURRENCY = 64;
/** Below this many leases the client's own calls are cheap enough. */
const FANOUT_MIN = 50;

export interface ScanOptions {
  readonly ranges: readonly KeyRange[];
  /** Keep only these kinds (all when undefined). */
  readonly kinds?: ReadonlySet<Kind>;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly pageSize?: number;
}

export interface ScanResult {
  /** The revision every page was read at. */
  readonly revision: bigint;
  readonly nodes: readonly RegNode[];
  readonly leases: ReadonlyMap<bigint, LeaseInfo>;
  /** Keys read, registrations or not. */
  readonly keysRead: number;
}

/**
 * Calls `onPage` for every page of each range, all at one revision (that of the first page, or
 * `revision` when given), read by the shared pager (src/etcd/pager.ts: sub-ranges, so etcd 3.4
 * does not walk the rest of a large range for every page). Returns that revision.
 */
export async function readPages(
  client: EtcdClient,
  ranges: readonly KeyRange[],
  o: { signal: AbortSignal; timeoutMs: number; pageSize?: number; revision?: bigint },
  onPage: (kvs: readonly Entry[]) => void,
): Promise<{ revision: bigint; keys: number }> {
  let revision = o.revision ?? 0n;
  let keys = 0;
  const call = { signal: o.signal, timeoutMs: o.timeoutMs };
  for (const r of ranges) {
    const req = { key: r.key, range_end: r.range_end ?? new Uint8Array(), revision };
    for await (const res of rangePages((q) => client.kv.range(q, call), req, { pageSize: o.pageSize ?? PAGE_SIZE })) {
      if (revision === 0n) revision = res.header?.revision ?? 0n;
      keys += res.kvs.length;
      onPage(res.kvs);
    }
  }
  return { revision, keys };
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** TTL left and granted of each lease, each asked once; a lease etcd no longer has is TTL -1. */
export async function lookupLeases(
  client: EtcdClient,
  ids: Iterable<bigint>,
  o: { signal: AbortSignal; timeoutMs: number },
): Promise<Map<bigint, LeaseInfo>> {
  const distinct = [...new Set(ids)].filter((id) => id !== 0n);
  if (distinct.length > FANOUT_MIN) {
    // Over one bare HTTP/2 connection where the client allows it (src/client/lease-fanout.ts).
    const fast = await client.leaseTtls(distinct, { signal: o.signal, timeoutMs: o.timeoutMs, concurrency: LEASE_CONCURRENCY });
    if (fast !== undefined) return fast;
  }
  // Each call in flight listens on the signal: a signal of our own, allowed that many listeners,
  // so Node does not warn about a leak on the command's.
  const ac = new AbortController();
  setMaxListeners(LEASE_CONCURRENCY + 8, ac.signal);
  const onAbort = (): void => ac.abort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  if (o.signal.aborted) ac.abort();
  const infos = await mapConcurrent(distinct, LEASE_CONCURRENCY, async (ID) => {
    try {
      const r = await client.lease.leaseTimeToLive({ ID }, { signal: ac.signal, timeoutMs: o.timeoutMs });
      return { ttl: r.TTL, granted: r.grantedTTL };
    } catch (err) {
      // etcd 3.4 answers a lease it does not have with TTL -1; others say "requested lease not found".
      if (err instanceof RpcError && /lease not found/.test(err.details)) return { ttl: -1n, granted: 0n };
      throw err;
    }
  }).finally(() => o.signal.removeEventListener('abort', onAbort));
  return new Map(distinct.map((id, i) => [id, infos[i]!]));
}

/** Every registration in `ranges`, decoded, with its lease looked up. */
export async function scanRegistry(client: EtcdClient, o: ScanOptions): Promise<ScanResult> {
  const nodes: RegNode[] = [];
  const { revision, keys } = await readPages(client, o.ranges, o, (kvs) => {
    for (const kv of kvs) for (const n of decodeEntry(kv)) if (o.kinds === undefined || o.kinds.has(n.kind)) nodes.push(n);
  });
  const leases = await lookupLeases(
    client,
    nodes.map((n) => n.lease),
    o,
  );
  return { revision, nodes, leases, keysRead: keys };
}
