import type { Command } from 'commander';
import { goQuoteString } from '../core/encode.js';
import { RELEASE } from '../core/release.js';
import { ADDITIONS } from './additions.js';
import { findSub, goFlags, type GoFlag } from './flags.js';
import { isOwn } from './own-commands.js';

export const VERSION = '3.4.23';
export const API_VERSION = '3.4';

/**
 * Go's text/tabwriter with etcdctl's settings (minwidth 0, tabwidth 8, padding 1, padchar '\t'):
 * a column's cells in a run of adjacent lines are padded with tabs to a common width.
 */
export function tabwrite(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths = computeWidths(lines);
  return lines
    .map((cells, li) =>
      cells
        .map((cell, ci) => {
          if (ci === cells.length - 1) return cell;
          // padchar '\t': the cell is rounded up to a multiple of the tab width and filled with tabs.
          const cellw = Math.ceil(widths[li]![ci]! / 8) * 8;
          return cell + '\t'.repeat(Math.ceil((cellw - [...cell].length) / 8));
        })
        .join(''),
    )
    .join('\n');
}

/** Width of every terminated cell: the widest cell of its block (adjacent lines sharing the column) + padding. */
function computeWidths(lines: string[][]): number[][] {
  const result = lines.map((l) => new Array<number>(Math.max(0, l.length - 1)).fill(0));
  const walk = (column: number, line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      let end = i;
      let width = 0;
      for (; end < line1 && column < lines[end]!.length - 1; end++) {
        width = Math.max(width, [...lines[end]![column]!].length + 1);
      }
      for (let k = i; k < end; k++) result[k]![column] = width;
      walk(column + 1, i, end);
      i = end - 1;
    }
  };
  walk(0, 0, lines.length);
  return result;
}

function flagLine(f: GoFlag): string {
  const head = f.shortName === undefined ? `      --${f.longName}` : `  -${f.shortName}, --${f.longName}`;
  let def: string;
  if (f.kind === 'bool') def = `[=${f.goDefault}]`;
  else if (f.kind === 'string') def = `=${goQuoteString(f.goDefault)}`;
  else def = `=${f.goDefault}`;
  return `${head}${def}\t${f.description}`;
}

function helpLine(cmd: Command): string {
  return `  -h, --help[=false]\thelp for ${cmd.name()}`;
}

function flagBlock(lines: { name: string; text: string }[]): string {
  return lines
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((l) => `${l.text}\n`)
    .join('');
}

function visibleFlags(cmd: Command): GoFlag[] {
  return goFlags(cmd).filter((f) => !f.hidden);
}

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function runnable(cmd: Command): boolean {
  return (cmd as unknown as { _actionHandler?: unknown })._actionHandler != null;
}

/** Runnable commands below `cmd`, depth first, each level sorted by name (cobra's order). */
function descendants(cmd: Command): Command[] {
  // cobra lists available commands only; ours have a section of their own (ownSection).
  const sorted = [...cmd.commands]
    .filter((c) => (isOwn(cmd) || !isOwn(c)) && !(c as unknown as { _hidden?: boolean })._hidden)
    .sort((a, b) => (a.name() < b.name() ? -1 : 1));
  return sorted.flatMap((c) => (c.commands.length > 0 ? descendants(c) : runnable(c) ? [c] : []));
}

/** etcdctl's usage text for `cmd`, byte for byte (its own template through tabwriter). */
export function helpText(cmd: Command, o: { helpFlag?: boolean } = {}): string {
  const parent = cmd.parent;
  // Only a usage set on purpose: commander would otherwise make one up (`[options] [command]`).
  const use = (cmd as unknown as { _usage?: string })._usage ?? '';
  // cobra's DisableFlagsInUseLine (etcdctl's `completion bash`) leaves out " [flags]".
  const flagsWord = (cmd as unknown as { disableFlagsInUseLine?: boolean }).disableFlagsInUseLine ? '' : ' [flags]';
  let useLine = `${parent === null ? cmd.name() : `${commandPath(parent)} ${cmd.name()}`}${use ? ` ${use}` : ''}${flagsWord}`;
  // Our commands are not etcdctl's: their usage names the program users run.
  if (isOwn(cmd)) useLine = useLine.replace(/^etcdctl /, 'etcdctl-ts ');
  // compat(etcdctl): a subcommand is named by its path below the root (`lease grant`).
  const name = parent === null || parent.parent === null ? cmd.name() : `${commandPath(parent).split(' ').slice(1).join(' ')} ${cmd.name()}`;
  let t = `NAME:\n\t${name} - ${cmd.summary()}\n\nUSAGE:\n\t${useLine}\n`;
  if (parent === null) t += `\nVERSION:\n\t${VERSION}\n`;
  if (cmd.commands.length > 0) {
    t += `\nAPI VERSION:\n\t${API_VERSION}\n`;
    t += '\n\nCOMMANDS:\n';
    const base = commandPath(cmd);
    for (const c of descendants(cmd)) t += `\t${commandPath(c).slice(base.length + 1)}\t${c.summary()}\n`;
  }
  const long = cmd.description();
  if (long) {
    t += '\nDESCRIPTION:\n';
    for (const line of long.trim().split('\n')) t += `\t${line}\n`;
  }
  const local = [
    ...visibleFlags(cmd).map((f) => ({ name: f.longName, text: flagLine(f) })),
    ...(o.helpFlag === false ? [] : [{ name: 'help', text: helpLine(cmd) }]),
  ];
  t += `\nOPTIONS:\n${flagBlock(local)}`;
  const inherited: GoFlag[] = [];
  for (let p = parent; p !== null; p = p.parent) inherited.push(...visibleFlags(p));
  if (inherited.length > 0) {
    t += `\nGLOBAL OPTIONS:\n${flagBlock(inherited.map((f) => ({ name: f.longName, text: flagLine(f) })))}`;
  }
  return tabwrite(t + '\n') + (parent === null ? ownSection(cmd) : '');
}

/**
 * Root help's part after etcdctl's text: our commands and what we add to etcdctl's, under a
 * heading naming the etcdctl-ts release (`version` prints etcdctl's lines for scripts).
 */
function ownSection(root: Command): string {
  const own = root.commands.filter((c) => isOwn(c) && !(c as unknown as { _hidden?: boolean })._hidden).sort((a, b) => (a.name() < b.name() ? -1 : 1));
  let t = `ETCDCTL-TS ${RELEASE} COMMANDS (not in etcdctl; full names only):\n`;
  for (const c of own) {
    const leaves = c.commands.length > 0 ? [...c.commands].sort((a, b) => (a.name() < b.name() ? -1 : 1)) : [c];
    for (const l of leaves) t += `\t${commandPath(l).slice(root.name().length + 1)}\t${l.summary()}\n`;
  }
  if (ADDITIONS.length > 0) {
    t += '\nETCDCTL-TS ADDITIONS TO ETCDCTL:\n';
    for (const [what, text] of ADDITIONS) t += `\t${what}\t${text}\n`;
  }
  return tabwrite(t + '\n');
}

/** Go's %#q for one string: back-quoted where strconv.CanBackquote allows, else double-quoted. */
function goBackquote(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s) ? goQuoteString(s) : `\`${s}\``;
}

/**
 * `etcdctl help [command...]`: the command is found as on a command line (prefix matching, words
 * after a leaf ignored). compat(etcdctl 3.4): when the first word names no command, cobra says
 * "Unknown help topic" on stderr and prints the root usage without its `-h, --help` line (the
 * help flag is only added to the command that runs), exit 0.
 */
export function helpTopic(root: Command, args: readonly string[]): { stdout: string; stderr: string } {
  let cmd = root;
  for (const word of args) {
    if (cmd.commands.length === 0) break;
    const sub = findSub(cmd, word);
    if (sub === undefined) {
      if (cmd !== root) break;
      return { stdout: helpText(root, { helpFlag: false }), stderr: `Unknown help topic [${args.map(goBackquote).join(' ')}]\n` };
    }
    cmd = sub;
  }
  return { stdout: helpText(cmd), stderr: '' };
}
