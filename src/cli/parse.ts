import { goQuoteString } from '../output/encode.js';

/**
 * Go's strconv and time parsers, with their error texts: etcdctl prints them verbatim
 * (`bad lease ID (strconv.ParseInt: parsing "xyz": invalid syntax), expecting ID in Hex`).
 */
export class GoParseError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function digitsValid(s: string, base: 10 | 16): boolean {
  return base === 10 ? /^[0-9]+$/.test(s) : /^[0-9a-fA-F]+$/.test(s);
}

/** strconv.ParseInt(s, base, 64). */
export function parseInt64(s: string, base: 10 | 16 = 10): bigint {
  const fn = 'strconv.ParseInt';
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body.startsWith('-');
    body = body.slice(1);
  }
  if (!digitsValid(body, base)) throw new GoParseError(`${fn}: parsing ${goQuoteString(s)}: invalid syntax`);
  const v = BigInt(base === 16 ? `0x${body}` : body) * (neg ? -1n : 1n);
  if (v < INT64_MIN || v > INT64_MAX) throw new GoParseError(`${fn}: parsing ${goQuoteString(s)}: value out of range`);
  return v;
}

/** strconv.ParseUint(s, base, 64). */
export function parseUint64(s: string, base: 10 | 16 = 10): bigint {
  const fn = 'strconv.ParseUint';
  if (!digitsValid(s, base)) throw new GoParseError(`${fn}: parsing ${goQuoteString(s)}: invalid syntax`);
  const v = BigInt(base === 16 ? `0x${s}` : s);
  if (v > UINT64_MAX) throw new GoParseError(`${fn}: parsing ${goQuoteString(s)}: value out of range`);
  return v;
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new GoParseError(`strconv.ParseBool: parsing ${goQuoteString(s)}: invalid syntax`);
}

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign
  'μs': 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, returned in milliseconds (fractions kept). */
export function parseGoDuration(s: string): number {
  const invalid = (): never => {
    throw new GoParseError(`time: invalid duration ${goQuoteString(s)}`);
  };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') invalid();
  let total = 0;
  while (rest !== '') {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(rest)!;
    const whole = num[1] ?? '';
    const frac = num[2] ?? '';
    if (whole === '' && (frac === '' || frac === '.')) invalid();
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]+/.exec(rest)?.[0];
    if (unit === undefined) throw new GoParseError(`time: missing unit in duration ${goQuoteString(s)}`);
    const scale = UNITS[unit];
    if (scale === undefined) throw new GoParseError(`time: unknown unit ${goQuoteString(unit)} in duration ${goQuoteString(s)}`);
    rest = rest.slice(unit.length);
    total += Number(`${whole || '0'}${frac === '.' ? '' : frac}`) * scale;
  }
  return sign * total;
}

/** pflag's StringSlice: comma-separated values, each trimmed of surrounding spaces. */
export function parseStringSlice(s: string): string[] {
  if (s === '') return [];
  return s.split(',').map((p) => p.trim());
}
