// Every command of ours reports "no endpoint reachable" the same way through the shipped binary:
// one `Error: …` line naming the cause and ExitBadConnection (2), never a stack trace.
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/etcd-cluster.js';
import { runBin } from './helpers/bin.js';

describe('our commands with no endpoint reachable: exit 2, one Error line', () => {
  const cases: { argv: string[]; stdin?: string }[] = [
    { argv: ['ls', '/'] },
    { argv: ['export', '/x'] },
    { argv: ['import'], stdin: '{"key":"a","value":"b"}\n' },
    { argv: ['registry', 'list'] },
    { argv: ['registry', 'doctor'] },
    { argv: ['cluster', 'status'] },
    { argv: ['cluster', 'check'] },
    { argv: ['edit', 'k'] },
  ];
  it.each(cases)('$argv', async ({ argv, stdin }) => {
    const port = await freePort(); // free a moment ago, so nothing listens: connection refused
    const r = await runBin(['--endpoints', `127.0.0.1:${port}`, '--dial-timeout', '500ms', '--command-timeout', '1s', ...argv], {
      ...(stdin === undefined ? {} : { stdin }),
      env: { EDITOR: 'true' },
    });
    expect(r.err).toMatch(/^Error: [^\n]*connection refused[^\n]*\n$/);
    expect(r.code).toBe(2);
  });
});
