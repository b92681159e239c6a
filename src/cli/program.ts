import { Command } from 'commander';
import { ETCDCTL_COMMANDS, OWN_COMMANDS } from '../commands/index.js';
import type { CommandContext } from './context.js';
import { addGlobalFlags } from './global-options.js';
import { helpTopic } from './help.js';
import { markOwn } from './own-commands.js';

/**
 * The command tree. commander holds the declarations and dispatches; parsing follows cobra and
 * pflag (cli/flags.ts), and help follows etcdctl's template (cli/help.ts).
 */
export function buildProgram(ctx: CommandContext): Command {
  const root = new Command('etcdctl').summary('A simple command line client for etcd3.').usage('');
  addGlobalFlags(root);
  for (const make of ETCDCTL_COMMANDS) root.addCommand(make(ctx));
  root.addCommand(helpCommand(root, ctx));
  for (const make of OWN_COMMANDS) root.addCommand(markOwn(make(ctx)));
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
