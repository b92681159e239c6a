/**
 * The loops of `cluster wait`: until a condition holds or `signal` aborts (timeout or Ctrl-C).
 * Each returns whether the condition held, and keeps `last` up to date with what it last saw,
 * for the message when it did not.
 */
import type { EtcdClient } from '../client/client.js';
import { RpcError } from '../client/rpc-error.js';
import { ConnectionError } from '../core/errors.js';
import { sleep } from '../core/timers.js';
import { prefixEnd } from '../etcd/range.js';
import { Watcher } from '../etcd/watcher.js';
import { passed, runChecks, type CheckOptions } from './checks.js';
import { applyEvents, describeState, holds, type KeyCondition, type KeyState } from './conditions.js';
import { collectFacts, errorText, memberList, type Collector } from './facts.js';

/**
 * Worth another try: a failed RPC or a client that could not connect (etcd still starting). Bad
 * TLS files or flags are not: they end the wait at once with their own error.
 */
function transient(err: unknown): boolean {
  return err instanceof RpcError || err instanceof ConnectionError;
}

/** Pause between two tries while the cluster cannot be reached or is not healthy yet. */
export const RETRY_MS = 500;

export interface Seen {
  /** What the last attempt saw, for the timeout message. */
  text: string;
}

/** Runs `cluster check` again and again until it passes. */
export async function waitHealthy(c: Collector, o: CheckOptions & { strict: boolean }, last: Seen): Promise<boolean> {
  while (!c.signal.aborted) {
    try {
      const results = runChecks(await collectFacts(await memberList(c), c), o);
      if (passed(results, o.strict)) return true;
      const bad = results.filter((r) => r.status === 'fail' || (o.strict && r.status === 'warn'));
      last.text = bad.map((r) => `${r.name}: ${r.message}`).join('; ');
    } catch (err) {
      if (c.signal.aborted) break;
      if (!transient(err)) throw err;
      // No endpoint answers yet (etcd still starting): keep trying.
      last.text = `no endpoint answered: ${errorText(err)}`;
    }
    await sleep(RETRY_MS, c.signal);
  }
  return false;
}

const utf8 = new TextEncoder();

/**
 * One read, then a watch from the revision after it: the state moves with each event, so a
 * change between the read and the watch is never missed and nothing is polled.
 */
export async function waitKey(
  client: () => Promise<EtcdClient>,
  cond: KeyCondition,
  o: { signal: AbortSignal; commandTimeoutMs: number },
  last: Seen,
): Promise<boolean> {
  const key = utf8.encode(cond.kind === 'count' ? cond.prefix : cond.key);
  const rangeEnd = cond.kind === 'count' ? prefixEnd(key) : undefined;
  while (!o.signal.aborted) {
    let c: EtcdClient | undefined;
    try {
      c = await client();
      const r = await c.kv.range(
        { key, ...(rangeEnd === undefined ? {} : { range_end: rangeEnd, count_only: true }) },
        { signal: o.signal, timeoutMs: o.commandTimeoutMs },
      );
      let state: KeyState = { value: rangeEnd === undefined ? r.kvs[0]?.value : undefined, count: r.count, revision: r.header?.revision ?? 0n };
      last.text = describeState(cond, state);
      if (holds(cond, state)) return true;
      const done = new AbortController();
      const signal = AbortSignal.any([o.signal, done.signal]);
      const watcher = new Watcher(c, { key, ...(rangeEnd === undefined ? {} : { range_end: rangeEnd }), start_revision: state.revision + 1n }, signal);
      let met = false;
      const cancel = await watcher.run(async (w) => {
        state = applyEvents(cond, state, w.events);
        last.text = describeState(cond, state);
        if (holds(cond, state)) {
          met = true;
          done.abort();
        }
      });
      if (met) return true;
      if (cancel !== undefined) last.text = `watch ended: ${cancel.reason} (last seen ${last.text})`;
    } catch (err) {
      if (o.signal.aborted) break;
      if (!transient(err)) throw err;
      last.text = `no endpoint answered: ${errorText(err)}`;
    } finally {
      c?.close();
    }
    await sleep(RETRY_MS, o.signal);
  }
  return false;
}
