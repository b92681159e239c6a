/**
 * go-zero's `core/discov` (registries.md §4): key `<Etcd.Key>/<lease id in signed decimal>`
 * (or `<Etcd.Key>/<Etcd.ID>`), value the plain-text listen address, a 10 s lease kept alive by
 * a KeepAlive stream.
 */
import { splitLast } from './json.js';
import type { Entry, RegNode } from './types.js';

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.%\w]+\]|[^\s:/[\]{}"]+):\d{1,5}$/;
const INT64 = /^-?\d{1,19}$/;

/** Whether `value` is a bare `host:port` as go-zero writes it. */
export function isHostPort(value: string): boolean {
  return HOST_PORT.test(value);
}

/** The key suffix as go-zero writes a lease id (signed decimal int64), or undefined. */
export function suffixId(suffix: string): bigint | undefined {
  if (!INT64.test(suffix)) return undefined;
  const n = BigInt(suffix);
  return n === BigInt.asIntN(64, n) ? n : undefined;
}

/**
 * A go-zero node when the value is a `host:port` and the key is leased or ends in a decimal id
 * (registries.md §7: the suffix equals the lease, or is Etcd.ID); undefined otherwise.
 */
export function decodeGoZero(e: Entry, key: string, value: string): RegNode | undefined {
  if (!isHostPort(value)) return undefined;
  const { head, last } = splitLast(key);
  if (head === '') return undefined;
  const id = suffixId(last);
  if (e.lease === 0n && id === undefined) return undefined;
  const target = head.slice(0, -1);
  return {
    kind: 'go-zero',
    service: target,
    keyService: target,
    prefix: head,
    id: last,
    keyId: last,
    address: value,
    version: '',
    metadata: null,
    endpoints: [],
    key,
    lease: e.lease,
    createRevision: e.create_revision,
    modRevision: e.mod_revision,
  };
}

/** go-zero writes its lease into the key: a suffix other than the key's lease (unless Etcd.ID is set). */
export function leaseMismatch(n: RegNode): boolean {
  return n.kind === 'go-zero' && suffixId(n.keyId) !== n.lease;
}
