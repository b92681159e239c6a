/** What the registry subcommands share: --kind and --prefix, the writer, the ranges to read. */
import type { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { UnsupportedError, UsageError } from '../../core/errors.js';
import { keyRange, type KeyRange } from '../../etcd/range.js';
import { GO_MICRO_PREFIXES } from '../../registry/go-micro.js';
import type { RegistryFormat } from '../../registry/print.js';
import type { ScanOptions } from '../../registry/scan.js';
import { KINDS, type Kind } from '../../registry/types.js';

export interface ScopeFlags {
  readonly kind: string;
  readonly prefix: string;
}

/** Which registrations to read: kinds to keep and the key ranges to read them from. */
export interface Scope {
  /** undefined: every kind. */
  readonly kinds: ReadonlySet<Kind> | undefined;
  readonly ranges: readonly KeyRange[];
  /** One range covering `ranges`, for a watch. */
  readonly watchRange: KeyRange;
}

export function addScopeFlags(cmd: Command): Command {
  flag(cmd, 'string', 'kind', '', `only this framework: ${KINDS.join(', ')} (default: every one, detected)`);
  flag(cmd, 'string', 'prefix', '', 'read only keys under this prefix (default: the go-micro prefixes with --kind go-micro, else every key, in pages)');
  return cmd;
}

/**
 * --kind and --prefix → what to read. go-micro lives under two fixed prefixes (both below
 * `/micro`); gRPC naming and go-zero have none and Kratos' namespace is configurable, so those
 * are found by reading every key (or --prefix) in pages.
 */
export function parseScope(o: ScopeFlags): Scope {
  let kinds: Set<Kind> | undefined;
  if (o.kind !== '') {
    kinds = new Set();
    for (const k of o.kind.split(',')) {
      // compat(etcdctl): a bad option value is ExitBadFeature (4), as etcdctl's bad sort order.
      if (!(KINDS as readonly string[]).includes(k)) throw new UnsupportedError(`unknown --kind "${k}" (expected ${KINDS.join(', ')})`);
      kinds.add(k as Kind);
    }
  }
  if (o.prefix !== '') {
    const r = keyRange(o.prefix, undefined, true, false);
    return { kinds, ranges: [r], watchRange: r };
  }
  if (kinds !== undefined && kinds.size === 1 && kinds.has('go-micro')) {
    return { kinds, ranges: GO_MICRO_PREFIXES.map((p) => keyRange(p, undefined, true, false)).sort(byKey), watchRange: keyRange('/micro', undefined, true, false) };
  }
  const all = keyRange('', undefined, true, false);
  return { kinds, ranges: [all], watchRange: all };
}

function byKey(a: KeyRange, b: KeyRange): number {
  return Buffer.compare(a.key, b.key);
}

/** No positional arguments beyond `max`. */
export function checkArgs(name: string, args: readonly string[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) throw new UsageError(`registry ${name} ${usage}`);
}

/**
 * The writer for our own output: simple, table or json (ETCDCTL_WRITE_OUT included); any other
 * is `<format> not supported as output format`, exit 4. Called before anything is read.
 */
export async function registryFormat(ctx: CommandContext, allowed: readonly RegistryFormat[] = ['simple', 'table', 'json']): Promise<RegistryFormat> {
  try {
    // Applies ETCDCTL_* (and --debug) as every command does before it connects.
    await ctx.printer();
  } catch (err) {
    if (!(err instanceof UnsupportedError)) throw err;
  }
  const f = ctx.global.writeOut;
  if (!(allowed as readonly string[]).includes(f)) throw new UnsupportedError(`${f} not supported as output format`);
  return f as RegistryFormat;
}

/** What scanRegistry needs for `scope`: ranges, kinds, deadlines. */
export function scanOptions(ctx: CommandContext, scope: Scope): ScanOptions {
  return {
    ranges: scope.ranges,
    ...(scope.kinds === undefined ? {} : { kinds: scope.kinds }),
    ...ctx.callOptions,
  };
}
