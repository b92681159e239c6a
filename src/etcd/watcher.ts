import type { EtcdClient } from '../client/client.js';
import { RpcError, Status } from '../client/rpc-error.js';
import type { WatchCreateRequest, WatchRequest, WatchResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';
import { AsyncQueue } from '../core/async-queue.js';
import { sleep } from '../core/timers.js';

const TRANSIENT: ReadonlySet<number> = new Set([Status.UNAVAILABLE, Status.INTERNAL, Status.UNKNOWN, Status.CANCELLED, Status.DEADLINE_EXCEEDED]);
const NO_LEADER = 'etcdserver: no leader';
const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';

/** A response the watch ends with, and the reason etcdctl prints for it. */
export interface Cancel {
  readonly response: WatchResponse;
  readonly reason: string;
}

/**
 * One watch, delivered as clientv3 delivers it: creation acknowledgements are not passed on,
 * and when the stream breaks (the member died) the watch is opened again, on whichever endpoint
 * the transport reaches, from the revision after the last one delivered — so no event is lost
 * and none comes twice.
 */
export class Watcher {
  private requests: AsyncQueue<Init<WatchRequest>> | undefined;

  constructor(
    private readonly client: EtcdClient,
    private readonly create: Init<WatchCreateRequest>,
    private readonly signal: AbortSignal,
  ) {}

  /** Asks the server for a progress notification (interactive `progress`). */
  requestProgress(): void {
    this.requests?.push({ progress_request: {} });
  }

  /**
   * Calls `onResponse` for each response; resolves when the watch is over: with the cancel the
   * server sent (etcdctl prints its reason), with undefined once `signal` aborts.
   */
  async run(onResponse: (r: WatchResponse) => Promise<void>): Promise<Cancel | undefined> {
    // The first revision not yet delivered; 0 until the server says where "now" is. Progress
    // notifications do not move it: in etcd 3.4 one can overtake events still being sent.
    let next = this.create.start_revision ?? 0n;
    for (let attempt = 0; ; attempt++) {
      if (this.signal.aborted) return undefined;
      const requests = new AsyncQueue<Init<WatchRequest>>();
      this.requests = requests;
      requests.push({ create_request: { ...this.create, start_revision: next } });
      try {
        for await (const r of this.client.watch.watch(requests, { signal: this.signal })) {
          attempt = 0;
          if (r.created) {
            if (r.canceled || r.watch_id === -1n) {
              // compat(etcdctl): clientv3 turns a refused creation into a response of its own.
              return { response: closeResponse(), reason: r.cancel_reason };
            }
            if (next === 0n) next = (r.header?.revision ?? 0n) + 1n;
            continue;
          }
          if (r.canceled) {
            if (r.compact_revision !== 0n) return { response: r, reason: COMPACTED };
            // compat(etcdctl): a cancel without compaction closes the channel, nothing printed.
            return { response: r, reason: '' };
          }
          const events = next === 0n ? r.events : r.events.filter((e) => (e.kv?.mod_revision ?? 0n) >= next);
          if (r.events.length > 0 && events.length === 0) continue;
          const last = events[events.length - 1];
          if (last?.kv !== undefined) next = last.kv.mod_revision + 1n;
          try {
            await onResponse(events.length === r.events.length ? r : { ...r, events });
          } catch (err) {
            throw new CallbackFailure(err);
          }
        }
      } catch (err) {
        if (err instanceof CallbackFailure) throw err.error;
        if (this.signal.aborted) return undefined;
        const transient = err instanceof RpcError && TRANSIENT.has(err.code) && err.details !== NO_LEADER;
        if (!transient) {
          // compat(etcdctl): clientv3 closes the watch with the error (isHaltErr).
          return { response: closeResponse(), reason: err instanceof Error ? err.message : String(err) };
        }
      } finally {
        requests.end();
        if (this.requests === requests) this.requests = undefined;
      }
      await sleep(Math.min(100 * 2 ** attempt, 1000), this.signal);
    }
  }
}

/** An error of the caller's response handler, passed through the stream's error handling. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

/** clientv3's WatchResponse{Canceled: true, closeErr: …}: no header, no events. */
export function closeResponse(): WatchResponse {
  return { watch_id: 0n, created: false, canceled: true, compact_revision: 0n, cancel_reason: '', fragment: false, events: [] };
}

