/** From decoded nodes and their leases to what `registry list` and `registry get` show. */
import { view, type LeaseInfo, type NodeStatus, type NodeView, type RegNode, type ServiceGroup } from './types.js';
import { KINDS } from './types.js';

const KIND_ORDER = new Map(KINDS.map((k, i) => [k, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Nodes grouped by kind, service name and prefix (a service under two prefixes is two groups:
 * their clients cannot see each other); with `byVersion`, by version too (`registry get`, as
 * go-micro's GetService returns one entry per version). Sorted by kind, name, prefix, version.
 */
export function groupServices(nodes: readonly RegNode[], leases: ReadonlyMap<bigint, LeaseInfo>, byVersion = false): ServiceGroup[] {
  const groups = new Map<string, { kind: RegNode['kind']; name: string; prefix: string; domain: string | null; nodes: NodeView[] }>();
  for (const n of nodes) {
    const id = JSON.stringify([n.kind, n.service, n.prefix, byVersion ? n.version : '']);
    let g = groups.get(id);
    if (g === undefined) {
      g = { kind: n.kind, name: n.service, prefix: n.prefix, domain: n.domain ?? null, nodes: [] };
      groups.set(id, g);
    }
    g.nodes.push(view(n, leases));
  }
  return [...groups.values()]
    .map((g) => ({
      ...g,
      versions: [...new Set(g.nodes.filter((n) => n.error === undefined && n.version !== '').map((n) => n.version))].sort(cmp),
      nodes: g.nodes.sort((a, b) => cmp(a.id, b.id) || cmp(a.key, b.key)),
    }))
    .sort(
      (a, b) =>
        KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || cmp(a.name, b.name) || cmp(a.prefix, b.prefix) || cmp(a.versions.join(), b.versions.join()),
    );
}

/** Nodes of a group by status. */
export function countByStatus(nodes: readonly NodeView[]): Record<NodeStatus, number> {
  const c: Record<NodeStatus, number> = { healthy: 0, expiring: 0, leaseless: 0, unparseable: 0 };
  for (const n of nodes) c[n.status]++;
  return c;
}

/**
 * The nodes `registry get <service>` shows: the JSON name, or the key's service segment (so
 * `foo-bar` finds go-micro's `foo/bar`, and a node whose value does not decode is still found).
 */
export function matchService(n: RegNode, service: string): boolean {
  return n.service === service || n.keyService === service;
}
