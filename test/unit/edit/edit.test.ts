import { describe, expect, it } from 'vitest';
import { parseEditArgs } from '../../../src/commands/edit.js';
import { parseLsArgs } from '../../../src/commands/ls.js';
import { UsageError } from '../../../src/core/errors.js';
import { diffLines, unifiedDiff } from '../../../src/edit/diff.js';
import { chooseEditor, editorCommand, tempFileName } from '../../../src/edit/editor.js';
import { checkJson, looksLikeJson } from '../../../src/edit/json-check.js';
import { editedValue } from '../../../src/edit/tempfile.js';
import { conflictMessage, editTxn } from '../../../src/edit/write.js';

describe('checkJson', () => {
  it.each([
    ['{}', undefined],
    ['{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}\n', undefined],
    ['{"a": 1 "b": 2}', { line: 1, column: 9, message: 'expected \',\' or \'}\', found "\\""' }],
    ['{\n  "a": 1,\n}', { line: 3, column: 1, message: 'expected a property name in double quotes, found "}"' }],
    ['{\n  "a": tru\n}', { line: 2, column: 11, message: 'expected "true", found "\\n"' }],
    ['[1, 2', { line: 1, column: 6, message: "expected ',' or ']', found end of input" }],
    ['{"é": x}', { line: 1, column: 7, message: 'expected a JSON value, found "x"' }],
    ['01', { line: 1, column: 2, message: 'expected end of input, found "1"' }],
    ['"a\tb"', { line: 1, column: 3, message: expect.stringContaining('control characters') }],
    ['', { line: 1, column: 1, message: 'expected a JSON value, found end of input' }],
  ])('%j', (text, want) => {
    expect(checkJson(text)).toEqual(want);
    expect(checkJson(text) === undefined).toBe((() => { try { JSON.parse(text); return true; } catch { return false; } })());
  });

  it('treats objects, arrays and *.json keys as JSON', () => {
    expect(looksLikeJson('k', ' {"a":1}\n')).toBe(true);
    expect(looksLikeJson('k', '[1]')).toBe(true);
    expect(looksLikeJson('k', '42')).toBe(false);
    expect(looksLikeJson('k', '{not json')).toBe(false);
    expect(looksLikeJson('/a/b.json', '')).toBe(true);
  });
});

describe('unifiedDiff', () => {
  it('shows removed lines before added ones, with hunks and context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\nk\n';
    expect(unifiedDiff(before, after, { from: 'k (revision 3)', to: 'k (edited)' })).toBe(
      '--- k (revision 3)\n+++ k (edited)\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,4 +7,5 @@\n g\n h\n i\n-j\n+J\n+k\n',
    );
  });

  it('is empty for equal text and notes a changed final newline', () => {
    expect(unifiedDiff('x\n', 'x\n', { from: 'a', to: 'b' })).toBe('');
    expect(unifiedDiff('x\n', 'x', { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n\\ the value no longer ends with a newline\n');
    expect(unifiedDiff('', 'new\n', { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n');
  });

  it('finds a longest common subsequence', () => {
    expect(diffLines(['a', 'b', 'c'], ['b', 'c', 'd']).map((o) => o.kind + o.text)).toEqual(['-a', ' b', ' c', '+d']);
  });
});

describe('editor', () => {
  it('prefers VISUAL, then EDITOR, then the platform default', () => {
    expect(chooseEditor({ VISUAL: 'code --wait', EDITOR: 'nano' }, 'linux')).toBe('code --wait');
    expect(chooseEditor({ VISUAL: ' ', EDITOR: 'nano' }, 'linux')).toBe('nano');
    expect(chooseEditor({}, 'linux')).toBe('vi');
    expect(chooseEditor({}, 'win32')).toBe('notepad');
  });

  it('runs it through the shell with the file as one argument', () => {
    expect(editorCommand('sed -i s/a/b/', '/tmp/x y/v', 'linux')).toEqual({ file: 'sh', args: ['-c', 'exec sed -i s/a/b/ "$@"', 'sed -i s/a/b/', '/tmp/x y/v'] });
    expect(editorCommand('vim; echo done', 'f', 'linux').args[1]).toBe('vim; echo done "$@"');
    expect(editorCommand('EDITOR_OPTS=1 ed', 'f', 'linux').args[1]).toBe('EDITOR_OPTS=1 ed "$@"');
    expect(editorCommand('notepad', 'C:\\t\\v', 'win32')).toEqual({ file: 'cmd.exe', args: ['/d', '/s', '/c', '"notepad "C:\\t\\v""'], windowsVerbatimArguments: true });
  });

  it('names the file after the key', () => {
    expect(tempFileName('/config/app.json')).toBe('app.json');
    expect(tempFileName('/config/')).toBe('config');
    expect(tempFileName('a b/../c d')).toBe('c_d');
    expect(tempFileName('/..')).toBe('value');
  });

  it('does not add the final newline editors add', () => {
    const b = (s: string): Uint8Array => Buffer.from(s);
    expect(Buffer.from(editedValue(b('v'), b('w\n'))).toString()).toBe('w');
    expect(Buffer.from(editedValue(b('v'), b('w\r\n'))).toString()).toBe('w');
    expect(Buffer.from(editedValue(b('v\n'), b('w\n'))).toString()).toBe('w\n');
    expect(Buffer.from(editedValue(b(''), b('w\n\n'))).toString()).toBe('w\n');
  });
});

describe('editTxn', () => {
  const key = Buffer.from('k');
  const value = Buffer.from('v');
  it('compares mod_revision and keeps the lease of an existing key', () => {
    expect(editTxn(key, value, { modRevision: 5n, lease: 9n })).toEqual({
      compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: 5n }],
      success: [{ request_put: { key, value, lease: 9n } }],
      failure: [{ request_range: { key } }],
    });
  });
  it('requires that a new key still does not exist', () => {
    expect(editTxn(key, value, undefined).compare).toEqual([{ key, target: 'CREATE', result: 'EQUAL', create_revision: 0n }]);
    expect(editTxn(key, value, { modRevision: 5n, lease: 0n }).success).toEqual([{ request_put: { key, value } }]);
  });
  it('names the revision that won', () => {
    expect(conflictMessage('k', { modRevision: 5n, lease: 0n }, { modRevision: 8n }, 8n)).toBe(
      'k was changed by someone else at revision 8 while you edited (you read revision 5); nothing written',
    );
    expect(conflictMessage('k', undefined, { modRevision: 8n }, 8n)).toBe('k was created by someone else at revision 8 while you edited; nothing written');
  });
});

describe('parseEditArgs / parseLsArgs', () => {
  const edit = { noValidate: false, diff: false, yes: false };
  const ls = { sep: '/', recursive: false, depth: '1', counts: false };
  it.each([
    [() => parseEditArgs([], edit), 'edit needs one argument: the key'],
    [() => parseEditArgs(['a', 'b'], edit), 'edit needs one argument: the key'],
    [() => parseEditArgs([''], edit), 'edit needs a non-empty key'],
    [() => parseLsArgs(['a', 'b'], ls), 'ls takes at most one argument: the prefix'],
    [() => parseLsArgs([], { ...ls, sep: '' }), '--sep must not be empty'],
    [() => parseLsArgs([], { ...ls, depth: '0' }), '--depth must be at least 1, got 0'],
    [() => parseLsArgs([], { ...ls, depth: '2', recursive: true }), '--recursive and --depth cannot be set at the same time, choose one'],
  ])('%#: %s', (f, message) => {
    expect(f).toThrow(UsageError);
    expect(f).toThrow(message);
  });

  it('reads the flags', () => {
    expect(parseEditArgs(['k'], { noValidate: true, diff: true, yes: true })).toEqual({ key: 'k', validate: false, diff: true, yes: true });
    const dec = (i: ReturnType<typeof parseLsArgs>) => ({ ...i, prefix: Buffer.from(i.prefix).toString(), sep: Buffer.from(i.sep).toString() });
    expect(dec(parseLsArgs([], ls))).toEqual({ prefix: '', sep: '/', depth: 1, counts: false });
    expect(dec(parseLsArgs(['/config'], { ...ls, counts: true }))).toEqual({ prefix: '/config/', sep: '/', depth: 1, counts: true });
    expect(dec(parseLsArgs(['/config/'], { ...ls, recursive: true }))).toEqual({ prefix: '/config/', sep: '/', depth: Infinity, counts: false });
    expect(dec(parseLsArgs(['a::b'], { ...ls, sep: '::', depth: '3' }))).toEqual({ prefix: 'a::b::', sep: '::', depth: 3, counts: false });
  });
});
