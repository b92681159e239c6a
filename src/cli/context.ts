import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { ClientConfig, TlsConfig } from '../client/transport.js';
import type { Printer } from '../output/printer.js';
import { ConnectionError, SilentError, UsageError } from './errors.js';
import { debugDump, resolveGlobalOptions, type GlobalOptions } from './global-options.js';
import type { IO } from './io.js';

/** Everything a command needs from the outside world, injected; see design.md. */
export interface CommandContext {
  readonly io: IO;
  /** Global options; ETCDCTL_* applies only once a command asks for a client or printer. */
  readonly global: GlobalOptions;
  /** Aborted on Ctrl-C; long-running commands stop when it fires. */
  readonly signal: AbortSignal;
  /** The printer for `-w`; fails with exit 4 for an unknown format. */
  printer(): Promise<Printer>;
  /** A client for `--endpoints`, built on first use (checks env, TLS files, output format first). */
  client(): Promise<EtcdClient>;
  /** A client for the given endpoints, with the same settings. */
  clientFor(endpoints: readonly string[]): Promise<EtcdClient>;
  /** Options for a unary RPC under --command-timeout. */
  readonly callOptions: { readonly signal: AbortSignal; readonly timeoutMs: number };
}

/** capnslog's line prefix: `2026-11-25 11:56:17.963776 W | `, local time. */
function capnslog(level: 'W' | 'C', text: string): string {
  const d = new Date();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
  return `${stamp} ${level} | pkg/flags: ${text}\n`;
}

export class Context implements CommandContext {
  private root: Command | undefined;
  private opts: Record<string, unknown> = {};
  private given: ReadonlySet<string> = new Set();
  private base: GlobalOptions | undefined;
  private withEnv: GlobalOptions | undefined;
  private printerPromise: Promise<Printer> | undefined;
  private readonly clients: EtcdClient[] = [];
  private main: Promise<EtcdClient> | undefined;

  constructor(
    readonly io: IO,
    readonly signal: AbortSignal,
  ) {}

  /** Called once argv is parsed, before the command's action runs. */
  setParsed(root: Command, opts: Record<string, unknown>, given: ReadonlySet<string>): void {
    this.root = root;
    this.opts = opts;
    this.given = given;
  }

  get global(): GlobalOptions {
    return this.withEnv ?? (this.base ??= resolveGlobalOptions(this.root!, this.opts, this.given, {}, false).options);
  }

  get callOptions(): { signal: AbortSignal; timeoutMs: number } {
    return { signal: this.signal, timeoutMs: this.global.commandTimeoutMs };
  }

  /** etcdctl's mustClientFromCmd preamble: environment, --debug dump. */
  private applyEnv(): GlobalOptions {
    if (this.withEnv !== undefined) return this.withEnv;
    const { options, report } = resolveGlobalOptions(this.root!, this.opts, this.given, this.io.env, true);
    for (const u of report.unknown) this.io.stderr.write(capnslog('W', `unrecognized environment variable ${u}`));
    if (report.conflict !== undefined) {
      this.io.stderr.write(
        capnslog(
          'C',
          `conflicting environment variable "${report.conflict}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`,
        ),
      );
      throw new SilentError();
    }
    if (options.debug) this.io.stderr.write(debugDump(this.root!, options));
    this.withEnv = options;
    return options;
  }

  printer(): Promise<Printer> {
    this.printerPromise ??= (async () => {
      const g = this.applyEnv();
      const { createPrinter } = await import('../output/printer.js');
      return createPrinter(g.writeOut, { hex: g.hex }, this.io);
    })();
    return this.printerPromise;
  }

  client(): Promise<EtcdClient> {
    this.main ??= this.printer().then(() => this.clientFor(this.global.endpoints));
    return this.main;
  }

  async clientFor(endpoints: readonly string[]): Promise<EtcdClient> {
    await this.printer();
    const config = this.clientConfig(endpoints);
    const { createClient } = await import('../client/client.js');
    const c = createClient(config);
    this.clients.push(c);
    return c;
  }

  private clientConfig(endpoints: readonly string[]): ClientConfig {
    const g = this.global;
    for (const name of ['cert', 'key', 'cacert'] as const) {
      if (this.given.has(name) && g[name] === '') throw new UsageError(`empty string is passed to --${name} option`);
    }
    const read = (path: string): Buffer => {
      try {
        return readFileSync(path);
      } catch (err) {
        throw new ConnectionError((err as Error).message);
      }
    };
    let tls: TlsConfig | undefined;
    if (g.cert !== '' || g.key !== '' || g.cacert !== '' || !g.insecureTransport || g.discoverySrv !== '') {
      tls = {
        ...(g.cacert !== '' ? { ca: read(g.cacert) } : {}),
        ...(g.cert !== '' ? { cert: read(g.cert) } : {}),
        ...(g.key !== '' ? { key: read(g.key) } : {}),
        insecureSkipVerify: g.insecureSkipTlsVerify,
        ...(g.discoverySrv !== '' ? { serverName: g.discoverySrv } : {}),
      };
    }
    let credentials: { user: string; password: string } | undefined;
    if (g.user !== '') {
      if (g.password !== '') credentials = { user: g.user, password: g.password };
      else {
        const i = g.user.indexOf(':');
        credentials = i < 0 ? { user: g.user, password: '' } : { user: g.user.slice(0, i), password: g.user.slice(i + 1) };
      }
    }
    return {
      endpoints,
      dialTimeoutMs: g.dialTimeoutMs,
      keepaliveTimeMs: g.keepaliveTimeMs,
      keepaliveTimeoutMs: g.keepaliveTimeoutMs,
      ...(tls === undefined ? {} : { tls }),
      ...(credentials === undefined ? {} : { credentials }),
    };
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}
