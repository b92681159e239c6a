import { describe, expect, it } from 'vitest';
import type { KeyValue } from '../../../src/client/types.js';
import { bytesField, checkRecord, eventLine, headerLine, isHeader, keyRecord, kvLine, LineError, parseObject, rewriteKey, type KeyRecord } from '../../../src/transfer/jsonl.js';
import { BadLineError, parsePrefixRewrite, plainLine, records, validate } from '../../../src/transfer/import.js';
import { exportLine } from '../../../src/transfer/export.js';

const b = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));
const kv = (key: Uint8Array | string, value: Uint8Array | string, lease = 0n): KeyValue => ({
  key: typeof key === 'string' ? b(key) : key,
  value: typeof value === 'string' ? b(value) : value,
  create_revision: 5n,
  mod_revision: 9007199254740993n, // beyond 2^53: written from the bigint, not a double
  version: 2n,
  lease,
});

async function* from(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('bytesField: UTF-8 text or base64', () => {
  it.each([
    ['ascii', b('foo'), '"key":"foo"'],
    ['empty', new Uint8Array(), '"key":""'],
    ['multi-byte UTF-8', b('clé/日本'), '"key":"clé/日本"'],
    ['quotes and control characters escaped', b('a"b\\c\n\u0001'), '"key":"a\\"b\\\\c\\n\\u0001"'],
    ['invalid UTF-8', Uint8Array.of(0xff, 0xfe), '"key_base64":"//4="'],
    ['truncated sequence', Uint8Array.of(0x61, 0xc3), '"key_base64":"YcM="'],
    ['UTF-8 encoded surrogate', Uint8Array.of(0xed, 0xa0, 0x80), '"key_base64":"7aCA"'],
    ['NUL is valid UTF-8', Uint8Array.of(0), '"key":"\\u0000"'],
    ['a leading byte order mark is kept', b('\ufeffk'), '"key":"\ufeffk"'],
  ])('%s', (_name, bytes, want) => {
    expect(bytesField('key', bytes)).toBe(want);
  });
});

describe('kvLine / eventLine', () => {
  it('writes revisions as numbers and a lease as %016x hex, absent when 0', () => {
    expect(kvLine(kv('k', 'v'))).toBe('{"key":"k","value":"v","create_revision":5,"mod_revision":9007199254740993,"version":2}\n');
    expect(kvLine(kv('k', 'v', 0x2an))).toContain(',"lease":"000000000000002a"}');
  });
  it('leaves the value out for keys-only and the rest out for bare lines', () => {
    expect(kvLine(kv('k', 'v'), { keysOnly: true })).not.toContain('value');
    expect(kvLine(kv('k', Uint8Array.of(0x80)), { bare: true })).toBe('{"key":"k","value_base64":"gA=="}\n');
  });
  it('adds the event type and prev_value', () => {
    expect(eventLine('PUT', kv('k', 'new'), kv('k', 'old'))).toBe(
      '{"type":"PUT","key":"k","value":"new","create_revision":5,"mod_revision":9007199254740993,"version":2,"prev_value":"old"}\n',
    );
    expect(eventLine('DELETE', kv('k', ''), undefined)).toMatch(/^\{"type":"DELETE","key":"k","value":""/);
  });
  it('export lines carry key, value and, with leases, lease and lease_ttl', () => {
    expect(exportLine(kv('k', 'v', 0x10n), undefined)).toBe('{"key":"k","value":"v"}\n');
    expect(exportLine(kv('k', 'v', 0x10n), 42n)).toBe('{"key":"k","value":"v","lease":"0000000000000010","lease_ttl":42}\n');
    expect(exportLine(kv('k', 'v'), 42n)).toBe('{"key":"k","value":"v"}\n');
  });
});

describe('reading lines back', () => {
  it('round-trips every byte string through a line', () => {
    const samples = [new Uint8Array(), b('plain'), Uint8Array.of(0, 1, 2, 0xff), Uint8Array.of(0xc3, 0x28), b('ünï"\n'), Uint8Array.from({ length: 256 }, (_, i) => i)];
    for (const key of samples.filter((s) => s.length > 0)) {
      for (const value of samples) {
        const rec = keyRecord(parseObject(kvLine(kv(key, value))));
        expect(Buffer.from(rec.key).equals(Buffer.from(key))).toBe(true);
        expect(Buffer.from(rec.value).equals(Buffer.from(value))).toBe(true);
      }
    }
  });

  it.each([
    ['not JSON', '{"key":', /^not JSON/],
    ['an array', '["k","v"]', /not a JSON object/],
    ['no key', '{"value":"v"}', /no "key" or "key_base64"/],
    ['no value', '{"key":"k"}', /no "value" or "value_base64"/],
    ['both forms', '{"key":"k","key_base64":"aw==","value":""}', /both "key" and "key_base64"/],
    ['bad base64', '{"key":"k","value_base64":"a*=="}', /"value_base64" is not base64/],
    ['number as key', '{"key":1,"value":""}', /"key" is not a string/],
    ['empty key', '{"key":"","value":""}', /empty key/],
    ['a DELETE event', '{"type":"DELETE","key":"k","value":""}', /DELETE/],
    ['bad lease', '{"key":"k","value":"","lease":"xyz"}', /hex lease id/],
    ['bad lease_ttl', '{"key":"k","value":"","lease_ttl":1.5}', /lease_ttl/],
  ])('rejects %s', (_name, line, msg) => {
    expect(() => keyRecord(parseObject(line))).toThrow(LineError);
    expect(() => keyRecord(parseObject(line))).toThrow(msg);
    // The checking pass over a file finds the same, without decoding.
    expect(() => checkRecord(parseObject(line))).toThrow(msg);
  });

  it('reads get -w jsonl and watch PUT lines (extra fields ignored)', () => {
    const rec = keyRecord(parseObject('{"type":"PUT","key":"k","value":"v","create_revision":1,"mod_revision":1,"version":1,"lease":"00000000000000ff"}'));
    expect(rec).toEqual({ key: Buffer.from('k'), value: Buffer.from('v'), lease: '00000000000000ff' });
  });

  it('numbers lines from 1, header included, skipping blank lines', async () => {
    const header = headerLine(0xabcn, 7n, new Date(0)).trimEnd();
    expect(isHeader(JSON.parse(header))).toBe(true);
    expect(header).toBe('{"format":"etcdctl-ts-export","version":1,"cluster_id":"0000000000000abc","revision":7,"time":"1970-01-01T00:00:00.000Z"}');
    const lines = [header, '{"key":"a","value":"1"}', '', '{"key":"b"}', '{"key":"c","value":"3"}'];
    await expect(validate(from(lines))).rejects.toEqual(new BadLineError(4, 'no "value" or "value_base64"'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const r of records(from(lines))) seen.push(Buffer.from(r.key).toString());
      })(),
    ).rejects.toThrow('line 4: no "value"');
    expect(seen).toEqual(['a']);
    expect(await validate(from([header, '{"key":"a","value":"1"}']))).toBe(1);
  });

  it('allows a header on line 1 only', async () => {
    const header = headerLine(1n, 1n, new Date(0)).trimEnd();
    await expect(validate(from(['{"key":"a","value":"1"}', header]))).rejects.toThrow('line 2: an export header is only allowed as the first line');
  });

  it('rewrites prefixes', async () => {
    const rw = parsePrefixRewrite('/old/=/new/deeper/')!;
    expect(Buffer.from(rewriteKey(b('/old/x'), rw.from, rw.to)).toString()).toBe('/new/deeper/x');
    expect(Buffer.from(rewriteKey(b('/other/x'), rw.from, rw.to)).toString()).toBe('/other/x');
    expect(parsePrefixRewrite('no-equals')).toBeUndefined();
    const recs = await collect(records(from(['{"key":"/old/a","value":"1"}']), rw));
    expect(Buffer.from(recs[0]!.key).toString()).toBe('/new/deeper/a');
    await expect(validate(from(['{"key":"/old/","value":"1"}']), parsePrefixRewrite('/old/=')!)).rejects.toThrow('line 1: the key is empty after --prefix-rewrite');
  });
});

describe('plainLine: the shortcut for lines of the plain export shape', () => {
  // Every line: the shortcut gives what JSON.parse and keyRecord give, or declines and the line
  // goes the full way (where bad lines get their errors).
  const lines = [
    '{"key":"k","value":"v"}',
    '{"key":"clé/日本 😀","value":"\u2028 \u007f }{ :,"}',
    '{"key":"k","value":""}',
    '{"key":"k","value":"b}"}',
    '{"key":"","value":"v"}',
    '{"key":"a\\"b","value":"v"}',
    '{"key":"k","value":"a\\nb"}',
    '{"key":"k","value":"tab\there"}',
    '{"key":"x","value":"y","value":"z"}',
    '{"key":"k","value":"v"} ',
    ' {"key":"k","value":"v"}',
    '{"key":"k","value":"v"}x',
    '{"key":"k","value":"v"',
    '{"key":"k","value":"v","lease":"2a","lease_ttl":5}',
    '{"key":"k","value_base64":"gA=="}',
    '{"key":"k"}',
    '{"key":"k","value":"\ud800"}',
  ];
  it.each(lines)('%s', async (line) => {
    const plain = plainLine(line);
    let full: KeyRecord | string;
    try {
      full = keyRecord(parseObject(line));
    } catch (err) {
      full = (err as Error).message;
    }
    if (plain !== undefined) expect({ key: Buffer.from(plain[0], 'utf8'), value: Buffer.from(plain[1], 'utf8') }).toEqual(full);
    // Whichever way a line goes, import reads and checks it as before.
    const read = await collect(records(from([line]))).then(
      (r) => r,
      (err: Error) => err.message,
    );
    expect(read).toEqual(typeof full === 'string' ? `line 1: ${full}` : [full]);
    expect(await validate(from([line])).catch((err: Error) => err.message)).toEqual(typeof full === 'string' ? `line 1: ${full}` : 1);
  });
  it('takes the plain lines and declines the others', () => {
    expect(lines.map((l) => plainLine(l) !== undefined)).toEqual([true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, true]);
  });
});
