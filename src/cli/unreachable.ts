import { ConnectFailedError } from '../client/rpc-error.js';
import { ConnectionError } from '../core/errors.js';

/**
 * No endpoint could be reached: ExitBadConnection (2), as every command of ours reports it;
 * any other error as it is.
 */
export function unreachable(err: unknown): unknown {
  return err instanceof ConnectFailedError ? new ConnectionError(err.message) : err;
}
