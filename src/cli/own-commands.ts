import type { Command } from 'commander';

/**
 * Commands of etcdctl-ts's own (not etcdctl's), and every subcommand below them. They are
 * matched by their full name only and listed in a help section of their own, so that every
 * abbreviation etcdctl accepts resolves as it does in etcdctl and etcdctl's help text stays
 * byte-identical.
 */
const own = new WeakSet<Command>();

export function markOwn(cmd: Command): Command {
  own.add(cmd);
  for (const sub of cmd.commands) markOwn(sub);
  return cmd;
}

export function isOwn(cmd: Command): boolean {
  return own.has(cmd);
}
