// Writes COUNT keys under PREFIX as fast as it can: raw gRPC Put calls, CONCURRENCY in flight.
// Independent of etcdctl-ts's own client, so the watch benchmark's load is the same for both tools.
//   node bench/watch-writer.mjs ENDPOINT PREFIX COUNT [CONCURRENCY] [VALUE_BYTES]
// With VALUE_BYTES each value is that long (padded); without, `value-<i>`.
import grpc from '@grpc/grpc-js';

const [endpoint, prefix, countArg, concArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concArg ?? 64);
const valueBytes = process.argv[6] === undefined ? 0 : Number(process.argv[6]);
const valueOf = (i) => (valueBytes > 0 ? `value-${i}-`.padEnd(valueBytes, 'x') : `value-${i}`);

/** PutRequest{key: 1, value: 2}: two length-delimited fields. */
function putRequest(key, value) {
  const k = Buffer.from(key);
  const v = Buffer.from(value);
  return Buffer.concat([Buffer.from([0x0a]), varint(k.length), k, Buffer.from([0x12]), varint(v.length), v]);
}
function varint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

const client = new grpc.Client(`ipv4:${endpoint}`, grpc.credentials.createInsecure());
const put = (i) =>
  new Promise((resolve, reject) =>
    client.makeUnaryRequest('/etcdserverpb.KV/Put', (b) => b, (b) => b, putRequest(`${prefix}${String(i).padStart(6, '0')}`, valueOf(i)), (err) => (err ? reject(err) : resolve())),
  );
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) await put(next++);
  }),
);
client.close();
