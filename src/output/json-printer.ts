import type { IO } from '../core/io.js';
import {
  AlarmResponse,
  AuthRoleAddResponse,
  AuthRoleDeleteResponse,
  AuthRoleGetResponse,
  AuthRoleGrantPermissionResponse,
  AuthRoleListResponse,
  AuthRoleRevokePermissionResponse,
  AuthStatusResponse,
  AuthUserAddResponse,
  AuthUserChangePasswordResponse,
  AuthUserDeleteResponse,
  AuthUserGetResponse,
  AuthUserGrantRoleResponse,
  AuthUserListResponse,
  AuthUserRevokeRoleResponse,
  DeleteRangeResponse,
  Event,
  HashKVResponse,
  type LeaseGrantResponse,
  type LeaseKeepAliveResponse,
  type LeaseLeasesResponse,
  type LeaseRevokeResponse,
  type LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  StatusResponse,
  TxnResponse,
  type WatchResponse,
} from '../client/types.js';
import { base64, goJsonString } from '../core/encode.js';
import { goJson } from './json.js';
import type { Printer } from './printer.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, SnapshotStatus } from './rows.js';

/** `-w json`: one line of Go-encoded JSON per response. */
export class JsonPrinter implements Printer {
  constructor(private readonly io: IO) {}

  private line(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  get(r: RangeResponse): void {
    this.line(goJson(RangeResponse, r));
  }

  put(r: PutResponse): void {
    this.line(goJson(PutResponse, r));
  }

  del(r: DeleteRangeResponse): void {
    this.line(goJson(DeleteRangeResponse, r));
  }

  txn(r: TxnResponse): void {
    this.line(goJson(TxnResponse, r));
  }

  /**
   * compat(etcdctl): clientv3.WatchResponse has capitalised keys and no omitempty. Events is `[]`
   * when a server response has none, and `null` in the response clientv3 makes up when a watch
   * fails without one from the server (the only kind without a header).
   */
  watch(r: WatchResponse): void {
    const events = r.header === undefined && r.events.length === 0 ? 'null' : `[${r.events.map((e) => goJson(Event, e)).join(',')}]`;
    this.line(
      `{"Header":${goJson(ResponseHeader, r.header ?? ({} as ResponseHeader))},"Events":${events},` +
        `"CompactRevision":${r.compact_revision},"Canceled":${r.canceled},"Created":${r.created}}`,
    );
  }

  /**
   * compat(etcdctl): the clientv3 lease responses embed *ResponseHeader, so its fields sit at the
   * top level (omitempty), followed by the wrapper's own fields, which are never omitted.
   */
  private flat(header: ResponseHeader | undefined, fields: string[]): void {
    const h = header === undefined ? '' : goJson(ResponseHeader, header).slice(1, -1);
    this.line(`{${[...(h === '' ? [] : [h]), ...fields].join(',')}}`);
  }

  leaseGrant(r: LeaseGrantResponse): void {
    this.flat(r.header, [`"ID":${r.ID}`, `"TTL":${r.TTL}`, `"Error":${goJsonString(r.error)}`]);
  }

  leaseRevoke(_id: bigint, r: LeaseRevokeResponse): void {
    this.line(`{${r.header === undefined ? '' : `"header":${goJson(ResponseHeader, r.header)}`}}`);
  }

  leaseKeepAlive(r: LeaseKeepAliveResponse): void {
    this.flat(r.header, [`"ID":${r.ID}`, `"TTL":${r.TTL}`]);
  }

  leaseTimeToLive(r: LeaseTimeToLiveResponse): void {
    const keys = r.keys.length === 0 ? 'null' : `[${r.keys.map((k) => `"${base64(k)}"`).join(',')}]`;
    this.flat(r.header, [`"id":${r.ID}`, `"ttl":${r.TTL}`, `"granted-ttl":${r.grantedTTL}`, `"keys":${keys}`]);
  }

  leaseList(r: LeaseLeasesResponse): void {
    this.flat(r.header, [`"leases":[${r.leases.map((l) => `{"id":${l.ID}}`).join(',')}]`]);
  }

  userAdd(_user: string, r: AuthUserAddResponse): void {
    this.line(goJson(AuthUserAddResponse, r));
  }

  userGet(_user: string, r: AuthUserGetResponse): void {
    this.line(goJson(AuthUserGetResponse, r));
  }

  userList(r: AuthUserListResponse): void {
    this.line(goJson(AuthUserListResponse, r));
  }

  userChangePassword(r: AuthUserChangePasswordResponse): void {
    this.line(goJson(AuthUserChangePasswordResponse, r));
  }

  userGrantRole(_user: string, _role: string, r: AuthUserGrantRoleResponse): void {
    this.line(goJson(AuthUserGrantRoleResponse, r));
  }

  userRevokeRole(_user: string, _role: string, r: AuthUserRevokeRoleResponse): void {
    this.line(goJson(AuthUserRevokeRoleResponse, r));
  }

  userDelete(_user: string, r: AuthUserDeleteResponse): void {
    this.line(goJson(AuthUserDeleteResponse, r));
  }

  roleAdd(_role: string, r: AuthRoleAddResponse): void {
    this.line(goJson(AuthRoleAddResponse, r));
  }

  roleGet(_role: string, r: AuthRoleGetResponse): void {
    this.line(goJson(AuthRoleGetResponse, r));
  }

  roleDelete(_role: string, r: AuthRoleDeleteResponse): void {
    this.line(goJson(AuthRoleDeleteResponse, r));
  }

  roleList(r: AuthRoleListResponse): void {
    this.line(goJson(AuthRoleListResponse, r));
  }

  roleGrantPermission(_role: string, r: AuthRoleGrantPermissionResponse): void {
    this.line(goJson(AuthRoleGrantPermissionResponse, r));
  }

  roleRevokePermission(_role: string, _key: Uint8Array, _end: Uint8Array, r: AuthRoleRevokePermissionResponse): void {
    this.line(goJson(AuthRoleRevokePermissionResponse, r));
  }

  memberList(r: MemberListResponse): void {
    this.line(goJson(MemberListResponse, r));
  }

  memberAdd(r: MemberAddResponse): void {
    this.line(goJson(MemberAddResponse, r));
  }

  memberRemove(_id: bigint, r: MemberRemoveResponse): void {
    this.line(goJson(MemberRemoveResponse, r));
  }

  memberUpdate(_id: bigint, r: MemberUpdateResponse): void {
    this.line(goJson(MemberUpdateResponse, r));
  }

  memberPromote(_id: bigint, r: MemberPromoteResponse): void {
    this.line(goJson(MemberPromoteResponse, r));
  }

  // compat(etcdctl): epHealth has no omitempty except on "error"; the list is never null.
  endpointHealth(list: readonly EndpointHealth[]): void {
    const item = (h: EndpointHealth): string =>
      `{"endpoint":${goJsonString(h.endpoint)},"health":${h.health},"took":${goJsonString(h.took)}` +
      `${h.error === '' ? '' : `,"error":${goJsonString(h.error)}`}}`;
    this.line(`[${list.map(item).join(',')}]`);
  }

  endpointStatus(list: readonly EndpointStatus[]): void {
    const item = (e: EndpointStatus): string => `{"Endpoint":${goJsonString(e.endpoint)},"Status":${goJson(StatusResponse, e.status)}}`;
    this.line(`[${list.map(item).join(',')}]`);
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    const item = (e: EndpointHashKV): string => `{"Endpoint":${goJsonString(e.endpoint)},"HashKV":${goJson(HashKVResponse, e.hashKV)}}`;
    this.line(`[${list.map(item).join(',')}]`);
  }

  alarm(r: AlarmResponse): void {
    this.line(goJson(AlarmResponse, r));
  }

  moveLeader(_leader: bigint, _target: bigint, r: MoveLeaderResponse): void {
    this.line(goJson(MoveLeaderResponse, r));
  }

  // compat(etcdctl): snapshot.Status has no omitempty.
  authStatus(r: AuthStatusResponse): void {
    this.line(goJson(AuthStatusResponse, r));
  }

  dbStatus(s: SnapshotStatus): void {
    this.line(`{"hash":${s.hash},"revision":${s.revision},"totalKey":${s.totalKey},"totalSize":${s.totalSize}}`);
  }
}
