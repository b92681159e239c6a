import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, ResponseHeader, TxnResponse } from '../client/types.js';
import type { IO } from '../cli/io.js';
import { goQuote } from './encode.js';
import type { Printer } from './printer.js';

/** `-w fields`: `"Name" : value` lines, strings Go-quoted. */
export class FieldsPrinter implements Printer {
  constructor(private readonly io: IO) {}

  private f(name: string, value: string | bigint | number | boolean): void {
    this.io.stdout.write(`"${name}" : ${String(value)}\n`);
  }

  private hdr(h: ResponseHeader | undefined): void {
    this.f('ClusterID', h?.cluster_id ?? 0n);
    this.f('MemberID', h?.member_id ?? 0n);
    this.f('Revision', h?.revision ?? 0n);
    this.f('RaftTerm', h?.raft_term ?? 0n);
  }

  private kv(pfx: string, kv: KeyValue): void {
    this.f(`${pfx}Key`, goQuote(kv.key));
    this.f(`${pfx}CreateRevision`, kv.create_revision);
    this.f(`${pfx}ModRevision`, kv.mod_revision);
    this.f(`${pfx}Version`, kv.version);
    this.f(`${pfx}Value`, goQuote(kv.value));
    this.f(`${pfx}Lease`, kv.lease);
  }

  get(r: RangeResponse): void {
    this.hdr(r.header);
    for (const kv of r.kvs) this.kv('', kv);
    this.f('More', r.more);
    this.f('Count', r.count);
  }

  put(r: PutResponse): void {
    this.hdr(r.header);
    if (r.prev_kv !== undefined) this.kv('Prev', r.prev_kv);
  }

  del(r: DeleteRangeResponse): void {
    this.hdr(r.header);
    this.f('Deleted', r.deleted);
    for (const kv of r.prev_kvs) this.kv('Prev', kv);
  }

  txn(r: TxnResponse): void {
    this.hdr(r.header);
    this.f('Succeeded', r.succeeded);
    for (const op of r.responses) {
      if (op.response_put !== undefined) this.put(op.response_put);
      else if (op.response_range !== undefined) this.get(op.response_range);
      else if (op.response_delete_range !== undefined) this.del(op.response_delete_range);
      else if (op.response_txn !== undefined) this.txn(op.response_txn);
    }
  }
}
