/**
 * The message types of etcd's API, as generated from proto/: proto field names, bigint for
 * every 64-bit integer, Uint8Array for bytes, enum names as strings.
 */
export type * from './generated/proto.js';
export {
  KeyValue,
  Event,
  ResponseHeader,
  RangeResponse,
  PutResponse,
  DeleteRangeResponse,
  TxnResponse,
  ResponseOp,
  WatchResponse,
} from './generated/proto.js';
export {
  AuthUserAddResponse,
  AuthUserGetResponse,
  AuthUserListResponse,
  AuthUserChangePasswordResponse,
  AuthUserGrantRoleResponse,
  AuthUserRevokeRoleResponse,
  AuthUserDeleteResponse,
  AuthRoleAddResponse,
  AuthRoleGetResponse,
  AuthRoleDeleteResponse,
  AuthRoleListResponse,
  AuthRoleGrantPermissionResponse,
  AuthRoleRevokePermissionResponse,
} from './generated/proto.js';
