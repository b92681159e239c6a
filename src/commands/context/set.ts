import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { UsageError } from '../../core/errors.js';
import { CONTEXT_SETTINGS, holdsPassword, validContextName, type ContextSettings } from '../../config/settings.js';
import { readConfig, writeConfig } from '../../config/store.js';
import { configFile, inEffect, printContext, view, writer } from './model.js';

export interface ContextSetInput {
  readonly name: string;
  /** Settings to store; an empty value removes that setting. */
  readonly changes: ContextSettings;
  readonly storePassword: boolean;
}

export function contextSetCommand(ctx: CommandContext): Command {
  const cmd = new Command('set')
    .summary('Saves global flags under a name')
    .description(
      [
        'Saves the global flags given with it (--endpoints, --cacert, --cert, --key, --user, timeouts, ...)',
        'as the context NAME, creating it or changing the settings given (an empty value, such as',
        '--cacert=, removes one). -w, --debug and ETCDCTL_* variables are not saved.',
        '',
        'A password (--password, or --user name:password) is saved only with --store-password, in plain',
        'text in a file only you can read; without one, commands using the context ask for it.',
      ].join('\n'),
    )
    .usage('<name> [global flags...]')
    .argument('[args...]');
  flag(cmd, 'bool', 'store-password', 'false', 'save the password given with --password or --user in the config file (plain text)');
  return cmd.action((args: string[], opts: { storePassword: boolean }) =>
    runContextSet(parseContextSetArgs(args, ctx.givenGlobals?.() ?? new Map(), opts), ctx),
  );
}

export function parseContextSetArgs(args: readonly string[], given: ReadonlyMap<string, string>, o: { storePassword: boolean }): ContextSetInput {
  if (args.length !== 1) throw new UsageError('context set command needs 1 argument: the context name');
  const name = args[0]!;
  if (!validContextName(name)) throw new UsageError(`invalid context name ${JSON.stringify(name)}: use letters, digits and . _ @ : + -`);
  const changes: Record<string, string> = {};
  for (const [k, v] of given) if (k in CONTEXT_SETTINGS) changes[k] = v;
  if (holdsPassword(changes) && !o.storePassword) {
    throw new UsageError('a password is not saved unless --store-password is given (or leave it out: commands then ask for it)');
  }
  return { name, changes, storePassword: o.storePassword };
}

/** The settings after applying `changes` to `old`. */
export function mergeSettings(old: ContextSettings, changes: ContextSettings): ContextSettings {
  const merged: Record<string, string> = { ...old, ...changes };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== ''));
}

export async function runContextSet(input: ContextSetInput, ctx: CommandContext): Promise<void> {
  const w = writer(ctx, ['simple', 'json', 'table']);
  const file = configFile(ctx);
  const config = readConfig(file);
  const settings = mergeSettings(config.contexts[input.name] ?? {}, input.changes);
  const next = { ...config, contexts: { ...config.contexts, [input.name]: settings } };
  writeConfig(file, next);
  await printContext(ctx, view(input.name, settings, inEffect(ctx, next)), w);
}
