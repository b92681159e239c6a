'use strict';
// grpc-js's StreamDecoder (build/src/stream-decoder.js), with one change: a message's buffer is
// allocated when its length prefix has arrived and each chunk is copied in as it arrives, where
// grpc-js keeps the chunks and concatenates them when the last one is in. The copy then happens
// while the rest of the response is still on its way, not after it: over a 13 MB Range response
// that concatenation (and the page faults of its fresh 13 MB) was ~40 ms on the critical path.
// Same interface and output: write(chunk) returns the complete framed messages (1-byte flag,
// 4-byte length, payload) it finished. test/unit/bundle checks it against grpc-js's own.
//
// Fragments (src/client/fragments.ts): a call whose request headers carry FRAGMENTS_HEADER with
// the token of a registered sink gets each uncompressed message's bytes handed to that sink as
// they arrive (sink.data(view), then sink.end()), and grpc-js gets an empty message in its place.
// `get` prints a large Range response while the rest is on its way, and no message-sized buffer
// is ever allocated (its page faults alone were ~40 ms for 13 MB on the machine we measure on).
// The bundle passes the call's http2 stream as the second argument (scripts/bundle.mjs patches
// grpc-js's subchannel-call.js); without it, or without a sink, nothing changes.
Object.defineProperty(exports, '__esModule', { value: true });

// Keep in step with src/client/fragments.ts (test/unit/bundle checks that they agree).
const FRAGMENTS_HEADER = 'etcdctl-ts-fragments';
const SINKS = Symbol.for('etcdctl-ts.fragment-sinks');

const NO_DATA = 0;
const READING_SIZE = 1;
const READING_MESSAGE = 2;

class StreamDecoder {
  constructor(maxReadMessageLength, http2Stream) {
    this.maxReadMessageLength = maxReadMessageLength;
    this.readState = NO_DATA;
    this.prefix = Buffer.alloc(5);
    this.prefixRead = 0;
    this.message = undefined;
    this.messageRead = 0;
    /** The registered sink this call's messages go to, if any. */
    this.sink = undefined;
    /** Bytes of the message being handed to the sink still to come (0: none is). */
    this.fragmentLeft = 0;
    const token = http2Stream && http2Stream.sentHeaders ? http2Stream.sentHeaders[FRAGMENTS_HEADER] : undefined;
    const sinks = globalThis[SINKS];
    if (typeof token === 'string' && sinks !== undefined) this.sink = sinks.get(token);
  }

  write(data) {
    const result = [];
    let at = 0;
    while (at < data.length) {
      switch (this.readState) {
        case NO_DATA:
        case READING_SIZE: {
          if (this.readState === NO_DATA) {
            this.prefixRead = 0;
            this.readState = READING_SIZE;
          }
          const n = Math.min(data.length - at, 5 - this.prefixRead);
          data.copy(this.prefix, this.prefixRead, at, at + n);
          this.prefixRead += n;
          at += n;
          if (this.prefixRead === 5) {
            const size = this.prefix.readUInt32BE(1);
            if (this.maxReadMessageLength !== -1 && size > this.maxReadMessageLength) {
              throw new Error(`Received message larger than max (${size} vs ${this.maxReadMessageLength})`);
            }
            if (this.sink !== undefined && size > 0 && this.prefix[0] === 0) {
              this.fragmentLeft = size;
              this.readState = READING_MESSAGE;
              break;
            }
            const message = Buffer.allocUnsafe(size + 5);
            this.prefix.copy(message, 0, 0, 5);
            if (size === 0) {
              this.readState = NO_DATA;
              result.push(message);
            } else {
              this.message = message;
              this.messageRead = 5;
              this.readState = READING_MESSAGE;
            }
          }
          break;
        }
        case READING_MESSAGE: {
          if (this.fragmentLeft > 0) {
            const n = Math.min(data.length - at, this.fragmentLeft);
            this.sink.data(data.subarray(at, at + n));
            this.fragmentLeft -= n;
            at += n;
            if (this.fragmentLeft === 0) {
              this.readState = NO_DATA;
              this.sink.end();
              // grpc-js gets its one message: an empty one (flag 0, length 0).
              result.push(Buffer.alloc(5));
            }
            break;
          }
          const message = this.message;
          const n = Math.min(data.length - at, message.length - this.messageRead);
          data.copy(message, this.messageRead, at, at + n);
          this.messageRead += n;
          at += n;
          if (this.messageRead === message.length) {
            this.message = undefined;
            this.readState = NO_DATA;
            result.push(message);
          }
          break;
        }
        default:
          throw new Error('Unexpected read state');
      }
    }
    return result;
  }
}
exports.StreamDecoder = StreamDecoder;
