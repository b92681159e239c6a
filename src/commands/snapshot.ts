import { Command } from 'commander';
import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, formatError, InterruptedError, UnsupportedError, UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { grpcGoText } from '../client/rpc-error.js';
import { ExitCode } from '../core/exit-codes.js';
import { goStringSlice, humanizeBytes } from '../core/encode.js';

export interface SnapshotFileInput {
  readonly path: string;
}

export function snapshotCommand(ctx: CommandContext): Command {
  const cmd = new Command('snapshot').summary('Manages etcd node snapshots').usage('<subcommand>');
  cmd.addCommand(
    new Command('save')
      .summary('Stores an etcd node backend snapshot to a given file')
      .usage('<filename>')
      .argument('[args...]')
      .action((args: string[]) => runSnapshotSave(parseSnapshotSaveArgs(args), ctx)),
  );
  cmd.addCommand(snapshotRestoreCommand());
  cmd.addCommand(
    new Command('status')
      .summary('Gets backend snapshot status of a given file')
      .usage('<filename>')
      .description(
        'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\n' +
          'The items in the lists are hash, revision, total keys, total size.',
      )
      .argument('[args...]')
      .action((args: string[]) => runSnapshotStatus(parseSnapshotStatusArgs(args), ctx)),
  );
  return cmd;
}

/**
 * Registered with etcdctl's flags and help so that root help, `snapshot --help` and
 * `snapshot restore --help` stay etcdctl's; running it is refused (exit 4, etcdctl's code for an
 * unsupported feature) rather than printing help and exiting 0 as if it had restored something.
 */
function snapshotRestoreCommand(): Command {
  const cmd = new Command('restore')
    .summary('Restores an etcd member snapshot to an etcd directory')
    .usage('<filename> [options]')
    .argument('[args...]');
  flag(cmd, 'string', 'data-dir', '', 'Path to the data directory');
  flag(cmd, 'string', 'wal-dir', '', 'Path to the WAL directory (use --data-dir if none given)');
  flag(cmd, 'string', 'initial-cluster', 'default=http://localhost:2380', 'Initial cluster configuration for restore bootstrap');
  flag(cmd, 'string', 'initial-cluster-token', 'etcd-cluster', 'Initial cluster token for the etcd cluster during restore bootstrap');
  flag(cmd, 'string', 'initial-advertise-peer-urls', 'http://localhost:2380', "List of this member's peer URLs to advertise to the rest of the cluster");
  flag(cmd, 'string', 'name', 'default', 'Human-readable name for this member');
  flag(cmd, 'bool', 'skip-hash-check', 'false', 'Ignore snapshot integrity hash value (required if copied from data directory)');
  return cmd.action(() => {
    throw new UnsupportedError(
      'snapshot restore is not supported by etcdctl-ts (it writes an etcd data directory offline); use `etcdutl snapshot restore` (etcd 3.5+) or the Go etcdctl 3.4: `ETCDCTL_API=3 etcdctl snapshot restore`',
    );
  });
}

export function parseSnapshotSaveArgs(args: readonly string[]): SnapshotFileInput {
  if (args.length !== 1) throw new UsageError('snapshot save expects one argument');
  return { path: args[0]! };
}

export function parseSnapshotStatusArgs(args: readonly string[]): SnapshotFileInput {
  if (args.length !== 1) throw new UsageError('snapshot status requires exactly one argument');
  return { path: args[0]! };
}

/**
 * Streams the backend of the one endpoint into `<file>.part`, syncs it and renames it to `<file>`.
 * compat(etcdctl): every failure, file errors included, exits 5 (ExitInterrupted); there is no
 * --command-timeout unless it was given explicitly.
 */
export async function runSnapshotSave(input: SnapshotFileInput, ctx: CommandContext): Promise<void> {
  await ctx.printer();
  const endpoints = ctx.global.endpoints;
  if (endpoints.length !== 1) {
    throw new InterruptedError(`snapshot must be requested to one selected node, not multiple ${goStringSlice(endpoints)}`);
  }
  const client = await ctx.client();
  const { errnoText } = await import('../formats/bolt.js');
  const part = `${input.path}.part`;
  let file: FileHandle | undefined;
  try {
    try {
      file = await open(part, 'w', 0o600);
    } catch (err) {
      throw new InterruptedError(`could not open ${part} (open ${part}: ${errnoText(err)})`);
    }
    const progress = new Progress(ctx);
    const opts = ctx.global.commandTimeoutGiven ? ctx.callOptions : { signal: ctx.signal };
    try {
      for await (const r of client.maintenance.snapshot({}, opts)) {
        await file.write(r.blob);
        progress.update(r.blob.length, r.remaining_bytes);
      }
    } finally {
      progress.done();
    }
    await file.sync();
    await file.close();
    file = undefined;
    try {
      // compat(etcdctl): Go's os.Rename refuses a directory as the target itself, with EEXIST.
      if ((await lstat(input.path).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error('EEXIST'), { code: 'EEXIST' });
      await rename(part, input.path);
    } catch (err) {
      throw new InterruptedError(`could not rename ${part} to ${input.path} (rename ${part} ${input.path}: ${errnoText(err)})`);
    }
  } catch (err) {
    if (err instanceof EtcdctlError) throw err;
    throw new InterruptedError(grpcGoText(err) ?? formatError(err).slice('Error: '.length));
  } finally {
    await file?.close().catch(() => undefined);
    await rm(part, { force: true, recursive: true }).catch(() => undefined);
  }
  ctx.io.stdout.write(`Snapshot saved at ${input.path}\n`);
}

/**
 * Bytes received so far, on stderr and only when it is a terminal (etcdctl 3.4 shows zap log
 * lines there instead; piped output has neither).
 */
class Progress {
  private received = 0;
  private shown = false;
  private last = 0;

  constructor(private readonly ctx: CommandContext) {}

  update(bytes: number, remaining: bigint): void {
    if (!this.ctx.io.stderrIsTTY) return;
    this.received += bytes;
    const now = Date.now();
    if (this.shown && now - this.last < 100 && remaining !== 0n) return;
    this.last = now;
    this.shown = true;
    const total = BigInt(this.received) + remaining;
    this.ctx.io.stderr.write(`\rDownloading snapshot: ${humanizeBytes(this.received)} / ${humanizeBytes(total)}\x1b[K`);
  }

  done(): void {
    if (this.shown) this.ctx.io.stderr.write('\r\x1b[K');
  }
}

/**
 * Reads a snapshot file offline. compat(etcdctl): no ETCDCTL_* variables apply (no client is
 * built), but -w does.
 */
export async function runSnapshotStatus(input: SnapshotFileInput, ctx: CommandContext): Promise<void> {
  const { createPrinter } = await import('../output/printer.js');
  const printer = await createPrinter(ctx.global.writeOut, { hex: ctx.global.hex }, ctx.io);
  const { BoltError, snapshotStatus } = await import('../formats/bolt.js');
  let status;
  try {
    status = snapshotStatus(input.path);
  } catch (err) {
    if (err instanceof BoltError) throw new EtcdctlError(err.message, ExitCode.Error);
    throw err;
  }
  printer.dbStatus(status);
}
