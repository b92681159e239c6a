import type { StatusResponse } from '../../../src/client/types.js';
import type { ClusterFacts, MemberFacts } from '../../../src/cluster/facts.js';

export const ID = [0xa1n, 0xb2n, 0xc3n] as const;

export function status(id: bigint, o: Partial<StatusResponse> = {}): StatusResponse {
  return {
    header: { cluster_id: 1n, member_id: id, revision: 10n, raft_term: 2n },
    version: '3.4.23',
    dbSize: 20_480n,
    leader: ID[0],
    raftIndex: 100n,
    raftTerm: 2n,
    raftAppliedIndex: 100n,
    errors: [],
    dbSizeInUse: 16_384n,
    isLearner: false,
    ...o,
  };
}

/** A healthy member `i` (m0 leads), with overrides. */
export function member(i: number, o: Partial<MemberFacts> = {}): MemberFacts {
  const id = ID[i]!;
  return {
    id,
    name: `m${i}`,
    clientURLs: [`http://127.0.0.1:${2379 + i}`],
    peerURLs: [`http://127.0.0.1:${2380 + i}`],
    isLearner: false,
    health: 'healthy',
    error: '',
    status: status(id),
    latencyMs: 1.5,
    hash: { revision: 10n, hash: 1234, compactRevision: 0n },
    hashError: '',
    ...o,
  };
}

/** Member `i` killed: no status, no hash. */
export function down(i: number): MemberFacts {
  const { status: _s, latencyMs: _l, hash: _h, ...rest } = member(i);
  return { ...rest, health: 'unreachable', error: 'context deadline exceeded (dial tcp: connection refused)' };
}

export function facts(members: MemberFacts[], o: Partial<ClusterFacts> = {}): ClusterFacts {
  return { members, alarms: [], alarmsError: '', hashRevision: 10n, ...o };
}
