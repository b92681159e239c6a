import type { ColorLevel } from '../../core/color.js';

/** What our own commands' human output colours, by meaning rather than by colour. */
export interface Style {
  readonly level: ColorLevel;
  /** Healthy, passed, up. */
  ok(s: string): string;
  /** Expiring, warning, changed. */
  warn(s: string): string;
  /** Failed, down, leaseless, unreachable. */
  bad(s: string): string;
  /** Secondary detail: keys, revisions, ids. */
  dim(s: string): string;
  /** Names that head a group. */
  bold(s: string): string;
  /** Column headings. */
  heading(s: string): string;
}

const plain = (s: string): string => s;

/** A style without colour: for pipes, NO_COLOR, and tests. */
export const NO_STYLE: Style = { level: 0, ok: plain, warn: plain, bad: plain, dim: plain, bold: plain, heading: plain };

/**
 * The style for a stream coloured at `level` (IO.colorStdout / colorStderr). chalk is loaded only
 * here, and only when there is colour to show: a `new Chalk({ level })` per stream, never chalk's
 * global instance, whose detection ignores NO_COLOR and the stream we were given.
 */
export async function createStyle(level: ColorLevel): Promise<Style> {
  if (level === 0) return NO_STYLE;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  return {
    level,
    ok: (s) => c.green(s),
    warn: (s) => c.yellow(s),
    bad: (s) => c.red(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    heading: (s) => c.bold(s),
  };
}
