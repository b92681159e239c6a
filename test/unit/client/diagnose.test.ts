import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertError, diagnose, dialError, probeAddress, verifyError } from '../../../src/client/diagnose.js';

describe('connection diagnosis wording', () => {
  it('probeAddress reads grpc-js targets', () => {
    expect(probeAddress('ipv4:127.0.0.1:2379')).toEqual({ host: '127.0.0.1', port: 2379 });
    expect(probeAddress('etcdctl-ts-hosts:localhost:2379')).toEqual({ host: 'localhost', port: 2379 });
    expect(probeAddress('ipv6:[::1]:2379')).toEqual({ host: '::1', port: 2379 });
    expect(probeAddress('etcd.example.com:2379')).toEqual({ host: 'etcd.example.com', port: 2379 });
    expect(probeAddress('unix:/run/etcd.sock')).toEqual({ path: '/run/etcd.sock' });
    expect(probeAddress('no-port')).toBeUndefined();
  });

  it("dialError speaks Go's net errors", () => {
    const e = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
    expect(dialError({ host: '127.0.0.1', port: 1 }, e('ECONNREFUSED'))).toBe('dial tcp 127.0.0.1:1: connect: connection refused');
    expect(dialError({ host: '::1', port: 1 }, e('ECONNREFUSED'))).toBe('dial tcp [::1]:1: connect: connection refused');
    expect(dialError({ host: 'nohost.invalid', port: 1 }, e('ENOTFOUND'))).toBe('dial tcp: lookup nohost.invalid: no such host');
    expect(dialError({ host: '10.0.0.1', port: 2 }, e('ETIMEDOUT'))).toBe('dial tcp 10.0.0.1:2: i/o timeout');
    expect(dialError({ path: '/x.sock' }, e('ENOENT'))).toBe('dial unix /x.sock: connect: no such file or directory');
  });

  it('verifyError and alertError', () => {
    expect(verifyError('SELF_SIGNED_CERT_IN_CHAIN', '127.0.0.1')).toBe('x509: certificate signed by unknown authority');
    expect(verifyError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'h')).toBe('x509: certificate signed by unknown authority');
    expect(verifyError('CERT_HAS_EXPIRED', 'h')).toBe('x509: certificate has expired or is not yet valid');
    expect(verifyError('ERR_TLS_CERT_ALTNAME_INVALID', '10.1.1.1')).toBe('x509: certificate is not valid for 10.1.1.1');
    const openssl = (alert: string): string =>
      `C0:error:0A000412:SSL routines:ssl3_read_bytes:${alert}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 42\n`;
    expect(alertError(openssl('sslv3 alert bad certificate'), false)).toBe('the server requires a client certificate: give --cert and --key');
    expect(alertError(openssl('tlsv13 alert certificate required'), false)).toBe('the server requires a client certificate: give --cert and --key');
    expect(alertError(openssl('sslv3 alert bad certificate'), true)).toBe('the server rejected the client certificate: bad certificate');
    expect(alertError(openssl('tlsv1 alert unknown ca'), true)).toBe('the server rejected the client certificate: unknown ca');
    expect(alertError('read ECONNRESET', true)).toBeUndefined();
  });
});

describe('diagnose against local sockets', () => {
  let closedPort: number;
  let silent: net.Server;
  let silentPort: number;
  beforeAll(async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    // A server that accepts and then hangs up on every connection, as a plain etcd port does to TLS.
    silent = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((r) => silent.close(r)));

  it('connection refused', async () => {
    expect(await diagnose({ host: '127.0.0.1', port: closedPort }, undefined, 1000)).toBe(
      `dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
    );
  });

  it('a TLS handshake the server hangs up on', async () => {
    expect(await diagnose({ host: '127.0.0.1', port: silentPort }, {}, 1000)).toBe(
      `127.0.0.1:${silentPort}: TLS handshake failed: the server does not speak TLS`,
    );
  });
});
