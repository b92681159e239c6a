// `get` printed from the undecoded response (src/fast-range/), through the shipped binary
// against real etcd, compared byte for byte with the Go etcdctl 3.4.23 on awkward data: invalid
// UTF-8, control characters, empty values, leases, values larger than an output chunk, and
// enough keys that the output spans many chunks. Needs `npm run build` first.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin, runShell } from './helpers/bin.js';
import { runEtcdctl, withoutZapLogs } from './helpers/oracle.js';

const endpoint = inject('etcdEndpoint');
const prefix = `/fast-${process.pid}-${Date.now()}/`;
const ep = ['--endpoints', endpoint];

beforeAll(async () => {
  const values: [string, Uint8Array][] = [
    ['bin', Uint8Array.from([0xff, 0xfe, 0x00, 0x0a, 0x22, 0x5c, 0x7f, 0xc3, 0x28, 0xe2, 0x82])],
    ['text', Buffer.from('héllo ✓ 😀 \u2028 <&> "q"\t\r\n')],
    ['huge', Uint8Array.from({ length: 600_000 }, (_, i) => (i * 31) % 256)],
  ];
  for (const [k, v] of values) {
    const r = await runBin([...ep, 'put', `${prefix}${k}`], { stdin: v });
    expect(r.code, r.err).toBe(0);
  }
  expect((await runBin([...ep, 'put', `${prefix}empty`, ''])).code).toBe(0);
  const lease = await runEtcdctl([...ep, 'lease', 'grant', '600']);
  const id = /lease ([0-9a-f]+) granted/.exec(lease.stdout.toString())![1]!;
  expect((await runBin([...ep, 'put', `${prefix}leased`, 'v', '--lease', id])).code).toBe(0);
  // Many keys through a txn per 100 (etcd's default --max-txn-ops is 128).
  for (let b = 0; b < 30; b++) {
    const ops = Array.from({ length: 100 }, (_, i) => `put ${prefix}many/${String(b * 100 + i).padStart(5, '0')} ${'v'.repeat((b * 100 + i) % 150)}x`);
    const r = await runBin([...ep, 'txn'], { stdin: `\n${ops.join('\n')}\n\n\n` });
    expect(r.code, r.err).toBe(0);
  }
}, 120_000);

describe('get through the fast path, as etcdctl prints it', () => {
  it.each([
    [[]],
    [['-w', 'json']],
    [['-w', 'fields']],
    [['--hex']],
    [['--print-value-only']],
    [['--keys-only']],
    [['--keys-only', '-w', 'json']],
    [['--limit', '7', '-w', 'json']],
    [['--limit', '7', '-w', 'fields']],
    [['--sort-by', 'VALUE', '--order', 'DESCEND']],
    [['--rev', '1', '-w', 'json']],
    [['--consistency', 's', '--hex', '--print-value-only']],
  ])('get --prefix %j', async (extra) => {
    const argv = [...ep, 'get', prefix, '--prefix', ...extra];
    const theirs = await runEtcdctl(argv);
    const ours = await runBin(argv, { timeoutMs: 60_000 });
    expect(ours.code).toBe(theirs.code);
    expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
    expect(ours.stdout.length).toBe(theirs.stdout.length);
    expect(ours.stdout.equals(theirs.stdout)).toBe(true);
    if (!extra.includes('--rev')) expect(ours.stdout.length).toBeGreaterThan(1000);
  }, 120_000);

  it.each([
    [['-w', 'json']],
    [['-w', 'fields']],
    [[]],
  ])('a key that does not exist %j', async (extra) => {
    const argv = [...ep, 'get', `${prefix}missing`, ...extra];
    const theirs = await runEtcdctl(argv);
    const ours = await runBin(argv);
    expect([ours.code, ours.stdout.toString('latin1')]).toEqual([theirs.code, theirs.stdout.toString('latin1')]);
  });

  it('--print-value-only with -w json still fails after the request, as in 3.4', async () => {
    const argv = [...ep, 'get', prefix, '--prefix', '--print-value-only', '-w', 'json'];
    const theirs = await runEtcdctl(argv);
    const ours = await runBin(argv);
    expect([ours.code, ours.out, ours.err]).toEqual([theirs.code, theirs.stdout.toString(), withoutZapLogs(theirs.stderr)]);
    expect(ours.code).not.toBe(0);
  });

  it("an unreachable endpoint fails as before, with etcdctl's exit code", async () => {
    const argv = ['--endpoints', '127.0.0.1:1', '--dial-timeout', '300ms', '--command-timeout', '500ms', 'get', 'k'];
    const ours = await runBin(argv);
    const theirs = await runEtcdctl(argv);
    expect(ours.code).toBe(theirs.code);
    expect(ours.err).toMatch(/^Error: context deadline exceeded/);
  });
});

describe('a range larger than one page (read in pages at one revision), as etcdctl prints it', () => {
  // Pages of 1,000 keys (ETCDCTL_TS_GET_PAGE_SIZE; the default, 100,000, would need a range that
  // large) over 23,456 keys written through `import` (one process, not thousands of puts);
  // values of varied sizes, some empty, some binary. Also the default: one response.
  const big = `/fast-pages-${process.pid}-${Date.now()}/`;
  let firstRev = '';
  beforeAll(async () => {
    const lines: string[] = [];
    for (let i = 0; i < 23_456; i++) {
      const key = `${big}${String(i).padStart(6, '0')}`;
      if (i % 997 === 0) lines.push(JSON.stringify({ key, value_base64: Buffer.from([0xff, i % 256, 0x00, 0x0a]).toString('base64') }));
      else lines.push(JSON.stringify({ key, value: 'v'.repeat(i % 120) }));
    }
    const r = await runBin([...ep, 'import'], { stdin: lines.join('\n') + '\n', timeoutMs: 120_000 });
    expect(r.code, r.err).toBe(0);
    const h = await runEtcdctl([...ep, 'get', big, '--prefix', '--limit', '1', '-w', 'json']);
    firstRev = String(JSON.parse(h.stdout.toString()).header.revision);
    // Written after: a read at firstRev must not see these, and the current read must.
    for (const k of ['000100x', 'zzz']) expect((await runBin([...ep, 'put', `${big}${k}`, 'later'])).code).toBe(0);
  }, 180_000);

  it.each([
    [[]],
    [['-w', 'json']],
    [['-w', 'fields']],
    [['--keys-only']],
    [['--hex', '--print-value-only']],
    [['--rev', 'FIRST', '-w', 'json']],
    [['--rev', 'FIRST']],
    [['RANGE', '-w', 'json']],
  ])('get %j', async (extra) => {
    const args = extra.map((a) => (a === 'FIRST' ? firstRev : a));
    // RANGE: an explicit [key, end) that is not a prefix (--from-key would see other tests' keys).
    const argv = args[0] === 'RANGE' ? [...ep, 'get', `${big}001234`, `${big}021000`, ...args.slice(1)] : [...ep, 'get', big, '--prefix', ...args];
    const theirs = await runEtcdctl(argv);
    for (const env of [{ ETCDCTL_TS_GET_PAGE_SIZE: '1000' }, {}]) {
      const ours = await runBin(argv, { timeoutMs: 60_000, env });
      expect(ours.code).toBe(theirs.code);
      expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
      expect(ours.stdout.length).toBe(theirs.stdout.length);
      expect(ours.stdout.equals(theirs.stdout)).toBe(true);
    }
    expect(theirs.stdout.length).toBeGreaterThan(100_000);
  }, 120_000);
});

describe('output to a file (written at once, the output buffer reused)', () => {
  it.each([[['-w', 'json']], [[]], [['--hex']]])('get --prefix %j > file is what etcdctl prints', async (extra) => {
    const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-fast-'));
    try {
      const argv = [...ep, 'get', prefix, '--prefix', ...extra];
      const theirs = await runEtcdctl(argv);
      const r = await runShell(`$BIN ${argv.map((a) => `'${a}'`).join(' ')} > '${join(dir, 'out')}'`);
      expect([r.code, r.err]).toEqual([0, '']);
      const ours = readFileSync(join(dir, 'out'));
      expect(ours.length).toBeGreaterThan(600_000); // several output chunks
      expect(ours.equals(theirs.stdout)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a response is printed while it arrives (src/client/fragments.ts)', () => {
  // A proxy that passes everything to etcd but only the first 800 KB of what etcd sends back (the keys hold ~940 KB),
  // then holds the connection: the response never completes. Printed as it arrives, the key-values
  // in those bytes are on stdout when the command times out; a client that waits for the whole
  // message (grpc-js's own decoder, as in-process tests run it) prints nothing.
  it('a stalled response leaves what arrived on stdout, then the timeout error', async () => {
    const [host, port] = endpoint.replace(/^https?:\/\//, '').split(':') as [string, string];
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const server = connect(Number(port), host);
      sockets.push(client, server);
      client.pipe(server);
      let passed = 0;
      server.on('data', (d: Buffer) => {
        const part = d.subarray(0, Math.max(0, 800_000 - passed));
        passed += part.length;
        if (part.length > 0) client.write(part);
      });
      client.on('error', () => undefined);
      server.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const at = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const full = (await runEtcdctl([...ep, 'get', prefix, '--prefix'])).stdout;
      expect(full.length).toBeGreaterThan(900_000);
      const ours = await runBin(['--endpoints', at, '--command-timeout', '3s', 'get', prefix, '--prefix'], { timeoutMs: 30_000 });
      expect(ours.err).toBe('Error: context deadline exceeded\n');
      expect(ours.code).toBe(1);
      // At least the keys up to the 600 KB value (what follows may still sit in the 256 KB output
      // buffer), and exactly the start of what etcdctl prints for the whole response.
      expect(ours.stdout.length).toBeGreaterThan(600_000);
      expect(ours.stdout.length).toBeLessThan(800_000);
      expect(ours.stdout.equals(full.subarray(0, ours.stdout.length))).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      proxy.close();
    }
  }, 60_000);
});
