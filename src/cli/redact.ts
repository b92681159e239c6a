/**
 * Keeps passwords out of what others can see: the `--debug` dump and the process title
 * (`ps`, /proc/PID/cmdline), which would otherwise show `--password`, `--user name:pw` and
 * `user add name:pw` to every user of the machine.
 */

export const MASK = '******';

/** A password as shown anywhere: nothing when empty, else a fixed mask (no length hint). */
export function maskPassword(password: string): string {
  return password === '' ? '' : MASK;
}

/** `name:password` with the password masked; a plain name is returned unchanged. */
export function maskUserPassword(user: string): string {
  const i = user.indexOf(':');
  return i < 0 ? user : `${user.slice(0, i)}:${maskPassword(user.slice(i + 1))}`;
}

const SECRET_FLAGS = new Set(['--password', '--new-user-password', '--dest-password']);
/** Flags whose value is `name[:password]`. */
const USER_FLAGS = new Set(['--user', '--dest-user']);
/** Flags whose value may follow as the next argument: that argument is not a command name. */
const VALUE_FLAGS = new Set([
  '--endpoints', '--dial-timeout', '--command-timeout', '--keepalive-time', '--keepalive-timeout',
  '--cacert', '--cert', '--key', '-w', '--write-out', '-d', '--discovery-srv', '--discovery-srv-name',
]);

function isPrefixOf(token: string, word: string): boolean {
  return token !== '' && word.startsWith(token);
}

/**
 * argv with every secret masked, or undefined when it holds none. Recognises `--password`,
 * `--new-user-password`, `--dest-password`, `--user name:pw`, `--dest-user name:pw` (each as
 * `--f v` or `--f=v`) and the `name:pw` argument of `user add` (command names may be
 * abbreviated, as cobra allows).
 */
export function redactArgv(argv: readonly string[]): string[] | undefined {
  const out = [...argv];
  let changed = false;
  const set = (i: number, v: string): void => {
    if (out[i] !== v) changed = true;
    out[i] = v;
  };
  const positional: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const tok = out[i]!;
    if (tok === '--') {
      for (let j = i + 1; j < out.length; j++) positional.push(j);
      break;
    }
    const eq = tok.indexOf('=');
    const name = eq < 0 ? tok : tok.slice(0, eq);
    if (SECRET_FLAGS.has(name) || USER_FLAGS.has(name)) {
      const mask = USER_FLAGS.has(name) ? maskUserPassword : maskPassword;
      if (eq >= 0) set(i, `${name}=${mask(tok.slice(eq + 1))}`);
      else if (i + 1 < out.length) set(i + 1, mask(out[++i]!));
      continue;
    }
    if (eq < 0 && VALUE_FLAGS.has(tok)) i++;
    else if (!tok.startsWith('-')) positional.push(i);
  }
  if (positional.length >= 3 && isPrefixOf(out[positional[0]!]!, 'user') && isPrefixOf(out[positional[1]!]!, 'add')) {
    const i = positional[2]!;
    set(i, maskUserPassword(out[i]!));
  }
  return changed ? out : undefined;
}
