/**
 * `etcdctl-ts cluster status|check|wait` (ours): membership and health in one answer, a CI gate,
 * and a wait for a condition. The logic lives in src/cluster/; these modules wire flags, pick
 * the writer and turn outcomes into exit codes.
 */
import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { clusterCheckCommand } from './check.js';
import { clusterStatusCommand } from './status.js';
import { clusterWaitCommand } from './wait.js';

export function clusterCommand(ctx: CommandContext): Command {
  const cmd = new Command('cluster')
    .summary('Cluster membership and health in one view, a CI gate, and waits (etcdctl-ts only)')
    .usage('<subcommand>');
  cmd.addCommand(clusterStatusCommand(ctx));
  cmd.addCommand(clusterCheckCommand(ctx));
  cmd.addCommand(clusterWaitCommand(ctx));
  return cmd;
}
