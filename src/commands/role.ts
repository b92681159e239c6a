import { Command } from 'commander';
import type { Permission_Type } from '../client/types.js';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { prefixEnd, utf8 } from '../etcd/range.js';

export interface PermFlags {
  readonly prefix: boolean;
  readonly fromKey: boolean;
}

/** A permission's key range as etcdctl sends it; `end` is empty for one key, "\0" for open ended. */
export interface PermRange {
  readonly key: Uint8Array;
  readonly end: Uint8Array;
}

export interface GrantInput {
  readonly role: string;
  readonly permType: Permission_Type;
  readonly range: PermRange;
}

export interface RevokeInput {
  readonly role: string;
  /** The key as given, for the message (the request uses `range`). */
  readonly keyArg: Uint8Array;
  readonly range: PermRange;
}

export type RoleInput =
  | { readonly op: 'add' | 'delete' | 'get'; readonly role: string }
  | { readonly op: 'list' }
  | { readonly op: 'grant-permission'; readonly grant: GrantInput }
  | { readonly op: 'revoke-permission'; readonly revoke: RevokeInput };

export function roleCommand(ctx: CommandContext): Command {
  const role = new Command('role').summary('Role related commands').usage('<subcommand>');
  const simple = (op: 'add' | 'delete' | 'get', summary: string): Command =>
    new Command(op)
      .summary(summary)
      .usage('<role name>')
      .argument('[args...]')
      .action((args: string[]) => runRole({ op, role: oneRole(op, args) }, ctx));

  const list = new Command('list')
    .summary('Lists all roles')
    .argument('[args...]')
    .action((args: string[]) => {
      if (args.length !== 0) throw new UsageError('role list command requires no arguments');
      return runRole({ op: 'list' }, ctx);
    });

  const grant = new Command('grant-permission')
    .summary('Grants a key to a role')
    .usage('[options] <role name> <permission type> <key> [endkey]')
    .argument('[args...]');
  flag(grant, 'bool', 'prefix', 'false', 'grant a prefix permission');
  flag(grant, 'bool', 'from-key', 'false', 'grant a permission of keys that are greater than or equal to the given key using byte compare');
  grant.action((args: string[], o: PermFlags) => runRole({ op: 'grant-permission', grant: parseGrantArgs(args, o) }, ctx));

  const revoke = new Command('revoke-permission')
    .summary('Revokes a key from a role')
    .usage('<role name> <key> [endkey]')
    .argument('[args...]');
  flag(revoke, 'bool', 'prefix', 'false', 'revoke a prefix permission');
  flag(revoke, 'bool', 'from-key', 'false', 'revoke a permission of keys that are greater than or equal to the given key using byte compare');
  revoke.action((args: string[], o: PermFlags) => runRole({ op: 'revoke-permission', revoke: parseRevokeArgs(args, o) }, ctx));

  for (const c of [
    simple('add', 'Adds a new role'),
    simple('delete', 'Deletes a role'),
    simple('get', 'Gets detailed information of a role'),
    list,
    grant,
    revoke,
  ]) {
    role.addCommand(c);
  }
  return role;
}

function oneRole(op: 'add' | 'delete' | 'get', args: readonly string[]): string {
  if (args.length !== 1) throw new UsageError(`role ${op} command requires role name as its argument`);
  return args[0]!;
}

const NUL = Uint8Array.of(0);
const NONE = new Uint8Array(0);

const PERM_TYPES: Record<string, Permission_Type> = { READ: 'READ', WRITE: 'WRITE', READWRITE: 'READWRITE' };

/** clientv3.StrToPermissionType: read, write or readwrite, in any case. */
export function parsePermType(s: string): Permission_Type {
  const t = PERM_TYPES[s.toUpperCase()];
  if (t === undefined) throw new UsageError(`invalid permission type: ${s}`);
  return t;
}

/** etcdctl's permRange: `[key, end)` from the key argument(s) and --prefix / --from-key. */
export function permRange(args: readonly string[], o: PermFlags): PermRange {
  const key = utf8(args[0]!);
  if (key.length === 0) {
    if (o.prefix && o.fromKey) throw new UsageError('--from-key and --prefix flags are mutually exclusive');
    // The empty key means every key: ["\0", "\0") is open ended on the server.
    return { key: NUL, end: o.prefix || o.fromKey ? NUL : NONE };
  }
  if (args.length === 1) {
    if (o.prefix) {
      if (o.fromKey) throw new UsageError('--from-key and --prefix flags are mutually exclusive');
      return { key, end: prefixEnd(key) };
    }
    return { key, end: o.fromKey ? NUL : NONE };
  }
  if (o.prefix) throw new UsageError('unexpected endkey argument with --prefix flag');
  if (o.fromKey) throw new UsageError('unexpected endkey argument with --from-key flag');
  // compat(etcdctl 3.4): arguments after the end key are ignored.
  return { key, end: utf8(args[1]!) };
}

export function parseGrantArgs(args: readonly string[], o: PermFlags): GrantInput {
  if (args.length < 3) {
    throw new UsageError('role grant command requires role name, permission type, and key [endkey] as its argument');
  }
  const permType = parsePermType(args[1]!);
  return { role: args[0]!, permType, range: permRange(args.slice(2), o) };
}

export function parseRevokeArgs(args: readonly string[], o: PermFlags): RevokeInput {
  if (args.length < 2) throw new UsageError('role revoke-permission command requires role name and key [endkey] as its argument');
  return { role: args[0]!, keyArg: utf8(args[1]!), range: permRange(args.slice(1), o) };
}

export async function runRole(input: RoleInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  // compat(etcdctl): role commands run without --command-timeout (context.TODO()).
  const o = { signal: ctx.signal };
  switch (input.op) {
    case 'add':
      printer.roleAdd(input.role, await client.auth.roleAdd({ name: input.role }, o));
      return;
    case 'delete':
      printer.roleDelete(input.role, await client.auth.roleDelete({ role: input.role }, o));
      return;
    case 'get':
      printer.roleGet(input.role, await client.auth.roleGet({ role: input.role }, o));
      return;
    case 'list':
      printer.roleList(await client.auth.roleList({}, o));
      return;
    case 'grant-permission': {
      const { role, permType, range } = input.grant;
      const perm = { permType, key: range.key, range_end: range.end };
      printer.roleGrantPermission(role, await client.auth.roleGrantPermission({ name: role, perm }, o));
      return;
    }
    case 'revoke-permission': {
      const { role, keyArg, range } = input.revoke;
      const r = await client.auth.roleRevokePermission({ role, key: range.key, range_end: range.end }, o);
      printer.roleRevokePermission(role, keyArg, range.end, r);
      return;
    }
  }
}
