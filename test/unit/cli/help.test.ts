import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { Context } from '../../../src/cli/context.js';
import { helpText, tabwrite } from '../../../src/cli/help.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { run } from '../../../src/main.js';
import { golden } from '../../fixtures/kv.js';
import { findSub } from '../../../src/cli/flags.js';

/** Our own commands (not etcdctl's): each new one is added here. */
const OURS = ['cluster', 'context', 'dev-cluster', 'edit', 'export', 'import', 'ls', 'registry'];

const goldenDir = fileURLToPath(new URL('../../golden/', import.meta.url));

// test/golden/help.<cmd>.txt is `ETCDCTL_API=3 /usr/bin/etcdctl <cmd> --help` (etcdctl 3.4.23,
// Debian build) byte for byte; help.root.txt is `etcdctl --help`.

function program(): Command {
  return buildProgram(new Context(captureIO(), new AbortController().signal));
}

/** The input tabwriter was given: cells are never empty in etcdctl's template, so a run of tabs is one separator. */
const untab = (text: string): string => text.replace(/\t+/g, '\t');

/** Every command below the root, as its path of names: ['lease', 'grant']. */
function paths(cmd: Command, prefix: string[] = []): string[][] {
  // Hidden commands (etcdctl 3.5's `auth status`, our `__complete`) have no 3.4 help to compare with.
  return cmd.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

const goldenName = (path: readonly string[]): string => `help.${path.join('-')}.txt`;

/** Lines of a group's COMMANDS list naming commands we do not have, dropped before comparing. */
function withoutCommands(text: string, missing: readonly string[]): string {
  return text
    .split('\n')
    .filter((l) => !missing.some((m) => l.startsWith(`\t${m}\t`)))
    .join('\n');
}

describe('helpText: every registered command', () => {
  const root = program();
  /** Commands of etcdctl-ts's own, beyond etcdctl's: their help is ours, not etcdctl's. */
  const all = paths(root).map((p) => p.join(' ')).sort();
  const registered = all.filter((p) => !OURS.includes(p.split(' ')[0]!));
  /** etcdctl 3.4.23 commands (Debian build) that etcdctl-ts does not have yet. */
  const NOT_YET: readonly string[] = [];
  const rootHelp = golden('help.root.txt');
  const commandsBlock = rootHelp.slice(rootHelp.indexOf('COMMANDS:\n'), rootHelp.indexOf('\n\nOPTIONS:'));
  const etcdctlPaths = commandsBlock
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[1]!);

  it('registers every etcdctl command, apart from the ones listed as not yet done', () => {
    const runnable = registered.filter((p) => p !== 'help' && etcdctlPaths.includes(p));
    expect(etcdctlPaths.filter((p) => p !== 'help' && !runnable.includes(p)).sort()).toEqual([...NOT_YET].sort());
  });

  it('adds only the commands listed as our own, each with a help text in etcdctl\'s template', async () => {
    // A family of ours (`cluster status|check|wait`) counts once, by its top-level name.
    expect([...new Set(all.filter((p) => !registered.includes(p)).map((p) => p.split(' ')[0]!))]).toEqual(OURS);
    for (const name of OURS) {
      const io = captureIO();
      expect(await run([name, '--help'], io)).toBe(0);
      expect(io.stdoutText()).toMatch(new RegExp(`^NAME:\n\t${name} - .+\n\nUSAGE:\n\tetcdctl-ts ${name} `));
      expect(io.stdoutText()).toContain('\nGLOBAL OPTIONS:\n');
    }
  });

  it('has a captured etcdctl help for every registered command', () => {
    for (const p of registered) expect(existsSync(`${goldenDir}${goldenName(p.split(' '))}`), p).toBe(true);
  });

  it.each(registered)('%s --help', async (path) => {
    const argv = path.split(' ');
    const missing = NOT_YET.filter((m) => m.startsWith(`${argv[0]} `)).map((m) => m.slice(argv[0]!.length + 1));
    const io = captureIO();
    expect(await run([...argv, '--help'], io)).toBe(0);
    if (missing.length === 0) {
      expect(io.stdoutText()).toBe(golden(goldenName(argv)));
    } else {
      // Without the missing commands tabwriter may pick narrower columns: compare cells, not tabs.
      expect(untab(io.stdoutText())).toBe(untab(withoutCommands(golden(goldenName(argv)), missing)));
    }
    expect(io.stderrText()).toBe('');
  });

  it.each([['help', 'get'], ['help', 'put'], ['get', '-h'], ['ge', '--help']])('%s %s', async (...argv) => {
    const io = captureIO();
    expect(await run(argv, io)).toBe(0);
    expect(io.stdoutText()).toBe(golden(`help.${argv[0] === 'help' ? argv[1] : 'get'}.txt`));
  });

  // cobra's help command finds its topic with prefix matching: `etcdctl help ge` prints the help of get.
  it('`help ge`: the topic is prefix-matched', async () => {
    const io = captureIO();
    await run(['help', 'ge'], io);
    expect(io.stdoutText()).toBe(golden('help.get.txt'));
  });

  // For an unknown topic cobra prints "Unknown help topic [`bogus`]" on stderr before the root
  // usage (exit 0).
  it('`help bogus`: "Unknown help topic" on stderr', async () => {
    const io = captureIO();
    expect(await run(['help', 'bogus'], io)).toBe(0);
    expect(io.stderrText()).toBe('Unknown help topic [`bogus`]\n');
  });
});

describe('helpText: the root command', () => {
  // The root help lists all of etcdctl's commands, most of which are not registered yet: compare
  // the parts that do not depend on them.
  const real = golden('help.root.txt');
  const full = helpText(program());
  // etcdctl's text, then the section of our own commands and additions.
  const split = full.indexOf('ETCDCTL-TS ');
  const ours = full.slice(0, split);
  const section = full.slice(split);

  it('ends etcdctl\'s text as etcdctl does, then lists our commands under a heading naming our release', () => {
    expect(ours.endsWith('table)\n\n')).toBe(true);
    expect(real.endsWith('table)\n\n')).toBe(true);
    expect(section).toMatch(/^ETCDCTL-TS \d+\.\d+\.\d+ COMMANDS \(not in etcdctl; full names only\):\n/);
    for (const name of OURS) expect(section).toMatch(new RegExp(`\n\t${name}( [a-z-]+)?\t+\\S`));
    expect(section).toContain('\nETCDCTL-TS ADDITIONS TO ETCDCTL:\n\twatch --progress-notify\t');
    for (const a of ['get --count-only', 'del --range', 'auth status', 'make-mirror --dest-user, --dest-password']) expect(section).toContain(`\n\t${a}\t`);
  });

  it('our commands are matched by full name only; etcdctl\'s abbreviations keep their meaning', async () => {
    const root = program();
    expect(findSub(root, 'r')?.name()).toBe('role');
    expect(findSub(root, 'w')?.name()).toBe('watch');
    expect(findSub(root, 'lo')?.name()).toBe('lock');
    for (const name of OURS) {
      expect(findSub(root, name)?.name()).toBe(name);
      expect(findSub(root, name.slice(0, -1))?.name()).not.toBe(name);
    }
    const io = captureIO();
    expect(await run(['dev-clust'], io)).toBe(1);
    expect(io.stderrText()).toContain('Error: unknown command "dev-clust" for "etcdctl"');
    expect(io.stderrText()).not.toContain('dev-cluster');
  });

  it('NAME, USAGE, VERSION and API VERSION', () => {
    const head = (t: string): string => t.slice(0, t.indexOf('COMMANDS:\n'));
    expect(head(ours)).toBe(head(real));
    expect(head(real)).toContain('VERSION:\n\t3.4.23\n\nAPI VERSION:\n\t3.4\n\n\n');
  });

  it('OPTIONS: the global flags and help, as local flags of the root', () => {
    const options = (t: string): string => t.slice(t.indexOf('\nOPTIONS:\n'));
    expect(options(ours)).toBe(options(real));
    expect(ours).not.toContain('GLOBAL OPTIONS:');
  });

  it('COMMANDS: each registered command has its real line', () => {
    const lines = (t: string): string[] => untab(t.slice(t.indexOf('COMMANDS:\n'), t.indexOf('\nOPTIONS:\n'))).split('\n').slice(1);
    const realLines = lines(real);
    const ourLines = lines(ours).filter((l) => l !== '');
    // Grows as commands are registered; each line must be etcdctl's.
    expect(ourLines.length).toBeGreaterThanOrEqual(7);
    for (const l of ourLines) expect(realLines).toContain(l);
  });

  it('`etcdctl` alone and `etcdctl --help` print it, exit 0', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const io = captureIO();
      expect(await run(argv, io)).toBe(0);
      expect(io.stdoutText()).toBe(full);
    }
  });
});

describe('tabwrite (text/tabwriter: minwidth 0, tabwidth 8, padding 1, padchar \\t)', () => {
  it('reproduces the captured root help from its one-tab-per-cell input', () => {
    const real = golden('help.root.txt');
    expect(untab(real)).not.toBe(real);
    expect(tabwrite(untab(real))).toBe(real);
  });

  it.each(['get', 'put', 'txn', 'version', 'help'])('reproduces the captured help of %s', (name) => {
    const real = golden(`help.${name}.txt`);
    expect(tabwrite(untab(real))).toBe(real);
  });

  // Hand-computed: a column's width is its widest cell + 1, rounded up to a multiple of 8; each
  // cell is padded with ceil((width - len) / 8) tabs. The last cell of a line is not padded.
  const cases = [
    { name: 'short cells: one tab', input: 'a\tb\naaa\tb\n', want: 'a\tb\naaa\tb\n' },
    { name: 'an 8-character cell widens the column to 16', input: 'aaaaaaaa\tb\na\tc\n', want: 'aaaaaaaa\tb\na\t\tc\n' },
    { name: 'a 7-character cell still fits in 8', input: 'aaaaaaa\tb\na\tc\n', want: 'aaaaaaa\tb\na\tc\n' },
    { name: 'a line without a tab ends the column block', input: 'aaaaaaaaaaaa\tx\nbreak\na\ty\n', want: 'aaaaaaaaaaaa\tx\nbreak\na\ty\n' },
    { name: 'an empty line ends the column block', input: 'aaaaaaaaaaaa\tx\n\na\ty\n', want: 'aaaaaaaaaaaa\tx\n\na\ty\n' },
    { name: 'an empty first cell (tab-indented lines)', input: '\ta\tb\n\taaaaaaaaa\tc\n', want: '\ta\t\tb\n\taaaaaaaaa\tc\n' },
    { name: 'the last cell does not count towards the width', input: 'x\tlonglonglonglonglong\nxx\ty\n', want: 'x\tlonglonglonglonglong\nxx\ty\n' },
    { name: 'width counts runes, not bytes', input: 'éééééééé\tz\na\tz\n', want: 'éééééééé\tz\na\t\tz\n' },
    { name: 'three columns', input: 'a\tbbbbbbbbbbbbbbbb\tc\naaaaaaaaa\tb\tc\n', want: 'a\t\tbbbbbbbbbbbbbbbb\tc\naaaaaaaaa\tb\t\t\tc\n' },
    {
      name: 'an inner column block spans only the lines that have that column',
      input: 'a\tb\tc\na\tb\na\tbbbbbbbbbbbbbbbbbbbbbb\tc\n',
      want: 'a\tb\tc\na\tb\na\tbbbbbbbbbbbbbbbbbbbbbb\tc\n',
    },
    { name: 'no tabs at all', input: 'NAME:\n\n', want: 'NAME:\n\n' },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(tabwrite(input)).toBe(want);
  });
});
