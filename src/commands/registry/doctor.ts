import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { SilentError } from '../../core/errors.js';
import { createStyle } from '../../output/human/style.js';
import { diagnose, doctorExitCode } from '../../registry/doctor.js';
import { doctorJson, doctorSimple, doctorTable } from '../../registry/print.js';
import { scanRegistry } from '../../registry/scan.js';
import { addScopeFlags, checkArgs, parseScope, registryFormat, scanOptions, type Scope, type ScopeFlags } from './common.js';

export interface DoctorFlags extends ScopeFlags {
  readonly strict: boolean;
}

export interface DoctorInput extends Scope {
  readonly strict: boolean;
}

export function doctorCommand(ctx: CommandContext): Command {
  const cmd = new Command('doctor')
    .summary('Finds registrations clients cannot use, or that will not go away after a crash')
    .description(
      [
        'Checks every registration and reports findings, each with a severity and a check id:',
        '  unparseable        (error)   a value under a registry prefix that does not decode',
        '  name-mismatch      (error)   key segment differs from the registered name (beyond "/" -> "-")',
        '  split-prefix       (error)   one go-micro service under /micro-registry/ and /micro/registry/',
        '  no-lease           (warning) a node that will never expire after a crash',
        '  expiring           (warning) TTL left below the refresh interval: keep-alive is late',
        "  lease-mismatch     (warning) a go-zero key whose suffix is not the key's lease",
        '  duplicate-address  (warning) one address under several node ids',
        'Exits 1 when a finding is an error (with --strict, a warning too), else 0.',
      ].join('\n'),
    )
    .argument('[args...]');
  addScopeFlags(cmd);
  flag(cmd, 'bool', 'strict', 'false', 'exit 1 for warnings too');
  return cmd.action((args: string[], opts: DoctorFlags) => runDoctor(parseDoctorArgs(args, opts), ctx));
}

export function parseDoctorArgs(args: readonly string[], o: DoctorFlags): DoctorInput {
  checkArgs('doctor', args, 0, 0, 'takes no arguments');
  return { ...parseScope(o), strict: o.strict };
}

export async function runDoctor(input: DoctorInput, ctx: CommandContext): Promise<void> {
  const format = await registryFormat(ctx);
  const client = await ctx.client();
  const scan = await scanRegistry(client, scanOptions(ctx, input));
  const findings = diagnose(scan.nodes, scan.leases);
  const style = await createStyle(format === 'simple' ? ctx.io.colorStdout : 0);
  if (format === 'json') ctx.io.stdout.write(doctorJson(findings));
  else if (format === 'table') ctx.io.stdout.write(await doctorTable(findings, style));
  else ctx.io.stdout.write(doctorSimple(findings, style, scan.nodes.length));
  const code = doctorExitCode(findings, input.strict);
  if (code !== 0) throw new SilentError(code);
}
