import { expect } from 'vitest';
import { exitCodeFor, UsageError } from '../../src/core/errors.js';

/** What `f` throws; fails the test when it throws nothing. */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

/** The message of the UsageError (exit 128) that `f` throws. */
export function usage(f: () => unknown): string {
  const err = thrown(f);
  expect(err).toBeInstanceOf(UsageError);
  expect(exitCodeFor(err)).toBe(128);
  return (err as Error).message;
}
