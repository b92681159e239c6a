/**
 * `export`: every key of a range as JSON Lines, read page by page at one pinned revision (the
 * first page's), each page turned into one chunk of text and handed to a sink while the next page
 * is fetched. Memory stays at about two pages whatever the size of the range.
 */
import type { Init } from '../client/wire.js';
import type { KeyValue, LeaseTimeToLiveRequest, LeaseTimeToLiveResponse, RangeRequest } from '../client/types.js';
import { bytesField, headerLine } from './jsonl.js';
import { readPages, type RangeCall } from '../etcd/pager.js';

export interface ExportCalls {
  range: RangeCall;
  leaseTimeToLive(req: Init<LeaseTimeToLiveRequest>): Promise<LeaseTimeToLiveResponse>;
}

/** Where the text goes; awaited per page, so a slow sink slows reading down instead of piling up. */
export interface ExportSink {
  write(chunk: string): void | Promise<void>;
}

export interface ExportOptions {
  readonly pageSize: number;
  /** Add each key's lease and the seconds it has left (`lease`, `lease_ttl`). */
  readonly withLeases: boolean;
  /** The header's time. */
  readonly now?: () => Date;
  /** Called after each page is written. */
  readonly onPage?: (s: ExportStats) => void;
}

export interface ExportStats {
  keys: number;
  /** Bytes written, header included. */
  bytes: number;
  revision: bigint;
  clusterId: bigint;
}

/** One export line: key and value (text or base64), and the lease with its TTL when asked. */
export function exportLine(kv: KeyValue, ttl: bigint | undefined): string {
  let s = `{${bytesField('key', kv.key)},${bytesField('value', kv.value)}`;
  if (ttl !== undefined && kv.lease !== 0n) s += `,"lease":"${kv.lease.toString(16).padStart(16, '0')}","lease_ttl":${ttl}`;
  return s + '}\n';
}

/** Seconds left of every lease on the page, asked once per lease (concurrently). */
async function leaseTtls(calls: ExportCalls, kvs: readonly KeyValue[], cache: Map<bigint, bigint>): Promise<void> {
  const wanted = new Set<bigint>();
  for (const kv of kvs) if (kv.lease !== 0n && !cache.has(kv.lease)) wanted.add(kv.lease);
  await Promise.all(
    [...wanted].map(async (id) => {
      const r = await calls.leaseTimeToLive({ ID: id, keys: false });
      cache.set(id, r.TTL);
    }),
  );
}

const CHUNK = 256 * 1024;

export async function exportRange(calls: ExportCalls, req: Init<RangeRequest>, sink: ExportSink, o: ExportOptions): Promise<ExportStats> {
  const stats: ExportStats = { keys: 0, bytes: 0, revision: 0n, clusterId: 0n };
  const ttls = new Map<bigint, bigint>();
  let first = true;
  for await (const page of readPages(calls.range, req, { pageSize: o.pageSize })) {
    let out = '';
    if (first) {
      first = false;
      stats.revision = page.header?.revision ?? 0n;
      stats.clusterId = page.header?.cluster_id ?? 0n;
      out += headerLine(stats.clusterId, stats.revision, (o.now ?? (() => new Date()))());
    }
    if (o.withLeases) await leaseTtls(calls, page.kvs, ttls);
    // Handed over in chunks of ~256 KiB rather than one string per page: less memory at a time.
    for (const kv of page.kvs) {
      out += exportLine(kv, o.withLeases ? ttls.get(kv.lease) : undefined);
      if (out.length >= CHUNK) {
        stats.bytes += Buffer.byteLength(out);
        await sink.write(out);
        out = '';
      }
    }
    stats.bytes += Buffer.byteLength(out);
    if (out !== '') await sink.write(out);
    stats.keys += page.kvs.length;
    o.onPage?.(stats);
    // A lease TTL is asked once; forget them per page, so memory stays flat with many leases.
    if (ttls.size > 100_000) ttls.clear();
  }
  return stats;
}
