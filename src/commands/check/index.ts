import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { parseInt64 } from '../../cli/parse.js';
import { UnsupportedError } from '../../core/errors.js';
import { runCheckDatascale } from './datascale.js';
import { DATASCALE_MODELS, PERF_MODELS, type CheckDatascaleInput, type CheckPerfInput } from './models.js';
import { runCheckPerf } from './perf.js';

export interface CheckFlags {
  readonly load: string;
  readonly prefix: string;
  readonly autoCompact: boolean;
  readonly autoDefrag: boolean;
  /** Hidden: seconds of load for `check perf` (0: the model's 60). */
  readonly duration?: string;
  /** Hidden: key-value pairs for `check datascale` (0: the model's). */
  readonly keys?: string;
}

const LOAD_ALIASES: Readonly<Record<string, string>> = { s: 's', small: 's', m: 'm', medium: 'm', l: 'l', large: 'l', xl: 'xl', xLarge: 'xl' };

export function checkCommand(ctx: CommandContext): Command {
  const cmd = new Command('check').summary('commands for checking properties of the etcd cluster').usage('<subcommand>');
  cmd.addCommand(checkPerfCommand(ctx));
  cmd.addCommand(checkDatascaleCommand(ctx));
  return cmd;
}

function checkPerfCommand(ctx: CommandContext): Command {
  const cmd = new Command('perf').summary('Check the performance of the etcd cluster').usage('[options]').argument('[args...]');
  flag(cmd, 'string', 'load', 's', "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)");
  flag(cmd, 'string', 'prefix', '/etcdctl-check-perf/', "The prefix for writing the performance check's keys.");
  flag(cmd, 'bool', 'auto-compact', 'false', 'Compact storage with last revision after test is finished.');
  flag(cmd, 'bool', 'auto-defrag', 'false', 'Defragment storage after test is finished.');
  // Ours, hidden so that the help stays etcdctl's: a shorter run, for tests and quick looks.
  flag(cmd, 'int', 'duration', '0', 'Seconds of load (default: the workload model, 60)', { hidden: true });
  return cmd.action((_args: string[], opts: CheckFlags) => runCheckPerf(parseCheckPerfArgs(opts), ctx));
}

function checkDatascaleCommand(ctx: CommandContext): Command {
  const cmd = new Command('datascale')
    .summary('Check the memory usage of holding data for different workloads on a given server endpoint.')
    .description('If no endpoint is provided, localhost will be used. If multiple endpoints are provided, first endpoint will be used.')
    .usage('[options]')
    .argument('[args...]');
  flag(cmd, 'string', 'load', 's', "The datascale check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)");
  flag(cmd, 'string', 'prefix', '/etcdctl-check-datascale/', "The prefix for writing the datascale check's keys.");
  flag(cmd, 'bool', 'auto-compact', 'false', 'Compact storage with last revision after test is finished.');
  flag(cmd, 'bool', 'auto-defrag', 'false', 'Defragment storage after test is finished.');
  // Ours, hidden like perf's --duration: the model's clients with fewer keys, for tests.
  flag(cmd, 'int', 'keys', '0', "Key-value pairs to write (default: the workload model's)", { hidden: true });
  return cmd.action((_args: string[], opts: CheckFlags) => runCheckDatascale(parseCheckDatascaleArgs(opts), ctx));
}

function modelName(load: string): string {
  const name = LOAD_ALIASES[load];
  if (name === undefined) throw new UnsupportedError(`unknown load option ${load}`);
  return name;
}

export function parseCheckPerfArgs(o: CheckFlags): CheckPerfInput {
  const base = PERF_MODELS[modelName(o.load)]!;
  const seconds = o.duration === undefined ? 0n : parseInt64(o.duration, 0);
  const model = seconds > 0n ? { ...base, duration: Number(seconds) } : base;
  return { model, prefix: o.prefix, autoCompact: o.autoCompact, autoDefrag: o.autoDefrag };
}

export function parseCheckDatascaleArgs(o: CheckFlags): CheckDatascaleInput {
  const base = DATASCALE_MODELS[modelName(o.load)]!;
  const keys = o.keys === undefined ? 0n : parseInt64(o.keys, 0);
  const model = keys > 0n ? { ...base, limit: Number(keys) } : base;
  return { model, prefix: o.prefix, autoCompact: o.autoCompact, autoDefrag: o.autoDefrag };
}
