/** The conditional write of `edit`: it lands only if nobody changed the key since it was read. */
import type { TxnRequest } from '../client/types.js';
import type { Init } from '../client/wire.js';

/** What was read before editing; undefined: the key did not exist. */
export interface ReadState {
  readonly modRevision: bigint;
  readonly lease: bigint;
}

/**
 * If the key's mod_revision is still the one read (or, for a new key, it still does not exist),
 * put the new value with the key's lease; else read the key as it is now, to say who won.
 */
export function editTxn(key: Uint8Array, value: Uint8Array, read: ReadState | undefined): Init<TxnRequest> {
  const compare =
    read === undefined
      ? { key, target: 'CREATE' as const, result: 'EQUAL' as const, create_revision: 0n }
      : { key, target: 'MOD' as const, result: 'EQUAL' as const, mod_revision: read.modRevision };
  return {
    compare: [compare],
    success: [{ request_put: { key, value, ...(read !== undefined && read.lease !== 0n ? { lease: read.lease } : {}) } }],
    failure: [{ request_range: { key } }],
  };
}

/** The one line saying why the write was refused. */
export function conflictMessage(key: string, read: ReadState | undefined, now: { modRevision: bigint } | undefined, revision: bigint): string {
  if (read === undefined) return `${key} was created by someone else at revision ${now?.modRevision ?? revision} while you edited; nothing written`;
  if (now === undefined) return `${key} was deleted by someone else while you edited (it was at revision ${read.modRevision}; the cluster is at ${revision}); nothing written`;
  return `${key} was changed by someone else at revision ${now.modRevision} while you edited (you read revision ${read.modRevision}); nothing written`;
}
