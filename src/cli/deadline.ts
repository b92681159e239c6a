import type { CommandContext } from './context.js';

/**
 * Call options for a series of RPCs that share one --command-timeout, as etcdctl runs them under
 * a single context: each call gets the time that is left.
 */
export function deadlineCall(ctx: CommandContext): () => { signal: AbortSignal; timeoutMs: number } {
  const { signal, timeoutMs } = ctx.callOptions;
  const deadline = Date.now() + timeoutMs;
  return () => ({ signal, timeoutMs: Math.max(1, deadline - Date.now()) });
}
