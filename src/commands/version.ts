import { Command } from 'commander';
import type { CommandContext } from '../cli/context.js';
import { API_VERSION, VERSION } from '../cli/help.js';

export function versionCommand(ctx: CommandContext): Command {
  return new Command('version')
    .summary('Prints the version of etcdctl')
    .argument('[args...]')
    .action(() => {
      // compat(etcdctl): scripts parse these two lines; we report the etcdctl release we follow.
      ctx.io.stdout.write(`etcdctl version: ${VERSION}\nAPI version: ${API_VERSION}\n`);
    });
}
