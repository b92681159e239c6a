import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { EtcdctlError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { CONTEXT_SETTINGS, type ContextSettings } from './settings.js';

/** The settings file: saved contexts and the one in use. */
export interface Config {
  /** The context `context use` selected; ETCDCTL_CONTEXT and --context override it. */
  readonly current?: string;
  readonly contexts: Readonly<Record<string, ContextSettings>>;
}

export const EMPTY_CONFIG: Config = { contexts: {} };

/**
 * The settings file cannot be read, parsed or written: one line naming the file, exit 1. A broken
 * file is never ignored (a command would then silently talk to another cluster).
 */
export class ConfigError extends EtcdctlError {
  constructor(file: string, what: string) {
    super(`config file ${file}: ${what}`, ExitCode.Error);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks and types the file's JSON text; `file` names it in errors. */
export function decodeConfig(text: string, file: string): Config {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(doc)) throw new ConfigError(file, 'not a JSON object');
  if (doc.version !== undefined && doc.version !== 1) throw new ConfigError(file, `unsupported version ${JSON.stringify(doc.version)}`);
  const contexts: Record<string, ContextSettings> = {};
  const raw = doc.contexts ?? {};
  if (!isObject(raw)) throw new ConfigError(file, '"contexts" is not an object');
  for (const [name, settings] of Object.entries(raw)) {
    if (!isObject(settings)) throw new ConfigError(file, `context "${name}" is not an object`);
    const s: Record<string, string> = {};
    for (const [k, v] of Object.entries(settings)) {
      if (!(k in CONTEXT_SETTINGS)) throw new ConfigError(file, `context "${name}": unknown setting "${k}"`);
      if (typeof v !== 'string') throw new ConfigError(file, `context "${name}": setting "${k}" is not a string`);
      s[k] = v;
    }
    contexts[name] = s;
  }
  const current = doc.current;
  if (current !== undefined && typeof current !== 'string') throw new ConfigError(file, '"current" is not a string');
  return current === undefined || current === '' ? { contexts } : { current, contexts };
}

/** The file's text: stable key order, so a diff of two versions shows what changed. */
export function encodeConfig(c: Config): string {
  const contexts: Record<string, ContextSettings> = {};
  for (const name of Object.keys(c.contexts).sort()) {
    const s = c.contexts[name]!;
    contexts[name] = Object.fromEntries(Object.keys(s).sort().map((k) => [k, s[k]!]));
  }
  return `${JSON.stringify({ version: 1, ...(c.current === undefined ? {} : { current: c.current }), contexts }, null, 2)}\n`;
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return WHY[e.code ?? ''] ?? e.message;
}

/** The settings in `file`; a file that does not exist holds no contexts. */
export function readConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CONFIG;
    throw new ConfigError(file, `cannot read: ${why(err)}`);
  }
  return decodeConfig(text, file);
}

/**
 * Replaces `file` with `c`, all or nothing: written to a temporary file beside it (mode 0600 from
 * the start, since it may hold a password), flushed, then renamed over the old one.
 */
export function writeConfig(file: string, c: Config): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, encodeConfig(c));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was created there (the directory itself is missing or not one).
    }
    throw new ConfigError(file, `cannot write: ${why(err)}`);
  }
}
