/**
 * Writes key records back in txn batches within the server's limits, which a client cannot read:
 * at most 128 operations (etcd's default --max-txn-ops) and about 1 MiB per request (under the
 * default 1.5 MiB --max-request-bytes); smaller batches when the server says "too many operations"
 * or "request is too large".
 *
 * Idempotent: each key is a nested txn `value(k) == v ? nothing : put k v`, so a key already
 * holding the value is not written again (its revision stays) and one round trip does both the
 * check and the write. etcd fails a value compare on a missing key, so new keys are put.
 * Keys with a lease (`--with-leases`) are put on a newly granted lease: always written.
 */
import type { Init } from '../client/wire.js';
import type { LeaseGrantRequest, LeaseGrantResponse, RangeRequest, RangeResponse, RequestOp, TxnRequest, TxnResponse } from '../client/types.js';
import type { KeyRecord } from './jsonl.js';

export interface WriterCalls {
  txn(req: Init<TxnRequest>): Promise<TxnResponse>;
  leaseGrant(req: Init<LeaseGrantRequest>): Promise<LeaseGrantResponse>;
  range(req: Init<RangeRequest>): Promise<RangeResponse>;
}

export interface WriterOptions {
  readonly maxOps?: number;
  readonly maxBytes?: number;
  /** Batches in flight at once: etcd commits concurrent proposals together. */
  readonly concurrency?: number;
  /** Re-create leases from `lease`/`lease_ttl`; without it keys are written without a lease. */
  readonly withLeases?: boolean;
  /** Count what would be written, write nothing (reads each batch instead). */
  readonly dryRun?: boolean;
}

export interface WriteCounts {
  /** Keys put (or that would be, with --dry-run). */
  written: number;
  /** Keys that already held the value. */
  unchanged: number;
  /** Leases granted. */
  leases: number;
  /** Keys left out because their lease had expired at export time (lease_ttl ≤ 0). */
  expired: number;
}

export const MAX_OPS = 128;
export const MAX_BYTES = 1024 * 1024;
const OP_OVERHEAD = 24;

/** Server errors after which the batch is split and sent again. */
export function isTooManyOps(err: unknown): boolean {
  return String((err as { details?: unknown })?.details ?? (err as Error)?.message ?? '').includes('too many operations');
}
export function isTooLarge(err: unknown): boolean {
  const e = err as { details?: unknown; message?: unknown };
  const text = `${String(e?.details ?? '')} ${String(e?.message ?? '')}`;
  return text.includes('request is too large') || text.includes('larger than max');
}

interface Item {
  readonly rec: KeyRecord;
  readonly lease: bigint;
  readonly id: string;
}

const keyId = (k: Uint8Array): string => Buffer.from(k.buffer, k.byteOffset, k.byteLength).toString('latin1');

/** The size a record adds to a txn request, roughly (compare and put both carry key and value). */
export function recordBytes(rec: KeyRecord): number {
  return 2 * (rec.key.length + rec.value.length) + OP_OVERHEAD;
}

/** The txn for a batch: per key a nested txn that puts only when the value differs. */
export function batchRequest(items: readonly { rec: KeyRecord; lease: bigint }[]): Init<TxnRequest> {
  const success: Init<RequestOp>[] = items.map(({ rec, lease }) => {
    const put = { key: rec.key, value: rec.value, ...(lease !== 0n ? { lease } : {}) };
    if (lease !== 0n) return { request_put: put };
    return {
      request_txn: {
        compare: [{ result: 'EQUAL', target: 'VALUE', key: rec.key, value: rec.value }],
        success: [],
        failure: [{ request_put: put }],
      },
    };
  });
  return { compare: [], success, failure: [] };
}

export class BatchWriter {
  readonly counts: WriteCounts = { written: 0, unchanged: 0, leases: 0, expired: 0 };
  private maxOps: number;
  private maxBytes: number;
  private readonly concurrency: number;
  private batch: Item[] = [];
  private batchBytes = 0;
  private readonly batchKeys = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inFlightKeys = new Map<string, number>();
  private readonly leases = new Map<string, Promise<bigint>>();
  private failure: unknown;

  constructor(
    private readonly calls: WriterCalls,
    private readonly o: WriterOptions = {},
  ) {
    this.maxOps = o.maxOps ?? MAX_OPS;
    this.maxBytes = o.maxBytes ?? MAX_BYTES;
    this.concurrency = o.concurrency ?? 4;
  }

  /** Queues one record; resolves once it is in a batch (sent or waiting to be). */
  async add(rec: KeyRecord): Promise<void> {
    this.check();
    let lease = 0n;
    if (this.o.withLeases && rec.lease !== undefined && rec.leaseTtl !== undefined) {
      if (rec.leaseTtl <= 0) {
        this.counts.expired++;
        return;
      }
      lease = await this.leaseFor(rec.lease, rec.leaseTtl);
    }
    const id = keyId(rec.key);
    // The same key twice: the later line must win, so the earlier one is committed first.
    if (this.batchKeys.has(id)) await this.send();
    if (this.inFlightKeys.has(id)) await this.drain();
    const size = recordBytes(rec);
    if (this.batch.length > 0 && (this.batch.length >= this.maxOps || this.batchBytes + size > this.maxBytes)) await this.send();
    this.batch.push({ rec, lease, id });
    this.batchKeys.add(id);
    this.batchBytes += size;
  }

  /** Sends what is left and waits for every batch. */
  async finish(): Promise<WriteCounts> {
    await this.send();
    await this.drain();
    return this.counts;
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private leaseFor(source: string, ttl: number): Promise<bigint> {
    let p = this.leases.get(source);
    if (p === undefined) {
      p = this.o.dryRun
        ? Promise.resolve(1n)
        : this.calls.leaseGrant({ TTL: BigInt(ttl) }).then((r) => {
            this.counts.leases++;
            return r.ID;
          });
      this.leases.set(source, p);
    }
    return p;
  }

  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.check();
  }

  private async send(): Promise<void> {
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.batchKeys.clear();
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.check();
    for (const it of items) this.inFlightKeys.set(it.id, (this.inFlightKeys.get(it.id) ?? 0) + 1);
    const p: Promise<void> = this.write(items)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        this.inFlight.delete(p);
        for (const it of items) {
          const n = this.inFlightKeys.get(it.id)! - 1;
          if (n === 0) this.inFlightKeys.delete(it.id);
          else this.inFlightKeys.set(it.id, n);
        }
      });
    this.inFlight.add(p);
  }

  /** One batch, split in halves (and the limits lowered) while the server finds it too big. */
  private async write(items: readonly Item[]): Promise<void> {
    try {
      if (this.o.dryRun) return await this.dryRun(items);
      const resp = await this.calls.txn(batchRequest(items));
      for (const r of resp.responses) {
        if (r.response_put !== undefined || r.response_txn?.succeeded === false) this.counts.written++;
        else this.counts.unchanged++;
      }
    } catch (err) {
      const tooMany = isTooManyOps(err);
      if (!tooMany && !isTooLarge(err)) throw err;
      if (items.length === 1) return this.writeAlone(items[0]!);
      const half = Math.ceil(items.length / 2);
      if (tooMany) this.maxOps = Math.max(1, Math.min(this.maxOps, half));
      else this.maxBytes = Math.max(1, Math.min(this.maxBytes, Math.floor(this.maxBytes / 2)));
      await this.write(items.slice(0, half));
      await this.write(items.slice(half));
    }
  }

  /** A key too large to go with its compare: read it, and put it only when it differs. */
  private async writeAlone(it: Item): Promise<void> {
    if (it.lease === 0n && (await this.holds(it.rec))) {
      this.counts.unchanged++;
      return;
    }
    if (this.o.dryRun) {
      this.counts.written++;
      return;
    }
    await this.calls.txn({ compare: [], success: [{ request_put: { key: it.rec.key, value: it.rec.value, ...(it.lease !== 0n ? { lease: it.lease } : {}) } }], failure: [] });
    this.counts.written++;
  }

  private async holds(rec: KeyRecord): Promise<boolean> {
    const r = await this.calls.range({ key: rec.key });
    const kv = r.kvs[0];
    return kv !== undefined && Buffer.compare(kv.value, rec.value) === 0;
  }

  private async dryRun(items: readonly Item[]): Promise<void> {
    const ops: Init<RequestOp>[] = items.map((it) => ({ request_range: { key: it.rec.key } }));
    const resp = await this.calls.txn({ compare: [], success: ops, failure: [] });
    resp.responses.forEach((r, i) => {
      const kv = r.response_range?.kvs[0];
      const it = items[i]!;
      const same = it.lease === 0n && kv !== undefined && Buffer.compare(kv.value, it.rec.value) === 0;
      if (same) this.counts.unchanged++;
      else this.counts.written++;
    });
  }
}
