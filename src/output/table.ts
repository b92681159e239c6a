import type { IO } from '../cli/io.js';
import { PRINTER_METHODS, withUnsupported, type Printer } from './printer.js';

/** `-w table`: etcdctl draws tables only for membership, endpoints and snapshots. */
export function tablePrinter(_io: IO): Printer {
  return withUnsupported<Printer>('table', {}, PRINTER_METHODS);
}
