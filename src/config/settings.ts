/**
 * What a context may hold: etcdctl's global flags that say how to reach and talk to a cluster,
 * by long name, each with the pflag kind its value is checked against. Not `--write-out` or
 * `--debug` (how one run prints is not a property of a cluster), nor `--context` itself.
 */
export const CONTEXT_SETTINGS: Readonly<Record<string, 'string' | 'bool' | 'duration' | 'stringSlice'>> = {
  endpoints: 'stringSlice',
  'dial-timeout': 'duration',
  'command-timeout': 'duration',
  'keepalive-time': 'duration',
  'keepalive-timeout': 'duration',
  'insecure-transport': 'bool',
  'insecure-skip-tls-verify': 'bool',
  'insecure-discovery': 'bool',
  cacert: 'string',
  cert: 'string',
  key: 'string',
  user: 'string',
  password: 'string',
  hex: 'bool',
  'discovery-srv': 'string',
  'discovery-srv-name': 'string',
};

/** A context's settings: global flag long name → value as it would be given on the command line. */
export type ContextSettings = Readonly<Record<string, string>>;

/** Whether `s` holds a password: `--password`, or `--user name:password`. */
export function holdsPassword(s: ContextSettings): boolean {
  return (s.password ?? '') !== '' || (s.user ?? '').includes(':');
}

/** `s` with any password replaced by `******`, for showing. */
export function maskSettings(s: ContextSettings): ContextSettings {
  const out: Record<string, string> = { ...s };
  if ((out.password ?? '') !== '') out.password = '******';
  const user = out.user ?? '';
  const i = user.indexOf(':');
  if (i >= 0) out.user = `${user.slice(0, i)}:******`;
  return out;
}

/** Context names: something that is easy to type and shows in a column. */
export function validContextName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._@:+-]*$/.test(name) && name.length <= 128;
}
