import { goDuration } from '../../core/encode.js';
import type { IO } from '../../core/io.js';

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

export class ProgressBar {
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
export function barWidth(io: IO): number {
  if (!io.stdoutIsTTY) return 0;
  const cols = Number(io.env.COLUMNS);
  return Number.isInteger(cols) && cols > 0 ? cols : 80;
}
