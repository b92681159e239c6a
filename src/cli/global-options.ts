import type { Command } from 'commander';
import { goDuration } from '../core/encode.js';
import { flag, goFlags, type GoFlag } from './flags.js';
import { maskPassword, maskUserPassword } from './redact.js';
import { GoParseError, parseGoBool, parseGoDuration, parseStringSlice } from './parse.js';
import { ConfigError } from '../config/store.js';
import type { ContextLayer } from '../config/context-layer.js';

/** etcdctl's global flags, checked and typed. Durations are in milliseconds. */
export interface GlobalOptions {
  readonly endpoints: readonly string[];
  readonly dialTimeoutMs: number;
  readonly commandTimeoutMs: number;
  /** Whether --command-timeout was given (snapshot save is unbounded otherwise). */
  readonly commandTimeoutGiven: boolean;
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly insecureTransport: boolean;
  readonly insecureSkipTlsVerify: boolean;
  readonly insecureDiscovery: boolean;
  readonly cert: string;
  readonly key: string;
  readonly cacert: string;
  readonly user: string;
  readonly password: string;
  readonly writeOut: string;
  readonly hex: boolean;
  readonly discoverySrv: string;
  readonly discoverySrvName: string;
  readonly debug: boolean;
}

/** Declares the global flags on the root command, with etcdctl's names, defaults and help. */
/** compat(etcdctl): the SRV domain names the server only with --insecure-discovery=false. */
export function tlsServerName(g: GlobalOptions): string {
  return g.discoverySrv !== '' && !g.insecureDiscovery ? g.discoverySrv : '';
}

/** Whether the client dials with TLS: any TLS file, an SRV server name, or --insecure-transport=false. */
export function wantsTls(g: GlobalOptions): boolean {
  return g.cert !== '' || g.key !== '' || g.cacert !== '' || tlsServerName(g) !== '' || !g.insecureTransport;
}

export function addGlobalFlags(root: Command): void {
  flag(root, 'string', 'cacert', '', 'verify certificates of TLS-enabled secure servers using this CA bundle');
  flag(root, 'string', 'cert', '', 'identify secure client using this TLS certificate file');
  flag(root, 'duration', 'command-timeout', '5s', 'timeout for short running command (excluding dial timeout)');
  flag(root, 'bool', 'debug', 'false', 'enable client-side debug logging');
  flag(root, 'duration', 'dial-timeout', '2s', 'dial timeout for client connections');
  flag(root, 'string', 'discovery-srv', '', 'domain name to query for SRV records describing cluster endpoints', { short: 'd' });
  flag(root, 'string', 'discovery-srv-name', '', 'service name to query when using DNS discovery');
  flag(root, 'stringSlice', 'endpoints', '[127.0.0.1:2379]', 'gRPC endpoints');
  flag(root, 'bool', 'hex', 'false', 'print byte strings as hex encoded strings');
  flag(root, 'bool', 'insecure-discovery', 'true', 'accept insecure SRV records describing cluster endpoints');
  flag(
    root,
    'bool',
    'insecure-skip-tls-verify',
    'false',
    'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)',
  );
  flag(root, 'bool', 'insecure-transport', 'true', 'disable transport security for client connections');
  flag(root, 'duration', 'keepalive-time', '2s', 'keepalive time for client connections');
  flag(root, 'duration', 'keepalive-timeout', '6s', 'keepalive timeout for client connections');
  flag(root, 'string', 'key', '', 'identify secure client using this TLS key file');
  flag(
    root,
    'string',
    'password',
    '',
    "password for authentication (if this option is used, --user option shouldn't include password)",
  );
  flag(root, 'string', 'user', '', 'username[:password] for authentication (prompt if password is not supplied)');
  flag(root, 'string', 'write-out', 'simple', 'set the output format (fields, json, protobuf, simple, table)', { short: 'w' });
  // Ours, not etcdctl's: hidden from GLOBAL OPTIONS so etcdctl's help texts stay as they are.
  flag(root, 'string', 'context', '', 'use the settings of this saved context (etcdctl-ts context --help)', { hidden: true });
}

export function envName(f: GoFlag): string {
  return `ETCDCTL_${f.longName.toUpperCase().replace(/-/g, '_')}`;
}

/** Problems with ETCDCTL_* variables: etcdctl logs these through capnslog. */
export interface EnvReport {
  /** A variable that is also given as a flag: fatal in etcdctl. */
  readonly conflict?: string;
  /** ETCDCTL_* variables that name no flag. */
  readonly unknown: readonly string[];
}

function rawValue(
  f: GoFlag,
  given: ReadonlySet<string>,
  opts: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  applyEnv: boolean,
  layer?: ContextLayer,
): string {
  if (given.has(f.longName)) {
    const v = opts[f.attributeName()];
    return typeof v === 'boolean' ? String(v) : String(v);
  }
  if (applyEnv) {
    const e = env[envName(f)];
    // compat(etcdctl): an empty or unparsable variable is ignored without a word.
    if (e !== undefined && e !== '' && valid(f, e)) return e;
  }
  // Ours: a saved context sits below flags and ETCDCTL_* variables, above the defaults.
  const c = layer?.settings[f.longName];
  if (c !== undefined) {
    if (!valid(f, c)) throw new ConfigError(layer!.file, `context "${layer!.name}": invalid ${f.longName} ${JSON.stringify(c)}`);
    return c;
  }
  return f.kind === 'stringSlice' ? f.goDefault.slice(1, -1) : f.goDefault;
}

function valid(f: GoFlag, v: string): boolean {
  try {
    if (f.kind === 'bool') parseGoBool(v);
    if (f.kind === 'duration') parseGoDuration(v);
    return true;
  } catch (err) {
    if (err instanceof GoParseError) return false;
    throw err;
  }
}

/**
 * Global options from the parsed flags and, for commands that talk to a server, the ETCDCTL_*
 * environment (etcdctl applies it only when it builds a client).
 */
export function resolveGlobalOptions(
  root: Command,
  opts: Record<string, unknown>,
  given: ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>>,
  applyEnv: boolean,
  /** Names of the command being run, e.g. ['watch']. */
  command: readonly string[] = [],
  /** A saved context's settings (ours), applied with the environment. */
  layer?: ContextLayer,
): { options: GlobalOptions; report: EnvReport } {
  const flags = goFlags(root);
  const v = (name: string): string => rawValue(flags.find((f) => f.longName === name)!, given, opts, env, applyEnv, applyEnv ? layer : undefined);
  const unknown: string[] = [];
  let conflict: string | undefined;
  if (applyEnv) {
    const byEnv = new Map(flags.map((f) => [envName(f), f]));
    // compat(etcdctl 3.4): pkg/flags walks the environment in order and stops at the first variable
    // whose flag was also given (fatal, even when the variable is empty); a variable that set no
    // flag (unknown, or empty) is a warning.
    for (const [k, value] of Object.entries(env)) {
      if (!k.startsWith('ETCDCTL_') || value === undefined) continue;
      if (k === 'ETCDCTL_API') continue;
      // Ours: selects a saved context; --context wins over it, as a flag wins over its variable.
      if (k === 'ETCDCTL_CONTEXT') continue;
      // Ours: ETCDCTL_TS_* tune etcdctl-ts itself (no etcdctl flag starts with `ts-`).
      if (k.startsWith('ETCDCTL_TS_')) continue;
      // compat(etcdctl 3.4): only `watch` consumes these before the check; elsewhere they are unknown.
      if ((k === 'ETCDCTL_WATCH_KEY' || k === 'ETCDCTL_WATCH_RANGE_END') && command[0] === 'watch') continue;
      // compat(etcdctl 3.4): `endpoint --cluster` is a persistent flag, so its subcommands take it from the environment.
      if (k === 'ETCDCTL_CLUSTER' && command[0] === 'endpoint' && command.length > 1) {
        if (given.has('cluster')) {
          conflict = k;
          break;
        }
        if (value !== '') continue;
      }
      const f = byEnv.get(k);
      if (f !== undefined && given.has(f.longName)) {
        conflict = k;
        break;
      }
      if (f === undefined || value === '') unknown.push(`${k}=${value}`);
    }
  }
  const options: GlobalOptions = {
    // compat(etcdctl): pflag keeps spaces around CSV fields; the Go client then trims them.
    endpoints: parseStringSlice(v('endpoints')).map((e) => e.trim()),
    dialTimeoutMs: parseGoDuration(v('dial-timeout')),
    commandTimeoutMs: parseGoDuration(v('command-timeout')),
    commandTimeoutGiven:
      given.has('command-timeout') || (applyEnv && (Boolean(env.ETCDCTL_COMMAND_TIMEOUT) || layer?.settings['command-timeout'] !== undefined)),
    keepaliveTimeMs: parseGoDuration(v('keepalive-time')),
    keepaliveTimeoutMs: parseGoDuration(v('keepalive-timeout')),
    insecureTransport: parseGoBool(v('insecure-transport')),
    insecureSkipTlsVerify: parseGoBool(v('insecure-skip-tls-verify')),
    insecureDiscovery: parseGoBool(v('insecure-discovery')),
    cert: v('cert'),
    key: v('key'),
    cacert: v('cacert'),
    user: v('user'),
    password: v('password'),
    writeOut: v('write-out'),
    hex: parseGoBool(v('hex')),
    discoverySrv: v('discovery-srv'),
    discoverySrvName: v('discovery-srv-name'),
    debug: parseGoBool(v('debug')),
  };
  return { options, report: { ...(conflict === undefined ? {} : { conflict }), unknown } };
}

/** The `--debug` dump: every global flag as ETCDCTL_<NAME>=<value>, in flag-name order. */
export function debugDump(root: Command, o: GlobalOptions): string {
  const value = (f: GoFlag): string => {
    switch (f.longName) {
      case 'endpoints':
        return `[${o.endpoints.join(' ')}]`;
      // Unlike etcdctl, which prints them as given, passwords never reach the debug output.
      case 'password':
        return maskPassword(o.password);
      case 'user':
        return o.password === '' ? maskUserPassword(o.user) : o.user;
      default: {
        const key = (f.kind === 'duration' ? `${f.attributeName()}Ms` : f.attributeName()) as keyof GlobalOptions;
        const raw = o[key];
        if (f.kind === 'duration') return goDuration(BigInt(Math.round((raw as number) * 1e6)));
        return String(raw);
      }
    }
  };
  return goFlags(root)
    .filter((f) => f.longName !== 'context')
    .sort((a, b) => (a.longName < b.longName ? -1 : 1))
    .map((f) => `${envName(f)}=${value(f)}\n`)
    .join('');
}
