import { UsageError } from '../core/errors.js';
import type { ContextLayer } from './context-layer.js';
import { configFilePath } from './path.js';
import { readConfig, type Config } from './store.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The name of the context to use: `--context` (given as '' it means none), else a non-empty
 * ETCDCTL_CONTEXT, else the one `context use` chose.
 */
export function contextName(flagValue: string | undefined, env: Env, config: Config): string | undefined {
  if (flagValue !== undefined) return flagValue === '' ? undefined : flagValue;
  const e = env.ETCDCTL_CONTEXT;
  if (e !== undefined && e !== '') return e;
  return config.current;
}

export function notFound(name: string, file: string): UsageError {
  return new UsageError(`context "${name}" does not exist (in ${file})`);
}

/** The context a command runs with, read from the settings file; undefined when none is chosen. */
export function selectContext(flagValue: string | undefined, env: Env, file: string = configFilePath(env)): ContextLayer | undefined {
  const config = readConfig(file);
  const name = contextName(flagValue, env, config);
  if (name === undefined) return undefined;
  const settings = config.contexts[name];
  if (settings === undefined) throw notFound(name, file);
  return { name, file, settings };
}
