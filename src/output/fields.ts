import type { IO } from '../core/io.js';
import type {
  AlarmResponse,
  AuthRoleAddResponse,
  AuthRoleDeleteResponse,
  AuthRoleGetResponse,
  AuthRoleGrantPermissionResponse,
  AuthRoleListResponse,
  AuthRoleRevokePermissionResponse,
  AuthUserAddResponse,
  AuthUserChangePasswordResponse,
  AuthUserDeleteResponse,
  AuthUserGrantRoleResponse,
  AuthUserRevokeRoleResponse,
  DeleteRangeResponse,
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  MemberListResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  TxnResponse,
  WatchResponse,
} from '../client/types.js';
import { goQuote, goQuoteString, goStringSlice } from '../core/encode.js';
import { UnsupportedPrinter } from './printer.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, SnapshotStatus } from './rows.js';

/** `-w fields`: `"Name" : value` lines, strings Go-quoted. */
/**
 * compat(etcdctl 3.4): no user get / user list, no member add/remove/update/promote and no
 * move-leader; those come from UnsupportedPrinter.
 */
export class FieldsPrinter extends UnsupportedPrinter {
  constructor(private readonly io: IO) {
    super('fields');
  }

  private f(name: string, value: string | bigint | number | boolean): void {
    this.io.stdout.write(`"${name}" : ${String(value)}\n`);
  }

  private hdr(h: ResponseHeader | undefined): void {
    this.f('ClusterID', h?.cluster_id ?? 0n);
    this.f('MemberID', h?.member_id ?? 0n);
    this.f('Revision', h?.revision ?? 0n);
    this.f('RaftTerm', h?.raft_term ?? 0n);
  }

  private kv(pfx: string, kv: KeyValue): void {
    this.f(`${pfx}Key`, goQuote(kv.key));
    this.f(`${pfx}CreateRevision`, kv.create_revision);
    this.f(`${pfx}ModRevision`, kv.mod_revision);
    this.f(`${pfx}Version`, kv.version);
    this.f(`${pfx}Value`, goQuote(kv.value));
    this.f(`${pfx}Lease`, kv.lease);
  }

  override get(r: RangeResponse): void {
    this.hdr(r.header);
    for (const kv of r.kvs) this.kv('', kv);
    this.f('More', r.more);
    this.f('Count', r.count);
  }

  override put(r: PutResponse): void {
    this.hdr(r.header);
    if (r.prev_kv !== undefined) this.kv('Prev', r.prev_kv);
  }

  override del(r: DeleteRangeResponse): void {
    this.hdr(r.header);
    this.f('Deleted', r.deleted);
    for (const kv of r.prev_kvs) this.kv('Prev', kv);
  }

  override txn(r: TxnResponse): void {
    this.hdr(r.header);
    this.f('Succeeded', r.succeeded);
    for (const op of r.responses) {
      if (op.response_put !== undefined) this.put(op.response_put);
      else if (op.response_range !== undefined) this.get(op.response_range);
      else if (op.response_delete_range !== undefined) this.del(op.response_delete_range);
      else if (op.response_txn !== undefined) this.txn(op.response_txn);
    }
  }

  override watch(r: WatchResponse): void {
    this.hdr(r.header);
    for (const ev of r.events) {
      this.f('Type', ev.type);
      if (ev.prev_kv !== undefined) this.kv('Prev', ev.prev_kv);
      if (ev.kv !== undefined) this.kv('', ev.kv);
    }
  }

  override leaseGrant(r: LeaseGrantResponse): void {
    this.hdr(r.header);
    this.f('ID', r.ID);
    this.f('TTL', r.TTL);
  }

  override leaseRevoke(_id: bigint, r: LeaseRevokeResponse): void {
    this.hdr(r.header);
  }

  override leaseKeepAlive(r: LeaseKeepAliveResponse): void {
    this.hdr(r.header);
    this.f('ID', r.ID);
    this.f('TTL', r.TTL);
  }

  override leaseTimeToLive(r: LeaseTimeToLiveResponse): void {
    this.hdr(r.header);
    this.f('ID', r.ID);
    this.f('TTL', r.TTL);
    this.f('GrantedTTL', r.grantedTTL);
    for (const k of r.keys) this.f('Key', goQuote(k));
  }

  override leaseList(r: LeaseLeasesResponse): void {
    this.hdr(r.header);
    for (const l of r.leases) this.f('ID', l.ID);
  }

  override userAdd(_user: string, r: AuthUserAddResponse): void {
    this.hdr(r.header);
  }

  

  override userChangePassword(r: AuthUserChangePasswordResponse): void {
    this.hdr(r.header);
  }

  override userGrantRole(_user: string, _role: string, r: AuthUserGrantRoleResponse): void {
    this.hdr(r.header);
  }

  override userRevokeRole(_user: string, _role: string, r: AuthUserRevokeRoleResponse): void {
    this.hdr(r.header);
  }

  override userDelete(_user: string, r: AuthUserDeleteResponse): void {
    this.hdr(r.header);
  }

  override roleAdd(_role: string, r: AuthRoleAddResponse): void {
    this.hdr(r.header);
  }

  override roleGet(_role: string, r: AuthRoleGetResponse): void {
    this.hdr(r.header);
    for (const p of r.perm) {
      // compat(etcdctl 3.4): fmt.Println(`"PermType" : `, …) puts two spaces before the type.
      this.io.stdout.write(`"PermType" :  ${p.permType}\n`);
      this.f('Key', goQuote(p.key));
      this.f('RangeEnd', goQuote(p.range_end));
    }
  }

  override roleDelete(_role: string, r: AuthRoleDeleteResponse): void {
    this.hdr(r.header);
  }

  override roleList(r: AuthRoleListResponse): void {
    this.hdr(r.header);
    this.io.stdout.write(`"Roles" :${r.roles.map((role) => ` ${goQuoteString(role)}`).join('')}\n`);
  }

  override roleGrantPermission(_role: string, r: AuthRoleGrantPermissionResponse): void {
    this.hdr(r.header);
  }

  override roleRevokePermission(_role: string, _key: Uint8Array, _end: Uint8Array, r: AuthRoleRevokePermissionResponse): void {
    this.hdr(r.header);
  }

  override memberList(r: MemberListResponse): void {
    this.hdr(r.header);
    for (const m of r.members) {
      this.f('ID', m.ID);
      this.f('Name', goQuoteString(m.name));
      for (const u of m.peerURLs) this.f('PeerURL', goQuoteString(u));
      for (const u of m.clientURLs) this.f('ClientURL', goQuoteString(u));
      this.f('IsLearner', m.isLearner);
      this.io.stdout.write('\n');
    }
  }





  // compat(etcdctl): Took and Error are printed unquoted; an empty Error leaves `"Error" : `.
  override endpointHealth(list: readonly EndpointHealth[]): void {
    for (const h of list) {
      this.f('Endpoint', goQuoteString(h.endpoint));
      this.f('Health', h.health);
      this.f('Took', h.took);
      this.f('Error', h.error);
      this.io.stdout.write('\n');
    }
  }

  override endpointStatus(list: readonly EndpointStatus[]): void {
    for (const { endpoint, status: s } of list) {
      this.hdr(s.header);
      this.f('Version', goQuoteString(s.version));
      this.f('DBSize', s.dbSize);
      this.f('Leader', s.leader);
      this.f('IsLearner', s.isLearner);
      this.f('RaftIndex', s.raftIndex);
      this.f('RaftTerm', s.raftTerm);
      this.f('RaftAppliedIndex', s.raftAppliedIndex);
      this.f('Errors', goStringSlice(s.errors));
      this.f('Endpoint', goQuoteString(endpoint));
      this.io.stdout.write('\n');
    }
  }

  override endpointHashKV(list: readonly EndpointHashKV[]): void {
    for (const { endpoint, hashKV } of list) {
      this.hdr(hashKV.header);
      this.f('Endpoint', goQuoteString(endpoint));
      this.f('Hash', hashKV.hash);
      this.io.stdout.write('\n');
    }
  }

  // etcdctl 3.4 dereferences the missing header of an alarm response and panics (exit 2); we
  // print it as zeros instead of imitating the crash.
  override alarm(r: AlarmResponse): void {
    this.hdr(r.header);
    for (const a of r.alarms) {
      this.f('MemberID', a.memberID);
      this.f('AlarmType', a.alarm);
      this.io.stdout.write('\n');
    }
  }


  override dbStatus(s: SnapshotStatus): void {
    this.f('Hash', s.hash);
    this.f('Revision', s.revision);
    this.f('Keys', s.totalKey);
    this.f('Size', s.totalSize);
  }
}
