/**
 * Fragment sinks: a way to receive one call's response bytes while they arrive instead of as one
 * message at the end. The bundle's StreamDecoder (scripts/bundle/grpc-js-stream-decoder.cjs)
 * looks at each call's request headers; when FRAGMENTS_HEADER names a sink registered here, it
 * hands the sink each uncompressed message's bytes as they come off the wire and gives grpc-js
 * an empty message instead. Without the bundle (grpc-js from node_modules, as in-process tests
 * run it) the header is ignored and the whole message arrives as usual: Transport.unaryFragments
 * then hands it to the same callback at once, so callers see no difference but timing.
 *
 * The decoder reads the registry through a global symbol rather than an import: it is grpc-js's
 * module, swapped in at build time, and must not depend on ours.
 */

/** The request header naming the sink; keep in step with the decoder. */
export const FRAGMENTS_HEADER = 'etcdctl-ts-fragments';
const SINKS = Symbol.for('etcdctl-ts.fragment-sinks');

/** What the decoder calls. Neither method may throw: the decoder runs inside grpc-js's data handler. */
export interface FragmentSink {
  /** The next bytes of the message (a view into an HTTP/2 chunk: copy what must outlive the call). */
  data(chunk: Uint8Array): void;
  /** The message is complete. */
  end(): void;
}

type Registry = Map<string, FragmentSink>;

function registry(): Registry {
  const g = globalThis as { [SINKS]?: Registry };
  return (g[SINKS] ??= new Map());
}

let next = 0;

/** Registers `sink` under a new token, the value to send in FRAGMENTS_HEADER; dispose() when the call is over. */
export function registerSink(sink: FragmentSink): { readonly token: string; dispose(): void } {
  const token = String(++next);
  const sinks = registry();
  sinks.set(token, sink);
  return { token, dispose: () => void sinks.delete(token) };
}
