// The text tables of etcdctl's `-w table`: github.com/olekukonko/tablewriter (v0.0.5) with a
// header and SetAlignment(ALIGN_RIGHT), nothing else configured.
//
// cli-table3 is not used: it cannot reproduce tablewriter's minimum-raggedness word wrap of cells
// wider than 30 columns (which `endpoint status` shows for alarms) nor its padding of the extra
// lines of a wrapped row; the rules fit in a few dozen lines, with no start-up cost.

/** tablewriter's MAX_ROW_WIDTH: cells wider than this are word-wrapped. */
const MAX_WIDTH = 30;
/** tablewriter's defaultPenalty for a line longer than the limit. */
const PENALTY = 1e5;

/**
 * go-runewidth's StringWidth, as far as etcdctl's tables need it: combining marks and control
 * characters take no column, East Asian wide and fullwidth characters (and emoji) take two.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r < 0x20 || (r >= 0x7f && r < 0xa0) || /\p{Mn}|\p{Me}/u.test(ch) || r === 0x200b) continue;
    w += isWide(r) ? 2 : 1;
  }
  return w;
}

function isWide(r: number): boolean {
  return (
    (r >= 0x1100 && r <= 0x115f) ||
    (r >= 0x2e80 && r <= 0x303e) ||
    (r >= 0x3041 && r <= 0x33ff) ||
    (r >= 0x3400 && r <= 0x4dbf) ||
    (r >= 0x4e00 && r <= 0x9fff) ||
    (r >= 0xa000 && r <= 0xa4cf) ||
    (r >= 0xac00 && r <= 0xd7a3) ||
    (r >= 0xf900 && r <= 0xfaff) ||
    (r >= 0xfe30 && r <= 0xfe4f) ||
    (r >= 0xff00 && r <= 0xff60) ||
    (r >= 0xffe0 && r <= 0xffe6) ||
    (r >= 0x1f300 && r <= 0x1f64f) ||
    (r >= 0x1f900 && r <= 0x1f9ff) ||
    (r >= 0x20000 && r <= 0x3fffd)
  );
}

/** tablewriter's WrapWords: splits words into lines of at most `lim` columns, minimum raggedness. */
function wrapWords(words: readonly string[], lim: number): string[][] {
  const n = words.length;
  const length: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n).fill(0);
    row[i] = displayWidth(words[i]!);
    for (let j = i + 1; j < n; j++) row[j] = row[j - 1]! + 1 + displayWidth(words[j]!);
    length.push(row);
  }
  const nbrk = new Array<number>(n).fill(0);
  const cost = new Array<number>(n).fill(2 ** 31 - 1);
  for (let i = n - 1; i >= 0; i--) {
    if (length[i]![n - 1]! <= lim) {
      cost[i] = 0;
      nbrk[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const d = lim - length[i]![j - 1]!;
      let c = d * d + cost[j]!;
      if (length[i]![j - 1]! > lim) c += PENALTY;
      if (c < cost[i]!) {
        cost[i] = c;
        nbrk[i] = j;
      }
    }
  }
  const lines: string[][] = [];
  for (let i = 0; i < n; i = nbrk[i]!) lines.push(words.slice(i, nbrk[i]));
  return lines;
}

/** tablewriter's WrapString: the limit grows to the widest single word. */
function wrapString(s: string, limit: number): string[] {
  const words = s.replace(/\n/g, ' ').split(' ');
  let lim = limit;
  for (const w of words) lim = Math.max(lim, displayWidth(w));
  return wrapWords(words, lim).map((line) => line.join(' '));
}

/** tablewriter's parseDimension with auto-wrap and reflow on: a cell's lines and its width. */
function cellLines(text: string): { lines: string[]; width: number } {
  const raw = text.split('\n');
  let maxWidth = Math.max(...raw.map(displayWidth));
  if (maxWidth > MAX_WIDTH) maxWidth = MAX_WIDTH;
  const lines = wrapString(raw.join(' '), maxWidth);
  return { lines, width: Math.max(maxWidth, ...lines.map(displayWidth)) };
}

/** tablewriter's Title: `_` as a space, trimmed, upper case (no `.` occurs in etcdctl's headers). */
function title(h: string): string {
  const t = h.replace(/_/g, ' ').trim();
  return (t === '' && h.length > 0 ? ' ' : t).toUpperCase();
}

function center(s: string, width: number): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

function right(s: string, width: number): string {
  const gap = width - displayWidth(s);
  return gap > 0 ? ' '.repeat(gap) + s : s;
}

/** Renders a table as etcdctl does: ASCII borders, centred upper-case header, right-aligned cells. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  const grow = (col: number, w: number): void => {
    widths[col] = Math.max(widths[col] ?? 0, w);
  };
  const head = header.map((h, i) => {
    const c = cellLines(h);
    grow(i, c.width);
    return c.lines;
  });
  const body = rows.map((row) =>
    row.map((cell, i) => {
      const c = cellLines(cell);
      grow(i, c.width);
      return c.lines;
    }),
  );
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  let out = rule;
  const headHeight = Math.max(...head.map((l) => l.length));
  for (let x = 0; x < headHeight; x++) {
    out += `|${widths.map((w, y) => ` ${center(title(head[y]?.[x] ?? ''), w)} `).join('|')}|\n`;
  }
  out += rule;
  for (const row of body) {
    const height = Math.max(...row.map((l) => l.length));
    for (let x = 0; x < height; x++) {
      // compat(etcdctl): tablewriter fills the missing lines of a shorter cell with two spaces.
      out += `|${row.map((lines, y) => ` ${right(lines[x] ?? '  ', widths[y]!)} `).join('|')}|\n`;
    }
  }
  return out + rule;
}
