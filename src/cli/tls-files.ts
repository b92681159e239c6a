import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** The PEM material behind --cacert, --cert and --key, read and checked. */
export interface TlsFiles {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface TlsPaths {
  readonly cacert: string;
  readonly cert: string;
  readonly key: string;
}

interface PemBlock {
  readonly type: string;
  readonly text: string;
}

/** The PEM blocks of `data`, in order, each with its BEGIN/END lines. */
export function pemBlocks(data: Buffer | string): PemBlock[] {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const re = /-----BEGIN ([^\n-]*)-----[\s\S]*?-----END \1-----/g;
  return [...text.matchAll(re)].map((m) => ({ type: m[1]!, text: m[0] }));
}

/** Go's wording for a file that cannot be read: `open /x: no such file or directory`. */
function fileError(path: string, err: NodeJS.ErrnoException): UsageError {
  const why: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many levels of symbolic links',
  };
  if (err.code === 'EISDIR') return new UsageError(`read ${path}: is a directory`);
  return new UsageError(`open ${path}: ${why[err.code ?? ''] ?? err.message}`);
}

export type ReadFile = (path: string) => Buffer;

function read(path: string, readFile: ReadFile): Buffer {
  try {
    return readFile(path);
  } catch (err) {
    throw fileError(path, err as NodeJS.ErrnoException);
  }
}

function skipped(blocks: readonly PemBlock[]): string {
  return `[${blocks.map((b) => b.type).join(' ')}]`;
}

const isKeyType = (t: string): boolean => t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY');

/** Go's tls.X509KeyPair checks, with its messages. */
function checkKeyPair(certPem: Buffer, keyPem: Buffer): void {
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (certs.length === 0) {
    if (certBlocks.length === 0) throw new UsageError('tls: failed to find any PEM data in certificate input');
    if (certBlocks.some((b) => isKeyType(b.type))) {
      throw new UsageError(
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      );
    }
    throw new UsageError(
      `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${skipped(certBlocks)}`,
    );
  }
  const keyBlocks = pemBlocks(keyPem);
  const keyBlock = keyBlocks.find((b) => isKeyType(b.type));
  if (keyBlock === undefined) {
    if (keyBlocks.length === 0) throw new UsageError('tls: failed to find any PEM data in key input');
    if (keyBlocks.some((b) => b.type === 'CERTIFICATE')) {
      throw new UsageError('tls: found a certificate rather than a key in the PEM for the private key');
    }
    throw new UsageError(
      `tls: failed to find "PRIVATE KEY" PEM block in key input after skipping PEM blocks of the following types: ${skipped(keyBlocks)}`,
    );
  }
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certs[0]!.text);
  } catch {
    throw new UsageError('x509: malformed certificate');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock.text);
  } catch {
    throw new UsageError('tls: failed to parse private key');
  }
  if (!leaf.checkPrivateKey(key)) throw new UsageError('tls: private key does not match public key');
}

/** Go's tlsutil.NewCertPool: every PEM block must be a certificate; no block at all is allowed. */
function checkCaBundle(caPem: Buffer): void {
  for (const b of pemBlocks(caPem)) {
    try {
      new X509Certificate(b.text);
    } catch {
      throw new UsageError('x509: malformed certificate');
    }
  }
}

/**
 * Reads and checks the TLS files as etcdctl does before it dials (transport.TLSInfo): the key
 * pair first, then the CA bundle. Every problem is a UsageError (exit 128) with Go's message.
 */
export function loadTlsFiles(p: TlsPaths, readFile: ReadFile = readFileSync): TlsFiles {
  if ((p.cert === '') !== (p.key === '')) {
    throw new UsageError(`KeyFile and CertFile must both be present[key: ${p.key}, cert: ${p.cert}]`);
  }
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  if (p.cert !== '') {
    cert = read(p.cert, readFile);
    key = read(p.key, readFile);
    checkKeyPair(cert, key);
  }
  let ca: Buffer | undefined;
  if (p.cacert !== '') {
    ca = read(p.cacert, readFile);
    checkCaBundle(ca);
  }
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}
