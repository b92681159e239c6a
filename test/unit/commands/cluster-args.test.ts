// Argument parsing of member, alarm, move-leader, snapshot: each case maps arguments to the
// request or to etcdctl 3.4.23's error (texts and exit codes captured from /usr/bin/etcdctl).
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/core/errors.js';
import { parseAlarmArgs } from '../../../src/commands/alarm.js';
import { parseMemberAddArgs, parseMemberIdArgs, parseMemberUpdateArgs, peerUrlsProblem } from '../../../src/commands/member.js';
import { parseMoveLeaderArgs } from '../../../src/commands/move-leader.js';
import { parseSnapshotSaveArgs, parseSnapshotStatusArgs } from '../../../src/commands/snapshot.js';

function failure(f: () => unknown): { message: string; code: number } {
  try {
    f();
  } catch (err) {
    return { message: (err as Error).message, code: exitCodeFor(err) };
  }
  throw new Error('expected an error');
}

describe('parseMemberAddArgs', () => {
  const flags = (peerUrls: string, learner = false) => ({ peerUrls, learner });
  it('takes the name and splits --peer-urls at commas, keeping the flag text', () => {
    expect(parseMemberAddArgs(['newbie'], flags('http://127.0.0.1:1,http://127.0.0.1:2', true))).toEqual({
      name: 'newbie',
      peerUrlsFlag: 'http://127.0.0.1:1,http://127.0.0.1:2',
      peerUrls: ['http://127.0.0.1:1', 'http://127.0.0.1:2'],
      learner: true,
    });
  });
  it.each([
    { name: 'no name', args: [], urls: 'http://a:1', message: 'member name not provided' },
    { name: 'no urls', args: ['x'], urls: '', message: 'member peer urls not provided' },
    { name: 'a URL as argument', args: ['x', 'http://127.0.0.1:23809'], urls: '', message: 'too many arguments, did you mean --peer-urls=http://127.0.0.1:23809' },
    { name: 'URLs as arguments, any case', args: ['x', 'HTTP://a:1', 'y', 'https://b:2'], urls: '', message: 'too many arguments, did you mean --peer-urls=HTTP://a:1, did you mean --peer-urls=https://b:2' },
    { name: 'two names', args: ['x', 'y'], urls: 'http://a:1', message: 'too many arguments' },
  ])('$name → exit 128', ({ args, urls, message }) => {
    expect(failure(() => parseMemberAddArgs(args, flags(urls)))).toEqual({ message, code: 128 });
  });
});

describe('parseMemberIdArgs and parseMemberUpdateArgs', () => {
  it('parses a hex ID up to 2^64-1', () => {
    expect(parseMemberIdArgs(['8b874b0cdb15de2d'])).toEqual({ id: 0x8b874b0cdb15de2dn });
    expect(parseMemberIdArgs(['FFFFFFFFFFFFFFFF'])).toEqual({ id: 2n ** 64n - 1n });
    expect(parseMemberUpdateArgs(['1'], { peerUrls: 'http://a:1,http://b:2' })).toEqual({ id: 1n, peerUrls: ['http://a:1', 'http://b:2'] });
  });
  it.each([
    { args: [], message: 'member ID is not provided' },
    { args: ['1', '2'], message: 'member ID is not provided' },
    { args: ['xyz'], message: 'bad member ID arg (strconv.ParseUint: parsing "xyz": invalid syntax), expecting ID in Hex' },
    { args: ['0x12'], message: 'bad member ID arg (strconv.ParseUint: parsing "0x12": invalid syntax), expecting ID in Hex' },
    { args: ['-1'], message: 'bad member ID arg (strconv.ParseUint: parsing "-1": invalid syntax), expecting ID in Hex' },
    { args: ['10000000000000000'], message: 'bad member ID arg (strconv.ParseUint: parsing "10000000000000000": value out of range), expecting ID in Hex' },
  ])('$args → exit 128', ({ args, message }) => {
    expect(failure(() => parseMemberIdArgs(args))).toEqual({ message, code: 128 });
  });
  it('update checks the ID before the URLs', () => {
    expect(failure(() => parseMemberUpdateArgs(['xyz'], { peerUrls: '' })).message).toMatch(/^bad member ID arg/);
    expect(failure(() => parseMemberUpdateArgs(['1'], { peerUrls: '' }))).toEqual({ message: 'member peer urls not provided', code: 128 });
  });
});

describe('peerUrlsProblem (clientv3 types.NewURLs)', () => {
  it.each([
    ['foo', 'URL scheme must be http, https, unix, or unixs: foo'],
    ['http://127.0.0.1', 'URL address does not have the form "host:port": http://127.0.0.1'],
    ['http://127.0.0.1:1/x', 'URL must not contain a path: http://127.0.0.1:1/x'],
    ['http://a:1/', 'URL must not contain a path: http://a:1/'],
    ['ftp://a:1', 'URL scheme must be http, https, unix, or unixs: ftp://a:1'],
    ['http://[::1', 'parse "http://[::1": missing \']\' in host'],
    ['127.0.0.1:5000', 'parse "127.0.0.1:5000": first path segment in URL cannot contain colon'],
    ['', 'URL scheme must be http, https, unix, or unixs: '],
    [':x', 'parse ":x": missing protocol scheme'],
    ['http://a:b', 'parse "http://a:b": invalid port ":b" after host'],
  ])('%j → %s', (url, problem) => {
    expect(peerUrlsProblem([url])).toBe(problem);
  });
  it.each(['http://a:1', ' http://b:2', 'HTTP://a:1', 'http://a:1?x=1', 'http://a:1#f', 'http://u@a:1', 'unix://a:1', 'http://:1', 'https://[::1]:2380'])(
    'accepts %j',
    (url) => {
      expect(peerUrlsProblem([url])).toBeUndefined();
    },
  );
  it('reports the first bad URL of several', () => {
    expect(peerUrlsProblem(['http://a:1', 'http://a:1,'.split(',')[1]!])).toBe('URL scheme must be http, https, unix, or unixs: ');
  });
});

describe('alarm, move-leader and snapshot arguments', () => {
  it('alarm list/disarm take no arguments', () => {
    expect(() => parseAlarmArgs('list', [])).not.toThrow();
    expect(failure(() => parseAlarmArgs('list', ['x']))).toEqual({ message: 'alarm list command accepts no arguments', code: 128 });
    expect(failure(() => parseAlarmArgs('disarm', ['x']))).toEqual({ message: 'alarm disarm command accepts no arguments', code: 128 });
  });
  it('move-leader takes one hex ID; a bad one is the bare strconv error', () => {
    expect(parseMoveLeaderArgs(['1b7b28ac923369cb'])).toEqual({ target: 0x1b7b28ac923369cbn });
    expect(failure(() => parseMoveLeaderArgs([]))).toEqual({ message: 'move-leader command needs 1 argument', code: 128 });
    expect(failure(() => parseMoveLeaderArgs(['xyz']))).toEqual({ message: 'strconv.ParseUint: parsing "xyz": invalid syntax', code: 128 });
  });
  it('snapshot save/status take one file', () => {
    expect(parseSnapshotSaveArgs(['s.db'])).toEqual({ path: 's.db' });
    expect(parseSnapshotStatusArgs(['s.db'])).toEqual({ path: 's.db' });
    expect(failure(() => parseSnapshotSaveArgs([]))).toEqual({ message: 'snapshot save expects one argument', code: 128 });
    expect(failure(() => parseSnapshotStatusArgs(['a', 'b']))).toEqual({ message: 'snapshot status requires exactly one argument', code: 128 });
  });
});
