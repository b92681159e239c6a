import { describe, expect, it } from 'vitest';

import { exitCodeFor, UnsupportedError, UsageError } from '../../../src/core/errors.js';
import { parseCheckDatascaleArgs, parseCheckPerfArgs } from '../../../src/commands/check/index.js';
import { loadStats, putVarint } from '../../../src/commands/check/load.js';
import { DATASCALE_MODELS, PERF_MODELS } from '../../../src/commands/check/models.js';
import { pbLine, pbTimeLeft } from '../../../src/commands/check/progress.js';
import { destinationPrefix, modifyPrefix, parseMakeMirrorArgs, type MakeMirrorFlags } from '../../../src/commands/make-mirror.js';
import { thrown } from '../../helpers/thrown.js';

// Texts and exit codes are what /usr/bin/etcdctl 3.4.23 printed for the same arguments.


const mirrorFlags: MakeMirrorFlags = {
  prefix: '',
  destPrefix: '',
  noDestPrefix: false,
  destCert: '',
  destKey: '',
  destCacert: '',
  destInsecureTransport: true,
};

describe('make-mirror arguments', () => {
  it('takes exactly one destination', () => {
    expect(parseMakeMirrorArgs(['127.0.0.1:22379'], mirrorFlags).destination).toBe('127.0.0.1:22379');
    for (const args of [[], ['a', 'b']]) {
      const err = thrown(() => parseMakeMirrorArgs(args, mirrorFlags));
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe('make-mirror takes one destination argument');
      expect(exitCodeFor(err)).toBe(128);
    }
  });

  it('carries the --dest-* TLS flags', () => {
    const input = parseMakeMirrorArgs(['d'], { ...mirrorFlags, destCert: 'c.pem', destKey: 'k.pem', destCacert: 'ca.pem', destInsecureTransport: false });
    expect(input.destTls).toEqual({ cert: 'c.pem', key: 'k.pem', cacert: 'ca.pem', insecureTransport: false });
  });

  const prefixes: readonly [string, { prefix: string; destPrefix: string; noDestPrefix: boolean }, string][] = [
    ['keeps the names by default', { prefix: 'a/', destPrefix: '', noDestPrefix: false }, 'a/'],
    ['moves them under --dest-prefix', { prefix: 'a/', destPrefix: 'b/', noDestPrefix: false }, 'b/'],
    ['strips the prefix with --no-dest-prefix', { prefix: 'a/', destPrefix: '', noDestPrefix: true }, ''],
    ['puts everything under --dest-prefix when there is no --prefix', { prefix: '', destPrefix: 'b/', noDestPrefix: false }, 'b/'],
  ];
  for (const [name, flags, want] of prefixes) it(`destinationPrefix ${name}`, () => expect(destinationPrefix(flags)).toBe(want));

  it('refuses --dest-prefix with --no-dest-prefix', () => {
    const err = thrown(() => destinationPrefix({ prefix: 'a', destPrefix: 'b', noDestPrefix: true }));
    expect((err as Error).message).toBe('`--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one');
    expect(exitCodeFor(err)).toBe(128);
  });

  const b = (s: string): Buffer => Buffer.from(s, 'latin1');
  const renames: readonly [string, string, string, string][] = [
    ['a/k1', 'a/', 'b/', 'b/k1'],
    ['a/k1', 'a/', '', 'k1'],
    ['k1', '', 'b/', 'b/k1'],
    ['k1', '', '', 'k1'],
    // strings.Replace(…, 1): the first occurrence, wherever it is
    ['x/a/a/', 'a/', 'b/', 'x/b/a/'],
    ['\xff\x00a', '\xff', 'z', 'z\x00a'],
  ];
  for (const [key, from, to, want] of renames) {
    it(`modifyPrefix ${JSON.stringify(key)} ${JSON.stringify(from)}→${JSON.stringify(to)}`, () => {
      expect(Buffer.from(modifyPrefix(b(key), b(from), b(to))).toString('latin1')).toBe(want);
    });
  }
});

describe('check arguments', () => {
  const flags = { load: 's', prefix: '/etcdctl-check-perf/', autoCompact: false, autoDefrag: false };

  it('maps every load alias to its model', () => {
    for (const [alias, model] of [
      ['s', 's'],
      ['small', 's'],
      ['m', 'm'],
      ['medium', 'm'],
      ['l', 'l'],
      ['large', 'l'],
      ['xl', 'xl'],
      ['xLarge', 'xl'],
    ] as const) {
      expect(parseCheckPerfArgs({ ...flags, load: alias }).model).toEqual(PERF_MODELS[model]);
      expect(parseCheckDatascaleArgs({ ...flags, load: alias }).model).toEqual(DATASCALE_MODELS[model]);
    }
  });

  it('refuses other loads with exit 4', () => {
    for (const load of ['bogus', 'XL', 'S', '']) {
      const err = thrown(() => parseCheckPerfArgs({ ...flags, load }));
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toBe(`unknown load option ${load}`);
      expect(exitCodeFor(err)).toBe(4);
    }
  });

  it('lets the hidden --duration shorten the run', () => {
    expect(parseCheckPerfArgs({ ...flags, duration: '0' }).model.duration).toBe(60);
    expect(parseCheckPerfArgs({ ...flags, duration: '3' }).model).toEqual({ limit: 150, clients: 50, duration: 3 });
  });
});

describe('check progress bar (pb.v1 with Format "Bom !")', () => {
  it('draws counters and percentage only without a terminal', () => {
    expect(pbLine({ current: 0, total: 60, width: 0 })).toBe(' 0 / 60    0.00%');
    expect(pbLine({ current: 1, total: 60, width: 0, timeLeft: '00m59s' })).toBe(' 1 / 60    1.67% 00m59s');
    expect(pbLine({ current: 60, total: 60, width: 0, timeLeft: '1m0s' })).toBe(' 60 / 60  100.00% 1m0s');
    expect(pbLine({ current: 8046, total: 10000, width: 0 })).toBe(' 8046 / 10000   80.46%');
  });

  it('draws the bar to the terminal width', () => {
    const line = pbLine({ current: 30, total: 60, width: 40, timeLeft: '00m30s' });
    expect(line).toHaveLength(40);
    expect(line).toMatch(/^ 30 \/ 60 Bo+m +!  50\.00% 00m30s$/);
    expect(pbLine({ current: 60, total: 60, width: 30 })).toMatch(/^ 60 \/ 60 Bo+! 100\.00%$/);
  });

  it('formats the time left as pb.v1 does', () => {
    expect(pbTimeLeft(59_900)).toBe('00m59s');
    expect(pbTimeLeft(62_000)).toBe('01m02s');
    expect(pbTimeLeft(3_723_000)).toBe('1h02m03s');
  });
});

describe('check load helpers', () => {
  it('writes Go zig-zag varints', () => {
    const buf = new Uint8Array(10);
    expect(putVarint(buf, 0n)).toBe(1);
    expect([...buf.subarray(0, 1)]).toEqual([0]);
    expect(putVarint(buf, 1n)).toBe(1);
    expect([...buf.subarray(0, 1)]).toEqual([2]);
    expect(putVarint(buf, -1n)).toBe(1);
    expect([...buf.subarray(0, 1)]).toEqual([1]);
    expect(putVarint(buf, 300n)).toBe(2);
    expect([...buf.subarray(0, 2)]).toEqual([0xd8, 0x04]);
    expect(putVarint(buf, 2n ** 61n)).toBe(9);
    expect(putVarint(buf, 2n ** 62n)).toBe(10);
  });

  it('computes pkg/report statistics', () => {
    const s = loadStats([0.1, 0.3], new Map([['boom', 2]]), 2);
    expect(s.rps).toBe(1);
    expect(s.slowest).toBe(0.3);
    expect(s.stddev).toBeCloseTo(0.1, 12);
    expect([...s.errors]).toEqual([['boom', 2]]);
    expect(loadStats([], new Map(), 1)).toMatchObject({ rps: 0, slowest: 0, stddev: 0 });
  });

  it('takes 10^6 latency samples (check perf --load=l records 480k) without overflowing the stack', () => {
    const latencies = Array.from({ length: 1_000_000 }, (_, i) => (i % 1000) / 1000);
    latencies[654_321] = 2.5;
    const s = loadStats(latencies, new Map(), 60);
    expect(s.slowest).toBe(2.5);
    expect(s.rps).toBeCloseTo(1_000_000 / 60, 6);
    expect(s.stddev).toBeGreaterThan(0.28);
  });
});
