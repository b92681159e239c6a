import type { Style } from './style.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The width of `s` on a terminal: colour codes take no room (wide characters are not measured). */
export function displayWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/**
 * Rows as aligned columns separated by two spaces, for `simple` output of our own commands. The
 * last column is not padded, so no line ends in spaces.
 */
export function columns(rows: readonly (readonly string[])[], o: { indent?: string; rightAlign?: ReadonlySet<number> } = {}): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows
    .map((r) => {
      const cells = r.map((cell, i) => {
        if (i === r.length - 1 && !o.rightAlign?.has(i)) return cell;
        const pad = ' '.repeat(widths[i]! - displayWidth(cell));
        return o.rightAlign?.has(i) ? pad + cell : cell + pad;
      });
      return `${o.indent ?? ''}${cells.join('  ')}\n`;
    })
    .join('');
}

/**
 * A bordered table for `-w table` of our own commands, drawn by cli-table3 (loaded only here).
 * etcdctl's own tables stay with the tablewriter port, byte for byte.
 */
export async function drawTable(head: readonly string[], rows: readonly (readonly string[])[], style: Style): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const t = new Table({
    head: head.map((h) => style.heading(h)),
    style: { head: [], border: [], compact: false },
  });
  for (const r of rows) t.push([...r]);
  return `${t.toString()}\n`;
}
