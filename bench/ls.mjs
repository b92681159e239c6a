// `etcdctl-ts ls /config/` over 1,000,000 keys under 3 children, against `get --prefix
// --keys-only` of the same range (etcdctl-ts and the Go etcdctl): wall time, CPU time (user +
// system) and peak RSS of each whole process as the OS measures it (/usr/bin/time -f
// '%e %U %S %M'), median of RUNS runs. `etcdctl-ts version` (no request) is the start-up baseline;
// CPU time says more than wall time on a loaded machine.
//   node scripts/bundle.mjs && node bench/ls.mjs [KEYS] [RUNS]
// LS_BENCH_ENDPOINT=host:port measures against an etcd that already holds the keys (loading them
// takes minutes on a busy machine); it must have been started with --max-txn-ops >= 5000 if it
// does not hold them yet.
// Keys are loaded with raw gRPC Txn batches of 5,000 puts (etcd started with --max-txn-ops
// raised), so loading takes well under a minute.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import { etcdctlBin, median, startEtcd } from './etcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/etcdctl-ts');
const total = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);
const BATCH = 5_000;
const CHILDREN = ['app', 'db', 'web'];

function varint(n) {
  const out = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
const field = (tag, bytes) => Buffer.concat([Buffer.from([tag]), varint(bytes.length), bytes]);
/** TxnRequest{success: [RequestOp{request_put: PutRequest{key, value}}…]}. */
function txnOfPuts(keys) {
  return Buffer.concat(keys.map((k) => field(0x12, field(0x12, Buffer.concat([field(0x0a, Buffer.from(k)), field(0x12, Buffer.from('v'))])))));
}

async function load(endpoint) {
  const client = new grpc.Client(`ipv4:${endpoint}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 64 << 20 });
  const once = (keys) =>
    new Promise((resolve, reject) => client.makeUnaryRequest('/etcdserverpb.KV/Txn', (b) => b, (b) => b, txnOfPuts(keys), (err) => (err ? reject(err) : resolve())));
  // A loaded machine makes etcd answer "request timed out"; the puts are idempotent, so again.
  const txn = async (keys) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(keys);
      } catch (err) {
        if (attempt >= 5 || err.code !== grpc.status.UNAVAILABLE) throw err;
      }
    }
  };
  let next = 0;
  const batches = [];
  for (let start = 0; start < total; start += BATCH) batches.push(start);
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < batches.length) {
        const start = batches[next++];
        const keys = [];
        for (let i = start; i < Math.min(total, start + BATCH); i++) keys.push(`/config/${CHILDREN[i % CHILDREN.length]}/${String(i).padStart(7, '0')}`);
        await txn(keys);
      }
    }),
  );
  client.close();
}

function measure(argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...argv], { env: { PATH: process.env.PATH, ...env }, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.toString().slice(-500)}`);
  const [secs, user, sys, kib] = r.stderr.toString().trim().split('\n').pop().split(' ').map(Number);
  return { secs, cpu: user + sys, mib: kib / 1024, out: r.stdout };
}

function series(name, argv, env) {
  const xs = Array.from({ length: runs }, () => measure(argv, env));
  const row = { name, secs: median(xs.map((x) => x.secs)), cpu: median(xs.map((x) => x.cpu)), mib: median(xs.map((x) => x.mib)), bytes: xs[0].out.length };
  console.log(
    `${name.padEnd(44)} ${row.secs.toFixed(2).padStart(6)} s wall ${row.cpu.toFixed(2).padStart(6)} s cpu ${row.mib.toFixed(1).padStart(7)} MiB  (${row.bytes} bytes out)`,
  );
  return row;
}

const etcdArgs = ['--max-txn-ops', String(BATCH), '--max-request-bytes', String(32 << 20), '--quota-backend-bytes', String(8 << 30)];
const given = process.env.LS_BENCH_ENDPOINT;
const { endpoint, stop } = given === undefined ? await startEtcd(etcdArgs) : { endpoint: given, stop: () => {} };
try {
  const count = spawnSync(etcdctlBin, ['--endpoints', endpoint, '--command-timeout', '60s', 'get', '/config/', '--prefix', '--count-only', '-w', 'json'], { env: { ETCDCTL_API: '3', PATH: process.env.PATH } });
  const held = Number(/"count":(\d+)/.exec(count.stdout.toString())?.[1] ?? 0);
  if (held !== total) {
    const t0 = performance.now();
    await load(endpoint);
    console.log(`loaded ${total} keys under /config/{${CHILDREN.join(',')}}/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`${total} keys under /config/{${CHILDREN.join(',')}}/; medians of ${runs} runs:`);
  console.log(`load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  series('etcdctl-ts version (start-up baseline)', ['node', bin, 'version']);
  // A generous --command-timeout: on a loaded machine one request may take longer than 5 s.
  const ls = series('etcdctl-ts ls /config/', ['node', bin, '--endpoints', endpoint, '--command-timeout', '60s', 'ls', '/config/']);
  const expected = `${CHILDREN.map((c) => `${c}/`).join('\n')}\n`;
  if (ls.bytes !== expected.length) throw new Error('ls printed something unexpected');
  series('etcdctl-ts ls /config/ --counts', ['node', bin, '--endpoints', endpoint, '--command-timeout', '60s', 'ls', '/config/', '--counts']);
  series('etcdctl-ts get /config/ --prefix --keys-only', ['node', bin, '--endpoints', endpoint, '--command-timeout', '60s', 'get', '/config/', '--prefix', '--keys-only']);
  series('etcdctl get /config/ --prefix --keys-only', [etcdctlBin, '--endpoints', endpoint, '--command-timeout', '60s', 'get', '/config/', '--prefix', '--keys-only'], { ETCDCTL_API: '3' });
  console.log(`load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  stop();
}
