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
  KeyValue,
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseLeasesResponse,
  LeaseTimeToLiveResponse,
  MemberAddResponse,
  MemberListResponse,
  MemberPromoteResponse,
  MemberRemoveResponse,
  MemberUpdateResponse,
  MoveLeaderResponse,
  Permission,
  PutResponse,
  RangeResponse,
  TxnResponse,
  WatchResponse,
} from '../client/types.js';
import { hexEscape, hexId, hexId016, hexId16 } from '../core/encode.js';
import type { GetOptions, Printer, PrinterOptions } from './printer.js';
import {
  alarmText,
  type EndpointHashKV,
  endpointHashKVRows,
  type EndpointHealth,
  type EndpointStatus,
  endpointStatusRows,
  memberListRows,
  type SnapshotStatus,
  snapshotStatusRows,
} from './rows.js';

const NL = '\n';

/** etcdctl's default writer: raw keys and values, one per line. */
export class SimplePrinter implements Printer {
  constructor(
    private readonly io: IO,
    private readonly o: PrinterOptions,
  ) {}

  private line(text: string | Uint8Array): void {
    this.io.stdout.write(text);
    this.io.stdout.write(NL);
  }

  private bytes(b: Uint8Array): string | Uint8Array {
    return this.o.hex ? hexEscape(b) : b;
  }

  private kv(kv: KeyValue, valueOnly = false): void {
    if (!valueOnly) this.line(this.bytes(kv.key));
    this.line(this.bytes(kv.value));
  }

  get(r: RangeResponse, o: GetOptions = {}): void {
    for (const kv of r.kvs) this.kv(kv, o.valueOnly);
  }

  put(r: PutResponse): void {
    this.line('OK');
    if (r.prev_kv !== undefined) this.kv(r.prev_kv);
  }

  del(r: DeleteRangeResponse): void {
    this.line(String(r.deleted));
    for (const kv of r.prev_kvs) this.kv(kv);
  }

  txn(r: TxnResponse): void {
    this.line(r.succeeded ? 'SUCCESS' : 'FAILURE');
    for (const op of r.responses) {
      this.line('');
      if (op.response_put !== undefined) this.put(op.response_put);
      else if (op.response_range !== undefined) this.get(op.response_range);
      else if (op.response_delete_range !== undefined) this.del(op.response_delete_range);
      else if (op.response_txn !== undefined) this.txn(op.response_txn);
    }
  }

  watch(r: WatchResponse): void {
    for (const ev of r.events) {
      this.line(ev.type);
      if (ev.prev_kv !== undefined) this.kv(ev.prev_kv);
      if (ev.kv !== undefined) this.kv(ev.kv);
    }
  }

  leaseGrant(r: LeaseGrantResponse): void {
    this.line(`lease ${hexId016(r.ID)} granted with TTL(${r.TTL}s)`);
  }

  leaseRevoke(id: bigint): void {
    this.line(`lease ${hexId016(id)} revoked`);
  }

  leaseKeepAlive(r: LeaseKeepAliveResponse): void {
    this.line(`lease ${hexId016(r.ID)} keepalived with TTL(${r.TTL})`);
  }

  leaseTimeToLive(r: LeaseTimeToLiveResponse, withKeys: boolean): void {
    if (r.grantedTTL === 0n && r.TTL === -1n) {
      this.line(`lease ${hexId016(r.ID)} already expired`);
      return;
    }
    const text = `lease ${hexId016(r.ID)} granted with TTL(${r.grantedTTL}s), remaining(${r.TTL}s)`;
    if (!withKeys) {
      this.line(text);
      return;
    }
    // Go's %v of a []string: the raw bytes of each key, space-separated, in the server's order.
    const parts: Uint8Array[] = [Buffer.from(`${text}, attached keys([`)];
    r.keys.forEach((k, i) => parts.push(...(i > 0 ? [Buffer.from(' ')] : []), k));
    parts.push(Buffer.from('])'));
    this.line(Buffer.concat(parts));
  }

  leaseList(r: LeaseLeasesResponse): void {
    this.line(`found ${r.leases.length} leases`);
    for (const l of r.leases) this.line(hexId016(l.ID));
  }

  userAdd(user: string, _r: AuthUserAddResponse): void {
    this.line(`User ${user} created`);
  }

  userGet(user: string, r: AuthUserGetResponse): void {
    this.line(`User: ${user}`);
    this.line(`Roles:${r.roles.map((role) => ` ${role}`).join('')}`);
  }

  userList(r: AuthUserListResponse): void {
    for (const user of r.users) this.line(user);
  }

  userChangePassword(_r: AuthUserChangePasswordResponse): void {
    this.line('Password updated');
  }

  userGrantRole(user: string, role: string, _r: AuthUserGrantRoleResponse): void {
    this.line(`Role ${role} is granted to user ${user}`);
  }

  userRevokeRole(user: string, role: string, _r: AuthUserRevokeRoleResponse): void {
    this.line(`Role ${role} is revoked from user ${user}`);
  }

  userDelete(user: string, _r: AuthUserDeleteResponse): void {
    this.line(`User ${user} deleted`);
  }

  roleAdd(role: string, _r: AuthRoleAddResponse): void {
    this.line(`Role ${role} created`);
  }

  /** A permission line of `role get`: a key, `[key, end)`, `[key, <open ended>`, `(prefix key)`. */
  private permission(p: Permission): void {
    const out = [Buffer.from('\t')];
    if (p.range_end.length === 0) out.push(Buffer.from(p.key));
    else {
      const openEnded = p.range_end.length === 1 && p.range_end[0] === 0;
      out.push(Buffer.from('['), Buffer.from(p.key), Buffer.from(', '));
      out.push(openEnded ? Buffer.from('<open ended>') : Buffer.concat([Buffer.from(p.range_end), Buffer.from(')')]));
      if (Buffer.from(permPrefixEnd(p.key)).equals(Buffer.from(p.range_end))) {
        out.push(Buffer.from(' (prefix '), Buffer.from(p.key), Buffer.from(')'));
      }
    }
    this.line(Buffer.concat(out));
  }

  roleGet(role: string, r: AuthRoleGetResponse): void {
    this.line(`Role ${role}`);
    this.line('KV Read:');
    for (const p of r.perm) if (p.permType === 'READ' || p.permType === 'READWRITE') this.permission(p);
    this.line('KV Write:');
    for (const p of r.perm) if (p.permType === 'WRITE' || p.permType === 'READWRITE') this.permission(p);
  }

  roleDelete(role: string, _r: AuthRoleDeleteResponse): void {
    this.line(`Role ${role} deleted`);
  }

  roleList(r: AuthRoleListResponse): void {
    for (const role of r.roles) this.line(role);
  }

  roleGrantPermission(role: string, _r: AuthRoleGrantPermissionResponse): void {
    this.line(`Role ${role} updated`);
  }

  roleRevokePermission(role: string, key: Uint8Array, end: Uint8Array, _r: AuthRoleRevokePermissionResponse): void {
    const b = (x: string | Uint8Array): Buffer => Buffer.from(x);
    const from = b(` is revoked from role ${role}`);
    if (end.length === 0) this.line(Buffer.concat([b('Permission of key '), b(key), from]));
    else if (end.length === 1 && end[0] === 0) this.line(Buffer.concat([b('Permission of range ['), b(key), b(', <open ended>'), from]));
    else this.line(Buffer.concat([b('Permission of range ['), b(key), b(', '), b(end), b(')'), from]));
  }

  memberList(r: MemberListResponse): void {
    for (const row of memberListRows(r).rows) this.line(row.join(', '));
  }

  memberAdd(r: MemberAddResponse): void {
    this.line(`Member ${hexId16(r.member?.ID ?? 0n)} added to cluster ${hexId16(r.header?.cluster_id ?? 0n)}`);
  }

  memberRemove(id: bigint, r: MemberRemoveResponse): void {
    this.line(`Member ${hexId16(id)} removed from cluster ${hexId16(r.header?.cluster_id ?? 0n)}`);
  }

  memberUpdate(id: bigint, r: MemberUpdateResponse): void {
    this.line(`Member ${hexId16(id)} updated in cluster ${hexId16(r.header?.cluster_id ?? 0n)}`);
  }

  memberPromote(id: bigint, r: MemberPromoteResponse): void {
    this.line(`Member ${hexId16(id)} promoted in cluster ${hexId16(r.header?.cluster_id ?? 0n)}`);
  }

  // compat(etcdctl 3.4): endpoint health goes to stderr in the simple writer (stdout from 3.5 on).
  endpointHealth(list: readonly EndpointHealth[]): void {
    for (const h of list) {
      this.io.stderr.write(
        h.error === ''
          ? `${h.endpoint} is healthy: successfully committed proposal: took = ${h.took}\n`
          : `${h.endpoint} is unhealthy: failed to commit proposal: ${h.error}\n`,
      );
    }
  }

  // compat(etcdctl): rows end in `, ` and the (usually empty) errors.
  endpointStatus(list: readonly EndpointStatus[]): void {
    for (const row of endpointStatusRows(list).rows) this.line(row.join(', '));
  }

  endpointHashKV(list: readonly EndpointHashKV[]): void {
    for (const row of endpointHashKVRows(list).rows) this.line(row.join(', '));
  }

  alarm(r: AlarmResponse): void {
    for (const a of r.alarms) this.line(alarmText(a));
  }

  moveLeader(leader: bigint, target: bigint, _r: MoveLeaderResponse): void {
    this.line(`Leadership transferred from ${hexId(leader)} to ${hexId(target)}`);
  }

  authStatus(r: AuthStatusResponse): void {
    this.line(`Authentication Status: ${r.enabled}`);
    this.line(`AuthRevision: ${r.authRevision}`);
  }

  dbStatus(s: SnapshotStatus): void {
    for (const row of snapshotStatusRows(s).rows) this.line(row.join(', '));
  }
}

/** clientv3.GetPrefixRangeEnd, for telling a prefix permission in `role get`. */
function permPrefixEnd(key: Uint8Array): Uint8Array {
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i]! < 0xff) return Uint8Array.of(...key.subarray(0, i), key[i]! + 1);
  }
  return Uint8Array.of(0);
}
