// Shapes and row builders shared by the simple and table writers for membership, endpoint,
// alarm and snapshot output (etcdctl's make*Table functions in printer.go).
import type { AlarmMember, HashKVResponse, MemberListResponse, StatusResponse } from '../client/types.js';
import { hexId, humanizeBytes } from '../core/encode.js';

/** One result of `endpoint health` (etcdctl's epHealth). */
export interface EndpointHealth {
  readonly endpoint: string;
  readonly health: boolean;
  /** A Go duration (`836.139µs`); empty when the client could not be built. */
  readonly took: string;
  /** Empty when healthy. */
  readonly error: string;
}

/** One result of `endpoint status` (etcdctl's epStatus). */
export interface EndpointStatus {
  readonly endpoint: string;
  readonly status: StatusResponse;
}

/** One result of `endpoint hashkv` (etcdctl's epHashKV). */
export interface EndpointHashKV {
  readonly endpoint: string;
  readonly hashKV: HashKVResponse;
}

/** What `snapshot status` reports about a bbolt file (etcd's snapshot.Status). */
export interface SnapshotStatus {
  /** CRC-32C over every bucket name, key and value. */
  readonly hash: number;
  readonly revision: bigint;
  readonly totalKey: number;
  readonly totalSize: bigint;
}

export interface Rows {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function memberListRows(r: MemberListResponse): Rows {
  return {
    header: ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'],
    rows: r.members.map((m) => [
      hexId(m.ID),
      m.name === '' ? 'unstarted' : 'started',
      m.name,
      m.peerURLs.join(','),
      m.clientURLs.join(','),
      String(m.isLearner),
    ]),
  };
}

export function endpointHealthRows(list: readonly EndpointHealth[]): Rows {
  return {
    header: ['endpoint', 'health', 'took', 'error'],
    rows: list.map((h) => [h.endpoint, String(h.health), h.took, h.error]),
  };
}

export function endpointStatusRows(list: readonly EndpointStatus[]): Rows {
  return {
    header: ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'],
    rows: list.map(({ endpoint, status: s }) => {
      const memberId = s.header?.member_id ?? 0n;
      return [
        endpoint,
        hexId(memberId),
        s.version,
        // compat(etcdctl): humanize.Bytes(uint64(DbSize)) — a negative size would wrap around.
        humanizeBytes(BigInt.asUintN(64, s.dbSize)),
        String(s.leader === memberId),
        String(s.isLearner),
        String(s.raftTerm),
        String(s.raftIndex),
        String(s.raftAppliedIndex),
        s.errors.join(', '),
      ];
    }),
  };
}

export function endpointHashKVRows(list: readonly EndpointHashKV[]): Rows {
  return {
    header: ['endpoint', 'hash'],
    rows: list.map((h) => [h.endpoint, String(h.hashKV.hash)]),
  };
}

export function snapshotStatusRows(s: SnapshotStatus): Rows {
  return {
    header: ['hash', 'revision', 'total keys', 'total size'],
    rows: [[s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(BigInt.asUintN(64, s.totalSize))]],
  };
}

/**
 * Go `%+v` of an *etcdserverpb.AlarmMember: gogo-protobuf's compact text form, zero fields left
 * out and a space after each field (`memberID:123 alarm:NOSPACE `).
 */
export function alarmText(a: AlarmMember): string {
  let s = '';
  if (a.memberID !== 0n) s += `memberID:${a.memberID} `;
  if (a.alarm !== 'NONE') s += `alarm:${a.alarm} `;
  return s;
}
