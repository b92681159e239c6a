import type { EtcdClient } from '../../client/client.js';
import type { PutRequest } from '../../client/types.js';
import type { Init } from '../../client/wire.js';
import { sleep } from '../../core/timers.js';
import { utf8 } from '../../etcd/range.js';

// The load: etcd's pkg/report statistics over `clients` concurrent writers.

export interface LoadStats {
  /** Successful requests per second over the whole run. */
  readonly rps: number;
  /** Seconds. */
  readonly slowest: number;
  readonly stddev: number;
  /** Failures by error message, in order of first appearance. */
  readonly errors: ReadonlyMap<string, number>;
}

/** pkg/report's numbers from latencies (seconds), failures and the run's total seconds. */
export function loadStats(latencies: readonly number[], errors: ReadonlyMap<string, number>, totalSeconds: number): LoadStats {
  const n = latencies.length;
  const avg = n === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / n;
  const stddev = n === 0 ? 0 : Math.sqrt(latencies.reduce((a, l) => a + (l - avg) * (l - avg), 0) / n);
    // A loop, not Math.max(...latencies): a spread of more than ~120k arguments overflows the
  // stack, and `check perf --load=l` alone records 480k latencies.
  let slowest = 0;
  for (const l of latencies) if (l > slowest) slowest = l;
  return { rps: n / totalSeconds, slowest, stddev, errors };
}

/** Go's binary.PutVarint: the zig-zag varint of `v` written over the start of `buf`. */
export function putVarint(buf: Uint8Array, v: bigint): number {
  let ux = BigInt.asUintN(64, v << 1n);
  if (v < 0n) ux = BigInt.asUintN(64, ~ux);
  let i = 0;
  while (ux >= 0x80n) {
    buf[i++] = Number(ux & 0x7fn) | 0x80;
    ux >>= 7n;
  }
  buf[i++] = Number(ux);
  return i;
}

/** rand.Int63n(math.MaxInt64): a random non-negative int63. */
function randomInt63(): bigint {
  const hi = BigInt(Math.floor(Math.random() * 2 ** 31));
  const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
  return (hi << 32n) | lo;
}

/** The keys etcdctl writes: the prefix then a reused buffer starting with a random varint. */
export function keyMaker(prefix: string, size: number): () => Uint8Array {
  const pfx = utf8(prefix);
  const k = new Uint8Array(size);
  return () => {
    putVarint(k, randomInt63());
    return Buffer.concat([pfx, k]);
  };
}

export interface LoadOptions {
  readonly client: EtcdClient;
  readonly clients: number;
  /** Requests to send, in order; undefined ends the load. Called when a request may go. */
  next(): Promise<Init<PutRequest> | undefined>;
  onResult?(): void;
}

/**
 * Sends what `next` gives with at most `clients` requests in flight and `clients` more waiting
 * (etcdctl's workers and their channel). Returns pkg/report's statistics.
 */
export async function runLoad(o: LoadOptions): Promise<LoadStats> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const start = performance.now();
  let inflight = 0;
  const waiting: Init<PutRequest>[] = [];
  let slot: (() => void) | undefined;
  let drained: (() => void) | undefined;
  const send = (req: Init<PutRequest>): void => {
    inflight++;
    const st = performance.now();
    o.client.kv.put(req).then(
      () => latencies.push((performance.now() - st) / 1000),
      (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        errors.set(msg, (errors.get(msg) ?? 0) + 1);
      },
    ).finally(() => {
      inflight--;
      o.onResult?.();
      const queued = waiting.shift();
      if (queued !== undefined) send(queued);
      slot?.();
      if (inflight === 0 && waiting.length === 0) drained?.();
    });
  };
  for (;;) {
    const req = await o.next();
    if (req === undefined) break;
    if (inflight < o.clients) send(req);
    else {
      waiting.push(req);
      while (waiting.length >= o.clients) await new Promise<void>((resolve) => (slot = resolve));
    }
  }
  if (inflight > 0 || waiting.length > 0) await new Promise<void>((resolve) => (drained = resolve));
  return loadStats(latencies, errors, (performance.now() - start) / 1000);
}


/**
 * golang.org/x/time/rate with burst 1 as a request clock: one request every 1/limit s for
 * `seconds`. A timer cannot wake every 67 µs (xl), so a late wake-up sends what it owes, up to
 * 50 ms worth.
 */
export function rateClock(limit: number, seconds: number, signal: AbortSignal, make: () => Init<PutRequest>): () => Promise<Init<PutRequest> | undefined> {
  const interval = 1000 / limit;
  const end = performance.now() + seconds * 1000;
  let due = performance.now();
  return async () => {
    for (;;) {
      const now = performance.now();
      if (now >= end || signal.aborted) return undefined;
      if (due <= now) {
        due = Math.max(due, now - 50) + interval;
        return make();
      }
      await sleep(Math.min(due - now, end - now));
    }
  };
}
