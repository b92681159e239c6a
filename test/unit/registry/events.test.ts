import { describe, expect, it } from 'vitest';
import type { Event, KeyValue } from '../../../src/client/types.js';
import { changes, classify, toEvent } from '../../../src/registry/events.js';
import { GO_MICRO_V2, UUID } from './fixtures.js';

const KEY = `/micro/registry/go.micro.srv.greeter/go.micro.srv.greeter-${UUID}`;
const kv = (o: Partial<KeyValue> & { value?: string | Uint8Array }): KeyValue => ({
  key: Buffer.from(KEY),
  create_revision: 10n,
  mod_revision: o.mod_revision ?? 10n,
  version: o.version ?? 1n,
  lease: o.lease ?? 0n,
  value: typeof o.value === 'string' ? Buffer.from(o.value) : (o.value ?? new Uint8Array()),
});
const all = () => true;

describe('registry watch events', () => {
  it('a create is up', () => {
    const ev: Event = { type: 'PUT', kv: kv({ value: GO_MICRO_V2, lease: 7n }) };
    const [p] = classify(ev, all);
    expect(toEvent(p!, undefined)).toEqual({
      event: 'up',
      kind: 'go-micro',
      service: 'go.micro.srv.greeter',
      node: `go.micro.srv.greeter-${UUID}`,
      address: '10.0.0.5:40417',
      key: KEY,
      revision: 10n,
      reason: '',
    });
  });

  it('a later put is changed, with what changed', () => {
    const moved = GO_MICRO_V2.replace('10.0.0.5:40417', '10.0.0.5:40418');
    const [p] = classify({ type: 'PUT', kv: kv({ value: moved, version: 2n, mod_revision: 11n, lease: 7n }), prev_kv: kv({ value: GO_MICRO_V2, lease: 7n }) }, all);
    expect(toEvent(p!, undefined)).toMatchObject({ event: 'changed', revision: 11n, reason: 'address 10.0.0.5:40417 → 10.0.0.5:40418' });
  });

  it('down: lease gone → expired or revoked; lease alive → deregistered; no lease', () => {
    const del = (lease: bigint): Event => ({ type: 'DELETE', kv: { ...kv({ mod_revision: 12n }), value: new Uint8Array() }, prev_kv: kv({ value: GO_MICRO_V2, lease }) });
    const [gone] = classify(del(0x1an), all);
    expect(toEvent(gone!, { ttl: -1n, granted: 0n })).toMatchObject({ event: 'down', address: '10.0.0.5:40417', revision: 12n, reason: 'lease 000000000000001a expired or revoked' });
    expect(toEvent(gone!, { ttl: 50n, granted: 90n }).reason).toBe('deregistered: key deleted while lease 000000000000001a lived (50s left)');
    const [none] = classify(del(0n), all);
    expect(toEvent(none!, undefined).reason).toBe('key deleted (node had no lease)');
  });

  it('a delete whose previous value is gone still names the node from its key', () => {
    const [p] = classify({ type: 'DELETE', kv: kv({ mod_revision: 13n }) }, all);
    expect(toEvent(p!, undefined)).toMatchObject({ event: 'down', service: 'go.micro.srv.greeter', reason: 'key deleted (previous value compacted: lease unknown)' });
  });

  it('keys of no registry, and nodes outside the filter, are not events', () => {
    expect(classify({ type: 'PUT', kv: { ...kv({ value: 'x' }), key: Buffer.from('/other/key') } }, all)).toEqual([]);
    expect(classify({ type: 'PUT', kv: kv({ value: GO_MICRO_V2 }) }, (n) => n.service === 'other')).toEqual([]);
  });

  it('a re-put of the same value', () => {
    const [p] = classify({ type: 'PUT', kv: kv({ value: GO_MICRO_V2, version: 3n }), prev_kv: kv({ value: GO_MICRO_V2 }) }, all);
    expect(changes(p!.before!, p!.node)).toBe('re-registered, nothing changed');
  });
});
