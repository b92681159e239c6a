import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { RpcError } from '../client/rpc-error.js';

export type AuthAction = 'enable' | 'disable' | 'status';

export function authCommand(ctx: CommandContext): Command {
  const auth = new Command('auth').summary('Enable or disable authentication').usage('<enable or disable>');
  for (const action of ['enable', 'disable'] as const) {
    auth.addCommand(
      new Command(action)
        .summary(action === 'enable' ? 'Enables authentication' : 'Disables authentication')
        .argument('[args...]')
        .action((args: string[]) => runAuth(parseAuthArgs(action, args), ctx)),
    );
  }
  // etcdctl 3.5's `auth status`: hidden, so that `auth --help` and root help stay 3.4's text.
  auth.addCommand(
    new Command('status')
      .summary('Returns authentication status')
      .argument('[args...]')
      .action((args: string[]) => runAuth(parseAuthArgs('status', args), ctx)),
    { hidden: true },
  );
  return auth;
}

/** `auth enable`, `auth disable` and `auth status` take no arguments. */
export function parseAuthArgs(action: AuthAction, args: readonly string[]): AuthAction {
  if (args.length !== 0) throw new UsageError(`auth ${action} command does not accept any arguments`);
  return action;
}

/** gRPC's status code UNIMPLEMENTED. */
const UNIMPLEMENTED = 12;
const ROOT_ROLE_MISSING = 'etcdserver: root user does not have root role';

export async function runAuth(action: AuthAction, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  // One deadline for the whole command, as etcdctl's commandCtx.
  const o = { signal: ctx.signal, timeoutMs: ctx.global.commandTimeoutMs };
  if (action === 'status') {
    const printer = await ctx.printer();
    let resp;
    try {
      resp = await client.auth.authStatus({}, o);
    } catch (err) {
      // compat(etcdctl 3.5): an etcd 3.4 server has no AuthStatus RPC; clientv3 does not know
      // that error and etcdctl prints it as grpc-go formats it.
      if (err instanceof RpcError && err.code === UNIMPLEMENTED) err.message = `rpc error: code = Unimplemented desc = ${err.details}`;
      throw err;
    }
    printer.authStatus(resp);
    return;
  }
  if (action === 'disable') {
    await client.auth.authDisable({}, o);
    // compat(etcdctl): plain text whatever -w says.
    ctx.io.stdout.write('Authentication Disabled\n');
    return;
  }
  const deadline = Date.now() + o.timeoutMs;
  const left = (): { signal: AbortSignal; timeoutMs: number } => ({ signal: ctx.signal, timeoutMs: Math.max(0, deadline - Date.now()) });
  for (;;) {
    try {
      await client.auth.authEnable({}, left());
      break;
    } catch (err) {
      // etcdctl creates the root role and grants it to root when only the role is missing.
      if (!(err instanceof RpcError && err.details === ROOT_ROLE_MISSING)) throw err;
      await client.auth.roleAdd({ name: 'root' }, left());
      await client.auth.userGrantRole({ user: 'root', role: 'root' }, left());
    }
  }
  ctx.io.stdout.write('Authentication Enabled\n');
}
