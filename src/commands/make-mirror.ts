import { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { ClientConfig, TlsConfig } from '../client/transport.js';
import { hostsFile } from '../client/hosts.js';
import { platform } from 'node:os';
import type { KeyValue, RequestOp } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { ConnectionError, EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { prefixEnd, utf8 } from '../etcd/range.js';
import { Watcher } from '../etcd/watcher.js';

export interface MakeMirrorFlags {
  readonly prefix: string;
  readonly destPrefix: string;
  readonly noDestPrefix: boolean;
  readonly destCert: string;
  readonly destKey: string;
  readonly destCacert: string;
  readonly destInsecureTransport: boolean;
  /** etcdctl 3.5's --dest-user and --dest-password (absent: ''). */
  readonly destUser?: string;
  readonly destPassword?: string;
}

export interface MakeMirrorInput {
  readonly destination: string;
  readonly prefix: string;
  readonly destPrefix: string;
  readonly noDestPrefix: boolean;
  readonly destTls: { readonly cert: string; readonly key: string; readonly cacert: string; readonly insecureTransport: boolean };
  /** The destination's user: a password of undefined is asked for on the terminal. */
  readonly destAuth?: { readonly user: string; readonly password: string | undefined };
}

/** clientv3/mirror's batch size for copying the current state. */
const BATCH_LIMIT = 1000n;
/** How often etcdctl prints the number of keys mirrored so far. */
const REPORT_EVERY_MS = 30_000;
const COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
const NUL = Uint8Array.of(0);

export function makeMirrorCommand(ctx: CommandContext): Command {
  const cmd = new Command('make-mirror')
    .summary('Makes a mirror at the destination etcd cluster')
    .usage('[options] <destination>')
    .argument('[args...]');
  flag(cmd, 'string', 'prefix', '', 'Key-value prefix to mirror');
  flag(cmd, 'string', 'dest-prefix', '', 'destination prefix to mirror a prefix to a different prefix in the destination cluster');
  flag(cmd, 'bool', 'no-dest-prefix', 'false', 'mirror key-values to the root of the destination cluster');
  flag(cmd, 'string', 'dest-cert', '', 'Identify secure client using this TLS certificate file for the destination cluster');
  flag(cmd, 'string', 'dest-key', '', 'Identify secure client using this TLS key file');
  flag(cmd, 'string', 'dest-cacert', '', 'Verify certificates of TLS enabled secure servers using this CA bundle');
  flag(cmd, 'bool', 'dest-insecure-transport', 'true', 'Disable transport security for client connections');
  // etcdctl 3.5's flags, kept out of 3.4's help text.
  flag(cmd, 'string', 'dest-user', '', 'Destination username[:password] for authentication (prompt if password is not supplied)', { hidden: true });
  flag(cmd, 'string', 'dest-password', '', "Destination password for authentication (if this option is used, --user option shouldn't include password)", { hidden: true });
  return cmd.action((args: string[], opts: MakeMirrorFlags) => runMakeMirror(parseMakeMirrorArgs(args, opts), ctx));
}

export function parseMakeMirrorArgs(args: readonly string[], o: MakeMirrorFlags): MakeMirrorInput {
  if (args.length !== 1) throw new UsageError('make-mirror takes one destination argument');
  const destAuth = destinationAuth(o.destUser ?? '', o.destPassword ?? '');
  return {
    ...(destAuth === undefined ? {} : { destAuth }),
    destination: args[0]!,
    prefix: o.prefix,
    destPrefix: o.destPrefix,
    noDestPrefix: o.noDestPrefix,
    destTls: { cert: o.destCert, key: o.destKey, cacert: o.destCacert, insecureTransport: o.destInsecureTransport },
  };
}

/**
 * etcdctl 3.5's authDestCfg: no user, no authentication; `--dest-password` taken as is (the user
 * then too, colon and all); else `--dest-user name:password`; else the password is asked for.
 */
export function destinationAuth(user: string, password: string): MakeMirrorInput['destAuth'] {
  if (user === '') return undefined;
  if (password !== '') return { user, password };
  const i = user.indexOf(':');
  return i < 0 ? { user, password: undefined } : { user: user.slice(0, i), password: user.slice(i + 1) };
}

/**
 * The prefix keys get at the destination: --dest-prefix, '' with --no-dest-prefix, else --prefix
 * (the keys keep their names). Both flags together are an error (exit 128).
 */
export function destinationPrefix(input: Pick<MakeMirrorInput, 'prefix' | 'destPrefix' | 'noDestPrefix'>): string {
  if (input.noDestPrefix && input.destPrefix.length > 0) {
    throw new UsageError('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
  }
  return !input.noDestPrefix && input.destPrefix.length === 0 ? input.prefix : input.destPrefix;
}

/**
 * etcdctl's modifyPrefix, strings.Replace(key, prefix, dest, 1) on bytes. compat(etcdctl): the
 * first occurrence anywhere is replaced, and an empty prefix puts `dest` in front.
 */
export function modifyPrefix(key: Uint8Array, prefix: Uint8Array, dest: Uint8Array): Uint8Array {
  const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const at = prefix.length === 0 ? 0 : k.indexOf(Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength));
  if (at < 0) return key;
  return Buffer.concat([k.subarray(0, at), dest, k.subarray(at + prefix.length)]);
}

/** The destination client: etcdctl builds it from the --dest-* flags only (no --user, no env). */
async function destinationClient(input: MakeMirrorInput, ctx: CommandContext): Promise<EtcdClient> {
  const g = ctx.global;
  const t = input.destTls;
  let tls: TlsConfig | undefined;
  if (t.cert !== '' || t.key !== '' || t.cacert !== '') {
    const { loadTlsFiles } = await import('../cli/tls-files.js');
    tls = loadTlsFiles({ cacert: t.cacert, cert: t.cert, key: t.key });
  } else if (!t.insecureTransport) {
    tls = {};
  }
  const auth = input.destAuth;
  const password = auth === undefined ? '' : auth.password ?? (await ctx.io.readPassword('Destination Password: '));
  // compat(etcdctl): clientv3 authenticates only with both a user name and a password.
  const credentials = auth !== undefined && auth.user !== '' && password !== '' ? { user: auth.user, password } : undefined;
  const config: ClientConfig = {
    endpoints: [input.destination],
    dialTimeoutMs: g.dialTimeoutMs,
    keepaliveTimeMs: g.keepaliveTimeMs,
    keepaliveTimeoutMs: g.keepaliveTimeoutMs,
    ...(tls === undefined ? {} : { tls }),
    ...(credentials === undefined ? {} : { credentials }),
    hostsFile: hostsFile(ctx.io.env, platform()),
  };
  const { createClient } = await import('../client/client.js');
  const client = createClient(config);
  if (credentials !== undefined) {
    try {
      await client.login({ signal: ctx.signal });
    } catch (err) {
      client.close();
      // compat(etcdctl 3.5): clientv3.New authenticates; a client that cannot be built is
      // ExitBadConnection.
      throw new ConnectionError(err instanceof Error ? err.message : String(err));
    }
  }
  return client;
}

/**
 * etcdctl's makeMirror: copies the keys under --prefix as of one revision, then replays every
 * later change (the events of one revision as one txn), printing the running count every 30 s,
 * until interrupted. Leases are not mirrored.
 */
export async function runMakeMirror(input: MakeMirrorInput, ctx: CommandContext): Promise<void> {
  const dest = await destinationClient(input, ctx);
  let total = 0;
  const ticker = setInterval(() => ctx.io.stdout.write(`${total}\n`), REPORT_EVERY_MS);
  try {
    const client = await ctx.client();
    const signal = ctx.signal;
    const prefix = utf8(input.prefix);
    // clientv3/mirror SyncBase: the revision to copy at is that of a Range on "foo".
    let base: bigint | Error;
    try {
      base = (await client.kv.range({ key: utf8('foo') }, { signal })).header?.revision ?? 0n;
    } catch (err) {
      base = err as Error;
    }
    // compat(etcdctl): the flags are checked only once the copy has started.
    const destPrefix = utf8(destinationPrefix(input));
    if (base instanceof Error) throw base;
    const rename = (key: Uint8Array): Uint8Array => modifyPrefix(key, prefix, destPrefix);

    const range = prefix.length === 0 ? { key: NUL, range_end: NUL } : { key: prefix, range_end: prefixEnd(prefix) };
    for (let key = range.key; ; ) {
      const resp = await client.kv.range({ key, range_end: range.range_end, limit: BATCH_LIMIT, revision: base }, { signal });
      for (const kv of resp.kvs) {
        await dest.kv.put({ key: rename(kv.key), value: kv.value }, { signal });
        total++;
      }
      const last: KeyValue | undefined = resp.kvs[resp.kvs.length - 1];
      if (!resp.more || last === undefined) break;
      key = Buffer.concat([last.key, NUL]);
    }

    const watcher = new Watcher(client, { ...range, start_revision: base + 1n }, signal);
    const cancel = await watcher.run(async (wr) => {
      let ops: Init<RequestOp>[] = [];
      let lastRev = 0n;
      for (const ev of wr.events) {
        const kv = ev.kv;
        if (kv === undefined) continue;
        if (lastRev !== 0n && kv.mod_revision > lastRev) {
          await dest.kv.txn({ success: ops }, { signal });
          ops = [];
        }
        lastRev = kv.mod_revision;
        ops.push(ev.type === 'PUT' ? { request_put: { key: rename(kv.key), value: kv.value } } : { request_delete_range: { key: rename(kv.key) } });
        total++;
      }
      if (ops.length > 0) await dest.kv.txn({ success: ops }, { signal });
    });
    if (cancel === undefined) return;
    if (cancel.response.compact_revision !== 0n) throw new EtcdctlError(COMPACTED, ExitCode.Error);
    // compat(etcdctl 3.4): a watch closed for any other reason ends makeMirror with a nil error,
    // which ExitWithError prints as such.
    throw new EtcdctlError('<nil>', ExitCode.Error);
  } catch (err) {
    // compat(etcdctl): no signal handler: Ctrl-C ends it silently (bin/ then raises the signal).
    if (ctx.signal.aborted) return;
    throw err;
  } finally {
    clearInterval(ticker);
    dest.close();
  }
}
