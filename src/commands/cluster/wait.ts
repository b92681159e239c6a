import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { flag } from '../../cli/flags.js';
import { GoParseError, parseGoDuration } from '../../cli/parse.js';
import { EtcdctlError, UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { describeCondition, type WaitCondition } from '../../cluster/conditions.js';
import { waitHealthy, waitKey, type Seen } from '../../cluster/wait.js';
import { goDuration } from '../../core/encode.js';
import { checkFlags, parseCheckOptions, type ClusterCheckFlags, type ClusterCheckInput } from './check.js';
import { collector, noArgs, nonNegative, ownWriter } from './shared.js';

export interface ClusterWaitFlags extends ClusterCheckFlags {
  readonly healthy: boolean;
  readonly key: string;
  readonly value: string;
  /** Whether --value was given at all (`--value ""` waits for an empty value). */
  readonly valueGiven: boolean;
  readonly deleted: boolean;
  readonly prefix: string;
  readonly count: string;
  readonly timeout: string;
}

export interface ClusterWaitInput {
  readonly condition: WaitCondition;
  readonly timeoutMs: number;
  readonly check: ClusterCheckInput;
}

export function clusterWaitCommand(ctx: CommandContext): Command {
  const cmd = new Command('wait')
    .summary('Blocks until the cluster is healthy or a key condition holds, or --timeout passes')
    .description(
      [
        'Waits for one condition:',
        '  --healthy                 `cluster check` passes (keeps trying while no endpoint answers yet)',
        '  --key K                   key K exists',
        '  --key K --value V         key K has the value V',
        '  --key K --deleted         key K does not exist',
        '  --prefix P --count N      at least N keys start with P',
        'Key conditions read once and then watch from the revision after that read: a change in',
        'between is never missed, and nothing is polled. Exit 0 when the condition holds; 1 when',
        '--timeout passes first, with what was last seen; 128 for bad arguments.',
      ].join('\n'),
    )
    .argument('[args...]');
  flag(cmd, 'bool', 'healthy', 'false', 'wait until `cluster check` passes');
  flag(cmd, 'string', 'key', '', 'wait for this key (to exist; see --value, --deleted)');
  flag(cmd, 'string', 'value', '', 'with --key: wait until the key has this value');
  flag(cmd, 'bool', 'deleted', 'false', 'with --key: wait until the key does not exist');
  flag(cmd, 'string', 'prefix', '', 'with --count: wait for keys with this prefix');
  flag(cmd, 'string', 'count', '', 'with --prefix: wait until at least this many keys have the prefix');
  flag(cmd, 'string', 'timeout', '60s', 'give up after this long (a Go duration: 500ms, 30s, 2m)');
  checkFlags(cmd);
  return cmd.action((args: string[], o: Omit<ClusterWaitFlags, 'valueGiven'>) =>
    runClusterWait(parseClusterWaitArgs(args, { ...o, valueGiven: cmd.getOptionValueSource('value') === 'cli' }), ctx),
  );
}

function parseTimeout(s: string): number {
  let ms: number;
  try {
    ms = parseGoDuration(s);
  } catch (err) {
    if (err instanceof GoParseError) throw new UsageError(`--timeout: ${err.message}`);
    throw err;
  }
  if (ms <= 0) throw new UsageError(`--timeout must be positive, got ${JSON.stringify(s)}`);
  return ms;
}

export function parseClusterWaitArgs(args: readonly string[], o: ClusterWaitFlags): ClusterWaitInput {
  noArgs('wait', args);
  const chosen = [o.healthy && '--healthy', o.key !== '' && '--key', o.prefix !== '' && '--prefix'].filter((x): x is string => x !== false);
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0 ? 'cluster wait needs a condition: --healthy, --key K or --prefix P --count N' : `cluster wait takes one condition, got ${chosen.join(' and ')}`,
    );
  }
  if ((o.valueGiven || o.deleted) && o.key === '') throw new UsageError('--value and --deleted need --key');
  if (o.valueGiven && o.deleted) throw new UsageError('--value and --deleted cannot be combined');
  if ((o.prefix === '') !== (o.count === '')) throw new UsageError('--prefix and --count go together');
  let condition: WaitCondition;
  if (o.healthy) condition = { kind: 'healthy' };
  else if (o.prefix !== '') condition = { kind: 'count', prefix: o.prefix, count: nonNegative('count', o.count) };
  else if (o.deleted) condition = { kind: 'deleted', key: o.key };
  else if (o.valueGiven) condition = { kind: 'value', key: o.key, value: o.value };
  else condition = { kind: 'exists', key: o.key };
  return { condition, timeoutMs: parseTimeout(o.timeout), check: parseCheckOptions(o) };
}

export async function runClusterWait(input: ClusterWaitInput, ctx: CommandContext): Promise<void> {
  const writer = await ownWriter(ctx, ['simple', 'json']);
  const start = Date.now();
  const timeout = AbortSignal.timeout(input.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  const last: Seen = { text: 'nothing yet' };
  const c = input.condition;
  const met =
    c.kind === 'healthy'
      ? await waitHealthy(collector(ctx, { hash: true, signal }), input.check, last)
      : await waitKey(() => ctx.clientFor(ctx.global.endpoints), c, { signal, commandTimeoutMs: ctx.global.commandTimeoutMs }, last);
  // Ctrl-C: nothing to report; bin/ raises SIGINT again (130).
  if (!met && ctx.signal.aborted) return;
  const waited = goDuration(BigInt(Date.now() - start) * 1_000_000n);
  if (!met) {
    throw new EtcdctlError(`timed out after ${goDuration(BigInt(input.timeoutMs) * 1_000_000n)} waiting for ${describeCondition(c)}; last seen: ${last.text}`, ExitCode.Error);
  }
  if (writer === 'json') {
    ctx.io.stdout.write(`{"met":true,"condition":${JSON.stringify(describeCondition(c))},"seen":${JSON.stringify(last.text)},"waited_ms":${Date.now() - start}}\n`);
  } else {
    ctx.io.stdout.write(`met after ${waited}: ${describeCondition(c)}${c.kind === 'healthy' ? '' : ` (${last.text})`}\n`);
  }
}
