import { describe, expect, it } from 'vitest';

import { exitCodeFor, UsageError } from '../../../src/core/errors.js';
import { checkElectMode, parseElectArgs } from '../../../src/commands/elect.js';
import { lockEnv, parseLockArgs } from '../../../src/commands/lock.js';

// Texts and exit codes are what /usr/bin/etcdctl 3.4.23 printed for the same arguments.

function expectUsage(f: () => unknown, msg: string): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UsageError);
  expect((err as Error).message).toBe(msg);
  expect(exitCodeFor(err)).toBe(128);
}

describe('parseLockArgs', () => {
  it('takes the name and the command after it', () => {
    expect(parseLockArgs(['mylock'], { ttl: '10' })).toEqual({ name: 'mylock', exec: [], ttl: 10n });
    expect(parseLockArgs(['mylock', 'sh', '-c', 'exit 3'], { ttl: '10' })).toEqual({ name: 'mylock', exec: ['sh', '-c', 'exit 3'], ttl: 10n });
  });

  it('reads --ttl as pflag reads an int (base prefixes allowed)', () => {
    expect(parseLockArgs(['l'], { ttl: '0x20' }).ttl).toBe(32n);
    expect(parseLockArgs(['l'], { ttl: '0' }).ttl).toBe(0n);
    expect(parseLockArgs(['l'], { ttl: '-5' }).ttl).toBe(-5n);
  });

  it('needs a lock name', () => {
    expectUsage(() => parseLockArgs([], { ttl: '10' }), 'lock takes a lock name argument and an optional command to execute');
  });
});

describe('lockEnv', () => {
  const key = Buffer.from('mylock/694d7a3fce3f2c04');

  it('puts the lock key and revision in front of the environment, without ETCDCTL_API', () => {
    const env = lockEnv({ PATH: '/bin', ETCDCTL_API: '3', ETCDCTL_DIAL_TIMEOUT: '3s' }, key, 42n);
    expect(env).toEqual({ ETCD_LOCK_KEY: 'mylock/694d7a3fce3f2c04', ETCD_LOCK_REV: '42', PATH: '/bin', ETCDCTL_DIAL_TIMEOUT: '3s' });
    expect(Object.keys(env).slice(0, 2)).toEqual(['ETCD_LOCK_KEY', 'ETCD_LOCK_REV']);
  });

  it('lets a variable already in the environment win, as Go exec does with duplicates', () => {
    expect(lockEnv({ ETCD_LOCK_KEY: 'zzz' }, key, 7n).ETCD_LOCK_KEY).toBe('zzz');
  });
});

describe('parseElectArgs and checkElectMode', () => {
  const cases: readonly { name: string; args: string[]; listen: boolean; mode?: 'observe' | 'campaign'; error?: string }[] = [
    { name: 'campaign', args: ['e', 'p1'], listen: false, mode: 'campaign' },
    { name: 'observe', args: ['e'], listen: true, mode: 'observe' },
    { name: 'no arguments', args: [], listen: false, error: 'elect takes one election name argument and an optional proposal argument' },
    { name: 'three arguments', args: ['e', 'p', 'q'], listen: true, error: 'elect takes one election name argument and an optional proposal argument' },
    { name: 'no proposal without -l', args: ['e'], listen: false, error: 'no proposal argument but -l not set' },
    { name: 'proposal with -l', args: ['e', 'p'], listen: true, error: 'proposal given but -l is set' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error !== undefined) expectUsage(() => checkElectMode(parseElectArgs(c.args, { listen: c.listen })), c.error);
      else expect(checkElectMode(parseElectArgs(c.args, { listen: c.listen }))).toBe(c.mode);
    });
  }

  it('checks only the count before the client exists (etcdctl checks the mode after building it)', () => {
    expect(parseElectArgs(['e'], { listen: false })).toEqual({ name: 'e', proposal: undefined, listen: false });
  });
});
