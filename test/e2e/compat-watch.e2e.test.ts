// Differential test of `watch`: the Go etcdctl 3.4.23 (the oracle) and our in-process run()
// watch the same keys of the same server at the same time while a third client writes; once
// the output has settled both are stopped with Ctrl-C (SIGINT for the Go one, the abort signal
// for ours) and stdout bytes and stderr must be equal. Most cases start at an explicit --rev, so
// both see every event whatever the moment their watch is set up. Cases that end by themselves
// (table, a failing exec command, a compacted revision, bad arguments) compare exit codes too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { settle, sleep, startEtcdctl, startOurs, waitFor, type Finished, type Running } from './helpers/long-running.js';
import { differentialReady, etcdctlBin, runEtcdctl, withoutZapLogs } from './helpers/oracle.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcdctl: etcdctlBin !== undefined });
if (!ready) process.stderr.write('compat-watch: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

const enc = (s: string | Uint8Array): Buffer => Buffer.from(s);
const bytes = (b: Buffer): string => b.toString('latin1');

function newClient(endpoints: string[]): EtcdClient {
  return createClient({ endpoints, dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
}

interface WatchCase {
  /** `{REV}` is replaced by the revision of the marker put. */
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /**
   * A key in the watched range, put before the watchers start; they watch from its revision
   * (`--rev {REV}`), and once both printed it both are set up, so that every later write comes
   * as a response of its own to both (etcd batches the history a watcher catches up on).
   */
  readonly marker?: string;
  /** Writes made once both watchers run. */
  readonly act?: () => Promise<void>;
  /** Both end by themselves (no Ctrl-C): their exit codes are compared as well. */
  readonly ends?: boolean;
}

interface Outcome {
  readonly theirs: Finished;
  readonly ours: Finished;
}

async function watchBoth(server: string, client: EtcdClient, c: WatchCase): Promise<Outcome> {
  let rev = '';
  if (c.marker !== undefined) rev = String((await client.kv.put({ key: enc(c.marker), value: enc('marker') })).header!.revision);
  const argv = ['--endpoints', server, ...c.argv.map((a) => a.replace('{REV}', rev))];
  const o = c.env === undefined ? {} : { env: c.env };
  const runners: Running[] = [startEtcdctl(argv, o), startOurs(argv, o)];
  const printed = (r: Running): number => r.stdout().length + r.stderr().length;
  if (c.marker !== undefined) await waitFor(() => runners.every((r) => printed(r) > 0), 'the marker event');
  // Without a marker the watchers need a moment to be set up before anything is written.
  else await sleep(1_000);
  if (!c.ends) await settle(runners);
  await c.act?.();
  if (!c.ends) {
    await settle(runners, () => runners[0]!.stdout().length === runners[1]!.stdout().length);
    for (const r of runners) r.interrupt();
  }
  const [theirs, ours] = await Promise.all(runners.map((r) => r.done));
  return { theirs: theirs!, ours: ours! };
}

function expectSame({ theirs, ours }: Outcome, ends = false): void {
  expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
  expect(ours.stderr.toString()).toBe(withoutZapLogs(theirs.stderr));
  if (ends) {
    expect(ours.code).toBe(theirs.code);
  } else {
    // Ctrl-C: etcdctl has no handler and dies by the signal; ours returns 0 and bin/ re-raises it.
    expect(theirs.signal).toBe('SIGINT');
    expect(ours.code).toBe(0);
  }
}

describe.skipIf(!ready)('compat: watch', () => {
  let client: EtcdClient;
  let n = 0;
  /** A key prefix of its own per case. */
  const prefix = (): string => `cw/${process.pid}/${++n}/`;

  beforeAll(() => {
    client = newClient([endpoint]);
  });
  afterAll(() => client.close());

  const nextRev = async (): Promise<string> => String((await client.kv.range({ key: enc('cw/') })).header!.revision + 1n);

  /** Puts, an overwrite, a delete, an empty value, a binary key and value, and a txn of two puts. */
  const writes = (p: string) => async (): Promise<void> => {
    await client.kv.put({ key: enc(`${p}a`), value: enc('1') });
    await client.kv.put({ key: enc(`${p}a`), value: enc('2') });
    await client.kv.put({ key: enc(`${p}b`), value: enc('x%dy <&> "q"') });
    await client.kv.deleteRange({ key: enc(`${p}a`) });
    await client.kv.put({ key: enc(`${p}c`), value: enc('') });
    await client.kv.put({ key: Buffer.concat([enc(`${p}bin`), Buffer.from([0, 0xff, 0x0a])]), value: Buffer.from([0xfe, 0x01, 0x7f]) });
    await client.kv.txn({
      success: [
        { request_put: { key: enc(`${p}d`), value: enc('one') } },
        { request_put: { key: enc(`${p}e`), value: enc('two') } },
      ],
    });
  };

  for (const w of ['simple', 'json', 'fields', 'protobuf'] as const) {
    it(`--prefix, ${w}`, async () => {
      const p = prefix();
      expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--rev', '{REV}', '-w', w], act: writes(p) }));
    });
    it(`--prefix --prev-kv, ${w}`, async () => {
      const p = prefix();
      expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--prev-kv', '--rev', '{REV}', '-w', w], act: writes(p) }));
    });
  }

  it('one key', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}a`, argv: ['watch', `${p}a`, '--rev', '{REV}'], act: writes(p) }));
  });

  it('a range, --hex', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}a0`, argv: ['watch', `${p}a`, `${p}c`, '--hex', '--rev', '{REV}'], act: writes(p) }));
  });

  it('three arguments: the range end is dropped', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}a`, argv: ['watch', `${p}a`, `${p}z`, 'extra', '--rev', '{REV}'], act: writes(p) }));
  });

  it('flags after the key, global flags after the command', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--rev', '{REV}', '-w', 'json', '--prefix', '--dial-timeout=3s'], act: writes(p) }));
  });

  it('from now (no --rev)', async () => {
    const p = prefix();
    await client.kv.put({ key: enc(`${p}a`), value: enc('before') });
    expectSame(await watchBoth(endpoint, client, { argv: ['watch', p, '--prefix', '--prev-kv'], act: writes(p) }));
  });

  it('table: exit 4 at the first event', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--rev', '{REV}', '-w', 'table'], act: writes(p), ends: true }), true);
  });

  it('exec command with the ETCD_WATCH_* environment and inherited output', async () => {
    const p = prefix();
    const script = 'echo "[$ETCD_WATCH_REVISION|$ETCD_WATCH_EVENT_TYPE|$ETCD_WATCH_KEY|$ETCD_WATCH_VALUE]"; echo "err $ETCD_WATCH_EVENT_TYPE" >&2';
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--rev', '{REV}', '--', 'sh', '-c', script], act: writes(p) }));
  });

  it('exec command, json writer, command words that repeat the key', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}b`, argv: ['watch', `${p}b`, '--rev', '{REV}', '-w', 'json', '--', 'echo', `${p}b`], act: writes(p) }));
  });

  it('exec command that fails: exit 1 after the first event', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--rev', '{REV}', '--', 'sh', '-c', 'echo ran; exit 3'], act: writes(p), ends: true }), true);
  });

  it('exec command that is not there: exit 1', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', p, '--prefix', '--rev', '{REV}', '--', 'no-such-command-xyz'], act: writes(p), ends: true }), true);
  });

  it('ETCDCTL_WATCH_KEY', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}b`, argv: ['watch', '--rev', '{REV}'], env: { ETCDCTL_WATCH_KEY: `${p}b` }, act: writes(p) }));
  });

  it('ETCDCTL_WATCH_KEY with --prefix', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}0`, argv: ['watch', '--prefix', '--rev', '{REV}'], env: { ETCDCTL_WATCH_KEY: p }, act: writes(p) }));
  });

  it('ETCDCTL_WATCH_KEY and ETCDCTL_WATCH_RANGE_END', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}b`, argv: ['watch', '--rev', '{REV}'], env: { ETCDCTL_WATCH_KEY: `${p}b`, ETCDCTL_WATCH_RANGE_END: `${p}d` }, act: writes(p) }));
  });

  it('ETCDCTL_WATCH_KEY with an exec command', async () => {
    const p = prefix();
    expectSame(await watchBoth(endpoint, client, { marker: `${p}c`, argv: ['watch', '--rev', '{REV}', '--', 'echo', 'hi'], env: { ETCDCTL_WATCH_KEY: `${p}c` }, act: writes(p) }));
  });

  describe('interactive', () => {
    /** Feeds the same lines to both, waiting for `until` on both outputs between steps. */
    async function interactive(steps: readonly { lines: readonly string[]; act?: () => Promise<void>; until?: (out: string) => boolean }[], env?: Record<string, string>): Promise<Outcome> {
      const argv = ['--endpoints', endpoint, 'watch', '-i'];
      const o = env === undefined ? {} : { env };
      const runners = [startEtcdctl(argv, o), startOurs(argv, o)];
      for (const step of steps) {
        for (const l of step.lines) for (const r of runners) r.writeLine(l);
        await step.act?.();
        const until = step.until;
        if (until !== undefined) await waitFor(() => runners.every((r) => until(r.stdout().toString('latin1'))), 'interactive output');
        else await settle(runners);
      }
      for (const r of runners) r.closeStdin();
      const [theirs, ours] = await Promise.all(runners.map((r) => r.done));
      return { theirs: theirs!, ours: ours! };
    }

    it('a watcher, invalid lines, progress, and exit 3 at the end of stdin', async () => {
      const p = prefix();
      const rev = await nextRev();
      const outcome = await interactive([
        { lines: [`watch ${p} --prefix --rev ${rev} --prev-kv`, 'bogus', '', 'watch'] },
        { lines: [], act: writes(p), until: (out) => out.includes('two') },
        { lines: ['progress'], until: (out) => out.includes('progress notify') },
        { lines: [`watch ${p}a ${p}b --prefix`, 'watch "quoted key" -- sh -c "exit 0"'] },
      ]);
      expectSame(outcome, true);
      expect(outcome.ours.code).toBe(3);
    });

    it('an exec command, and a watch the server refuses (empty range)', async () => {
      const p = prefix();
      const rev = await nextRev();
      const outcome = await interactive([
        { lines: [`watch ${p}b --rev ${rev} -- sh -c "echo got $ETCD_WATCH_KEY"`, `watch ${p}z ${p}a`] },
        { lines: [], act: writes(p), until: (out) => out.includes('got') },
      ]);
      expectSame(outcome, true);
    });

    it('ETCDCTL_WATCH_KEY with a bare `watch` line', async () => {
      const p = prefix();
      const rev = await nextRev();
      const outcome = await interactive(
        [{ lines: [`watch --rev ${rev}`] }, { lines: [], act: writes(p), until: (out) => out.includes('x%dy') }],
        { ETCDCTL_WATCH_KEY: `${p}b` },
      );
      expectSame(outcome, true);
    });

    for (const line of ['watch a --', 'watch --bogus a', 'watch a -w json', 'watch a --rev abc']) {
      it(`exit 128 on the line: ${line}`, async () => {
        const argv = ['--endpoints', endpoint, 'watch', '-i'];
        const theirs = await runEtcdctl(argv, { stdin: `${line}\n` });
        const ours = await runCli(argv, { stdin: `${line}\n` });
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
        expect(ours.code).toBe(128);
      });
    }
  });

  describe('ending by themselves', () => {
    const cases: readonly { name: string; argv: readonly string[]; env?: Record<string, string> }[] = [
      { name: 'no arguments', argv: ['watch'] },
      { name: 'range end and --prefix', argv: ['watch', 'a', 'b', '--prefix'] },
      { name: 'separator without a command', argv: ['watch', 'a', '--'] },
      { name: 'separator alone', argv: ['watch', '--'] },
      { name: 'separator first', argv: ['watch', '--', 'a', 'echo', 'hi'] },
      { name: 'bad --rev', argv: ['watch', '--rev', 'abc', 'a'] },
      { name: '-i with nothing on stdin', argv: ['watch', '-i', 'a'] },
      { name: 'ETCDCTL_WATCH_KEY and a key', argv: ['watch', 'a'], env: { ETCDCTL_WATCH_KEY: 'x' } },
      { name: 'ETCDCTL_WATCH_KEY, a key and a command', argv: ['watch', 'a', '--', 'echo'], env: { ETCDCTL_WATCH_KEY: 'x' } },
      { name: 'ETCDCTL_WATCH_RANGE_END alone', argv: ['watch'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
      { name: 'ETCDCTL_WATCH_RANGE_END alone, interactive', argv: ['watch', '-i'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
      { name: 'help', argv: ['watch', '--help'] },
      { name: 'prefix-matched command name', argv: ['wat', 'a', 'b', '--prefix'] },
      { name: 'empty range (server cancels)', argv: ['watch', 'b', 'a'] },
      { name: 'empty range, json', argv: ['watch', 'b', 'a', '-w', 'json'] },
      { name: 'empty range, fields', argv: ['watch', 'b', 'a', '-w', 'fields'] },
      { name: 'empty range, protobuf', argv: ['watch', 'b', 'a', '-w', 'protobuf'] },
      { name: 'empty range, table', argv: ['watch', 'b', 'a', '-w', 'table'] },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const argv = ['--endpoints', endpoint, ...c.argv];
        const o = c.env === undefined ? {} : { env: c.env };
        const theirs = await runEtcdctl(argv, o);
        const ours = await runCli(argv, o);
        expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
        expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
        expect(ours.code).toBe(theirs.code);
      });
    }
  });
});

describe.skipIf(!ready)('compat: watch from a compacted revision (private server)', () => {
  let cluster: EtcdCluster;
  beforeAll(async () => {
    cluster = await startCluster({ members: 1, name: 'compat-watch' });
    const c = newClient(cluster.endpoints);
    try {
      for (let i = 0; i < 5; i++) await c.kv.put({ key: enc('k'), value: enc(String(i)) });
      const last = await c.kv.put({ key: enc('k'), value: enc('last') });
      await c.kv.compact({ revision: last.header!.revision, physical: true });
    } finally {
      c.close();
    }
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const cases = [
    ...['simple', 'json', 'fields', 'protobuf', 'table'].map((w) => ['watch', 'k', '--rev', '2', '-w', w]),
    ['watch', 'k', '--rev=-5', '-w', 'json'],
    ['watch', '--prefix', '', '--rev', '3', '--prev-kv'],
  ];
  for (const argv of cases) {
    it(argv.join(' '), async () => {
      const full = ['--endpoints', cluster.endpoints[0]!, ...argv];
      const theirs = await runEtcdctl(full);
      const ours = await runCli(full);
      expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
      expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
      expect(ours.code).toBe(theirs.code);
    });
  }

  it('an exec command is not run for the cancel', async () => {
    const full = ['--endpoints', cluster.endpoints[0]!, 'watch', 'k', '--rev', '2', '--', 'echo', 'ran'];
    const theirs = await runEtcdctl(full);
    const ours = await runCli(full);
    expect(bytes(ours.stdout)).toBe(bytes(theirs.stdout));
    expect(ours.err).toBe(withoutZapLogs(theirs.stderr));
    expect(ours.code).toBe(theirs.code);
    expect(ours.code).toBe(5);
  });
});
