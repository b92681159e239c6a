import { describe, expect, it } from 'vitest';
import { Context } from '../../../src/cli/context.js';
import { parseArgv } from '../../../src/cli/flags.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { parseClusterCheckArgs } from '../../../src/commands/cluster/check.js';
import { parseClusterStatusArgs } from '../../../src/commands/cluster/status.js';
import { parseClusterWaitArgs, type ClusterWaitFlags } from '../../../src/commands/cluster/wait.js';
import { run } from '../../../src/main.js';
import { usage } from '../../helpers/thrown.js';

const check = { quotaBytes: '2147483648', maxAppliedLag: '5000', strict: false };
const none: ClusterWaitFlags = { ...check, healthy: false, key: '', value: '', valueGiven: false, deleted: false, prefix: '', count: '', timeout: '60s' };


describe('parseClusterWaitArgs', () => {
  it.each<[string, Partial<ClusterWaitFlags>, object]>([
    ['--healthy', { healthy: true }, { condition: { kind: 'healthy' }, timeoutMs: 60_000 }],
    ['--key', { key: 'k' }, { condition: { kind: 'exists', key: 'k' } }],
    ['--key --value', { key: 'k', value: 'v', valueGiven: true }, { condition: { kind: 'value', key: 'k', value: 'v' } }],
    ['--key --value ""', { key: 'k', value: '', valueGiven: true }, { condition: { kind: 'value', key: 'k', value: '' } }],
    ['--key --deleted', { key: 'k', deleted: true }, { condition: { kind: 'deleted', key: 'k' } }],
    ['--prefix --count', { prefix: 'n/', count: '3' }, { condition: { kind: 'count', prefix: 'n/', count: 3n } }],
    ['--timeout 1m30s', { key: 'k', timeout: '1m30s' }, { timeoutMs: 90_000 }],
    ['--timeout 250ms', { key: 'k', timeout: '250ms' }, { timeoutMs: 250 }],
  ])('%s', (_n, flags, want) => {
    expect(parseClusterWaitArgs([], { ...none, ...flags })).toMatchObject(want);
  });

  it.each<[string, string[], Partial<ClusterWaitFlags>, RegExp]>([
    ['no condition', [], {}, /^cluster wait needs a condition: --healthy, --key K or --prefix P --count N$/],
    ['two conditions', [], { healthy: true, key: 'k' }, /^cluster wait takes one condition, got --healthy and --key$/],
    ['--value without --key', [], { healthy: true, valueGiven: true }, /^--value and --deleted need --key$/],
    ['--deleted with --value', [], { key: 'k', deleted: true, valueGiven: true }, /^--value and --deleted cannot be combined$/],
    ['--prefix without --count', [], { prefix: 'p' }, /^--prefix and --count go together$/],
    ['--count without --prefix', [], { healthy: true, count: '2' }, /^--prefix and --count go together$/],
    ['--count not a number', [], { prefix: 'p', count: 'many' }, /^--count must be a non-negative integer, got "many"$/],
    ['--count negative', [], { prefix: 'p', count: '-1' }, /^--count must be a non-negative integer/],
    ['--timeout not a duration', [], { key: 'k', timeout: 'soon' }, /^--timeout: time: invalid duration "soon"$/],
    ['--timeout zero', [], { key: 'k', timeout: '0s' }, /^--timeout must be positive, got "0s"$/],
    ['an argument', ['k'], { key: 'k' }, /^cluster wait takes no arguments, got "k"$/],
  ])('%s → exit 128', (_n, args, flags, message) => {
    expect(usage(() => parseClusterWaitArgs(args, { ...none, ...flags }))).toMatch(message);
  });
});

describe('parseClusterCheckArgs, parseClusterStatusArgs', () => {
  it('options, and bad values as exit 128', () => {
    expect(parseClusterCheckArgs([], { quotaBytes: '0x1000', maxAppliedLag: '10', strict: true })).toEqual({ quotaBytes: 4096n, maxAppliedLag: 10n, strict: true });
    expect(usage(() => parseClusterCheckArgs([], { ...check, quotaBytes: '2GiB' }))).toBe('--quota-bytes must be a non-negative integer, got "2GiB"');
    expect(usage(() => parseClusterCheckArgs(['x'], check))).toBe('cluster check takes no arguments, got "x"');
    expect(usage(() => parseClusterStatusArgs(['x']))).toBe('cluster status takes no arguments, got "x"');
  });
});

describe('`cluster wait --key` next to the global TLS --key', () => {
  const root = buildProgram(new Context(captureIO(), new AbortController().signal));

  it('the subcommand flag shadows the global one, as a local flag does in cobra', () => {
    const p = parseArgv(root, ['cluster', 'wait', '--key', 'k1', '--cert', 'c.pem']);
    expect(p.given.has('key')).toBe(false);
    expect(p.values.has('key')).toBe(false);
    expect(p.values.get('cert')).toBe('c.pem');
    expect([...p.shadowed].map(([f, v]) => [f.longName, v])).toEqual([['key', 'k1']]);
    expect(p.argv).not.toContain('--key=k1');
    // Elsewhere --key is still the TLS key file.
    expect(parseArgv(root, ['get', 'x', '--key', 'tls.key']).values.get('key')).toBe('tls.key');
  });

  it('ETCDCTL_KEY still names the TLS key: no "conflicting environment variable"', async () => {
    const io = captureIO('', { ETCDCTL_KEY: '/nonexistent/tls.key', ETCDCTL_ENDPOINTS: '127.0.0.1:1' });
    expect(await run(['cluster', 'wait', '--key', 'k', '--timeout', '5s'], io)).toBe(128);
    expect(io.stderrText()).not.toContain('conflicting environment variable');
    // The TLS key came from ETCDCTL_KEY, not from `--key k`.
    expect(io.stderrText()).toBe('Error: KeyFile and CertFile must both be present[key: /nonexistent/tls.key, cert: ]\n');
  });
});
