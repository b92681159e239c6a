// The membership, endpoint, alarm, move-leader and snapshot-status methods of every printer.
// Expected texts are what /usr/bin/etcdctl 3.4.23 printed for the responses rebuilt in
// test/fixtures/cluster.ts (a 3-member cluster on 127.0.0.1:4237x).
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../../src/cli/io.js';
import { EtcdctlError, exitCodeFor, UnsupportedError } from '../../../src/core/errors.js';
import { AlarmResponse, MemberListResponse } from '../../../src/client/generated/proto.js';
import { decode } from '../../../src/client/wire.js';
import { createPrinter, type Printer } from '../../../src/output/printer.js';
import type { SnapshotStatus } from '../../../src/output/rows.js';
import {
  alarms,
  CLUSTER,
  clusterHeader,
  endpointHashKVs,
  endpointHealthDown,
  endpointStatuses,
  endpointStatusesWithAlarm,
  LEARNER,
  M1,
  M2,
  memberAdd,
  memberList,
  memberListWithLearner,
  SHORT,
  threeMembers,
} from '../../fixtures/cluster.js';

type Format = 'simple' | 'json' | 'fields' | 'table' | 'protobuf';

async function print(format: Format, call: (p: Printer) => void): Promise<{ out: string; err: string; bytes: Buffer }> {
  const io = captureIO();
  call(await createPrinter(format, { hex: false }, io));
  return { out: io.stdoutText(), err: io.stderrText(), bytes: io.stdoutBytes() };
}

async function refusal(format: Format, call: (p: Printer) => void): Promise<unknown> {
  try {
    await print(format, call);
  } catch (err) {
    return err;
  }
  return undefined;
}

const snapshot: SnapshotStatus = { hash: 0x3fa86cb9, revision: 7n, totalKey: 14, totalSize: 20480n };

const MEMBER_LIST_JSON =
  '{"header":{"cluster_id":9954649556610483824,"member_id":1980221182811793867,"raft_term":2},"members":[' +
  '{"ID":1980221182811793867,"name":"m1","peerURLs":["http://127.0.0.1:42381"],"clientURLs":["http://127.0.0.1:42371"]},' +
  '{"ID":3219519395788767919,"name":"m2","peerURLs":["http://127.0.0.1:42382"],"clientURLs":["http://127.0.0.1:42372"]},' +
  '{"ID":17056232968694239838,"name":"m3","peerURLs":["http://127.0.0.1:42383"],"clientURLs":["http://127.0.0.1:42373"]}]}\n';

describe('member printers', () => {
  it('simple: ID %x, status, name, URLs, learner', async () => {
    expect((await print('simple', (p) => p.memberList(memberListWithLearner()))).out).toBe(
      '1b7b28ac923369cb, started, m1, http://127.0.0.1:42381, http://127.0.0.1:42371, false\n' +
        '2cae07d52d7842af, started, m2, http://127.0.0.1:42382, http://127.0.0.1:42372, false\n' +
        '8b874b0cdb15de2d, unstarted, , http://127.0.0.1:42389, , true\n' +
        'ecb3e9846953925e, started, m3, http://127.0.0.1:42383, http://127.0.0.1:42373, false\n',
    );
  });

  it('json: exact uint64 IDs, omitempty (no revision, no isLearner:false)', async () => {
    expect((await print('json', (p) => p.memberList(memberList()))).out).toBe(MEMBER_LIST_JSON);
  });

  it('fields: header, then a block per member', async () => {
    const { out } = await print('fields', (p) => p.memberList(memberList()));
    expect(out).toBe(
      '"ClusterID" : 9954649556610483824\n"MemberID" : 1980221182811793867\n"Revision" : 0\n"RaftTerm" : 2\n' +
        '"ID" : 1980221182811793867\n"Name" : "m1"\n"PeerURL" : "http://127.0.0.1:42381"\n"ClientURL" : "http://127.0.0.1:42371"\n"IsLearner" : false\n\n' +
        '"ID" : 3219519395788767919\n"Name" : "m2"\n"PeerURL" : "http://127.0.0.1:42382"\n"ClientURL" : "http://127.0.0.1:42372"\n"IsLearner" : false\n\n' +
        '"ID" : 17056232968694239838\n"Name" : "m3"\n"PeerURL" : "http://127.0.0.1:42383"\n"ClientURL" : "http://127.0.0.1:42373"\n"IsLearner" : false\n\n',
    );
  });

  it('table', async () => {
    expect((await print('table', (p) => p.memberList(memberListWithLearner()))).out).toBe(
      '+------------------+-----------+------+------------------------+------------------------+------------+\n' +
        '|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |\n' +
        '+------------------+-----------+------+------------------------+------------------------+------------+\n' +
        '| 1b7b28ac923369cb |   started |   m1 | http://127.0.0.1:42381 | http://127.0.0.1:42371 |      false |\n' +
        '| 2cae07d52d7842af |   started |   m2 | http://127.0.0.1:42382 | http://127.0.0.1:42372 |      false |\n' +
        '| 8b874b0cdb15de2d | unstarted |      | http://127.0.0.1:42389 |                        |       true |\n' +
        '| ecb3e9846953925e |   started |   m3 | http://127.0.0.1:42383 | http://127.0.0.1:42373 |      false |\n' +
        '+------------------+-----------+------+------------------------+------------------------+------------+\n',
    );
  });

  it('protobuf: the MemberListResponse message', async () => {
    const { bytes } = await print('protobuf', (p) => p.memberList(memberList()));
    expect(decode(MemberListResponse, bytes)).toEqual(memberList());
  });

  it('simple add/remove/update/promote: IDs as %16x, space padded', async () => {
    const { out } = await print('simple', (p) => {
      p.memberAdd(memberAdd());
      p.memberRemove(SHORT, { header: clusterHeader(M1), members: threeMembers() });
      p.memberUpdate(LEARNER, { header: clusterHeader(M1), members: threeMembers() });
      p.memberPromote(LEARNER, { header: clusterHeader(M1), members: threeMembers() });
    });
    expect(out).toBe(
      'Member  72757e794907a63 added to cluster 8a2605079d448670\n' +
        'Member  72757e794907a63 removed from cluster 8a2605079d448670\n' +
        'Member 8b874b0cdb15de2d updated in cluster 8a2605079d448670\n' +
        'Member 8b874b0cdb15de2d promoted in cluster 8a2605079d448670\n',
    );
  });

  it('json add: header, member, members', async () => {
    expect((await print('json', (p) => p.memberAdd(memberAdd()))).out).toBe(
      '{"header":{"cluster_id":9954649556610483824,"member_id":1980221182811793867,"raft_term":2},' +
        '"member":{"ID":515477334498769507,"peerURLs":["http://127.0.0.1:42389"]},"members":[' +
        '{"ID":515477334498769507,"peerURLs":["http://127.0.0.1:42389"]},' +
        MEMBER_LIST_JSON.slice(MEMBER_LIST_JSON.indexOf('"members":[') + '"members":['.length),
    );
  });

  it.each(['fields', 'table'] as const)('%s refuses add/remove/update/promote with exit 4', async (format) => {
    const resp = { header: clusterHeader(M1), members: threeMembers() };
    for (const call of [
      (p: Printer) => p.memberAdd(memberAdd()),
      (p: Printer) => p.memberRemove(SHORT, resp),
      (p: Printer) => p.memberUpdate(SHORT, resp),
      (p: Printer) => p.memberPromote(SHORT, resp),
      (p: Printer) => p.moveLeader(M1, M2, {}),
    ]) {
      const err = await refusal(format, call);
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as EtcdctlError).message).toBe(`${format} not supported as output format`);
      expect(exitCodeFor(err)).toBe(4);
    }
  });
});

describe('endpoint printers', () => {
  it('simple health goes to stderr, unhealthy ones with the error', async () => {
    const { out, err } = await print('simple', (p) => p.endpointHealth(endpointHealthDown()));
    expect(out).toBe('');
    expect(err).toBe(
      '127.0.0.1:42372 is healthy: successfully committed proposal: took = 8.442116ms\n' +
        '127.0.0.1:42371 is healthy: successfully committed proposal: took = 8.928904ms\n' +
        '127.0.0.1:42373 is unhealthy: failed to commit proposal: context deadline exceeded\n',
    );
  });

  it('json health: error only when there is one', async () => {
    expect((await print('json', (p) => p.endpointHealth(endpointHealthDown()))).out).toBe(
      '[{"endpoint":"127.0.0.1:42372","health":true,"took":"8.442116ms"},' +
        '{"endpoint":"127.0.0.1:42371","health":true,"took":"8.928904ms"},' +
        '{"endpoint":"127.0.0.1:42373","health":false,"took":"2.001130053s","error":"context deadline exceeded"}]\n',
    );
    expect((await print('json', (p) => p.endpointHealth([]))).out).toBe('[]\n');
  });

  it('fields health: Took and Error unquoted, trailing space after an empty Error', async () => {
    expect((await print('fields', (p) => p.endpointHealth(endpointHealthDown().slice(1)))).out).toBe(
      '"Endpoint" : "127.0.0.1:42371"\n"Health" : true\n"Took" : 8.928904ms\n"Error" : \n\n' +
        '"Endpoint" : "127.0.0.1:42373"\n"Health" : false\n"Took" : 2.001130053s\n"Error" : context deadline exceeded\n\n',
    );
  });

  it('table health', async () => {
    expect((await print('table', (p) => p.endpointHealth(endpointHealthDown()))).out).toBe(
      '+-----------------+--------+--------------+---------------------------+\n' +
        '|    ENDPOINT     | HEALTH |     TOOK     |           ERROR           |\n' +
        '+-----------------+--------+--------------+---------------------------+\n' +
        '| 127.0.0.1:42372 |   true |   8.442116ms |                           |\n' +
        '| 127.0.0.1:42371 |   true |   8.928904ms |                           |\n' +
        '| 127.0.0.1:42373 |  false | 2.001130053s | context deadline exceeded |\n' +
        '+-----------------+--------+--------------+---------------------------+\n',
    );
  });

  it('simple status: trailing ", " before the empty errors', async () => {
    expect((await print('simple', (p) => p.endpointStatus(endpointStatuses()))).out).toBe(
      '127.0.0.1:42371, 1b7b28ac923369cb, 3.4.23, 20 kB, false, false, 2, 8, 8, \n' +
        '127.0.0.1:42372, 2cae07d52d7842af, 3.4.23, 20 kB, true, false, 2, 8, 8, \n' +
        '127.0.0.1:42373, ecb3e9846953925e, 3.4.23, 20 kB, false, false, 2, 8, 8, \n',
    );
  });

  it('json status', async () => {
    expect((await print('json', (p) => p.endpointStatus(endpointStatuses().slice(0, 2)))).out).toBe(
      '[{"Endpoint":"127.0.0.1:42371","Status":{"header":{"cluster_id":9954649556610483824,"member_id":1980221182811793867,"revision":1,"raft_term":2},' +
        '"version":"3.4.23","dbSize":20480,"leader":3219519395788767919,"raftIndex":8,"raftTerm":2,"raftAppliedIndex":8,"dbSizeInUse":20480}},' +
        '{"Endpoint":"127.0.0.1:42372","Status":{"header":{"cluster_id":9954649556610483824,"member_id":3219519395788767919,"revision":1,"raft_term":2},' +
        '"version":"3.4.23","dbSize":20480,"leader":3219519395788767919,"raftIndex":8,"raftTerm":2,"raftAppliedIndex":8,"dbSizeInUse":16384}}]\n',
    );
  });

  it('fields status with an alarm: Errors as Go %v', async () => {
    expect((await print('fields', (p) => p.endpointStatus(endpointStatusesWithAlarm().slice(0, 1)))).out).toBe(
      '"ClusterID" : 9954649556610483824\n"MemberID" : 1980221182811793867\n"Revision" : 2\n"RaftTerm" : 2\n' +
        '"Version" : "3.4.23"\n"DBSize" : 20480\n"Leader" : 3219519395788767919\n"IsLearner" : false\n' +
        '"RaftIndex" : 31\n"RaftTerm" : 2\n"RaftAppliedIndex" : 31\n' +
        '"Errors" : [memberID:3219519395788767919 alarm:NOSPACE ]\n"Endpoint" : "127.0.0.1:42371"\n\n',
    );
  });

  it('table status wraps an errors cell wider than 30 columns', async () => {
    expect((await print('table', (p) => p.endpointStatus(endpointStatusesWithAlarm()))).out).toBe(
      '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n' +
        '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |\n' +
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n' +
        '| 127.0.0.1:42371 | 1b7b28ac923369cb |  3.4.23 |   20 kB |     false |      false |         2 |         31 |                 31 |   memberID:3219519395788767919 |\n' +
        '|                 |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |\n' +
        '| 127.0.0.1:42372 | 2cae07d52d7842af |  3.4.23 |   20 kB |      true |      false |         2 |         31 |                 31 |   memberID:3219519395788767919 |\n' +
        '|                 |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |\n' +
        '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+\n',
    );
  });

  it('table status with no rows: header and borders only', async () => {
    expect((await print('table', (p) => p.endpointStatus([]))).out).toBe(
      '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n' +
        '| ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |\n' +
        '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n' +
        '+----------+----+---------+---------+-----------+------------+-----------+------------+--------------------+--------+\n',
    );
  });

  it('hashkv in every writer', async () => {
    expect((await print('simple', (p) => p.endpointHashKV(endpointHashKVs()))).out).toBe(
      '127.0.0.1:42371, 1084519789\n127.0.0.1:42372, 1084519789\n127.0.0.1:42373, 1084519789\n',
    );
    expect((await print('json', (p) => p.endpointHashKV(endpointHashKVs().slice(0, 1)))).out).toBe(
      '[{"Endpoint":"127.0.0.1:42371","HashKV":{"header":{"cluster_id":9954649556610483824,"member_id":1980221182811793867,"revision":1,"raft_term":2},"hash":1084519789,"compact_revision":-1}}]\n',
    );
    expect((await print('fields', (p) => p.endpointHashKV(endpointHashKVs().slice(0, 1)))).out).toBe(
      '"ClusterID" : 9954649556610483824\n"MemberID" : 1980221182811793867\n"Revision" : 1\n"RaftTerm" : 2\n"Endpoint" : "127.0.0.1:42371"\n"Hash" : 1084519789\n\n',
    );
    expect((await print('table', (p) => p.endpointHashKV(endpointHashKVs()))).out).toBe(
      '+-----------------+------------+\n|    ENDPOINT     |    HASH    |\n+-----------------+------------+\n' +
        '| 127.0.0.1:42371 | 1084519789 |\n| 127.0.0.1:42372 | 1084519789 |\n| 127.0.0.1:42373 | 1084519789 |\n' +
        '+-----------------+------------+\n',
    );
  });

  it('protobuf refuses endpoint results and snapshot status with exit 4', async () => {
    for (const call of [
      (p: Printer) => p.endpointHealth([]),
      (p: Printer) => p.endpointStatus([]),
      (p: Printer) => p.endpointHashKV([]),
      (p: Printer) => p.dbStatus(snapshot),
    ]) {
      const err = await refusal('protobuf', call);
      expect((err as EtcdctlError).message).toBe('protobuf not supported as output format');
      expect(exitCodeFor(err)).toBe(4);
    }
  });
});

describe('alarm, move-leader and snapshot status printers', () => {
  it('alarm: %+v in simple, numbers in json, zero header in fields, nothing in protobuf when none', async () => {
    expect((await print('simple', (p) => p.alarm(alarms()))).out).toBe('memberID:3219519395788767919 alarm:NOSPACE \n');
    expect((await print('json', (p) => p.alarm(alarms()))).out).toBe('{"alarms":[{"memberID":3219519395788767919,"alarm":1}]}\n');
    expect((await print('json', (p) => p.alarm({ alarms: [] }))).out).toBe('{}\n');
    // etcdctl 3.4 panics here (nil header); we print the header as zeros.
    expect((await print('fields', (p) => p.alarm(alarms()))).out).toBe(
      '"ClusterID" : 0\n"MemberID" : 0\n"Revision" : 0\n"RaftTerm" : 0\n"MemberID" : 3219519395788767919\n"AlarmType" : NOSPACE\n\n',
    );
    expect((await print('protobuf', (p) => p.alarm({ alarms: [] }))).bytes.length).toBe(0);
    expect(decode(AlarmResponse, (await print('protobuf', (p) => p.alarm(alarms()))).bytes)).toEqual(alarms());
    expect((await refusal('table', (p) => p.alarm(alarms())) as Error).message).toBe('table not supported as output format');
  });

  it('move-leader: %x IDs in simple, {} in json for a response without header', async () => {
    expect((await print('simple', (p) => p.moveLeader(M2, M1, {}))).out).toBe('Leadership transferred from 2cae07d52d7842af to 1b7b28ac923369cb\n');
    expect((await print('json', (p) => p.moveLeader(M2, M1, {}))).out).toBe('{}\n');
    expect((await print('protobuf', (p) => p.moveLeader(M2, M1, {}))).bytes.length).toBe(0);
  });

  it('snapshot status in every writer', async () => {
    expect((await print('simple', (p) => p.dbStatus(snapshot))).out).toBe('3fa86cb9, 7, 14, 20 kB\n');
    expect((await print('json', (p) => p.dbStatus(snapshot))).out).toBe('{"hash":1068002489,"revision":7,"totalKey":14,"totalSize":20480}\n');
    expect((await print('fields', (p) => p.dbStatus(snapshot))).out).toBe('"Hash" : 1068002489\n"Revision" : 7\n"Keys" : 14\n"Size" : 20480\n');
    expect((await print('table', (p) => p.dbStatus(snapshot))).out).toBe(
      '+----------+----------+------------+------------+\n' +
        '|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |\n' +
        '+----------+----------+------------+------------+\n' +
        '| 3fa86cb9 |        7 |         14 |      20 kB |\n' +
        '+----------+----------+------------+------------+\n',
    );
  });

  it('json: a cluster ID beyond 2^53 stays exact', async () => {
    expect((await print('json', (p) => p.memberRemove(SHORT, { header: clusterHeader(M1), members: [] }))).out).toBe(
      `{"header":{"cluster_id":${CLUSTER},"member_id":${M1},"raft_term":2}}\n`,
    );
  });
});
