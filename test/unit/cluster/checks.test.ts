import { describe, expect, it } from 'vitest';
import {
  checkAlarms,
  checkConsistency,
  checkDbSize,
  checkLeader,
  checkLearners,
  checkMembers,
  checkQuorum,
  checkRaft,
  checkVersions,
  DEFAULT_MAX_APPLIED_LAG,
  DEFAULT_QUOTA_BYTES,
  passed,
  runChecks,
  type CheckResult,
} from '../../../src/cluster/checks.js';
import { down, facts, ID, member, status } from './fixtures.js';

const opts = { quotaBytes: DEFAULT_QUOTA_BYTES, maxAppliedLag: DEFAULT_MAX_APPLIED_LAG };
const healthy = facts([member(0), member(1), member(2)]);

describe('cluster checks over fixture facts', () => {
  it('a healthy cluster passes every check', () => {
    const r = runChecks(healthy, opts);
    expect(r.map((c) => c.name)).toEqual(['members', 'quorum', 'leader', 'alarms', 'versions', 'raft', 'consistency', 'db-size', 'learners']);
    expect(r.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(passed(r, true)).toBe(true);
  });

  it.each<[string, () => CheckResult, CheckResult['status'], RegExp]>([
    ['members: one down fails, named', () => checkMembers(facts([member(0), member(1), down(2)])), 'fail', /^2 of 3 members healthy; m2 \(c3\) unreachable: context deadline exceeded/],
    ['members: unhealthy named with its cause', () => checkMembers(facts([member(0), member(1, { health: 'unhealthy', error: 'etcdserver: no leader' }), member(2)])), 'fail', /m1 \(b2\) unhealthy: etcdserver: no leader$/],
    ['quorum: one of three down passes', () => checkQuorum(facts([member(0), member(1), down(2)])), 'pass', /^2 of 3 voting members healthy, quorum is 2$/],
    ['quorum: two of three down fails', () => checkQuorum(facts([member(0), down(1), down(2)])), 'fail', /^1 of 3 voting members healthy, quorum is 2$/],
    ['quorum: a learner does not vote', () => checkQuorum(facts([member(0), member(1), member(2, { isLearner: true, health: 'unreachable' })])), 'pass', /^2 of 2 voting/],
    ['leader: one, seen by all', () => checkLeader(healthy), 'pass', /^m0 \(a1\), seen by 3 of 3 answering members$/],
    ['leader: members disagree', () => checkLeader(facts([member(0), member(1, { status: status(ID[1], { leader: ID[1] }) }), member(2)])), 'fail', /^members disagree on the leader: m0 \(a1\) seen by m0 \(a1\), m2 \(c3\); m1 \(b2\) seen by m1 \(b2\)$/],
    ['leader: none at all', () => checkLeader(facts([0, 1, 2].map((i) => member(i, { status: status(ID[i]!, { leader: 0n }) })))), 'fail', /^no leader/],
    ['leader: one member sees none', () => checkLeader(facts([member(0), member(1), member(2, { status: status(ID[2], { leader: 0n }) })])), 'fail', /^m2 \(c3\) sees no leader; the others see m0 \(a1\)$/],
    ['leader: nobody answered', () => checkLeader(facts([down(0), down(1)])), 'fail', /^no member answered$/],
    ['alarms: NOSPACE fails, naming the member', () => checkAlarms(facts([member(0), member(1)], { alarms: [{ memberID: ID[1], alarm: 'NOSPACE' }] })), 'fail', /^NOSPACE on m1 \(b2\)$/],
    ['alarms: CORRUPT fails', () => checkAlarms(facts([member(0)], { alarms: [{ memberID: ID[0], alarm: 'CORRUPT' }] })), 'fail', /^CORRUPT on m0 \(a1\)$/],
    ['alarms: unknown when no member could list them', () => checkAlarms(facts([member(0)], { alarms: undefined, alarmsError: 'context deadline exceeded' })), 'fail', /^cannot list alarms: context deadline exceeded$/],
    ['versions: skew warns', () => checkVersions(facts([member(0), member(1, { status: status(ID[1], { version: '3.5.0' }) })])), 'warn', /^version skew: 3\.4\.23 \(m0 \(a1\)\); 3\.5\.0 \(m1 \(b2\)\)$/],
    ['raft: a member far behind fails', () => checkRaft(facts([member(0, { status: status(ID[0], { raftAppliedIndex: 9000n }) }), member(1)]), opts), 'fail', /m1 \(b2\) 8900 behind$/],
    ['raft: within the bound passes', () => checkRaft(facts([member(0, { status: status(ID[0], { raftAppliedIndex: 103n }) }), member(1)]), opts), 'pass', /^applied indexes within 3 of the leader's 103 \(limit 5000\)$/],
    ['consistency: divergence fails', () => checkConsistency(facts([member(0), member(1, { hash: { revision: 10n, hash: 999, compactRevision: 0n } })])), 'fail', /^KV hashes differ at revision 10 \(compacted at 0\): m0 \(a1\) 1234, m1 \(b2\) 999$/],
    ['consistency: a member that could not be hashed warns', () => checkConsistency(facts([member(0), member(1), member(2, { hash: undefined, hashError: 'permission denied' })])), 'warn', /could not hash m2 \(c3\) \(permission denied\)/],
    ['consistency: different compactions are not compared', () => checkConsistency(facts([member(0), member(1, { hash: { revision: 10n, hash: 1, compactRevision: 5n } })])), 'warn', /compacted at different revisions/],
    ['db-size: 80 % warns', () => checkDbSize(facts([member(0, { status: status(ID[0], { dbSize: 800n }) })]), { ...opts, quotaBytes: 1000n }), 'warn', /^largest 800 B on m0 \(a1\), 80\.0 % of the 1\.0 kB quota$/],
    ['db-size: 95 % fails', () => checkDbSize(facts([member(0, { status: status(ID[0], { dbSize: 960n }) })]), { ...opts, quotaBytes: 1000n }), 'fail', /96\.0 %/],
    ['db-size: 79.9 % passes', () => checkDbSize(facts([member(0, { status: status(ID[0], { dbSize: 799n }) })]), { ...opts, quotaBytes: 1000n }), 'pass', /79\.9 %/],
    ['learners: an unpromoted learner warns', () => checkLearners(facts([member(0), member(1, { isLearner: true })])), 'warn', /^not promoted yet: m1 \(b2\)$/],
  ])('%s', (_name, run, want, message) => {
    const r = run();
    expect(r.status).toBe(want);
    expect(r.message).toMatch(message);
  });

  it('passed: warnings pass unless strict; a failure never does', () => {
    const warn = [{ name: 'versions', status: 'warn', message: '' }] as const;
    expect(passed(warn, false)).toBe(true);
    expect(passed(warn, true)).toBe(false);
    expect(passed([{ name: 'members', status: 'fail', message: '' }], false)).toBe(false);
  });
});

describe('consistency with a learner', () => {
  it('a learner is not hashed and not missed; a lone voter passes', () => {
    const r = checkConsistency(facts([member(0), member(1, { isLearner: true, hash: undefined })]));
    expect(r).toEqual({ name: 'consistency', status: 'pass', message: 'the only voting member hashed at revision 10' });
  });
});
