/**
 * The registry domain: service registrations found in etcd, decoded per framework. Layouts,
 * value schemas and defaults follow ../shared/registries.md; every function here is pure.
 */

/** The frameworks `registry` understands, by their `--kind` names. */
export const KINDS = ['go-micro', 'grpc', 'go-zero', 'kratos'] as const;
export type Kind = (typeof KINDS)[number];

/** What a decoder needs of one key: mvccpb.KeyValue's fields (ids and revisions as bigint). */
export interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly lease: bigint;
  readonly create_revision: bigint;
  readonly mod_revision: bigint;
}

/** One registered node: one key (go-micro values hold one node each). */
export interface RegNode {
  readonly kind: Kind;
  /** The service's name: the JSON name, or what the key says when there is none (or it does not decode). */
  readonly service: string;
  /** The key's service segment (go-micro, Kratos) or target / Etcd.Key (gRPC naming, go-zero). */
  readonly keyService: string;
  /** The key prefix the node lives under, ending in `/`: `/micro/registry/`, `my-service/`, … */
  readonly prefix: string;
  /** micro v3's domain (`/micro/registry/<domain>/…`), else undefined. */
  readonly domain?: string;
  /** The node id: the JSON id, else the key's last segment. */
  readonly id: string;
  /** The key's last segment (node id as written into the key). */
  readonly keyId: string;
  /** `host:port` (go-micro ≤ v1.7's separate `port` joined in), or Kratos' endpoint URLs joined by `,`. */
  readonly address: string;
  readonly version: string;
  /** As stored: a string map for go-micro and Kratos, any JSON for gRPC naming; null when unset. */
  readonly metadata: unknown;
  /** go-micro endpoint names, Kratos endpoint URLs. */
  readonly endpoints: readonly string[];
  readonly key: string;
  /** 0n: no lease. */
  readonly lease: bigint;
  readonly createRevision: bigint;
  readonly modRevision: bigint;
  /** go-micro ≤ v1.7: a bare host in `address` and a separate `port`. */
  readonly legacyPort?: boolean;
  /** Why the value does not decode; the node is then only what its key says. */
  readonly error?: string;
}

/** LeaseTimeToLive's answer: TTL -1 when the lease is gone (expired or revoked). */
export interface LeaseInfo {
  readonly ttl: bigint;
  readonly granted: bigint;
}

export type NodeStatus = 'healthy' | 'expiring' | 'leaseless' | 'unparseable';

/** A node with its lease looked up. */
export interface NodeView extends RegNode {
  /** Seconds left; null without a lease; -1 when the lease is gone. */
  readonly ttl: bigint | null;
  readonly grantedTtl: bigint | null;
  readonly status: NodeStatus;
}

/** The keys of one service under one prefix (and, for `registry get`, one version). */
export interface ServiceGroup {
  readonly kind: Kind;
  readonly name: string;
  readonly prefix: string;
  readonly domain: string | null;
  readonly versions: readonly string[];
  readonly nodes: readonly NodeView[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Bytes as text (keys and values are UTF-8 in every framework here). */
export function text(b: Uint8Array): string {
  return decoder.decode(b);
}

/** The lease id as etcdctl prints it (`lease grant`, `lease list`: %016x). */
export function leaseHex(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, '0');
}

/**
 * How often a healthy node renews its lease, in seconds: TTL left below it means keep-alive is
 * late. go-micro re-registers every RegisterInterval (30 s in every release that has one); the
 * others keep a clientv3 KeepAlive stream, which renews when a third of the TTL has passed.
 */
export function refreshInterval(kind: Kind, granted: bigint): number {
  if (kind === 'go-micro') return 30;
  return Number(granted) / 3;
}

/** Where a node stands: leaseless, healthy, or expiring (TTL left below the refresh interval). */
export function nodeStatus(n: RegNode, lease: LeaseInfo | undefined): NodeStatus {
  if (n.error !== undefined) return 'unparseable';
  if (n.lease === 0n) return 'leaseless';
  if (lease === undefined || lease.ttl < 0n) return 'expiring';
  return Number(lease.ttl) < refreshInterval(n.kind, lease.granted) ? 'expiring' : 'healthy';
}

/** A node with its lease's TTL. */
export function view(n: RegNode, leases: ReadonlyMap<bigint, LeaseInfo>): NodeView {
  const l = n.lease === 0n ? undefined : leases.get(n.lease);
  return {
    ...n,
    ttl: n.lease === 0n ? null : (l?.ttl ?? -1n),
    grantedTtl: n.lease === 0n ? null : (l?.granted ?? 0n),
    status: nodeStatus(n, l),
  };
}
