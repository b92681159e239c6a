// `edit` (ours) against real etcd, with scripted editors: the value lands and keeps its lease; a
// write made by someone else while the editor runs wins and the edit is kept in a file; invalid
// JSON is refused; in-process and through the built bin/etcdctl-ts (Ctrl-C included).
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient, type EtcdClient } from '../../src/client/client.js';
import { binPath, runBin, startBin } from './helpers/bin.js';
import { runCli } from './helpers/run-cli.js';

const endpoint = inject('etcdEndpoint');
const p = `/edit-e2e-${process.pid}-${Date.now().toString(36)}/`;
const env = { ETCDCTL_ENDPOINTS: endpoint };
const dir = mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-edit-e2e-'));
let client: EtcdClient;

const b = (s: string): Buffer => Buffer.from(s);
const get = async (key: string) => (await client.kv.range({ key: b(key) })).kvs[0];
const put = (key: string, value: string, lease = 0n) => client.kv.put({ key: b(key), value: b(value), lease });
/** An editor: a shell script that gets the file as $1. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\nset -e\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
const edit = (editor: string, ...args: string[]) => runCli(['edit', ...args], { env: { ...env, EDITOR: editor } });
/** The path in "…; the edited text is kept in <path>". */
const keptPath = (err: string): string => /the edited text is kept in (\/\S+)\n$/.exec(err)?.[1] ?? '';

beforeAll(() => {
  client = createClient({ endpoints: [endpoint], dialTimeoutMs: 2_000, keepaliveTimeMs: 2_000, keepaliveTimeoutMs: 6_000 });
});
afterAll(async () => {
  await client.kv.deleteRange({ key: b(p), range_end: b(p.slice(0, -1) + '0') });
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('edit', () => {
  it('writes the edited value and keeps the lease; the private file is 0600 and removed', async () => {
    const { ID: lease } = await client.lease.leaseGrant({ TTL: 300n });
    await put(`${p}leased`, 'hello world', lease);
    const seen = path.join(dir, 'seen');
    const editor = script('record.sh', `stat -c '%a %n' "$1" > ${seen}\nsed -i s/hello/goodbye/ "$1"`);
    const r = await edit(editor, `${p}leased`);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const kv = (await get(`${p}leased`))!;
    expect(r.out).toBe(`${p}leased: written at revision ${kv.mod_revision}\n`);
    expect(b(kv.value as unknown as string).toString()).toBe('goodbye world');
    expect(kv.lease).toBe(lease);
    const [mode, file] = readFileSync(seen, 'utf8').trim().split(' ');
    expect(mode).toBe('600');
    expect(path.basename(file!)).toBe('leased');
    expect(existsSync(file!)).toBe(false);
    expect(existsSync(path.dirname(file!))).toBe(false);
  });

  it('takes an EDITOR with arguments, and writes nothing when nothing changed', async () => {
    await put(`${p}same`, 'abc');
    const before = (await get(`${p}same`))!.mod_revision;
    const r = await edit('sed -i s/zzz/yyy/', `${p}same`);
    expect(r).toMatchObject({ code: 0, out: `${p}same: no changes\n`, err: '' });
    expect((await get(`${p}same`))!.mod_revision).toBe(before);
  });

  it('creates a new key, and shows the diff with --diff', async () => {
    const r = await edit(script('new.sh', 'printf "line 1\\nline 2\\n" > "$1"'), `${p}new`, '--diff');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^${p}new: created at revision \\d+\\n$`));
    expect(r.err).toBe(`--- ${p}new (new key)\n+++ ${p}new (edited)\n@@ -0,0 +1,2 @@\n+line 1\n+line 2\n`);
    // The final newline the editor wrote is not added to a value that had none.
    expect(b((await get(`${p}new`))!.value as unknown as string).toString()).toBe('line 1\nline 2');
  });

  it('refuses to overwrite a change made while the editor ran, and keeps the edited text', async () => {
    await put(`${p}conflict`, 'v1');
    const read = (await get(`${p}conflict`))!.mod_revision;
    // The editor itself lets "someone else" write first, through the Go etcdctl.
    const editor = script('conflict.sh', `ETCDCTL_API=3 etcdctl --endpoints=${endpoint} put ${p}conflict theirs >/dev/null\necho mine > "$1"`);
    const r = await edit(editor, `${p}conflict`);
    const now = (await get(`${p}conflict`))!;
    expect(b(now.value as unknown as string).toString()).toBe('theirs');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const kept = keptPath(r.err);
    expect(r.err).toBe(
      `Error: ${p}conflict was changed by someone else at revision ${now.mod_revision} while you edited (you read revision ${read}); nothing written; the edited text is kept in ${kept}\n`,
    );
    expect(path.isAbsolute(kept)).toBe(true);
    expect(readFileSync(kept, 'utf8')).toBe('mine\n');
    rmSync(path.dirname(kept), { recursive: true });
  });

  it('refuses a new key that someone else created meanwhile', async () => {
    const editor = script('race.sh', `ETCDCTL_API=3 etcdctl --endpoints=${endpoint} put ${p}raced first >/dev/null\necho second > "$1"`);
    const r = await edit(editor, `${p}raced`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^Error: ${p}raced was created by someone else at revision \\d+ while you edited; nothing written; the edited text is kept in /`));
    rmSync(path.dirname(keptPath(r.err)), { recursive: true });
    expect(b((await get(`${p}raced`))!.value as unknown as string).toString()).toBe('first');
  });

  it('refuses JSON that no longer parses, saying where; --no-validate writes it anyway', async () => {
    await put(`${p}svc`, '{\n  "port": 80,\n  "host": "a"\n}\n');
    const before = (await get(`${p}svc`))!.mod_revision;
    const r = await edit('sed -i s/80,/80/', `${p}svc`);
    expect(r.code).toBe(1);
    const kept = keptPath(r.err);
    expect(r.err).toBe(
      `Error: the edited value is not valid JSON: expected ',' or '}', found "\\"" at line 3, column 3; nothing written; the edited text is kept in ${kept}\n`,
    );
    expect(readFileSync(kept, 'utf8')).toBe('{\n  "port": 80\n  "host": "a"\n}\n');
    rmSync(path.dirname(kept), { recursive: true });
    expect((await get(`${p}svc`))!.mod_revision).toBe(before);

    const forced = await edit('sed -i s/80,/80/', `${p}svc`, '--no-validate', '-w', 'json');
    expect(forced.code).toBe(0);
    const now = (await get(`${p}svc`))!;
    expect(JSON.parse(forced.out)).toEqual({ key: `${p}svc`, changed: true, created: false, revision: Number(now.mod_revision) });
  });

  it('checks a key named *.json even when it holds no JSON yet', async () => {
    const r = await edit(script('notjson.sh', 'echo "not json" > "$1"'), `${p}new.json`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Error: the edited value is not valid JSON: expected "null", found "o" at line 1, column 2;/);
    rmSync(path.dirname(keptPath(r.err)), { recursive: true });
    expect(await get(`${p}new.json`)).toBeUndefined();
  });

  it('reports an editor that fails, and refuses other writers with exit 4', async () => {
    await put(`${p}k`, 'v');
    expect(await edit('false', `${p}k`)).toMatchObject({ code: 1, err: 'Error: editor "false" failed (exit status 1), nothing written\n' });
    expect(await runCli(['edit', `${p}k`, '-w', 'fields'], { env: { ...env, EDITOR: 'true' } })).toMatchObject({
      code: 4,
      err: 'Error: fields not supported as output format\n',
    });
    expect(await edit('true')).toMatchObject({ code: 128, err: 'Error: edit needs one argument: the key\n' });
  });
});

describe('bin/etcdctl-ts edit', () => {
  it('edits through the shipped binary with a scripted EDITOR', async () => {
    await put(`${p}bin`, 'a=1');
    const r = await runBin(['edit', `${p}bin`], { env: { ...env, EDITOR: 'sed -i s/1/2/' } });
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const kv = (await get(`${p}bin`))!;
    expect(r.out).toBe(`${p}bin: written at revision ${kv.mod_revision}\n`);
    expect(b(kv.value as unknown as string).toString()).toBe('a=2');
    const bad = await runBin(['edit', `${p}bin.json`], { env: { ...env, EDITOR: 'sed -i s/x/y/' } });
    expect(bad.code).toBe(0);
    expect(bad.out).toBe(`${p}bin.json: no changes\n`);
  });

  it('writes nothing on Ctrl-C while the editor runs, keeps what was edited, and dies by SIGINT', async () => {
    await put(`${p}int`, 'before');
    const marker = path.join(dir, 'editing');
    const editor = script('slow.sh', `echo edited > "$1"\ntouch ${marker}\nexec sleep 30`);
    const run = startBin(['edit', `${p}int`], { env: { ...env, EDITOR: editor } });
    for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.signal).toBe('SIGINT');
    const kept = keptPath(r.err);
    expect(r.err).toBe(`Error: interrupted, nothing written; the edited text is kept in ${kept}\n`);
    expect(readFileSync(kept, 'utf8')).toBe('edited\n');
    rmSync(path.dirname(kept), { recursive: true });
    expect(b((await get(`${p}int`))!.value as unknown as string).toString()).toBe('before');
  });

  const hasScript = existsSync('/usr/bin/script');
  /** Runs bin/etcdctl-ts on a terminal (`script`), typing `answer` once the question is up. */
  const onTerminal = (args: string, editor: string, answer: string): Promise<string> => {
    const cmd = `env NO_COLOR=1 ETCDCTL_ENDPOINTS=${endpoint} EDITOR='${editor}' ${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} ${args}; echo "exit=$?"`;
    return new Promise((resolve, reject) => {
      const child = execFile('script', ['-qfec', cmd, '/dev/null'], { timeout: 20_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout.replace(/\r/g, ''))));
      let typed = false;
      child.stdout?.on('data', (d: Buffer) => {
        if (!typed && d.toString().includes('[y/N] ')) {
          typed = true;
          child.stdin?.write(`${answer}\r`);
        }
      });
    });
  };

  it.skipIf(!hasScript && process.env.CI !== 'true')('on a terminal shows the diff and asks before writing', { timeout: 30_000 }, async () => {
    await put(`${p}tty`, 'one\ntwo\n');
    const rev = (await get(`${p}tty`))!.mod_revision;
    const no = await onTerminal(`edit ${p}tty`, 'sed -i s/two/2/', 'n');
    const kept = /kept in (\/\S+)/.exec(no)?.[1] ?? '';
    expect(no).toBe(
      `--- ${p}tty (revision ${rev})\n+++ ${p}tty (edited)\n@@ -1,2 +1,2 @@\n one\n-two\n+2\nWrite this value? [y/N] n\nError: not written; the edited text is kept in ${kept}\nexit=1\n`,
    );
    rmSync(path.dirname(kept), { recursive: true });
    expect((await get(`${p}tty`))!.mod_revision).toBe(rev);
    const yes = await onTerminal(`edit ${p}tty`, 'sed -i s/two/2/', 'y');
    const now = (await get(`${p}tty`))!;
    expect(yes).toMatch(new RegExp(`Write this value\\? \\[y/N\\] y\n${p}tty: written at revision ${now.mod_revision}\nexit=0\n$`));
    expect(b(now.value as unknown as string).toString()).toBe('one\n2\n');
    // --yes skips the question.
    const skip = await onTerminal(`edit ${p}tty --yes`, 'sed -i s/one/1/', 'unused');
    expect(skip).not.toContain('[y/N]');
    expect(skip).toMatch(/written at revision \d+\nexit=0\n$/);
  });
});
