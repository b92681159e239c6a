export { createClient, type EtcdClient, type Call } from './client.js';
export type { CallOptions, ClientConfig, TlsConfig } from './transport.js';
export { RpcError, Status } from './rpc-error.js';
export type { Init, MessageType } from './wire.js';
export * from './types.js';
