import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { notFound } from '../../config/select.js';
import { readConfig, writeConfig } from '../../config/store.js';
import { configFile, writer } from './model.js';

export function contextUseCommand(ctx: CommandContext): Command {
  return new Command('use')
    .summary('Makes a context the one commands use')
    .description('Commands use the context NAME from now on, unless ETCDCTL_CONTEXT or --context names another.\nFlags and ETCDCTL_* variables still win over its settings.')
    .usage('<name>')
    .argument('[args...]')
    .action((args: string[]) => runContextUse(parseContextNameArg('use', args), ctx));
}

export function parseContextNameArg(sub: string, args: readonly string[]): string {
  if (args.length !== 1) throw new UsageError(`context ${sub} command needs 1 argument: the context name`);
  return args[0]!;
}

export async function runContextUse(name: string, ctx: CommandContext): Promise<void> {
  const w = writer(ctx, ['simple', 'json']);
  const file = configFile(ctx);
  const config = readConfig(file);
  if (config.contexts[name] === undefined) throw notFound(name, file);
  writeConfig(file, { ...config, current: name });
  ctx.io.stdout.write(w === 'json' ? `${JSON.stringify({ current: name })}\n` : `Using context "${name}"\n`);
  await Promise.resolve();
}
