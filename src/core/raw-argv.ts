/**
 * The bytes of command-line arguments that are not valid UTF-8. Node decodes argv as UTF-8, so
 * `put $'\xff' v` would reach etcd as U+FFFD where etcdctl (Go strings are bytes) stores 0xff.
 * bin/ registers the raw bytes it can find (Linux: /proc/self/cmdline) for each such argument;
 * a key or value argument is encoded through `argBytes` first. Only arguments whose bytes differ
 * from the UTF-8 of their decoded text are kept, so valid text is never affected.
 */
const raw = new Map<string, Uint8Array>();

/** Registers `decoded[i]`'s raw bytes `bytes[i]` where they differ from its UTF-8 encoding. */
export function registerRawArgs(decoded: readonly string[], bytes: readonly Uint8Array[]): void {
  decoded.forEach((s, i) => {
    const b = bytes[i];
    if (b !== undefined && !Buffer.from(s, 'utf8').equals(b)) raw.set(s, b);
  });
}

/** The raw bytes of an argument that was not valid UTF-8, or undefined. */
export function argBytes(s: string): Uint8Array | undefined {
  return raw.size === 0 ? undefined : raw.get(s);
}

/**
 * Pairs argv's user arguments with the raw entries of a NUL-separated command line (Linux's
 * /proc/self/cmdline: node, its own options, the script, then the arguments). The arguments are
 * its last entries; each must decode to the argv entry it stands for, or nothing is paired.
 */
export function rawArgsFromCmdline(cmdline: Uint8Array, args: readonly string[]): Uint8Array[] | undefined {
  const buf = Buffer.from(cmdline.buffer, cmdline.byteOffset, cmdline.byteLength);
  const entries: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0) {
      entries.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < buf.length) entries.push(buf.subarray(start));
  if (entries.length < args.length) return undefined;
  const tail = entries.slice(entries.length - args.length);
  return tail.every((b, i) => b.toString('utf8') === args[i]) ? tail : undefined;
}
