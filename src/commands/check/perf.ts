import type { CommandContext } from '../../cli/context.js';
import { SilentError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { checkPrefixEmpty, cleanUp, WrittenKeys } from './cleanup.js';
import type { CheckPerfInput } from './models.js';
import { keyMaker, rateClock, runLoad, type LoadStats } from './load.js';
import { barWidth, ProgressBar } from './progress.js';

/**
 * etcdctl's `check perf`: writes 1 KiB values under the prefix at the model's rate for its
 * duration from `clients` concurrent writers, deletes them, and judges throughput (above 90% of
 * the rate), the slowest request (at most 0.5 s) and the standard deviation (at most 0.1 s).
 */
export async function runCheckPerf(input: CheckPerfInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  await ctx.printer();
  const cfg = input.model;
  await checkPrefixEmpty(client, input.prefix, cfg.duration * 1000);

  const written = new WrittenKeys(client, input.prefix);
  let stats: LoadStats;
  try {
    const key = keyMaker(input.prefix, 256);
    const value = new Uint8Array(1024);
    const bar = new ProgressBar(cfg.duration, ctx.io, barWidth(ctx.io));
    bar.start();
    const ticks = setInterval(() => bar.add(), 1000);
    try {
      stats = await runLoad({ client, clients: cfg.clients, next: rateClock(cfg.limit, cfg.duration, ctx.signal, () => ({ key: key(), value })) });
    } finally {
      clearInterval(ticks);
      bar.stop();
    }
    // compat(etcdctl): Ctrl-C is not caught; the process ends by the signal (after the keys
    // written are deleted, where etcdctl leaves them).
    if (ctx.signal.aborted) return;
    // compat(etcdctl): the bar ticks once a second on its own; it ends full, as etcdctl's does
    // when the run is not late.
    bar.add(cfg.duration - bar.value);
    bar.finish();

    await cleanUp(client, input, 30_000, ctx);
    written.cleaned();
  } finally {
    await written.release();
  }
  const out = ctx.io.stdout;
  let ok = true;
  if (stats.errors.size > 0) {
    out.write('FAIL: too many errors\n');
    for (const [msg, n] of stats.errors) out.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
    ok = false;
  }
  if (stats.rps / cfg.limit <= 0.9) {
    out.write(`FAIL: Throughput too low: ${Math.trunc(stats.rps) + 1} writes/s\n`);
    ok = false;
  } else {
    out.write(`PASS: Throughput is ${Math.trunc(stats.rps) + 1} writes/s\n`);
  }
  if (stats.slowest > 0.5) {
    // compat(etcdctl): these two FAIL lines have no "FAIL: " in front.
    out.write(`Slowest request took too long: ${stats.slowest.toFixed(6)}s\n`);
    ok = false;
  } else {
    out.write(`PASS: Slowest request took ${stats.slowest.toFixed(6)}s\n`);
  }
  if (stats.stddev > 0.1) {
    out.write(`Stddev too high: ${stats.stddev.toFixed(6)}s\n`);
    ok = false;
  } else {
    out.write(`PASS: Stddev is ${stats.stddev.toFixed(6)}s\n`);
  }
  out.write(ok ? 'PASS\n' : 'FAIL\n');
  if (!ok) throw new SilentError(ExitCode.Error);
}
