import type { Command } from 'commander';
import type { Compare, RequestOp } from '../client/types.js';
import type { Init } from '../client/wire.js';
import { FlagError, InvalidInputError } from '../core/errors.js';
import { findSub, flagValues, goFlags, parseArgv } from '../cli/flags.js';
import { GoParseError, parseInt64 } from '../cli/parse.js';
import { goQuote, goQuoteString } from '../core/encode.js';
import { utf8 } from '../etcd/range.js';

/**
 * Go's strconv.Unquote for a double-quoted or back-quoted literal; undefined when malformed.
 * Returns bytes, since `\xff` escapes need not be UTF-8.
 */
export function goUnquote(lit: string): Uint8Array | undefined {
  if (lit.length >= 2 && lit.startsWith('`') && lit.endsWith('`')) {
    const body = lit.slice(1, -1);
    return body.includes('`') ? undefined : utf8(body.replace(/\r/g, ''));
  }
  if (lit.length < 2 || !lit.startsWith('"') || !lit.endsWith('"')) return undefined;
  const body = lit.slice(1, -1);
  const out: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      out.push(...utf8(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in simple) {
      out.push(simple[e]!);
      i += 2;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out.push(parseInt(body.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (/[0-7]/.test(e) && /^[0-7]{3}$/.test(body.slice(i + 1, i + 4))) {
      const v = parseInt(body.slice(i + 1, i + 4), 8);
      if (v > 255) return undefined;
      out.push(v);
      i += 4;
    } else if ((e === 'u' || e === 'U') && new RegExp(`^[0-9a-fA-F]{${e === 'u' ? 4 : 8}}$`).test(body.slice(i + 2, i + (e === 'u' ? 6 : 10)))) {
      const n = e === 'u' ? 4 : 8;
      const cp = parseInt(body.slice(i + 2, i + 2 + n), 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      out.push(...utf8(String.fromCodePoint(cp)));
      i += 2 + n;
    } else {
      return undefined;
    }
  }
  return Uint8Array.from(out);
}

/** A scanner over one line with fmt.Sscanf's rules for the verbs etcdctl uses. */
class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}

  private skipSpace(): void {
    while (this.pos < this.s.length && GO_SPACE.test(this.s[this.pos]!)) this.pos++;
  }

  /** %q: a Go quoted string. */
  quoted(): Uint8Array | undefined {
    this.skipSpace();
    const start = this.pos;
    const q = this.s[this.pos];
    if (q === '`') {
      const end = this.s.indexOf('`', start + 1);
      if (end < 0) return undefined;
      this.pos = end + 1;
    } else if (q === '"') {
      let i = start + 1;
      for (; i < this.s.length && this.s[i] !== '"'; i++) if (this.s[i] === '\\') i++;
      if (i >= this.s.length) return undefined;
      this.pos = i + 1;
    } else {
      return undefined;
    }
    return goUnquote(this.s.slice(start, this.pos));
  }

  /** %s: a run of non-space characters. */
  word(): string | undefined {
    this.skipSpace();
    const m = /^[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/.exec(this.s.slice(this.pos));
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  literal(c: string): boolean {
    if (this.s[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  /** A space in the format: one or more spaces in the input, or its end (fmt's rule). */
  space(): boolean {
    if (this.pos < this.s.length && !GO_SPACE.test(this.s[this.pos]!)) return false;
    this.skipSpace();
    return true;
  }
}

/** fmt's isSpace, newlines aside (a txn line has none). */
const GO_SPACE = /[\t\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

const RESULTS: Record<string, Compare['result']> = { '=': 'EQUAL', '!=': 'NOT_EQUAL', '>': 'GREATER', '<': 'LESS' };

const text = (b: Uint8Array | undefined): string => (b === undefined ? '' : Buffer.from(b).toString('utf8'));

/** etcdctl's parseCompare: `<target>("<key>") <op> "<value>"`. */
export function parseCompare(line: string): Init<Compare> {
  const paren = line.indexOf('(');
  if (paren < 0) throw new InvalidInputError(`malformed comparison: ${line}`);
  const target = line.slice(0, paren);
  // fmt.Sscanf(rest, "%q) %s %q", &key, &op, &val)
  const sc = new Scanner(line.slice(paren + 1));
  let key: Uint8Array | undefined;
  let op: string | undefined;
  let val: Uint8Array | undefined;
  let n = 0;
  if ((key = sc.quoted()) !== undefined) {
    n = 1;
    if (sc.literal(')') && sc.space()) {
      if ((op = sc.word()) !== undefined) {
        n = 2;
        if (sc.space() && (val = sc.quoted()) !== undefined) n = 3;
      }
    }
  }
  if (n !== 3) {
    const got = `${target}(${goQuote(key ?? new Uint8Array())}) ${op ?? ''} ${goQuote(val ?? new Uint8Array())}`;
    throw new InvalidInputError(`malformed comparison: ${line}; got ${got}`);
  }
  const result = RESULTS[op!];
  // compat(etcdctl 3.4): an unknown operator makes etcdctl panic; we say what is wrong instead.
  if (result === undefined) throw new InvalidInputError(`malformed comparison: ${line} (unknown operator ${op!})`);
  const base = { key: key!, result };
  const int = (): bigint => {
    try {
      return parseInt64(text(val));
    } catch (err) {
      if (err instanceof GoParseError) throw new InvalidInputError(`invalid txn compare request: ${line}`);
      throw err;
    }
  };
  switch (target) {
    case 'ver':
    case 'version':
      return { ...base, target: 'VERSION', version: int() };
    case 'c':
    case 'create':
      return { ...base, target: 'CREATE', create_revision: int() };
    case 'm':
    case 'mod':
      return { ...base, target: 'MOD', mod_revision: int() };
    case 'val':
    case 'value':
      return { ...base, target: 'VALUE', value: val! };
    case 'lease':
      // compat(etcdctl 3.4 panics here): the lease ID in hex, as etcdctl 3.5 reads it.
      try {
        return { ...base, target: 'LEASE', lease: parseInt64(text(val), 16) };
      } catch (err) {
        if (err instanceof GoParseError) throw new InvalidInputError(`invalid txn compare request: ${line}`);
        throw err;
      }
    default:
      throw new InvalidInputError(`malformed comparison: ${line} (unknown target ${target})`);
  }
}

/**
 * etcdctl's argify, over bytes: double-quoted (Go escapes, so `\xff` is one byte), single-quoted
 * or bare words. A double-quoted word that does not unquote is etcdctl's `Error: invalid syntax`.
 * compat(etcdctl 3.4): a single-quoted token's bytes are cut as t[1 : number_of_tokens-1], the
 * bug that 3.5 fixed (`put k 'x y'` stores "x"); where that slice is out of range 3.4 panics, and
 * we return undefined for the caller to report.
 */
function argifyBytes(line: string): Uint8Array[] | undefined {
  const tokens = line.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\t\n\f\r ][^\t\n\f\r ]*[^'"\t\n\f\r ]?/g) ?? [];
  const out: Uint8Array[] = [];
  for (const t of tokens) {
    if (t.startsWith("'")) {
      const b = utf8(t);
      const end = tokens.length - 1;
      if (end < 1 || end > b.length) return undefined;
      out.push(b.subarray(1, end));
    } else if (t.startsWith('"')) {
      const v = goUnquote(t);
      if (v === undefined) throw new InvalidInputError('invalid syntax');
      out.push(v);
    } else {
      out.push(utf8(t));
    }
  }
  return out;
}

/** argify's words as text (bytes that are not UTF-8 become U+FFFD). */
export function argify(line: string): string[] | undefined {
  return argifyBytes(line)?.map((b) => text(b));
}

/** pflag's FlagUsages, which cobra's default usage prints when an op line has a bad flag. */
function pflagUsages(cmd: Command): string {
  const varname: Record<string, string> = { string: 'string', int: 'int', uint: 'uint', duration: 'duration', stringSlice: 'strings', bool: '' };
  const rows = [...goFlags(cmd).map((f) => ({ name: f.longName, short: f.shortName, kind: f.kind, def: f.goDefault, usage: f.description })), { name: 'help', short: 'h', kind: 'bool' as const, def: 'false', usage: `help for ${cmd.name()}` }]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((f) => {
      let head = f.short === undefined ? `      --${f.name}` : `  -${f.short}, --${f.name}`;
      if (varname[f.kind]) head += ` ${varname[f.kind]}`;
      // pflag judges "zero" by the flag's type: a string flag defaulting to "0" still shows it.
      const zero = { string: [''], bool: ['false'], int: ['0'], uint: ['0'], duration: ['0', '0s'], stringSlice: ['[]'] }[f.kind].includes(f.def);
      const def = zero ? '' : f.kind === 'string' ? ` (default ${goQuoteString(f.def)})` : ` (default ${f.def})`;
      return { head, rest: f.usage + def };
    });
  const max = Math.max(...rows.map((r) => r.head.length + 1));
  return rows.map((r) => `${r.head} ${' '.repeat(max - r.head.length)} ${r.rest}\n`).join('');
}

/** A bad op line; `usage` is cobra's usage text that etcdctl prints first on stderr. */
export class TxnInputError extends InvalidInputError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** The parsers of put, get and del, reused for the op lines of a txn. */
export interface OpParsers {
  readonly root: Command;
  toOp(name: string, args: readonly Uint8Array[], opts: Record<string, string | boolean>): Init<RequestOp>;
}

/**
 * etcdctl's parseRequestUnion: one op line parsed as a put/get/del command line.
 * Returns the op, or throws InvalidInputError (with cobra's usage text for bad flags).
 */
export function parseRequestOp(line: string, parsers: OpParsers): Init<RequestOp> {
  const words = argifyBytes(line);
  if (words === undefined) throw new InvalidInputError(`invalid txn request: ${line}`);
  // compat(etcdctl): this check's message says "compare" although it is about a request.
  if (words.length < 2) throw new InvalidInputError(`invalid txn compare request: ${line}`);
  // The flag parser sees byte strings (one char per byte), so that no byte is lost on the way.
  const args = words.map((b) => Buffer.from(b).toString('latin1'));
  // compat(etcdctl): cobra's prefix matching applies to op lines too (`p k v` is a put).
  const cmd = findSub(parsers.root, args[0]!);
  if (cmd === undefined) throw new InvalidInputError(`invalid txn request: ${line}`);
  let parsed;
  try {
    parsed = parseArgv(parsers.root, args);
  } catch (err) {
    if (err instanceof FlagError) {
      const usage = `Usage:\n   ${cmd.name()} ${cmd.usage()} [flags]\n\nFlags:\n${pflagUsages(cmd)}\n`;
      throw new TxnInputError(`invalid txn request: ${line}`, usage);
    }
    throw err;
  }
  const opts = Object.fromEntries(
    Object.entries(flagValues(cmd, parsed)).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v, 'latin1').toString('utf8') : v]),
  );
  return parsers.toOp(cmd.name(), parsed.args.map((a) => Buffer.from(a, 'latin1')), opts);
}
