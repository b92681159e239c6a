import type { EtcdClient } from '../../client/client.js';
import type { CommandContext } from '../../cli/context.js';
import { goQuoteString } from '../../core/encode.js';
import { InvalidInputError } from '../../core/errors.js';
import { keyRange } from '../../etcd/range.js';

/** The `check` prefix must be empty: keys there would be deleted at the end. */
export async function checkPrefixEmpty(client: EtcdClient, prefix: string, timeoutMs: number | undefined): Promise<void> {
  const resp = await client.kv.range({ ...keyRange(prefix, undefined, true, false), limit: 1n }, timeoutMs === undefined ? {} : { timeoutMs });
  if (resp.kvs.length > 0) {
    throw new InvalidInputError(`prefix ${goQuoteString(prefix)} has keys. Delete with etcdctl del --prefix ${prefix} first`);
  }
}

/** Deletes the keys written, then compacts and defragments when asked, printing as etcdctl does. */
export async function cleanUp(client: EtcdClient, input: { prefix: string; autoCompact: boolean; autoDefrag: boolean }, timeoutMs: number | undefined, ctx: CommandContext): Promise<void> {
  const out = ctx.io.stdout;
  const dresp = await client.kv.deleteRange(keyRange(input.prefix, undefined, true, false), timeoutMs === undefined ? {} : { timeoutMs });
  if (input.autoCompact) {
    const rev = dresp.header?.revision ?? 0n;
    out.write(`Compacting with revision ${rev}\n`);
    await client.kv.compact({ revision: rev, physical: true }, { timeoutMs: 30_000 });
    out.write(`Compacted with revision ${rev}\n`);
  }
  if (input.autoDefrag) {
    for (const ep of ctx.global.endpoints) {
      out.write(`Defragmenting ${goQuoteString(ep)}\n`);
      const one = await ctx.clientFor([ep]);
      await one.maintenance.defragment({}, { timeoutMs: 30_000 });
      out.write(`Defragmented ${goQuoteString(ep)}\n`);
    }
  }
}

/**
 * Keys a check has begun to write. Whatever ends the check before its own clean-up (an error, a
 * failed memory reading, Ctrl-C), `release()` in a `finally` deletes them, so that the next run
 * is not refused for a prefix that "has keys". etcdctl leaves them behind.
 */
export class WrittenKeys {
  private done = false;

  constructor(
    private readonly client: EtcdClient,
    private readonly prefix: string,
  ) {}

  /** The check's own clean-up has run. */
  cleaned(): void {
    this.done = true;
  }

  async release(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // Best effort with a deadline of its own (the command's signal may be aborted already); the
    // error that ended the check is the one to report.
    await this.client.kv.deleteRange(keyRange(this.prefix, undefined, true, false), { timeoutMs: 30_000 }).catch(() => undefined);
  }
}
