import { UnsupportedError } from '../cli/errors.js';
import type { IO } from '../cli/io.js';
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

export type OutputFormat = 'simple' | 'json' | 'fields' | 'table' | 'protobuf';

export interface GetOptions {
  /** `--print-value-only`: the simple writer leaves out the keys. */
  readonly valueOnly?: boolean;
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
  dbStatus(s: SnapshotStatus): void;
}

export interface PrinterOptions {
  /** `--hex`: keys and values as \x escapes (simple writer only). */
  readonly hex: boolean;
}

/** Fills the methods a format lacks with ones that fail as etcdctl does (exit 4). */
export function withUnsupported<P extends object>(format: OutputFormat, partial: Partial<P>, all: readonly (keyof P)[]): P {
  const out = partial as Record<keyof P, unknown>;
  for (const name of all) {
    out[name] ??= () => {
      throw new UnsupportedError(`${format} not supported as output format`);
    };
  }
  return out as P;
}

export const PRINTER_METHODS: readonly (keyof Printer)[] = ['get', 'put', 'del', 'txn', 'watch', 'leaseGrant', 'leaseRevoke', 'leaseKeepAlive', 'leaseTimeToLive', 'leaseList', 'userAdd', 'userGet', 'userList', 'userChangePassword', 'userGrantRole', 'userRevokeRole', 'userDelete', 'roleAdd', 'roleGet', 'roleDelete', 'roleList', 'roleGrantPermission', 'roleRevokePermission', 'memberList', 'memberAdd', 'memberRemove', 'memberUpdate', 'memberPromote', 'endpointHealth', 'endpointStatus', 'endpointHashKV', 'alarm', 'moveLeader', 'dbStatus'];

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
      return (await import('./table.js')).tablePrinter(io);
    default:
      throw new UnsupportedError('unsupported output format');
  }
}
