/** Small JSON helpers shared by the decoders: values are untrusted input, never assumed typed. */

export type JsonObject = { readonly [k: string]: unknown };

/** The parsed value, or undefined when `s` is not JSON. */
export function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field, numbers and booleans shown as text (go-micro v1.10 wrote unix seconds); '' when absent. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The last `/`-separated segment of a key and everything before it (with its trailing `/`). */
export function splitLast(key: string): { head: string; last: string } {
  const i = key.lastIndexOf('/');
  return i < 0 ? { head: '', last: key } : { head: key.slice(0, i + 1), last: key.slice(i + 1) };
}
