import * as grpc from '@grpc/grpc-js';
import { isIP } from 'node:net';
import { platform } from 'node:os';
import { sleep } from '../core/timers.js';
import { diagnose, probeAddress } from './diagnose.js';
import { ConnectFailedError, RpcError, Status, toRpcError } from './rpc-error.js';
import { FRAGMENTS_HEADER, registerSink } from './fragments.js';
import { hostsFile as systemHostsFile, lookupHostsFile } from './hosts.js';
import type { LeaseTtl } from './lease-fanout.js';
import { Auth } from './generated/proto.js';
import { decode, encode, type Init, type Method } from './wire.js';

/** TLS material and policy for every endpoint of a client. */
export interface TlsConfig {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecureSkipVerify?: boolean;
  /** Name to verify the server certificate against (from --discovery-srv). */
  readonly serverName?: string;
}

/** How to reach a cluster; mirrors etcdctl's global flags. */
export interface ClientConfig {
  /** `host:port`, `http://host:port` or `https://host:port`. */
  readonly endpoints: readonly string[];
  readonly dialTimeoutMs: number;
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  /**
   * TLS for endpoints without a scheme; `https://` always uses TLS (the system's CAs when this is
   * unset) and `http://` never does, as in etcdctl 3.4.
   */
  readonly tls?: TlsConfig;
  /** Authenticate as this user; only used when both fields are non-empty, as in clientv3. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** The hosts file host names are looked up in first (hosts.ts); the system's when unset. */
  readonly hostsFile?: string;
}

export interface CallOptions {
  /** Aborting cancels the call; the RPC fails with `context canceled`. */
  readonly signal?: AbortSignal;
  /** Deadline for the whole call, connection included; the RPC fails with `context deadline exceeded`. */
  readonly timeoutMs?: number;
}

// compat(etcdctl): grpc-go never sends keepalive pings more often than every 10 s, whatever
// --keepalive-time says; an etcd server answers more frequent pings with GOAWAY.
const MIN_KEEPALIVE_MS = 10_000;
const MAX_MESSAGE = 2 ** 31 - 1;

/**
 * RPCs that are safe to send again on another endpoint after an UNAVAILABLE error, as
 * clientv3's retry interceptor treats them: reads and status queries, never writes.
 */
const IDEMPOTENT = new Set([
  '/etcdserverpb.KV/Range',
  '/etcdserverpb.Lease/LeaseTimeToLive',
  '/etcdserverpb.Lease/LeaseLeases',
  '/etcdserverpb.Cluster/MemberList',
  '/etcdserverpb.Maintenance/Status',
  '/etcdserverpb.Maintenance/Hash',
  '/etcdserverpb.Maintenance/HashKV',
  '/etcdserverpb.Maintenance/Alarm',
  '/etcdserverpb.Auth/Authenticate',
  '/etcdserverpb.Auth/UserGet',
  '/etcdserverpb.Auth/UserList',
  '/etcdserverpb.Auth/RoleGet',
  '/etcdserverpb.Auth/RoleList',
]);

interface Endpoint {
  readonly address: string;
  readonly secure: boolean;
  /** The addresses the hosts file gave for an `etcdctl-ts-hosts:` target. */
  readonly hosts?: readonly string[];
  client?: grpc.Client;
  /** Why the last connection attempt failed, worked out in the background (diagnose.ts). */
  diagnosis?: Promise<string | undefined>;
}

/** What a unary call may carry beyond the request. */
interface CallExtras {
  /** One more request header. */
  readonly extra?: readonly [string, string];
  /** Whether the call may still be sent again (failover, new token); always when absent. */
  readonly again?: () => boolean;
}

/**
 * grpc-js target for host:port: IP literals skip the DNS resolver, which costs start-up time, and
 * so does a host name the hosts file lists (hosts.ts, through the resolver below).
 */
function target(hostPort: string, hostsFile: string): Pick<Endpoint, 'address' | 'hosts'> {
  if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(hostPort)) return { address: `ipv4:${hostPort}` };
  if (/^\[[0-9a-fA-F:.]+\]:\d+$/.test(hostPort)) return { address: `ipv6:${hostPort}` };
  const m = /^([A-Za-z0-9][A-Za-z0-9.-]*):\d+$/.exec(hostPort);
  const hosts = m === null ? [] : lookupHostsFile(m[1]!, hostsFile);
  if (hosts.length === 0) return { address: hostPort };
  registerHostsResolver();
  return { address: `${HOSTS_SCHEME}:${hostPort}`, hosts };
}

function parseEndpoint(raw: string, tls: boolean, hostsFile: string): Endpoint {
  const m = /^(https?|unix|unixs):\/\/(.*)$/.exec(raw);
  if (m === null) return { ...target(raw, hostsFile), secure: tls };
  const scheme = m[1]!;
  const rest = m[2]!;
  if (scheme === 'unix' || scheme === 'unixs') return { address: `unix:${rest}`, secure: scheme === 'unixs' };
  // compat(etcdctl 3.4): clientv3 dials an http:// endpoint in plain text even when TLS files
  // are given, and an https:// one with TLS even when none are.
  return { ...target(rest, hostsFile), secure: scheme === 'https' };
}

const HOSTS_SCHEME = 'etcdctl-ts-hosts';
/** The channel option that hands the hosts file's addresses to the resolver, comma-separated. */
const HOSTS_OPTION = 'etcdctl-ts.hosts';
let hostsResolverRegistered = false;

/**
 * A grpc-js resolver for `etcdctl-ts-hosts:host:port`: the addresses the hosts file gave (the
 * channel's HOSTS_OPTION), each an endpoint of its own, tried in order by pick_first. The
 * authority stays `host:port`, so the :authority header and the name a TLS certificate is
 * checked against are the host name, as through the dns: resolver.
 */
function registerHostsResolver(): void {
  if (hostsResolverRegistered) return;
  hostsResolverRegistered = true;
  class HostsResolver implements grpc.experimental.Resolver {
    private done = false;
    private readonly endpoints: { addresses: { host: string; port: number }[] }[];
    constructor(
      t: grpc.experimental.GrpcUri,
      private readonly listener: grpc.experimental.ResolverListener,
      options: grpc.ChannelOptions,
    ) {
      const port = Number(/:(\d+)$/.exec(t.path)?.[1]);
      const hosts = String(options[HOSTS_OPTION] ?? '').split(',').filter((h) => h !== '');
      this.endpoints = hosts.map((host) => ({ addresses: [{ host, port }] }));
    }
    updateResolution(): void {
      if (this.done) return;
      this.done = true;
      // Never synchronously (grpc-js's contract for resolvers).
      queueMicrotask(() => this.listener({ ok: true, value: this.endpoints }, {}, null, ''));
    }
    destroy(): void {
      this.done = false;
    }
    static getDefaultAuthority(t: grpc.experimental.GrpcUri): string {
      return t.path;
    }
  }
  grpc.experimental.registerResolver(HOSTS_SCHEME, HostsResolver);
}

class ConnectFailed extends Error {}

export { ConnectFailedError };

/** Errors after which a fresh token is worth one retry. */
const STALE_TOKEN = new Set([
  'etcdserver: invalid auth token',
  'etcdserver: revision of auth store is old',
  // The server forgot our token (e.g. it restarted): clientv3 authenticates again, too.
  'etcdserver: user name is empty',
]);
const AUTH_NOT_ENABLED = 'etcdserver: authentication is not enabled';
/** Age past which a token is replaced before a stream is opened with it (etcd's simple tokens live 300 s by default). */
const STREAM_TOKEN_MAX_AGE_MS = 10_000;

/** grpc-go's names of status codes, for errors etcdctl prints as `rpc error: code = … desc = …`. */
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

/**
 * grpc-js resolves the IP of an `ipv4:` target as the TLS server name, which makes Node warn
 * (DEP0123) and sends an SNI that Go never sends for an IP. Without a server name Node checks
 * the certificate against the host, as Go does.
 */
function withoutIpServerName(creds: grpc.ChannelCredentials): grpc.ChannelCredentials {
  type Connector = { connectionOptions?: { servername?: unknown } };
  const c = creds as unknown as { _createSecureConnector?: (this: unknown, ...args: unknown[]) => Connector };
  const original = c._createSecureConnector;
  if (typeof original !== 'function') return creds;
  c._createSecureConnector = function (this: unknown, ...args: unknown[]): Connector {
    const connector = original.apply(this, args);
    const o = connector.connectionOptions;
    if (o !== undefined && typeof o.servername === 'string' && isIP(o.servername) !== 0) delete o.servername;
    return connector;
  };
  return creds;
}

/**
 * One grpc-js channel per endpoint, created on first use. Each call is bound to the endpoint
 * it was sent on; a call that cannot connect moves on to the next endpoint until its deadline.
 */
export class Transport {
  private readonly endpoints: Endpoint[];
  private current = 0;
  private token: string | undefined;
  /** When the token was issued (Date.now()), to refresh it before opening a stream. */
  private tokenAt = 0;
  /** The server said authentication is not enabled: calls go without a token. */
  private authDisabled = false;
  private authenticating: Promise<void> | undefined;
  private closed = false;
  private secureCreds: grpc.ChannelCredentials | undefined;

  constructor(private readonly config: ClientConfig) {
    if (config.endpoints.length === 0) throw new Error('no endpoints given');
    const tls = config.tls !== undefined;
    const hosts = config.hostsFile ?? systemHostsFile({}, platform());
    this.endpoints = config.endpoints.map((e) => parseEndpoint(e, tls, hosts));
  }

  private get hasCredentials(): boolean {
    const c = this.config.credentials;
    return c !== undefined && c.user !== '' && c.password !== '';
  }

  /**
   * What clientv3.New does with a user and password: authenticate right away, within the dial
   * timeout. A server without authentication is fine (no token is sent then); any other failure
   * is for the caller to report (etcdctl exits with ExitBadConnection).
   */
  async login(o?: CallOptions): Promise<void> {
    if (!this.hasCredentials || this.token !== undefined || this.authDisabled) return;
    try {
      await this.authenticate(Date.now() + this.config.dialTimeoutMs, o?.signal);
    } catch (err) {
      if (err instanceof RpcError && !(err instanceof ConnectFailedError) && !err.details.startsWith('etcdserver: ')) {
        // compat(etcdctl 3.4): an error clientv3 does not know is printed as grpc-go formats it.
        if (err.code !== Status.DEADLINE_EXCEEDED && err.code !== Status.CANCELLED) {
          err.message = `rpc error: code = ${GO_CODE_NAMES[err.code] ?? err.code} desc = ${err.details}`;
        }
      }
      throw err;
    }
  }

  /** The endpoint the next call goes to first. */
  get activeEndpoint(): string {
    return this.config.endpoints[this.current]!;
  }

  /**
   * LeaseTimeToLive of many leases at once over one bare HTTP/2 connection (lease-fanout.ts),
   * where that is the request the client would send: the active endpoint in plain text, no
   * token. Undefined where it is not, or when anything went wrong there: the caller then asks
   * lease by lease through the client, with its retries and error messages.
   */
  async leaseTtls(ids: readonly bigint[], o: { signal: AbortSignal; timeoutMs: number; concurrency: number }): Promise<Map<bigint, LeaseTtl> | undefined> {
    const ep = this.endpoints[this.current]!;
    if (this.hasCredentials) return undefined;
    const { leaseTtlsHttp2, plainAuthority } = await import('./lease-fanout.js');
    const authority = plainAuthority(this.config.endpoints[this.current]!, { tls: ep.secure, auth: false });
    if (authority === undefined) return undefined;
    try {
      return await leaseTtlsHttp2(authority, ids, o);
    } catch {
      if (o.signal.aborted) throw new RpcError('/etcdserverpb.Lease/LeaseTimeToLive', Status.CANCELLED, 'context canceled');
      return undefined;
    }
  }

  close(): void {
    this.closed = true;
    for (const ep of this.endpoints) ep.client?.close();
  }

  private channelFor(ep: Endpoint): grpc.Client {
    if (ep.client !== undefined) return ep.client;
    const options: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE,
      'grpc.max_send_message_length': MAX_MESSAGE,
      'grpc.keepalive_time_ms': Math.max(this.config.keepaliveTimeMs, MIN_KEEPALIVE_MS),
      'grpc.keepalive_timeout_ms': this.config.keepaliveTimeoutMs,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
      'grpc.enable_retries': 0,
      'grpc.service_config_disable_resolution': 1,
    };
    const tls = this.config.tls;
    if (ep.secure && tls?.serverName !== undefined) options['grpc.ssl_target_name_override'] = tls.serverName;
    if (ep.hosts !== undefined) options[HOSTS_OPTION] = ep.hosts.join(',');
    ep.client = new grpc.Client(ep.address, ep.secure ? this.tlsCredentials() : grpc.credentials.createInsecure(), options);
    return ep.client;
  }

  private tlsCredentials(): grpc.ChannelCredentials {
    const tls = this.config.tls;
    this.secureCreds ??= withoutIpServerName(
      grpc.credentials.createSsl(tls?.ca ?? null, tls?.key ?? null, tls?.cert ?? null, {
        rejectUnauthorized: !(tls?.insecureSkipVerify ?? false),
        ...(tls?.insecureSkipVerify ? { checkServerIdentity: () => undefined } : {}),
      }),
    );
    return this.secureCreds;
  }

  /** Starts finding out why `ep` failed to connect, once per failure streak. */
  private startDiagnosis(ep: Endpoint): void {
    if (ep.diagnosis !== undefined) return;
    const address = probeAddress(ep.address);
    if (address === undefined) return;
    const tls = this.config.tls;
    const probeTls = ep.secure
      ? {
          ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
          ...(tls?.cert === undefined ? {} : { cert: tls.cert }),
          ...(tls?.key === undefined ? {} : { key: tls.key }),
          ...(tls?.serverName === undefined ? {} : { serverName: tls.serverName }),
          insecureSkipVerify: tls?.insecureSkipVerify ?? false,
        }
      : undefined;
    ep.diagnosis = diagnose(address, probeTls, Math.max(200, Math.min(this.config.dialTimeoutMs, 3_000))).catch(() => undefined);
  }

  /** The known causes of the endpoints' connection failures, waiting briefly for pending probes. */
  private async causes(): Promise<string[]> {
    const pending = this.endpoints.map((ep) => ep.diagnosis ?? Promise.resolve(undefined));
    const timeout = new Promise<undefined[]>((resolve) => setTimeout(() => resolve([]), 1_000).unref());
    const found: (string | undefined)[] = await Promise.race([Promise.all(pending), timeout]);
    return found.filter((c): c is string => c !== undefined);
  }

  /** Resolves once the channel is READY; rejects with ConnectFailed when it fails or times out. */
  private waitReady(client: grpc.Client, deadline: number, signal?: AbortSignal): Promise<void> {
    const channel = client.getChannel();
    return new Promise((resolve, reject) => {
      let sawConnecting = false;
      const check = (): void => {
        if (signal?.aborted) return reject(new RpcError('', Status.CANCELLED, ''));
        const state = channel.getConnectivityState(true);
        if (state === grpc.connectivityState.READY) return resolve();
        // Leaving IDLE starts an attempt (asked for above); on loopback a refused one can go
        // IDLE → CONNECTING → TRANSIENT_FAILURE before this callback runs, so IDLE counts too.
        if (state === grpc.connectivityState.CONNECTING || state === grpc.connectivityState.IDLE) sawConnecting = true;
        // A failure seen before this attempt started belongs to an earlier attempt: wait for
        // the next one unless the channel has failed again since we started watching.
        if (state === grpc.connectivityState.TRANSIENT_FAILURE && sawConnecting) return reject(new ConnectFailed());
        if (state === grpc.connectivityState.SHUTDOWN) return reject(new ConnectFailed());
        if (Date.now() >= deadline) return reject(new ConnectFailed());
        channel.watchConnectivityState(state, deadline, (err) => (err ? reject(new ConnectFailed()) : check()));
      };
      check();
    });
  }

  /**
   * Endpoints from the current one on, those whose channel is in TRANSIENT_FAILURE last: grpc-js
   * keeps a failed channel in that state while it retries (sticky TRANSIENT_FAILURE), so waiting
   * on it first spends the whole deadline on a dead member and never reaches a live one.
   */
  private candidateOrder(): number[] {
    const n = this.endpoints.length;
    const order = Array.from({ length: n }, (_, i) => (this.current + i) % n);
    const failed = (i: number): boolean =>
      this.endpoints[i]!.client?.getChannel().getConnectivityState(false) === grpc.connectivityState.TRANSIENT_FAILURE;
    return [...order.filter((i) => !failed(i)), ...order.filter(failed)];
  }

  /**
   * Picks an endpoint whose channel is ready, trying each in turn (each attempt bounded by the
   * dial timeout), until `deadline`.
   */
  private async connect(path: string, deadline: number, signal?: AbortSignal): Promise<Endpoint> {
    for (let round = 0; ; round++) {
      for (const idx of this.candidateOrder()) {
        const ep = this.endpoints[idx]!;
        const attemptDeadline = Math.min(deadline, Date.now() + this.config.dialTimeoutMs);
        try {
          await this.waitReady(this.channelFor(ep), attemptDeadline, signal);
          this.current = idx;
          ep.diagnosis = undefined;
          return ep;
        } catch (err) {
          if (!(err instanceof ConnectFailed)) throw toRpcError(err, path);
          this.startDiagnosis(ep);
        }
        if (Date.now() >= deadline) throw new ConnectFailedError(path, await this.causes(), ep.address);
      }
      await sleep(Math.min(50 * 2 ** round, 500), signal);
      if (signal?.aborted) throw new RpcError(path, Status.CANCELLED, '');
    }
  }

  /**
   * Call metadata: the auth token. A stream cannot be sent again when its token turns out to
   * have expired (a unary call can), so one is opened only with a token younger than
   * STREAM_TOKEN_MAX_AGE_MS: a watch or keep-alive reconnecting after a long run logs in anew.
   */
  private async metadata(path: string, deadline: number, signal?: AbortSignal, stream = false): Promise<grpc.Metadata> {
    const md = new grpc.Metadata();
    if (this.hasCredentials && !this.authDisabled && path !== Auth.authenticate.path) {
      if (this.token !== undefined && stream && Date.now() - this.tokenAt > STREAM_TOKEN_MAX_AGE_MS) this.token = undefined;
      if (this.token === undefined) await this.authenticate(deadline, signal);
      if (this.token !== undefined) md.set('token', this.token);
    }
    return md;
  }

  /** Gets a token (one request at a time); remembers a server without authentication. */
  private authenticate(deadline: number, signal?: AbortSignal): Promise<void> {
    const creds = this.config.credentials!;
    this.authenticating ??= (async () => {
      try {
        const res = await this.unaryOnce(Auth.authenticate, { name: creds.user, password: creds.password }, deadline, signal);
        this.token = res.token;
        this.tokenAt = Date.now();
        this.authDisabled = false;
      } catch (err) {
        if (!(err instanceof RpcError && err.details === AUTH_NOT_ENABLED)) throw err;
        this.token = undefined;
        this.authDisabled = true;
      } finally {
        this.authenticating = undefined;
      }
    })();
    return this.authenticating;
  }

  private deadlineOf(o?: CallOptions): number {
    return o?.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.timeoutMs;
  }

  /** Sends one unary request; on a stale auth token it authenticates again and retries once. */
  unary<Req extends object, Res extends object>(
    method: Method<Req, Res, false, false>,
    req: Init<Req>,
    o?: CallOptions,
  ): Promise<Res> {
    return this.unaryWith(method, req, o, (b) => decode(method.responseType, b));
  }

  /**
   * As unary(), but resolves with the response message's bytes as they came off the wire, for
   * callers that scan a large response themselves instead of building an object per field
   * (`get --prefix` over many keys: see src/fast-range/).
   */
  unaryRaw<Req extends object, Res extends object>(method: Method<Req, Res, false, false>, req: Init<Req>, o?: CallOptions): Promise<Buffer> {
    return this.unaryWith(method, req, o, (b) => b);
  }

  /**
   * As unaryRaw(), but the response's bytes go to `onData` as they arrive, in order, while the
   * rest is still on its way (src/client/fragments.ts); resolves once the call is over. Without
   * the bundle's decoder the whole message goes to `onData` at the end instead. Once any bytes
   * went to `onData` the call is never sent again (no failover, no retry with a new token): the
   * caller may have printed them. Should `onData` throw, the call is cancelled and the promise
   * rejects with what it threw.
   */
  async unaryFragments<Req extends object, Res extends object>(
    method: Method<Req, Res, false, false>,
    req: Init<Req>,
    onData: (chunk: Uint8Array) => void,
    o?: CallOptions,
  ): Promise<void> {
    let delivered = false;
    let failure: { err: unknown } | undefined;
    const stop = new AbortController();
    const take = (chunk: Uint8Array): void => {
      if (failure !== undefined) return;
      delivered = true;
      try {
        onData(chunk);
      } catch (err) {
        failure = { err };
        stop.abort();
      }
    };
    const reg = registerSink({ data: take, end: () => undefined });
    const signal = o?.signal === undefined ? stop.signal : AbortSignal.any([o.signal, stop.signal]);
    try {
      const whole = await this.unaryWith(method, req, { ...o, signal }, (b) => b, {
        extra: [FRAGMENTS_HEADER, reg.token],
        again: () => !delivered,
      });
      if (failure === undefined && whole.length > 0) take(whole);
    } catch (err) {
      if (failure === undefined) throw err;
    } finally {
      reg.dispose();
    }
    if (failure !== undefined) throw failure.err;
  }

  private async unaryWith<Req extends object, Res extends object, Out>(
    method: Method<Req, Res, false, false>,
    req: Init<Req>,
    o: CallOptions | undefined,
    deserialize: (b: Buffer) => Out,
    x: CallExtras = {},
  ): Promise<Out> {
    const deadline = this.deadlineOf(o);
    try {
      return await this.unaryOnce(method, req, deadline, o?.signal, deserialize, x);
    } catch (err) {
      // Tokens expire (--auth-token-ttl) and go stale when the auth store changes: get a new one
      // and send the request once more, as clientv3's retry interceptor does.
      if (this.hasCredentials && method.path !== Auth.authenticate.path && isStaleToken(err) && (x.again?.() ?? true)) {
        this.token = undefined;
        this.authDisabled = false;
        return this.unaryOnce(method, req, deadline, o?.signal, deserialize, x);
      }
      throw err;
    }
  }

  private async unaryOnce<Req extends object, Res extends object, Out = Res>(
    method: Method<Req, Res, false, false>,
    req: Init<Req>,
    deadline: number,
    signal?: AbortSignal,
    deserialize: (b: Buffer) => Out = (b) => decode(method.responseType, b) as unknown as Out,
    x: CallExtras = {},
  ): Promise<Out> {
    const bytes = Buffer.from(encode(method.requestType, req));
    const connectDeadline = Number.isFinite(deadline) ? deadline : Date.now() + this.config.dialTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new RpcError(method.path, Status.CANCELLED, 'client closed');
      const ep = await this.connect(method.path, connectDeadline, signal);
      const md = await this.metadata(method.path, deadline, signal);
      if (x.extra !== undefined) md.set(x.extra[0], x.extra[1]);
      try {
        return await new Promise<Out>((resolve, reject) => {
          const call = this.channelFor(ep).makeUnaryRequest(
            method.path,
            (b: Buffer) => b,
            deserialize,
            bytes,
            md,
            Number.isFinite(deadline) ? { deadline } : {},
            (err, res) => {
              signal?.removeEventListener('abort', onAbort);
              if (err) reject(toRpcError(err, method.path, ep.address));
              else resolve(res!);
            },
          );
          const onAbort = (): void => call.cancel();
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      } catch (err) {
        const canRetry =
          err instanceof RpcError &&
          err.code === Status.UNAVAILABLE &&
          IDEMPOTENT.has(method.path) &&
          attempt < this.endpoints.length &&
          Date.now() < connectDeadline &&
          (x.again?.() ?? true);
        if (!canRetry) throw err;
        this.current = (this.endpoints.indexOf(ep) + 1) % this.endpoints.length;
      }
    }
  }

  /** A server-streaming call, read as an AsyncIterable of decoded responses. */
  async *serverStream<Req extends object, Res extends object>(
    method: Method<Req, Res, false, true>,
    req: Init<Req>,
    o?: CallOptions,
  ): AsyncIterable<Res> {
    const deadline = this.deadlineOf(o);
    const connectDeadline = Number.isFinite(deadline) ? deadline : Date.now() + this.config.dialTimeoutMs;
    const ep = await this.connect(method.path, connectDeadline, o?.signal);
    const md = await this.metadata(method.path, deadline, o?.signal, true);
    const call = this.channelFor(ep).makeServerStreamRequest(
      method.path,
      (b: Buffer) => b,
      (b: Buffer) => decode(method.responseType, b),
      Buffer.from(encode(method.requestType, req)),
      md,
      Number.isFinite(deadline) ? { deadline } : {},
    );
    yield* this.readStream<Res>(call, method.path, ep, o?.signal);
  }

  /**
   * A bidirectional stream: requests are read from `requests` and written as they come; the
   * responses are the returned AsyncIterable. Ending the iteration cancels the call.
   */
  async *bidiStream<Req extends object, Res extends object>(
    method: Method<Req, Res, true, true>,
    requests: AsyncIterable<Init<Req>>,
    o?: CallOptions,
  ): AsyncIterable<Res> {
    const deadline = this.deadlineOf(o);
    const connectDeadline = Number.isFinite(deadline) ? deadline : Date.now() + this.config.dialTimeoutMs;
    const ep = await this.connect(method.path, connectDeadline, o?.signal);
    const md = await this.metadata(method.path, deadline, o?.signal, true);
    const call = this.channelFor(ep).makeBidiStreamRequest(
      method.path,
      (b: Buffer) => b,
      (b: Buffer) => decode(method.responseType, b),
      md,
      Number.isFinite(deadline) ? { deadline } : {},
    );
    let pumpError: unknown;
    let finished = false;
    const pump = (async () => {
      try {
        for await (const r of requests) {
          if (finished) break;
          if (!call.write(Buffer.from(encode(method.requestType, r)))) {
            await new Promise((resolve) => call.once('drain', resolve));
          }
        }
      } catch (err) {
        pumpError = err;
        call.cancel();
      }
    })();
    try {
      yield* this.readStream<Res>(call, method.path, ep, o?.signal);
    } finally {
      finished = true;
      call.cancel();
      // The request iterable may be waiting on the caller, who waits for this stream to end:
      // awaiting the pump here would deadlock when the server ends or breaks the stream first.
      void pump.catch(() => undefined);
    }
    if (pumpError !== undefined) throw pumpError;
  }

  private async *readStream<Res>(
    call: grpc.ClientReadableStream<Res>,
    path: string,
    ep: Endpoint,
    signal?: AbortSignal,
  ): AsyncIterable<Res> {
    const onAbort = (): void => call.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const res of call) yield res as Res;
    } catch (err) {
      throw toRpcError(err, path, ep.address);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }
}

function isStaleToken(err: unknown): boolean {
  return err instanceof RpcError && STALE_TOKEN.has(err.details);
}
