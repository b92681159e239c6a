import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { aborted, canceled, Election, Session } from '../etcd/concurrency.js';
import { utf8 } from '../etcd/range.js';

export interface ElectInput {
  readonly name: string;
  readonly proposal: string | undefined;
  readonly listen: boolean;
}

export function electCommand(ctx: CommandContext): Command {
  const cmd = new Command('elect')
    .summary('Observes and participates in leader election')
    .usage('<election-name> [proposal]')
    .argument('[args...]');
  flag(cmd, 'bool', 'listen', 'false', 'observation mode', { short: 'l' });
  return cmd.action((args: string[], opts: { listen: boolean }) => runElect(parseElectArgs(args, opts), ctx));
}

/** The argument count; the proposal / -l combination is checked by checkElectMode. */
export function parseElectArgs(args: readonly string[], o: { listen: boolean }): ElectInput {
  if (args.length !== 1 && args.length !== 2) {
    throw new UsageError('elect takes one election name argument and an optional proposal argument');
  }
  return { name: args[0]!, proposal: args[1], listen: o.listen };
}

/** `-l` observes and takes no proposal; without it a proposal is needed. */
export function checkElectMode(input: ElectInput): 'observe' | 'campaign' {
  if (input.proposal === undefined) {
    if (!input.listen) throw new UsageError('no proposal argument but -l not set');
    return 'observe';
  }
  if (input.listen) throw new UsageError('proposal given but -l is set');
  return 'campaign';
}

export async function runElect(input: ElectInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  // compat(etcdctl): these checks come after the client is built (its errors win).
  const mode = checkElectMode(input);
  // concurrency.NewSession(c): the default 60 s TTL.
  const session = await Session.create(client, {
    firstKeepAliveTimeoutMs: ctx.global.dialTimeoutMs + 1000,
    call: { signal: ctx.signal },
  });
  try {
    // compat(etcdctl): a signal before this point kills etcdctl (no handler is installed yet).
    if (ctx.signal.aborted) throw canceled();
    ctx.catchSignals?.();
    const election = new Election(session, input.name);
    if (mode === 'observe') {
      await election.observe(ctx.signal, (r) => printer.get(r));
      if (!ctx.signal.aborted) throw new EtcdctlError('elect: observer lost', ExitCode.Error);
      return;
    }
    await election.campaign(utf8(input.proposal!), ctx.signal);
    // print the key since elected
    printer.get(await client.kv.range({ key: election.key }, { signal: ctx.signal }));
    const how = await Promise.race([aborted(ctx.signal).then(() => 'signal' as const), session.done.then(() => 'lost' as const)]);
    if (how === 'lost' && !ctx.signal.aborted) throw new EtcdctlError('elect: session expired', ExitCode.Error);
    // Go: Resign(context.TODO()), neither bounded nor cancelled.
    await election.resign({});
  } finally {
    session.orphan();
  }
}
