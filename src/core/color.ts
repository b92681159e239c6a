/** chalk's colour levels: none, 16 colours, 256 colours, true colour. */
export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * Whether (and how richly) a stream may be coloured: `FORCE_COLOR` forces it (`0`/`false` turn
 * it off); otherwise a non-empty `NO_COLOR` (no-color.org), a stream that is not a terminal or
 * `TERM=dumb` mean none. chalk's own detection is not used: chalk 5 ignores NO_COLOR and looks
 * at the process, not at the stream we were given.
 */
export function colorLevel(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): ColorLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM !== undefined && env.TERM.includes('256')) return 2;
  return 1;
}
