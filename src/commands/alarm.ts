import { Command } from 'commander';
import type { AlarmResponse } from '../client/types.js';
import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { deadlineCall } from '../cli/deadline.js';

export function alarmCommand(ctx: CommandContext): Command {
  const cmd = new Command('alarm').summary('Alarm related commands').usage('<subcommand>');
  cmd.addCommand(
    new Command('disarm')
      .summary('Disarms all alarms')
      .argument('[args...]')
      .action((args: string[]) => {
        parseAlarmArgs('disarm', args);
        return runAlarmDisarm(ctx);
      }),
  );
  cmd.addCommand(
    new Command('list')
      .summary('Lists all alarms')
      .argument('[args...]')
      .action((args: string[]) => {
        parseAlarmArgs('list', args);
        return runAlarmList(ctx);
      }),
  );
  return cmd;
}

export function parseAlarmArgs(sub: 'list' | 'disarm', args: readonly string[]): void {
  if (args.length !== 0) throw new UsageError(`alarm ${sub} command accepts no arguments`);
}

export async function runAlarmList(ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.alarm(await client.maintenance.alarm({ action: 'GET', memberID: 0n, alarm: 'NONE' }, ctx.callOptions));
}

/**
 * clientv3's AlarmDisarm of "every alarm": lists them, then deactivates each one, all under one
 * command timeout. The answer is made up from the deactivations, so it has no header.
 */
export async function runAlarmDisarm(ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  const opts = deadlineCall(ctx);
  const list = await client.maintenance.alarm({ action: 'GET', memberID: 0n, alarm: 'NONE' }, opts());
  const out: AlarmResponse = { alarms: [] };
  for (const a of list.alarms) {
    const r = await client.maintenance.alarm({ action: 'DEACTIVATE', memberID: a.memberID, alarm: a.alarm }, opts());
    out.alarms.push(...r.alarms);
  }
  printer.alarm(out);
}
