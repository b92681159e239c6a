/**
 * clientv3/concurrency as etcdctl 3.4.23 builds `lock` and `elect` on it: a session (a lease kept
 * alive), a mutex and an election, made of plain KV, Lease and Watch calls. The key layout
 * (`<name>/<lease id %x>`) and the ordering (lowest create revision first) are clientv3's, so
 * etcdctl-ts and the Go etcdctl can queue for the same lock and run in the same election.
 */
import type { EtcdClient } from '../client/client.js';
import { RpcError, Status } from '../client/rpc-error.js';
import type { CallOptions } from '../client/transport.js';
import type { KeyValue, LeaseKeepAliveRequest, RangeRequest, RangeResponse, ResponseHeader, WatchResponse } from '../client/types.js';
import type { Init } from '../client/wire.js';
import { AsyncQueue } from '../core/async-queue.js';
import { prefixEnd, utf8 } from './range.js';
import { Watcher } from './watcher.js';
import { sleep } from '../core/timers.js';

const DEFAULT_SESSION_TTL = 60n;
/** clientv3's retryConnWait: the pause before a broken keep-alive stream is opened again. */
const RETRY_CONN_WAIT_MS = 500;
/** clientv3 sends due keep-alives from a 500 ms ticker, so never more often than that. */
const MIN_KEEPALIVE_INTERVAL_MS = 500;
/** setTimeout's largest delay; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Go's context.Canceled, as the RPCs report it: `context canceled`. */
export function canceled(): RpcError {
  return new RpcError('', Status.CANCELLED, '');
}

/** Resolves when `signal` aborts (at once if it already has). */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Buffer.concat([a, b]);
}

export interface SessionOptions {
  /** Lease TTL in seconds; 0 or less means clientv3's default of 60. */
  readonly ttl?: bigint;
  /**
   * How long the first keep-alive answer may take before the lease counts as lost: clientv3's
   * firstKeepAliveTimeout, the dial timeout plus one second.
   */
  readonly firstKeepAliveTimeoutMs: number;
  /** For the LeaseGrant call. */
  readonly call?: CallOptions;
}

/**
 * concurrency.Session: a lease granted once and renewed every TTL/3 until orphan(). `done`
 * resolves when the lease is lost (the server answers TTL 0: expired or revoked; or no answer for
 * a whole TTL) or the session is orphaned.
 */
export class Session {
  readonly done: Promise<void>;
  private readonly stop = new AbortController();
  private lost = false;

  private constructor(
    readonly client: EtcdClient,
    readonly lease: bigint,
    firstKeepAliveTimeoutMs: number,
  ) {
    this.done = this.keepAlive(firstKeepAliveTimeoutMs).then(() => {
      this.lost = !this.stop.signal.aborted;
    });
  }

  static async create(client: EtcdClient, o: SessionOptions): Promise<Session> {
    // compat(etcdctl 3.4): concurrency.WithTTL ignores a TTL of 0 or less (`lock --ttl=0` gets 60 s).
    const ttl = o.ttl !== undefined && o.ttl > 0n ? o.ttl : DEFAULT_SESSION_TTL;
    const resp = await client.lease.leaseGrant({ TTL: ttl }, o.call);
    return new Session(client, resp.ID, o.firstKeepAliveTimeoutMs);
  }

  /** True once the lease was lost (not merely orphaned). */
  get expired(): boolean {
    return this.lost;
  }

  /**
   * Stops renewing the lease; it then expires on its own. compat(etcdctl 3.4): etcdctl never
   * closes its session, so the lease is not revoked when `lock` or `elect` ends.
   */
  orphan(): void {
    this.stop.abort();
  }

  /** clientv3's keep-alive loop for one lease; resolves when the lease is lost or stop aborts. */
  private keepAlive(firstTimeoutMs: number): Promise<void> {
    const { client, lease } = this;
    return new Promise<void>((resolve) => {
      const local = new AbortController();
      let deadline: NodeJS.Timeout | undefined;
      let next: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(deadline);
        clearTimeout(next);
        this.stop.signal.removeEventListener('abort', finish);
        local.abort();
        resolve();
      };
      const expireIn = (ms: number): void => {
        clearTimeout(deadline);
        deadline = setTimeout(finish, Math.min(ms, MAX_TIMER_MS));
      };
      if (this.stop.signal.aborted) return finish();
      this.stop.signal.addEventListener('abort', finish, { once: true });
      expireIn(firstTimeoutMs);
      void (async () => {
        while (!local.signal.aborted) {
          const requests = new AsyncQueue<Init<LeaseKeepAliveRequest>>();
          requests.push({ ID: lease });
          try {
            for await (const r of client.lease.leaseKeepAlive(requests, { signal: local.signal })) {
              if (r.TTL <= 0n) return finish();
              const ttlMs = Number(r.TTL) * 1000;
              expireIn(ttlMs);
              clearTimeout(next);
              // Go: nextKeepAlive = now + TTL/3 whole seconds, sent by a 500 ms ticker.
              const every = Math.max(MIN_KEEPALIVE_INTERVAL_MS, Math.floor(Number(r.TTL) / 3) * 1000);
              next = setTimeout(() => requests.push({ ID: lease }), Math.min(every, MAX_TIMER_MS));
            }
          } catch {
            // A broken stream is opened again (clientv3 retries until the lease deadline passes).
          } finally {
            clearTimeout(next);
            requests.end();
          }
          await sleep(RETRY_CONN_WAIT_MS, local.signal);
        }
      })();
    });
  }
}

/** clientv3.WithFirstCreate / WithLastCreate on a prefix: the oldest or newest key, limit 1. */
function firstOrLastCreate(pfx: Uint8Array, order: 'ASCEND' | 'DESCEND'): Init<RangeRequest> {
  return { key: pfx, range_end: prefixEnd(pfx), sort_order: order, sort_target: 'CREATE', limit: 1n };
}

/**
 * concurrency's waitDelete: watches `key` from `rev` until a DELETE event. Fails with the watch's
 * error (compaction), `context canceled` when `signal` aborts, or "lost watcher waiting for delete".
 */
async function waitDelete(client: EtcdClient, key: Uint8Array, rev: bigint, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw canceled();
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let deleted = false;
  try {
    const cancel = await new Watcher(client, { key, start_revision: rev }, local.signal).run((wr) => {
      if (wr.events.some((e) => e.type === 'DELETE')) {
        deleted = true;
        local.abort();
      }
      return Promise.resolve();
    });
    if (deleted) return;
    if (cancel !== undefined && cancel.reason !== '') throw new Error(cancel.reason);
    if (signal.aborted) throw canceled();
    throw new Error('lost watcher waiting for delete');
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * concurrency's waitDeletes: waits until no key under `pfx` has a create revision of
 * `maxCreateRev` or less, one key at a time, newest first. Returns the last Range header.
 */
async function waitDeletes(client: EtcdClient, pfx: Uint8Array, maxCreateRev: bigint, signal: AbortSignal): Promise<ResponseHeader | undefined> {
  for (;;) {
    const resp = await client.kv.range({ ...firstOrLastCreate(pfx, 'DESCEND'), max_create_revision: maxCreateRev }, { signal });
    const last = resp.kvs[0];
    if (last === undefined) return resp.header;
    await waitDelete(client, last.key, resp.header?.revision ?? 0n, signal);
  }
}

/** The session's own key under `pfx`: `<pfx><lease %x>` (Go's %x of an int64). */
function sessionKey(pfx: Uint8Array, lease: bigint): Uint8Array {
  return concat(pfx, utf8(lease.toString(16)));
}

/**
 * concurrency.Mutex (3.4.23): the waiters are the keys under `<name>/`, each bound to its
 * session's lease; the oldest (lowest create revision) holds the lock.
 */
export class Mutex {
  private readonly pfx: Uint8Array;
  private myKey: Uint8Array = new Uint8Array();
  private myRev = -1n;
  private hdr: ResponseHeader | undefined;

  constructor(
    private readonly session: Session,
    name: string,
  ) {
    this.pfx = utf8(`${name}/`);
  }

  /** The lock key, once locked. */
  get key(): Uint8Array {
    return this.myKey;
  }

  /** The header of the response that granted the lock (ETCD_LOCK_REV is its revision). */
  get header(): ResponseHeader | undefined {
    return this.hdr;
  }

  /**
   * Queues for the lock and waits until every older waiter is gone. When the wait fails (the
   * signal aborted), the queued key is deleted before the error is passed on.
   */
  async lock(signal: AbortSignal): Promise<void> {
    const { client, lease } = this.session;
    this.myKey = sessionKey(this.pfx, lease);
    const getOwner = firstOrLastCreate(this.pfx, 'ASCEND');
    const resp = await client.kv.txn(
      {
        compare: [{ result: 'EQUAL', target: 'CREATE', key: this.myKey, create_revision: 0n }],
        // put self in the queue; or, if this session is queued already, reuse its key
        success: [{ request_put: { key: this.myKey, value: new Uint8Array(), lease } }, { request_range: getOwner }],
        failure: [{ request_range: { key: this.myKey } }, { request_range: getOwner }],
      },
      { signal },
    );
    this.myRev = resp.header?.revision ?? 0n;
    if (!resp.succeeded) this.myRev = resp.responses[0]?.response_range?.kvs[0]?.create_revision ?? this.myRev;
    const owner = resp.responses[1]?.response_range?.kvs ?? [];
    if (owner.length === 0 || owner[0]!.create_revision === this.myRev) {
      this.hdr = resp.header;
      return;
    }
    try {
      this.hdr = await waitDeletes(client, this.pfx, this.myRev - 1n, signal);
    } catch (err) {
      // Go: m.Unlock(client.Ctx()) — neither cancelled nor bounded; its error is dropped.
      await this.unlock({}).catch(() => undefined);
      throw err;
    }
  }

  async unlock(o: CallOptions): Promise<void> {
    await this.session.client.kv.deleteRange({ key: this.myKey }, o);
    this.myKey = Uint8Array.of(0);
    this.myRev = -1n;
  }
}

/** concurrency.ErrElectionNotLeader. */
const NOT_LEADER = 'election: not leader';

/**
 * concurrency.Election (3.4.23): candidates are the keys under `<name>/`, each bound to its
 * session's lease; the leader is the oldest, its value the proposal.
 */
export class Election {
  private readonly pfx: Uint8Array;
  private leaderKey: Uint8Array = new Uint8Array();
  private leaderRev = 0n;
  private leaderSession: Session | undefined;

  constructor(
    private readonly session: Session,
    name: string,
  ) {
    this.pfx = utf8(`${name}/`);
  }

  /** The leader key while elected, empty otherwise. */
  get key(): Uint8Array {
    return this.leaderKey;
  }

  /** Puts the proposal under the session's key and waits until every older candidate is gone. */
  async campaign(val: Uint8Array, signal: AbortSignal): Promise<void> {
    const { client, lease } = this.session;
    const k = sessionKey(this.pfx, lease);
    const resp = await client.kv.txn(
      {
        compare: [{ result: 'EQUAL', target: 'CREATE', key: k, create_revision: 0n }],
        success: [{ request_put: { key: k, value: val, lease } }],
        failure: [{ request_range: { key: k } }],
      },
      { signal },
    );
    this.leaderKey = k;
    this.leaderRev = resp.header?.revision ?? 0n;
    this.leaderSession = this.session;
    if (!resp.succeeded) {
      const kv = resp.responses[0]?.response_range?.kvs[0];
      this.leaderRev = kv?.create_revision ?? this.leaderRev;
      if (kv !== undefined && Buffer.compare(Buffer.from(kv.value), Buffer.from(val)) !== 0) {
        try {
          await this.proclaim(val, { signal });
        } catch (err) {
          await this.resign({ signal }).catch(() => undefined);
          throw err;
        }
      }
    }
    try {
      await waitDeletes(client, this.pfx, this.leaderRev - 1n, signal);
    } catch (err) {
      // clean up in case of a cancelled wait (Go: Resign(client.Ctx())); else give up leadership
      if (signal.aborted) await this.resign({}).catch(() => undefined);
      else this.leaderSession = undefined;
      throw err;
    }
  }

  /** Replaces the leader's value, if this session still holds the leader key. */
  async proclaim(val: Uint8Array, o: CallOptions): Promise<void> {
    const leader = this.leaderSession;
    if (leader === undefined) throw new Error(NOT_LEADER);
    const resp = await this.session.client.kv.txn(
      {
        compare: [{ result: 'EQUAL', target: 'CREATE', key: this.leaderKey, create_revision: this.leaderRev }],
        success: [{ request_put: { key: this.leaderKey, value: val, lease: leader.lease } }],
      },
      o,
    );
    if (!resp.succeeded) {
      this.leaderKey = new Uint8Array();
      throw new Error(NOT_LEADER);
    }
  }

  /** Deletes the leader key if it is still this campaign's. */
  async resign(o: CallOptions): Promise<void> {
    if (this.leaderSession === undefined) return;
    try {
      await this.session.client.kv.txn(
        {
          compare: [{ result: 'EQUAL', target: 'CREATE', key: this.leaderKey, create_revision: this.leaderRev }],
          success: [{ request_delete_range: { key: this.leaderKey } }],
        },
        o,
      );
    } finally {
      this.leaderKey = new Uint8Array();
      this.leaderSession = undefined;
    }
  }

  /**
   * concurrency's observe: hands `emit` the leader as a GetResponse of one KV, then every new value
   * of that leader key, then the next leader once it is deleted, and so on. Resolves when
   * `signal` aborts or a request or watch fails (Go closes the channel; errors are not returned).
   * Errors thrown by `emit` are passed on.
   */
  async observe(signal: AbortSignal, emit: (r: RangeResponse) => void): Promise<void> {
    const client = this.session.client;
    for (;;) {
      let resp: RangeResponse;
      try {
        resp = await client.kv.range(firstOrLastCreate(this.pfx, 'ASCEND'), { signal });
      } catch {
        return;
      }
      let kv: KeyValue | undefined = resp.kvs[0];
      let hdr: ResponseHeader | undefined = resp.header;
      if (kv === undefined) {
        // wait for the first key put under the prefix
        const found = await this.watchUntil(
          { key: this.pfx, range_end: prefixEnd(this.pfx), start_revision: resp.header?.revision ?? 0n },
          signal,
          (wr) => {
            const put = wr.events.find((e) => e.type === 'PUT');
            if (put?.kv === undefined) return false;
            // the batch may hold several revisions: report the put's own
            hdr = { ...(wr.header ?? emptyHeader()), revision: put.kv.mod_revision };
            kv = put.kv;
            return true;
          },
        );
        if (!found || kv === undefined) return;
      }
      if (signal.aborted) return;
      // compat(etcdctl 3.4): a response of its own, so "count" is 0 even though one KV is shown.
      emit({ header: hdr, kvs: [kv], more: false, count: 0n });
      const leaderKv: KeyValue = kv;
      const deleted = await this.watchUntil(
        { key: leaderKv.key, start_revision: (hdr?.revision ?? 0n) + 1n },
        signal,
        (wr) => {
          for (const ev of wr.events) {
            if (ev.type === 'DELETE') return true;
            // compat(etcdctl 3.4): the first Range response is reused, its count and more kept.
            resp = { ...resp, header: wr.header, kvs: ev.kv === undefined ? [] : [ev.kv] };
            emit(resp);
          }
          return false;
        },
      );
      if (!deleted) return;
    }
  }

  /** Watches until `onResponse` returns true (→ true) or the watch ends (→ false). */
  private async watchUntil(
    create: { key: Uint8Array; range_end?: Uint8Array; start_revision: bigint },
    signal: AbortSignal,
    onResponse: (wr: WatchResponse) => boolean,
  ): Promise<boolean> {
    if (signal.aborted) return false;
    const local = new AbortController();
    const onAbort = (): void => local.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let hit = false;
    try {
      await new Watcher(this.session.client, create, local.signal).run((wr) => {
        if (!hit && onResponse(wr)) {
          hit = true;
          local.abort();
        }
        return Promise.resolve();
      });
      return hit;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

function emptyHeader(): ResponseHeader {
  return { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n };
}
