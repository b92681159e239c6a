/** What `ls` shows of a Listing: text for people, and the JSON document of the README. */
import { base64, goQuote } from '../core/encode.js';
import type { Listing, TreeNode } from './walk.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, or undefined when they are not valid UTF-8. */
export function utf8Text(b: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(b);
  } catch {
    return undefined;
  }
}

/**
 * A name as a person reads it: the text itself, or Go's quoted form ("\xff", "a\nb") when it is
 * not valid UTF-8 or holds control characters, so that a listing never garbles the terminal and
 * every line is one child.
 */
export function displayName(b: Uint8Array): string {
  const s = utf8Text(b);
  // eslint-disable-next-line no-control-regex
  return s !== undefined && !/[\u0000-\u001f\u007f-\u009f]/.test(s) ? s : goQuote(b);
}

/** One line of a listing, in walk order: a child and how deep it sits. */
export interface Row {
  readonly node: TreeNode;
  readonly depth: number;
}

export function flatten(nodes: readonly TreeNode[], depth = 0, out: Row[] = []): Row[] {
  for (const node of nodes) {
    out.push({ node, depth });
    if (node.children !== undefined) flatten(node.children, depth + 1, out);
  }
  return out;
}

/** A child's label: its name, with the separator after it when keys lie below it. */
export function label(node: TreeNode, sep: Uint8Array): string {
  return node.hasChildren ? displayName(new Uint8Array([...node.name, ...sep])) : displayName(node.name);
}

/** What a child is: a key, a prefix of keys, or both. */
export function kind(node: TreeNode): string {
  if (node.isKey && node.hasChildren) return 'key, prefix';
  return node.isKey ? 'key' : 'prefix';
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Text as `<field>`, bytes that are not UTF-8 as `<field>_base64`. */
function bytesField(field: string, b: Uint8Array): Record<string, string> {
  const s = utf8Text(b);
  return s === undefined ? { [`${field}_base64`]: base64(b) } : { [field]: s };
}

function nodeJson(n: TreeNode): JsonValue {
  return {
    ...bytesField('name', n.name),
    ...bytesField('key', n.key),
    is_key: n.isKey,
    has_children: n.hasChildren,
    ...(n.count === undefined ? {} : { count: Number(n.count) }),
    ...(n.children === undefined ? {} : { children: n.children.map(nodeJson) }),
  };
}

/** The `-w json` document of `ls` (schema in the README). */
export function listingJson(l: Listing): string {
  const doc = {
    ...bytesField('prefix', l.prefix),
    revision: Number(l.revision),
    children: l.children.map(nodeJson),
  };
  return `${JSON.stringify(doc)}\n`;
}
