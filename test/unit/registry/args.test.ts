import { describe, expect, it } from 'vitest';
import { parseScope } from '../../../src/commands/registry/common.js';
import { parseDoctorArgs } from '../../../src/commands/registry/doctor.js';
import { parseGetArgs } from '../../../src/commands/registry/get.js';
import { parseListArgs } from '../../../src/commands/registry/list.js';
import { parseWatchArgs } from '../../../src/commands/registry/watch.js';
import { UnsupportedError, UsageError } from '../../../src/core/errors.js';

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('latin1'));
const none = { kind: '', prefix: '' };

describe('registry arguments', () => {
  it.each([
    ['every kind, every key', none, undefined, [['\0', '\0']]],
    ['go-micro: its two prefixes', { kind: 'go-micro', prefix: '' }, ['go-micro'], [['/micro-registry/', '/micro-registry0'], ['/micro/registry/', '/micro/registry0']]],
    ['kinds without a fixed prefix: every key', { kind: 'go-zero,grpc', prefix: '' }, ['go-zero', 'grpc'], [['\0', '\0']]],
    ['--prefix narrows', { kind: 'kratos', prefix: '/ns/' }, ['kratos'], [['/ns/', '/ns0']]],
  ])('%s', (_, flags, kinds, ranges) => {
    const s = parseScope(flags);
    expect(s.kinds === undefined ? undefined : [...s.kinds].sort()).toEqual(kinds);
    expect(s.ranges.map((r) => [text(r.key), text(r.range_end)])).toEqual(ranges);
  });

  it('an unknown --kind is exit 4', () => {
    expect(() => parseScope({ kind: 'consul', prefix: '' })).toThrow(UnsupportedError);
    expect(() => parseScope({ kind: 'consul', prefix: '' })).toThrow('unknown --kind "consul" (expected go-micro, grpc, go-zero, kratos)');
  });

  it.each([
    ['list with an argument', () => parseListArgs(['x'], none), 'registry list takes no arguments'],
    ['get without a service', () => parseGetArgs([], none), 'registry get needs one argument: the service name'],
    ['get with two', () => parseGetArgs(['a', 'b'], none), 'registry get needs one argument: the service name'],
    ['doctor with an argument', () => parseDoctorArgs(['x'], { ...none, strict: false }), 'registry doctor takes no arguments'],
    ['watch with two', () => parseWatchArgs(['a', 'b'], none), 'registry watch takes at most one argument: a service name'],
  ])('%s is exit 128', (_, f, msg) => {
    expect(f).toThrow(UsageError);
    expect(f).toThrow(msg);
  });

  it('parses service names and --strict', () => {
    expect(parseGetArgs(['go.micro.srv.greeter'], none).service).toBe('go.micro.srv.greeter');
    expect(parseWatchArgs([], none).service).toBeUndefined();
    expect(parseWatchArgs(['s'], { kind: 'go-micro', prefix: '' }).watchRange.key).toEqual(Buffer.from('/micro'));
    expect(parseDoctorArgs([], { ...none, strict: true }).strict).toBe(true);
  });
});
