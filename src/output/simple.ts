import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, TxnResponse } from '../client/types.js';
import type { IO } from '../cli/io.js';
import { hexEscape } from './encode.js';
import type { GetOptions, Printer, PrinterOptions } from './printer.js';

const NL = '\n';

/** etcdctl's default writer: raw keys and values, one per line. */
export class SimplePrinter implements Printer {
  constructor(
    private readonly io: IO,
    private readonly o: PrinterOptions,
  ) {}

  private line(text: string | Uint8Array): void {
    this.io.stdout.write(text);
    this.io.stdout.write(NL);
  }

  private bytes(b: Uint8Array): string | Uint8Array {
    return this.o.hex ? hexEscape(b) : b;
  }

  private kv(kv: KeyValue, valueOnly = false): void {
    if (!valueOnly) this.line(this.bytes(kv.key));
    this.line(this.bytes(kv.value));
  }

  get(r: RangeResponse, o: GetOptions = {}): void {
    for (const kv of r.kvs) this.kv(kv, o.valueOnly);
  }

  put(r: PutResponse): void {
    this.line('OK');
    if (r.prev_kv !== undefined) this.kv(r.prev_kv);
  }

  del(r: DeleteRangeResponse): void {
    this.line(String(r.deleted));
    for (const kv of r.prev_kvs) this.kv(kv);
  }

  txn(r: TxnResponse): void {
    this.line(r.succeeded ? 'SUCCESS' : 'FAILURE');
    for (const op of r.responses) {
      this.line('');
      if (op.response_put !== undefined) this.put(op.response_put);
      else if (op.response_range !== undefined) this.get(op.response_range);
      else if (op.response_delete_range !== undefined) this.del(op.response_delete_range);
      else if (op.response_txn !== undefined) this.txn(op.response_txn);
    }
  }
}
