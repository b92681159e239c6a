import type { Command } from 'commander';
import { findSub, goFlags, type GoFlag } from '../cli/flags.js';

/** cobra's ShellCompDirective bits, which our scripts read from the last line (`:<n>`). */
export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
} as const;

export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** What lives in the cluster and can be offered for a word. */
export type LookupKind = 'keys' | 'leases' | 'members' | 'services' | 'contexts';

export interface Completion {
  readonly candidates: readonly Candidate[];
  readonly directive: number;
  /** Candidates still to fetch (from the cluster, or the config file), filtered by `prefix`. */
  readonly lookup?: { readonly kind: LookupKind; readonly prefix: string };
  /** The words before the one completed, for the global flags a lookup must honour. */
  readonly before: readonly string[];
}

/** The commands whose first argument is looked up, by command path. */
const DYNAMIC: Readonly<Record<string, LookupKind>> = {
  get: 'keys',
  del: 'keys',
  put: 'keys',
  watch: 'keys',
  // Ours: a prefix to list, a key to edit.
  ls: 'keys',
  edit: 'keys',
  'lease revoke': 'leases',
  'lease timetolive': 'leases',
  'lease keep-alive': 'leases',
  'member remove': 'members',
  'member update': 'members',
  'member promote': 'members',
  'registry get': 'services',
};

/** Commands whose argument is a file: the shell's own file completion. */
const FILE_ARGS = new Set(['snapshot save', 'snapshot status', 'snapshot restore']);

const WRITERS = ['fields', 'json', 'protobuf', 'simple', 'table'];

const hidden = (c: Command): boolean => Boolean((c as unknown as { _hidden?: boolean })._hidden);

function flagsOf(path: readonly Command[]): Map<string, GoFlag> {
  const m = new Map<string, GoFlag>();
  for (const c of path) {
    for (const f of goFlags(c)) {
      m.set(`--${f.longName}`, f);
      if (f.shortName !== undefined) m.set(`-${f.shortName}`, f);
    }
  }
  return m;
}

const startsWith = (prefix: string) => (c: Candidate) => c.value.startsWith(prefix);

/** Candidates for the value of flag `f`, the word being `cur`. */
function flagValue(f: GoFlag, cur: string, before: readonly string[], valuePrefix = ''): Completion {
  const offer = (values: Candidate[]): Completion => ({
    candidates: values.map((c) => ({ ...c, value: valuePrefix + c.value })).filter(startsWith(valuePrefix + cur)),
    directive: Directive.NoFileComp,
    before,
  });
  switch (f.longName) {
    case 'write-out':
      return offer(WRITERS.map((value) => ({ value })));
    case 'cacert':
    case 'cert':
    case 'key':
    case 'data-dir':
    case 'etcd-binary':
      return { candidates: [], directive: Directive.Default, before };
    case 'context':
      return { candidates: [], directive: Directive.NoFileComp, lookup: { kind: 'contexts', prefix: cur }, before };
    default:
      return f.kind === 'bool' ? offer(['true', 'false'].map((value) => ({ value }))) : { candidates: [], directive: Directive.NoFileComp, before };
  }
}

/**
 * Static completion of `args` (the words after the program name; the last is the word being
 * completed, '' after a space) against the command tree: commands, subcommands, flags, flag values;
 * and which lookup, if any, gives the rest.
 */
export function complete(root: Command, args: readonly string[]): Completion {
  const words = args.slice(0, -1);
  const cur = args[args.length - 1] ?? '';
  const path: Command[] = [root];
  const names: string[] = [];
  const positionals: string[] = [];
  let dashdash = false;
  let unknownPath = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!dashdash && w === '--') {
      dashdash = true;
      continue;
    }
    if (!dashdash && w.startsWith('-') && w !== '-') {
      const f = flagsOf(path).get(w.startsWith('--') ? w.split('=')[0]! : w.slice(0, 2));
      if (f !== undefined && f.kind !== 'bool' && !w.includes('=') && (w.startsWith('--') || w.length === 2)) i++;
      continue;
    }
    const leaf = path[path.length - 1]!;
    if (positionals.length === 0 && !unknownPath && leaf.commands.length > 0) {
      const sub = findSub(leaf, w);
      if (sub !== undefined) {
        path.push(sub);
        names.push(sub.name());
        continue;
      }
      // A command this build does not have (`registry` before it lands): go by its name.
      if (leaf === root || names.length > 0) {
        names.push(w);
        unknownPath = true;
        continue;
      }
    }
    if (unknownPath && names.length < 2) {
      names.push(w);
      continue;
    }
    positionals.push(w);
  }
  const before = words;
  const leaf = path[path.length - 1]!;
  const flags = flagsOf(path);

  // The value of a flag given as the previous word: `-w <TAB>`, `--cacert <TAB>`.
  const prev = words[words.length - 1];
  if (!dashdash && prev !== undefined && prev.startsWith('-') && !prev.includes('=')) {
    const f = flags.get(prev.startsWith('--') ? prev : prev.slice(0, 2));
    if (f !== undefined && f.kind !== 'bool' && (prev.startsWith('--') || prev.length === 2)) return flagValue(f, cur, before);
  }

  if (!dashdash && cur.startsWith('-')) {
    const eq = cur.indexOf('=');
    if (eq > 0) {
      const f = flags.get(cur.slice(0, eq));
      return f === undefined ? { candidates: [], directive: Directive.NoFileComp, before } : flagValue(f, cur.slice(eq + 1), before, cur.slice(0, eq + 1));
    }
    const seen = new Set<string>();
    const out: Candidate[] = [];
    for (const c of [...path].reverse()) {
      for (const f of goFlags(c)) {
        if (seen.has(f.longName)) continue;
        seen.add(f.longName);
        out.push({ value: `--${f.longName}`, description: f.description });
      }
    }
    out.push({ value: '--help', description: `help for ${leaf.name()}` });
    return { candidates: out.filter(startsWith(cur)).sort((a, b) => (a.value < b.value ? -1 : 1)), directive: Directive.NoFileComp, before };
  }

  if (!unknownPath && leaf.commands.length > 0 && positionals.length === 0) {
    const subs = leaf.commands.filter((c) => !hidden(c)).map((c) => ({ value: c.name(), description: c.summary() }));
    return { candidates: subs.filter(startsWith(cur)).sort((a, b) => (a.value < b.value ? -1 : 1)), directive: Directive.NoFileComp, before };
  }

  const key = names.join(' ');
  if (key === 'help') return complete(root, [...words.slice(words.indexOf('help') + 1), cur]);
  if (FILE_ARGS.has(key)) return { candidates: [], directive: Directive.Default, before };
  const kind = DYNAMIC[key];
  if (kind !== undefined && positionals.length === 0) return { candidates: [], directive: Directive.NoFileComp, lookup: { kind, prefix: cur }, before };
  return { candidates: [], directive: Directive.NoFileComp, before };
}

/** The protocol our scripts read: one `value<TAB>description` line per candidate, then `:<directive>`. */
export function formatCompletion(candidates: readonly Candidate[], directive: number): string {
  const clean = (s: string): string => s.replace(/[\t\n\r]/g, ' ');
  return `${candidates.map((c) => (c.description ? `${c.value}\t${clean(c.description)}` : c.value)).join('\n')}${candidates.length > 0 ? '\n' : ''}:${directive}\n`;
}
