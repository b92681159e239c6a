import { describe, expect, it } from 'vitest';

import {
  ConnectionError,
  EtcdctlError,
  exitCodeFor,
  FlagError,
  formatError,
  InterruptedError,
  InvalidInputError,
  SilentError,
  UnsupportedError,
  UsageError,
} from '../../../src/core/errors.js';
import { ExitCode } from '../../../src/core/exit-codes.js';
import { RpcError, Status } from '../../../src/client/rpc-error.js';

// Exit codes are etcdctl's cobrautl values; messages are examples from the behaviour notes §2.3,
// as /usr/bin/etcdctl 3.4.23 prints them after "Error: ".

describe('ExitCode', () => {
  it("has etcdctl's values", () => {
    expect(ExitCode).toEqual({ Success: 0, Error: 1, BadConnection: 2, InvalidInput: 3, BadFeature: 4, Interrupted: 5, BadArgs: 128 });
  });
});

describe('exitCodeFor / formatError', () => {
  const cases = [
    { name: 'UsageError → 128', err: new UsageError('put command needs 1 argument and input from stdin or 2 arguments'), code: 128 },
    { name: 'UnsupportedError → 4', err: new UnsupportedError('table not supported as output format'), code: 4 },
    { name: 'InvalidInputError → 3', err: new InvalidInputError('malformed comparison: bogus'), code: 3 },
    { name: 'ConnectionError → 2', err: new ConnectionError('etcdserver: authentication failed, invalid user ID or password'), code: 2 },
    { name: 'InterruptedError → 5', err: new InterruptedError('watch is canceled by the server'), code: 5 },
    { name: 'FlagError → 1', err: new FlagError('unknown flag: --x', ['get']), code: 1 },
    { name: 'EtcdctlError with its own code', err: new EtcdctlError('strconv.ParseInt: parsing "abc": invalid syntax', 1), code: 1 },
    { name: 'EtcdctlError with code 2', err: new EtcdctlError('etcdserver: requested lease not found', 2), code: 2 },
    { name: 'RpcError (server error) → 1', err: new RpcError('/etcdserverpb.KV/Range', Status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'), code: 1 },
    { name: 'a plain Error (a bug) → 1', err: new TypeError('x is not a function'), code: 1 },
  ];
  it.each(cases)('$name', ({ err, code }) => {
    expect(exitCodeFor(err)).toBe(code);
    expect(formatError(err)).toBe(`Error: ${err.message}`);
  });

  it('SilentError defaults to 1 and has nothing to say', () => {
    const err = new SilentError();
    expect(exitCodeFor(err)).toBe(1);
    expect(err.message).toBe('');
    expect(formatError(err)).toBe('Error: ');
  });

  it('SilentError keeps a given code', () => {
    expect(exitCodeFor(new SilentError(ExitCode.BadConnection))).toBe(2);
  });

  it('anything thrown that is not an Error → 1, printed with String()', () => {
    expect(exitCodeFor('boom')).toBe(1);
    expect(formatError('boom')).toBe('Error: boom');
    expect(exitCodeFor(undefined)).toBe(1);
    expect(formatError(undefined)).toBe('Error: undefined');
  });

  it('every error class is an EtcdctlError named after its class', () => {
    for (const err of [new UsageError('a'), new UnsupportedError('a'), new InvalidInputError('a'), new ConnectionError('a'), new InterruptedError('a'), new SilentError(), new FlagError('a', undefined)]) {
      expect(err).toBeInstanceOf(EtcdctlError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(err.constructor.name);
    }
  });

  it('FlagError carries the command path whose usage is shown, and cobra hint', () => {
    const err = new FlagError('unknown command "gett" for "etcdctl"', undefined, "Run 'etcdctl --help' for usage.");
    expect(err.commandPath).toBeUndefined();
    expect(err.hint).toBe("Run 'etcdctl --help' for usage.");
    expect(new FlagError('unknown flag: --x', ['lease', 'grant']).commandPath).toEqual(['lease', 'grant']);
  });
});

describe('RpcError messages (what follows "Error: ")', () => {
  const cases = [
    { name: 'our deadline: Go context wording', code: Status.DEADLINE_EXCEEDED, details: 'Deadline exceeded', msg: 'context deadline exceeded' },
    { name: 'our deadline, grpc-js wording after a connection attempt', code: Status.DEADLINE_EXCEEDED, details: 'Deadline exceeded after 5.001s,LB pick: 0.001s', msg: 'context deadline exceeded' },
    { name: 'our cancellation', code: Status.CANCELLED, details: 'Cancelled on client', msg: 'context canceled' },
    { name: 'a cancellation without details', code: Status.CANCELLED, details: '', msg: 'context canceled' },
    { name: 'a server-side cancellation keeps its text', code: Status.CANCELLED, details: 'etcdserver: request cancelled', msg: 'etcdserver: request cancelled' },
    { name: 'server details verbatim (OUT_OF_RANGE)', code: Status.OUT_OF_RANGE, details: 'etcdserver: mvcc: required revision has been compacted', msg: 'etcdserver: mvcc: required revision has been compacted' },
    { name: 'server details verbatim (NOT_FOUND)', code: Status.NOT_FOUND, details: 'etcdserver: requested lease not found', msg: 'etcdserver: requested lease not found' },
    { name: 'server details verbatim (INVALID_ARGUMENT)', code: Status.INVALID_ARGUMENT, details: 'etcdserver: duplicate key given in txn request', msg: 'etcdserver: duplicate key given in txn request' },
    { name: 'server details verbatim (PERMISSION_DENIED)', code: Status.PERMISSION_DENIED, details: 'etcdserver: permission denied', msg: 'etcdserver: permission denied' },
    { name: 'server details verbatim (UNAVAILABLE)', code: Status.UNAVAILABLE, details: 'etcdserver: request timed out', msg: 'etcdserver: request timed out' },
  ];
  it.each(cases)('$name', ({ code, details, msg }) => {
    const err = new RpcError('/etcdserverpb.KV/Put', code, details, '127.0.0.1:2379');
    expect(err.message).toBe(msg);
    expect(err.details).toBe(details);
    expect(err.code).toBe(code);
    expect(err.path).toBe('/etcdserverpb.KV/Put');
    expect(err.endpoint).toBe('127.0.0.1:2379');
    expect(formatError(err)).toBe(`Error: ${msg}`);
    expect(exitCodeFor(err)).toBe(1);
  });
});
