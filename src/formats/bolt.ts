// A read-only walk over a bbolt database file (etcd's backend and snapshot format), enough for
// `snapshot status`: the meta pages, and every bucket's keys and values in order. Pages are read
// on demand, so a large snapshot is never held in memory as a whole.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { SnapshotStatus } from '../output/rows.js';

const MAGIC = 0xed0cdaed;
const VERSION = 2;
const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH_PAGE = 0x01;
const LEAF_PAGE = 0x02;
const BUCKET_LEAF = 0x01;
/** os.Getpagesize() on the platforms etcd runs on: bbolt's guess when meta page 0 is unreadable. */
const OS_PAGE_SIZE = 4096;

/** A failure with the text Go's bbolt or os packages give for it. */
export class BoltError extends Error {}

interface Meta {
  readonly pageSize: number;
  readonly root: bigint;
  readonly pgid: bigint;
  readonly txid: bigint;
  readonly error: string | undefined;
}

/** FNV-1a, 64 bit: bbolt's meta checksum. */
function fnv64a(b: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const c of b) h = BigInt.asUintN(64, (h ^ BigInt(c)) * 0x100000001b3n);
  return h;
}

function parseMeta(page: Buffer): Meta {
  const m = page.subarray(PAGE_HEADER);
  const checksum = m.readBigUInt64LE(56);
  let error: string | undefined;
  if (m.readUInt32LE(0) !== MAGIC) error = 'invalid database';
  else if (m.readUInt32LE(4) !== VERSION) error = 'version mismatch';
  else if (checksum !== 0n && checksum !== fnv64a(m.subarray(0, 56))) error = 'checksum error';
  return { pageSize: m.readUInt32LE(8), root: m.readBigUInt64LE(16), pgid: m.readBigUInt64LE(40), txid: m.readBigUInt64LE(48), error };
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** hash/crc32 with the Castagnoli table, fed incrementally. */
class Crc32c {
  private crc = 0xffffffff;
  write(b: Uint8Array): void {
    let c = this.crc;
    for (let i = 0; i < b.length; i++) c = CRC32C_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = c;
  }
  sum32(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

/** Go's text for a failed system call on `path` (`stat /x: no such file or directory`). */
export function goPathError(op: string, path: string, err: unknown): string {
  return `${op} ${path}: ${errnoText(err)}`;
}

/** Go's syscall.Errno texts where libuv words them differently (or not at all). */
const GO_ERRNO: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  ENOTEMPTY: 'directory not empty',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EXDEV: 'invalid cross-device link',
  EBUSY: 'device or resource busy',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EBADF: 'bad file descriptor',
  EIO: 'input/output error',
  EINVAL: 'invalid argument',
  EFBIG: 'file too large',
  EDQUOT: 'disk quota exceeded',
};

/** The text Go's syscall.Errno prints for a Node system error (`no such file or directory`). */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known = e?.code === undefined ? undefined : GO_ERRNO[e.code];
  if (known !== undefined) return known;
  const m = /^[A-Z0-9_]+: (.*?), [a-z]+ /.exec(e?.message ?? '');
  return m?.[1] ?? (e instanceof Error ? e.message : String(err));
}

class BoltFile {
  private readonly fd: number;
  private readonly fileSize: number;
  pageSize = OS_PAGE_SIZE;

  constructor(private readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (err) {
      throw new BoltError(goPathError('open', path, err));
    }
    this.fileSize = fstatSync(this.fd).size;
  }

  close(): void {
    closeSync(this.fd);
  }

  read(offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    const n = offset < this.fileSize ? readSync(this.fd, buf, 0, length, offset) : 0;
    return n === length ? buf : buf.subarray(0, n);
  }

  /** bolt.Open in read-only mode: the meta page in use, or bbolt's error. */
  open(): Meta {
    // compat(etcdctl): bbolt initialises an empty file, which fails on a read-only descriptor.
    if (this.fileSize === 0) throw new BoltError(`write ${this.path}: bad file descriptor`);
    const first = this.read(0, OS_PAGE_SIZE);
    if (first.length < OS_PAGE_SIZE) throw new BoltError('invalid database');
    const meta0 = parseMeta(first);
    if (meta0.error === undefined) this.pageSize = meta0.pageSize;
    if (this.fileSize < this.pageSize * 2) throw new BoltError('file size too small');
    const meta1 = parseMeta(this.read(this.pageSize, this.pageSize));
    if (meta0.error !== undefined && meta1.error !== undefined) throw new BoltError(meta0.error);
    const [a, b] = meta1.txid > meta0.txid ? [meta1, meta0] : [meta0, meta1];
    return a.error === undefined ? a : b;
  }

  /** Page `id` with its overflow pages. */
  page(id: bigint, highWater: bigint): Buffer {
    if (id >= highWater || id < 2n) {
      throw new BoltError(`snapshot file integrity check failed. 1 errors found.\npage ${id}: out of bounds: ${highWater}`);
    }
    const offset = Number(id) * this.pageSize;
    const head = this.read(offset, PAGE_HEADER);
    if (head.length < PAGE_HEADER) throw new BoltError(`page ${id}: unexpected end of file`);
    const overflow = head.readUInt32LE(12);
    return this.read(offset, (overflow + 1) * this.pageSize);
  }
}

type Visit = (key: Buffer, value: Buffer, flags: number) => void;

/** Every key of the B+tree rooted at `page`, in order (a branch page's children depth first). */
function walk(file: BoltFile, page: Buffer, highWater: bigint, visit: Visit): void {
  const flags = page.readUInt16LE(8);
  const count = page.readUInt16LE(10);
  for (let i = 0; i < count; i++) {
    const at = PAGE_HEADER + i * ELEMENT;
    if (flags & BRANCH_PAGE) {
      walk(file, file.page(page.readBigUInt64LE(at + 8), highWater), highWater, visit);
    } else if (flags & LEAF_PAGE) {
      const pos = at + page.readUInt32LE(at + 4);
      const ksize = page.readUInt32LE(at + 8);
      const vsize = page.readUInt32LE(at + 12);
      visit(page.subarray(pos, pos + ksize), page.subarray(pos + ksize, pos + ksize + vsize), page.readUInt32LE(at));
    } else {
      throw new BoltError(`snapshot file integrity check failed. 1 errors found.\npage ${page.readBigUInt64LE(0)}: invalid type: unknown<${flags.toString(16).padStart(2, '0')}>`);
    }
  }
}

/** The root page of a bucket from its value: a page of the file, or the inline page after the header. */
function bucketRoot(file: BoltFile, value: Buffer, highWater: bigint): Buffer {
  const root = value.readBigUInt64LE(0);
  return root === 0n ? value.subarray(16) : file.page(root, highWater);
}

/**
 * etcd's snapshot status: CRC-32C over every bucket's name and its keys and values, the main
 * revision of the last key of the `key` bucket, the number of keys and bbolt's Tx.Size().
 */
export function snapshotStatus(path: string): SnapshotStatus {
  try {
    statSync(path);
  } catch (err) {
    throw new BoltError(goPathError('stat', path, err));
  }
  const file = new BoltFile(path);
  try {
    const meta = file.open();
    const hash = new Crc32c();
    let revision = 0n;
    let totalKey = 0;
    walk(file, file.page(meta.root, meta.pgid), meta.pgid, (name, value, flags) => {
      if (!(flags & BUCKET_LEAF)) throw new BoltError(`cannot get hash of bucket ${name.toString('latin1')}`);
      hash.write(name);
      const isKeyBucket = name.toString('latin1') === 'key';
      walk(file, bucketRoot(file, value, meta.pgid), meta.pgid, (k, v, f) => {
        hash.write(k);
        // A nested bucket's value is nil in ForEach.
        if (!(f & BUCKET_LEAF)) hash.write(v);
        if (isKeyBucket && k.length >= 8) revision = k.readBigInt64BE(0);
        totalKey++;
      });
    });
    return { hash: hash.sum32(), revision, totalKey, totalSize: meta.pgid * BigInt(file.pageSize) };
  } finally {
    file.close();
  }
}
