import type { CommandContext } from '../../cli/context.js';
import { goQuoteString } from '../../core/encode.js';
import { SilentError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import type { IO } from '../../core/io.js';
import { checkPrefixEmpty, cleanUp, WrittenKeys } from './cleanup.js';
import type { CheckDatascaleInput } from './models.js';
import { keyMaker, runLoad, type LoadStats } from './load.js';
import { barWidth, ProgressBar } from './progress.js';

/** The member's resident memory from its /metrics, or 0 after printing why (etcdctl's words). */
async function residentMemory(endpoint: string, io: IO): Promise<number> {
  const key = 'process_resident_memory_bytes';
  const url = `${endpoint.startsWith('http://') ? endpoint : `http://${endpoint}`}/metrics`;
  let text: string;
  try {
    text = await (await fetch(url)).text();
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    io.stdout.write(`fetch error: Get ${goQuoteString(url)}: ${cause}\n`);
    return 0;
  }
  const line = text.split('\n').find((l) => l.startsWith(key));
  const raw = line?.slice(key.length).trim() ?? '';
  if (raw === '') {
    io.stdout.write(`could not find: ${key}\n`);
    return 0;
  }
  const n = Number(raw);
  if (Number.isNaN(n)) {
    io.stdout.write(`parse error: strconv.ParseFloat: parsing ${goQuoteString(raw)}: invalid syntax\n`);
    return 0;
  }
  return n;
}

/**
 * etcdctl's `check datascale`: writes the model's number of key-value pairs (512-byte keys and
 * values) as fast as `clients` writers go, and reports how much the first endpoint's resident
 * memory grew.
 */
export async function runCheckDatascale(input: CheckDatascaleInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  await ctx.printer();
  const cfg = input.model;
  const endpoint = ctx.global.endpoints[0]!;
  await checkPrefixEmpty(client, input.prefix, undefined);
  const out = ctx.io.stdout;
  const before = await residentMemory(endpoint, ctx.io);
  if (before === 0) {
    out.write('FAIL: Could not read process_resident_memory_bytes before the put operations.\n');
    throw new SilentError(ExitCode.Error);
  }
  out.write(`Start data scale check for work load [${cfg.limit} key-value pairs, ${cfg.kvSize} bytes per key-value, ${cfg.clients} concurrent clients].\n`);
  const written = new WrittenKeys(client, input.prefix);
  let stats: LoadStats;
  let after: number;
  try {
    const bar = new ProgressBar(cfg.limit, ctx.io, barWidth(ctx.io));
    bar.start();
    const key = keyMaker(input.prefix, 512);
    const value = new Uint8Array(512);
    let sent = 0;
    try {
      stats = await runLoad({
        client,
        clients: cfg.clients,
        next: () => Promise.resolve(sent++ < cfg.limit && !ctx.signal.aborted ? { key: key(), value } : undefined),
        onResult: () => bar.add(),
      });
    } finally {
      bar.stop();
    }
    if (ctx.signal.aborted) return;
    bar.finish();
    after = await residentMemory(endpoint, ctx.io);
    if (after === 0) {
      out.write('FAIL: Could not read process_resident_memory_bytes after the put operations.\n');
      throw new SilentError(ExitCode.Error);
    }
    await cleanUp(client, input, undefined, ctx);
    written.cleaned();
  } finally {
    await written.release();
  }
  if (stats.errors.size > 0) {
    out.write('FAIL: too many errors\n');
    for (const [msg, n] of stats.errors) out.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
    throw new SilentError(ExitCode.Error);
  }
  out.write(`PASS: Approximate system memory used : ${((after - before) / (1024 * 1024)).toFixed(2)} MB.\n`);
}
