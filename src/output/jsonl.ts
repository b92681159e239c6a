import type { RangeResponse, WatchResponse } from '../client/types.js';
import type { IO } from '../core/io.js';
import { eventLine, kvLine } from '../transfer/jsonl.js';
import { UnsupportedPrinter, type GetOptions } from './printer.js';

/**
 * `-w jsonl` (issue 10): one JSON object per key or watch event per line, in the shape of
 * src/transfer/jsonl.ts (README, "JSON Lines"). Only `get` and `watch` have it; every other
 * response is `jsonl not supported as output format` (exit 4).
 */
export class JsonlPrinter extends UnsupportedPrinter {
  constructor(private readonly io: IO) {
    super('jsonl');
  }

  override get(r: RangeResponse, o?: GetOptions): void {
    if (r.kvs.length === 0) return;
    const keysOnly = o?.keysOnly === true;
    let out = '';
    for (const kv of r.kvs) out += kvLine(kv, { keysOnly });
    this.io.stdout.write(out);
  }

  override watch(r: WatchResponse): void {
    if (r.events.length === 0) return;
    let out = '';
    for (const ev of r.events) out += eventLine(ev.type, ev.kv, ev.prev_kv);
    this.io.stdout.write(out);
  }
}
