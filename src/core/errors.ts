import { ExitCode } from './exit-codes.js';

/** Base of every error a command throws on purpose: a message and the exit code etcdctl uses. */
export class EtcdctlError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong arguments or flag combinations found by our own checks (ExitBadArgs). */
export class UsageError extends EtcdctlError {
  constructor(message: string) {
    super(message, ExitCode.BadArgs);
  }
}

/** A valid flag with a value or output format the command cannot serve (ExitBadFeature). */
export class UnsupportedError extends EtcdctlError {
  constructor(message: string) {
    super(message, ExitCode.BadFeature);
  }
}

/** Malformed stdin for `txn` and `watch -i` (ExitInvalidInput). */
export class InvalidInputError extends EtcdctlError {
  constructor(message: string) {
    super(message, ExitCode.InvalidInput);
  }
}

/** The client could not be built or a stream to the cluster was lost (ExitBadConnection). */
export class ConnectionError extends EtcdctlError {
  constructor(message: string) {
    super(message, ExitCode.BadConnection);
  }
}

/** A long-running command stopped by the server or a failed snapshot save (ExitInterrupted). */
export class InterruptedError extends EtcdctlError {
  constructor(message: string) {
    super(message, ExitCode.Interrupted);
  }
}

/** Failures already reported line by line; only the exit code is left to give. */
export class SilentError extends EtcdctlError {
  constructor(exitCode: number = ExitCode.Error) {
    super('', exitCode);
  }
}

/**
 * A pflag/cobra parse error (unknown flag, bad flag value, unknown command). etcdctl prints these
 * in cobra's shape: the message twice and the command's usage on stdout; exit 1.
 */
export class FlagError extends EtcdctlError {
  constructor(
    message: string,
    /** The command path whose usage is shown, e.g. ['get'] ; undefined shows no usage. */
    readonly commandPath: readonly string[] | undefined,
    /** cobra's hint line, printed between the two copies (unknown command). */
    readonly hint?: string,
  ) {
    super(message, ExitCode.Error);
  }
}

/** The exit code etcdctl uses for `err`. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof EtcdctlError) return err.exitCode;
  return ExitCode.Error;
}

/** The `Error: …` line etcdctl prints for `err`, without the newline. */
export function formatError(err: unknown): string {
  // An RpcError's message names each cause of a failed dial, where etcdctl says only
  // "context deadline exceeded" (issue 5; README, where we differ).
  return `Error: ${err instanceof Error ? err.message : String(err)}`;
}
