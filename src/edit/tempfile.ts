/**
 * The private copy a value is edited in: a file of mode 0600 in a fresh directory of mode 0700
 * under the system's temporary directory, named after the key so that editors pick a mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempFileName } from './editor.js';

export interface EditFile {
  readonly dir: string;
  /** Absolute. */
  readonly path: string;
}

export function createEditFile(key: string, content: Uint8Array): EditFile {
  const dir = mkdtempSync(path.join(path.resolve(os.tmpdir()), 'etcdctl-ts-edit-'));
  const file = path.join(dir, tempFileName(key));
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  return { dir, path: file };
}

export function readEditFile(f: EditFile): Buffer {
  return readFileSync(f.path);
}

export function removeEditFile(f: EditFile): void {
  rmSync(f.dir, { recursive: true, force: true });
}

/**
 * The value to write from what the editor saved: a value that did not end with a newline keeps
 * not ending with one, since editors add a final newline when they save.
 */
export function editedValue(original: Uint8Array, saved: Uint8Array): Uint8Array {
  const endsNl = (b: Uint8Array): boolean => b.length > 0 && b[b.length - 1] === 0x0a;
  if (endsNl(original) || !endsNl(saved)) return saved;
  const cut = saved.length >= 2 && saved[saved.length - 2] === 0x0d && !original.includes(0x0d) ? 2 : 1;
  return saved.subarray(0, saved.length - cut);
}
