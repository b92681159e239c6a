import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFilePath } from '../../../src/config/path.js';
import { contextName, selectContext } from '../../../src/config/select.js';
import { holdsPassword, maskSettings, validContextName } from '../../../src/config/settings.js';
import { ConfigError, decodeConfig, encodeConfig, readConfig, writeConfig } from '../../../src/config/store.js';
import { UsageError } from '../../../src/core/errors.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-config-'));

describe('configFilePath', () => {
  const home = (): string => '/home/u';
  it.each([
    { name: 'XDG_CONFIG_HOME', env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', want: '/x/etcdctl-ts/config.json' },
    { name: 'HOME/.config by default', env: { HOME: '/h' }, platform: 'linux', want: '/h/.config/etcdctl-ts/config.json' },
    { name: 'os.homedir without HOME', env: {}, platform: 'darwin', want: '/home/u/.config/etcdctl-ts/config.json' },
    { name: 'a relative XDG_CONFIG_HOME is ignored', env: { XDG_CONFIG_HOME: 'rel', HOME: '/h' }, platform: 'linux', want: '/h/.config/etcdctl-ts/config.json' },
    { name: 'APPDATA on Windows', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, platform: 'win32', want: 'C:\\Users\\u\\AppData\\Roaming\\etcdctl-ts\\config.json' },
  ] as const)('$name', ({ env, platform, want }) => {
    expect(configFilePath(env, platform, home)).toBe(want);
  });
});

describe('decodeConfig / encodeConfig', () => {
  it('round-trips, keys sorted', () => {
    const c = { current: 'b', contexts: { b: { user: 'u', endpoints: 'x:1' }, a: {} } };
    const text = encodeConfig(c);
    expect(text).toBe('{\n  "version": 1,\n  "current": "b",\n  "contexts": {\n    "a": {},\n    "b": {\n      "endpoints": "x:1",\n      "user": "u"\n    }\n  }\n}\n');
    expect(decodeConfig(text, 'f')).toEqual(c);
  });

  it.each([
    ['{bad', 'config file /f: not valid JSON'],
    ['[]', 'config file /f: not a JSON object'],
    ['{"version":2}', 'config file /f: unsupported version 2'],
    ['{"contexts":[]}', 'config file /f: "contexts" is not an object'],
    ['{"contexts":{"a":1}}', 'config file /f: context "a" is not an object'],
    ['{"contexts":{"a":{"write-out":"json"}}}', 'config file /f: context "a": unknown setting "write-out"'],
    ['{"contexts":{"a":{"hex":true}}}', 'config file /f: context "a": setting "hex" is not a string'],
    ['{"current":1}', 'config file /f: "current" is not a string'],
  ])('%s → %s', (text, msg) => {
    expect(() => decodeConfig(text, '/f')).toThrow(ConfigError);
    expect(() => decodeConfig(text, '/f')).toThrow(msg);
  });

  it('a ConfigError is exit 1', () => {
    expect(new ConfigError('/f', 'x').exitCode).toBe(1);
  });
});

describe('readConfig / writeConfig', () => {
  it('a missing file holds no contexts', () => {
    expect(readConfig(path.join(tmp(), 'none.json'))).toEqual({ contexts: {} });
  });

  it('writes mode 0600 through a temporary file, creating the directory', () => {
    const file = path.join(tmp(), 'a', 'b', 'config.json');
    writeConfig(file, { contexts: { x: { password: 'p' } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['config.json']);
    expect(readConfig(file)).toEqual({ contexts: { x: { password: 'p' } } });
  });

  it('replaces a file that had a looser mode', () => {
    const file = path.join(tmp(), 'config.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    writeConfig(file, { contexts: {} });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('an unreadable path is one error naming the file', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'config.json'));
    expect(() => readConfig(path.join(dir, 'config.json'))).toThrow(`config file ${path.join(dir, 'config.json')}: cannot read: is a directory`);
  });

  it('a write that cannot happen names the file and leaves nothing behind', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'blocker'), '');
    const file = path.join(dir, 'blocker', 'config.json');
    expect(() => writeConfig(file, { contexts: {} })).toThrow(`config file ${file}: cannot write:`);
    expect(readFileSync(path.join(dir, 'blocker'), 'utf8')).toBe('');
  });
});

describe('choosing the context', () => {
  const config = { current: 'cur', contexts: { cur: {}, a: {} } };
  it.each([
    { name: '--context wins', flag: 'a', env: { ETCDCTL_CONTEXT: 'cur' }, want: 'a' },
    { name: '--context= means none', flag: '', env: { ETCDCTL_CONTEXT: 'a' }, want: undefined },
    { name: 'ETCDCTL_CONTEXT over `context use`', flag: undefined, env: { ETCDCTL_CONTEXT: 'a' }, want: 'a' },
    { name: 'an empty ETCDCTL_CONTEXT is unset', flag: undefined, env: { ETCDCTL_CONTEXT: '' }, want: 'cur' },
    { name: '`context use`', flag: undefined, env: {}, want: 'cur' },
  ])('$name', ({ flag, env, want }) => {
    expect(contextName(flag, env, config)).toBe(want);
  });

  it('a context that does not exist is a usage error naming the file', () => {
    const file = path.join(tmp(), 'config.json');
    writeConfig(file, config);
    expect(selectContext('a', {}, file)).toEqual({ name: 'a', file, settings: {} });
    expect(() => selectContext('nope', {}, file)).toThrow(UsageError);
    expect(() => selectContext('nope', {}, file)).toThrow(`context "nope" does not exist (in ${file})`);
    expect(selectContext(undefined, {}, path.join(tmp(), 'none.json'))).toBeUndefined();
  });
});

describe('settings', () => {
  it.each([
    [{ password: 'p' }, true],
    [{ user: 'u:p' }, true],
    [{ user: 'u' }, false],
    [{ password: '' }, false],
  ])('holdsPassword(%j) = %s', (s, want) => expect(holdsPassword(s)).toBe(want));

  it('masks passwords', () => {
    expect(maskSettings({ user: 'root:pw', password: 'x', endpoints: 'e' })).toEqual({ user: 'root:******', password: '******', endpoints: 'e' });
  });

  it.each([['prod', true], ['eu-west.1', true], ['a b', false], ['', false], ['-x', false]])('validContextName(%j) = %s', (n, want) =>
    expect(validContextName(n)).toBe(want),
  );
});
