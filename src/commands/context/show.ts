import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { notFound } from '../../config/select.js';
import { readConfig } from '../../config/store.js';
import { configFile, inEffect, printContext, view, writer } from './model.js';

export function contextShowCommand(ctx: CommandContext): Command {
  return new Command('show')
    .summary('Shows the settings of a context (passwords masked)')
    .description('Shows the settings saved as NAME, or of the context in use when no NAME is given.')
    .usage('[name]')
    .argument('[args...]')
    .action((args: string[]) => runContextShow(parseContextShowArgs(args), ctx));
}

export function parseContextShowArgs(args: readonly string[]): string | undefined {
  if (args.length > 1) throw new UsageError('context show command takes at most 1 argument: the context name');
  return args[0];
}

export async function runContextShow(name: string | undefined, ctx: CommandContext): Promise<void> {
  const w = writer(ctx, ['simple', 'json', 'table']);
  const file = configFile(ctx);
  const config = readConfig(file);
  const current = inEffect(ctx, config);
  const shown = name ?? current;
  if (shown === undefined) throw new UsageError(`no context is in use (see etcdctl-ts context list; ${file})`);
  const settings = config.contexts[shown];
  if (settings === undefined) throw notFound(shown, file);
  await printContext(ctx, view(shown, settings, current), w);
}
