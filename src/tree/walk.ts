/**
 * A hierarchy over etcd's flat key space, read cheaply: the children of a prefix, one level at a
 * time, without reading every key below it (etcd-io/etcd#6904, #8864, #10467).
 *
 * One level costs one keys-only, limit-1 request per child plus one: ask for the first key in
 * [cursor, end of prefix); its next separator names a child; move the cursor past that child's
 * whole subtree (prefixEnd of prefix + child + sep) or, for a key without a separator, just past
 * the key. So what the client receives grows with the number of children, not of keys. The server
 * still walks the rest of the range on each request (etcd 3.4 counts it), so no request is spent
 * that is not needed.
 */
import { prefixEnd } from '../etcd/range.js';

const NUL = Uint8Array.of(0);

/** The reads the walker needs; the real one wraps KV.Range, tests use an in-memory one. */
export interface TreeReader {
  /** The first key in [from, end) at `revision` (0: the current one), and the revision read. */
  first(from: Uint8Array, end: Uint8Array, revision: bigint): Promise<{ key: Uint8Array | undefined; revision: bigint }>;
  /** How many keys lie in [from, end) at `revision`. */
  count(from: Uint8Array, end: Uint8Array, revision: bigint): Promise<bigint>;
}

/** One child of a listed prefix. */
export interface TreeNode {
  /** The part of the key between the prefix and the next separator. */
  readonly name: Uint8Array;
  /** prefix + name: the key itself, when isKey. */
  readonly key: Uint8Array;
  /** prefix + name is a key. */
  isKey: boolean;
  /** Keys start with prefix + name + sep. */
  hasChildren: boolean;
  /** With counts: how many keys start with prefix + name + sep. */
  count?: bigint;
  /** Below this child, when the walk went that deep. */
  children?: TreeNode[];
}

export interface TreeOptions {
  readonly prefix: Uint8Array;
  readonly sep: Uint8Array;
  /** Levels to list: 1 is the children only; Infinity descends all the way. */
  readonly depth: number;
  readonly counts: boolean;
  readonly signal?: AbortSignal;
}

export interface Listing {
  readonly prefix: Uint8Array;
  readonly sep: Uint8Array;
  /** Every read was made at this revision. */
  readonly revision: bigint;
  readonly children: TreeNode[];
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Where `needle` first occurs in `hay`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The range below a prefix: [prefix, prefixEnd); the empty prefix is the whole key space. */
export function prefixRange(prefix: Uint8Array): { from: Uint8Array; end: Uint8Array } {
  return prefix.length === 0 ? { from: NUL, end: NUL } : { from: prefix, end: prefixEnd(prefix) };
}

/** The smallest key after `key`. */
const successor = (key: Uint8Array): Uint8Array => concatBytes(key, NUL);

/** `\0` as a range end means "to the end of the key space": nothing sorts after it. */
const isOpenEnd = (end: Uint8Array): boolean => end.length === 1 && end[0] === 0;

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * Lists the children of `o.prefix`, split on `o.sep`, down to `o.depth` levels. Every request
 * after the first reads at the first one's revision, so the listing is one consistent picture.
 */
export async function walkTree(reader: TreeReader, o: TreeOptions): Promise<Listing> {
  let revision = 0n;
  const first = async (from: Uint8Array, end: Uint8Array): Promise<Uint8Array | undefined> => {
    checkAborted(o.signal);
    const r = await reader.first(from, end, revision);
    if (revision === 0n) revision = r.revision;
    return r.key;
  };

  const level = async (prefix: Uint8Array, depth: number): Promise<TreeNode[]> => {
    const { from, end } = prefixRange(prefix);
    const nodes: TreeNode[] = [];
    const byName = new Map<string, TreeNode>();
    const node = (name: Uint8Array): TreeNode => {
      const id = Buffer.from(name).toString('latin1');
      let n = byName.get(id);
      if (n === undefined) {
        n = { name, key: concatBytes(prefix, name), isKey: false, hasChildren: false };
        byName.set(id, n);
        nodes.push(n);
      }
      return n;
    };
    let cursor: Uint8Array | undefined = from;
    while (cursor !== undefined) {
      const key = await first(cursor, end);
      if (key === undefined) break;
      const rest = key.subarray(prefix.length);
      const at = indexOfBytes(rest, o.sep);
      if (rest.length === 0) {
        // The prefix itself is a key: it is not one of its own children.
        cursor = successor(key);
      } else if (at < 0) {
        node(rest).isKey = true;
        cursor = successor(key);
      } else {
        const child = node(rest.subarray(0, at));
        child.hasChildren = true;
        const next = prefixEnd(concatBytes(child.key, o.sep));
        // Nothing sorts after a subtree whose end is open: this child was the last one.
        cursor = isOpenEnd(next) ? undefined : next;
      }
    }
    // A key sorts before the keys below it ("b" < "b.txt" < "b/c"), so first seen is byte order.
    for (const n of nodes) {
      if (!n.hasChildren) {
        if (o.counts) n.count = 0n;
        continue;
      }
      const below = concatBytes(n.key, o.sep);
      if (o.counts) {
        checkAborted(o.signal);
        const r = prefixRange(below);
        n.count = await reader.count(r.from, r.end, revision);
      }
      if (depth > 1) n.children = await level(below, depth - 1);
    }
    return nodes;
  };

  const children = await level(o.prefix, o.depth);
  return { prefix: o.prefix, sep: o.sep, revision, children };
}
