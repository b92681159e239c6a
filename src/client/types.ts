/**
 * The message types of etcd's API, as generated from proto/: proto field names, bigint for
 * every 64-bit integer, Uint8Array for bytes, enum names as strings. Each name is both the
 * TypeScript type and the descriptor the codec and the JSON writer walk.
 */
export * from './generated/proto.js';
