/**
 * go-micro's etcd registries (registries.md §2): `/micro-registry/<svc>/<node>` (go-plugins
 * etcdv3 ≤ v1.4), `/micro/registry/<svc>/<node>` (everything since) and micro v3's
 * `/micro/registry/<domain>/<svc>/<node>`. The value is the JSON of a registry Service holding
 * one node; field order and presence vary by release, names never change.
 */
import { isObject, parseJson, str, type JsonObject } from './json.js';
import { text, type Entry, type RegNode } from './types.js';

export const GO_MICRO_PREFIXES = ['/micro/registry/', '/micro-registry/'] as const;

/** The go-micro prefix `key` lives under, or undefined. */
export function goMicroPrefix(key: string): string | undefined {
  return GO_MICRO_PREFIXES.find((p) => key.startsWith(p));
}

/** go-micro's key segment for a service name or node id: every `/` becomes `-`. */
export function keySegment(name: string): string {
  return name.replaceAll('/', '-');
}

/** `host:port`, bracketing an IPv6 host. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Metadata as stored (a string map, or null when unset); a missing field is null. */
function metadataOf(v: unknown): unknown {
  return v === undefined ? null : v;
}

function endpointNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((e) => str(e.name));
}

/**
 * Decodes one key under a go-micro prefix: one node per element of `nodes` (normally exactly
 * one). A value that does not decode gives one node carrying `error`, named after the key.
 */
export function decodeGoMicro(e: Entry, prefix: string): RegNode[] {
  const key = text(e.key);
  const segs = key.slice(prefix.length).split('/');
  // Plain: <svc>/<node>; micro v3's domain variant: <domain>/<svc>/<node> (only under /micro/registry/).
  const domain = segs.length === 3 && prefix === '/micro/registry/' ? segs[0] : undefined;
  const keyService = segs.length >= 2 ? segs[segs.length - 2]! : (segs[0] ?? '');
  const keyId = segs.length >= 2 ? segs[segs.length - 1]! : '';
  const base = {
    kind: 'go-micro' as const,
    keyService,
    prefix: domain === undefined ? prefix : `${prefix}${domain}/`,
    ...(domain === undefined ? {} : { domain }),
    keyId,
    key,
    lease: e.lease,
    createRevision: e.create_revision,
    modRevision: e.mod_revision,
  };
  const broken = (error: string): RegNode[] => [
    { ...base, service: keyService, id: keyId, address: '', version: '', metadata: null, endpoints: [], error },
  ];
  if (segs.length < 2 || segs.length > 3 || (segs.length === 3 && domain === undefined)) {
    return broken(`key has ${segs.length} segment${segs.length === 1 ? '' : 's'} after ${prefix}, not <service>/<node>`);
  }
  const v = parseJson(text(e.value));
  if (!isObject(v)) return broken(v === undefined ? 'value is not JSON' : 'value is not a JSON object');
  if (typeof v.name !== 'string' || v.name === '') return broken('value has no service "name"');
  if (!Array.isArray(v.nodes)) return broken('value has no "nodes" array');
  const nodes = v.nodes.filter(isObject);
  if (nodes.length === 0) return broken('value has no node');
  const service = v.name;
  const version = str(v.version);
  const endpoints = endpointNames(v.endpoints);
  return nodes.map((n: JsonObject) => {
    const host = str(n.address);
    // ≤ v1.7.x: bare host in `address` and a separate numeric `port`.
    const legacyPort = n.port !== undefined && n.port !== null && str(n.port) !== '' && str(n.port) !== '0';
    const address = legacyPort ? joinHostPort(host, str(n.port)) : host;
    return {
      ...base,
      service,
      id: str(n.id) === '' ? keyId : str(n.id),
      address,
      version,
      metadata: metadataOf(n.metadata),
      endpoints,
      ...(legacyPort ? { legacyPort } : {}),
    };
  });
}
