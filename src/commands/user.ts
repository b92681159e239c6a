import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import type { IO } from '../core/io.js';

/** Where `user add` / `user passwd` get the password from. */
export type PasswordSource =
  | { readonly from: 'given'; readonly password: string }
  /** Asked twice on the terminal (`--interactive`, the default). */
  | { readonly from: 'prompt' }
  /** The first word of stdin (`--interactive=false`). */
  | { readonly from: 'stdin' }
  /** `--no-password`: a user for client-certificate (CN) authentication only. */
  | { readonly from: 'none' };

export interface UserAddFlags {
  readonly interactive: boolean;
  readonly newUserPassword: string;
  readonly noPassword: boolean;
}

export interface UserAddInput {
  readonly user: string;
  readonly password: PasswordSource;
}

export interface UserPasswdInput {
  readonly user: string;
  readonly password: PasswordSource;
}

export type UserInput =
  | { readonly op: 'add'; readonly add: UserAddInput }
  | { readonly op: 'delete'; readonly user: string }
  | { readonly op: 'get'; readonly user: string; readonly detail: boolean }
  | { readonly op: 'list' }
  | { readonly op: 'passwd'; readonly passwd: UserPasswdInput }
  | { readonly op: 'grant-role' | 'revoke-role'; readonly user: string; readonly role: string };

export function userCommand(ctx: CommandContext): Command {
  const user = new Command('user').summary('User related commands').usage('<subcommand>');

  const add = new Command('add')
    .summary('Adds a new user')
    .usage('<user name or user:password> [options]')
    .argument('[args...]');
  flag(add, 'bool', 'interactive', 'true', 'Read password from stdin instead of interactive terminal');
  flag(add, 'string', 'new-user-password', '', 'Supply password from the command line flag');
  flag(add, 'bool', 'no-password', 'false', 'Create a user without password (CN based auth only)');
  add.action((args: string[], o: UserAddFlags) => runUser({ op: 'add', add: parseUserAddArgs(args, o) }, ctx));

  const del = new Command('delete').summary('Deletes a user').usage('<user name>').argument('[args...]');
  del.action((args: string[]) => runUser({ op: 'delete', user: oneUser('delete', args) }, ctx));

  const get = new Command('get').summary('Gets detailed information of a user').usage('<user name> [options]').argument('[args...]');
  flag(get, 'bool', 'detail', 'false', 'Show permissions of roles granted to the user');
  get.action((args: string[], o: { detail: boolean }) => runUser({ op: 'get', user: oneUser('get', args), detail: o.detail }, ctx));

  const list = new Command('list').summary('Lists all users').argument('[args...]');
  list.action((args: string[]) => {
    if (args.length !== 0) throw new UsageError('user list command requires no arguments');
    return runUser({ op: 'list' }, ctx);
  });

  const passwd = new Command('passwd').summary('Changes password of user').usage('<user name> [options]').argument('[args...]');
  flag(passwd, 'bool', 'interactive', 'true', 'If true, read password from stdin instead of interactive terminal');
  passwd.action((args: string[], o: { interactive: boolean }) =>
    runUser({ op: 'passwd', passwd: parseUserPasswdArgs(args, o.interactive) }, ctx),
  );

  const grant = new Command('grant-role').summary('Grants a role to a user').usage('<user name> <role name>').argument('[args...]');
  grant.action((args: string[]) => runUser({ op: 'grant-role', ...userAndRole('grant-role', args) }, ctx));

  const revoke = new Command('revoke-role')
    .summary('Revokes a role from a user')
    .usage('<user name> <role name>')
    .argument('[args...]');
  revoke.action((args: string[]) => runUser({ op: 'revoke-role', ...userAndRole('revoke-role', args) }, ctx));

  for (const c of [add, del, get, list, passwd, grant, revoke]) user.addCommand(c);
  return user;
}

function oneUser(op: 'delete' | 'get', args: readonly string[]): string {
  if (args.length !== 1) throw new UsageError(`user ${op} command requires user name as its argument`);
  return args[0]!;
}

function userAndRole(op: 'grant-role' | 'revoke-role', args: readonly string[]): { user: string; role: string } {
  if (args.length !== 2) {
    // compat(etcdctl 3.4): the two messages are worded differently.
    throw new UsageError(
      op === 'grant-role'
        ? 'user grant command requires user name and role name as its argument'
        : 'user revoke-role requires user name and role name as its argument',
    );
  }
  return { user: args[0]!, role: args[1]! };
}

/** etcdctl's userAddCommandFunc: the user name and where its password comes from. */
export function parseUserAddArgs(args: readonly string[], o: UserAddFlags): UserAddInput {
  if (args.length !== 1) throw new UsageError('user add command requires user name as its argument');
  const arg = args[0]!;
  if (o.noPassword) return { user: arg, password: { from: 'none' } };
  // compat(etcdctl 3.4): with --new-user-password the argument is the name, `:` and all.
  if (o.newUserPassword !== '') return { user: arg, password: { from: 'given', password: o.newUserPassword } };
  const i = arg.indexOf(':');
  if (i < 0) return { user: arg, password: { from: o.interactive ? 'prompt' : 'stdin' } };
  if (i === 0) throw new UsageError('empty user name is not allowed');
  return { user: arg.slice(0, i), password: { from: 'given', password: arg.slice(i + 1) } };
}

export function parseUserPasswdArgs(args: readonly string[], interactive: boolean): UserPasswdInput {
  if (args.length !== 1) throw new UsageError('user passwd command requires user name as its argument');
  return { user: args[0]!, password: { from: interactive ? 'prompt' : 'stdin' } };
}

/** Go's fmt.Scanf("%s") on one line: its first blank-separated word ('' for a blank line). */
export function scanWord(line: string): string {
  return line.trimStart().split(/\s/, 1)[0] ?? '';
}

/** etcdctl's readPasswordInteractive: asked twice, must be non-empty and the same. */
export async function readNewPassword(io: IO, user: string): Promise<string> {
  const first = await io.readPassword(`Password of ${user}: `);
  if (first === '') throw new UsageError('empty password');
  const second = await io.readPassword(`Type password of ${user} again for confirmation: `);
  if (first !== second) throw new UsageError('given passwords are different');
  return first;
}

async function resolvePassword(src: PasswordSource, user: string, io: IO): Promise<string> {
  switch (src.from) {
    case 'given':
      return src.password;
    case 'prompt':
      return readNewPassword(io, user);
    case 'stdin':
      return scanWord(await io.readLine());
    case 'none':
      return '';
  }
}

export async function runUser(input: UserInput, ctx: CommandContext): Promise<void> {
  // compat(etcdctl): the password is read before the client is built (and --user asks for its own).
  let password = '';
  if (input.op === 'add') password = await resolvePassword(input.add.password, input.add.user, ctx.io);
  if (input.op === 'passwd') password = await resolvePassword(input.passwd.password, input.passwd.user, ctx.io);
  const client = await ctx.client();
  const printer = await ctx.printer();
  // compat(etcdctl): user commands run without --command-timeout (context.TODO()).
  const o = { signal: ctx.signal };
  switch (input.op) {
    case 'add': {
      const noPassword = input.add.password.from === 'none';
      const r = await client.auth.userAdd({ name: input.add.user, password, options: { no_password: noPassword } }, o);
      printer.userAdd(input.add.user, r);
      return;
    }
    case 'delete':
      printer.userDelete(input.user, await client.auth.userDelete({ name: input.user }, o));
      return;
    case 'get': {
      const r = await client.auth.userGet({ name: input.user }, o);
      if (!input.detail) {
        printer.userGet(input.user, r);
        return;
      }
      // compat(etcdctl): --detail prints its header itself, whatever -w says.
      ctx.io.stdout.write(`User: ${input.user}\n`);
      for (const role of r.roles) {
        ctx.io.stdout.write('\n');
        printer.roleGet(role, await client.auth.roleGet({ role }, o));
      }
      return;
    }
    case 'list':
      printer.userList(await client.auth.userList({}, o));
      return;
    case 'passwd':
      printer.userChangePassword(await client.auth.userChangePassword({ name: input.passwd.user, password }, o));
      return;
    case 'grant-role':
      printer.userGrantRole(input.user, input.role, await client.auth.userGrantRole({ user: input.user, role: input.role }, o));
      return;
    case 'revoke-role':
      printer.userRevokeRole(input.user, input.role, await client.auth.userRevokeRole({ name: input.user, role: input.role }, o));
      return;
  }
}
