/**
 * Which editor to run and how: $VISUAL, else $EDITOR, else vi (notepad on Windows), run through
 * the shell as git runs it, so that an editor given with arguments (`code --wait`,
 * `sed -i s/a/b/`) works.
 */

import type { InteractiveCommand } from '../core/io.js';

export function chooseEditor(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string {
  for (const name of ['VISUAL', 'EDITOR']) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return v;
  }
  return platform === 'win32' ? 'notepad' : 'vi';
}

/**
 * The command line that opens `file` in `editor`. On Unix `sh -c '<editor> "$@"' <editor> <file>`:
 * the shell splits the editor's words, and the file name reaches it as one argument, whatever
 * characters it holds. On Windows cmd.exe runs `<editor> "<file>"`.
 */
export function editorCommand(editor: string, file: string, platform: NodeJS.Platform): InteractiveCommand {
  if (platform === 'win32') {
    return { file: 'cmd.exe', args: ['/d', '/s', '/c', `"${editor} "${file}""`], windowsVerbatimArguments: true };
  }
  // A plain command line (words, no shell syntax) replaces the shell, so that the editor is our
  // own child: stopping it on Ctrl-C then stops the editor, not only a shell waiting for it.
  const plain = !/[|&;<>()$`\\"'*?[#~=%\n]/.test(editor);
  return { file: 'sh', args: ['-c', `${plain ? 'exec ' : ''}${editor} "$@"`, editor, file] };
}

/** A file name for the temporary copy, after the key's last segment, so that editors pick a mode. */
export function tempFileName(key: string): string {
  const last = key.split('/').filter((s) => s !== '').pop() ?? '';
  const safe = last.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(-64);
  return safe === '' ? 'value' : safe;
}
