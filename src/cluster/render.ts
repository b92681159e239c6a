/**
 * The output of `cluster status` and `cluster check`: a model built from the facts, and its
 * `simple`, `table` and `json` texts. Pure: a Style (colour or none) comes in, text goes out;
 * cli-table3 is drawn by the caller (drawTable) from the rows made here.
 */
import { hexId, humanizeBytes } from '../core/encode.js';
import { columns } from '../output/human/layout.js';
import type { Style } from '../output/human/style.js';
import type { CheckResult } from './checks.js';
import { isLeader, type ClusterFacts, type Health } from './facts.js';

/** One row of `cluster status`; numbers are undefined when the member gave no status. */
export interface StatusRow {
  readonly name: string;
  readonly id: bigint;
  readonly clientURLs: readonly string[];
  readonly health: Health;
  readonly leader: boolean;
  readonly learner: boolean;
  readonly version: string;
  readonly dbSize?: bigint;
  readonly dbSizeInUse?: bigint;
  readonly raftTerm?: bigint;
  readonly raftIndex?: bigint;
  readonly appliedIndex?: bigint;
  readonly latencyMs?: number;
  /** Active alarms raised by this member (`NOSPACE`, `CORRUPT`). */
  readonly alarms: readonly string[];
  readonly error: string;
}

export function statusRows(facts: ClusterFacts): StatusRow[] {
  return facts.members.map((m) => {
    const s = m.status;
    return {
      name: m.name,
      id: m.id,
      clientURLs: m.clientURLs,
      health: m.health,
      leader: isLeader(m),
      learner: m.isLearner,
      version: s?.version ?? '',
      ...(s === undefined
        ? {}
        : { dbSize: s.dbSize, dbSizeInUse: s.dbSizeInUse, raftTerm: s.raftTerm, raftIndex: s.raftIndex, appliedIndex: s.raftAppliedIndex }),
      ...(m.latencyMs === undefined ? {} : { latencyMs: m.latencyMs }),
      alarms: (facts.alarms ?? []).filter((a) => a.memberID === m.id && a.alarm !== 'NONE').map((a) => a.alarm),
      error: m.error,
    };
  });
}

const num = (n: bigint | undefined): string => (n === undefined ? '-' : String(n));

/** `1.25 ms`: two decimals below 10 ms, one below 100 ms, none above. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
}

function role(r: StatusRow): string {
  if (r.learner) return 'learner';
  if (r.leader) return 'leader';
  return r.health === 'healthy' || r.version !== '' ? 'follower' : '-';
}

function healthCell(r: StatusRow, style: Style): string {
  if (r.health === 'healthy') return style.ok(r.health);
  return r.health === 'unhealthy' ? style.warn(r.health) : style.bad(r.health);
}

export const STATUS_HEAD = ['NAME', 'ID', 'CLIENT URL', 'HEALTH', 'ROLE', 'VERSION', 'DB SIZE', 'IN USE', 'RAFT TERM', 'RAFT INDEX', 'APPLIED', 'LATENCY', 'ALARMS'];

/** The cells of each row, in STATUS_HEAD's order. */
export function statusCells(rows: readonly StatusRow[], style: Style): string[][] {
  return rows.map((r) => [
    r.name === '' ? style.dim('(unstarted)') : style.bold(r.name),
    style.dim(hexId(r.id)),
    r.clientURLs.join(',') || '-',
    healthCell(r, style),
    r.leader ? style.bold(role(r)) : role(r),
    r.version || '-',
    r.dbSize === undefined ? '-' : humanizeBytes(r.dbSize),
    r.dbSizeInUse === undefined ? '-' : humanizeBytes(r.dbSizeInUse),
    num(r.raftTerm),
    num(r.raftIndex),
    num(r.appliedIndex),
    formatLatency(r.latencyMs),
    r.alarms.length === 0 ? '-' : style.bad(r.alarms.join(',')),
  ]);
}

/** Aligned columns, then one line per member that is not healthy saying why. */
export function statusSimple(rows: readonly StatusRow[], style: Style): string {
  const table = columns([STATUS_HEAD.map((h) => style.heading(h)), ...statusCells(rows, style)]);
  const why = rows
    .filter((r) => r.error !== '')
    .map((r) => `${r.name === '' ? hexId(r.id) : r.name}: ${r.health === 'healthy' ? '' : `${r.health}: `}${r.error}\n`)
    .join('');
  return why === '' ? table : `${table}\n${why}`;
}

/** The rows of `-w table`: STATUS_HEAD plus the error of each member. */
export function statusTableRows(rows: readonly StatusRow[], style: Style): { head: string[]; rows: string[][] } {
  const cells = statusCells(rows, style);
  return { head: [...STATUS_HEAD, 'ERROR'], rows: cells.map((c, i) => [...c, rows[i]!.error]) };
}

const jnum = (n: bigint | number | undefined): string => (n === undefined ? 'null' : typeof n === 'bigint' ? n.toString() : String(Math.round(n * 1000) / 1000));

/** The JSON schema documented in the README; 64-bit numbers as bare digits, the ID as etcdctl's hex. */
export function statusJson(rows: readonly StatusRow[]): string {
  const members = rows.map(
    (r) =>
      '{' +
      [
        `"name":${JSON.stringify(r.name)}`,
        `"id":"${hexId(r.id)}"`,
        `"client_urls":${JSON.stringify(r.clientURLs)}`,
        `"health":"${r.health}"`,
        `"leader":${r.leader}`,
        `"learner":${r.learner}`,
        `"version":${JSON.stringify(r.version)}`,
        `"db_size":${jnum(r.dbSize)}`,
        `"db_size_in_use":${jnum(r.dbSizeInUse)}`,
        `"raft_term":${jnum(r.raftTerm)}`,
        `"raft_index":${jnum(r.raftIndex)}`,
        `"applied_index":${jnum(r.appliedIndex)}`,
        `"latency_ms":${jnum(r.latencyMs)}`,
        `"alarms":${JSON.stringify(r.alarms)}`,
        `"error":${JSON.stringify(r.error)}`,
      ].join(',') +
      '}',
  );
  return `{"members":[${members.join(',')}]}\n`;
}

function statusWord(r: CheckResult, style: Style): string {
  if (r.status === 'pass') return style.ok('PASS');
  return r.status === 'warn' ? style.warn('WARN') : style.bad('FAIL');
}

/** Failed checks (and warnings under --strict), by name. */
export function failedChecks(results: readonly CheckResult[], strict: boolean): string[] {
  return results.filter((r) => r.status === 'fail' || (strict && r.status === 'warn')).map((r) => r.name);
}

/** One line per check, then a summary line. */
export function checkSimple(results: readonly CheckResult[], strict: boolean, style: Style): string {
  const lines = columns(results.map((r) => [statusWord(r, style), style.bold(r.name), r.message]));
  const failed = failedChecks(results, strict);
  const warnings = results.filter((r) => r.status === 'warn').length;
  const summary =
    failed.length === 0
      ? style.ok(`healthy: ${results.length - warnings} passed, ${warnings} warning${warnings === 1 ? '' : 's'}`)
      : style.bad(`unhealthy: ${failed.join(', ')} failed`);
  return `${lines}${summary}\n`;
}

export function checkTableRows(results: readonly CheckResult[], style: Style): { head: string[]; rows: string[][] } {
  return { head: ['CHECK', 'STATUS', 'MESSAGE'], rows: results.map((r) => [r.name, statusWord(r, style), r.message]) };
}

export function checkJson(results: readonly CheckResult[], healthy: boolean): string {
  const checks = results.map((r) => `{"name":${JSON.stringify(r.name)},"status":"${r.status}","message":${JSON.stringify(r.message)}}`);
  return `{"healthy":${healthy},"checks":[${checks.join(',')}]}\n`;
}
