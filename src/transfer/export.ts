/**
 * `export`: every key of a range as JSON Lines, read page by page at one pinned revision (the
 * first page's). Each page arrives undecoded and its lines are written straight from the response
 * bytes (src/fast-range/jsonl.ts) into chunks handed to a sink while the next page is fetched.
 * Memory stays at about two responses whatever the size of the range.
 */
import type { Init } from '../client/wire.js';
import type { KeyValue, LeaseTimeToLiveRequest, LeaseTimeToLiveResponse, RangeRequest } from '../client/types.js';
import { bytesField, headerLine } from './jsonl.js';
import { readPagesOf, type PageInfo } from '../etcd/pager.js';
import { ChunkWriter } from '../fast-range/out.js';
import { KvCursor, nextKv } from '../fast-range/scan.js';
import { pageInfo, scanRange } from '../fast-range/stream.js';
import type { ResponseHeader } from '../client/generated/proto.js';
import { writeKvLine } from '../fast-range/jsonl.js';

export interface ExportCalls {
  /** A Range whose response comes back as its undecoded bytes (client.rangeRaw). */
  rangeRaw(req: Init<RangeRequest>): Promise<Uint8Array>;
  leaseTimeToLive(req: Init<LeaseTimeToLiveRequest>): Promise<LeaseTimeToLiveResponse>;
}

/**
 * Where the bytes go; awaited per chunk, so a slow sink slows reading down instead of piling up.
 * Each chunk is the sink's to keep (a fresh buffer, or a view of a response no longer read).
 */
export interface ExportSink {
  write(chunk: Uint8Array): void | Promise<void>;
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

/**
 * One export line from a decoded key-value: the definition of the format, which the byte path
 * (writeKvLine with `bare`) must write byte for byte (test/unit/fast-range/jsonl.test.ts).
 */
export function exportLine(kv: KeyValue, ttl: bigint | undefined): string {
  let s = `{${bytesField('key', kv.key)},${bytesField('value', kv.value)}`;
  if (ttl !== undefined && kv.lease !== 0n) s += `,"lease":"${kv.lease.toString(16).padStart(16, '0')}","lease_ttl":${ttl}`;
  return s + '}\n';
}

/** Seconds left of every lease on the page not asked before, asked once per lease (concurrently). */
async function leaseTtls(calls: ExportCalls, page: Uint8Array, cache: Map<bigint, bigint>): Promise<void> {
  const wanted = new Set<bigint>();
  const c = new KvCursor();
  while (nextKv(page, c)) if (c.lease !== 0 && c.lease !== 0n && !cache.has(BigInt(c.lease))) wanted.add(BigInt(c.lease));
  await Promise.all(
    [...wanted].map(async (id) => {
      const r = await calls.leaseTimeToLive({ ID: id, keys: false });
      cache.set(id, r.TTL);
    }),
  );
}

export async function exportRange(calls: ExportCalls, req: Init<RangeRequest>, sink: ExportSink, o: ExportOptions): Promise<ExportStats> {
  const stats: ExportStats = { keys: 0, bytes: 0, revision: 0n, clusterId: 0n };
  const ttls = new Map<bigint, bigint>();
  // The writer fills 256 KiB buffers; full ones wait here until the sink has taken them.
  let full: Uint8Array[] = [];
  const w = new ChunkWriter((chunk) => void full.push(chunk));
  const hand = async (): Promise<void> => {
    const chunks = full;
    full = [];
    for (const chunk of chunks) {
      stats.bytes += chunk.length;
      await sink.write(chunk);
    }
  };
  const line = { bare: true };
  const c = new KvCursor();
  // The first page's header, kept from the pass the pager makes over it.
  let header: ResponseHeader | undefined;
  const info = (page: Uint8Array): PageInfo => {
    const s = scanRange(page);
    header ??= s.header;
    return pageInfo(s);
  };
  let first = true;
  for await (const page of readPagesOf(calls.rangeRaw, info, req, { pageSize: o.pageSize })) {
    if (first) {
      first = false;
      stats.revision = header?.revision ?? 0n;
      stats.clusterId = header?.cluster_id ?? 0n;
      w.ascii(headerLine(stats.clusterId, stats.revision, (o.now ?? (() => new Date()))()));
    }
    if (o.withLeases) await leaseTtls(calls, page, ttls);
    c.pos = 0;
    let keys = 0;
    while (nextKv(page, c)) {
      const ttl = o.withLeases && c.lease !== 0 ? ttls.get(BigInt(c.lease)) : undefined;
      writeKvLine(w, page, c, line, ttl);
      keys++;
      // A page of large values is handed over as it is written, not held whole as text.
      if (full.length > 0) await hand();
    }
    w.flush();
    await hand();
    stats.keys += keys;
    o.onPage?.(stats);
    // A lease TTL is asked once; forget them per page, so memory stays flat with many leases.
    if (ttls.size > 100_000) ttls.clear();
  }
  w.end();
  await hand();
  return stats;
}
