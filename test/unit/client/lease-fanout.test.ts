import { describe, expect, it } from 'vitest';

import { plainAuthority } from '../../../src/client/lease-fanout.js';

// Leases are asked over a bare HTTP/2 connection only where the client would send the very same
// requests: plain text, no token (src/client/lease-fanout.ts; the fan-out itself is in
// test/e2e/registry.e2e.test.ts, against etcd).
describe('the lease fan-out', () => {
  it.each([
    ['127.0.0.1:2379', false, false, 'http://127.0.0.1:2379'],
    ['http://localhost:2379', true, false, 'http://localhost:2379'],
    ['127.0.0.1:2379', true, false, undefined],
    ['https://127.0.0.1:2379', false, false, undefined],
    ['unix://sock', false, false, undefined],
    ['127.0.0.1:2379', false, true, undefined],
  ])('lease fast path for %s (tls %s, auth %s)', (ep, tls, auth, want) => {
    expect(plainAuthority(ep, { tls, auth })).toBe(want);
  });
});
