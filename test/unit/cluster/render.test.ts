import { describe, expect, it } from 'vitest';
import { runChecks, DEFAULT_MAX_APPLIED_LAG, DEFAULT_QUOTA_BYTES } from '../../../src/cluster/checks.js';
import { checkJson, checkSimple, formatLatency, statusJson, statusRows, statusSimple, statusTableRows } from '../../../src/cluster/render.js';
import { NO_STYLE } from '../../../src/output/human/style.js';
import { down, facts, ID, member } from './fixtures.js';

const f = facts([member(0), member(1, { isLearner: true }), down(2)], { alarms: [{ memberID: ID[1], alarm: 'NOSPACE' }] });

describe('cluster status output', () => {
  it('rows join the member list with status, alarms and the cause of failure', () => {
    const rows = statusRows(f);
    expect(rows.map((r) => [r.name, r.health, r.leader, r.learner, r.alarms])).toEqual([
      ['m0', 'healthy', true, false, []],
      ['m1', 'healthy', false, true, ['NOSPACE']],
      ['m2', 'unreachable', false, false, []],
    ]);
    expect(rows[2]).toMatchObject({ version: '', error: 'context deadline exceeded (dial tcp: connection refused)' });
    expect(rows[2]!.dbSize).toBeUndefined();
  });

  it('json: the documented schema; unknown numbers are null, 64-bit numbers bare digits', () => {
    const big = facts([member(0, { id: 0xfedcba9876543210n })]);
    const j = JSON.parse(statusJson(statusRows(f))) as { members: Record<string, unknown>[] };
    expect(j.members[0]).toEqual({
      name: 'm0', id: 'a1', client_urls: ['http://127.0.0.1:2379'], health: 'healthy', leader: true, learner: false,
      version: '3.4.23', db_size: 20480, db_size_in_use: 16384, raft_term: 2, raft_index: 100, applied_index: 100,
      latency_ms: 1.5, alarms: [], error: '',
    });
    expect(j.members[2]).toMatchObject({ health: 'unreachable', version: '', db_size: null, raft_index: null, latency_ms: null });
    expect(statusJson(statusRows(big))).toContain('"id":"fedcba9876543210"');
  });

  it('simple: aligned columns, then why each member is not healthy', () => {
    expect(statusSimple(statusRows(f), NO_STYLE)).toBe(
      [
        'NAME  ID  CLIENT URL             HEALTH       ROLE     VERSION  DB SIZE  IN USE  RAFT TERM  RAFT INDEX  APPLIED  LATENCY  ALARMS',
        'm0    a1  http://127.0.0.1:2379  healthy      leader   3.4.23   20 kB    16 kB   2          100         100      1.50 ms  -',
        'm1    b2  http://127.0.0.1:2380  healthy      learner  3.4.23   20 kB    16 kB   2          100         100      1.50 ms  NOSPACE',
        'm2    c3  http://127.0.0.1:2381  unreachable  -        -        -        -       -          -           -        -        -',
        '',
        'm2: unreachable: context deadline exceeded (dial tcp: connection refused)',
        '',
      ].join('\n'),
    );
    expect(statusTableRows(statusRows(f), NO_STYLE).head.at(-1)).toBe('ERROR');
  });

  it('latency: fewer decimals as it grows', () => {
    expect([formatLatency(0.123), formatLatency(12.345), formatLatency(1234.5), formatLatency(undefined)]).toEqual(['0.12 ms', '12.3 ms', '1235 ms', '-']);
  });
});

describe('cluster check output', () => {
  const results = runChecks(f, { quotaBytes: DEFAULT_QUOTA_BYTES, maxAppliedLag: DEFAULT_MAX_APPLIED_LAG });

  it('simple: one line per check and a summary naming the failures', () => {
    const text = checkSimple(results, false, NO_STYLE);
    expect(text).toMatch(/^FAIL  members      2 of 3 members healthy; m2 \(c3\) unreachable: /m);
    // m1 is a learner: of the two voters only m0 is healthy.
    expect(text).toMatch(/^FAIL  quorum       1 of 2 voting members healthy, quorum is 2$/m);
    expect(text).toMatch(/^WARN  learners     not promoted yet: m1 \(b2\)$/m);
    expect(text.endsWith('\nunhealthy: members, quorum, alarms failed\n')).toBe(true);
  });

  it('json: {"healthy","checks":[{"name","status","message"}]}', () => {
    const j = JSON.parse(checkJson(results, false)) as { healthy: boolean; checks: { name: string; status: string; message: string }[] };
    expect(j.healthy).toBe(false);
    expect(j.checks[0]).toEqual({ name: 'members', status: 'fail', message: results[0]!.message });
    expect(Object.keys(j)).toEqual(['healthy', 'checks']);
  });
});
