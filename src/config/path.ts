import os from 'node:os';
import path from 'node:path';

/**
 * Where etcdctl-ts keeps its one settings file: `$XDG_CONFIG_HOME/etcdctl-ts/config.json`
 * (default `~/.config`), or `%APPDATA%\etcdctl-ts\config.json` on Windows. Taken from the
 * environment we were given, so tests and users can point it elsewhere.
 */
export function configFilePath(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = os.platform(),
  home: () => string = os.homedir,
): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  let base: string;
  if (platform === 'win32') base = nonEmpty(env.APPDATA) ?? p.join(home(), 'AppData', 'Roaming');
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and to be ignored.
  else base = absolute(env.XDG_CONFIG_HOME) ?? p.join(nonEmpty(env.HOME) ?? home(), '.config');
  return p.join(base, 'etcdctl-ts', 'config.json');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function absolute(v: string | undefined): string | undefined {
  return v !== undefined && path.posix.isAbsolute(v) ? v : undefined;
}
