/**
 * `etcdctl-ts context`: ours. Named sets of global flags (endpoints, TLS files, user) kept in one
 * file, `$XDG_CONFIG_HOME/etcdctl-ts/config.json`, chosen with `context use`, ETCDCTL_CONTEXT or
 * --context. Their settings sit below flags and ETCDCTL_* variables (src/cli/global-options.ts),
 * so a script that gives those behaves as before.
 */
import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { contextDeleteCommand } from './delete.js';
import { contextListCommand } from './list.js';
import { contextSetCommand } from './set.js';
import { contextShowCommand } from './show.js';
import { contextUseCommand } from './use.js';

export function contextCommand(ctx: CommandContext): Command {
  return new Command('context')
    .summary('Saved sets of global flags, one per cluster (etcdctl-ts only)')
    .description(
      [
        'A context is a named set of global flags (endpoints, TLS files, user, timeouts) saved in',
        '$XDG_CONFIG_HOME/etcdctl-ts/config.json (~/.config by default; %APPDATA% on Windows).',
        'A command uses the context named by --context, else by ETCDCTL_CONTEXT, else the one chosen',
        'with "context use". Flags and ETCDCTL_* variables win over its settings.',
      ].join('\n'),
    )
    .addCommand(contextSetCommand(ctx))
    .addCommand(contextUseCommand(ctx))
    .addCommand(contextListCommand(ctx))
    .addCommand(contextShowCommand(ctx))
    .addCommand(contextDeleteCommand(ctx));
}
