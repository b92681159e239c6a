/**
 * Finds out why an endpoint cannot be reached, for an error line that says so: grpc-js only
 * tells its connectivity state, and etcdctl only says `context deadline exceeded`. Runs only after
 * a connection attempt failed, with sockets of its own: a TCP connect, then the TLS handshake or
 * the HTTP/2 preface the real connection would have sent.
 */
import net from 'node:net';
import tls from 'node:tls';

/** TLS settings of the connection that failed. */
export interface ProbeTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecureSkipVerify?: boolean;
  readonly serverName?: string;
}

/** Where to connect: a TCP host and port, or a unix socket path. */
export type ProbeAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** HTTP/2 client connection preface followed by an empty SETTINGS frame. */
const H2_PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

/** Parses a grpc-js target (`ipv4:1.2.3.4:5`, `ipv6:[::1]:5`, `host:5`, `unix:/p`) into an address. */
export function probeAddress(target: string): ProbeAddress | undefined {
  if (target.startsWith('unix:')) return { path: target.slice(5) };
  // ipv4:/ipv6: targets of IP endpoints, etcdctl-ts-hosts: of names the hosts file lists (transport.ts).
  const t = target.replace(/^(?:ipv[46]|etcdctl-ts-hosts):/, '');
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(t);
  if (m === null) return undefined;
  return { host: m[1]!, port: Number(m[2]) };
}

export function displayAddress(a: ProbeAddress): string {
  if ('path' in a) return a.path;
  return net.isIPv6(a.host) ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** Go's net error wording for a failed dial: `dial tcp 127.0.0.1:1: connect: connection refused`. */
export function dialError(a: ProbeAddress, err: NodeJS.ErrnoException): string {
  const net = 'path' in a ? 'unix' : 'tcp';
  const where = displayAddress(a);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial ${net} ${where}: connect: connection refused`;
    case 'ENOENT':
      return `dial ${net} ${where}: connect: no such file or directory`;
    case 'EACCES':
      return `dial ${net} ${where}: connect: permission denied`;
    case 'EHOSTUNREACH':
      return `dial ${net} ${where}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial ${net} ${where}: connect: network is unreachable`;
    case 'ETIMEDOUT':
      return `dial ${net} ${where}: i/o timeout`;
    case 'ENOTFOUND':
      return `dial ${net}: lookup ${'host' in a ? a.host : where}: no such host`;
    case 'EAI_AGAIN':
      return `dial ${net}: lookup ${'host' in a ? a.host : where}: temporary failure in name resolution`;
    default:
      return `dial ${net} ${where}: ${oneLine(err.message)}`;
  }
}

/** OpenSSL's multi-line messages, made one line. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** Go's x509 wording for a Node certificate verification error code. */
export function verifyError(code: string, host: string): string {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return 'x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `x509: certificate is not valid for ${host}`;
    default:
      return `x509: ${code}`;
  }
}

/** What an OpenSSL alert from the server says about our client certificate, if it is about it. */
export function alertError(message: string, sentCert: boolean): string | undefined {
  const m = /\balert ([a-z]+(?: [a-z]+)*)/i.exec(message);
  if (m === null) return undefined;
  const what = m[1]!.toLowerCase();
  if (what === 'certificate required' || (!sentCert && (what === 'bad certificate' || what === 'handshake failure'))) {
    return 'the server requires a client certificate: give --cert and --key';
  }
  return `the server rejected the client certificate: ${what}`;
}

function looksNotTls(err: NodeJS.ErrnoException): boolean {
  return (
    err.code === 'ECONNRESET' ||
    err.code === 'EPIPE' ||
    /wrong version number|packet length too long|unknown protocol|record layer failure|disconnected before secure TLS/i.test(
      err.message,
    )
  );
}

interface Outcome {
  readonly data?: Buffer;
  readonly error?: NodeJS.ErrnoException;
  readonly closed?: boolean;
  readonly timeout?: boolean;
}

/** Waits for the first data, error, close or the timeout on `sock`. */
function firstEvent(sock: net.Socket, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve({ timeout: true }), timeoutMs);
    const done = (o: Outcome): void => {
      clearTimeout(t);
      resolve(o);
    };
    sock.once('data', (data: Buffer) => done({ data }));
    sock.once('error', (error: NodeJS.ErrnoException) => done({ error }));
    sock.once('close', () => done({ closed: true }));
  });
}

function tcpConnect(a: ProbeAddress, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = 'path' in a ? net.connect({ path: a.path }) : net.connect({ host: a.host, port: a.port });
    const t = setTimeout(() => {
      sock.destroy();
      reject(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(t);
      resolve(sock);
    });
    sock.once('error', (err) => {
      clearTimeout(t);
      reject(err);
    });
  });
}

/** Whether the server answers a TLS ClientHello like a TLS server. */
async function speaksTls(a: ProbeAddress, timeoutMs: number): Promise<boolean> {
  let raw: net.Socket;
  try {
    raw = await tcpConnect(a, timeoutMs);
  } catch {
    return false;
  }
  const sock = tls.connect({ socket: raw, rejectUnauthorized: false, ALPNProtocols: ['h2'] });
  try {
    return await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      sock.once('secureConnect', () => {
        clearTimeout(t);
        resolve(true);
      });
      // An alert (e.g. "certificate required") is still a TLS server talking.
      sock.once('error', (err) => {
        clearTimeout(t);
        resolve(/alert/i.test(err.message));
      });
    });
  } finally {
    sock.destroy();
    raw.destroy();
  }
}

async function probePlain(a: ProbeAddress, raw: net.Socket, timeoutMs: number): Promise<string | undefined> {
  const answer = firstEvent(raw, timeoutMs);
  raw.write(H2_PREFACE);
  const o = await answer;
  raw.destroy();
  // 0x15 / 0x16: a TLS alert or handshake record in answer to plain text.
  const tlsAnswer = o.data !== undefined && (o.data[0] === 0x15 || o.data[0] === 0x16);
  if (tlsAnswer || (o.data === undefined && !o.timeout && (await speaksTls(a, timeoutMs)))) {
    return `${displayAddress(a)}: the server expects TLS, not plain text: use an https:// endpoint`;
  }
  return undefined;
}

async function probeTls(a: ProbeAddress, raw: net.Socket, cfg: ProbeTls, timeoutMs: number): Promise<string | undefined> {
  const where = displayAddress(a);
  const host = 'host' in a ? a.host : 'localhost';
  const servername = cfg.serverName ?? ('host' in a && net.isIP(a.host) === 0 ? a.host : undefined);
  const sentCert = cfg.cert !== undefined;
  const sock = tls.connect({
    socket: raw,
    ...(cfg.ca === undefined ? {} : { ca: cfg.ca }),
    ...(cfg.cert === undefined ? {} : { cert: cfg.cert }),
    ...(cfg.key === undefined ? {} : { key: cfg.key }),
    ...(servername === undefined ? {} : { servername }),
    // Node checks the certificate against servername, else host, else "localhost".
    ...('host' in a ? { host: a.host } : {}),
    rejectUnauthorized: false,
    ALPNProtocols: ['h2'],
  });
  try {
    const hs = await new Promise<Outcome & { secure?: boolean }>((resolve) => {
      const t = setTimeout(() => resolve({ timeout: true }), timeoutMs);
      sock.once('secureConnect', () => {
        clearTimeout(t);
        resolve({ secure: true });
      });
      sock.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(t);
        resolve({ error });
      });
      sock.once('close', () => {
        clearTimeout(t);
        resolve({ closed: true });
      });
    });
    const failed = (why: string): string => `${where}: TLS handshake failed: ${why}`;
    if (hs.error !== undefined) {
      const alert = alertError(hs.error.message, sentCert);
      if (alert !== undefined) return failed(alert);
      if (looksNotTls(hs.error)) return failed('the server does not speak TLS');
      return failed(oneLine(hs.error.message));
    }
    if (hs.closed) return failed('the server does not speak TLS');
    if (hs.timeout) return failed('no answer from the server');
    if (!cfg.insecureSkipVerify) {
      const code = sock.authorizationError as Error | string | null | undefined;
      if (code !== undefined && code !== null) return failed(verifyError(String(code), servername ?? host));
    }
    // TLS 1.3 servers check the client certificate after the client considers the handshake
    // done: their verdict arrives as an alert in answer to the first bytes.
    const answer = firstEvent(sock, timeoutMs);
    sock.write(H2_PREFACE);
    const o = await answer;
    if (o.error !== undefined) {
      const alert = alertError(o.error.message, sentCert);
      return alert === undefined ? `${where}: ${oneLine(o.error.message)}` : failed(alert);
    }
    return undefined;
  } finally {
    sock.destroy();
    raw.destroy();
  }
}

/**
 * Why `address` cannot be used, in one line naming it (`dial tcp 127.0.0.1:1: connect:
 * connection refused`, `127.0.0.1:2379: TLS handshake failed: x509: certificate signed by
 * unknown authority`, …), or undefined when the probe finds nothing wrong.
 */
export async function diagnose(address: ProbeAddress, secure: ProbeTls | undefined, timeoutMs: number): Promise<string | undefined> {
  let raw: net.Socket;
  try {
    raw = await tcpConnect(address, timeoutMs);
  } catch (err) {
    return dialError(address, err as NodeJS.ErrnoException);
  }
  try {
    return secure === undefined ? await probePlain(address, raw, timeoutMs) : await probeTls(address, raw, secure, timeoutMs);
  } catch (err) {
    return `${displayAddress(address)}: ${oneLine((err as Error).message)}`;
  } finally {
    raw.destroy();
  }
}
