import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { readConfig } from '../../config/store.js';
import { columns, drawTable } from '../../output/human/layout.js';
import { createStyle } from '../../output/human/style.js';
import { configFile, inEffect, view, writer } from './model.js';

export function contextListCommand(ctx: CommandContext): Command {
  return new Command('list')
    .summary('Lists the saved contexts')
    .description('Lists the saved contexts with their endpoints; the one in use is marked with *.')
    .argument('[args...]')
    .action((args: string[]) => {
      if (args.length > 0) throw new UsageError('context list command takes no arguments');
      return runContextList(ctx);
    });
}

export async function runContextList(ctx: CommandContext): Promise<void> {
  const w = writer(ctx, ['simple', 'json', 'table']);
  const file = configFile(ctx);
  const config = readConfig(file);
  const current = inEffect(ctx, config);
  const views = Object.keys(config.contexts)
    .sort()
    .map((n) => view(n, config.contexts[n]!, current));
  if (w === 'json') {
    ctx.io.stdout.write(`${JSON.stringify({ file, ...(current === undefined ? {} : { current }), contexts: views })}\n`);
    return;
  }
  const style = await createStyle(ctx.io.colorStdout);
  const endpoints = (v: (typeof views)[number]): string => v.settings.endpoints ?? style.dim('127.0.0.1:2379 (default)');
  if (w === 'table') {
    ctx.io.stdout.write(await drawTable(['CURRENT', 'NAME', 'ENDPOINTS'], views.map((v) => [v.current ? '*' : '', v.name, endpoints(v)]), style));
    return;
  }
  if (views.length === 0) return;
  const rows = views.map((v) => [v.current ? style.ok('*') : ' ', v.current ? style.bold(v.name) : v.name, endpoints(v)]);
  ctx.io.stdout.write(columns([['', style.heading('NAME'), style.heading('ENDPOINTS')], ...rows]));
}
