/**
 * `etcdctl-ts export`: our addition (issue 11). Every key of a prefix, of a range from a key, or
 * of the whole keyspace, as JSON Lines read at one revision, to stdout or to a file that appears
 * only once it is complete. src/transfer/ does the work; this is flags and files.
 */
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import type { RangeRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import { SilentError, UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { parseInt64 } from '../cli/parse.js';
import { keyRange } from '../etcd/range.js';
import { exportRange, type ExportSink } from '../transfer/export.js';
import { openAtomic, type AtomicFile } from '../transfer/files.js';
import { progress } from '../transfer/progress.js';
import { printReport, reportFormat } from '../transfer/report.js';

export interface ExportFlags {
  readonly fromKey: string;
  readonly all: boolean;
  readonly output: string;
  readonly pageSize: string;
  readonly withLeases: boolean;
}

export interface ExportInput {
  readonly request: Init<RangeRequest>;
  /** The file to write; undefined: stdout. */
  readonly output: string | undefined;
  readonly pageSize: number;
  readonly withLeases: boolean;
}

/** Keys per Range request; chosen by measurement (README, "export and import"). */
export const DEFAULT_PAGE_SIZE = 10_000;
const MAX_PAGE_SIZE = 1_000_000;

export function exportCommand(ctx: CommandContext): Command {
  const cmd = new Command('export')
    .summary('Writes keys as JSON Lines, read at one revision (etcdctl-ts only)')
    .usage('[options] [<prefix> | --from-key <key> | --all]')
    .description(
      [
        'Writes every key under <prefix> (or from --from-key on, or --all keys) as JSON Lines: a header',
        'line with the cluster ID, revision and time, then one object per key with "key" and "value" as',
        'UTF-8 text, or "key_base64"/"value_base64" for other bytes. Every key is read at the revision',
        'of the first page, page by page, so memory stays flat whatever the size. With -o the file',
        'appears only once it is complete. `etcdctl-ts import` writes the keys back.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'string', 'from-key', '', 'export keys greater than or equal to this key (byte compare)');
  flag(cmd, 'bool', 'all', 'false', 'export every key');
  flag(cmd, 'string', 'output', '', 'write to this file instead of stdout', { short: 'o' });
  flag(cmd, 'int', 'page-size', String(DEFAULT_PAGE_SIZE), 'keys per request');
  flag(cmd, 'bool', 'with-leases', 'false', 'add each key\'s lease and its seconds left ("lease", "lease_ttl")');
  return cmd.action((args: string[], opts: ExportFlags) => runExport(parseExportArgs(args, opts), ctx));
}

export function parseExportArgs(args: readonly string[], o: ExportFlags): ExportInput {
  if (args.length > 1) throw new UsageError('export takes at most one argument, the prefix');
  const chosen = (args.length === 1 ? 1 : 0) + (o.fromKey !== '' ? 1 : 0) + (o.all ? 1 : 0);
  if (chosen === 0) throw new UsageError('export needs a prefix, --from-key <key> or --all');
  if (chosen > 1) throw new UsageError('give one of a prefix, --from-key <key> and --all');
  const pageSize = parseInt64(o.pageSize, 0);
  if (pageSize < 1n || pageSize > BigInt(MAX_PAGE_SIZE)) throw new UsageError(`--page-size must be between 1 and ${MAX_PAGE_SIZE}, got ${o.pageSize}`);
  const range =
    args.length === 1 ? keyRange(args[0]!, undefined, true, false) : o.fromKey !== '' ? keyRange(o.fromKey, undefined, false, true) : keyRange('', undefined, true, false);
  return {
    request: range,
    output: o.output === '' ? undefined : o.output,
    pageSize: Number(pageSize),
    withLeases: o.withLeases,
  };
}

export async function runExport(input: ExportInput, ctx: CommandContext): Promise<void> {
  reportFormat(ctx.global.writeOut); // before dialling: a bad -w is exit 4 with our words
  const client = await ctx.client();
  const format = reportFormat(ctx.global.writeOut); // ETCDCTL_WRITE_OUT applies from here on
  let file: AtomicFile | undefined;
  let sink: ExportSink;
  if (input.output !== undefined) {
    try {
      file = openAtomic(input.output);
    } catch (err) {
      throw new UsageError(`cannot write ${input.output}: ${err instanceof Error ? err.message : String(err)}`);
    }
    sink = file;
  } else {
    // Waits for stdout to drain after each page: a slow reader slows the export, memory stays flat.
    sink = { write: (c) => (ctx.io.stdout.write(c), ctx.io.flush()) };
  }
  const bar = progress(ctx.io.stderr, ctx.io.stderrIsTTY, 'exported');
  const started = Date.now();
  try {
    const stats = await exportRange(
      {
        rangeRaw: (r) => client.rangeRaw(r, ctx.callOptions),
        leaseTimeToLive: (r) => client.lease.leaseTimeToLive(r, ctx.callOptions),
      },
      input.request,
      sink,
      { pageSize: input.pageSize, withLeases: input.withLeases, onPage: (s) => bar.update(s.keys, s.bytes) },
    );
    bar.done();
    if (file === undefined) return;
    file.commit();
    const seconds = (Date.now() - started) / 1000;
    await printReport(
      {
        fields: {
          keys: stats.keys,
          bytes: stats.bytes,
          revision: Number(stats.revision),
          cluster_id: stats.clusterId.toString(16).padStart(16, '0'),
          file: file.path,
          seconds,
        },
        sentence: `exported ${stats.keys} keys (${stats.bytes} bytes) at revision ${stats.revision} to ${file.path}`,
      },
      format,
      ctx.io,
    );
  } catch (err) {
    bar.done();
    file?.abort();
    // Ctrl-C: the partial file is gone; no error line, the shell sees 130.
    if (ctx.signal.aborted) throw new SilentError(130);
    throw err;
  }
}
