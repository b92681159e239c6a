/**
 * registries.md §7: which framework wrote a key, decided from the key and value alone, in the
 * reference's order. Keys of no registry (APISIX, CoreDNS, Kubernetes, anything else) are not
 * nodes: decodeEntry returns [] for them.
 */
import { decodeGoMicro, goMicroPrefix } from './go-micro.js';
import { decodeGoZero } from './go-zero.js';
import { decodeGrpcNaming, isGrpcUpdate } from './grpc-naming.js';
import { parseJson } from './json.js';
import { decodeKratos, isKratosInstance, KRATOS_PREFIX } from './kratos.js';
import { text, type Entry, type Kind, type RegNode } from './types.js';

/** The nodes one key holds (normally one); [] when it belongs to no registry. */
export function decodeEntry(e: Entry): RegNode[] {
  const key = text(e.key);
  const micro = goMicroPrefix(key);
  if (micro !== undefined) return decodeGoMicro(e, micro);
  const value = text(e.value);
  // Only values that may be JSON are parsed: most keys of a busy cluster are not registrations.
  const first = value.trimStart()[0];
  const json = first === '{' ? parseJson(value) : undefined;
  if (key.startsWith(KRATOS_PREFIX)) {
    // A value under Kratos' default namespace that does not decode is reported, not skipped.
    return [decodeKratos(e, key, json, json === undefined ? 'value is not JSON' : undefined)];
  }
  if (isKratosInstance(json)) return [decodeKratos(e, key, json)];
  if (isGrpcUpdate(json)) return [decodeGrpcNaming(e, key, json)];
  if (json === undefined && first !== '{') {
    const n = decodeGoZero(e, key, value);
    if (n !== undefined) return [n];
  }
  return [];
}

/** Decodes and keeps the nodes of the given kinds (all when `kinds` is undefined). */
export function decodeEntries(entries: Iterable<Entry>, kinds?: ReadonlySet<Kind>): RegNode[] {
  const out: RegNode[] = [];
  for (const e of entries) {
    for (const n of decodeEntry(e)) if (kinds === undefined || kinds.has(n.kind)) out.push(n);
  }
  return out;
}
