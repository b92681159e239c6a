import { describe, expect, it } from 'vitest';
import { Context } from '../../../src/cli/context.js';
import { flagValues, parseArgv } from '../../../src/cli/flags.js';
import { debugDump, resolveGlobalOptions } from '../../../src/cli/global-options.js';
import { captureIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { ConfigError } from '../../../src/config/store.js';

const root = buildProgram(new Context(captureIO(), new AbortController().signal));
const layer = { name: 'prod', file: '/c.json', settings: { endpoints: 'ctx:1', 'dial-timeout': '9s', user: 'ctxuser' } };

function resolve(argv: string[], env: Record<string, string> = {}, applyEnv = true) {
  const p = parseArgv(root, [...argv, 'get', 'k']);
  return resolveGlobalOptions(root, flagValues(root, p), p.given, env, applyEnv, ['get'], layer);
}

describe('global options with a context', () => {
  it.each([
    { name: 'the context over defaults', argv: [], env: {}, endpoints: ['ctx:1'], dial: 9000 },
    { name: 'ETCDCTL_* over the context', argv: [], env: { ETCDCTL_ENDPOINTS: 'env:1' }, endpoints: ['env:1'], dial: 9000 },
    { name: 'flags over the context', argv: ['--endpoints=flag:1', '--dial-timeout=1s'], env: {}, endpoints: ['flag:1'], dial: 1000 },
    { name: 'an empty variable is unset (context applies)', argv: [], env: { ETCDCTL_ENDPOINTS: '' }, endpoints: ['ctx:1'], dial: 9000 },
  ])('$name', ({ argv, env, endpoints, dial }) => {
    const { options } = resolve(argv, env);
    expect(options.endpoints).toEqual(endpoints);
    expect(options.dialTimeoutMs).toBe(dial);
    expect(options.user).toBe('ctxuser');
  });

  it('ETCDCTL_CONTEXT is not an unknown variable; a flag with its variable is still a conflict', () => {
    expect(resolve([], { ETCDCTL_CONTEXT: 'prod', ETCDCTL_BOGUS: '1' }).report).toEqual({ unknown: ['ETCDCTL_BOGUS=1'] });
    expect(resolve(['--endpoints=a:1'], { ETCDCTL_ENDPOINTS: 'b:1' }).report.conflict).toBe('ETCDCTL_ENDPOINTS');
  });

  it('like ETCDCTL_*, the context applies only with the environment', () => {
    expect(resolve([], {}, false).options.endpoints).toEqual(['127.0.0.1:2379']);
  });

  it('--debug shows the values in effect and no --context line', () => {
    const dump = debugDump(root, resolve(['--context=prod'], {}).options);
    expect(dump).toContain('ETCDCTL_ENDPOINTS=[ctx:1]\n');
    expect(dump).toContain('ETCDCTL_DIAL_TIMEOUT=9s\n');
    expect(dump).not.toContain('CONTEXT');
  });

  it('a setting that does not parse names the file and the context', () => {
    const p = parseArgv(root, ['get', 'k']);
    const bad = { ...layer, settings: { 'dial-timeout': 'soon' } };
    expect(() => resolveGlobalOptions(root, flagValues(root, p), p.given, {}, true, [], bad)).toThrow(ConfigError);
    expect(() => resolveGlobalOptions(root, flagValues(root, p), p.given, {}, true, [], bad)).toThrow('config file /c.json: context "prod": invalid dial-timeout "soon"');
  });
});
