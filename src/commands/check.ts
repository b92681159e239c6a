import { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { PutRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';
import type { CommandContext } from '../cli/context.js';
import { InvalidInputError, SilentError, UnsupportedError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import type { IO } from '../core/io.js';
import { parseInt64 } from '../cli/parse.js';
import { goDuration, goQuoteString } from '../core/encode.js';
import { keyRange, utf8 } from '../etcd/range.js';

export interface CheckFlags {
  readonly load: string;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
  /** Hidden: seconds of load for `check perf` (0: the model's 60). */
  readonly duration?: string;
}

/** A `check perf` workload: writes per second, concurrent clients, seconds. */
export interface PerfModel {
  readonly limit: number;
  readonly clients: number;
  readonly duration: number;
}

/** A `check datascale` workload: key-value pairs, bytes per pair, concurrent clients. */
export interface DatascaleModel {
  readonly limit: number;
  readonly kvSize: number;
  readonly clients: number;
}

export const PERF_MODELS: Readonly<Record<string, PerfModel>> = {
  s: { limit: 150, clients: 50, duration: 60 },
  m: { limit: 1000, clients: 200, duration: 60 },
  l: { limit: 8000, clients: 500, duration: 60 },
  xl: { limit: 15000, clients: 1000, duration: 60 },
};

export const DATASCALE_MODELS: Readonly<Record<string, DatascaleModel>> = {
  s: { limit: 10_000, kvSize: 1024, clients: 50 },
  m: { limit: 100_000, kvSize: 1024, clients: 200 },
  l: { limit: 1_000_000, kvSize: 1024, clients: 500 },
  xl: { limit: 3_000_000, kvSize: 1024, clients: 1000 },
};

const LOAD_ALIASES: Readonly<Record<string, string>> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

export interface CheckPerfInput {
  readonly model: PerfModel;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
}

export interface CheckDatascaleInput {
  readonly model: DatascaleModel;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
}

export function checkCommand(ctx: CommandContext): Command {
  const cmd = new Command('check').summary('commands for checking properties of the etcd cluster').usage('<subcommand>');
  cmd.addCommand(checkPerfCommand(ctx));
  cmd.addCommand(checkDatascaleCommand(ctx));
  return cmd;
}

function checkPerfCommand(ctx: CommandContext): Command {
  const cmd = new Command('perf').summary('Check the performance of the etcd cluster').usage('[options]').argument('[args...]');
  flag(cmd, 'string', 'load', 's', "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)");
  flag(cmd, 'string', 'prefix', '/etcdctl-check-perf/', "The prefix for writing the performance check's keys.");
  flag(cmd, 'bool', 'auto-compact', 'false', 'Compact storage with last revision after test is finished.');
  flag(cmd, 'bool', 'auto-defrag', 'false', 'Defragment storage after test is finished.');
  // Ours, hidden so that the help stays etcdctl's: a shorter run, for tests and quick looks.
  flag(cmd, 'int', 'duration', '0', 'Seconds of load (default: the workload model, 60)', { hidden: true });
  return cmd.action((_args: string[], opts: CheckFlags) => runCheckPerf(parseCheckPerfArgs(opts), ctx));
}

function checkDatascaleCommand(ctx: CommandContext): Command {
  const cmd = new Command('datascale')
    .summary('Check the memory usage of holding data for different workloads on a given server endpoint.')
    .description('If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.')
    .usage('[options]')
    .argument('[args...]');
  flag(cmd, 'string', 'load', 's', "The datascale check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)");
  flag(cmd, 'string', 'prefix', '/etcdctl-check-datascale/', "The prefix for writing the datascale check's keys.");
  flag(cmd, 'bool', 'auto-compact', 'false', 'Compact storage with last revision after test is finished.');
  flag(cmd, 'bool', 'auto-defrag', 'false', 'Defragment storage after test is finished.');
  return cmd.action((_args: string[], opts: CheckFlags) => runCheckDatascale(parseCheckDatascaleArgs(opts), ctx));
}

function modelName(load: string): string {
  const name = LOAD_ALIASES[load];
  if (name === undefined) throw new UnsupportedError(`unknown load option ${load}`);
  return name;
}

export function parseCheckPerfArgs(o: CheckFlags): CheckPerfInput {
  const base = PERF_MODELS[modelName(o.load)]!;
  const seconds = o.duration === undefined ? 0n : parseInt64(o.duration, 0);
  const model = seconds > 0n ? { ...base, duration: Number(seconds) } : base;
  return { model, prefix: o.prefix, autoCompact: o.autoCompact, autoDefrag: o.autoDefrag };
}

export function parseCheckDatascaleArgs(o: CheckFlags): CheckDatascaleInput {
  return { model: DATASCALE_MODELS[modelName(o.load)]!, prefix: o.prefix, autoCompact: o.autoCompact, autoDefrag: o.autoDefrag };
}

// ---------------------------------------------------------------------------------------------
// The progress bar: gopkg.in/cheggaaa/pb.v1 as etcdctl configures it (Format "Bom !"), written to
// stdout with a carriage return every 200 ms. Without a terminal its width is 0 and only the
// counters, percentage and time left are drawn.

const REFRESH_MS = 200;

/** pb.v1's U_DURATION format of time left: `00m59s`, `1h02m03s`. */
export function pbTimeLeft(ms: number): string {
  let s = Math.floor(ms / 1000);
  let out = '';
  if (s > 86_400) {
    out += `${Math.floor(s / 86_400)}d`;
    s %= 86_400;
  }
  if (s > 3600) {
    out += `${Math.floor(s / 3600)}h`;
    s %= 3600;
  }
  const m = Math.floor(s / 60);
  s %= 60;
  return `${out}${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
}

/** One line of the bar, as pb.v1's write() draws it (without the leading `\r`). */
export function pbLine(o: { current: number; total: number; width: number; timeLeft?: string }): string {
  const percent = o.total > 0 ? o.current / (o.total / 100) : o.current / 100;
  const percentBox = ` ${percent.toFixed(2).padStart(6)}%`;
  const countersBox = o.total > 0 ? ` ${o.current} / ${o.total} ` : ` ${o.current} / ? `;
  const timeLeftBox = o.timeLeft === undefined ? '' : ` ${o.timeLeft}`;
  let barBox = '';
  const size = o.width - [...`${countersBox}B!${percentBox}${timeLeftBox}`].length;
  if (size > 0 && o.total > 0) {
    let cur = Math.ceil((o.current / o.total) * size);
    const empty = Math.max(size - cur, 0);
    cur = Math.min(cur, size);
    barBox = 'B';
    if (empty <= 0) barBox += 'o'.repeat(cur);
    else if (cur > 0) barBox += 'o'.repeat(cur - 1) + 'm';
    barBox += ' '.repeat(empty) + '!';
  }
  const out = countersBox + barBox + percentBox + timeLeftBox;
  const len = [...out].length;
  return len < o.width ? out + ' '.repeat(o.width - len) : out;
}

class ProgressBar {
  private current = 0;
  private previous = 0;
  private startTime = 0;
  private changeTime = 0;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly total: number,
    private readonly io: IO,
    private readonly width: number,
  ) {}

  start(): void {
    this.startTime = performance.now();
    this.changeTime = this.startTime;
    this.update();
    this.timer = setInterval(() => this.update(), REFRESH_MS);
  }

  add(n = 1): void {
    this.current += n;
  }

  get value(): number {
    return this.current;
  }

  private update(): void {
    if (this.current !== this.previous) {
      this.changeTime = performance.now();
      this.previous = this.current;
    }
    let timeLeft: string | undefined;
    if (this.current > 0) {
      const perEntry = (this.changeTime - this.startTime) / this.current;
      const left = Math.floor(((this.total - this.current) * perEntry - (performance.now() - this.changeTime)) / 1000) * 1000;
      if (left > 0) timeLeft = pbTimeLeft(left);
    }
    this.io.stdout.write(`\r${pbLine({ current: this.current, total: this.total, width: this.width, ...(timeLeft === undefined ? {} : { timeLeft }) })}`);
  }

  /** The last line, with the time taken (`1m0s`), and a newline. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    const elapsedNs = BigInt(Math.floor((performance.now() - this.startTime) / 1000)) * 1_000_000_000n;
    this.io.stdout.write(`\r${pbLine({ current: this.current, total: this.total, width: this.width, timeLeft: goDuration(elapsedNs) })}\n`);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** pb.v1 measures the terminal (/dev/tty); we know only whether stdout is one. */
function barWidth(io: IO): number {
  if (!io.stdoutIsTTY) return 0;
  const cols = Number(io.env.COLUMNS);
  return Number.isInteger(cols) && cols > 0 ? cols : 80;
}

// ---------------------------------------------------------------------------------------------
// The load: etcd's pkg/report statistics over `clients` concurrent writers.

export interface LoadStats {
  /** Successful requests per second over the whole run. */
  readonly rps: number;
  /** Seconds. */
  readonly slowest: number;
  readonly stddev: number;
  /** Failures by error message, in order of first appearance. */
  readonly errors: ReadonlyMap<string, number>;
}

/** pkg/report's numbers from latencies (seconds), failures and the run's total seconds. */
export function loadStats(latencies: readonly number[], errors: ReadonlyMap<string, number>, totalSeconds: number): LoadStats {
  const n = latencies.length;
  const avg = n === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / n;
  const stddev = n === 0 ? 0 : Math.sqrt(latencies.reduce((a, l) => a + (l - avg) * (l - avg), 0) / n);
  return { rps: n / totalSeconds, slowest: n === 0 ? 0 : Math.max(...latencies), stddev, errors };
}

/** Go's binary.PutVarint: the zig-zag varint of `v` written over the start of `buf`. */
export function putVarint(buf: Uint8Array, v: bigint): number {
  let ux = BigInt.asUintN(64, v << 1n);
  if (v < 0n) ux = BigInt.asUintN(64, ~ux);
  let i = 0;
  while (ux >= 0x80n) {
    buf[i++] = Number(ux & 0x7fn) | 0x80;
    ux >>= 7n;
  }
  buf[i++] = Number(ux);
  return i;
}

/** rand.Int63n(math.MaxInt64): a random non-negative int63. */
function randomInt63(): bigint {
  const hi = BigInt(Math.floor(Math.random() * 2 ** 31));
  const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
  return (hi << 32n) | lo;
}

/** The keys etcdctl writes: the prefix then a reused buffer starting with a random varint. */
function keyMaker(prefix: string, size: number): () => Uint8Array {
  const pfx = utf8(prefix);
  const k = new Uint8Array(size);
  return () => {
    putVarint(k, randomInt63());
    return Buffer.concat([pfx, k]);
  };
}

interface LoadOptions {
  readonly client: EtcdClient;
  readonly clients: number;
  /** Requests to send, in order; undefined ends the load. Called when a request may go. */
  next(): Promise<Init<PutRequest> | undefined>;
  onResult?(): void;
}

/**
 * Sends what `next` gives with at most `clients` requests in flight and `clients` more waiting
 * (etcdctl's workers and their channel). Returns pkg/report's statistics.
 */
async function runLoad(o: LoadOptions): Promise<LoadStats> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const start = performance.now();
  let inflight = 0;
  const waiting: Init<PutRequest>[] = [];
  let slot: (() => void) | undefined;
  let drained: (() => void) | undefined;
  const send = (req: Init<PutRequest>): void => {
    inflight++;
    const st = performance.now();
    o.client.kv.put(req).then(
      () => latencies.push((performance.now() - st) / 1000),
      (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        errors.set(msg, (errors.get(msg) ?? 0) + 1);
      },
    ).finally(() => {
      inflight--;
      o.onResult?.();
      const queued = waiting.shift();
      if (queued !== undefined) send(queued);
      slot?.();
      if (inflight === 0 && waiting.length === 0) drained?.();
    });
  };
  for (;;) {
    const req = await o.next();
    if (req === undefined) break;
    if (inflight < o.clients) send(req);
    else {
      waiting.push(req);
      while (waiting.length >= o.clients) await new Promise<void>((resolve) => (slot = resolve));
    }
  }
  if (inflight > 0 || waiting.length > 0) await new Promise<void>((resolve) => (drained = resolve));
  return loadStats(latencies, errors, (performance.now() - start) / 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * golang.org/x/time/rate with burst 1 as a request clock: one request every 1/limit s for
 * `seconds`. A timer cannot wake every 67 µs (xl), so a late wake-up sends what it owes, up to
 * 50 ms worth.
 */
function rateClock(limit: number, seconds: number, signal: AbortSignal, make: () => Init<PutRequest>): () => Promise<Init<PutRequest> | undefined> {
  const interval = 1000 / limit;
  const end = performance.now() + seconds * 1000;
  let due = performance.now();
  return async () => {
    for (;;) {
      const now = performance.now();
      if (now >= end || signal.aborted) return undefined;
      if (due <= now) {
        due = Math.max(due, now - 50) + interval;
        return make();
      }
      await sleep(Math.min(due - now, end - now));
    }
  };
}

/** The `check` prefix must be empty: keys there would be deleted at the end. */
async function checkPrefixEmpty(client: EtcdClient, prefix: string, timeoutMs: number | undefined): Promise<void> {
  const resp = await client.kv.range({ ...keyRange(prefix, undefined, true, false), limit: 1n }, timeoutMs === undefined ? {} : { timeoutMs });
  if (resp.kvs.length > 0) {
    throw new InvalidInputError(`prefix ${goQuoteString(prefix)} has keys. Delete with etcdctl del --prefix ${prefix} first`);
  }
}

/** Deletes the keys written, then compacts and defragments when asked, printing as etcdctl does. */
async function cleanUp(client: EtcdClient, input: { prefix: string; autoCompact: boolean; autoDefrag: boolean }, timeoutMs: number | undefined, ctx: CommandContext): Promise<void> {
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
 * etcdctl's `check perf`: writes 1 KiB values under the prefix at the model's rate for its
 * duration from `clients` concurrent writers, deletes them, and judges throughput (above 90% of
 * the rate), the slowest request (at most 0.5 s) and the standard deviation (at most 0.1 s).
 */
export async function runCheckPerf(input: CheckPerfInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  await ctx.printer();
  const cfg = input.model;
  await checkPrefixEmpty(client, input.prefix, cfg.duration * 1000);

  const key = keyMaker(input.prefix, 256);
  const value = new Uint8Array(1024);
  const bar = new ProgressBar(cfg.duration, ctx.io, barWidth(ctx.io));
  bar.start();
  const ticks = setInterval(() => bar.add(), 1000);
  let stats: LoadStats;
  try {
    stats = await runLoad({ client, clients: cfg.clients, next: rateClock(cfg.limit, cfg.duration, ctx.signal, () => ({ key: key(), value })) });
  } finally {
    clearInterval(ticks);
    bar.stop();
  }
  // compat(etcdctl): Ctrl-C is not caught; the process ends by the signal.
  if (ctx.signal.aborted) return;
  // compat(etcdctl): the bar ticks once a second on its own; it ends full, as etcdctl's does
  // when the run is not late.
  bar.add(cfg.duration - bar.value);
  bar.finish();

  await cleanUp(client, input, 30_000, ctx);
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
  const bar = new ProgressBar(cfg.limit, ctx.io, barWidth(ctx.io));
  bar.start();
  const key = keyMaker(input.prefix, 512);
  const value = new Uint8Array(512);
  let sent = 0;
  let stats: LoadStats;
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
  const after = await residentMemory(endpoint, ctx.io);
  if (after === 0) {
    out.write('FAIL: Could not read process_resident_memory_bytes after the put operations.\n');
    throw new SilentError(ExitCode.Error);
  }
  await cleanUp(client, input, undefined, ctx);
  if (stats.errors.size > 0) {
    out.write('FAIL: too many errors\n');
    for (const [msg, n] of stats.errors) out.write(`FAIL: ERROR(${msg}) -> ${n}\n`);
    throw new SilentError(ExitCode.Error);
  }
  out.write(`PASS: Approximate system memory used : ${((after - before) / (1024 * 1024)).toFixed(2)} MB.\n`);
}
