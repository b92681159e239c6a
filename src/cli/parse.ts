import { goQuoteString } from '../core/encode.js';

/**
 * Go's strconv and time parsers, with their error texts: etcdctl prints them verbatim
 * (`bad lease ID (strconv.ParseInt: parsing "xyz": invalid syntax), expecting ID in Hex`).
 */
export class GoParseError extends Error {}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

type Base = 0 | 10 | 16;

/** Go's underscoreOK: with base 0, '_' may only separate digits (after an optional prefix). */
function underscoresOK(s: string): boolean {
  let saw: '^' | '0' | '_' | '!' = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * strconv.ParseUint's scan: digits left to right, a range error as soon as the value overflows
 * (so "99999999999999999999x" is out of range, not invalid), base 0 reading 0x/0o/0b/0 prefixes
 * and '_' separators as pflag's int flags do.
 */
function scanUint(s0: string, body: string, base: Base, max: bigint, fn: string): bigint {
  const syntax = (): never => {
    throw new GoParseError(`${fn}: parsing ${goQuoteString(s0)}: invalid syntax`);
  };
  if (body === '') syntax();
  let b: number = base;
  let s = body;
  let underscores = false;
  if (base === 0) {
    b = 10;
    if (s[0] === '0') {
      if (s.length >= 3 && 'bB'.includes(s[1]!)) {
        b = 2;
        s = s.slice(2);
      } else if (s.length >= 3 && 'oO'.includes(s[1]!)) {
        b = 8;
        s = s.slice(2);
      } else if (s.length >= 3 && 'xX'.includes(s[1]!)) {
        b = 16;
        s = s.slice(2);
      } else {
        b = 8;
        s = s.slice(1);
      }
    }
    underscores = true;
  }
  const bb = BigInt(b);
  let n = 0n;
  for (const c of s) {
    if (c === '_' && underscores) continue;
    const d = /[0-9]/.test(c) ? c.charCodeAt(0) - 48 : /[a-z]/i.test(c) ? c.toLowerCase().charCodeAt(0) - 87 : 99;
    if (d >= b) syntax();
    n = n * bb + BigInt(d);
    if (n > max) throw new GoParseError(`${fn}: parsing ${goQuoteString(s0)}: value out of range`);
  }
  if (underscores && !underscoresOK(body)) syntax();
  return n;
}

/** strconv.ParseInt(s, base, 64); base 0 is what pflag's int flags use. */
export function parseInt64(s: string, base: Base = 10): bigint {
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body.startsWith('-');
    body = body.slice(1);
  }
  const max = neg ? INT64_MAX + 1n : INT64_MAX;
  const v = scanUint(s, body, base, UINT64_MAX, 'strconv.ParseInt');
  if (v > max) throw new GoParseError(`strconv.ParseInt: parsing ${goQuoteString(s)}: value out of range`);
  return neg ? -v : v;
}

/** strconv.ParseUint(s, base, 64). */
export function parseUint64(s: string, base: Base = 10): bigint {
  return scanUint(s, s, base, UINT64_MAX, 'strconv.ParseUint');
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new GoParseError(`strconv.ParseBool: parsing ${goQuoteString(s)}: invalid syntax`);
}

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** The time package's quote: bytes outside printable ASCII as \x escapes (unlike strconv). */
function timeQuote(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (byte >= 0x80 || byte < 0x20) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else if (c === '"' || c === '\\') out += `\\${c}`;
    else out += c;
  }
  return `${out}"`;
}

/** time.ParseDuration in nanoseconds: Go's grammar, truncation of sub-nanosecond fractions and overflow checks. */
export function parseGoDurationNs(s: string): bigint {
  const invalid = (): never => {
    throw new GoParseError(`time: invalid duration ${timeQuote(s)}`);
  };
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') invalid();
  const limit = 1n << 63n;
  let total = 0n;
  while (rest !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest)!;
    const whole = num[1]!;
    const frac = num[2];
    if (whole === '' && (frac === undefined || frac === '')) invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new GoParseError(`time: missing unit in duration ${timeQuote(s)}`);
    const scale = UNIT_NS[unit];
    if (scale === undefined) throw new GoParseError(`time: unknown unit ${timeQuote(unit)} in duration ${timeQuote(s)}`);
    rest = rest.slice(unit.length);
    const v = BigInt(whole || '0');
    if (v > limit / scale) invalid();
    let d = v * scale;
    if (frac !== undefined && frac !== '') {
      // Go keeps as many fraction digits as fit and truncates the nanoseconds.
      d += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    }
    total += d;
    if (total > limit) invalid();
  }
  if (!neg && total > limit - 1n) invalid();
  return neg ? -total : total;
}

/** time.ParseDuration, in milliseconds. */
export function parseGoDuration(s: string): number {
  return Number(parseGoDurationNs(s)) / 1e6;
}

/** pflag's StringSlice: one line of CSV (quoted fields may hold commas; "" is a quote). */
export function parseStringSlice(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
