/**
 * `etcdctl-ts import`: our addition (issue 11). Writes the keys of an export file (or of
 * `get -w jsonl` output) back, in txn batches, skipping keys that already hold the value.
 * From a file every line is checked before the first write; from stdin it stops at a bad line.
 */
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { InvalidInputError, SilentError, UsageError } from '../core/errors.js';
import { flag } from '../cli/flags.js';
import { fileLines } from '../transfer/files.js';
import { BadLineError, parsePrefixRewrite, records, validate, type PrefixRewrite } from '../transfer/import.js';
import { progress } from '../transfer/progress.js';
import { printReport, reportFormat } from '../transfer/report.js';
import { BatchWriter, type WriteCounts } from '../transfer/writer.js';
import { existsSync } from 'node:fs';

export interface ImportFlags {
  readonly input: string;
  readonly prefixRewrite: string;
  readonly dryRun: boolean;
  readonly withLeases: boolean;
}

export interface ImportInput {
  /** The file to read; undefined: stdin. */
  readonly input: string | undefined;
  readonly rewrite: PrefixRewrite | undefined;
  readonly dryRun: boolean;
  readonly withLeases: boolean;
}

export function importCommand(ctx: CommandContext): Command {
  const cmd = new Command('import')
    .summary('Writes keys from JSON Lines back (etcdctl-ts only)')
    .usage('[options]')
    .description(
      [
        'Writes the keys of an `etcdctl-ts export` file (or of `get -w jsonl` output) in transactions',
        'within the server\'s limits. A key that already holds the value is not written again, so a',
        'rerun writes nothing new. A bad line is reported with its line number; from a file (-i) every',
        'line is checked before anything is written, from stdin it stops at that line.',
        'With --with-leases keys get new leases with the TTL left at export time; each run grants new',
        'ones and writes those keys again.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'string', 'input', '', 'read this file instead of stdin', { short: 'i' });
  flag(cmd, 'string', 'prefix-rewrite', '', 'OLD=NEW: keys starting with OLD are written with NEW instead');
  flag(cmd, 'bool', 'dry-run', 'false', 'count what would be written, write nothing');
  flag(cmd, 'bool', 'with-leases', 'false', 'attach keys to new leases with the TTL they had left');
  return cmd.action((args: string[], opts: ImportFlags) => runImport(parseImportArgs(args, opts), ctx));
}

export function parseImportArgs(args: readonly string[], o: ImportFlags): ImportInput {
  if (args.length > 0) throw new UsageError('import takes no arguments (the file is given with -i)');
  let rewrite: PrefixRewrite | undefined;
  if (o.prefixRewrite !== '') {
    rewrite = parsePrefixRewrite(o.prefixRewrite);
    if (rewrite === undefined || rewrite.from.length === 0) throw new UsageError(`--prefix-rewrite wants OLD=NEW with a non-empty OLD, got ${JSON.stringify(o.prefixRewrite)}`);
  }
  return { input: o.input === '' ? undefined : o.input, rewrite, dryRun: o.dryRun, withLeases: o.withLeases };
}

function report(c: WriteCounts, read: number, input: ImportInput, seconds: number): { fields: Record<string, string | number | boolean>; sentence: string } {
  const verb = input.dryRun ? 'would write' : 'wrote';
  let sentence = `read ${read} keys: ${verb} ${c.written}, ${c.unchanged} already held the value`;
  if (c.expired > 0) sentence += `, ${c.expired} left out (lease expired)`;
  if (input.withLeases && !input.dryRun) sentence += `; granted ${c.leases} new leases (a rerun grants new ones and writes their keys again)`;
  return {
    fields: { read, written: c.written, unchanged: c.unchanged, leases_granted: c.leases, expired: c.expired, dry_run: input.dryRun, seconds },
    sentence,
  };
}

export async function runImport(input: ImportInput, ctx: CommandContext): Promise<void> {
  reportFormat(ctx.global.writeOut);
  if (input.input !== undefined && !existsSync(input.input)) throw new UsageError(`cannot read ${input.input}: no such file`);
  if (input.input !== undefined) {
    // From a file nothing is written unless every line is good.
    try {
      await validate(fileLines(input.input), input.rewrite);
    } catch (err) {
      if (err instanceof BadLineError) throw new InvalidInputError(`${input.input}: ${err.message}; nothing was written`);
      throw err;
    }
  }
  const client = await ctx.client();
  const format = reportFormat(ctx.global.writeOut);
  const writer = new BatchWriter(
    {
      txn: (r) => client.kv.txn(r, ctx.callOptions),
      leaseGrant: (r) => client.lease.leaseGrant(r, ctx.callOptions),
      range: (r) => client.kv.range(r, ctx.callOptions),
    },
    { withLeases: input.withLeases, dryRun: input.dryRun },
  );
  const bar = progress(ctx.io.stderr, ctx.io.stderrIsTTY, input.dryRun ? 'checked' : 'imported');
  const started = Date.now();
  let read = 0;
  try {
    read = await writeAll(input, writer, ctx, (keys, bytes) => bar.update(keys, bytes));
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
  } finally {
    bar.done();
  }
  if (ctx.signal.aborted) {
    // Ctrl-C: every batch is one transaction, applied whole or not at all; say how far it got.
    ctx.io.stderr.write(`import interrupted: ${writer.counts.written} keys written\n`);
    throw new SilentError(130);
  }
  await printReport(report(writer.counts, read, input, (Date.now() - started) / 1000), format, ctx.io);
}

/** Hands every record to the writer; the number of records read. */
async function writeAll(input: ImportInput, writer: BatchWriter, ctx: CommandContext, onProgress: (keys: number, bytes: number) => void): Promise<number> {
  let read = 0;
  let bytes = 0;
  try {
    for await (const rec of records(input.input !== undefined ? fileLines(input.input) : ctx.io.stdinLines(), input.rewrite)) {
      if (ctx.signal.aborted) break;
      await writer.add(rec);
      read++;
      bytes += rec.key.length + rec.value.length;
      if ((read & 1023) === 0) onProgress(read, bytes);
    }
  } catch (err) {
    if (!(err instanceof BadLineError)) throw err;
    // From stdin: what came before the bad line is written; say how much.
    const c = await writer.finish();
    throw new InvalidInputError(`${input.input ?? 'stdin'}: ${err.message}; ${c.written} keys written before it`);
  }
  await writer.finish();
  return read;
}
