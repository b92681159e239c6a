// Byte- and number-to-text encodings that must reproduce Go's output exactly: strconv.Quote (%q),
// encoding/json strings, fmt's %x family, time.Duration.String and go-humanize's Bytes.

/** Go `strconv.Quote` (the `%q` verb) of bytes interpreted as a Go string. */
export function goQuote(b: Uint8Array): string {
  // Output is built as UTF-8 bytes and decoded once: per-character string concatenation is several
  // times slower on megabyte values. No escape is longer than 4 bytes per input byte (`\xhh`).
  const out = new Uint8Array(b.length * 4 + 2);
  let o = 0;
  out[o++] = 0x22;
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      const esc = QUOTE_ESCAPES[c];
      if (esc === undefined) out[o++] = c;
      else o = putAscii(out, o, esc);
      i++;
      continue;
    }
    const r = decodeRune(b, i);
    if (r < 0) {
      o = putAscii(out, o, '\\x' + HEX2[c]!);
      i++;
      continue;
    }
    const width = runeLen(r);
    if (isGoPrint(r)) {
      for (let k = 0; k < width; k++) out[o++] = b[i + k]!;
    } else if (r < 0x10000) o = putAscii(out, o, '\\u' + r.toString(16).padStart(4, '0'));
    else o = putAscii(out, o, '\\U' + r.toString(16).padStart(8, '0'));
    i += width;
  }
  out[o++] = 0x22;
  return utf8Decoder.decode(out.subarray(0, o));
}

/** Go `strconv.Quote` of a JS string, after encoding it as UTF-8. */
export function goQuoteString(s: string): string {
  return goQuote(utf8Encoder.encode(s));
}

/** Go `encoding/json` string literal (HTML-safe escaping, invalid UTF-8 as `\ufffd`). */
export function goJsonString(b: Uint8Array | string): string {
  const bytes = typeof b === 'string' ? utf8Encoder.encode(b) : b;
  // `\u00XX` and `\ufffd` are the longest escapes: 6 bytes for one input byte.
  const out = new Uint8Array(bytes.length * 6 + 2);
  let o = 0;
  out[o++] = 0x22;
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      const esc = JSON_ESCAPES[c];
      if (esc === undefined) out[o++] = c;
      else o = putAscii(out, o, esc);
      i++;
      continue;
    }
    const r = decodeRune(bytes, i);
    if (r < 0) {
      o = putAscii(out, o, '\\ufffd');
      i++;
      continue;
    }
    const width = runeLen(r);
    // Go escapes these two because JavaScript before ES2019 took them for line terminators.
    if (r === 0x2028 || r === 0x2029) o = putAscii(out, o, '\\u' + r.toString(16));
    else for (let k = 0; k < width; k++) out[o++] = bytes[i + k]!;
    i += width;
  }
  out[o++] = 0x22;
  return utf8Decoder.decode(out.subarray(0, o));
}

/** Standard base64 with `=` padding, as Go's encoding/json writes `[]byte`. */
export function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** The `--hex` form of the simple writer: every byte as lower-case `\xhh`. */
export function hexEscape(b: Uint8Array): string {
  const out = Buffer.allocUnsafe(b.length * 4);
  for (let i = 0, o = 0; i < b.length; i++, o += 4) {
    const c = b[i]!;
    out[o] = 0x5c;
    out[o + 1] = 0x78;
    out[o + 2] = HEX_DIGITS[c >> 4]!;
    out[o + 3] = HEX_DIGITS[c & 0xf]!;
  }
  return out.toString('latin1');
}

/** Go `%x` of an integer: lower-case hex, a negative value as `-` and its magnitude. */
export function hexId(n: bigint): string {
  return n < 0n ? '-' + (-n).toString(16) : n.toString(16);
}

/** Go `%016x`: hex zero-padded to 16 characters (the sign counts towards the width). */
export function hexId016(n: bigint): string {
  return n < 0n ? '-' + (-n).toString(16).padStart(15, '0') : n.toString(16).padStart(16, '0');
}

/** Go `%16x`: hex space-padded on the left to 16 characters. */
export function hexId16(n: bigint): string {
  return hexId(n).padStart(16, ' ');
}

/** Go `time.Duration(ns).String()`, e.g. `1h0m0s`, `2m3.5s`, `836.139µs`. */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  // Go negates in uint64, so the magnitude of math.MinInt64 still prints correctly.
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = fixedPoint(u, 3) + '\u00b5s';
    else out = fixedPoint(u, 6) + 'ms';
  } else {
    out = fixedPoint(u % 60_000_000_000n, 9) + 's';
    u /= 60_000_000_000n;
    if (u > 0n) {
      out = `${u % 60n}m` + out;
      u /= 60n;
      if (u > 0n) out = `${u}h` + out;
    }
  }
  return neg ? '-' + out : out;
}

/** go-humanize `Bytes`: SI units, one decimal below 10, e.g. `999 B`, `1.2 MB`, `20 kB`. */
export function humanizeBytes(n: bigint | number): string {
  const s = typeof n === 'bigint' ? n : BigInt(n);
  if (s < 0n) throw new RangeError(`humanizeBytes: negative size ${s}`);
  if (s < 10n) return `${s} B`;
  // Same float64 steps as go-humanize (math.Log, math.Pow, math.Floor): sizes near a power of
  // 1000 round the way Go does, e.g. 999999 → "1000 kB".
  const f = Number(s);
  const e = Math.floor(Math.log(f) / Math.log(1000));
  const val = Math.floor((f / POW1000[e]!) * 10 + 0.5) / 10;
  return `${goFormatFixed(val, val < 10 ? 1 : 0)} ${SI_SUFFIXES[e]!}`;
}

/** Go `%v` of a `[]string`: `[a b c]`, `[]` when empty. */
export function goStringSlice(items: readonly string[]): string {
  return '[' + items.join(' ') + ']';
}

/** A JSON number for an integer, exact beyond 2^53 (Go marshals int64/uint64 as bare digits). */
export function goJsonNumber(n: bigint | number): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isInteger(n)) throw new RangeError(`goJsonNumber: not an integer: ${n}`);
  // BigInt avoids the exponent form String() uses from 1e21 on.
  return BigInt(n).toString();
}

// ---------------------------------------------------------------------------------------------

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

const QUOTE_SHORT: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/** The `%q` escape of each ASCII byte, or undefined when it is printed as is. */
const QUOTE_ESCAPES: readonly (string | undefined)[] = Array.from(
  { length: 0x80 },
  (_, c) => QUOTE_SHORT[c] ?? (c < 0x20 || c === 0x7f ? '\\x' + HEX2[c]! : undefined),
);

// compat(etcdctl 3.4): Go 1.19's encoding/json has no `\b`/`\f` short forms (Go 1.22 added them),
// escapes `<>&` for HTML safety, and leaves DEL (0x7f) as is.
const JSON_SHORT: Readonly<Record<number, string>> = {
  0x09: '\\t',
  0x0a: '\\n',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/** The JSON escape of each ASCII byte, or undefined when it is written as is. */
const JSON_ESCAPES: readonly (string | undefined)[] = Array.from(
  { length: 0x80 },
  (_, c) =>
    JSON_SHORT[c] ??
    (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 ? '\\u00' + HEX2[c]! : undefined),
);

const SI_SUFFIXES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;
const POW1000 = [1, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18] as const;

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Writes an ASCII string into `out` at `o`; returns the next offset. */
function putAscii(out: Uint8Array, o: number, s: string): number {
  for (let k = 0; k < s.length; k++) out[o++] = s.charCodeAt(k);
  return o;
}

function runeLen(r: number): number {
  return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
}

/**
 * Decodes the multi-byte UTF-8 sequence at `i` with Go's `utf8.DecodeRune` rules, or returns -1
 * where Go yields `RuneError` of width 1 (overlong forms, surrogates, > U+10FFFF, truncation).
 */
function decodeRune(b: Uint8Array, i: number): number {
  const c0 = b[i]!;
  let size: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c0 < 0xc2) return -1;
  else if (c0 < 0xe0) size = 2;
  else if (c0 < 0xf0) {
    size = 3;
    if (c0 === 0xe0) lo = 0xa0;
    else if (c0 === 0xed) hi = 0x9f;
  } else if (c0 < 0xf5) {
    size = 4;
    if (c0 === 0xf0) lo = 0x90;
    else if (c0 === 0xf4) hi = 0x8f;
  } else return -1;
  if (i + size > b.length) return -1;
  const c1 = b[i + 1]!;
  if (c1 < lo || c1 > hi) return -1;
  if (size === 2) return ((c0 & 0x1f) << 6) | (c1 & 0x3f);
  const c2 = b[i + 2]!;
  if (c2 < 0x80 || c2 > 0xbf) return -1;
  if (size === 3) return ((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
  const c3 = b[i + 3]!;
  if (c3 < 0x80 || c3 > 0xbf) return -1;
  return ((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
}

/** `u / 10^prec` in decimal; `trim` drops trailing fractional zeros (and then a bare `.`). */
function fixedPoint(u: bigint, prec: number, trim = true): string {
  const digits = u.toString().padStart(prec + 1, '0');
  const int = digits.slice(0, digits.length - prec);
  let frac = digits.slice(digits.length - prec);
  if (trim) frac = frac.replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

/**
 * Go `%.<prec>f` of a finite non-negative float64: rounds the exact binary value, ties to even
 * (`Number#toFixed` sends ties up, so 20.5 would become "21" instead of Go's "20").
 */
function goFormatFixed(x: number, prec: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp2: number;
  if (biasedExp === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = biasedExp - 1075;
  }
  // x * 10^prec = mant * 10^prec * 2^exp2, rounded to an integer.
  let scaled = mant * 10n ** BigInt(prec);
  if (exp2 >= 0) scaled <<= BigInt(exp2);
  else {
    const den = 1n << BigInt(-exp2);
    const q = scaled / den;
    const twiceRem = (scaled % den) * 2n;
    scaled = twiceRem > den || (twiceRem === den && (q & 1n) === 1n) ? q + 1n : q;
  }
  return fixedPoint(scaled, prec, false);
}

// compat(etcdctl 3.4): `%q` keeps a rune literal only if Go 1.19's unicode.IsPrint
// (Unicode 13.0.0) says so; Node's `\p{…}` classes follow a newer Unicode and would leave ~16k
// later-assigned runes unescaped. The table was derived by quoting every code point through
// etcdctl 3.4.23 (`get -w fields`): base-36 lengths of alternating runs, starting with a
// non-printable run at U+0000.
const PRINT_RUNS =
  'w,2n,y,c,1,ju,2,6,4,7,1,1,1,k,1,b1,1,12,2,1e,2,3,1,1j,8,r,4,6,h,m,2,5b,1,1c,2,1n,2,2t,e,1n,2,' +
  '1d,2,f,1,s,2,1,1,b,1h,l,1,i,b,f,1,4h,1,8,2,2,2,m,1,7,1,1,3,4,2,9,2,2,2,4,8,1,4,2,1,5,2,p,2,3,' +
  '1,6,4,2,2,m,1,7,1,2,1,2,1,2,2,1,1,5,4,2,2,3,3,1,7,4,1,1,7,h,a,3,1,9,1,3,1,m,1,7,1,2,1,5,2,a,' +
  '1,3,1,3,2,1,f,4,2,c,7,7,1,3,1,8,2,2,2,m,1,7,1,2,1,5,2,9,2,2,2,3,7,3,4,2,1,5,2,i,a,2,1,6,3,3,' +
  '1,4,3,2,1,1,1,2,3,2,3,3,3,c,4,5,3,3,1,4,2,1,6,1,e,l,5,d,1,3,1,n,1,g,3,8,1,3,1,4,7,2,1,3,5,4,' +
  '2,a,7,m,1,3,1,n,1,a,1,5,2,9,1,3,1,4,7,2,7,1,1,4,2,a,1,2,d,d,1,3,1,1f,1,3,1,6,4,g,2,q,1,3,1,i,' +
  '3,o,1,9,1,1,2,7,3,1,4,6,1,1,1,8,6,a,2,3,c,1m,4,t,11,2,1,1,1,5,1,o,1,1,1,n,2,5,1,1,1,6,2,a,2,' +
  '4,w,20,1,10,4,13,1,10,1,f,1,d,11,5i,1,1,5,1,2,ah,1,4,2,7,1,1,1,4,2,15,1,4,2,x,1,4,2,7,1,1,1,' +
  '4,2,f,1,1l,1,4,2,1v,2,w,3,q,6,2e,2,6,2,hs,1,s,3,2h,7,d,1,7,b,n,9,k,c,d,1,3,1,2,c,2m,2,a,6,a,' +
  '6,e,2,a,6,2h,7,17,5,1y,a,v,1,c,4,c,4,1,3,16,2,5,b,18,4,q,6,b,3,1q,2,1t,1,t,2,b,6,a,6,e,2,h,' +
  '1r,24,4,19,3,38,8,1o,3,f,3,1o,7,17,2,b,8,17,5,6y,1,7v,2,6,2,12,2,6,2,8,1,1,1,1,1,1,1,v,2,1h,' +
  '1,f,1,e,2,6,1,j,2,3,1,9,h,o,8,1b,h,2,2,r,1,d,3,w,g,x,f,3w,4,if,p,b,l,1ec,2,w,1,48,1,1b,1,44,' +
  '5,19,1,1,5,1,2,1k,7,2,e,o,9,7,1,7,1,7,1,7,1,7,1,7,1,7,1,7,1,37,19,q,1,2h,c,5y,q,c,5,1r,1,2e,' +
  '2,2v,5,17,1,2m,1,2c,c,1b,1,lp9,3,wd,3,1j,9,9o,k,54,8,5c,2,9,16,1k,3,a,6,1k,8,1y,8,c,6,38,b,u,' +
  '3,26,1,b,4,x,1,1j,9,e,2,a,2,2v,o,s,a,6,2,6,2,6,9,7,1,7,1,1o,4,3i,2,a,6,8mc,c,n,4,1d,6is,a6,2,' +
  '2y,12,7,c,5,5,q,1,5,1,1,1,2,1,2,1,3g,h,a5,g,1s,2,1i,14,e,2,q,6,1f,1,j,1,4,4,5,1,3r,4,5a,3,6,' +
  '2,6,2,6,2,3,3,7,1,7,d,2,2,c,1,q,1,j,1,2,1,f,2,e,y,3f,5,3,4,19,3,2g,1,d,3,1,1b,1a,3m,t,3,1d,f,' +
  's,4,10,9,u,5,17,5,u,1,11,4,e,16,4e,2,a,6,10,4,10,4,14,8,1g,b,1,40,8n,9,m,a,8,48,6,2,1,1,18,1,' +
  '2,3,1,2,n,1,20,8,9,1c,j,1,2,5,x,3,r,5,1,1s,1k,4,k,2,1e,1,2,5,8,1,3,1,t,2,3,4,a,7,9,7,1s,w,13,' +
  '4,c,9,1i,3,t,2,r,5,q,7,4,c,7,28,21,1j,1f,d,1f,7,1a,8,a,86,v,1,16,1,3,2,2,26,14,8,16,2e,s,k,n,' +
  '9,26,4,u,f,1q,1,4,e,p,7,a,6,1h,1,i,8,13,9,2o,1,k,b,i,1,18,1t,7,1,1,1,4,1,f,1,b,6,1n,5,a,6,4,' +
  '1,8,2,2,2,m,1,7,1,2,1,5,1,a,2,2,2,3,2,1,6,1,5,7,2,7,3,5,3v,2k,1,5,u,20,8,a,4m,1i,2,12,y,1x,b,' +
  'a,6,d,j,1l,7,a,1i,r,2,f,4,g,5c,1o,2s,2b,c,8,2,1,2,8,1,2,1,u,1,2,2,c,9,a,1y,8,2,1a,2,b,r,20,8,' +
  '2b,t,1l,7b,9,1,19,1,e,a,t,3,w,2,m,1,e,21,7,1,2,1,18,3,1,1,2,1,9,8,a,6,6,1,2,1,11,1,2,1,6,7,a,' +
  '8m,p,53,1,f,1e,d,pn,2u,33,1,5,b,5g,24c,tr,34h,g7,6nt,ft,7,v,1,a,4,2,2o,u,2,6,a,1y,a,a,1,7,1,' +
  'l,5,j,j4,2j,2t,23,4,1l,7,h,1s,5,b,2,e,4qg,8,ye,16,9,6wn,7z,1d,3,h,4,8,b0,1s4,2z,5,d,3,9,7,a,' +
  '2,4,3ts,6u,a,13,2,22,8,32,n,1y,4a,k,c,2f,9,p,3r,2d,1,1z,1,2,2,1,2,2,2,4,1,c,1,1,1,7,1,1t,1,4,' +
  '2,8,1,7,1,s,1,4,1,5,1,1,3,7,1,9g,2,84,2,ji,f,5,1,f,11s,7,1,h,2,7,1,2,1,5,5x,19,3,e,2,a,4,2,' +
  'a8,1m,5,1,zk,5h,2,g,15,24,4,a,4,2,lt,1w,24,1p,5e,4,1,r,1,2,1,1,2,1,1,a,1,4,1,1,1,1,6,1,4,1,1,' +
  '1,1,1,1,3,1,2,1,1,2,1,1,1,1,1,1,1,1,1,1,2,1,1,2,4,1,7,1,4,1,4,1,1,1,a,1,h,5,3,1,5,1,h,1g,2,' +
  '7i,18,4,2s,c,f,2,f,1,f,1,11,a,4u,1k,t,d,18,4,9,7,2,e,6,4a,rc,8,d,3,d,3,38,c,2h,7,c,k,c,4,1k,' +
  '8,a,6,14,8,u,2,2,26,3d,1,2a,1,3r,c,e,2,5,3,3,5,7,9,p,7,7,9,3,d,7,15,43,1,1j,11,a,sm,wym,y,' +
  '379,b,66,2,4g2,e,5rl,2e7,f2,15u,3t7,fcmt,6o,47bk';

let printRunStarts: Uint32Array | undefined;

function isGoPrint(r: number): boolean {
  if (printRunStarts === undefined) {
    const lengths = PRINT_RUNS.split(',');
    printRunStarts = new Uint32Array(lengths.length);
    let start = 0;
    for (let i = 0; i < lengths.length; i++) {
      printRunStarts[i] = start;
      start += parseInt(lengths[i]!, 36);
    }
  }
  // Index of the last run starting at or before r; odd runs are the printable ones.
  let lo = 0;
  let hi = printRunStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (printRunStarts[mid]! <= r) lo = mid;
    else hi = mid - 1;
  }
  return (lo & 1) === 1;
}
