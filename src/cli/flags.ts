import { Option, type Command } from 'commander';
import { goQuoteString } from '../core/encode.js';
import { FlagError } from '../core/errors.js';
import { GoParseError, parseGoBool, parseGoDuration, parseInt64, parseUint64 } from './parse.js';
import { isOwn } from './own-commands.js';

/** The value kinds of etcdctl's flags (pflag types). */
export type FlagKind = 'bool' | 'string' | 'int' | 'uint' | 'duration' | 'stringSlice';

/**
 * A commander Option that also knows its pflag type and default text, so the argv layer can
 * parse it with pflag's rules and the help can print it as cobra does (`--limit=0`,
 * `--prefix[=false]`, `--consistency="l"`).
 */
export class GoFlag extends Option {
  constructor(
    readonly kind: FlagKind,
    readonly longName: string,
    readonly shortName: string | undefined,
    /** The default as pflag prints it: `false`, `0`, `5s`, `l`, `[127.0.0.1:2379]`. */
    readonly goDefault: string,
    usage: string,
  ) {
    const head = shortName === undefined ? `--${longName}` : `-${shortName}, --${longName}`;
    super(kind === 'bool' ? head : `${head} <value>`, usage);
    this.default(kind === 'bool' ? goDefault === 'true' : goDefault);
    // pflag names are literal: `--no-password` is a flag of its own, not commander's negation.
    this.negate = false;
  }
}

export interface FlagSpec {
  readonly short?: string;
  readonly hidden?: boolean;
}

/** Declares a flag on `cmd` the way etcdctl declares it with pflag. */
export function flag(cmd: Command, kind: FlagKind, name: string, goDefault: string, usage: string, spec: FlagSpec = {}): Command {
  const opt = new GoFlag(kind, name, spec.short, goDefault, usage);
  if (spec.hidden) opt.hideHelp();
  cmd.addOption(opt);
  if (kind === 'bool') cmd.addOption(new Option(`--no-${name}`).hideHelp());
  return cmd;
}

export function goFlags(cmd: Command): GoFlag[] {
  return cmd.options.filter((o): o is GoFlag => o instanceof GoFlag);
}

/** Checks a flag value with pflag's parser for its kind; returns pflag's error text or undefined. */
function checkValue(f: GoFlag, value: string): string | undefined {
  try {
    switch (f.kind) {
      case 'int':
        parseInt64(value, 0);
        break;
      case 'uint':
        parseUint64(value, 0);
        break;
      case 'duration':
        parseGoDuration(value);
        break;
      case 'bool':
        parseGoBool(value);
        break;
      default:
        break;
    }
    return undefined;
  } catch (err) {
    if (err instanceof GoParseError) return `invalid argument ${goQuoteString(value)} for ${goQuoteString(flagDisplay(f))} flag: ${err.message}`;
    throw err;
  }
}

function flagDisplay(f: GoFlag): string {
  return f.shortName === undefined ? `--${f.longName}` : `-${f.shortName}, --${f.longName}`;
}

/** The result of parsing argv with cobra's and pflag's rules. */
export interface ParsedArgv {
  /** Commands from the root to the one to run. */
  readonly path: readonly Command[];
  /** argv for commander: command names, canonical flags, `--`, positional arguments. */
  readonly argv: readonly string[];
  readonly args: readonly string[];
  readonly help: boolean;
  /** Long names of flags given on the command line. */
  readonly given: ReadonlySet<string>;
  /** The last value given for each flag, by long name: booleans for bool flags, text otherwise. */
  readonly values: ReadonlyMap<string, string | boolean>;
  /** Values of subcommand flags named like a global flag (`cluster wait --key`), not in argv. */
  readonly shadowed: ReadonlyMap<GoFlag, string | boolean>;
}

/** Flag values for `cmd` as commander's opts() would hold them: given values, else defaults. */
export function flagValues(cmd: Command, parsed: ParsedArgv): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of goFlags(cmd)) {
    out[f.attributeName()] = parsed.values.get(f.longName) ?? (f.kind === 'bool' ? f.goDefault === 'true' : f.goDefault);
  }
  return out;
}

/** The subcommand of `cmd` that `token` names, exactly or as an unambiguous prefix. */
export function findSub(cmd: Command, token: string): Command | undefined {
  const subs = cmd.commands;
  const exact = subs.find((c) => c.name() === token || c.aliases().includes(token));
  if (exact !== undefined) return exact;
  // compat(etcdctl): cobra.EnablePrefixMatching — any unambiguous prefix names a command. Our
  // own commands take part only by full name, so etcdctl's abbreviations keep their meaning.
  const matches = subs.filter((c) => !isOwn(c) && c.name().startsWith(token));
  return matches.length === 1 && token !== '' ? matches[0] : undefined;
}

function commandFlags(path: readonly Command[]): Map<string, GoFlag> {
  const byName = new Map<string, GoFlag>();
  for (const c of path) {
    for (const f of goFlags(c)) {
      byName.set(`--${f.longName}`, f);
      if (f.shortName !== undefined) byName.set(`-${f.shortName}`, f);
    }
  }
  return byName;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * cobra's SuggestionsFor: a Levenshtein distance of at most 2, or a prefix. Among etcdctl's
 * commands only, so an unknown command's message stays etcdctl's.
 */
function suggestions(cmd: Command, typed: string): string[] {
  const t = typed.toLowerCase();
  return cmd.commands
    .filter((c) => !isOwn(c) && !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => c.name())
    .filter((n) => levenshtein(t, n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(t));
}

function unknownCommand(root: Command, token: string): FlagError {
  let msg = `unknown command "${token}" for "${root.name()}"`;
  const s = suggestions(root, token);
  if (s.length > 0) msg += `\n\nDid you mean this?\n${s.map((n) => `\t${n}\n`).join('')}`;
  return new FlagError(msg, undefined, `Run '${root.name()} --help' for usage.`);
}

/**
 * Parses argv as cobra and pflag do: prefix-matched command names, flags anywhere (global ones
 * at every level), `--flag=value` and `--flag value`, `--bool=false`, `-w json`, `-wjson`,
 * `--` ending flags. Errors carry pflag's texts.
 */
export function parseArgv(root: Command, input: readonly string[]): ParsedArgv {
  // Pass 1: the command path, skipping flags and the values of flags that take one.
  const path: Command[] = [root];
  for (let i = 0; i < input.length; i++) {
    const tok = input[i]!;
    if (tok === '--') break;
    if (tok.startsWith('-') && tok !== '-') {
      const f = commandFlags(path).get(tok.startsWith('--') ? tok.split('=')[0]! : tok.slice(0, 2));
      // compat(etcdctl): cobra's stripFlags takes the next word as the value of any flag that is not
      // a known bool flag, unknown ones and -h/--help included: `etcdctl --bogus get k` names command "k".
      if ((f === undefined || f.kind !== 'bool') && !tok.includes('=') && (tok.startsWith('--') || tok.length === 2)) i++;
      continue;
    }
    const cur = path[path.length - 1]!;
    if (cur.commands.length === 0) break;
    const sub = findSub(cur, tok);
    if (sub === undefined) {
      if (cur === root) throw unknownCommand(root, tok);
      break;
    }
    path.push(sub);
  }

  // Pass 2: every flag against the flags of the whole path; the rest are positional arguments.
  const flags = commandFlags(path);
  const out: string[] = [];
  const args: string[] = [];
  const given = new Set<string>();
  const values = new Map<string, string | boolean>();
  let help = false;
  let depth = 1;
  const leaf = path[path.length - 1]!;
  const fail = (msg: string): never => {
    throw new FlagError(msg, path.slice(1).map((c) => c.name()));
  };
  // A subcommand's flag named like a global one (`cluster wait --key`) shadows it, as a local
  // flag does in cobra: commander gets it, the global flag keeps its own value and ETCDCTL_*.
  const globalNames = new Set(goFlags(root).map((g) => g.longName));
  const shadowed = new Map<GoFlag, string | boolean>();
  const emit = (f: GoFlag, value: string | undefined): void => {
    if (globalNames.has(f.longName) && !goFlags(root).includes(f)) {
      // commander would hand it to the root command, which has an option of that name.
      shadowed.set(f, f.kind === 'bool' ? (value === undefined ? true : parseGoBool(value)) : value!);
      return;
    }
    given.add(f.longName);
    if (f.kind === 'bool') {
      const v = value === undefined ? true : parseGoBool(value);
      values.set(f.longName, v);
      out.push(v ? `--${f.longName}` : `--no-${f.longName}`);
    } else {
      // pflag's StringSlice appends when given again: `--endpoints=a --endpoints=b` is [a b].
      const prev = f.kind === 'stringSlice' ? values.get(f.longName) : undefined;
      values.set(f.longName, typeof prev === 'string' ? `${prev},${value!}` : value!);
      out.push(`--${f.longName}=${value!}`);
    }
  };

  for (let i = 0; i < input.length; i++) {
    const tok = input[i]!;
    if (tok === '--') {
      args.push(...input.slice(i + 1));
      break;
    }
    if (tok.startsWith('--') && tok.length > 2) {
      if (tok[2] === '-' || tok[2] === '=') fail(`bad flag syntax: ${tok}`);
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      let value = eq < 0 ? undefined : tok.slice(eq + 1);
      if (name === 'help') {
        help = value === undefined || helpValue(value, fail);
        continue;
      }
      const f = flags.get(`--${name}`);
      if (f === undefined) fail(`unknown flag: --${name}`);
      if (f!.kind !== 'bool' && value === undefined) {
        if (i + 1 >= input.length) fail(`flag needs an argument: --${name}`);
        value = input[++i]!;
      }
      if (value !== undefined) {
        const err = checkValue(f!, value);
        if (err !== undefined) fail(err);
      }
      emit(f!, value);
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      // A run of shorthands: bool ones may be combined; one taking a value ends the run.
      let rest = tok.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        rest = rest.slice(1);
        if (c === 'h') {
          if (rest.startsWith('=')) {
            help = helpValue(rest.slice(1), fail);
            rest = '';
          } else help = true;
          continue;
        }
        const f = flags.get(`-${c}`);
        // pflag names the shorthands left from the bad one on: `-hx` → "'x' in -x".
        if (f === undefined) fail(`unknown shorthand flag: '${c}' in -${c}${rest}`);
        let value: string | undefined;
        if (rest.startsWith('=')) {
          value = rest.slice(1);
          rest = '';
        } else if (f!.kind !== 'bool') {
          if (rest.length > 0) {
            value = rest;
            rest = '';
          } else {
            if (i + 1 >= input.length) fail(`flag needs an argument: '${c}' in -${c}`);
            value = input[++i]!;
          }
        }
        if (value !== undefined) {
          const err = checkValue(f!, value);
          if (err !== undefined) fail(err);
        }
        emit(f!, value);
      }
      continue;
    }
    // Command names found in pass 1 come first, in order; everything else is an argument.
    if (depth < path.length && findSub(path[depth - 1]!, tok) === path[depth]) {
      depth++;
      continue;
    }
    args.push(tok);
  }

  const names = path.slice(1).map((c) => c.name());
  return { path, argv: [...names, ...out, '--', ...args], args, help: help || (leaf.commands.length > 0 && !hasAction(leaf)), given, values, shadowed };
}

/** The value of `--help=<v>`: cobra's help flag is a pflag bool named "-h, --help". */
function helpValue(value: string, fail: (msg: string) => never): boolean {
  try {
    return parseGoBool(value);
  } catch (err) {
    if (err instanceof GoParseError) fail(`invalid argument ${goQuoteString(value)} for "-h, --help" flag: ${err.message}`);
    throw err;
  }
}

function hasAction(cmd: Command): boolean {
  return (cmd as unknown as { _actionHandler?: unknown })._actionHandler != null;
}
