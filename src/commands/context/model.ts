import type { CommandContext } from '../../cli/context.js';
import { UnsupportedError } from '../../core/errors.js';
import { configFilePath } from '../../config/path.js';
import { contextName } from '../../config/select.js';
import { maskSettings, type ContextSettings } from '../../config/settings.js';
import type { Config } from '../../config/store.js';
import { columns, drawTable } from '../../output/human/layout.js';
import { createStyle } from '../../output/human/style.js';

/** The settings file of this run (XDG_CONFIG_HOME / APPDATA from the environment given). */
export function configFile(ctx: CommandContext): string {
  return configFilePath(ctx.io.env);
}

/** The context in effect for other commands of this run: --context, ETCDCTL_CONTEXT, `context use`. */
export function inEffect(ctx: CommandContext, config: Config): string | undefined {
  const given = ctx.givenGlobals?.().get('context');
  return contextName(given, ctx.io.env, config);
}

/** One context as `-w json` shows it (README: "Contexts"); passwords masked. */
export interface ContextView {
  readonly name: string;
  readonly current: boolean;
  readonly settings: ContextSettings;
}

export function view(name: string, settings: ContextSettings, current: string | undefined): ContextView {
  return { name, current: name === current, settings: maskSettings(settings) };
}

export function writer(ctx: CommandContext, allowed: readonly string[]): string {
  const w = ctx.global.writeOut;
  if (!allowed.includes(w)) throw new UnsupportedError(`${w} not supported as output format`);
  return w;
}

/** `context show`: one setting per line, or a table of them. */
export async function printContext(ctx: CommandContext, v: ContextView, w: string): Promise<void> {
  const style = await createStyle(ctx.io.colorStdout);
  const rows = Object.keys(v.settings)
    .sort()
    .map((k) => [k, v.settings[k]!]);
  if (w === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(v)}\n`);
  } else if (w === 'table') {
    ctx.io.stdout.write(await drawTable(['SETTING', 'VALUE'], rows, style));
  } else {
    const head = `${style.bold(v.name)}${v.current ? style.ok(' (in use)') : ''}\n`;
    const body = rows.length === 0 ? `  ${style.dim('(no settings: etcdctl\'s defaults)')}\n` : columns(rows.map(([k, val]) => [`${k}:`, val!]), { indent: '  ' });
    ctx.io.stdout.write(head + body);
  }
}
