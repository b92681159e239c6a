import type { DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse } from '../client/types.js';
import type { IO } from '../cli/io.js';
import { UnsupportedError } from '../cli/errors.js';

export type OutputFormat = 'simple' | 'json' | 'fields' | 'table' | 'protobuf';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['simple', 'json', 'fields', 'table', 'protobuf'];

export interface GetOptions {
  /** `--print-value-only`: the simple writer leaves out the keys. */
  readonly valueOnly?: boolean;
}

/** One method per response kind; each format is one class. */
export interface Printer {
  get(r: RangeResponse, o?: GetOptions): void;
  put(r: PutResponse): void;
  del(r: DeleteRangeResponse): void;
  txn(r: TxnResponse): void;
}

export interface PrinterOptions {
  /** `--hex`: keys and values as \x escapes (simple writer only). */
  readonly hex: boolean;
}

/** Fills the methods a format lacks with ones that fail as etcdctl does (exit 4). */
export function withUnsupported<P extends object>(format: OutputFormat, partial: Partial<P>, all: readonly (keyof P)[]): P {
  const out = partial as Record<keyof P, unknown>;
  for (const name of all) {
    out[name] ??= () => {
      throw new UnsupportedError(`${format} not supported as output format`);
    };
  }
  return out as P;
}

export const PRINTER_METHODS: readonly (keyof Printer)[] = ['get', 'put', 'del', 'txn'];

/** The printer for `-w <format>`; an unknown format is `unsupported output format` (exit 4). */
export async function createPrinter(format: string, o: PrinterOptions, io: IO): Promise<Printer> {
  switch (format) {
    case 'simple':
      return new (await import('./simple.js')).SimplePrinter(io, o);
    case 'json':
      return new (await import('./json-printer.js')).JsonPrinter(io);
    case 'fields':
      return new (await import('./fields.js')).FieldsPrinter(io);
    case 'protobuf':
      return new (await import('./protobuf.js')).ProtobufPrinter(io);
    case 'table':
      return (await import('./table.js')).tablePrinter(io);
    default:
      throw new UnsupportedError('unsupported output format');
  }
}
