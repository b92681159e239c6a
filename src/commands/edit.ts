/**
 * `etcdctl-ts edit <key>`: ours. Opens a key's value in $VISUAL / $EDITOR and writes it back
 * only if nobody changed the key meanwhile (a transaction on its mod_revision); whatever was
 * edited and not written is kept in a file whose path is printed.
 */
import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { flag } from '../cli/flags.js';
import { EtcdctlError, SilentError, UnsupportedError, UsageError, exitCodeFor } from '../core/errors.js';
import { chooseEditor, editorCommand } from '../edit/editor.js';
import { unifiedDiff } from '../edit/diff.js';
import { checkJson, looksLikeJson } from '../edit/json-check.js';
import { createEditFile, editedValue, readEditFile, removeEditFile } from '../edit/tempfile.js';
import { conflictMessage, editTxn, type ReadState } from '../edit/write.js';
import { utf8 } from '../etcd/range.js';
import { drawTable } from '../output/human/layout.js';
import { unreachable } from '../cli/unreachable.js';
import { createStyle } from '../output/human/style.js';

export interface EditFlags {
  readonly noValidate: boolean;
  readonly diff: boolean;
  readonly yes: boolean;
}

export interface EditInput {
  readonly key: string;
  readonly validate: boolean;
  readonly diff: boolean;
  readonly yes: boolean;
}

export function editCommand(ctx: CommandContext): Command {
  const cmd = new Command('edit')
    .summary('Edits the value of a key in $VISUAL or $EDITOR, safely')
    .usage('[options] <key>')
    .description(
      [
        'Opens the value of <key> (empty for a new key) in $VISUAL, $EDITOR or vi, from a private',
        'temporary file, and writes the edited text back with a transaction that succeeds only if',
        'the key was not changed (or, for a new key, created) by someone else meanwhile. On such a',
        'conflict, an invalid JSON value or a refused write, nothing is written and the edited text',
        'is kept in a file whose path is printed. The key keeps its lease.',
        '',
        'A value that is a JSON object or array, or a key ending in .json, must still parse after',
        'editing (--no-validate skips that). When stdin is a terminal the changes are shown and',
        'confirmed before writing (--yes skips the question); otherwise --diff shows them and the',
        'write goes ahead. A value that did not end with a newline does not get one from the editor.',
        'EDITOR may hold arguments: EDITOR=\'sed -i s/a/b/\' etcdctl-ts edit k.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'bool', 'no-validate', 'false', 'write the value even if it is no longer valid JSON');
  flag(cmd, 'bool', 'diff', 'false', 'show what changes before writing (always on a terminal)');
  flag(cmd, 'bool', 'yes', 'false', 'write without asking for confirmation', { short: 'y' });
  return cmd.action((args: string[], opts: EditFlags) => runEdit(parseEditArgs(args, opts), ctx));
}

export function parseEditArgs(args: readonly string[], o: EditFlags): EditInput {
  if (args.length !== 1) throw new UsageError('edit needs one argument: the key');
  if (args[0] === '') throw new UsageError('edit needs a non-empty key');
  return { key: args[0]!, validate: !o.noValidate, diff: o.diff, yes: o.yes };
}

/** What happened, for the printers. */
interface EditResult {
  readonly key: string;
  readonly changed: boolean;
  readonly created: boolean;
  readonly revision: bigint;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export async function runEdit(input: EditInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const format = ctx.global.writeOut;
  if (format !== 'simple' && format !== 'json' && format !== 'table') throw new UnsupportedError(`${format} not supported as output format`);
  const io = ctx.io;
  if (io.runInteractive === undefined) throw new EtcdctlError('edit cannot run an editor here', 1);

  const key = utf8(input.key);
  const got = await client.kv.range({ key }, ctx.callOptions);
  const kv = got.kvs[0];
  const read: ReadState | undefined = kv === undefined ? undefined : { modRevision: kv.mod_revision, lease: kv.lease };
  const original = kv?.value ?? new Uint8Array();

  const file = createEditFile(input.key, original);
  let keep = false;
  /** Fails keeping the edited text, and says where it is. */
  const refuse = (message: string, code = 1): never => {
    keep = true;
    throw new EtcdctlError(`${message}; the edited text is kept in ${file.path}`, code);
  };
  try {
    const editor = chooseEditor(io.env, process.platform);
    const ran = await io.runInteractive(editorCommand(editor, file.path, process.platform), ctx.signal);
    const saved = readEditFile(file);
    if (ctx.signal.aborted) {
      // Interrupted: nothing is written; what was edited is kept.
      if (!equalBytes(saved, original)) refuse('interrupted, nothing written', 130);
      throw new SilentError(130);
    }
    if (ran.error !== undefined || ran.code !== 0) {
      const why = ran.error ?? (ran.signal !== null ? `killed by ${ran.signal}` : `exit status ${ran.code}`);
      const message = `editor "${editor}" failed (${why}), nothing written`;
      if (!equalBytes(saved, original)) refuse(message);
      throw new EtcdctlError(message, 1);
    }
    const value = editedValue(original, saved);
    if (equalBytes(value, original)) {
      return await print({ key: input.key, changed: false, created: false, revision: got.header?.revision ?? 0n }, format, ctx);
    }
    const before = Buffer.from(original).toString('utf8');
    const after = Buffer.from(value).toString('utf8');
    if (input.validate && looksLikeJson(input.key, before)) {
      const problem = checkJson(after);
      if (problem !== undefined) {
        refuse(`the edited value is not valid JSON: ${problem.message} at line ${problem.line}, column ${problem.column}; nothing written`);
      }
    }
    const interactive = (await io.stdinIsTTY?.()) === true;
    if (input.diff || interactive) await showDiff(input.key, read, before, after, ctx);
    if (interactive && !input.yes) {
      io.stderr.write('Write this value? [y/N] ');
      const answer = (await io.readLine()).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') refuse('not written');
    }
    let written;
    try {
      written = await client.kv.txn(editTxn(key, value, read), ctx.callOptions);
    } catch (err) {
      return refuse(err instanceof Error ? err.message : String(err), exitCodeFor(unreachable(err)));
    }
    const revision = written.header?.revision ?? 0n;
    if (!written.succeeded) {
      const now = written.responses[0]?.response_range?.kvs[0];
      refuse(conflictMessage(input.key, read, now === undefined ? undefined : { modRevision: now.mod_revision }, revision));
    }
    await print({ key: input.key, changed: true, created: read === undefined, revision }, format, ctx);
  } finally {
    if (!keep) removeEditFile(file);
  }
}

async function showDiff(key: string, read: ReadState | undefined, before: string, after: string, ctx: CommandContext): Promise<void> {
  const style = await createStyle(ctx.io.colorStderr);
  const from = read === undefined ? `${key} (new key)` : `${key} (revision ${read.modRevision})`;
  ctx.io.stderr.write(unifiedDiff(before, after, { from, to: `${key} (edited)` }, { removed: style.bad, added: style.ok, hunk: style.dim }));
}

async function print(r: EditResult, format: string, ctx: CommandContext): Promise<void> {
  const what = !r.changed ? 'no changes' : r.created ? 'created' : 'written';
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify({ key: r.key, changed: r.changed, created: r.created, revision: Number(r.revision) })}\n`);
  } else if (format === 'table') {
    ctx.io.stdout.write(await drawTable(['KEY', 'RESULT', 'REVISION'], [[r.key, what, String(r.revision)]], await createStyle(ctx.io.colorStdout)));
  } else {
    ctx.io.stdout.write(r.changed ? `${r.key}: ${what} at revision ${r.revision}\n` : `${r.key}: no changes\n`);
  }
}
