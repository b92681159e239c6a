import { describe, expect, it } from 'vitest';
import { parseExportArgs, DEFAULT_PAGE_SIZE, type ExportFlags } from '../../../src/commands/export.js';
import { parseImportArgs, type ImportFlags } from '../../../src/commands/import.js';
import { UsageError } from '../../../src/core/errors.js';

const ex = (o: Partial<ExportFlags> = {}): ExportFlags => ({ fromKey: '', all: false, output: '', pageSize: String(DEFAULT_PAGE_SIZE), withLeases: false, ...o });
const im = (o: Partial<ImportFlags> = {}): ImportFlags => ({ input: '', prefixRewrite: '', dryRun: false, withLeases: false, ...o });
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('latin1'));

describe('parseExportArgs', () => {
  it.each([
    ['a prefix', ['/app/'], ex(), '/app/', '/app0'],
    ['the empty prefix is every key', [''], ex(), '\0', '\0'],
    ['--all', [], ex({ all: true }), '\0', '\0'],
    ['--from-key', [], ex({ fromKey: 'm' }), 'm', '\0'],
    ['a prefix ending in 0xff bytes', ['a\u00ff'], ex(), 'a\u00c3\u00bf', 'a\u00c3\u00c0'],
  ])('%s', (_name, args, flags, key, end) => {
    const r = parseExportArgs(args, flags);
    expect([text(r.request.key), text(r.request.range_end)]).toEqual([key, end]);
    expect(r.pageSize).toBe(DEFAULT_PAGE_SIZE);
  });

  it('takes -o, --page-size and --with-leases', () => {
    expect(parseExportArgs(['p'], ex({ output: 'f.jsonl', pageSize: '500', withLeases: true }))).toMatchObject({ output: 'f.jsonl', pageSize: 500, withLeases: true });
    expect(parseExportArgs(['p'], ex()).output).toBeUndefined();
  });

  it.each([
    ['nothing chosen', [], ex(), 'export needs a prefix, --from-key <key> or --all'],
    ['prefix and --all', ['p'], ex({ all: true }), 'give one of a prefix, --from-key <key> and --all'],
    ['--from-key and --all', [], ex({ all: true, fromKey: 'k' }), 'give one of a prefix, --from-key <key> and --all'],
    ['two prefixes', ['a', 'b'], ex(), 'export takes at most one argument, the prefix'],
    ['page size 0', ['p'], ex({ pageSize: '0' }), '--page-size must be between 1 and 1000000, got 0'],
    ['page size too large', ['p'], ex({ pageSize: '1000001' }), '--page-size must be between 1 and 1000000, got 1000001'],
  ])('%s: exit 128', (_name, args, flags, msg) => {
    expect(() => parseExportArgs(args, flags)).toThrow(new UsageError(msg));
    try {
      parseExportArgs(args, flags);
    } catch (err) {
      expect((err as UsageError).exitCode).toBe(128);
    }
  });
});

describe('parseImportArgs', () => {
  it('reads stdin unless -i is given', () => {
    expect(parseImportArgs([], im())).toEqual({ input: undefined, rewrite: undefined, dryRun: false, withLeases: false });
    expect(parseImportArgs([], im({ input: 'f', dryRun: true, withLeases: true }))).toMatchObject({ input: 'f', dryRun: true, withLeases: true });
  });

  it('splits --prefix-rewrite at the first =', () => {
    const r = parseImportArgs([], im({ prefixRewrite: '/a=/b=c' }));
    expect([text(r.rewrite?.from), text(r.rewrite?.to)]).toEqual(['/a', '/b=c']);
    expect(text(parseImportArgs([], im({ prefixRewrite: '/a/=' })).rewrite?.to)).toBe('');
  });

  it.each([
    ['an argument', ['file'], im(), 'import takes no arguments (the file is given with -i)'],
    ['a rewrite without =', [], im({ prefixRewrite: '/a' }), '--prefix-rewrite wants OLD=NEW with a non-empty OLD, got "/a"'],
    ['an empty OLD', [], im({ prefixRewrite: '=/b' }), '--prefix-rewrite wants OLD=NEW with a non-empty OLD, got "=/b"'],
  ])('%s: exit 128', (_name, args, flags, msg) => {
    expect(() => parseImportArgs(args, flags)).toThrow(new UsageError(msg));
  });
});
