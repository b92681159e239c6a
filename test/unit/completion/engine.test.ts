import { describe, expect, it } from 'vitest';
import { Context } from '../../../src/cli/context.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { parseCompletionArgs } from '../../../src/commands/completion.js';
import { globalWords } from '../../../src/commands/complete.js';
import { complete, formatCompletion } from '../../../src/completion/engine.js';
import { completionScript } from '../../../src/completion/scripts.js';
import { FlagError } from '../../../src/core/errors.js';

const root = buildProgram(new Context(captureIO(), new AbortController().signal));
const values = (words: string[]): string[] => complete(root, words).candidates.map((c) => c.value);

describe('complete: static candidates', () => {
  it.each([
    { name: 'root commands by full name, ours included, __complete hidden', words: ['d'], want: ['defrag', 'del', 'dev-cluster'] },
    { name: 'an abbreviated command path', words: ['le', 'k'], want: ['keep-alive'] },
    { name: 'long flags of the command and the globals', words: ['get', '--from'], want: ['--from-key'] },
    { name: 'a global flag before the command', words: ['--insecure-s'], want: ['--insecure-skip-tls-verify'] },
    { name: 'the writers after -w', words: ['get', '-w', ''], want: ['fields', 'json', 'protobuf', 'simple', 'table'] },
    { name: '--write-out=<prefix>', words: ['--write-out=p'], want: ['--write-out=protobuf'] },
    { name: 'bool flag values', words: ['--hex='], want: ['--hex=true', '--hex=false'] },
    { name: 'help <command>', words: ['help', 'mem'], want: ['member'] },
    { name: 'nothing after --', words: ['put', '--', '-'], want: [] },
  ])('$name', ({ words, want }) => {
    expect(values(words)).toEqual(want);
  });

  it.each([
    { words: ['get', ''], kind: 'keys', prefix: '' },
    { words: ['--endpoints', 'x:1', 'del', '--prefix', '/a'], kind: 'keys', prefix: '/a' },
    { words: ['w', '/a'], kind: 'keys', prefix: '/a' },
    { words: ['ls', '/a'], kind: 'keys', prefix: '/a' },
    { words: ['edit', ''], kind: 'keys', prefix: '' },
    { words: ['lease', 'revoke', '69'], kind: 'leases', prefix: '69' },
    { words: ['member', 'promote', ''], kind: 'members', prefix: '' },
    { words: ['registry', 'get', 'go.'], kind: 'services', prefix: 'go.' },
    { words: ['--context', 'p'], kind: 'contexts', prefix: 'p' },
  ])('lookup for $words', ({ words, kind, prefix }) => {
    expect(complete(root, words).lookup).toEqual(kind === undefined ? undefined : { kind, prefix });
  });

  it.each([[['put', 'k', '']], [['get', 'a', 'b']], [['lease', 'grant', '']], [['member', 'list', '']], [['registry', 'list', '']]])('no lookup for %j', (words) => {
    expect(complete(root, words).lookup).toBeUndefined();
  });

  it('directives: files for TLS flags and snapshot paths, none elsewhere', () => {
    expect(complete(root, ['--key', '']).directive).toBe(0);
    expect(complete(root, ['snapshot', 'status', '']).directive).toBe(0);
    expect(complete(root, ['get', '']).directive).toBe(4);
  });

  it('hands the words before the current one to the lookup', () => {
    expect(complete(root, ['--endpoints=a:1', 'get', '/k']).before).toEqual(['--endpoints=a:1', 'get']);
  });
});

describe('formatCompletion', () => {
  it('value<TAB>description lines, then :directive', () => {
    expect(formatCompletion([{ value: 'a', description: 'x\ty' }, { value: 'b' }], 4)).toBe('a\tx y\nb\n:4\n');
    expect(formatCompletion([], 0)).toBe(':0\n');
  });
});

describe('globalWords', () => {
  it('keeps global flags and their values, drops the rest', () => {
    expect(globalWords(root, ['--endpoints', 'a:1', 'get', '--prefix', '-w', 'json', '--user=u', '--hex', 'k'])).toEqual([
      '--endpoints',
      'a:1',
      '-w',
      'json',
      '--user=u',
      '--hex',
    ]);
    expect(globalWords(root, ['put', '--', '--endpoints', 'x'])).toEqual([]);
  });
});

describe('completion scripts and arguments', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'] as const)('%s names etcdctl-ts and calls __complete', (shell) => {
    const s = completionScript(shell, { prog: 'etcdctl-ts', descriptions: true });
    expect(s).toContain('etcdctl-ts');
    expect(s).toContain('__complete');
    expect(s).not.toContain('--no-descriptions');
    expect(completionScript(shell, { prog: 'etcdctl-ts', descriptions: false })).toContain('--no-descriptions');
  });

  it('takes no arguments (cobra.NoArgs), as a flag error', () => {
    expect(parseCompletionArgs('zsh', [], {})).toEqual({ shell: 'zsh', descriptions: true });
    expect(parseCompletionArgs('fish', [], { noDescriptions: true })).toEqual({ shell: 'fish', descriptions: false });
    expect(() => parseCompletionArgs('bash', ['x'], {})).toThrow(FlagError);
  });
});
