/**
 * A unified line diff (`diff -u` shape) of a value before and after editing, shown before it is
 * written. Lines common to both ends are set aside first; what is left is compared by longest
 * common subsequence, and when that is too big to compare cheaply it is shown as replaced whole.
 */

export type DiffOp = { readonly kind: ' ' | '-' | '+'; readonly text: string };

const MAX_CELLS = 4_000_000;

/** Lines of `s`; a final newline does not start another line. */
export function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The edit script turning lines `a` into lines `b`. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((text) => ({ kind: ' ' as const, text }));
  const tail = a.slice(endA).map((text) => ({ kind: ' ' as const, text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  let middle: DiffOp[];
  if (x.length * y.length > MAX_CELLS) {
    middle = [...x.map((text) => ({ kind: '-' as const, text })), ...y.map((text) => ({ kind: '+' as const, text }))];
  } else {
    // lcs[i][j]: longest common subsequence of x[i..] and y[j..].
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    middle = [];
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ kind: ' ', text: x[i++]! });
        j++;
      } else if (i < x.length && (j >= y.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) middle.push({ kind: '-', text: x[i++]! });
      else middle.push({ kind: '+', text: y[j++]! });
    }
  }
  return [...head, ...middle, ...tail];
}

export interface DiffStyle {
  removed(s: string): string;
  added(s: string): string;
  hunk(s: string): string;
}

const PLAIN: DiffStyle = { removed: (s) => s, added: (s) => s, hunk: (s) => s };

/**
 * The unified diff of `before` and `after` with `context` lines around each change, under
 * `--- <from>` / `+++ <to>` headers; '' when they are equal line for line.
 */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, style: DiffStyle = PLAIN, context = 3): string {
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  const endsNl = (s: string): boolean => s.endsWith('\n');
  // An empty value has no last line to end: nothing to say about it.
  const newlineNote = before === '' || after === '' || endsNl(before) === endsNl(after) ? '' : `\\ the value ${endsNl(after) ? 'now ends' : 'no longer ends'} with a newline\n`;
  if (changed.length === 0 && newlineNote === '') return '';
  // Hunks: runs of changes whose contexts touch or overlap.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const last = hunks[hunks.length - 1];
    if (last !== undefined && k - last[1] <= 2 * context + 1) last[1] = k;
    else hunks.push([k, k]);
  }
  let out = `${style.removed(`--- ${labels.from}`)}\n${style.added(`+++ ${labels.to}`)}\n`;
  for (const [first, lastChange] of hunks) {
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, lastChange + context);
    // Line numbers in before/after where the hunk starts.
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k]!.kind !== '+') oldLine++;
      if (ops[k]!.kind !== '-') newLine++;
    }
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    const range = (start: number, n: number): string => (n === 1 ? `${start}` : `${n === 0 ? start - 1 : start},${n}`);
    out += `${style.hunk(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`)}\n`;
    for (const op of slice) {
      const line = `${op.kind}${op.text}`;
      out += `${op.kind === '-' ? style.removed(line) : op.kind === '+' ? style.added(line) : line}\n`;
    }
  }
  return out + newlineNote;
}
