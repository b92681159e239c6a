/**
 * `cluster check`: pure functions over ClusterFacts, each giving one verdict with one line of
 * explanation. No I/O here, so every rule is unit-tested with fixture facts.
 */
import { hexId } from '../core/encode.js';
import { humanizeBytes } from '../core/encode.js';
import { isLeader, type ClusterFacts, type MemberFacts } from './facts.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly message: string;
}

export interface CheckOptions {
  /** etcd's --quota-backend-bytes; etcd's default is 2 GiB. */
  readonly quotaBytes: bigint;
  /** How far a member's applied index may trail the leader's before `raft` fails. */
  readonly maxAppliedLag: bigint;
}

/** etcd's DefaultQuotaBytes. */
export const DEFAULT_QUOTA_BYTES = 2n * 1024n * 1024n * 1024n;
/** etcd's own limit on the gap between committed and applied entries (maxGapBetweenApplyAndCommitIndex). */
export const DEFAULT_MAX_APPLIED_LAG = 5000n;

export const CHECK_NAMES = ['members', 'quorum', 'leader', 'alarms', 'versions', 'raft', 'consistency', 'db-size', 'learners'] as const;

/** `infra1 (8e9e05c52164694d)`, or the ID alone for a member not started yet. */
export function memberLabel(m: Pick<MemberFacts, 'name' | 'id'>): string {
  return m.name === '' ? hexId(m.id) : `${m.name} (${hexId(m.id)})`;
}

function labelOf(facts: ClusterFacts, id: bigint): string {
  const m = facts.members.find((x) => x.id === id);
  return m === undefined ? `${hexId(id)} (not a member)` : memberLabel(m);
}

const result = (name: string, status: CheckStatus, message: string): CheckResult => ({ name, status, message });
const answered = (facts: ClusterFacts): MemberFacts[] => facts.members.filter((m) => m.status !== undefined);

export function checkMembers(facts: ClusterFacts): CheckResult {
  const n = facts.members.length;
  const bad = facts.members.filter((m) => m.health !== 'healthy');
  if (bad.length === 0) return result('members', 'pass', `${n} of ${n} members healthy`);
  const why = bad.map((m) => `${memberLabel(m)} ${m.health}${m.error === '' ? '' : `: ${m.error}`}`).join('; ');
  return result('members', 'fail', `${n - bad.length} of ${n} members healthy; ${why}`);
}

export function checkQuorum(facts: ClusterFacts): CheckResult {
  const voters = facts.members.filter((m) => !m.isLearner);
  const healthy = voters.filter((m) => m.health === 'healthy').length;
  const quorum = Math.floor(voters.length / 2) + 1;
  const text = `${healthy} of ${voters.length} voting members healthy, quorum is ${quorum}`;
  return result('quorum', healthy >= quorum ? 'pass' : 'fail', text);
}

export function checkLeader(facts: ClusterFacts): CheckResult {
  const seen = answered(facts);
  if (seen.length === 0) return result('leader', 'fail', 'no member answered');
  const without = seen.filter((m) => m.status!.leader === 0n);
  const leaders = [...new Set(seen.map((m) => m.status!.leader).filter((l) => l !== 0n))];
  if (leaders.length > 1) {
    const views = leaders.map((l) => `${labelOf(facts, l)} seen by ${seen.filter((m) => m.status!.leader === l).map(memberLabel).join(', ')}`);
    return result('leader', 'fail', `members disagree on the leader: ${views.join('; ')}`);
  }
  if (leaders.length === 0) return result('leader', 'fail', `no leader: ${seen.length} of ${seen.length} answering members see none`);
  if (without.length > 0) {
    return result('leader', 'fail', `${without.map(memberLabel).join(', ')} see${without.length === 1 ? 's' : ''} no leader; the others see ${labelOf(facts, leaders[0]!)}`);
  }
  if (!facts.members.some((m) => m.id === leaders[0])) return result('leader', 'fail', `the leader ${hexId(leaders[0]!)} is not in the member list`);
  return result('leader', 'pass', `${labelOf(facts, leaders[0]!)}, seen by ${seen.length} of ${seen.length} answering members`);
}

export function checkAlarms(facts: ClusterFacts): CheckResult {
  if (facts.alarms === undefined) return result('alarms', 'fail', `cannot list alarms: ${facts.alarmsError}`);
  const active = facts.alarms.filter((a) => a.alarm !== 'NONE');
  if (active.length === 0) return result('alarms', 'pass', 'no alarm active');
  return result('alarms', 'fail', active.map((a) => `${a.alarm} on ${labelOf(facts, a.memberID)}`).join('; '));
}

export function checkVersions(facts: ClusterFacts): CheckResult {
  const seen = answered(facts);
  if (seen.length === 0) return result('versions', 'warn', 'no member answered');
  const byVersion = new Map<string, string[]>();
  for (const m of seen) byVersion.set(m.status!.version, [...(byVersion.get(m.status!.version) ?? []), memberLabel(m)]);
  if (byVersion.size === 1) return result('versions', 'pass', `all answering members run ${[...byVersion.keys()][0]!}`);
  const list = [...byVersion].map(([v, ms]) => `${v} (${ms.join(', ')})`).join('; ');
  return result('versions', 'warn', `version skew: ${list}`);
}

export function checkRaft(facts: ClusterFacts, o: CheckOptions): CheckResult {
  const leader = facts.members.find(isLeader);
  if (leader === undefined) return result('raft', 'fail', 'no leader answered: nothing to compare applied indexes with');
  const at = leader.status!.raftAppliedIndex;
  const behind = answered(facts)
    .map((m) => ({ m, lag: at - m.status!.raftAppliedIndex }))
    .filter((x) => x.lag > o.maxAppliedLag);
  if (behind.length === 0) {
    const lags = answered(facts).map((m) => at - m.status!.raftAppliedIndex);
    const most = lags.reduce((a, b) => (b > a ? b : a), 0n);
    return result('raft', 'pass', `applied indexes within ${most} of the leader's ${at} (limit ${o.maxAppliedLag})`);
  }
  const list = behind.map((x) => `${memberLabel(x.m)} ${x.lag} behind`).join('; ');
  return result('raft', 'fail', `applied index more than ${o.maxAppliedLag} behind the leader's ${at}: ${list}`);
}

export function checkConsistency(facts: ClusterFacts): CheckResult {
  const rev = facts.hashRevision;
  if (rev === undefined) return result('consistency', 'warn', 'no member could be hashed');
  const hashed = facts.members.filter((m) => m.hash !== undefined);
  // Learners are not hashed (etcd 3.4 refuses HashKV on them).
  const voters = facts.members.filter((m) => !m.isLearner);
  const failed = voters.filter((m) => m.status !== undefined && m.hash === undefined);
  // As etcd's own corruption check: hashes are comparable only over the same compacted history.
  const groups = new Map<bigint, MemberFacts[]>();
  for (const m of hashed) groups.set(m.hash!.compactRevision, [...(groups.get(m.hash!.compactRevision) ?? []), m]);
  for (const [compact, ms] of groups) {
    const distinct = new Set(ms.map((m) => m.hash!.hash));
    if (distinct.size > 1) {
      const list = ms.map((m) => `${memberLabel(m)} ${m.hash!.hash}`).join(', ');
      return result('consistency', 'fail', `KV hashes differ at revision ${rev} (compacted at ${compact}): ${list}`);
    }
  }
  const notes: string[] = [];
  if (failed.length > 0) notes.push(`could not hash ${failed.map((m) => `${memberLabel(m)} (${m.hashError})`).join(', ')}`);
  if (groups.size > 1) notes.push(`members compacted at different revisions (${[...groups.keys()].join(', ')}) cannot be compared`);
  // A lone member has nothing to disagree with; two of three hashed is worth a warning.
  if (notes.length > 0 || (hashed.length < 2 && voters.length > 1)) {
    const base = `${hashed.length} member${hashed.length === 1 ? '' : 's'} hashed at revision ${rev}`;
    return result('consistency', 'warn', [base, ...notes].join('; '));
  }
  if (hashed.length === 1) return result('consistency', 'pass', `the only voting member hashed at revision ${rev}`);
  return result('consistency', 'pass', `${hashed.length} members agree on the KV hash at revision ${rev}`);
}

export function checkDbSize(facts: ClusterFacts, o: CheckOptions): CheckResult {
  const seen = answered(facts);
  if (seen.length === 0) return result('db-size', 'warn', 'no member answered');
  const biggest = seen.reduce((a, b) => (b.status!.dbSize > a.status!.dbSize ? b : a));
  const size = biggest.status!.dbSize;
  // Percent with one decimal, in integers: sizes and quotas are bigints.
  const permille = o.quotaBytes > 0n ? (size * 1000n) / o.quotaBytes : 0n;
  const pct = `${permille / 10n}.${permille % 10n} %`;
  const text = `largest ${humanizeBytes(size)} on ${memberLabel(biggest)}, ${pct} of the ${humanizeBytes(o.quotaBytes)} quota`;
  if (permille >= 950n) return result('db-size', 'fail', text);
  if (permille >= 800n) return result('db-size', 'warn', text);
  return result('db-size', 'pass', text);
}

export function checkLearners(facts: ClusterFacts): CheckResult {
  const learners = facts.members.filter((m) => m.isLearner);
  if (learners.length === 0) return result('learners', 'pass', 'no learner');
  return result('learners', 'warn', `not promoted yet: ${learners.map(memberLabel).join(', ')}`);
}

/** Every check, in a fixed order. */
export function runChecks(facts: ClusterFacts, o: CheckOptions): CheckResult[] {
  return [
    checkMembers(facts),
    checkQuorum(facts),
    checkLeader(facts),
    checkAlarms(facts),
    checkVersions(facts),
    checkRaft(facts, o),
    checkConsistency(facts),
    checkDbSize(facts, o),
    checkLearners(facts),
  ];
}

/** Whether the results let a CI gate through: no failure, and with `strict` no warning either. */
export function passed(results: readonly CheckResult[], strict: boolean): boolean {
  return results.every((r) => r.status === 'pass' || (r.status === 'warn' && !strict));
}
