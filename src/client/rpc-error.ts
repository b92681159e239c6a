/** gRPC status codes (the subset the client names; the rest pass through as numbers). */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/**
 * A failed RPC: the method path, the gRPC status code and the server's status message.
 * `message` is what etcdctl prints after `Error: `: the server's text verbatim, or Go's context
 * wording for our own deadline and cancellation.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly path: string,
    readonly code: number,
    readonly details: string,
    /** The endpoint the call was sent to, when one was chosen. */
    readonly endpoint?: string,
  ) {
    super(goMessage(code, details));
  }
}

// compat(etcdctl): a client-side deadline or cancellation is reported with Go's context errors.
function goMessage(code: number, details: string): string {
  if (code === Status.DEADLINE_EXCEEDED) return 'context deadline exceeded';
  if (code === Status.CANCELLED && (details === '' || details.startsWith('Cancelled on client'))) {
    return 'context canceled';
  }
  return details;
}

interface GrpcStatusLike {
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

/** Turns a grpc-js ServiceError (or anything thrown by a call) into an RpcError. */
export function toRpcError(err: unknown, path: string, endpoint?: string): RpcError {
  if (err instanceof RpcError) return err;
  const e = (err ?? {}) as GrpcStatusLike;
  if (typeof e.code === 'number') {
    const details = typeof e.details === 'string' ? e.details : String(e.message ?? '');
    return new RpcError(path, e.code, details, endpoint);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RpcError(path, Status.UNKNOWN, message, endpoint);
}

/** grpc-go's names of the status codes. */
const GO_CODE_NAMES = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists',
  'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange',
  'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];

/**
 * compat(etcdctl 3.4): clientv3 turns the server errors it knows (`etcdserver: …`) into errors of
 * its own; any other status reaches etcdctl as grpc-go prints it, `rpc error: code = Unknown desc
 * = auth: permission denied` (what the maintenance service answers a user without the root role).
 * Our own deadline and cancellation keep Go's context wording. Anything else: its message.
 */
export function grpcGoText(err: unknown): string | undefined {
  if (!(err instanceof RpcError)) return undefined;
  if (err.code === Status.DEADLINE_EXCEEDED || err.code === Status.CANCELLED) return err.message;
  if (err.details.startsWith('etcdserver: ')) return err.message;
  return `rpc error: code = ${GO_CODE_NAMES[err.code] ?? err.code} desc = ${err.details}`;
}

/**
 * No endpoint could be connected to before the deadline. Still `context deadline exceeded`
 * (code DEADLINE_EXCEEDED, exit code as etcdctl), but saying why when the cause is known:
 * `context deadline exceeded (dial tcp 127.0.0.1:1: connect: connection refused)`.
 */
export class ConnectFailedError extends RpcError {
  constructor(
    path: string,
    /** One line per endpoint that failed for a known reason, each naming its endpoint. */
    readonly causes: readonly string[],
    endpoint?: string,
  ) {
    super(path, Status.DEADLINE_EXCEEDED, '', endpoint);
    if (causes.length > 0) this.message = `${this.message} (${causes.join('; ')})`;
  }
}
