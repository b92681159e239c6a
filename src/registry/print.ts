/**
 * How `registry` shows its models: `simple` for people (aligned, coloured through a Style),
 * `table` through cli-table3, `json` in the schema documented in the README. Printers return
 * text; the command writes it.
 */
import { columns, drawTable } from '../output/human/layout.js';
import type { Style } from '../output/human/style.js';
import type { Finding } from './doctor.js';
import type { RegEvent } from './events.js';
import { countByStatus } from './model.js';
import { leaseHex, type NodeStatus, type NodeView, type ServiceGroup } from './types.js';

export type RegistryFormat = 'simple' | 'table' | 'json';

/** Metadata as `k=v` pairs (sorted), or the JSON of a value that is not a string map. */
export function formatMetadata(m: unknown): string {
  if (m === null || m === undefined) return '';
  if (typeof m === 'object' && !Array.isArray(m)) {
    return Object.entries(m as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(',');
  }
  return JSON.stringify(m);
}

function paint(style: Style, status: NodeStatus, s: string): string {
  return status === 'healthy' ? style.ok(s) : status === 'expiring' ? style.warn(s) : style.bad(s);
}

const num = (n: bigint | null): number | null => (n === null ? null : Number(n));

// ---------------------------------------------------------------------------------------------
// list

function listRows(groups: readonly ServiceGroup[]): string[][] {
  return groups.map((g) => {
    const c = countByStatus(g.nodes);
    return [g.kind, g.name, g.prefix, g.versions.join(',') || '-', String(g.nodes.length), String(c.healthy), String(c.expiring), String(c.leaseless), String(c.unparseable)];
  });
}

const LIST_HEAD = ['KIND', 'SERVICE', 'PREFIX', 'VERSIONS', 'NODES', 'HEALTHY', 'EXPIRING', 'LEASELESS', 'UNPARSEABLE'];

export function listSimple(groups: readonly ServiceGroup[], style: Style, revision: bigint): string {
  if (groups.length === 0) return `no service registrations found (revision ${revision})\n`;
  let out = '';
  const kinds = [...new Set(groups.map((g) => g.kind))];
  for (const kind of kinds) {
    const rows = listRows(groups.filter((g) => g.kind === kind)).map((r) => r.slice(1));
    const colour = (i: number, s: string): string =>
      s === '0' ? s : i === 4 ? style.ok(s) : i === 5 ? style.warn(s) : i === 6 || i === 7 ? style.bad(s) : s;
    const body = rows.map((r) => r.map((cell, i) => (i === 0 ? style.bold(cell) : colour(i, cell))));
    if (out !== '') out += '\n';
    out += `${style.bold(kind)}\n${columns([LIST_HEAD.slice(1).map((h) => style.heading(h)), ...body], { indent: '  ', rightAlign: new Set([3, 4, 5, 6, 7]) })}`;
  }
  const nodes = groups.reduce((a, g) => a + g.nodes.length, 0);
  // A service under two prefixes is two rows but one service.
  const services = new Set(groups.map((g) => `${g.kind}\n${g.name}`)).size;
  return `${out}\n${style.dim(`${services} service${services === 1 ? '' : 's'}, ${nodes} node${nodes === 1 ? '' : 's'} at revision ${revision}`)}\n`;
}

export function listTable(groups: readonly ServiceGroup[], style: Style): Promise<string> {
  return drawTable(LIST_HEAD, listRows(groups), style);
}

function nodeJson(n: NodeView): Record<string, unknown> {
  return {
    id: n.id,
    address: n.address,
    version: n.version,
    key: n.key,
    lease: n.lease === 0n ? null : leaseHex(n.lease),
    ttl: num(n.ttl),
    granted_ttl: num(n.grantedTtl),
    metadata: n.metadata ?? null,
    endpoints: n.endpoints,
    status: n.status,
    create_revision: Number(n.createRevision),
    mod_revision: Number(n.modRevision),
    error: n.error ?? null,
  };
}

/** `{"services":[…]}`, one line; `registry get` adds each entry's `version`. */
export function servicesJson(groups: readonly ServiceGroup[], revision: bigint, withVersion = false): string {
  const services = groups.map((g) => ({
    name: g.name,
    kind: g.kind,
    prefix: g.prefix,
    domain: g.domain,
    ...(withVersion ? { version: g.versions[0] ?? '' } : {}),
    versions: g.versions,
    nodes: g.nodes.map(nodeJson),
  }));
  return `${JSON.stringify({ revision: Number(revision), services })}\n`;
}

// ---------------------------------------------------------------------------------------------
// get

function ttlText(n: NodeView): string {
  if (n.ttl === null) return 'none';
  if (n.ttl < 0n) return 'gone';
  return `${n.ttl}s of ${n.grantedTtl}s`;
}

const STATUS_TEXT: Record<NodeStatus, string> = {
  healthy: 'healthy',
  expiring: 'expiring: TTL left below the refresh interval',
  leaseless: 'LEASELESS: the key stays forever if the node crashes',
  unparseable: 'value does not decode',
};

export function getSimple(groups: readonly ServiceGroup[], service: string, style: Style, revision: bigint): string {
  if (groups.length === 0) return `no registration of service "${service}" found (revision ${revision})\n`;
  let out = '';
  for (const g of groups) {
    if (out !== '') out += '\n';
    const where = g.domain === null ? g.prefix : `${g.prefix} (domain ${g.domain})`;
    out += `${style.bold(g.name)}  ${g.kind}  ${where}  version ${g.versions.join(',') || '-'}  ${g.nodes.length} node${g.nodes.length === 1 ? '' : 's'}\n`;
    for (const n of g.nodes) {
      const lease = n.lease === 0n ? style.bad('none') : `${leaseHex(n.lease)}  ${paint(style, n.status, `TTL ${ttlText(n)}`)}`;
      const rows: string[][] = [
        ['address', n.address === '' ? '-' : n.address + (n.legacyPort === true ? '  (go-micro ≤ v1.7: host and port stored apart)' : '')],
        ['status', paint(style, n.status, STATUS_TEXT[n.status])],
        ['lease', lease],
        ['key', style.dim(n.key)],
        ['revisions', `created ${n.createRevision}, modified ${n.modRevision}`],
      ];
      if (n.error !== undefined) rows.push(['error', style.bad(n.error)]);
      const meta = formatMetadata(n.metadata);
      if (meta !== '') rows.push(['metadata', meta]);
      if (n.endpoints.length > 0) rows.push(['endpoints', n.endpoints.join(', ')]);
      out += `  ${paint(style, n.status, n.id === '' ? '(no id)' : n.id)}\n${columns(rows, { indent: '    ' })}`;
    }
  }
  return out;
}

export function getTable(groups: readonly ServiceGroup[], style: Style): Promise<string> {
  const rows = groups.flatMap((g) =>
    g.nodes.map((n) => [
      g.name,
      n.version,
      n.id,
      n.address,
      n.lease === 0n ? '-' : leaseHex(n.lease),
      ttlText(n),
      n.status,
      `${n.createRevision}/${n.modRevision}`,
      n.key,
      formatMetadata(n.metadata),
      n.endpoints.join(', '),
    ]),
  );
  return drawTable(['SERVICE', 'VERSION', 'NODE', 'ADDRESS', 'LEASE', 'TTL', 'STATUS', 'CREATE/MOD REV', 'KEY', 'METADATA', 'ENDPOINTS'], rows, style);
}

// ---------------------------------------------------------------------------------------------
// doctor

export function doctorSimple(findings: readonly Finding[], style: Style, nodes: number): string {
  if (findings.length === 0) return `${style.ok('no problems found')} in ${nodes} node${nodes === 1 ? '' : 's'}\n`;
  const rows = findings.map((f) => [
    f.severity === 'error' ? style.bad(f.severity) : style.warn(f.severity),
    f.check,
    style.bold(f.service),
    f.message + (f.key === null ? '' : style.dim(`  [${f.key}${f.address === null ? '' : ` @ ${f.address}`}]`)),
  ]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${nodes} node${nodes === 1 ? '' : 's'}`;
  return `${columns(rows)}\n${errors > 0 ? style.bad(summary) : style.warn(summary)}\n`;
}

export function doctorTable(findings: readonly Finding[], style: Style): Promise<string> {
  return drawTable(
    ['SEVERITY', 'CHECK', 'SERVICE', 'KEY', 'ADDRESS', 'MESSAGE'],
    findings.map((f) => [f.severity, f.check, f.service, f.key ?? '', f.address ?? '', f.message]),
    style,
  );
}

export function doctorJson(findings: readonly Finding[]): string {
  return `${JSON.stringify({ findings })}\n`;
}

// ---------------------------------------------------------------------------------------------
// watch

export function eventSimple(e: RegEvent, time: Date, style: Style): string {
  const ev = e.event === 'up' ? style.ok('up     ') : e.event === 'changed' ? style.warn('changed') : style.bad('down   ');
  const addr = e.address === '' ? '-' : e.address;
  return `${style.dim(time.toISOString())}  ${ev}  ${e.kind}  ${style.bold(e.service)}  ${e.node}  ${addr}  rev ${e.revision}${e.reason === '' ? '' : `  ${e.reason}`}\n`;
}

export function eventJson(e: RegEvent, time: Date): string {
  return `${JSON.stringify({
    time: time.toISOString(),
    event: e.event,
    kind: e.kind,
    service: e.service,
    node: e.node,
    address: e.address,
    key: e.key,
    revision: Number(e.revision),
    reason: e.reason,
  })}\n`;
}
