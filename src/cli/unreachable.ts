import { ConnectionError } from '../core/errors.js';

/**
 * No endpoint could be reached: ExitBadConnection (2), as every command of ours reports it;
 * any other error as it is. Asked only once a command has failed, when the client module is
 * loaded already, so it costs a normal start nothing.
 */
export async function unreachable(err: unknown): Promise<unknown> {
  const { ConnectFailedError } = await import('../client/transport.js');
  return err instanceof ConnectFailedError ? new ConnectionError(err.message) : err;
}
