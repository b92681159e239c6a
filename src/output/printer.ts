import { UnsupportedError } from '../core/errors.js';
import type { IO } from '../core/io.js';
import type {
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
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseRevokeResponse,
  LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  PutResponse,
  RangeResponse,
  TxnResponse,
  WatchResponse,
} from '../client/types.js';
import type { EndpointHashKV, EndpointHealth, EndpointStatus, SnapshotStatus } from './rows.js';

export type OutputFormat = 'simple' | 'json' | 'fields' | 'table' | 'protobuf' | 'jsonl';

export interface GetOptions {
  /** `--print-value-only`: the simple writer leaves out the keys. */
  readonly valueOnly?: boolean;
  /** `--keys-only`: `-w jsonl` leaves the (empty) values out. */
  readonly keysOnly?: boolean;
}

/** One method per response kind; each format is one class. */
export interface Printer {
  get(r: RangeResponse, o?: GetOptions): void;
  put(r: PutResponse): void;
  del(r: DeleteRangeResponse): void;
  txn(r: TxnResponse): void;
  /** One response of a watch stream, as clientv3 hands it over (no watch_id, no cancel_reason). */
  watch(r: WatchResponse): void;
  leaseGrant(r: LeaseGrantResponse): void;
  leaseRevoke(id: bigint, r: LeaseRevokeResponse): void;
  leaseKeepAlive(r: LeaseKeepAliveResponse): void;
  leaseTimeToLive(r: LeaseTimeToLiveResponse, withKeys: boolean): void;
  leaseList(r: LeaseLeasesResponse): void;
  userAdd(user: string, r: AuthUserAddResponse): void;
  userGet(user: string, r: AuthUserGetResponse): void;
  userList(r: AuthUserListResponse): void;
  userChangePassword(r: AuthUserChangePasswordResponse): void;
  userGrantRole(user: string, role: string, r: AuthUserGrantRoleResponse): void;
  userRevokeRole(user: string, role: string, r: AuthUserRevokeRoleResponse): void;
  userDelete(user: string, r: AuthUserDeleteResponse): void;
  roleAdd(role: string, r: AuthRoleAddResponse): void;
  roleGet(role: string, r: AuthRoleGetResponse): void;
  roleDelete(role: string, r: AuthRoleDeleteResponse): void;
  roleList(r: AuthRoleListResponse): void;
  roleGrantPermission(role: string, r: AuthRoleGrantPermissionResponse): void;
  /** `key` as given on the command line; `end` as sent (empty for one key, "\0" for open ended). */
  roleRevokePermission(role: string, key: Uint8Array, end: Uint8Array, r: AuthRoleRevokePermissionResponse): void;
  memberList(r: MemberListResponse): void;
  memberAdd(r: MemberAddResponse): void;
  memberRemove(id: bigint, r: MemberRemoveResponse): void;
  memberUpdate(id: bigint, r: MemberUpdateResponse): void;
  memberPromote(id: bigint, r: MemberPromoteResponse): void;
  /** Results in completion order; the simple writer puts them on stderr (etcdctl 3.4). */
  endpointHealth(list: readonly EndpointHealth[]): void;
  endpointStatus(list: readonly EndpointStatus[]): void;
  endpointHashKV(list: readonly EndpointHashKV[]): void;
  alarm(r: AlarmResponse): void;
  moveLeader(leader: bigint, target: bigint, r: MoveLeaderResponse): void;
  /** `snapshot status`. */
  /** `auth status` (etcdctl 3.5). */
  authStatus(r: AuthStatusResponse): void;
  dbStatus(s: SnapshotStatus): void;
}

export interface PrinterOptions {
  /** `--hex`: keys and values as \x escapes (simple writer only). */
  readonly hex: boolean;
}

/**
 * The base of every format that can show only some responses: each method fails as etcdctl does
 * (`<format> not supported as output format`, exit 4) until a subclass overrides it. Complete
 * formats (`simple`, `json`) implement Printer directly, so the compiler checks them.
 */
export class UnsupportedPrinter implements Printer {
  constructor(readonly format: OutputFormat) {}

  protected unsupported(): never {
    throw new UnsupportedError(`${this.format} not supported as output format`);
  }

  get(_r: RangeResponse, _o?: GetOptions): void {
    this.unsupported();
  }

  put(_r: PutResponse): void {
    this.unsupported();
  }

  del(_r: DeleteRangeResponse): void {
    this.unsupported();
  }

  txn(_r: TxnResponse): void {
    this.unsupported();
  }

  watch(_r: WatchResponse): void {
    this.unsupported();
  }

  leaseGrant(_r: LeaseGrantResponse): void {
    this.unsupported();
  }

  leaseRevoke(_id: bigint, _r: LeaseRevokeResponse): void {
    this.unsupported();
  }

  leaseKeepAlive(_r: LeaseKeepAliveResponse): void {
    this.unsupported();
  }

  leaseTimeToLive(_r: LeaseTimeToLiveResponse, _withKeys: boolean): void {
    this.unsupported();
  }

  leaseList(_r: LeaseLeasesResponse): void {
    this.unsupported();
  }

  userAdd(_user: string, _r: AuthUserAddResponse): void {
    this.unsupported();
  }

  userGet(_user: string, _r: AuthUserGetResponse): void {
    this.unsupported();
  }

  userList(_r: AuthUserListResponse): void {
    this.unsupported();
  }

  userChangePassword(_r: AuthUserChangePasswordResponse): void {
    this.unsupported();
  }

  userGrantRole(_user: string, _role: string, _r: AuthUserGrantRoleResponse): void {
    this.unsupported();
  }

  userRevokeRole(_user: string, _role: string, _r: AuthUserRevokeRoleResponse): void {
    this.unsupported();
  }

  userDelete(_user: string, _r: AuthUserDeleteResponse): void {
    this.unsupported();
  }

  roleAdd(_role: string, _r: AuthRoleAddResponse): void {
    this.unsupported();
  }

  roleGet(_role: string, _r: AuthRoleGetResponse): void {
    this.unsupported();
  }

  roleDelete(_role: string, _r: AuthRoleDeleteResponse): void {
    this.unsupported();
  }

  roleList(_r: AuthRoleListResponse): void {
    this.unsupported();
  }

  roleGrantPermission(_role: string, _r: AuthRoleGrantPermissionResponse): void {
    this.unsupported();
  }

  roleRevokePermission(_role: string, _key: Uint8Array, _end: Uint8Array, _r: AuthRoleRevokePermissionResponse): void {
    this.unsupported();
  }

  memberList(_r: MemberListResponse): void {
    this.unsupported();
  }

  memberAdd(_r: MemberAddResponse): void {
    this.unsupported();
  }

  memberRemove(_id: bigint, _r: MemberRemoveResponse): void {
    this.unsupported();
  }

  memberUpdate(_id: bigint, _r: MemberUpdateResponse): void {
    this.unsupported();
  }

  memberPromote(_id: bigint, _r: MemberPromoteResponse): void {
    this.unsupported();
  }

  endpointHealth(_list: readonly EndpointHealth[]): void {
    this.unsupported();
  }

  endpointStatus(_list: readonly EndpointStatus[]): void {
    this.unsupported();
  }

  endpointHashKV(_list: readonly EndpointHashKV[]): void {
    this.unsupported();
  }

  alarm(_r: AlarmResponse): void {
    this.unsupported();
  }

  moveLeader(_leader: bigint, _target: bigint, _r: MoveLeaderResponse): void {
    this.unsupported();
  }

  authStatus(_r: AuthStatusResponse): void {
    this.unsupported();
  }

  dbStatus(_s: SnapshotStatus): void {
    this.unsupported();
  }
}

/** The printer for `-w <format>`; an unknown format is `unsupported output format` (exit 4). */
export async function createPrinter(format: string, o: PrinterOptions, io: IO): Promise<Printer> {
  switch (format) {
    case 'simple':
      return new (await import('./simple.js')).SimplePrinter(io, o);
    case 'json':
      return new (await import('./json-printer.js')).JsonPrinter(io);
    case 'fields':
      return new (await import('./fields.js')).FieldsPrinter(io);
    case 'protobuf':
      return new (await import('./protobuf.js')).ProtobufPrinter(io);
    case 'table':
      return new (await import('./table.js')).TablePrinter(io);
    case 'jsonl':
      return new (await import('./jsonl.js')).JsonlPrinter(io);
    default:
      throw new UnsupportedError('unsupported output format');
  }
}
