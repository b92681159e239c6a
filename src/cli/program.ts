import { Command } from 'commander';
import { authCommand } from '../commands/auth.js';
import { roleCommand } from '../commands/role.js';
import { userCommand } from '../commands/user.js';
import { compactionCommand } from '../commands/compaction.js';
import { delCommand } from '../commands/del.js';
import { getCommand } from '../commands/get.js';
import { putCommand } from '../commands/put.js';
import { txnCommand } from '../commands/txn.js';
import { versionCommand } from '../commands/version.js';
import { leaseCommand } from '../commands/lease.js';
import { watchCommand } from '../commands/watch.js';
import { memberCommand } from '../commands/member.js';
import { endpointCommand } from '../commands/endpoint.js';
import { alarmCommand } from '../commands/alarm.js';
import { defragCommand } from '../commands/defrag.js';
import { moveLeaderCommand } from '../commands/move-leader.js';
import { snapshotCommand } from '../commands/snapshot.js';
import { lockCommand } from '../commands/lock.js';
import { electCommand } from '../commands/elect.js';
import { makeMirrorCommand } from '../commands/make-mirror.js';
import { checkCommand } from '../commands/check.js';
import { devClusterCommand } from '../commands/dev-cluster.js';
import type { CommandContext } from './context.js';
import { addGlobalFlags } from './global-options.js';
import { helpTopic } from './help.js';

/**
 * The command tree. commander holds the declarations and dispatches; parsing follows cobra and
 * pflag (cli/flags.ts), and help follows etcdctl's template (cli/help.ts).
 */
export function buildProgram(ctx: CommandContext): Command {
  const root = new Command('etcdctl').summary('A simple command line client for etcd3.').usage('');
  addGlobalFlags(root);
  // compat(etcdctl): etcdctl's order of AddCommand, which cobra keeps for "Did you mean this?".
  for (const make of [
    getCommand,
    putCommand,
    delCommand,
    txnCommand,
    compactionCommand,
    alarmCommand,
    defragCommand,
    endpointCommand,
    moveLeaderCommand,
    watchCommand,
    versionCommand,
    leaseCommand,
    memberCommand,
    snapshotCommand,
    makeMirrorCommand,
    lockCommand,
    electCommand,
    authCommand,
    userCommand,
    roleCommand,
    checkCommand,
  ]) {
    root.addCommand(make(ctx));
  }
  // Ours, not etcdctl's: hidden so that `--help` stays etcdctl's (see dev-cluster.ts).
  root.addCommand(devClusterCommand(ctx), { hidden: true });
  root.addCommand(helpCommand(root, ctx));
  configure(root);
  return root;
}

function helpCommand(root: Command, ctx: CommandContext): Command {
  return new Command('help')
    .summary('Help about any command')
    .description(`Help provides help for any command in the application.\nSimply type ${root.name()} help [path to command] for full details.`)
    .usage('[command]')
    .argument('[args...]')
    .action((args: string[]) => {
      // cobra's help command resolves its topic with prefix matching and reports unknown ones.
      const topic = helpTopic(root, args);
      ctx.io.stderr.write(topic.stderr);
      ctx.io.stdout.write(topic.stdout);
    });
}

/** Every command: no commander help or messages, errors thrown instead of exiting. */
function configure(cmd: Command): void {
  cmd
    .exitOverride()
    .helpOption(false)
    .helpCommand(false)
    .allowExcessArguments(true)
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const sub of cmd.commands) configure(sub);
}
