/**
 * Test certificates made with openssl at setup time, into a temporary directory (never
 * committed): a CA, a server certificate for 127.0.0.1, client certificates, and a second CA
 * that signed none of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCerts {
  readonly dir: string;
  /** The CA that signed the server and client certificates. */
  readonly ca: string;
  /** A CA that signed nothing here: "wrong CA". */
  readonly otherCa: string;
  /** Server certificate (subjectAltName IP:127.0.0.1) and key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** Client certificate with CN=root (etcd maps the CN to a user under --client-cert-auth). */
  readonly clientCert: string;
  readonly clientKey: string;
  /** Client certificate with CN=alice. */
  readonly aliceCert: string;
  readonly aliceKey: string;
  /** A client certificate signed by otherCa: the server rejects it. */
  readonly strangerCert: string;
  readonly strangerKey: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`]);
}

function makeLeaf(dir: string, name: string, cn: string, ca: string, ext: string): void {
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  openssl(dir, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`,
  ]);
}

/** Makes a fresh set of certificates; call remove() when done. */
export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-certs-'));
  try {
    makeCa(dir, 'ca');
    makeCa(dir, 'other-ca');
    makeLeaf(dir, 'server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
    makeLeaf(dir, 'client', 'root', 'ca', 'extendedKeyUsage=clientAuth\n');
    makeLeaf(dir, 'alice', 'alice', 'ca', 'extendedKeyUsage=clientAuth\n');
    makeLeaf(dir, 'stranger', 'root', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const f = (name: string): string => path.join(dir, name);
  return {
    dir,
    ca: f('ca.crt'),
    otherCa: f('other-ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    aliceCert: f('alice.crt'),
    aliceKey: f('alice.key'),
    strangerCert: f('stranger.crt'),
    strangerKey: f('stranger.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
