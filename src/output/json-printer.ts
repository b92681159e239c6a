import { DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse } from '../client/types.js';
import type { IO } from '../cli/io.js';
import { goJson } from './json.js';
import type { Printer } from './printer.js';

/** `-w json`: one line of Go-encoded JSON per response. */
export class JsonPrinter implements Printer {
  constructor(private readonly io: IO) {}

  private line(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  get(r: RangeResponse): void {
    this.line(goJson(RangeResponse, r));
  }

  put(r: PutResponse): void {
    this.line(goJson(PutResponse, r));
  }

  del(r: DeleteRangeResponse): void {
    this.line(goJson(DeleteRangeResponse, r));
  }

  txn(r: TxnResponse): void {
    this.line(goJson(TxnResponse, r));
  }
}
