import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { EtcdctlError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { DEFAULT_MAX_APPLIED_LAG, DEFAULT_QUOTA_BYTES, passed, runChecks, type CheckOptions } from '../../cluster/checks.js';
import { collectFacts } from '../../cluster/facts.js';
import { checkJson, checkSimple, checkTableRows, failedChecks } from '../../cluster/render.js';
import { createStyle } from '../../output/human/style.js';
import { drawTable } from '../../output/human/layout.js';
import { collector, members, noArgs, nonNegative, ownWriter } from './shared.js';

export interface ClusterCheckFlags {
  readonly quotaBytes: string;
  readonly maxAppliedLag: string;
  readonly strict: boolean;
}

export interface ClusterCheckInput extends CheckOptions {
  readonly strict: boolean;
}

/** The flags `cluster check` and `cluster wait --healthy` share. */
export function checkFlags(cmd: Command): Command {
  flag(cmd, 'string', 'quota-bytes', String(DEFAULT_QUOTA_BYTES), "the members' --quota-backend-bytes: db-size warns at 80 %, fails at 95 % of it");
  flag(cmd, 'string', 'max-applied-lag', String(DEFAULT_MAX_APPLIED_LAG), "how far a member's applied index may trail the leader's");
  flag(cmd, 'bool', 'strict', 'false', 'warnings fail too');
  return cmd;
}

export function parseCheckOptions(o: ClusterCheckFlags): ClusterCheckInput {
  return { quotaBytes: nonNegative('quota-bytes', o.quotaBytes), maxAppliedLag: nonNegative('max-applied-lag', o.maxAppliedLag), strict: o.strict };
}

export function clusterCheckCommand(ctx: CommandContext): Command {
  const cmd = new Command('check')
    .summary('Checks the cluster for CI: members, quorum, leader, alarms, versions, raft, consistency, db-size, learners')
    .description(
      [
        'Collects what `cluster status` shows, plus each member\'s KV hash at one common revision, and',
        'checks it; each check passes, warns or fails with one line:',
        '  members      every member healthy (an unreachable or unhealthy one fails, named)',
        '  quorum       healthy voting members are more than half',
        '  leader       exactly one leader, the same one seen by every member that answers',
        '  alarms       no alarm active (NOSPACE, CORRUPT fail)',
        '  versions     one server version (skew warns)',
        "  raft         every applied index within --max-applied-lag of the leader's",
        '  consistency  the KV hashes of all members agree at one revision',
        '  db-size      the largest database against --quota-bytes (warns at 80 %, fails at 95 %)',
        '  learners     learners not promoted yet warn',
        'Exit 0 when no check fails (with --strict: and none warns), 1 when one does, 2 when no',
        'endpoint in --endpoints answers.',
      ].join('\n'),
    )
    .argument('[args...]');
  checkFlags(cmd);
  return cmd.action((args: string[], o: ClusterCheckFlags) => runClusterCheck(parseClusterCheckArgs(args, o), ctx));
}

export function parseClusterCheckArgs(args: readonly string[], o: ClusterCheckFlags): ClusterCheckInput {
  noArgs('check', args);
  return parseCheckOptions(o);
}

export async function runClusterCheck(input: ClusterCheckInput, ctx: CommandContext): Promise<void> {
  const writer = await ownWriter(ctx, ['simple', 'json', 'table']);
  const c = collector(ctx, { hash: true });
  const results = runChecks(await collectFacts(await members(c), c), input);
  const ok = passed(results, input.strict);
  if (writer === 'json') {
    ctx.io.stdout.write(checkJson(results, ok));
  } else {
    const style = await createStyle(ctx.io.colorStdout);
    if (writer === 'table') {
      const t = checkTableRows(results, style);
      ctx.io.stdout.write(await drawTable(t.head, t.rows, style));
    } else {
      ctx.io.stdout.write(checkSimple(results, input.strict, style));
    }
  }
  if (!ok) throw new EtcdctlError(`cluster check failed: ${failedChecks(results, input.strict).join(', ')}`, ExitCode.Error);
}
