import type { EtcdClient } from '../client/client.js';
import { prefixEnd, utf8 } from '../etcd/range.js';
import type { Candidate, LookupKind } from './engine.js';

/** At most this many candidates come from the cluster: a shell list, not an export. */
export const LIMIT = 200;

/** go-micro's registry prefixes (both: fleets mixing old and new plugins use both). */
const REGISTRY_PREFIXES = ['/micro/registry/', '/micro-registry/'];

/** A candidate the shell can take: one line, no tab. */
const usable = (s: string): boolean => !/[\t\n\r]/.test(s);

async function keys(client: EtcdClient, prefix: string, signal: AbortSignal, limit = LIMIT): Promise<string[]> {
  const k = utf8(prefix);
  const range = k.length === 0 ? { key: Uint8Array.of(0), range_end: Uint8Array.of(0) } : { key: k, range_end: prefixEnd(k) };
  const resp = await client.kv.range({ ...range, keys_only: true, limit: BigInt(limit), serializable: true }, { signal });
  return resp.kvs.map((kv) => Buffer.from(kv.key).toString('utf8'));
}

/** Candidates of `kind` starting with `prefix`, from the cluster behind `client`. */
export async function lookup(client: EtcdClient, kind: Exclude<LookupKind, 'contexts'>, prefix: string, signal: AbortSignal): Promise<Candidate[]> {
  switch (kind) {
    case 'keys':
      return (await keys(client, prefix, signal)).filter(usable).map((value) => ({ value }));
    case 'leases': {
      const resp = await client.lease.leaseLeases({}, { signal });
      // As etcdctl prints them (`lease grant`, `lease list`): %016x.
      return resp.leases
        .map((l) => l.ID.toString(16).padStart(16, '0'))
        .filter((id) => id.startsWith(prefix.toLowerCase()))
        .sort()
        .slice(0, LIMIT)
        .map((value) => ({ value }));
    }
    case 'members': {
      const resp = await client.cluster.memberList({}, { signal });
      // As `member list` prints them: %x.
      return resp.members
        .map((m) => ({ value: m.ID.toString(16), description: `${m.name || '(unstarted)'} ${m.peerURLs.join(',')}` }))
        .filter((c) => c.value.startsWith(prefix.toLowerCase()));
    }
    case 'services': {
      const names = new Set<string>();
      for (const p of REGISTRY_PREFIXES) {
        for (const key of await keys(client, p + prefix, signal, 1000)) {
          const name = key.slice(p.length).split('/')[0]!;
          if (name !== '' && usable(name)) names.add(name);
        }
      }
      return [...names].sort().slice(0, LIMIT).map((value) => ({ value }));
    }
  }
}
