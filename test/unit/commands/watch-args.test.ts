import { describe, expect, it } from 'vitest';

import { exitCodeFor, UsageError } from '../../../src/core/errors.js';
import { WatchCreateRequest } from '../../../src/client/generated/proto.js';
import { decode, encode, type Init } from '../../../src/client/wire.js';
import {
  parseWatchArgs,
  watchCreateRequest,
  watchEnv,
  watchOptions,
  type WatchArgs,
  type WatchEnv,
  type WatchOptions,
} from '../../../src/commands/watch.js';

// etcdctl 3.4's parseWatchArgs (watch_command.go) rule for rule; the expected values and error
// texts are what /usr/bin/etcdctl 3.4.23 did with the same command lines (exit 128 for every
// error here).

const NO_ENV: WatchEnv = { key: '', rangeEnd: '' };
const DEFAULTS: WatchOptions = { prefix: false, rev: 0n, prevKv: false, progressNotify: false };

function failure(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectUsage(f: () => unknown, msg: string): void {
  const err = failure(f);
  expect(err).toBeInstanceOf(UsageError);
  expect((err as Error).message).toBe(msg);
  expect(exitCodeFor(err)).toBe(128);
}

interface Case {
  readonly name: string;
  /** The command line after the program name, as the user typed it. */
  readonly argv: readonly string[];
  /** cobra's positional arguments for it (everything after `--` included, `--` itself not). */
  readonly args: readonly string[];
  readonly env?: WatchEnv;
  readonly want?: Pick<WatchArgs, 'watchArgs' | 'execArgs'>;
  readonly err?: string;
}

const cases: readonly Case[] = [
  { name: 'key', argv: ['watch', 'foo'], args: ['foo'], want: { watchArgs: ['foo'], execArgs: [] } },
  { name: 'key and range end', argv: ['watch', 'a', 'c'], args: ['a', 'c'], want: { watchArgs: ['a', 'c'], execArgs: [] } },
  { name: 'global flags before watch', argv: ['--endpoints', 'x', 'watch', 'foo'], args: ['foo'], want: { watchArgs: ['foo'], execArgs: [] } },
  {
    name: 'exec command',
    argv: ['watch', 'foo', '--', 'echo', 'watch', 'event'],
    args: ['foo', 'echo', 'watch', 'event'],
    want: { watchArgs: ['foo'], execArgs: ['echo', 'watch', 'event'] },
  },
  {
    name: 'exec command whose word repeats the key',
    argv: ['watch', 'foo', '--', 'echo', 'foo'],
    args: ['foo', 'echo', 'foo'],
    want: { watchArgs: ['foo'], execArgs: ['echo', 'foo'] },
  },
  {
    name: 'flags between the key and the range end',
    argv: ['watch', 'foo', '--rev', '1', 'bar', '--', 'echo', 'hello'],
    args: ['foo', 'bar', 'echo', 'hello'],
    want: { watchArgs: ['foo', 'bar'], execArgs: ['echo', 'hello'] },
  },
  {
    name: 'exec command with dashes',
    argv: ['watch', 'k', '--', 'sh', '-c', 'exit 3'],
    args: ['k', 'sh', '-c', 'exit 3'],
    want: { watchArgs: ['k'], execArgs: ['sh', '-c', 'exit 3'] },
  },
  { name: 'nothing', argv: ['watch'], args: [], err: 'bad number of arguments' },
  { name: 'separator without a command', argv: ['watch', 'foo', '--'], args: ['foo'], err: 'bad number of arguments (found separator --, but no commands)' },
  { name: 'separator alone', argv: ['watch', '--'], args: [], err: 'bad number of arguments (found separator --, but no commands)' },
  // The key is only looked for before `--`: the words after it are the command.
  { name: 'exec command but no key', argv: ['watch', '--', 'foo', 'echo', 'hi'], args: ['foo', 'echo', 'hi'], want: { watchArgs: [], execArgs: ['foo', 'echo', 'hi'] } },
  {
    name: 'env key',
    argv: ['watch'],
    args: [],
    env: { key: 'foo', rangeEnd: '' },
    want: { watchArgs: ['foo'], execArgs: [] },
  },
  {
    name: 'env key and range end',
    argv: ['watch'],
    args: [],
    env: { key: 'a', rangeEnd: 'z' },
    want: { watchArgs: ['a', 'z'], execArgs: [] },
  },
  {
    name: 'env key with exec command',
    argv: ['watch', '--', 'echo', 'hello'],
    args: ['echo', 'hello'],
    env: { key: 'foo', rangeEnd: '' },
    want: { watchArgs: ['foo'], execArgs: ['echo', 'hello'] },
  },
  {
    name: 'env key and a key argument',
    argv: ['watch', 'foo'],
    args: ['foo'],
    env: { key: 'foo', rangeEnd: '' },
    err: 'bad number of arguments (found conflicting environment key)',
  },
  {
    name: 'env key and a key argument before the command',
    argv: ['watch', 'foo', '--', 'echo', '1'],
    args: ['foo', 'echo', '1'],
    env: { key: 'foo', rangeEnd: '' },
    err: 'bad number of arguments (found conflicting environment key)',
  },
  {
    name: 'env key and flags before the command',
    argv: ['watch', '--rev', '1', '--', 'echo', 'Hello', 'World'],
    args: ['echo', 'Hello', 'World'],
    env: { key: 'foo', rangeEnd: '' },
    want: { watchArgs: ['foo'], execArgs: ['echo', 'Hello', 'World'] },
  },
];

describe('parseWatchArgs (command line)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const run = (): WatchArgs => parseWatchArgs(['etcdctl', ...c.argv], c.args, c.env ?? NO_ENV, false, DEFAULTS);
      if (c.err !== undefined) {
        expectUsage(run, c.err);
        return;
      }
      const got = run();
      expect({ watchArgs: got.watchArgs, execArgs: got.execArgs }).toEqual(c.want);
      expect(got.options).toEqual(DEFAULTS);
    });
  }
});

describe('parseWatchArgs (interactive lines)', () => {
  const line = (words: string[], env: WatchEnv = NO_ENV): WatchArgs => parseWatchArgs(['etcdctl', 'watch', '-i'], words, env, true);

  it('takes the flags from the line, not from the command line', () => {
    expect(line(['watch', 'foo', '--prefix', '--rev', '7', '--prev-kv'])).toEqual({
      watchArgs: ['foo'],
      execArgs: [],
      options: { prefix: true, rev: 7n, prevKv: true, progressNotify: false },
    });
    expect(line(['watch', 'foo']).options).toEqual(DEFAULTS);
  });

  it('reads --rev as pflag does (base 0)', () => {
    expect(line(['watch', 'foo', '--rev=0x10']).options.rev).toBe(16n);
  });

  it('takes --progress-notify on a line as on the command line', () => {
    expect(line(['watch', 'foo', '--progress-notify']).options.progressNotify).toBe(true);
  });

  it('finds an exec command after --', () => {
    expect(line(['watch', 'foo', '--', 'echo', 'hi'])).toEqual({ watchArgs: ['foo'], execArgs: ['echo', 'hi'], options: DEFAULTS });
  });

  it('uses ETCDCTL_WATCH_KEY for a bare `watch`', () => {
    expect(line(['watch'], { key: 'k', rangeEnd: 'z' }).watchArgs).toEqual(['k', 'z']);
  });

  it('rejects what etcdctl rejects', () => {
    expectUsage(() => line(['watch', 'foo', '--']), 'bad number of arguments (found separator --, but no commands)');
    expectUsage(() => line(['watch', 'foo', '--bogus']), 'unknown flag: --bogus');
    expectUsage(() => line(['watch', 'foo', '-w', 'json']), "unknown shorthand flag: 'w' in -w");
    expectUsage(() => line(['watch', 'foo', '--rev', 'abc']), 'invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expectUsage(() => line(['watch', '--prefix']), 'bad number of arguments');
    expectUsage(() => line(['watch', 'foo'], { key: 'k', rangeEnd: '' }), 'bad number of arguments (found conflicting environment key)');
    expectUsage(() => line(['get', 'foo']), "args[0] must be 'watch' for interactive calls");
  });
});

describe('watchEnv', () => {
  it('reads ETCDCTL_WATCH_KEY and ETCDCTL_WATCH_RANGE_END', () => {
    expect(watchEnv({})).toEqual(NO_ENV);
    expect(watchEnv({ ETCDCTL_WATCH_KEY: 'a', ETCDCTL_WATCH_RANGE_END: 'b' })).toEqual({ key: 'a', rangeEnd: 'b' });
  });

  it('refuses a range end without a key', () => {
    expectUsage(() => watchEnv({ ETCDCTL_WATCH_RANGE_END: 'z' }), 'ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="z"');
    expectUsage(() => watchEnv({ ETCDCTL_WATCH_KEY: '', ETCDCTL_WATCH_RANGE_END: 'a"b' }), 'ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="a\\"b"');
  });
});

describe('watchCreateRequest', () => {
  const b = (s: string): Uint8Array => Buffer.from(s, 'latin1');
  const req = (args: string[], o: Partial<WatchOptions> = {}): WatchCreateRequest => {
    const r = watchCreateRequest(args, { ...DEFAULTS, ...o });
    return decode(WatchCreateRequest, encode(WatchCreateRequest, r));
  };
  const want = (w: Init<WatchCreateRequest>): WatchCreateRequest => decode(WatchCreateRequest, encode(WatchCreateRequest, w));

  it('watches one key from now', () => {
    expect(req(['foo'])).toEqual(want({ key: b('foo') }));
  });

  it('watches [key, range_end) with exactly two arguments', () => {
    expect(req(['a', 'c'])).toEqual(want({ key: b('a'), range_end: b('c') }));
  });

  it('drops the range end when a third argument is given (etcdctl 3.4)', () => {
    expect(req(['a', 'c', 'x'])).toEqual(want({ key: b('a') }));
    expect(req(['a', 'c', 'x'], { prefix: true })).toEqual(want({ key: b('a'), range_end: b('b') }));
  });

  it('watches a prefix; the empty prefix is every key', () => {
    expect(req(['w/'], { prefix: true })).toEqual(want({ key: b('w/'), range_end: b('w0') }));
    // Arguments are UTF-8: "é" is c3 a9, so the prefix ends at c3 aa.
    expect(req(['é'], { prefix: true })).toEqual(want({ key: Buffer.from('é'), range_end: Uint8Array.of(0xc3, 0xaa) }));
    expect(req([''], { prefix: true })).toEqual(want({ key: b('\0'), range_end: b('\0') }));
  });

  it('passes --rev and --prev-kv on, negative revisions included (the server refuses them)', () => {
    expect(req(['k'], { rev: 5n, prevKv: true })).toEqual(want({ key: b('k'), start_revision: 5n, prev_kv: true }));
    expect(req(['k'], { rev: -5n })).toEqual(want({ key: b('k'), start_revision: -5n }));
  });

  it('rejects no key, and a range end with --prefix', () => {
    expectUsage(() => req([]), 'bad number of arguments');
    expectUsage(() => req(['a', 'b'], { prefix: true }), '`range_end` and `--prefix` are mutually exclusive');
  });
});

describe('watchOptions', () => {
  it('reads --rev with pflag base 0', () => {
    expect(watchOptions({ prefix: true, rev: '0x1f', prevKv: false })).toEqual({ prefix: true, rev: 31n, prevKv: false, progressNotify: false });
    expect(watchOptions({ prefix: false, rev: '0', prevKv: false, progressNotify: true })).toEqual({ prefix: false, rev: 0n, prevKv: false, progressNotify: true });
    expect(watchOptions({ prefix: false, rev: '-3', prevKv: true })).toEqual({ prefix: false, rev: -3n, prevKv: true, progressNotify: false });
  });
});
