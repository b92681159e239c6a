import type { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { ClientConfig, TlsConfig } from '../client/transport.js';
import { hostsFile } from '../client/hosts.js';
import { platform } from 'node:os';
import type { Printer } from '../output/printer.js';
import { ConnectionError, SilentError, UsageError } from '../core/errors.js';
import { debugDump, resolveGlobalOptions, tlsServerName, wantsTls, type GlobalOptions } from './global-options.js';
import { goFlags } from './flags.js';
import type { IO } from './io.js';
import type { ContextLayer } from '../config/context-layer.js';
import { selectContext } from '../config/select.js';

/** Everything a command needs from the outside world, injected; see design.md. */
export interface CommandContext {
  readonly io: IO;
  /** Global options; ETCDCTL_* applies only once a command asks for a client or printer. */
  readonly global: GlobalOptions;
  /** Aborted on Ctrl-C; long-running commands stop when it fires. */
  readonly signal: AbortSignal;
  /** The command line as given (without the program name); `watch` finds its `--` in it. */
  readonly argv?: readonly string[];
  /** The printer for `-w`; fails with exit 4 for an unknown format. */
  printer(): Promise<Printer>;
  /** A client for `--endpoints`, built on first use (checks env, TLS files, output format first). */
  client(): Promise<EtcdClient>;
  /** A client for the given endpoints, with the same settings. */
  clientFor(endpoints: readonly string[]): Promise<EtcdClient>;
  /** Options for a unary RPC under --command-timeout. */
  readonly callOptions: { readonly signal: AbortSignal; readonly timeoutMs: number };
  /**
   * Declares that the command handles SIGINT/SIGTERM itself, as etcdctl's `lock` and `elect` do
   * (signal.Notify): from then on Ctrl-C only aborts `signal`, and the process exits with the
   * command's exit code instead of dying by the signal.
   */
  catchSignals?(): void;
  /** Global flags given on the command line (long name → value as text), for `context set`. */
  givenGlobals?(): ReadonlyMap<string, string>;
}

/** capnslog's line prefix: `2026-11-25 11:56:17.963776 W | `, local time. */
function capnslog(level: 'W' | 'C', text: string): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const d = new Date(Math.floor(micros / 1000));
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(micros % 1_000_000, 6)}`;
  return `${stamp} ${level} | pkg/flags: ${text}\n`;
}

export class Context implements CommandContext {
  private root: Command | undefined;
  private opts: Record<string, unknown> = {};
  private given: ReadonlySet<string> = new Set();
  private command: readonly string[] = [];
  private base: GlobalOptions | undefined;
  private withEnv: GlobalOptions | undefined;
  private printerPromise: Promise<Printer> | undefined;
  private readonly clients: EtcdClient[] = [];
  private main: Promise<EtcdClient> | undefined;

  /** The command line as given; set by run(). */
  argv: readonly string[] = [];

  /** Told when the command calls catchSignals(); set by run() from its options. */
  onSignalsCaught: (() => void) | undefined;

  catchSignals(): void {
    this.onSignalsCaught?.();
  }

  constructor(
    readonly io: IO,
    readonly signal: AbortSignal,
  ) {}

  /** Called once argv is parsed, before the command's action runs. */
  setParsed(root: Command, opts: Record<string, unknown>, given: ReadonlySet<string>, command: readonly string[] = []): void {
    this.root = root;
    this.opts = opts;
    this.given = given;
    this.command = command;
  }

  get global(): GlobalOptions {
    return this.withEnv ?? (this.base ??= resolveGlobalOptions(this.root!, this.opts, this.given, {}, false).options);
  }

  get callOptions(): { signal: AbortSignal; timeoutMs: number } {
    return { signal: this.signal, timeoutMs: this.global.commandTimeoutMs };
  }

  givenGlobals(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const f of goFlags(this.root!)) if (this.given.has(f.longName)) out.set(f.longName, String(this.opts[f.attributeName()]));
    return out;
  }

  /** The saved context in use (ours), once the environment is applied. */
  private layer: ContextLayer | undefined;

  /** etcdctl's mustClientFromCmd preamble: environment, --debug dump. */
  private applyEnv(): GlobalOptions {
    if (this.withEnv !== undefined) return this.withEnv;
    this.layer = selectContext(this.given.has('context') ? String(this.opts.context) : undefined, this.io.env);
    const { options, report } = resolveGlobalOptions(this.root!, this.opts, this.given, this.io.env, true, this.command, this.layer);
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
    const config = await this.clientConfig(endpoints);
    const { createClient } = await import('../client/client.js');
    const c = createClient(config);
    this.clients.push(c);
    if (config.credentials !== undefined) {
      try {
        await c.login({ signal: this.signal });
      } catch (err) {
        // compat(etcdctl): clientv3.New authenticates, and a client that cannot be built is
        // ExitBadConnection: wrong password, unreachable endpoint alike.
        throw new ConnectionError(err instanceof Error ? err.message : String(err));
      }
    }
    return c;
  }

  private credentials: Promise<{ user: string; password: string } | undefined> | undefined;

  /**
   * etcdctl's authCfgFromCmd: `--user name:password`, or `--user name --password pw` (the name
   * then taken as is), or `--user name` and the password asked for (once per command).
   */
  private authConfig(): Promise<{ user: string; password: string } | undefined> {
    this.credentials ??= (async () => {
      const g = this.global;
      if (g.user === '') return undefined;
      if (g.password !== '') return { user: g.user, password: g.password };
      const i = g.user.indexOf(':');
      if (i >= 0) return { user: g.user.slice(0, i), password: g.user.slice(i + 1) };
      return { user: g.user, password: await this.io.readPassword('Password: ') };
    })();
    return this.credentials;
  }

  private async clientConfig(endpoints: readonly string[]): Promise<ClientConfig> {
    const g = this.global;
    for (const name of ['cert', 'key', 'cacert'] as const) {
      if (this.given.has(name) && g[name] === '') throw new UsageError(`empty string is passed to --${name} option`);
    }
    const auth = await this.authConfig();
    const serverName = tlsServerName(g);
    let tls: TlsConfig | undefined;
    if (wantsTls(g)) {
      const { loadTlsFiles } = await import('./tls-files.js');
      tls = {
        ...this.fromContext(() => loadTlsFiles({ cacert: g.cacert, cert: g.cert, key: g.key })),
        insecureSkipVerify: g.insecureSkipTlsVerify,
        ...(serverName !== '' ? { serverName } : {}),
      };
    }
    // compat(etcdctl): clientv3 authenticates only with both a user name and a password; with an
    // empty password requests go without a token (and fail with "user name is empty").
    const credentials = auth !== undefined && auth.user !== '' && auth.password !== '' ? auth : undefined;
    return {
      endpoints,
      dialTimeoutMs: g.dialTimeoutMs,
      keepaliveTimeMs: g.keepaliveTimeMs,
      keepaliveTimeoutMs: g.keepaliveTimeoutMs,
      ...(tls === undefined ? {} : { tls }),
      ...(credentials === undefined ? {} : { credentials }),
      hostsFile: hostsFile(this.io.env, platform()),
    };
  }

  /** Errors about a file a saved context names say which context named it. */
  private fromContext<T>(load: () => T): T {
    try {
      return load();
    } catch (err) {
      const l = this.layer;
      if (!(err instanceof UsageError) || l === undefined) throw err;
      const named = (['cacert', 'cert', 'key'] as const).find(
        (k) => l.settings[k] !== undefined && l.settings[k] === this.global[k] && err.message.includes(l.settings[k]),
      );
      if (named === undefined) throw err;
      throw new UsageError(`context "${l.name}" (${l.file}): --${named}: ${err.message}`);
    }
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}
