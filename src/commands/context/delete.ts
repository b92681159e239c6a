import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { notFound } from '../../config/select.js';
import { readConfig, writeConfig } from '../../config/store.js';
import { configFile, writer } from './model.js';
import { parseContextNameArg } from './use.js';

export function contextDeleteCommand(ctx: CommandContext): Command {
  return new Command('delete')
    .summary('Deletes a saved context')
    .description('Removes the context NAME from the config file; if it was the one in use, no context is in use.')
    .usage('<name>')
    .argument('[args...]')
    .action((args: string[]) => runContextDelete(parseContextNameArg('delete', args), ctx));
}

export async function runContextDelete(name: string, ctx: CommandContext): Promise<void> {
  const w = writer(ctx, ['simple', 'json']);
  const file = configFile(ctx);
  const config = readConfig(file);
  if (config.contexts[name] === undefined) throw notFound(name, file);
  const contexts = Object.fromEntries(Object.entries(config.contexts).filter(([n]) => n !== name));
  writeConfig(file, config.current === name ? { contexts } : { ...config, contexts });
  ctx.io.stdout.write(w === 'json' ? `${JSON.stringify({ deleted: name })}\n` : `Deleted context "${name}"\n`);
  await Promise.resolve();
}
