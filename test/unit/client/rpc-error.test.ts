import { describe, expect, it } from 'vitest';

import { RpcError, Status, toRpcError } from '../../../src/client/rpc-error.js';

// grpc-js rejects a call with a ServiceError: an Error whose `message` is
// "<code> <CODE_NAME>: <details>" and which carries `code`, `details` and `metadata`.
function serviceError(code: number, details: string, name: string): Error & { code: number; details: string; metadata: object } {
  return Object.assign(new Error(`${code} ${name}: ${details}`), { code, details, metadata: {} });
}

const PATH = '/etcdserverpb.KV/Range';

describe('toRpcError', () => {
  const cases = [
    {
      name: 'a server error: details verbatim, not the grpc-js message',
      err: serviceError(Status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision', 'OUT_OF_RANGE'),
      code: Status.OUT_OF_RANGE,
      details: 'etcdserver: mvcc: required revision is a future revision',
      message: 'etcdserver: mvcc: required revision is a future revision',
    },
    {
      name: 'our deadline: `context deadline exceeded`',
      err: serviceError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded', 'DEADLINE_EXCEEDED'),
      code: Status.DEADLINE_EXCEEDED,
      details: 'Deadline exceeded',
      message: 'context deadline exceeded',
    },
    {
      name: 'our abort: `context canceled`',
      err: serviceError(Status.CANCELLED, 'Cancelled on client', 'CANCELLED'),
      code: Status.CANCELLED,
      details: 'Cancelled on client',
      message: 'context canceled',
    },
    {
      name: 'UNAVAILABLE keeps its details',
      err: serviceError(Status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1', 'UNAVAILABLE'),
      code: Status.UNAVAILABLE,
      details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1',
      message: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1',
    },
    {
      name: 'a status object without details falls back to its message',
      err: { code: Status.INTERNAL, message: 'boom' },
      code: Status.INTERNAL,
      details: 'boom',
      message: 'boom',
    },
    {
      name: 'a plain Error becomes UNKNOWN with its message',
      err: new Error('socket hang up'),
      code: Status.UNKNOWN,
      details: 'socket hang up',
      message: 'socket hang up',
    },
    {
      name: 'a thrown string becomes UNKNOWN',
      err: 'weird',
      code: Status.UNKNOWN,
      details: 'weird',
      message: 'weird',
    },
    {
      name: 'a string code is not a status',
      err: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      code: Status.UNKNOWN,
      details: 'read ECONNRESET',
      message: 'read ECONNRESET',
    },
  ];
  it.each(cases)('$name', ({ err, code, details, message }) => {
    const r = toRpcError(err, PATH, '127.0.0.1:23790');
    expect(r).toBeInstanceOf(RpcError);
    expect(r.code).toBe(code);
    expect(r.details).toBe(details);
    expect(r.message).toBe(message);
    expect(r.path).toBe(PATH);
    expect(r.endpoint).toBe('127.0.0.1:23790');
  });

  it('an RpcError passes through unchanged', () => {
    const e = new RpcError('/etcdserverpb.Lease/LeaseGrant', Status.NOT_FOUND, 'etcdserver: requested lease not found');
    expect(toRpcError(e, PATH)).toBe(e);
  });

  it('the endpoint is optional', () => {
    expect(toRpcError(serviceError(Status.NOT_FOUND, 'x', 'NOT_FOUND'), PATH).endpoint).toBeUndefined();
  });

  it('null and undefined become UNKNOWN', () => {
    expect(toRpcError(undefined, PATH).code).toBe(Status.UNKNOWN);
    expect(toRpcError(null, PATH).code).toBe(Status.UNKNOWN);
  });
});
