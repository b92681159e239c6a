import { describe, expect, it } from 'vitest';

import { Context } from '../../../src/cli/context.js';
import { parseArgv } from '../../../src/cli/flags.js';
import { helpText } from '../../../src/cli/help.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram, ETCDCTL_COMMAND_NAMES, OWN_COMMAND_NAMES } from '../../../src/cli/program.js';
import { ETCDCTL_COMMANDS, OWN_COMMANDS } from '../../../src/commands/index.js';
import { run } from '../../../src/main.js';

function program(argv: readonly string[]) {
  const ctx = new Context(captureIO(), new AbortController().signal);
  ctx.argv = argv;
  return buildProgram(ctx);
}

const full = program([]);

/** What parseArgv makes of argv, or the error it throws. */
function parse(root: ReturnType<typeof program>, argv: readonly string[]): unknown {
  try {
    const p = parseArgv(root, argv);
    return { path: p.path.map((c) => c.name()), argv: p.argv, args: p.args, help: p.help, values: [...p.values], given: [...p.given], text: helpText(p.path.at(-1)!) };
  } catch (err) {
    return { error: String(err) };
  }
}

describe('building only the command that runs', () => {
  it('names ETCDCTL_COMMANDS in their order', () => {
    const ctx = new Context(captureIO(), new AbortController().signal);
    expect(ETCDCTL_COMMANDS.map((make) => make(ctx).name())).toEqual(ETCDCTL_COMMAND_NAMES);
  });

  it('names OWN_COMMANDS, and builds none of them for one of etcdctl\'s commands', () => {
    const ctx = new Context(captureIO(), new AbortController().signal);
    expect(OWN_COMMANDS.map((make) => make(ctx).name())).toEqual(OWN_COMMAND_NAMES);
    const own = (argv: string[]) => program(argv).commands.map((c) => c.name()).filter((n) => OWN_COMMAND_NAMES.includes(n));
    expect(own(['get', 'k'])).toEqual([]);
    for (const argv of [['ls'], ['--endpoints', 'x', 'cluster', 'status'], ['l'], []]) expect(own(argv)).toEqual(OWN_COMMAND_NAMES);
  });

  it.each([
    [['get', 'k'], ['get']],
    [['--endpoints', '127.0.0.1:1', 'get', 'k'], ['get']],
    [['--endpoints=127.0.0.1:1', '-w', 'json', '--hex', 'ge', 'k'], ['get']],
    [['-wjson', 'mem', 'list'], ['member']],
    [['--debug', 'lease', 'grant', '10'], ['lease']],
    [['--bogus', 'get', 'k'], undefined], // stripFlags: "get" is --bogus's value, "k" the command
    [['l', 'x'], undefined], // lease, lock: ambiguous
    [['co'], undefined], // compaction, completion: ambiguous
    [['compl', 'bash'], undefined], // completion describes the whole program
    [[], undefined],
    [['--help'], undefined],
    [['help', 'get'], undefined],
    [['dev-cluster'], ['dev-cluster']],
    [['--', 'get'], undefined],
  ])('%j builds %j of etcdctl\'s commands', (argv, built) => {
    const root = program(argv);
    const names = root.commands.map((c) => c.name()).filter((n) => ETCDCTL_COMMAND_NAMES.includes(n));
    if (built === undefined || built[0] === 'dev-cluster') expect(names).toEqual(ETCDCTL_COMMAND_NAMES);
    else expect(names).toEqual(built);
  });

  it.each([
    ['get', 'k'],
    ['--endpoints', 'x', 'ge', 'k', '--prefix', '-w', 'json'],
    ['g', 'k'],
    ['member', 'li'],
    ['mem', 'list', '--help'],
    ['get', '--bogus'],
    ['get', '--limit', 'x'],
    ['lease', 'nope'],
    ['w', '--prefix', 'a', '--', 'echo'],
    ['snapshot', 'status', 'x', '-w', 'table'],
    ['user', 'add', 'a:b', '--interactive=false'],
    ['gett', 'k'],
    ['--insecure-transport=false', 'endpoint', 'health', '--cluster'],
    ['-h'],
    ['put', '-h'],
    ['help', 'pu'],
    ['co', 'x'],
    ['comp', 'x'],
    ['compa', '1'],
  ])('%j parses as with the whole tree', (...argv) => {
    expect(parse(program(argv), argv)).toEqual(parse(full, argv));
  });

  it.each([
    [['get', '--help'], ['get']],
    [['mem', 'lis', '-h'], ['member', 'list']],
    [['put', '--bogus'], ['put']],
  ])('%j prints the help text of the whole tree', async (argv, path) => {
    const io = captureIO();
    await run(argv, io);
    let cmd = full;
    for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
    expect(io.stdoutText()).toBe(helpText(cmd));
    expect(io.stdoutText()).toContain('GLOBAL OPTIONS');
  });
});
