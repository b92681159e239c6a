import { DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse } from '../client/types.js';
import { encode, type Init, type MessageType } from '../client/wire.js';
import type { IO } from '../cli/io.js';
import type { Printer } from './printer.js';

/** `-w protobuf`: the response message, encoded, with no newline. */
export class ProtobufPrinter implements Printer {
  constructor(private readonly io: IO) {}

  private write<T extends object>(type: MessageType<T>, msg: T): void {
    this.io.stdout.write(encode(type, msg as Init<T>));
  }

  get(r: RangeResponse): void {
    this.write(RangeResponse, r);
  }

  put(r: PutResponse): void {
    this.write(PutResponse, r);
  }

  del(r: DeleteRangeResponse): void {
    this.write(DeleteRangeResponse, r);
  }

  txn(r: TxnResponse): void {
    this.write(TxnResponse, r);
  }
}
