/**
 * Kratos' `contrib/registry/etcd` (registries.md §5): key `<namespace>/<name>/<id>` (namespace
 * `/microservices` by default), value a JSON ServiceInstance: `id`, `name`, `version`,
 * `metadata`, `endpoints` (URL strings).
 */
import { isObject, str, type JsonObject } from './json.js';
import type { Entry, RegNode } from './types.js';

export const KRATOS_PREFIX = '/microservices/';

/** Whether `v` looks like a ServiceInstance: string `id` and `name`, `endpoints` an array of strings. */
export function isKratosInstance(v: unknown): v is JsonObject {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    Array.isArray(v.endpoints) &&
    v.endpoints.every((x) => typeof x === 'string')
  );
}

/** `<namespace>/`, the name segment and the id segment of a Kratos key. */
function keyParts(key: string): { prefix: string; keyService: string; keyId: string } {
  const segs = key.split('/');
  const keyId = segs.pop() ?? '';
  const keyService = segs.pop() ?? '';
  return { prefix: segs.length === 0 ? '' : `${segs.join('/')}/`, keyService, keyId };
}

/** One Kratos node; `v` undefined (or not an instance) gives a node carrying `error`. */
export function decodeKratos(e: Entry, key: string, v: unknown, why = 'value is not a Kratos ServiceInstance'): RegNode {
  const { prefix, keyService, keyId } = keyParts(key);
  const base = { kind: 'kratos' as const, keyService, prefix, keyId, key, lease: e.lease, createRevision: e.create_revision, modRevision: e.mod_revision };
  if (!isKratosInstance(v)) {
    return { ...base, service: keyService, id: keyId, address: '', version: '', metadata: null, endpoints: [], error: why };
  }
  const endpoints = (v.endpoints as string[]).slice();
  return {
    ...base,
    service: v.name as string,
    id: v.id as string,
    address: endpoints.join(','),
    version: str(v.version),
    metadata: v.metadata ?? null,
    endpoints,
  };
}
