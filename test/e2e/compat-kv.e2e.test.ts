// Differential test of the key-value commands: every case runs through the Go etcdctl 3.4.23
// (the oracle) and through our in-process run(), and stdout bytes, stderr and exit code must be
// equal.
//
// Read-only cases run against the shared server. Writes cannot: the second tool would see the
// first one's write, and every header would carry a different revision. Writing cases therefore
// run on two private "twin" servers started with the same advertised peer URL and cluster token,
// so they have the same cluster and member IDs; both get the same seed commands, the Go etcdctl
// writes to one and we write to the other, and their revisions stay in step. The twins are also
// the private etcd that compaction needs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { freePort, startCluster, type EtcdCluster } from '../helpers/etcd-cluster.js';
import { differentialReady, etcdctlBin, runEtcdctl, withoutZapLogs, type ProcResult } from './helpers/oracle.js';
import { runCli, type CliResult } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const ready = differentialReady({ 'the shared etcd': endpoint !== '', etcdctl: etcdctlBin !== undefined });
if (!ready) process.stderr.write('compat-kv: etcd or the Go etcdctl is missing; every case is SKIPPED\n');

/** One command line for both tools. `{NAME}` and `{NAME+N}` are filled in from the group's variables. */
interface Case {
  readonly name: string;
  /** argv after `--endpoints=<server>`. */
  readonly argv: readonly string[];
  readonly stdin?: string | Uint8Array;
  readonly env?: Readonly<Record<string, string>>;
  /** The case names its endpoint itself (ETCDCTL_ENDPOINTS, an unreachable one): no --endpoints. */
  readonly bare?: boolean;
  /** Go etcdctl command lines run on both twins first. */
  readonly seed?: readonly Seed[];
  /** stderr has capnslog lines, whose timestamps are compared by shape. */
  readonly capnslog?: boolean;
  /** The root usage, whose COMMANDS list only holds the commands implemented so far. */
  readonly rootUsage?: boolean;
  /** No endpoint can be dialled: we name the cause after etcdctl's words, on purpose (README). */
  readonly dialCause?: boolean;
}

interface Seed {
  readonly argv: readonly string[];
  readonly stdin?: string | Uint8Array;
}

const seed = (...argv: string[]): Seed => ({ argv });
const seedStdin = (stdin: string | Uint8Array, ...argv: string[]): Seed => ({ argv, stdin });

type Vars = Record<string, string>;

/** Replaces `{NAME}` with vars.NAME and `{NAME+N}` / `{NAME-N}` with a number plus N. */
function fill(s: string, vars: Vars): string {
  return s.replace(/\{([A-Z_]+)([+-]\d+)?\}/g, (m, name: string, offset: string | undefined) => {
    const v = vars[name];
    if (v === undefined) return m;
    return offset === undefined ? v : String(BigInt(v) + BigInt(offset));
  });
}

const fillAll = (argv: readonly string[], vars: Vars): string[] => argv.map((a) => fill(a, vars));
const fillStdin = (s: string | Uint8Array | undefined, vars: Vars): string | Uint8Array | undefined =>
  typeof s === 'string' ? fill(s, vars) : s;
const fillEnv = (env: Readonly<Record<string, string>> | undefined, vars: Vars): Record<string, string> | undefined =>
  env === undefined ? undefined : Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v, vars)]));

const CAPNSLOG = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) ([WC]) \| /gm;

function capnslogTimes(stderr: string): number[] {
  return [...stderr.matchAll(CAPNSLOG)].map((m) => new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!).getTime());
}

/** The COMMANDS block of a root usage text, one `name<TAB>summary` per line. */
function commandsBlock(usage: string): { rest: string; lines: string[] } {
  const m = /\nCOMMANDS:\n([\s\S]*?)\n\nOPTIONS:/.exec(usage);
  if (m === null) return { rest: usage, lines: [] };
  return {
    rest: usage.replace(m[1]!, '<commands>'),
    lines: m[1]!.split('\n').map((l) => l.replace(/\t+/g, '\t')),
  };
}

/** Asserts that ours and theirs are the same output, byte for byte where the case allows. */
function expectSame(c: Case, theirs: ProcResult, ours: CliResult): void {
  let theirErr = withoutZapLogs(theirs.stderr);
  let ourErr = ours.err;
  let theirOut = theirs.stdout.toString('utf8');
  let ourOut = ours.out;
  if (c.capnslog) {
    const [t, o] = [capnslogTimes(theirErr), capnslogTimes(ourErr)];
    expect(t.length, 'the Go etcdctl printed capnslog lines').toBeGreaterThan(0);
    expect(o.length).toBe(t.length);
    for (const [i, ts] of o.entries()) expect(Math.abs(ts - t[i]!)).toBeLessThan(10_000);
    theirErr = theirErr.replace(CAPNSLOG, '<time> $8 | ');
    ourErr = ourErr.replace(CAPNSLOG, '<time> $8 | ');
  }
  if (c.dialCause) {
    expect(ourErr).toMatch(/^Error: context deadline exceeded \(dial tcp 127\.0\.0\.1:\d+: connect: connection refused\)\n$/);
    ourErr = ourErr.replace(/ \(dial tcp [^)]*\)\n$/, '\n');
  }
  if (c.rootUsage) {
    // etcdctl's text comes first, unchanged; our commands and additions follow under their own
    // heading (README, "Our own commands"), which etcdctl does not have.
    const own = ourOut.indexOf('\nETCDCTL-TS ');
    expect(own, 'our section after etcdctl\'s root usage').toBeGreaterThan(0);
    expect(ourOut.slice(own)).toMatch(/^\nETCDCTL-TS \S+ COMMANDS \(not in etcdctl; full names only\):\n\t/);
    ourOut = ourOut.slice(0, own + 1);
    const [t, o] = [commandsBlock(theirOut), commandsBlock(ourOut)];
    expect(t.lines.length, 'the Go etcdctl printed the root usage').toBeGreaterThan(0);
    expect(o.lines.length).toBeGreaterThan(0);
    // Every command we have is listed with etcdctl's summary; tab runs differ with the widths.
    expect(t.lines).toEqual(expect.arrayContaining(o.lines));
    theirOut = t.rest;
    ourOut = o.rest;
  }
  expect({ code: ours.code, stderr: ourErr, stdout: ourOut }).toEqual({ code: theirs.code, stderr: theirErr, stdout: theirOut });
  if (!c.rootUsage) expect(Buffer.compare(ours.stdout, theirs.stdout), 'stdout bytes').toBe(0);
}

/** A value's bytes, reproducible from run to run. */
function pseudoRandomBytes(n: number, seedValue = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seedValue >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const MiB = pseudoRandomBytes(1024 * 1024);
const BINARY = Uint8Array.from([0x61, 0x00, 0x62, 0xff, 0x01, 0x7f, 0x09, 0x7a, 0x0a]);
// Control bytes, invalid UTF-8 and runes Go's %q escapes (NBSP, BOM, ZWSP) or keeps (é, 😀).
const ODD = Buffer.concat([Buffer.from([0x07, 0x08, 0x0c, 0x0b, 0x0d, 0x22, 0x5c, 0xc3]), Buffer.from('\u00a0\ufeff\u200be\u0301😀\u2028<&>', 'utf8')]);

const revisionOf = (r: ProcResult): string => {
  const m = /"revision":(\d+)/.exec(r.stdout.toString('utf8'));
  if (m === null) throw new Error(`no revision in ${r.stdout.toString('utf8')} ${r.stderr.toString('utf8')}`);
  return m[1]!;
};

async function mustEtcdctl(argv: readonly string[], stdin?: string | Uint8Array): Promise<ProcResult> {
  const r = await runEtcdctl(argv, stdin === undefined ? {} : { stdin });
  if (r.code !== 0) throw new Error(`etcdctl ${argv.join(' ')}: exit ${r.code}: ${r.stderr.toString('utf8')}`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Read-only cases on the shared server, over data seeded once under {K}.

const readOnlyCases: Case[] = [
  // get: ranges
  { name: 'get one key', argv: ['get', '{K}/a'] },
  { name: 'get a missing key prints nothing', argv: ['get', '{K}/missing'] },
  { name: 'get a missing key -w json', argv: ['get', '{K}/missing', '-w', 'json'] },
  { name: 'get a missing key -w fields', argv: ['get', '{K}/missing', '-w', 'fields'] },
  { name: 'get a missing key -w protobuf', argv: ['get', '{K}/missing', '-w', 'protobuf'] },
  { name: 'get --prefix', argv: ['get', '{K}/', '--prefix'] },
  { name: 'get --prefix -w json', argv: ['get', '{K}/', '--prefix', '-w', 'json'] },
  { name: 'get --prefix -w fields', argv: ['get', '{K}/', '--prefix', '-w', 'fields'] },
  { name: 'get --prefix -w protobuf', argv: ['get', '{K}/', '--prefix', '-w', 'protobuf'] },
  { name: 'get --prefix -w simple', argv: ['get', '{K}/', '--prefix', '-w', 'simple'] },
  { name: 'get -w table: unsupported, exit 4', argv: ['get', '{K}/', '--prefix', '-w', 'table'] },
  { name: 'get -w bogus: exit 4', argv: ['get', '{K}/a', '-w', 'bogus'] },
  { name: 'get --write-out=json', argv: ['get', '{K}/a', '--write-out=json'] },
  { name: 'get --write-out json', argv: ['get', '{K}/a', '--write-out', 'json'] },
  { name: 'get -wjson', argv: ['get', '{K}/a', '-wjson'] },
  { name: 'get -w=fields', argv: ['get', '{K}/a', '-w=fields'] },
  { name: 'get --prefix --hex', argv: ['get', '{K}/', '--prefix', '--hex'] },
  { name: 'get --hex -w json stays base64', argv: ['get', '{K}/uni', '--hex', '-w', 'json'] },
  { name: 'get --hex -w fields stays quoted', argv: ['get', '{K}/uni', '--hex', '-w', 'fields'] },
  { name: 'get --hex=false', argv: ['get', '{K}/a', '--hex=false'] },
  { name: 'get with a range end', argv: ['get', '{K}/a', '{K}/c'] },
  { name: 'get with a range end -w json', argv: ['get', '{K}/a', '{K}/c', '-w', 'json'] },
  { name: 'get with a range end before the key', argv: ['get', '{K}/c', '{K}/a'] },
  { name: 'get --from-key --limit', argv: ['get', '{K}/nl', '--from-key', '--limit=3'] },
  { name: 'get --from-key --keys-only --limit -w json', argv: ['get', '{K}/sp', '--from-key', '--keys-only', '--limit', '2', '-w', 'json'] },
  { name: 'get "" --prefix: every key', argv: ['get', '', '--prefix', '--keys-only', '--limit=1', '-w', 'json'] },
  { name: 'get "" --from-key: every key', argv: ['get', '', '--from-key', '--keys-only', '--limit=1'] },
  { name: 'get --limit -w json: more and count', argv: ['get', '{K}/', '--prefix', '--limit=2', '-w', 'json'] },
  { name: 'get --limit -w fields', argv: ['get', '{K}/', '--prefix', '--limit=2', '-w', 'fields'] },
  { name: 'get --limit=0 is no limit', argv: ['get', '{K}/', '--prefix', '--limit=0', '--keys-only'] },
  { name: 'get --limit=-1', argv: ['get', '{K}/', '--prefix', '--limit=-1', '--keys-only'] },
  // get: sorting
  ...['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION', 'modify', 'Value'].map(
    (t): Case => ({ name: `get --sort-by=${t}`, argv: ['get', '{K}/', '--prefix', `--sort-by=${t}`, '--keys-only'] }),
  ),
  ...['CREATE', 'KEY', 'MODIFY', 'VALUE', 'VERSION'].map(
    (t): Case => ({ name: `get --sort-by=${t} --order=DESCEND`, argv: ['get', '{K}/', '--prefix', `--sort-by=${t}`, '--order=DESCEND'] }),
  ),
  { name: 'get --sort-by -w json', argv: ['get', '{K}/', '--prefix', '--sort-by=VERSION', '--order=descend', '-w', 'json'] },
  { name: 'get --order=DESCEND alone sorts by key', argv: ['get', '{K}/', '--prefix', '--order=DESCEND', '--keys-only'] },
  { name: 'get --order=ASCEND', argv: ['get', '{K}/', '--prefix', '--order=ASCEND', '--keys-only'] },
  { name: 'get --order=descend (lower case)', argv: ['get', '{K}/', '--prefix', '--order=descend', '--keys-only'] },
  { name: 'get --order with --limit', argv: ['get', '{K}/', '--prefix', '--order=DESCEND', '--limit=2', '-w', 'json'] },
  { name: 'get --sort-by=bogus: exit 4', argv: ['get', '{K}/', '--prefix', '--sort-by=bogus'] },
  { name: 'get --order=bogus: exit 4', argv: ['get', '{K}/', '--prefix', '--order=bogus'] },
  // get: revisions, keys-only, value-only, consistency
  { name: 'get --rev of an older value', argv: ['get', '{K}/a', '--rev={R1}'] },
  { name: 'get --rev -w json', argv: ['get', '{K}/', '--prefix', '--rev={R1}', '-w', 'json'] },
  { name: 'get --rev=0 is the latest', argv: ['get', '{K}/a', '--rev=0'] },
  { name: 'get --rev=-5', argv: ['get', '{K}/a', '--rev=-5'] },
  { name: 'get --rev of a future revision', argv: ['get', '{K}/a', '--rev={R1+100000000}'] },
  { name: 'get --keys-only', argv: ['get', '{K}/', '--prefix', '--keys-only'] },
  { name: 'get --keys-only -w json', argv: ['get', '{K}/', '--prefix', '--keys-only', '-w', 'json'] },
  { name: 'get --keys-only -w fields', argv: ['get', '{K}/', '--prefix', '--keys-only', '-w', 'fields'] },
  { name: 'get --print-value-only', argv: ['get', '{K}/', '--prefix', '--print-value-only'] },
  { name: 'get --print-value-only --hex', argv: ['get', '{K}/', '--prefix', '--print-value-only', '--hex'] },
  { name: 'get --print-value-only -w json: exit 128', argv: ['get', '{K}/a', '--print-value-only', '-w', 'json'] },
  { name: 'get --print-value-only --keys-only', argv: ['get', '{K}/', '--prefix', '--print-value-only', '--keys-only'] },
  { name: 'get --consistency=s', argv: ['get', '{K}/a', '--consistency=s', '-w', 'json'] },
  { name: 'get --consistency=l', argv: ['get', '{K}/a', '--consistency=l'] },
  { name: 'get --consistency=S: exit 4', argv: ['get', '{K}/a', '--consistency=S'] },
  { name: 'get --count is no flag (--count-only is etcdctl 3.5: compat-35)', argv: ['get', '{K}/', '--prefix', '--count'] },
  // get: argument errors
  { name: 'get without a key', argv: ['get'] },
  { name: 'get --prefix --from-key', argv: ['get', '{K}/', '--prefix', '--from-key'] },
  { name: 'get --prefix with a range end', argv: ['get', '{K}/a', '{K}/c', '--prefix'] },
  { name: 'get --from-key with a range end', argv: ['get', '{K}/a', '{K}/c', '--from-key'] },
  { name: 'get with three arguments', argv: ['get', '{K}/a', '{K}/b', '{K}/c'] },
  // tricky keys and values
  { name: 'get a key with a space', argv: ['get', '{K}/sp ace', '-w', 'fields'] },
  { name: 'get a value with a newline', argv: ['get', '{K}/nl'] },
  { name: 'get a value with a newline -w fields', argv: ['get', '{K}/nl', '-w', 'fields'] },
  { name: 'get unicode -w fields', argv: ['get', '{K}/uni', '-w', 'fields'] },
  { name: 'get a Cyrillic key', argv: ['get', '{K}/ключ', '-w', 'fields'] },
  { name: 'get an empty value', argv: ['get', '{K}/empty'] },
  { name: 'get an empty value -w json', argv: ['get', '{K}/empty', '-w', 'json'] },
  { name: 'get an empty value -w fields', argv: ['get', '{K}/empty', '-w', 'fields'] },
  { name: 'get a value starting with -', argv: ['get', '{K}/dash', '-w', 'fields'] },
  { name: 'get quotes, backslashes and <&> -w json', argv: ['get', '{K}/quote', '-w', 'json'] },
  { name: 'get quotes, backslashes and <&> -w fields', argv: ['get', '{K}/quote', '-w', 'fields'] },
  { name: 'get a key starting with - needs --', argv: ['get', '--', '-{K}/dash-key'] },
  { name: 'get binary values (raw bytes)', argv: ['get', '{K}-bin/', '--prefix'] },
  { name: 'get binary values --hex', argv: ['get', '{K}-bin/', '--prefix', '--hex'] },
  { name: 'get binary values -w fields', argv: ['get', '{K}-bin/', '--prefix', '-w', 'fields'] },
  { name: 'get binary values -w json', argv: ['get', '{K}-bin/', '--prefix', '-w', 'json'] },
  { name: 'get binary values -w protobuf', argv: ['get', '{K}-bin/', '--prefix', '-w', 'protobuf'] },
  { name: 'get binary values --print-value-only', argv: ['get', '{K}-bin/', '--prefix', '--print-value-only'] },
  { name: 'get a 1 MiB value', argv: ['get', '{K}-big'] },
  { name: 'get a 1 MiB value --hex', argv: ['get', '{K}-big', '--hex'] },
  { name: 'get a 1 MiB value -w json', argv: ['get', '{K}-big', '-w', 'json'] },
  { name: 'get a 1 MiB value -w fields', argv: ['get', '{K}-big', '-w', 'fields'] },
  // flag errors
  { name: '--limit=abc', argv: ['get', '{K}/a', '--limit=abc'] },
  { name: '--limit=1.5', argv: ['get', '{K}/a', '--limit=1.5'] },
  { name: 'a bad flag value is Go-quoted', argv: ['get', '{K}/a', '--limit=a"b\\'] },
  { name: 'bad flag syntax: --=x', argv: ['get', '--=x'] },
  { name: 'bad flag syntax: ---x', argv: ['get', '---x', '{K}/a'] },
  { name: '--rev=x', argv: ['get', '{K}/a', '--rev=x'] },
  { name: '--limit without its argument', argv: ['get', '{K}/a', '--limit'] },
  { name: '-w without its argument', argv: ['get', '{K}/a', '-w'] },
  { name: '--prefix=maybe', argv: ['get', '{K}/a', '--prefix=maybe'] },
  { name: '--dial-timeout=abc', argv: ['--dial-timeout=abc', 'get', '{K}/a'] },
  { name: '--command-timeout= (empty)', argv: ['get', '{K}/a', '--command-timeout='] },
  { name: 'get --bogus', argv: ['get', '{K}/a', '--bogus'] },
  { name: 'get --bogus=1', argv: ['get', '{K}/a', '--bogus=1'] },
  { name: 'get -v', argv: ['get', '-v', '{K}/a'] },
  { name: 'get -hx: pflag names the rest of the shorthands', argv: ['get', '-hx'] },
  { name: 'get -x=1', argv: ['get', '{K}/a', '-x=1'] },
  { name: 'put value starting with - without --', argv: ['put', '{K}/x', '-dash'] },
  { name: '-v at the root', argv: ['-v'], rootUsage: true },
  { name: '--version at the root', argv: ['--version'], rootUsage: true },
  { name: '--bogus at the root', argv: ['--bogus'], rootUsage: true },
  { name: 'an unknown flag before the command takes the next word', argv: ['--bogus', 'get', 'gett'] },
  { name: 'an unknown flag=value before the command', argv: ['--bogus=1', 'get', '{K}/a'] },
  { name: '--help before the command takes the next word', argv: ['--help', 'get'], rootUsage: true },
  { name: '--help=true before the command', argv: ['--help=true', 'get'] },
  { name: '--help=maybe', argv: ['get', '{K}/a', '--help=maybe'] },
  { name: '-h=false runs the command', argv: ['get', '-h=false', '{K}/a'] },
  { name: '--help=false runs the command', argv: ['get', '--help=false', '{K}/a'] },
  { name: 'flags after --', argv: ['get', '--', '{K}/a', '--prefix'] },
  // unknown commands and prefix matching
  { name: 'unknown command with a suggestion', argv: ['gett', '{K}/a'] },
  { name: 'unknown command suggesting by distance', argv: ['x'] },
  { name: 'unknown command, upper case', argv: ['GET', '{K}/a'] },
  { name: 'unknown command without suggestions', argv: ['nothing-like-it'] },
  { name: 'prefix: ge', argv: ['ge', '{K}/a'] },
  { name: 'prefix: pu without arguments', argv: ['pu'] },
  { name: 'prefix: ver', argv: ['ver'] },
  { name: 'prefix: compa without arguments', argv: ['compa'] },
  { name: 'prefix: tx', argv: ['tx', '-w', 'json'], stdin: 'val("{K}/a") = "one"\n\nget {K}/a\n\n\n' },
  // help
  { name: 'no arguments: root usage', argv: [], rootUsage: true },
  { name: '--help', argv: ['--help'], rootUsage: true },
  { name: '-h', argv: ['-h'], rootUsage: true },
  { name: 'help', argv: ['help'], rootUsage: true },
  { name: 'help of an unknown topic', argv: ['help', 'gett'], rootUsage: true },
  { name: 'help get', argv: ['help', 'get'] },
  { name: 'help ge (prefix)', argv: ['help', 'ge'] },
  { name: 'help put get (extra words ignored)', argv: ['help', 'put', 'get'] },
  { name: 'help help', argv: ['help', 'help'] },
  { name: 'help --help', argv: ['help', '--help'] },
  { name: 'help --bogus', argv: ['help', '--bogus'] },
  { name: 'help -w json get', argv: ['help', '-w', 'json', 'get'] },
  ...['get', 'put', 'del', 'txn', 'compaction', 'version'].flatMap((cmd): Case[] => [
    { name: `${cmd} --help`, argv: [cmd, '--help'] },
    { name: `${cmd} -h`, argv: [cmd, '-h'] },
  ]),
  { name: 'get --help with other flags and arguments', argv: ['get', '{K}/a', '--prefix', '--help'] },
  { name: 'get --help after a bad flag', argv: ['get', '--bogus', '--help'] },
  // version
  { name: 'version', argv: ['version'] },
  { name: 'version with an argument', argv: ['version', 'extra'] },
  ...['json', 'fields', 'simple', 'protobuf', 'table', 'bogus'].map((w): Case => ({ name: `version -w ${w}`, argv: ['version', '-w', w] })),
  { name: 'version --hex', argv: ['version', '--hex'] },
  // environment
  { name: 'ETCDCTL_ENDPOINTS', argv: ['get', '{K}/a'], env: { ETCDCTL_ENDPOINTS: '{EP}' }, bare: true },
  {
    name: 'ETCDCTL_ENDPOINTS with spaces and a closed endpoint first',
    argv: ['get', '{K}/a'],
    env: { ETCDCTL_ENDPOINTS: ' 127.0.0.1:{CLOSED} , {EP} ' },
    bare: true,
  },
  { name: 'ETCDCTL_WRITE_OUT=json', argv: ['get', '{K}/a'], env: { ETCDCTL_WRITE_OUT: 'json' } },
  { name: 'ETCDCTL_WRITE_OUT=fields', argv: ['get', '{K}/a'], env: { ETCDCTL_WRITE_OUT: 'fields' } },
  { name: 'ETCDCTL_WRITE_OUT=bogus', argv: ['get', '{K}/a'], env: { ETCDCTL_WRITE_OUT: 'bogus' } },
  { name: 'ETCDCTL_WRITE_OUT is not applied to version', argv: ['version'], env: { ETCDCTL_WRITE_OUT: 'bogus' } },
  { name: 'ETCDCTL_HEX=true', argv: ['get', '{K}/a'], env: { ETCDCTL_HEX: 'true' } },
  { name: 'ETCDCTL_HEX=maybe is ignored', argv: ['get', '{K}/a'], env: { ETCDCTL_HEX: 'maybe' } },
  { name: 'ETCDCTL_DIAL_TIMEOUT=abc is ignored', argv: ['get', '{K}/a'], env: { ETCDCTL_DIAL_TIMEOUT: 'abc' } },
  { name: 'ETCDCTL_COMMAND_TIMEOUT=abc is ignored', argv: ['get', '{K}/a'], env: { ETCDCTL_COMMAND_TIMEOUT: 'abc' } },
  { name: 'an empty ETCDCTL_WRITE_OUT is unrecognized', argv: ['get', '{K}/a'], env: { ETCDCTL_WRITE_OUT: '' }, capnslog: true },
  {
    name: 'an empty ETCDCTL_WRITE_OUT still conflicts with -w',
    argv: ['get', '{K}/a', '-w', 'json'],
    env: { ETCDCTL_WRITE_OUT: '' },
    capnslog: true,
  },
  {
    name: 'environment order: the first conflict stops the warnings',
    argv: ['--hex', 'get', '{K}/a'],
    env: { ETCDCTL_FOO: '1', ETCDCTL_HEX: 'true', ETCDCTL_BAR: '2' },
    capnslog: true,
  },
  {
    name: 'ETCDCTL_WRITE_OUT and -w: conflict',
    argv: ['get', '{K}/a', '-w', 'json'],
    env: { ETCDCTL_WRITE_OUT: 'json' },
    capnslog: true,
  },
  {
    name: 'ETCDCTL_ENDPOINTS and --endpoints: conflict',
    argv: ['get', '{K}/a'],
    env: { ETCDCTL_ENDPOINTS: '{EP}' },
    capnslog: true,
  },
  { name: 'ETCDCTL_HEX and --hex=false: conflict', argv: ['--hex=false', 'get', '{K}/a'], env: { ETCDCTL_HEX: 'true' }, capnslog: true },
  { name: 'an unknown ETCDCTL_ variable warns', argv: ['get', '{K}/a'], env: { ETCDCTL_FOO: 'bar' }, capnslog: true },
  {
    name: 'a warning and a conflict',
    argv: ['get', '{K}/a', '-w', 'json'],
    env: { ETCDCTL_FOO: 'bar', ETCDCTL_WRITE_OUT: 'json' },
    capnslog: true,
  },
  { name: 'ETCDCTL_WATCH_KEY outside watch warns', argv: ['get', '{K}/a'], env: { ETCDCTL_WATCH_KEY: 'k' }, capnslog: true },
  { name: 'no warning when flags fail first', argv: ['get', '--bogus'], env: { ETCDCTL_FOO: 'bar' } },
  { name: 'no warning for version', argv: ['version'], env: { ETCDCTL_FOO: 'bar' } },
  { name: 'ETCDCTL_API=3', argv: ['get', '{K}/a'], env: { ETCDCTL_API: '3' } },
  { name: 'ETCDCTL_API empty is v3', argv: ['get', '{K}/a'], env: { ETCDCTL_API: '' } },
  { name: 'ETCDCTL_API=4', argv: ['get', '{K}/a'], env: { ETCDCTL_API: '4' } },
  // connection
  { name: 'unreachable endpoint: get', argv: ['--endpoints=127.0.0.1:{CLOSED}', '--command-timeout=1s', 'get', '{K}/a'], bare: true, dialCause: true },
  { name: 'unreachable endpoint: put', argv: ['--endpoints=127.0.0.1:{CLOSED}', '--command-timeout=1s', 'put', '{K}/a', 'v'], bare: true, dialCause: true },
  { name: 'unreachable endpoint: del', argv: ['--endpoints=127.0.0.1:{CLOSED}', '--command-timeout=1s', 'del', '{K}/a'], bare: true, dialCause: true },
  {
    name: 'unreachable endpoint: compaction',
    argv: ['--endpoints=127.0.0.1:{CLOSED}', '--command-timeout=1s', 'compaction', '1'],
    bare: true,
    dialCause: true,
  },
  { name: 'unreachable endpoint: usage errors come first', argv: ['--endpoints=127.0.0.1:{CLOSED}', 'get'], bare: true },
  { name: 'a closed endpoint then a good one', argv: ['--endpoints=127.0.0.1:{CLOSED},{EP}', 'get', '{K}/a'], bare: true },
  {
    name: '--endpoints given twice: the second adds to the first',
    argv: ['--endpoints={EP}', '--endpoints=127.0.0.1:{CLOSED}', '--command-timeout=2s', 'get', '{K}/a'],
    bare: true,
  },
];

describe.skipIf(!ready)('etcdctl compatibility: read-only key-value commands (shared server)', () => {
  const vars: Vars = {
    K: `compat-kv-${process.pid}-${Date.now().toString(36)}`,
    EP: endpoint,
  };

  beforeAll(async () => {
    const ep = `--endpoints=${endpoint}`;
    const put = (k: string, v: string) => mustEtcdctl([ep, 'put', '--', fill(k, vars), v]);
    vars.R1 = revisionOf(await mustEtcdctl([ep, 'put', fill('{K}/a', vars), '1', '-w', 'json']));
    await put('{K}/b', '22');
    await put('{K}/c', '333');
    await put('{K}/a', 'one');
    await put('{K}/b', 'bb');
    await put('{K}/sp ace', 'v w');
    await put('{K}/nl', 'line1\nline2');
    await put('{K}/uni', 'héllo→世界 😀');
    await put('{K}/ключ', 'значение');
    await put('{K}/empty', '');
    await put('{K}/dash', '-dash');
    await put('-{K}/dash-key', 'v');
    await put('{K}/quote', '"q" \\ <a&b> \u2028');
    await mustEtcdctl([ep, 'put', fill('{K}-bin/a', vars)], BINARY);
    await mustEtcdctl([ep, 'put', fill('{K}-bin/odd', vars)], ODD);
    await mustEtcdctl([ep, 'put', fill('{K}-bin/\u00a0\x01\x7f', vars)], '\x00');
    await mustEtcdctl([ep, 'put', fill('{K}-big', vars)], MiB);
    vars.CLOSED = String(await freePort());
  });

  for (const c of readOnlyCases) {
    it(c.name, async () => {
      const argv = [...(c.bare ? [] : [`--endpoints=${endpoint}`]), ...fillAll(c.argv, vars)];
      const stdin = fillStdin(c.stdin, vars);
      const env = fillEnv(c.env, vars);
      const o = { ...(stdin === undefined ? {} : { stdin }), ...(env === undefined ? {} : { env }) };
      const theirs = await runEtcdctl(argv, o);
      const ours = await runCli(argv, o);
      expectSame(c, theirs, ours);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Writing cases on the twins. {K} is a key prefix of the case's own; {REV} the twins' revision
// after the seeds; {LEASE} a lease granted on both with the same ID.

const LEASE_ID = 0x1234abcdn;

const TXN_TARGETS = ['ver', 'version', 'c', 'create', 'm', 'mod', 'val', 'value'];
const TXN_OPS = ['=', '!=', '<', '>'];
const compareValue = (target: string): string => (target.startsWith('v') && target !== 'ver' && target !== 'version' ? 'b' : '2');

const writeCases: Case[] = [
  // put
  { name: 'put', argv: ['put', '{K}k', 'v'] },
  ...['json', 'fields', 'protobuf', 'simple'].map((w): Case => ({ name: `put -w ${w}`, argv: ['put', '{K}k', 'v', '-w', w] })),
  { name: 'put -w table writes, then exit 4', argv: ['put', '{K}k', 'v', '-w', 'table'] },
  { name: 'put -w bogus: exit 4', argv: ['put', '{K}k', 'v', '-w', 'bogus'] },
  { name: 'put --hex', argv: ['put', '{K}k', 'v', '--hex'] },
  { name: 'put --prev-kv on a new key', argv: ['put', '{K}k', 'v', '--prev-kv'] },
  ...['simple', 'json', 'fields', 'protobuf'].map(
    (w): Case => ({ name: `put --prev-kv -w ${w}`, seed: [seed('put', '{K}k', 'old')], argv: ['put', '{K}k', 'new', '--prev-kv', '-w', w] }),
  ),
  { name: 'put --prev-kv --hex', seed: [seedStdin(BINARY, 'put', '{K}k')], argv: ['put', '{K}k', 'new', '--prev-kv', '--hex'] },
  { name: 'put a value from stdin', argv: ['put', '{K}k', '-w', 'json'], stdin: 'from stdin\n' },
  { name: 'put binary stdin', argv: ['put', '{K}k', '--prev-kv'], stdin: BINARY, seed: [seedStdin(ODD, 'put', '{K}k')] },
  { name: 'put 1 MiB from stdin', argv: ['put', '{K}k', '-w', 'fields'], stdin: MiB },
  { name: 'put with empty stdin: exit 128', argv: ['put', '{K}k'], stdin: '' },
  { name: 'put an empty value argument', argv: ['put', '{K}k', '', '-w', 'json'] },
  { name: 'put a value with spaces and newlines', argv: ['put', '{K}k', ' a b \n c\n', '--prev-kv'], seed: [seed('put', '{K}k', 'x\ny')] },
  { name: 'put unicode key and value', argv: ['put', '{K}ключ→😀', 'héllo→世界 😀', '-w', 'fields'] },
  { name: 'put a value starting with - after --', argv: ['put', '{K}k', '--', '-dash'] },
  { name: 'put a key starting with - after --', argv: ['put', '--', '-{K}k', 'v'] },
  { name: 'put without arguments', argv: ['put'] },
  { name: 'put with three arguments', argv: ['put', '{K}k', 'v', 'w'] },
  { name: 'put --lease', argv: ['put', '{K}k', 'v', '--lease={LEASE}', '-w', 'json'] },
  { name: 'put --lease with a lease that does not exist', argv: ['put', '{K}k', 'v', '--lease=1'] },
  { name: 'put --lease=xyz', argv: ['put', '{K}k', 'v', '--lease=xyz'] },
  { name: 'put --lease= (empty)', argv: ['put', '{K}k', 'v', '--lease='] },
  { name: 'put --lease=-1', argv: ['put', '{K}k', 'v', '--lease=-1'] },
  { name: 'put --lease too large', argv: ['put', '{K}k', 'v', '--lease=ffffffffffffffff'] },
  { name: 'put --lease without its argument', argv: ['put', '{K}k', 'v', '--lease'] },
  { name: 'put --ignore-value', seed: [seed('put', '{K}k', 'kept')], argv: ['put', '{K}k', '--ignore-value', '--prev-kv', '-w', 'json'] },
  { name: 'put --ignore-value on a missing key', argv: ['put', '{K}k', '--ignore-value'] },
  { name: 'put --ignore-value with a value', argv: ['put', '{K}k', 'v', '--ignore-value'] },
  {
    name: 'put --ignore-lease',
    seed: [seed('put', '{K}k', 'v', '--lease={LEASE}')],
    argv: ['put', '{K}k', 'v2', '--ignore-lease', '--prev-kv', '-w', 'fields'],
  },
  { name: 'put --ignore-lease with --lease', argv: ['put', '{K}k', 'v', '--ignore-lease', '--lease={LEASE}'] },
  { name: 'put --ignore-value --ignore-lease', seed: [seed('put', '{K}k', 'v', '--lease={LEASE}')], argv: ['put', '{K}k', '--ignore-value', '--ignore-lease'] },
  { name: 'put --prev-kv=false', argv: ['put', '{K}k', 'v', '--prev-kv=false'] },
  // del
  { name: 'del', seed: [seed('put', '{K}a', '1')], argv: ['del', '{K}a'] },
  { name: 'del a missing key', argv: ['del', '{K}missing'] },
  ...['json', 'fields', 'protobuf'].map(
    (w): Case => ({ name: `del -w ${w}`, seed: [seed('put', '{K}a', '1')], argv: ['del', '{K}a', '-w', w] }),
  ),
  { name: 'del -w table deletes, then exit 4', seed: [seed('put', '{K}a', '1')], argv: ['del', '{K}a', '-w', 'table'] },
  { name: 'del -w bogus: exit 4', seed: [seed('put', '{K}a', '1')], argv: ['del', '{K}a', '-w', 'bogus'] },
  ...['simple', 'json', 'fields', 'protobuf'].map(
    (w): Case => ({
      name: `del --prefix --prev-kv -w ${w}`,
      seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', 'two\nlines'), seed('put', '{K}c', '')],
      argv: ['del', '{K}', '--prefix', '--prev-kv', '-w', w],
    }),
  ),
  { name: 'del --prefix', seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '2')], argv: ['del', '{K}', '--prefix'] },
  { name: 'del --prev-kv --hex', seed: [seedStdin(BINARY, 'put', '{K}a')], argv: ['del', '{K}a', '--prev-kv', '--hex'] },
  {
    name: 'del with a range end',
    seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '2'), seed('put', '{K}c', '3')],
    argv: ['del', '{K}a', '{K}c', '--prev-kv'],
  },
  {
    name: 'del --from-key',
    seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '2')],
    argv: ['del', '{K}b', '--from-key', '--prev-kv', '-w', 'json'],
  },
  { name: 'del without arguments', argv: ['del'] },
  { name: 'del with three arguments', argv: ['del', '{K}a', '{K}b', '{K}c'] },
  { name: 'del --prefix --from-key', argv: ['del', '{K}a', '--prefix', '--from-key'] },
  { name: 'del --prefix with a range end', argv: ['del', '{K}a', '{K}b', '--prefix'] },
  { name: 'del --bogus', argv: ['del', '{K}a', '--bogus'] },
  // txn: sections and writers
  ...['simple', 'json', 'fields', 'protobuf'].flatMap((w): Case[] => [
    {
      name: `txn success branch -w ${w}`,
      seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '22')],
      argv: ['txn', '-w', w],
      stdin: 'mod("{K}a") > "0"\n\nget {K}a\nput {K}b three --prev-kv\ndel {K}a --prev-kv\n\nput {K}never x\n\n',
    },
    {
      name: `txn failure branch -w ${w}`,
      seed: [seed('put', '{K}a', '1')],
      argv: ['txn', '-w', w],
      stdin: 'value("{K}a") = "nope"\n\nput {K}x 1\n\nput {K}y 2\nget {K} --prefix\ndel {K}zz\n\n',
    },
  ]),
  {
    name: 'txn -w table applies, then exit 4',
    argv: ['txn', '-w', 'table'],
    stdin: '\nput {K}a 1\n\n\n',
  },
  { name: 'txn -w bogus: exit 4', argv: ['txn', '-w', 'bogus'], stdin: '\nput {K}a 1\n\n\n' },
  { name: 'txn --hex', seed: [seedStdin(BINARY, 'put', '{K}a')], argv: ['txn', '--hex'], stdin: '\nget {K}a\n\n\n' },
  { name: 'txn with nothing in it', argv: ['txn'], stdin: '\n\n\n' },
  // txn: every compare target and operator
  ...TXN_TARGETS.flatMap((target) =>
    TXN_OPS.map(
      (op): Case => ({
        name: `txn compare ${target} ${op}`,
        seed: [seed('put', '{K}a', 'a'), seed('put', '{K}a', 'b')],
        argv: ['txn'],
        stdin: `${target}("{K}a") ${op} "${compareValue(target)}"\n\nput {K}ok yes\n\nput {K}ok no\n\n`,
      }),
    ),
  ),
  {
    name: 'txn compares are ANDed',
    seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '22')],
    argv: ['txn', '-w', 'json'],
    stdin: 'ver("{K}a") = "1"\nc("{K}a") > "0"\nm("{K}b") < "100000000"\nval("{K}b") != "x"\nvalue("{K}b") = "nope"\n\nget {K}a\n\nget {K}b\n\n',
  },
  {
    name: 'txn compare of a missing key',
    argv: ['txn'],
    stdin: 'ver("{K}none") = "0"\nc("{K}none") = "0"\n\nput {K}none created\n\n\n',
  },
  {
    name: 'txn compare with escapes and back quotes',
    seed: [seed('put', '{K}a b', 'x\ty')],
    argv: ['txn'],
    stdin: 'val("{K}a\\x20b") = `x\ty`\nval(`{K}a b`) = "x\\ty"\n\nget "{K}a b"\n\n\n',
  },
  {
    name: 'txn compare: spaces, tabs and trailing words',
    seed: [seed('put', '{K}a', '1')],
    argv: ['txn'],
    stdin: 'val( "{K}a")\t=\t"1"  trailing words\n\nget {K}a\n\n\n',
  },
  // txn: op flags
  {
    name: 'txn get flags',
    seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '22'), seed('put', '{K}c', '333')],
    argv: ['txn', '-w', 'json'],
    stdin:
      '\nget {K} --prefix --keys-only --limit=2 --sort-by=value --order=descend\nget {K}a --rev={REV}\nget {K}a {K}c --consistency=s\nget {K}b --from-key --print-value-only\n\n\n',
  },
  {
    name: 'txn get --print-value-only still prints keys',
    seed: [seed('put', '{K}a', '1')],
    argv: ['txn'],
    stdin: '\nget {K}a --print-value-only\n\n\n',
  },
  {
    name: 'txn put flags',
    seed: [seed('put', '{K}a', '1', '--lease={LEASE}')],
    argv: ['txn', '-w', 'fields'],
    stdin: '\nput {K}a 2 --prev-kv --ignore-lease\nput {K}b x --lease={LEASE}\nput {K}b --ignore-value --prev-kv\n\n\n',
  },
  {
    name: 'txn del flags',
    seed: [seed('put', '{K}a', '1'), seed('put', '{K}b', '2'), seed('put', '{K}c', '3')],
    argv: ['txn'],
    stdin: '\ndel {K}a --prev-kv\ndel {K}b --from-key --prev-kv\ndel {K} --prefix\n\n\n',
  },
  { name: 'txn op names are prefix-matched', seed: [seed('put', '{K}a', '1')], argv: ['txn'], stdin: '\np {K}b v\ng {K}a\nd {K}a\n\n\n' },
  { name: 'txn double-quoted arguments', argv: ['txn'], stdin: '\nput "{K}a b" "line1\\nline2 \\"q\\""\nget "{K}a b"\n\n\n' },
  { name: 'txn put with an empty value', argv: ['txn'], stdin: '\nput {K}a ""\nget {K}a -w json\n\n\n' },
  // txn: the 3.4 single-quote quirk
  { name: "txn single quotes: 'x y' stores x", argv: ['txn'], stdin: "\nput {K}a 'x y'\nget {K}a\n\n\n" },
  { name: "txn single quotes: 'abcdef' --prev-kv stores ab", argv: ['txn'], stdin: "\nput {K}a 'abcdef' --prev-kv\nget {K}a\n\n\n" },
  { name: "txn single quotes: 'abc' on three words", argv: ['txn'], stdin: "\nput {K}a 'abc'\nget {K}a\n\n\n" },
  { name: 'txn single quotes on a key', argv: ['txn'], stdin: "\nput '{K}a' v\nget {K} --prefix\n\n\n" },
  { name: 'txn single quotes cut bytes, not characters', argv: ['txn', '--hex'], stdin: "\nput {K}a 'éa' x y\nput {K}b 'é' x\nget {K} --prefix\n\n\n" },
  { name: 'txn: a \\xff escape in an op is one byte', argv: ['txn', '--hex'], stdin: '\nput {K}a "\\xff\\x00\\377"\nget {K}a\n\n\n' },
  { name: 'txn: a double-quoted word that does not unquote', argv: ['txn'], stdin: '\nput {K}a "\\q"\n\n\n' },
  { name: 'txn: a non-UTF-8 key in a malformed compare', argv: ['txn'], stdin: 'val("\\xff{K}") = v\n\n\n\n' },
  // txn: malformed input
  { name: 'txn: empty stdin is EOF', argv: ['txn'], stdin: '' },
  { name: 'txn: EOF after the compares', argv: ['txn'], stdin: '\n' },
  { name: 'txn: EOF after the success ops', argv: ['txn'], stdin: '\nput {K}a v\n\n' },
  { name: 'txn: no newline after the last line', argv: ['txn'], stdin: '\nput {K}a v\n\nput {K}b v' },
  { name: 'txn: whitespace-only lines end sections', argv: ['txn'], stdin: '  \nput {K}a v\n\t\n \n' },
  { name: 'txn: CRLF line ends', argv: ['txn'], stdin: 'ver("{K}a") = "0"\r\n\r\nput {K}a v\r\nget {K}a\r\n\r\n\r\n' },
  { name: 'txn: input after the third section is ignored', argv: ['txn'], stdin: '\nput {K}a v\n\n\nput {K}b v\n\n' },
  { name: 'txn: a compare without (', argv: ['txn'], stdin: 'bogus\n\n\n\n' },
  { name: 'txn: an unknown compare target', argv: ['txn'], stdin: 'foo("{K}a") = "x"\n\n\n\n' },
  { name: 'txn: a compare without quotes', argv: ['txn'], stdin: 'val({K}a) = "1"\n\n\n\n' },
  { name: 'txn: an unterminated key', argv: ['txn'], stdin: 'val("{K}a) = "1"\n\n\n\n' },
  { name: 'txn: no space after )', argv: ['txn'], stdin: 'val("{K}a")= "1"\n\n\n\n' },
  { name: 'txn: no space before the value', argv: ['txn'], stdin: 'val("{K}a") ="1"\n\n\n\n' },
  { name: 'txn: a space before )', argv: ['txn'], stdin: 'val("{K}a" ) = "1"\n\n\n\n' },
  { name: 'txn: an unquoted value', argv: ['txn'], stdin: 'val("{K}a") = 1\n\n\n\n' },
  { name: 'txn: no value', argv: ['txn'], stdin: 'val("{K}a") =\n\n\n\n' },
  { name: 'txn: a bad escape', argv: ['txn'], stdin: 'val("{K}a") = "\\q"\n\n\n\n' },
  { name: 'txn: a version that is not a number', argv: ['txn'], stdin: 'ver("{K}a") = "abc"\n\n\n\n' },
  { name: 'txn: a revision out of range', argv: ['txn'], stdin: 'c("{K}a") = "99999999999999999999"\n\n\n\n' },
  { name: 'txn: an unknown op', argv: ['txn'], stdin: '\nbogus {K}a\n\n\n' },
  { name: 'txn: an op in upper case', argv: ['txn'], stdin: '\nPUT {K}a v\n\n\n' },
  { name: 'txn: an op without arguments', argv: ['txn'], stdin: '\nput\n\n\n' },
  { name: 'txn: a put without a value', argv: ['txn'], stdin: '\nput {K}a\n\n\n' },
  { name: 'txn: a bad flag in a put', argv: ['txn'], stdin: '\nput {K}a v --bogus\n\n\n' },
  { name: 'txn: a bad flag in a get', argv: ['txn'], stdin: '\nget {K}a --bogus\n\n\n' },
  { name: 'txn: a bad flag in a del', argv: ['txn'], stdin: '\ndel {K}a --bogus\n\n\n' },
  { name: 'txn: a bad flag value', argv: ['txn'], stdin: '\nget {K}a --limit=abc\n\n\n' },
  { name: 'txn: a flag without its value', argv: ['txn'], stdin: '\nget {K}a --limit\n\n\n' },
  { name: 'txn: a global flag in an op', argv: ['txn'], stdin: '\nget {K}a -w json\n\n\n' },
  { name: 'txn: a bad op in the failure branch', argv: ['txn'], stdin: '\n\nput {K}a v --bogus\n\n' },
  { name: 'txn: a bad sort target in an op', argv: ['txn'], stdin: '\nget {K}a --sort-by=x\n\n\n' },
  { name: 'txn: --prefix --from-key in an op', argv: ['txn'], stdin: '\ndel {K}a --prefix --from-key\n\n\n' },
  { name: 'txn: a bad lease in an op', argv: ['txn'], stdin: '\nput {K}a v --lease=zz\n\n\n' },
  { name: 'txn: an unterminated double quote', argv: ['txn'], stdin: '\nput {K}a "v\n\n\n' },
  { name: 'txn: the server refuses an op', argv: ['txn'], stdin: '\nput {K}a v --lease=1\n\n\n' },
  { name: 'txn: a duplicate key in the ops', argv: ['txn'], stdin: '\nput {K}a 1\nput {K}a 2\n\n\n' },
  // txn: flags and interactive mode
  { name: 'txn -i prompts on stdout', seed: [seed('put', '{K}a', '1')], argv: ['txn', '-i'], stdin: 'mod("{K}a") > "0"\n\nput {K}b v\n\nget {K}a\n\n' },
  { name: 'txn --interactive', argv: ['txn', '--interactive', '-w', 'json'], stdin: '\nput {K}b v\n\n\n' },
  { name: 'txn -i with EOF', argv: ['txn', '-i'], stdin: '\nput {K}b v\n' },
  { name: 'txn -i with a malformed compare', argv: ['txn', '-i'], stdin: 'bogus\n\n\n\n' },
  { name: 'txn with an argument', argv: ['txn', 'extra'], stdin: '\n\n\n' },
  { name: 'txn --bogus', argv: ['txn', '--bogus'], stdin: '\n\n\n' },
  // compaction (cluster-wide: only here, on the twins)
  { name: 'compaction', seed: [seed('put', '{K}a', '1'), seed('put', '{K}a', '2')], argv: ['compaction', '{REV-1}'] },
  { name: 'compaction --physical', seed: [seed('put', '{K}a', '1')], argv: ['compaction', '--physical', '{REV}'] },
  { name: 'compaction --physical=false', seed: [seed('put', '{K}a', '1')], argv: ['compaction', '--physical=false', '{REV}'] },
  ...['json', 'fields', 'protobuf', 'table', 'bogus'].map(
    (w): Case => ({ name: `compaction -w ${w}`, seed: [seed('put', '{K}a', '1')], argv: ['compaction', '{REV}', '-w', w] }),
  ),
  { name: 'compaction --hex', seed: [seed('put', '{K}a', '1')], argv: ['compaction', '{REV}', '--hex'] },
  { name: 'compaction of a compacted revision', argv: ['compaction', '1'] },
  { name: 'compaction of the compacted revision itself', seed: [seed('put', '{K}a', '1')], argv: ['compaction', '{REV}'] },
  { name: 'get --rev of a compacted revision', argv: ['get', '{K}a', '--rev=1'] },
  { name: 'get --rev of a compacted revision -w json', argv: ['get', '{K}a', '--rev=1', '-w', 'json'] },
  { name: 'compaction of a future revision', argv: ['compaction', '{REV+1000}'] },
  { name: 'compaction 0', argv: ['compaction', '0'] },
  { name: 'compaction -1', argv: ['compaction', '--', '-1'] },
  { name: 'compaction abc', argv: ['compaction', 'abc'] },
  { name: 'compaction 0x10', argv: ['compaction', '0x10'] },
  { name: 'compaction of a revision out of range', argv: ['compaction', '99999999999999999999'] },
  { name: 'compaction without arguments', argv: ['compaction'] },
  { name: 'compaction with two arguments', argv: ['compaction', '1', '2'] },
  { name: 'compaction --bogus', argv: ['compaction', '1', '--bogus'] },
  // last: it deletes every key of the twins
  {
    name: 'del "" --prefix deletes everything',
    seed: [seed('put', '{K}a', '1')],
    argv: ['del', '', '--prefix', '-w', 'json'],
  },
];

interface Twin {
  cluster: EtcdCluster;
  endpoint: string;
  client: EtcdClient;
}

async function startTwins(): Promise<[Twin, Twin]> {
  const fakePeer = `http://127.0.0.1:${await freePort()}`;
  // The member ID is a hash of the advertised peer URLs and the cluster token, and the cluster
  // ID a hash of the member IDs: the same values give both twins the same IDs. Nobody dials the
  // advertised URL of a one-member cluster.
  const extraArgs = ['--initial-advertise-peer-urls', fakePeer, '--initial-cluster', `twin-0=${fakePeer}`, '--initial-cluster-token', `twin-${process.pid}`];
  const start = async (): Promise<Twin> => {
    const cluster = await startCluster({ name: 'twin', extraArgs });
    const ep = cluster.endpoints[0]!;
    const client = createClient({ endpoints: [ep], dialTimeoutMs: 2000, keepaliveTimeMs: 2000, keepaliveTimeoutMs: 6000 });
    return { cluster, endpoint: ep, client };
  };
  return Promise.all([start(), start()]);
}

async function revision(t: Twin): Promise<bigint> {
  const r = await t.client.kv.range({ key: Buffer.from('!sync') }, { timeoutMs: 5000 });
  return r.header!.revision;
}

/** Brings the twins' revisions level again after a case that wrote to one and not the other. */
async function level(a: Twin, b: Twin): Promise<bigint> {
  for (;;) {
    const [ra, rb] = [await revision(a), await revision(b)];
    if (ra === rb) return ra;
    await (ra < rb ? a : b).client.kv.put({ key: Buffer.from('!sync'), value: Buffer.from('x') }, { timeoutMs: 5000 });
  }
}

describe.skipIf(!ready)('etcdctl compatibility: writing key-value commands and compaction (twin servers)', () => {
  let a: Twin;
  let b: Twin;
  let n = 0;

  beforeAll(async () => {
    [a, b] = await startTwins();
    for (const t of [a, b]) await t.client.lease.leaseGrant({ TTL: 3600n, ID: LEASE_ID }, { timeoutMs: 5000 });
  }, 60_000);

  afterAll(async () => {
    for (const t of [a, b]) {
      t?.client.close();
      await t?.cluster.stop();
    }
  });

  it('the twins have the same cluster and member IDs', async () => {
    const [ha, hb] = [(await a.client.kv.range({ key: Buffer.from('x') })).header!, (await b.client.kv.range({ key: Buffer.from('x') })).header!];
    expect(ha.cluster_id).toBe(hb.cluster_id);
    expect(ha.member_id).toBe(hb.member_id);
    expect(ha.raft_term).toBe(hb.raft_term);
    expect(a.endpoint).not.toBe(b.endpoint);
  });

  for (const c of writeCases) {
    it(c.name, async () => {
      const vars: Vars = { K: `c${String(++n).padStart(3, '0')}/`, LEASE: LEASE_ID.toString(16) };
      for (const t of [a, b]) {
        for (const s of c.seed ?? []) await mustEtcdctl([`--endpoints=${t.endpoint}`, ...fillAll(s.argv, vars)], fillStdin(s.stdin, vars));
      }
      vars.REV = String(await level(a, b));
      const stdin = fillStdin(c.stdin, vars);
      const env = fillEnv(c.env, vars);
      const o = { ...(stdin === undefined ? {} : { stdin }), ...(env === undefined ? {} : { env }) };
      const argv = fillAll(c.argv, vars);
      try {
        const theirs = await runEtcdctl([`--endpoints=${a.endpoint}`, ...argv], o);
        const ours = await runCli([`--endpoints=${b.endpoint}`, ...argv], o);
        expectSame(c, theirs, ours);
      } finally {
        await level(a, b);
      }
    });
  }
});
