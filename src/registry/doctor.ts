/**
 * `registry doctor`: checks as pure functions over decoded nodes and their leases. Each finding
 * has a stable check id (scripts match on it) and a severity: `error` means clients do not see
 * the node, or see one that is not there; `warning` means it works today but will not survive
 * a crash, a restart or a late keep-alive.
 */
import { keySegment } from './go-micro.js';
import { leaseMismatch } from './go-zero.js';
import { leaseHex, refreshInterval, view, type LeaseInfo, type NodeView, type RegNode } from './types.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  readonly severity: Severity;
  readonly check: string;
  readonly service: string;
  readonly key: string | null;
  readonly address: string | null;
  readonly message: string;
}

/** Every check id, in the order findings are reported. */
export const CHECKS = ['unparseable', 'name-mismatch', 'split-prefix', 'no-lease', 'expiring', 'lease-mismatch', 'duplicate-address'] as const;

const finding = (severity: Severity, check: (typeof CHECKS)[number], n: NodeView | null, service: string, message: string): Finding => ({
  severity,
  check,
  service,
  key: n?.key ?? null,
  address: n === null || n.address === '' ? null : n.address,
  message,
});

function unparseable(nodes: readonly NodeView[]): Finding[] {
  return nodes.filter((n) => n.error !== undefined).map((n) => finding('error', 'unparseable', n, n.service, `${n.kind} value does not decode: ${n.error!}`));
}

/** go-micro: key segments are the JSON name and id with `/` → `-`; Kratos: the key is <name>/<id>. */
function nameMismatch(nodes: readonly NodeView[]): Finding[] {
  const out: Finding[] = [];
  for (const n of nodes) {
    if (n.error !== undefined) continue;
    if (n.kind === 'go-micro' || n.kind === 'kratos') {
      const seg = n.kind === 'go-micro' ? keySegment(n.service) : n.service;
      if (seg !== n.keyService) {
        out.push(
          finding('error', 'name-mismatch', n, n.service, `key names service "${n.keyService}" but the value says "${n.service}": clients looking up "${n.service}" read ${n.prefix}${seg}/ and do not find this node`),
        );
      }
      const idSeg = n.kind === 'go-micro' ? keySegment(n.id) : n.id;
      if (idSeg !== n.keyId) {
        out.push(finding('warning', 'name-mismatch', n, n.service, `key names node "${n.keyId}" but the value says "${n.id}": deregistering "${n.id}" will not delete this key`));
      }
    }
  }
  return out;
}

/** One go-micro service under more than one prefix: clients of one prefix never see the others. */
function splitPrefix(nodes: readonly NodeView[]): Finding[] {
  const prefixes = new Map<string, Set<string>>();
  for (const n of nodes) {
    if (n.kind !== 'go-micro' || n.error !== undefined) continue;
    const s = prefixes.get(n.service) ?? new Set<string>();
    s.add(n.prefix);
    prefixes.set(n.service, s);
  }
  const out: Finding[] = [];
  for (const [service, set] of [...prefixes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (set.size < 2) continue;
    const list = [...set].sort();
    out.push(
      finding('error', 'split-prefix', null, service, `registered under ${list.join(' and ')}: clients reading one prefix cannot see the nodes under the other (go-micro plugins up to v1.4 use /micro-registry/, later ones /micro/registry/)`),
    );
  }
  return out;
}

function noLease(nodes: readonly NodeView[]): Finding[] {
  return nodes
    .filter((n) => n.error === undefined && n.lease === 0n)
    .map((n) => finding('warning', 'no-lease', n, n.service, 'no lease: if this node crashes its key stays forever and clients keep calling it'));
}

function expiring(nodes: readonly NodeView[]): Finding[] {
  return nodes
    .filter((n) => n.status === 'expiring')
    .map((n) => {
      if (n.ttl === null || n.ttl < 0n) return finding('warning', 'expiring', n, n.service, `lease ${leaseHex(n.lease)} is gone (expired or revoked): the key is about to go`);
      const every = refreshInterval(n.kind, n.grantedTtl ?? 0n);
      return finding('warning', 'expiring', n, n.service, `lease ${leaseHex(n.lease)} has ${n.ttl}s left of ${n.grantedTtl}s, below the ${Number.isInteger(every) ? every : every.toFixed(1)}s refresh interval: keep-alive is late`);
    });
}

function leaseMismatches(nodes: readonly NodeView[]): Finding[] {
  return nodes
    .filter((n) => n.error === undefined && leaseMismatch(n))
    .map((n) =>
      finding('warning', 'lease-mismatch', n, n.service, `key suffix ${n.keyId} is not the key's lease (${n.lease === 0n ? 'none' : `${n.lease}, ${leaseHex(n.lease)}`}): go-zero writes its lease id there unless Etcd.ID is set`),
    );
}

/** One address under several node ids of one service and prefix: a stale node of a restarted instance. */
function duplicateAddress(nodes: readonly NodeView[]): Finding[] {
  const byAddr = new Map<string, NodeView[]>();
  for (const n of nodes) {
    if (n.error !== undefined || n.address === '') continue;
    const k = JSON.stringify([n.kind, n.service, n.prefix, n.address]);
    byAddr.set(k, [...(byAddr.get(k) ?? []), n]);
  }
  const out: Finding[] = [];
  for (const list of byAddr.values()) {
    const ids = [...new Set(list.map((n) => n.id))];
    if (ids.length < 2) continue;
    for (const n of list) {
      out.push(finding('warning', 'duplicate-address', n, n.service, `address ${n.address} is registered under ${ids.length} node ids (${ids.join(', ')}): one of them is probably a stale registration`));
    }
  }
  return out;
}

/** Every finding, grouped by check in CHECKS order, then by service and key. */
export function diagnose(nodes: readonly RegNode[], leases: ReadonlyMap<bigint, LeaseInfo>): Finding[] {
  const views = nodes.map((n) => view(n, leases)).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const all = [...unparseable(views), ...nameMismatch(views), ...splitPrefix(views), ...noLease(views), ...expiring(views), ...leaseMismatches(views), ...duplicateAddress(views)];
  const order = new Map<string, number>(CHECKS.map((c, i) => [c, i]));
  return all.sort((a, b) => order.get(a.check)! - order.get(b.check)!);
}

/** The exit code doctor ends with: 1 for an error (with `strict`, for a warning too), else 0. */
export function doctorExitCode(findings: readonly Finding[], strict: boolean): 0 | 1 {
  return findings.some((f) => f.severity === 'error' || strict) ? 1 : 0;
}
