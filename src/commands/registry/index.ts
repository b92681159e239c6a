/**
 * `etcdctl-ts registry`: our own command family (etcdctl has nothing like it). Shows the service
 * registrations of go-micro, etcd's gRPC naming, go-zero and Kratos with their leases, and why
 * a service is not discovered. It only reads etcd; it never connects to the addresses it finds.
 * The domain (decoders, scan, checks, printers) is src/registry/.
 */
import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { doctorCommand } from './doctor.js';
import { getCommand } from './get.js';
import { listCommand } from './list.js';
import { watchCommand } from './watch.js';

export function registryCommand(ctx: CommandContext): Command {
  return new Command('registry')
    .summary('Shows service registrations (go-micro, gRPC naming, go-zero, Kratos) with their leases (etcdctl-ts only)')
    .usage('<subcommand>')
    .description('Service registry related commands: list, get, watch, doctor. Reads etcd only.')
    .addCommand(listCommand(ctx))
    .addCommand(getCommand(ctx))
    .addCommand(watchCommand(ctx))
    .addCommand(doctorCommand(ctx));
}
