import { UnsupportedError } from '../core/errors.js';
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
  TxnResponse,
  WatchResponse,
} from '../client/types.js';
import { encode, type Init, type MessageType } from '../client/wire.js';
import type { Printer } from './printer.js';

/** `-w protobuf`: the response message, encoded, with no newline. */
export class ProtobufPrinter implements Printer {
  constructor(private readonly io: IO) {}

  private write<T extends object>(type: MessageType<T>, msg: T): void {
    this.io.stdout.write(encode(type, msg as Init<T>));
  }

  get(r: RangeResponse): void {
    this.write(RangeResponse, r);
  }

  put(r: PutResponse): void {
    this.write(PutResponse, r);
  }

  del(r: DeleteRangeResponse): void {
    this.write(DeleteRangeResponse, r);
  }

  txn(r: TxnResponse): void {
    this.write(TxnResponse, r);
  }

  /** compat(etcdctl): a pb.WatchResponse rebuilt from clientv3's: header (always), events, compact revision, flags. */
  watch(r: WatchResponse): void {
    this.write(WatchResponse, {
      header: r.header ?? ({} as ResponseHeader),
      created: r.created,
      canceled: r.canceled,
      compact_revision: r.compact_revision,
      events: r.events,
    } as WatchResponse);
  }

  // compat(etcdctl): the clientv3 lease responses embed *pb.ResponseHeader, whose Marshal is the
  // one found: only the header is written.
  leaseGrant(r: LeaseGrantResponse): void {
    this.write(ResponseHeader, r.header ?? ({} as ResponseHeader));
  }

  /** compat(etcdctl): clientv3.LeaseRevokeResponse has no Marshal method; etcdctl exits 4 after revoking. */
  leaseRevoke(_id: bigint, r: LeaseRevokeResponse): void {
    const h = r.header === undefined ? '<nil>' : protoText(r.header);
    throw new UnsupportedError(`marshal unsupported for type clientv3.LeaseRevokeResponse ({${h}})`);
  }

  leaseKeepAlive(r: LeaseKeepAliveResponse): void {
    this.write(ResponseHeader, r.header ?? ({} as ResponseHeader));
  }

  leaseTimeToLive(r: LeaseTimeToLiveResponse): void {
    this.write(ResponseHeader, r.header ?? ({} as ResponseHeader));
  }

  leaseList(r: LeaseLeasesResponse): void {
    this.write(ResponseHeader, r.header ?? ({} as ResponseHeader));
  }

  userAdd(_user: string, r: AuthUserAddResponse): void {
    this.write(AuthUserAddResponse, r);
  }

  userGet(_user: string, r: AuthUserGetResponse): void {
    this.write(AuthUserGetResponse, r);
  }

  userList(r: AuthUserListResponse): void {
    this.write(AuthUserListResponse, r);
  }

  userChangePassword(r: AuthUserChangePasswordResponse): void {
    this.write(AuthUserChangePasswordResponse, r);
  }

  userGrantRole(_user: string, _role: string, r: AuthUserGrantRoleResponse): void {
    this.write(AuthUserGrantRoleResponse, r);
  }

  userRevokeRole(_user: string, _role: string, r: AuthUserRevokeRoleResponse): void {
    this.write(AuthUserRevokeRoleResponse, r);
  }

  userDelete(_user: string, r: AuthUserDeleteResponse): void {
    this.write(AuthUserDeleteResponse, r);
  }

  roleAdd(_role: string, r: AuthRoleAddResponse): void {
    this.write(AuthRoleAddResponse, r);
  }

  roleGet(_role: string, r: AuthRoleGetResponse): void {
    this.write(AuthRoleGetResponse, r);
  }

  roleDelete(_role: string, r: AuthRoleDeleteResponse): void {
    this.write(AuthRoleDeleteResponse, r);
  }

  roleList(r: AuthRoleListResponse): void {
    this.write(AuthRoleListResponse, r);
  }

  roleGrantPermission(_role: string, r: AuthRoleGrantPermissionResponse): void {
    this.write(AuthRoleGrantPermissionResponse, r);
  }

  roleRevokePermission(_role: string, _key: Uint8Array, _end: Uint8Array, r: AuthRoleRevokePermissionResponse): void {
    this.write(AuthRoleRevokePermissionResponse, r);
  }

  memberList(r: MemberListResponse): void {
    this.write(MemberListResponse, r);
  }

  memberAdd(r: MemberAddResponse): void {
    this.write(MemberAddResponse, r);
  }

  memberRemove(_id: bigint, r: MemberRemoveResponse): void {
    this.write(MemberRemoveResponse, r);
  }

  memberUpdate(_id: bigint, r: MemberUpdateResponse): void {
    this.write(MemberUpdateResponse, r);
  }

  memberPromote(_id: bigint, r: MemberPromoteResponse): void {
    this.write(MemberPromoteResponse, r);
  }

  // compat(etcdctl): endpoint and snapshot results are no protobuf messages.
  endpointHealth(): void {
    throw new UnsupportedError('protobuf not supported as output format');
  }

  endpointStatus(): void {
    throw new UnsupportedError('protobuf not supported as output format');
  }

  endpointHashKV(): void {
    throw new UnsupportedError('protobuf not supported as output format');
  }

  alarm(r: AlarmResponse): void {
    this.write(AlarmResponse, r);
  }

  moveLeader(_leader: bigint, _target: bigint, r: MoveLeaderResponse): void {
    this.write(MoveLeaderResponse, r);
  }

  authStatus(r: AuthStatusResponse): void {
    this.write(AuthStatusResponse, r);
  }

  dbStatus(): void {
    throw new UnsupportedError('protobuf not supported as output format');
  }
}

/** gogo-protobuf's compact text form (String()) of a header: `name:value ` per non-zero field. */
function protoText(h: ResponseHeader): string {
  return ResponseHeader.fields
    .map((f) => [f.name, (h as unknown as Record<string, bigint | undefined>)[f.name]] as const)
    .filter(([, v]) => v !== undefined && v !== 0n)
    .map(([n, v]) => `${n}:${v} `)
    .join('');
}
