/**
 * `registry watch`: etcd watch events as node up / changed / down. A DELETE carries no reason;
 * the lease named in the previous value tells: gone (TTL -1) means it expired or was revoked
 * (etcd cannot tell those apart), alive means the key was deleted — a clean deregistration.
 */
import type { Event } from '../client/types.js';
import { decodeEntry } from './detect.js';
import { leaseHex, type Kind, type LeaseInfo, type RegNode } from './types.js';

export type NodeEvent = 'up' | 'changed' | 'down';

export interface RegEvent {
  readonly event: NodeEvent;
  readonly kind: Kind;
  readonly service: string;
  readonly node: string;
  readonly address: string;
  readonly key: string;
  readonly revision: bigint;
  readonly reason: string;
}

/** What one event is about, before any lease is looked up: a DELETE names the lease to ask about. */
export interface Pending {
  readonly event: NodeEvent;
  readonly node: RegNode;
  readonly revision: bigint;
  /** The previous value's node (changed). */
  readonly before?: RegNode;
  /** A DELETE whose previous value etcd no longer had (compacted): the lease is unknown. */
  readonly unknownPrev?: boolean;
}

const EMPTY = new Uint8Array();

/** The nodes an event is about (usually one); [] for keys of no registry or outside the filter. */
export function classify(ev: Event, keep: (n: RegNode) => boolean): Pending[] {
  const kv = ev.kv;
  if (kv === undefined) return [];
  const prev = ev.prev_kv === undefined ? [] : decodeEntry(ev.prev_kv).filter(keep);
  if (ev.type === 'DELETE') {
    // Without the previous value (compacted away) only the key is known; decode what it says.
    if (prev.length > 0) return prev.map((n) => ({ event: 'down', node: n, revision: kv.mod_revision }));
    return decodeEntry({ ...kv, value: EMPTY })
      .filter(keep)
      .map((n) => ({ event: 'down', node: n, revision: kv.mod_revision, unknownPrev: true }));
  }
  const now = decodeEntry(kv).filter(keep);
  // compat(go-micro): a create is version 1; a later put of the same key is an update.
  const created = kv.version === 1n || prev.length === 0;
  return now.map((n, i) => ({
    event: created ? 'up' : 'changed',
    node: n,
    revision: kv.mod_revision,
    ...(created ? {} : { before: prev[Math.min(i, prev.length - 1)]! }),
  }));
}

/** What changed between two decodings of one node, for the reason column. */
export function changes(a: RegNode, b: RegNode): string {
  const out: string[] = [];
  if (a.address !== b.address) out.push(`address ${a.address} → ${b.address}`);
  if (a.version !== b.version) out.push(`version ${a.version} → ${b.version}`);
  if (a.lease !== b.lease) out.push(`lease ${a.lease === 0n ? 'none' : leaseHex(a.lease)} → ${b.lease === 0n ? 'none' : leaseHex(b.lease)}`);
  if (JSON.stringify(a.metadata) !== JSON.stringify(b.metadata)) out.push('metadata');
  if (a.endpoints.join('\n') !== b.endpoints.join('\n')) out.push('endpoints');
  if ((a.error === undefined) !== (b.error === undefined)) out.push(b.error === undefined ? 'value decodes again' : 'value no longer decodes');
  return out.length === 0 ? 're-registered, nothing changed' : out.join(', ');
}

/** The reason a node went down, given its old lease's state (undefined: it had none). */
export function downReason(node: RegNode, lease: LeaseInfo | undefined): string {
  if (node.lease === 0n) return 'key deleted (node had no lease)';
  if (lease === undefined || lease.ttl < 0n) return `lease ${leaseHex(node.lease)} expired or revoked`;
  return `deregistered: key deleted while lease ${leaseHex(node.lease)} lived (${lease.ttl}s left)`;
}

/** The finished event. */
export function toEvent(p: Pending, lease: LeaseInfo | undefined): RegEvent {
  const n = p.node;
  let reason = '';
  if (p.event === 'down') reason = p.unknownPrev ? 'key deleted (previous value compacted: lease unknown)' : downReason(n, lease);
  else if (p.event === 'changed') reason = changes(p.before!, n);
  else if (n.error !== undefined) reason = `value does not decode: ${n.error}`;
  else if (n.lease === 0n) reason = 'no lease';
  if (p.event === 'changed' && n.error !== undefined) reason += `; value does not decode: ${n.error}`;
  return { event: p.event, kind: n.kind, service: n.service, node: n.id, address: n.address, key: n.key, revision: p.revision, reason };
}
