/** Range helpers shared by get, del and watch: clientv3's WithPrefix / WithFromKey. */

import { argBytes } from '../core/raw-argv.js';

const NUL = Uint8Array.of(0);

/** A key or value argument as bytes: text in UTF-8 (an argument that was not UTF-8: its bytes), bytes as they are. */
export function utf8(s: string | Uint8Array): Uint8Array {
  return typeof s === 'string' ? (argBytes(s) ?? Buffer.from(s, 'utf8')) : s;
}

/** The end of the range of keys starting with `key` (clientv3 getPrefix). */
export function prefixEnd(key: Uint8Array): Uint8Array {
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i]! < 0xff) {
      // A copy: Buffer#slice would share memory and bump the key itself.
      const end = Uint8Array.prototype.slice.call(key, 0, i + 1);
      end[i]! += 1;
      return end;
    }
  }
  // No key sorts after an all-0xff prefix: "\0" as range_end means "to the end".
  return NUL;
}

export interface KeyRange {
  readonly key: Uint8Array;
  readonly range_end?: Uint8Array;
}

/**
 * The [key, range_end) that etcdctl sends for a key, an optional end argument and
 * --prefix / --from-key (an empty key means every key).
 */
export function keyRange(key: string | Uint8Array, end: string | Uint8Array | undefined, prefix: boolean, fromKey: boolean): KeyRange {
  let k = utf8(key);
  let rangeEnd: Uint8Array | undefined = end === undefined ? undefined : utf8(end);
  if (prefix) {
    if (k.length === 0) {
      k = NUL;
      rangeEnd = NUL;
    } else {
      rangeEnd = prefixEnd(k);
    }
  }
  if (fromKey) {
    if (k.length === 0) k = NUL;
    rangeEnd = NUL;
  }
  return rangeEnd === undefined ? { key: k } : { key: k, range_end: rangeEnd };
}
