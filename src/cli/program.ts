import { Command } from 'commander';
import { ETCDCTL_COMMANDS, OWN_COMMANDS } from '../commands/index.js';
import type { CommandContext } from './context.js';
import { goFlags } from './flags.js';
import { addGlobalFlags } from './global-options.js';
import { helpTopic } from './help.js';
import { markOwn } from './own-commands.js';

/**
 * The names of ETCDCTL_COMMANDS, in its order: enough to tell which command a command line runs
 * without building the others (start-up time: building every command, flags and help texts
 * included, costs several milliseconds at each start). A mismatch only costs that time: the
 * whole tree is built then (and test/unit/cli/program.test.ts fails).
 */
export const ETCDCTL_COMMAND_NAMES: readonly string[] = [
  'get', 'put', 'del', 'txn', 'compaction', 'alarm', 'defrag', 'endpoint', 'move-leader', 'watch', 'version',
  'lease', 'member', 'snapshot', 'make-mirror', 'migrate', 'lock', 'elect', 'auth', 'user', 'role', 'check',
  'completion',
];

/**
 * The names of OWN_COMMANDS (test/unit/cli/program.test.ts checks them): a command word that is
 * one of them always builds the whole tree, so our commands keep winning an exact match, and
 * otherwise a command line that runs one of etcdctl's commands builds none of ours.
 */
export const OWN_COMMAND_NAMES: readonly string[] = ['dev-cluster', 'registry', 'cluster', 'ls', 'edit', 'context', '__complete', 'export', 'import'];

/**
 * The command tree. commander holds the declarations and dispatches; parsing follows cobra and
 * pflag (cli/flags.ts), and help follows etcdctl's template (cli/help.ts).
 *
 * When `ctx.argv` names one of etcdctl's commands (exactly or by an unambiguous prefix) and none
 * of ours, only that command is built, with `help`. Everything that needs the other commands — root help, an unknown command's
 * "Did you mean", `help` — has no such command word and gets the whole tree.
 */
export function buildProgram(ctx: CommandContext): Command {
  const root = new Command('etcdctl').summary('A simple command line client for etcd3.').usage('');
  addGlobalFlags(root);
  let only = singleCommand(root, ctx.argv ?? []);
  // Shell completion describes the whole program.
  if (only !== undefined && ETCDCTL_COMMAND_NAMES[only] === 'completion') only = undefined;
  const one = only === undefined ? undefined : ETCDCTL_COMMANDS[only]!(ctx);
  const single = one !== undefined && one.name() === ETCDCTL_COMMAND_NAMES[only!];
  if (single) root.addCommand(one);
  else for (const make of ETCDCTL_COMMANDS) root.addCommand(make(ctx));
  root.addCommand(helpCommand(root, ctx));
  if (!single) for (const make of OWN_COMMANDS) root.addCommand(markOwn(make(ctx)));
  configure(root);
  return root;
}

/**
 * The index in ETCDCTL_COMMANDS of the command `argv` runs, when its command word names exactly
 * one of them. The word is found as parseArgv's first pass finds it: cobra's stripFlags takes
 * the word after any flag that is not a known bool flag as that flag's value.
 */
export function singleCommand(root: Command, argv: readonly string[]): number | undefined {
  if (ETCDCTL_COMMAND_NAMES.length !== ETCDCTL_COMMANDS.length) return undefined;
  const bools = new Set<string>();
  for (const f of goFlags(root)) {
    if (f.kind !== 'bool') continue;
    bools.add(`--${f.longName}`);
    if (f.shortName !== undefined) bools.add(`-${f.shortName}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') return undefined;
    if (tok.startsWith('-') && tok !== '-') {
      const name = tok.startsWith('--') ? tok.split('=')[0]! : tok.slice(0, 2);
      if (!bools.has(name) && !tok.includes('=') && (tok.startsWith('--') || tok.length === 2)) i++;
      continue;
    }
    if (OWN_COMMAND_NAMES.includes(tok)) return undefined;
    const exact = ETCDCTL_COMMAND_NAMES.indexOf(tok);
    if (exact >= 0) return exact;
    const prefixed = ETCDCTL_COMMAND_NAMES.flatMap((n, idx) => (tok !== '' && n.startsWith(tok) ? [idx] : []));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }
  return undefined;
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
