import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { Context } from '../../../src/cli/context.js';
import { exitCodeFor, FlagError } from '../../../src/core/errors.js';
import { flagValues, parseArgv } from '../../../src/cli/flags.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { run } from '../../../src/main.js';
import { golden } from '../../fixtures/kv.js';

// Expected parses and error texts are what /usr/bin/etcdctl 3.4.23 (cobra + pflag, prefix
// matching on) did with the same argv against a private etcd: which command ran with which
// arguments, or the `Error: …` line it printed (behaviour notes §1.2 and §2.2).

function program(): Command {
  return buildProgram(new Context(captureIO(), new AbortController().signal));
}

const names = (p: ReturnType<typeof parseArgv>): string[] => p.path.slice(1).map((c) => c.name());

interface OkCase {
  readonly argv: string[];
  readonly path: string[];
  readonly args: string[];
  /** Flags given on the command line and their parsed values. */
  readonly values?: Record<string, string | boolean>;
  readonly help?: boolean;
  readonly group?: boolean;
}

describe('parseArgv: commands, flags and arguments', () => {
  const cases: readonly OkCase[] = [
    { argv: ['get', 'foo'], path: ['get'], args: ['foo'] },
    { argv: ['ge', 'foo'], path: ['get'], args: ['foo'] },
    { argv: ['g', 'foo'], path: ['get'], args: ['foo'] },
    { argv: ['compa', '5'], path: ['compaction'], args: ['5'] },
    { argv: ['v'], path: ['version'], args: [] },
    { argv: ['ge'], path: ['get'], args: [] },
    { argv: ['put', 'k', 'v', 'extra'], path: ['put'], args: ['k', 'v', 'extra'] },
    // an argument that names a command is still an argument below the command
    { argv: ['get', 'put'], path: ['get'], args: ['put'] },
    { argv: ['get', 'foo', '--prefix'], path: ['get'], args: ['foo'], values: { prefix: true } },
    { argv: ['get', '--prefix', 'foo'], path: ['get'], args: ['foo'], values: { prefix: true } },
    { argv: ['get', 'foo', '--prefix=false'], path: ['get'], args: ['foo'], values: { prefix: false } },
    { argv: ['get', 'foo', '--prefix=T', '--keys-only=0'], path: ['get'], args: ['foo'], values: { prefix: true, 'keys-only': false } },
    { argv: ['get', 'foo', '--prefix', 'false'], path: ['get'], args: ['foo', 'false'], values: { prefix: true } },
    { argv: ['get', 'foo', '--limit', '5'], path: ['get'], args: ['foo'], values: { limit: '5' } },
    { argv: ['get', 'foo', '--limit=5'], path: ['get'], args: ['foo'], values: { limit: '5' } },
    { argv: ['get', '--limit', '-1', 'foo'], path: ['get'], args: ['foo'], values: { limit: '-1' } },
    { argv: ['get', '--limit=+5', 'foo'], path: ['get'], args: ['foo'], values: { limit: '+5' } },
    { argv: ['get', '--limit=1', '--limit=2', 'foo'], path: ['get'], args: ['foo'], values: { limit: '2' } },
    // a flag that takes a value takes the next argument, even one starting with '-'
    { argv: ['get', '--order', '-w', 'foo'], path: ['get'], args: ['foo'], values: { order: '-w' } },
    { argv: ['get', 'foo', '-w', 'json'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['get', 'foo', '-wjson'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['get', 'foo', '-w=json'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['get', 'foo', '--write-out=json'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['get', 'foo', '--write-out', 'fields'], path: ['get'], args: ['foo'], values: { 'write-out': 'fields' } },
    { argv: ['-w', 'json', 'get', 'foo'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['-wjson', 'get', 'foo'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['--hex', 'get', 'foo'], path: ['get'], args: ['foo'], values: { hex: true } },
    { argv: ['get', 'foo', '--print-value-only=true', '--hex=1'], path: ['get'], args: ['foo'], values: { 'print-value-only': true, hex: true } },
    {
      argv: ['--endpoints=127.0.0.1:1,127.0.0.1:2', 'get', 'foo', '--dial-timeout=1s', '--command-timeout', '500ms'],
      path: ['get'],
      args: ['foo'],
      values: { endpoints: '127.0.0.1:1,127.0.0.1:2', 'dial-timeout': '1s', 'command-timeout': '500ms' },
    },
    { argv: ['get', 'foo', '--debug=false', '--insecure-transport=false'], path: ['get'], args: ['foo'], values: { debug: false, 'insecure-transport': false } },
    { argv: ['get', '-d', 'example.com', 'foo'], path: ['get'], args: ['foo'], values: { 'discovery-srv': 'example.com' } },
    { argv: ['get', '--', '-k'], path: ['get'], args: ['-k'] },
    { argv: ['put', 'k', '--', '-v'], path: ['put'], args: ['k', '-v'] },
    { argv: ['put', '--', '-k', '-v'], path: ['put'], args: ['-k', '-v'] },
    { argv: ['get', 'foo', '-w', 'json', '--'], path: ['get'], args: ['foo'], values: { 'write-out': 'json' } },
    { argv: ['get', '--', '--prefix'], path: ['get'], args: ['--prefix'] },
    { argv: ['put', '-', 'v'], path: ['put'], args: ['-', 'v'] },
    { argv: ['txn', '-i'], path: ['txn'], args: [], values: { interactive: true } },
    { argv: ['txn', '--interactive=false'], path: ['txn'], args: [], values: { interactive: false } },
    { argv: ['txn', '-iw', 'json'], path: ['txn'], args: [], values: { interactive: true, 'write-out': 'json' } },
    { argv: ['txn', '-iwjson'], path: ['txn'], args: [], values: { interactive: true, 'write-out': 'json' } },
    { argv: ['compaction', '--physical', '5'], path: ['compaction'], args: ['5'], values: { physical: true } },
    { argv: ['help', 'get'], path: ['help'], args: ['get'] },
    // --help
    { argv: ['get', '--help'], path: ['get'], args: [], help: true },
    { argv: ['get', '-h'], path: ['get'], args: [], help: true },
    { argv: ['ge', 'foo', '-h'], path: ['get'], args: ['foo'], help: true },
    { argv: ['--help'], path: [], args: [], help: true },
    { argv: ['get', '--help=false', 'foo'], path: ['get'], args: ['foo'], help: false },
    // groups
    { argv: ['lease', 'grant', '10'], path: ['lease', 'grant'], args: ['10'], group: true },
    { argv: ['lea', 'gr', '10'], path: ['lease', 'grant'], args: ['10'], group: true },
    { argv: ['lease', 'k', '1a'], path: ['lease', 'keep-alive'], args: ['1a'], group: true },
    { argv: ['-w', 'json', 'lease', '--hex', 'grant', '10'], path: ['lease', 'grant'], args: ['10'], values: { 'write-out': 'json', hex: true }, group: true },
    { argv: ['lease'], path: ['lease'], args: [], help: true, group: true },
    // compat(etcdctl): an unknown subcommand of a group prints the group's help, exit 0
    { argv: ['lease', 'bogus'], path: ['lease'], args: ['bogus'], help: true, group: true },
    // prefixes are matched level by level (`etcdctl lease l` is lease list)
    { argv: ['lease', 'l'], path: ['lease', 'list'], args: [], group: true },
  ];
  it.each(cases)('$argv', ({ argv, path, args, values, help, group }) => {
    const p = parseArgv(program(), argv);
    expect(names(p)).toEqual(path);
    expect(p.args).toEqual(args);
    expect(Object.fromEntries(p.values)).toEqual(values ?? {});
    expect([...p.given].sort()).toEqual(Object.keys(values ?? {}).sort());
    expect(p.help).toBe(help ?? false);
  });

  it('flagValues: given values, else the pflag defaults', () => {
    const root = program();
    const p = parseArgv(root, ['get', 'foo', '--limit=3', '--prefix']);
    const get = p.path[1]!;
    expect(flagValues(get, p)).toEqual({
      consistency: 'l',
      order: '',
      sortBy: '',
      limit: '3',
      prefix: true,
      fromKey: false,
      rev: '0',
      keysOnly: false,
      countOnly: false,
      printValueOnly: false,
    });
    expect(flagValues(root, p)).toMatchObject({ writeOut: 'simple', endpoints: '[127.0.0.1:2379]', insecureTransport: true, hex: false, dialTimeout: '2s' });
  });

  // pflag's Int64 flags parse with strconv.ParseInt(s, 0, 64), so etcdctl accepts
  // `get foo --limit=0x10` and `--limit=1_000` (exit 0).
  it.each([['get', 'foo', '--limit=0x10'], ['get', 'foo', '--limit=1_000'], ['get', 'foo', '--rev=0o7']])('%j: Go integer literals', (...argv) => {
    expect(parseArgv(program(), argv).args).toEqual(['foo']);
  });
});

interface ErrCase {
  readonly argv: string[];
  readonly msg: string;
  /** The command whose usage cobra shows (undefined: unknown command, no usage). */
  readonly usageOf?: string[];
  readonly hint?: string;
  readonly group?: boolean;
}

const RUN_HELP = "Run 'etcdctl --help' for usage.";

describe('parseArgv: pflag and cobra errors (FlagError, exit 1)', () => {
  const cases: readonly ErrCase[] = [
    { argv: ['get', '--x', 'k'], msg: 'unknown flag: --x', usageOf: ['get'] },
    { argv: ['--bogus=1', 'get', 'foo'], msg: 'unknown flag: --bogus', usageOf: ['get'] },
    { argv: ['get', 'foo', '--count'], msg: 'unknown flag: --count', usageOf: ['get'] },
    { argv: ['get', '-v', 'k'], msg: "unknown shorthand flag: 'v' in -v", usageOf: ['get'] },
    { argv: ['get', '-x'], msg: "unknown shorthand flag: 'x' in -x", usageOf: ['get'] },
    { argv: ['get', '-pk'], msg: "unknown shorthand flag: 'p' in -pk", usageOf: ['get'] },
    { argv: ['put', 'k', 'v', '--lease'], msg: 'flag needs an argument: --lease', usageOf: ['put'] },
    { argv: ['get', 'k', '-w'], msg: "flag needs an argument: 'w' in -w", usageOf: ['get'] },
    { argv: ['get', '-w'], msg: "flag needs an argument: 'w' in -w", usageOf: ['get'] },
    { argv: ['txn', '-iw'], msg: "flag needs an argument: 'w' in -w", usageOf: ['txn'] },
    { argv: ['get', '--limit', 'abc', 'k'], msg: 'invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": invalid syntax', usageOf: ['get'] },
    { argv: ['get', 'k', '--limit='], msg: 'invalid argument "" for "--limit" flag: strconv.ParseInt: parsing "": invalid syntax', usageOf: ['get'] },
    { argv: ['get', '--limit= 5', 'foo'], msg: 'invalid argument " 5" for "--limit" flag: strconv.ParseInt: parsing " 5": invalid syntax', usageOf: ['get'] },
    {
      argv: ['get', '--limit=99999999999999999999', 'foo'],
      msg: 'invalid argument "99999999999999999999" for "--limit" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range',
      usageOf: ['get'],
    },
    { argv: ['get', 'foo', '--rev', '1x'], msg: 'invalid argument "1x" for "--rev" flag: strconv.ParseInt: parsing "1x": invalid syntax', usageOf: ['get'] },
    { argv: ['get', '--prefix=maybe', 'k'], msg: 'invalid argument "maybe" for "--prefix" flag: strconv.ParseBool: parsing "maybe": invalid syntax', usageOf: ['get'] },
    { argv: ['txn', '-i=maybe'], msg: 'invalid argument "maybe" for "-i, --interactive" flag: strconv.ParseBool: parsing "maybe": invalid syntax', usageOf: ['txn'] },
    { argv: ['--dial-timeout', 'abc', 'get', 'k'], msg: 'invalid argument "abc" for "--dial-timeout" flag: time: invalid duration "abc"', usageOf: ['get'] },
    { argv: ['--command-timeout=5', 'get', 'foo'], msg: 'invalid argument "5" for "--command-timeout" flag: time: missing unit in duration "5"', usageOf: ['get'] },
    { argv: ['--command-timeout=1x', 'get', 'foo'], msg: 'invalid argument "1x" for "--command-timeout" flag: time: unknown unit "x" in duration "1x"', usageOf: ['get'] },
    { argv: ['get', 'foo', '--dial-timeout='], msg: 'invalid argument "" for "--dial-timeout" flag: time: invalid duration ""', usageOf: ['get'] },
    { argv: ['lease', 'grant', '--bogus'], msg: 'unknown flag: --bogus', usageOf: ['lease', 'grant'], group: true },
    // unknown commands: cobra's suggestions (Levenshtein distance ≤ 2 or a prefix), in the order
    // the commands were added; no usage, a hint line between the two copies
    { argv: ['gett'], msg: 'unknown command "gett" for "etcdctl"\n\nDid you mean this?\n\tget\n', hint: RUN_HELP },
    { argv: ['bogus'], msg: 'unknown command "bogus" for "etcdctl"', hint: RUN_HELP },
    { argv: ['bogus', '--help'], msg: 'unknown command "bogus" for "etcdctl"', hint: RUN_HELP },
    { argv: ['-w', 'get', 'foo'], msg: 'unknown command "foo" for "etcdctl"', hint: RUN_HELP },
    // The oracle's answer; cobra lists suggestions in the order etcdctl registers its commands.
    { argv: ['e'], msg: 'unknown command "e" for "etcdctl"\n\nDid you mean this?\n\tget\n\tdel\n\tendpoint\n\telect\n', hint: RUN_HELP },
    // an ambiguous prefix is an unknown command (captured: `etcdctl de`)
    { argv: ['de'], msg: 'unknown command "de" for "etcdctl"\n\nDid you mean this?\n\tget\n\tdel\n\tdefrag\n', hint: RUN_HELP, group: true },
  ];
  it.each(cases)('$argv', ({ argv, msg, usageOf, hint, group }) => {
    let err: unknown;
    try {
      parseArgv(program(), argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlagError);
    const fe = err as FlagError;
    expect(fe.message).toBe(msg);
    expect(fe.hint).toBe(hint);
    if (usageOf !== undefined) expect(fe.commandPath).toEqual(usageOf);
    expect(exitCodeFor(err)).toBe(1);
  });

  function flagErrorOf(argv: string[]): FlagError | undefined {
    try {
      parseArgv(program(), argv);
    } catch (e) {
      if (e instanceof FlagError) return e;
      throw e;
    }
    return undefined;
  }

  // pflag names the shorthands left in the run, from the unknown one on.
  it('`txn -ix`: the rest of the shorthand run is named', () => {
    expect(flagErrorOf(['txn', '-ix'])?.message).toBe("unknown shorthand flag: 'x' in -x");
  });

  // pflag quotes the bad value with %q.
  it('a bad value is Go-quoted', () => {
    expect(flagErrorOf(['get', '--limit=a"b', 'foo'])?.message).toBe(
      'invalid argument "a\\"b" for "--limit" flag: strconv.ParseInt: parsing "a\\"b": invalid syntax',
    );
  });

  it.each([
    { argv: ['get', '--=x'], msg: 'bad flag syntax: --=x' },
    { argv: ['get', '---x', 'foo'], msg: 'bad flag syntax: ---x' },
  ])('$argv: bad flag syntax', ({ argv, msg }) => {
    expect(flagErrorOf(argv)?.message).toBe(msg);
  });

  // cobra finds the command with stripFlags, which takes the word after an unknown `--flag` (or a
  // local flag given before its command) as that flag's value: `etcdctl --bogus get foo` and
  // `etcdctl --prefix get foo` are `unknown command "foo" for "etcdctl"` (hint, no usage).
  it.each([['--bogus', 'get', 'foo'], ['--prefix', 'get', 'foo']])('%j: the word after an unknown flag is its value', (...argv) => {
    const err = flagErrorOf(argv);
    expect(err?.message).toBe('unknown command "foo" for "etcdctl"');
    expect(err?.hint).toBe(RUN_HELP);
  });
});

describe('run(): how cobra prints a parse error (no server needed)', () => {
  // captured: stdout, stderr and exit code of /usr/bin/etcdctl with the same argv
  it('unknown flag: the message twice around a blank line on stderr, usage on stdout, exit 1', async () => {
    const io = captureIO();
    const code = await run(['get', '--x', 'k'], io);
    expect(code).toBe(1);
    expect(io.stderrText()).toBe('Error: unknown flag: --x\n\nError: unknown flag: --x\n');
    expect(io.stdoutText()).toBe(golden('help.get.txt'));
  });

  it('a bad global flag value shows the usage of the command', async () => {
    const io = captureIO();
    const code = await run(['--command-timeout=5', 'put', 'k', 'v'], io);
    const line = 'Error: invalid argument "5" for "--command-timeout" flag: time: missing unit in duration "5"\n';
    expect(code).toBe(1);
    expect(io.stderrText()).toBe(`${line}\n${line}`);
    expect(io.stdoutText()).toBe(golden('help.put.txt'));
  });

  it('unknown command: suggestions in both copies, the hint between them, nothing on stdout', async () => {
    const io = captureIO();
    const code = await run(['gett'], io);
    const msg = 'Error: unknown command "gett" for "etcdctl"\n\nDid you mean this?\n\tget\n\n';
    expect(code).toBe(1);
    expect(io.stderrText()).toBe(`${msg}Run 'etcdctl --help' for usage.\n${msg}`);
    expect(io.stdoutText()).toBe('');
  });

  it('unknown command without suggestions', async () => {
    const io = captureIO();
    expect(await run(['bogus'], io)).toBe(1);
    expect(io.stderrText()).toBe(
      'Error: unknown command "bogus" for "etcdctl"\nRun \'etcdctl --help\' for usage.\nError: unknown command "bogus" for "etcdctl"\n',
    );
    expect(io.stdoutText()).toBe('');
  });

  it('a flag error inside a prefix-matched command names the full command', async () => {
    const io = captureIO();
    expect(await run(['ge', 'k', '-w'], io)).toBe(1);
    expect(io.stderrText()).toBe("Error: flag needs an argument: 'w' in -w\n\nError: flag needs an argument: 'w' in -w\n");
    expect(io.stdoutText()).toBe(golden('help.get.txt'));
  });

  it('`get --help` prints the usage on stdout, exit 0', async () => {
    const io = captureIO();
    expect(await run(['get', '--help'], io)).toBe(0);
    expect(io.stdoutText()).toBe(golden('help.get.txt'));
    expect(io.stderrText()).toBe('');
  });

  it('`-w bogus` is not a parse error: `unsupported output format`, exit 4', async () => {
    const io = captureIO();
    expect(await run(['get', 'foo', '-wx'], io)).toBe(4);
    expect(io.stderrText()).toBe('Error: unsupported output format\n');
    expect(io.stdoutText()).toBe('');
  });

  it('argument errors come before any connection: `get` with no key, exit 128', async () => {
    const io = captureIO();
    expect(await run(['ge'], io)).toBe(128);
    expect(io.stderrText()).toBe('Error: get command needs one argument as key and an optional argument as range_end\n');
  });
});
