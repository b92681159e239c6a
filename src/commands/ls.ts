/**
 * `etcdctl-ts ls`: ours. The children of a prefix, one level (or --depth levels) down, as a
 * hierarchy split on a separator, read without fetching every key below (src/tree/walk.ts).
 */
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { parseInt64 } from '../cli/parse.js';
import { UnsupportedError, UsageError } from '../core/errors.js';
import { utf8 } from '../etcd/range.js';
import { columns, drawTable } from '../output/human/layout.js';
import { createStyle } from '../output/human/style.js';
import { clientTreeReader } from '../tree/reader.js';
import { flatten, kind, label, listingJson } from '../tree/view.js';
import { walkTree, type Listing } from '../tree/walk.js';

export interface LsFlags {
  readonly sep: string;
  readonly recursive: boolean;
  readonly depth: string;
  readonly counts: boolean;
}

export interface LsInput {
  readonly prefix: Uint8Array;
  readonly sep: Uint8Array;
  /** Levels to list; Infinity with -r. */
  readonly depth: number;
  readonly counts: boolean;
}

export function lsCommand(ctx: CommandContext): Command {
  const cmd = new Command('ls')
    .summary('Lists the children of a key prefix, one level down')
    .usage('[options] [prefix]')
    .description(
      [
        'Shows etcd\'s keys as a hierarchy: the children of <prefix> split on --sep, each a key, a',
        'prefix of further keys (shown with the separator after it), or both. It reads one key per',
        'child rather than every key below, so it stays fast on prefixes holding millions of keys.',
        '',
        'A prefix that does not end with the separator gets one ("ls /config" lists /config/).',
        'Without a prefix it lists the top level: "/" stands for every key starting with "/".',
        'Names that are not UTF-8 text (or hold control characters) are shown Go-quoted.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'string', 'sep', '/', 'separator between the levels of a key');
  flag(cmd, 'bool', 'recursive', 'false', 'list every level below the prefix', { short: 'r' });
  flag(cmd, 'int', 'depth', '1', 'number of levels to list');
  flag(cmd, 'bool', 'counts', 'false', 'show how many keys lie below each child');
  return cmd.action((args: string[], opts: LsFlags) => runLs(parseLsArgs(args, opts), ctx));
}

export function parseLsArgs(args: readonly string[], o: LsFlags): LsInput {
  if (args.length > 1) throw new UsageError('ls takes at most one argument: the prefix');
  if (o.sep === '') throw new UsageError('--sep must not be empty');
  const depth = parseInt64(o.depth, 0);
  if (depth < 1n) throw new UsageError(`--depth must be at least 1, got ${o.depth}`);
  if (o.recursive && o.depth !== '1') throw new UsageError('--recursive and --depth cannot be set at the same time, choose one');
  const sep = utf8(o.sep);
  let prefix = args[0] ?? '';
  if (prefix !== '' && !prefix.endsWith(o.sep)) prefix += o.sep;
  return { prefix: utf8(prefix), sep, depth: o.recursive ? Infinity : Number(depth), counts: o.counts };
}

export async function runLs(input: LsInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const format = ctx.global.writeOut;
  if (format !== 'simple' && format !== 'json' && format !== 'table') throw new UnsupportedError(`${format} not supported as output format`);
  const listing = await walkTree(clientTreeReader(client, () => ctx.callOptions), { ...input, signal: ctx.signal });
  ctx.io.stdout.write(format === 'json' ? listingJson(listing) : format === 'table' ? await lsTable(listing, input.counts, ctx) : await lsSimple(listing, input.counts, ctx));
}

async function lsSimple(l: Listing, counts: boolean, ctx: CommandContext): Promise<string> {
  const style = await createStyle(ctx.io.colorStdout);
  const rows = flatten(l.children).map(({ node, depth }) => {
    const text = label(node, l.sep);
    const name = '  '.repeat(depth) + (node.hasChildren ? style.bold(text) : text);
    const note = node.isKey && node.hasChildren ? style.dim('(also a key)') : '';
    return counts ? [name, node.hasChildren ? String(node.count ?? 0n) : '', note] : [name, note];
  });
  // The last column is often empty: no line ends in the padding before it.
  return columns(rows, counts ? { rightAlign: new Set([1]) } : {}).replace(/ +$/gm, '');
}

async function lsTable(l: Listing, counts: boolean, ctx: CommandContext): Promise<string> {
  const style = await createStyle(ctx.io.colorStdout);
  const rows = flatten(l.children).map(({ node, depth }) => {
    const row = ['  '.repeat(depth) + label(node, l.sep), kind(node)];
    return counts ? [...row, String(node.count ?? 0n)] : row;
  });
  return drawTable(counts ? ['NAME', 'TYPE', 'KEYS BELOW'] : ['NAME', 'TYPE'], rows, style);
}
