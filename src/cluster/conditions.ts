/**
 * The key conditions of `cluster wait`, as pure state machines: a state read once at a revision,
 * moved on by the watch events after it, and a test of the condition on it. Feeding events of
 * the watch that starts right after the read means a change in between is never missed.
 */
import type { Event } from '../client/types.js';

export type KeyCondition =
  | { readonly kind: 'exists'; readonly key: string }
  | { readonly kind: 'value'; readonly key: string; readonly value: string }
  | { readonly kind: 'deleted'; readonly key: string }
  | { readonly kind: 'count'; readonly prefix: string; readonly count: bigint };

export type WaitCondition = { readonly kind: 'healthy' } | KeyCondition;

/** What is known of the watched key or prefix at some revision. */
export interface KeyState {
  /** The key's value; undefined while it does not exist. (Single-key conditions.) */
  readonly value: Uint8Array | undefined;
  /** Keys under the prefix. (`count`.) */
  readonly count: bigint;
  readonly revision: bigint;
}

const utf8 = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function holds(c: KeyCondition, s: KeyState): boolean {
  switch (c.kind) {
    case 'exists':
      return s.value !== undefined;
    case 'value':
      return s.value !== undefined && sameBytes(s.value, utf8.encode(c.value));
    case 'deleted':
      return s.value === undefined;
    case 'count':
      return s.count >= c.count;
  }
}

/** The state after `events` (in revision order, all after `s.revision`). */
export function applyEvents(c: KeyCondition, s: KeyState, events: readonly Event[]): KeyState {
  let { value, count, revision } = s;
  for (const e of events) {
    const kv = e.kv;
    if (kv === undefined) continue;
    if (kv.mod_revision > revision) revision = kv.mod_revision;
    if (e.type === 'DELETE') {
      value = undefined;
      count -= 1n;
    } else {
      value = kv.value;
      // A put that created the key (version 1) adds one to the prefix; an update does not.
      if (kv.version === 1n) count += 1n;
    }
  }
  return { value, count: count < 0n ? 0n : count, revision };
}

/** `key "k" to exist`, for messages. */
export function describeCondition(c: WaitCondition): string {
  switch (c.kind) {
    case 'healthy':
      return 'the cluster to pass `cluster check`';
    case 'exists':
      return `key ${JSON.stringify(c.key)} to exist`;
    case 'value':
      return `key ${JSON.stringify(c.key)} to have the value ${JSON.stringify(c.value)}`;
    case 'deleted':
      return `key ${JSON.stringify(c.key)} to be deleted`;
    case 'count':
      return `at least ${c.count} keys under prefix ${JSON.stringify(c.prefix)}`;
  }
}

/** What the state says about the condition, for the timeout message: `absent`, `value "x"`, `2 keys`. */
export function describeState(c: KeyCondition, s: KeyState): string {
  if (c.kind === 'count') return `${s.count} key${s.count === 1n ? '' : 's'} at revision ${s.revision}`;
  if (s.value === undefined) return `absent at revision ${s.revision}`;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(s.value);
  return `value ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} at revision ${s.revision}`;
}
