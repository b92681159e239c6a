'use strict';
// grpc-js's StreamDecoder (build/src/stream-decoder.js), with one change: a message's buffer is
// allocated when its length prefix has arrived and each chunk is copied in as it arrives, where
// grpc-js keeps the chunks and concatenates them when the last one is in. The copy then happens
// while the rest of the response is still on its way, not after it: over a 13 MB Range response
// that concatenation (and the page faults of its fresh 13 MB) was ~40 ms on the critical path.
// Same interface and output: write(chunk) returns the complete framed messages (1-byte flag,
// 4-byte length, payload) it finished. test/unit/bundle checks it against grpc-js's own.
Object.defineProperty(exports, '__esModule', { value: true });

const NO_DATA = 0;
const READING_SIZE = 1;
const READING_MESSAGE = 2;

class StreamDecoder {
  constructor(maxReadMessageLength) {
    this.maxReadMessageLength = maxReadMessageLength;
    this.readState = NO_DATA;
    this.prefix = Buffer.alloc(5);
    this.prefixRead = 0;
    this.message = undefined;
    this.messageRead = 0;
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
