import { describe, expect, it } from 'vitest';

import { captureIO } from '../../../src/cli/io.js';
import { AuthStatusResponse } from '../../../src/client/types.js';
import { decode } from '../../../src/client/wire.js';
import { exitCodeFor, UnsupportedError } from '../../../src/core/errors.js';
import { createPrinter } from '../../../src/output/printer.js';

// `auth status` (etcdctl 3.5): printer_simple.go prints two lines, json and protobuf print the
// response (printerRPC), fields and table have no method for it (exit 4). Expected texts are
// etcdctl 3.5.30's.
const header = { cluster_id: 18333026222016222013n, member_id: 5138742691204796590n, revision: 3n, raft_term: 2n };
const disabled: AuthStatusResponse = { header, enabled: false, authRevision: 1n };
const enabled: AuthStatusResponse = { header, enabled: true, authRevision: 4n };

async function print(format: string, r: AuthStatusResponse): Promise<Buffer> {
  const io = captureIO();
  const p = await createPrinter(format, { hex: false }, io);
  p.authStatus(r);
  return io.stdoutBytes();
}

describe('authStatus', () => {
  it('simple', async () => {
    expect((await print('simple', disabled)).toString()).toBe('Authentication Status: false\nAuthRevision: 1\n');
    expect((await print('simple', enabled)).toString()).toBe('Authentication Status: true\nAuthRevision: 4\n');
  });

  it('json: Go encoding/json of pb.AuthStatusResponse (omitempty)', async () => {
    expect((await print('json', disabled)).toString()).toBe(
      '{"header":{"cluster_id":18333026222016222013,"member_id":5138742691204796590,"revision":3,"raft_term":2},"authRevision":1}\n',
    );
    expect((await print('json', { header, enabled: true, authRevision: 0n })).toString()).toBe(
      '{"header":{"cluster_id":18333026222016222013,"member_id":5138742691204796590,"revision":3,"raft_term":2},"enabled":true}\n',
    );
  });

  it('protobuf: the encoded response, no newline', async () => {
    const out = await print('protobuf', enabled);
    expect(decode(AuthStatusResponse, out)).toEqual(enabled);
    expect(out.subarray(-4)).toEqual(Buffer.from([0x10, 0x01, 0x18, 0x04]));
  });

  for (const format of ['fields', 'table']) {
    it(`${format}: not supported (exit 4)`, async () => {
      const err = await print(format, enabled).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as Error).message).toBe(`${format} not supported as output format`);
      expect(exitCodeFor(err)).toBe(4);
    });
  }
});
