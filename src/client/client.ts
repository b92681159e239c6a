import { KV, services, type RangeRequest } from './generated/proto.js';
import { Transport, type CallOptions, type ClientConfig } from './transport.js';
import type { Init, Method } from './wire.js';
import type { LeaseTtl } from './lease-fanout.js';

/** The call shape of one RPC: Promise for unary, AsyncIterable for streams. */
export type Call<M> =
  M extends Method<infer Req, infer Res, infer CS, infer SS>
    ? CS extends true
      ? (requests: AsyncIterable<Init<Req>>, o?: CallOptions) => AsyncIterable<Res>
      : SS extends true
        ? (req: Init<Req>, o?: CallOptions) => AsyncIterable<Res>
        : (req: Init<Req>, o?: CallOptions) => Promise<Res>
    : never;

type Services = typeof services;

/** One method per RPC, grouped by service: `client.kv.range(…)`, `client.lease.leaseGrant(…)`. */
export type EtcdClient = { readonly [S in keyof Services]: { readonly [M in keyof Services[S]]: Call<Services[S][M]> } } & {
  /** The endpoint calls go to first (moves on when an endpoint is unreachable). */
  readonly activeEndpoint: string;
  /** Authenticates now, within the dial timeout, when the config has a user and password. */
  login(o?: CallOptions): Promise<void>;
  /** KV.Range, resolving with the undecoded RangeResponse bytes (see src/fast-range/). */
  rangeRaw(req: Init<RangeRequest>, o?: CallOptions): Promise<Uint8Array>;
  /**
   * KV.Range, its undecoded RangeResponse bytes handed to `onData` as they arrive (see
   * Transport.unaryFragments): `get` prints a large response while the rest is on its way.
   */
  rangeFragments(req: Init<RangeRequest>, onData: (chunk: Uint8Array) => void, o?: CallOptions): Promise<void>;
  /**
   * LeaseTimeToLive of many leases at once over one bare HTTP/2 connection where the client
   * would send the same requests (Transport.leaseTtls); undefined where it would not, or on any
   * trouble: ask lease by lease then.
   */
  leaseTtls(ids: readonly bigint[], o: { signal: AbortSignal; timeoutMs: number; concurrency: number }): Promise<Map<bigint, LeaseTtl> | undefined>;
  close(): void;
};

type AnyMethod = Method<object, object, boolean, boolean>;

/** Creates a client; nothing is dialled until the first call. */
export function createClient(config: ClientConfig): EtcdClient {
  const transport = new Transport(config);
  const bind = (m: AnyMethod): unknown => {
    if (m.clientStream) {
      return (reqs: AsyncIterable<Init<object>>, o?: CallOptions) =>
        transport.bidiStream(m as Method<object, object, true, true>, reqs, o);
    }
    if (m.serverStream) {
      return (req: Init<object>, o?: CallOptions) => transport.serverStream(m as Method<object, object, false, true>, req, o);
    }
    return (req: Init<object>, o?: CallOptions) => transport.unary(m as Method<object, object, false, false>, req, o);
  };
  const client: Record<string, unknown> = {
    get activeEndpoint() {
      return transport.activeEndpoint;
    },
    login: (o?: CallOptions) => transport.login(o),
    rangeRaw: (req: Init<RangeRequest>, o?: CallOptions) => transport.unaryRaw(KV.range, req, o),
    rangeFragments: (req: Init<RangeRequest>, onData: (chunk: Uint8Array) => void, o?: CallOptions) =>
      transport.unaryFragments(KV.range, req, onData, o),
    leaseTtls: (ids: readonly bigint[], o: { signal: AbortSignal; timeoutMs: number; concurrency: number }) => transport.leaseTtls(ids, o),
    close: () => transport.close(),
  };
  for (const [name, service] of Object.entries(services)) {
    client[name] = Object.fromEntries(Object.entries(service).map(([rpc, m]) => [rpc, bind(m as AnyMethod)]));
  }
  return client as unknown as EtcdClient;
}
