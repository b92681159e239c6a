/**
 * etcd's own gRPC resolver (registries.md §3): keys `<target>/<anything>` (usually the address),
 * value the JSON of an endpoint update with Go field names and no tags, `Op`, `Addr` and
 * `Metadata`, all three always written — by etcd 3.5's `naming/endpoints` and 3.4's
 * `clientv3/naming` alike.
 */
import { isObject, splitLast, str } from './json.js';
import type { Entry, RegNode } from './types.js';

/** Whether `v` is an endpoint update: an object whose keys are exactly Op, Addr and Metadata. */
export function isGrpcUpdate(v: unknown): v is { Op: unknown; Addr: unknown; Metadata: unknown } {
  if (!isObject(v)) return false;
  const keys = Object.keys(v).sort();
  return keys.length === 3 && keys[0] === 'Addr' && keys[1] === 'Metadata' && keys[2] === 'Op';
}

/** One node of target `<key minus its last segment>`; the value must pass isGrpcUpdate. */
export function decodeGrpcNaming(e: Entry, key: string, v: { Op: unknown; Addr: unknown; Metadata: unknown }): RegNode {
  const { head, last } = splitLast(key);
  // The target is what a client dials as etcd:///<target>: the key minus `/<suffix>`.
  const target = head.endsWith('/') ? head.slice(0, -1) : head;
  const op = typeof v.Op === 'number' ? v.Op : NaN;
  return {
    kind: 'grpc',
    service: target,
    keyService: target,
    prefix: head,
    id: last,
    keyId: last,
    address: str(v.Addr),
    version: '',
    metadata: v.Metadata ?? null,
    endpoints: [],
    key,
    lease: e.lease,
    createRevision: e.create_revision,
    modRevision: e.mod_revision,
    // Op 1 is a delete update: the 3.4 resolver drops the address, a 3.5 one never writes it.
    ...(op === 0 ? {} : { error: `Op is ${JSON.stringify(v.Op)}, not 0 (add)` }),
  };
}
