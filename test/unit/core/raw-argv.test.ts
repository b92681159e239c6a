import { describe, expect, it } from 'vitest';
import { argBytes, rawArgsFromCmdline, registerRawArgs } from '../../../src/core/raw-argv.js';

const cmdline = (...parts: (string | Buffer)[]): Buffer => Buffer.concat(parts.flatMap((p) => [Buffer.from(p), Buffer.of(0)]));

describe('rawArgsFromCmdline', () => {
  const ff = Buffer.from([0x6b, 0xff]);
  const cases: { name: string; cmdline: Buffer; args: string[]; want: Buffer[] | undefined }[] = [
    { name: 'node, script, args', cmdline: cmdline('node', '/b/etcdctl-ts', 'put', ff, 'v'), args: ['put', 'k\ufffd', 'v'], want: [Buffer.from('put'), ff, Buffer.from('v')] },
    { name: "node's own options before the script", cmdline: cmdline('node', '--max-old-space-size=64', '-r', 'x', '/b/e', 'get', 'a'), args: ['get', 'a'], want: [Buffer.from('get'), Buffer.from('a')] },
    { name: 'empty arguments', cmdline: cmdline('node', '/b/e', 'put', '', ''), args: ['put', '', ''], want: [Buffer.from('put'), Buffer.alloc(0), Buffer.alloc(0)] },
    { name: 'no arguments', cmdline: cmdline('node', '/b/e'), args: [], want: [] },
    { name: 'a rewritten command line (process.title) pairs nothing', cmdline: Buffer.from('etcdctl-ts put k ******'), args: ['put', 'k', 'secret'], want: undefined },
    { name: 'an entry that does not decode to its argument', cmdline: cmdline('node', '/b/e', 'get', 'b'), args: ['get', 'a'], want: undefined },
    { name: 'fewer entries than arguments', cmdline: cmdline('get'), args: ['x', 'get'], want: undefined },
  ];
  it.each(cases)('$name', ({ cmdline: c, args, want }) => {
    expect(rawArgsFromCmdline(c, args)).toEqual(want);
  });
});

describe('registerRawArgs / argBytes', () => {
  it('keeps only arguments whose bytes are not their UTF-8', () => {
    registerRawArgs(['ok', 'é', 'x\ufffd'], [Buffer.from('ok'), Buffer.from('é'), Buffer.from([0x78, 0xfe])]);
    expect(argBytes('ok')).toBeUndefined();
    expect(argBytes('é')).toBeUndefined();
    expect(argBytes('x\ufffd')).toEqual(Buffer.from([0x78, 0xfe]));
  });
});
