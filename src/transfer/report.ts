/**
 * The summary export and import print when they are done, in the writers our own commands have:
 * `simple` (aligned lines for people), `json` (one object, README "export and import"), `table`.
 */
import type { IO } from '../core/io.js';
import { UnsupportedError } from '../core/errors.js';
import { createStyle } from '../output/human/style.js';
import { drawTable } from '../output/human/layout.js';

export type ReportFormat = 'simple' | 'json' | 'table';

/** The writer for `-w`; anything else is `<format> not supported as output format` (exit 4). */
export function reportFormat(writeOut: string): ReportFormat {
  if (writeOut === 'simple' || writeOut === 'json' || writeOut === 'table') return writeOut;
  throw new UnsupportedError(`${writeOut} not supported as output format`);
}

/** One summary: JSON field name → value (numbers, strings, booleans), and the sentence for people. */
export interface Report {
  readonly fields: Readonly<Record<string, string | number | boolean>>;
  readonly sentence: string;
}

export async function printReport(r: Report, format: ReportFormat, io: IO): Promise<void> {
  if (format === 'json') {
    io.stdout.write(JSON.stringify(r.fields) + '\n');
    return;
  }
  const style = await createStyle(io.colorStdout);
  if (format === 'table') {
    const names = Object.keys(r.fields);
    io.stdout.write(await drawTable(names.map((n) => n.toUpperCase()), [names.map((n) => String(r.fields[n]))], style));
    return;
  }
  io.stdout.write(style.ok(r.sentence) + '\n');
}
