import { Command } from 'commander';
import type { CommandContext } from '../../cli/context.js';
import { InterruptedError } from '../../core/errors.js';
import { Watcher } from '../../etcd/watcher.js';
import { createStyle } from '../../output/human/style.js';
import { classify, toEvent } from '../../registry/events.js';
import { matchService } from '../../registry/model.js';
import { eventJson, eventSimple } from '../../registry/print.js';
import { lookupLeases } from '../../registry/scan.js';
import type { LeaseInfo, RegNode } from '../../registry/types.js';
import { addScopeFlags, checkArgs, parseScope, registryFormat, type Scope, type ScopeFlags } from './common.js';

export interface WatchInput extends Scope {
  readonly service: string | undefined;
}

export function watchCommand(ctx: CommandContext): Command {
  const cmd = new Command('watch')
    .summary('Shows nodes coming up, changing and going down, as it happens')
    .usage('[options] [service]')
    .description(
      [
        'Prints one line per registration event, with a timestamp: up (a new key), changed (its value',
        'changed), down (its key is gone). For a node that went down it says whether its lease is gone',
        '(expired or revoked: etcd cannot tell those apart) or the key was deleted while the lease lived',
        '(a clean deregistration). Keeps watching across a member failure without losing or repeating an',
        'event; stops on Ctrl-C. Writers: simple, json (one object per line).',
      ].join('\n'),
    )
    .argument('[args...]');
  addScopeFlags(cmd);
  return cmd.action((args: string[], opts: ScopeFlags) => runWatch(parseWatchArgs(args, opts), ctx));
}

export function parseWatchArgs(args: readonly string[], o: ScopeFlags): WatchInput {
  checkArgs('watch', args, 0, 1, 'takes at most one argument: a service name');
  return { ...parseScope(o), service: args[0] };
}

export async function runWatch(input: WatchInput, ctx: CommandContext): Promise<void> {
  // A table cannot be drawn before a stream ends: simple and json only.
  const format = await registryFormat(ctx, ['simple', 'json']);
  const client = await ctx.client();
  const style = await createStyle(format === 'simple' ? ctx.io.colorStdout : 0);
  const keep = (n: RegNode): boolean =>
    (input.kinds === undefined || input.kinds.has(n.kind)) && (input.service === undefined || matchService(n, input.service));
  const range = input.watchRange;
  // One read first: an unreachable cluster is exit 2 rather than a watch retrying forever, and
  // the watch starts right after the revision it saw.
  const now = await client.kv.range({ ...range, count_only: true }, ctx.callOptions);
  const start = (now.header?.revision ?? 0n) + 1n;
  const watcher = new Watcher(client, { key: range.key, ...(range.range_end === undefined ? {} : { range_end: range.range_end }), prev_kv: true, start_revision: start }, ctx.signal);
  const cancel = await watcher.run(async (r) => {
    let out = '';
    for (const ev of r.events) {
      for (const p of classify(ev, keep)) {
        let lease: LeaseInfo | undefined;
        if (p.event === 'down' && p.node.lease !== 0n) {
          try {
            lease = (await lookupLeases(client, [p.node.lease], ctx.callOptions)).get(p.node.lease);
          } catch {
            if (ctx.signal.aborted) return;
            lease = undefined;
          }
        }
        const e = toEvent(p, lease);
        const now = new Date();
        out += format === 'json' ? eventJson(e, now) : eventSimple(e, now, style);
      }
    }
    if (out !== '') ctx.io.stdout.write(out);
  });
  if (cancel !== undefined) throw new InterruptedError(cancel.reason === '' ? 'watch is canceled by the server' : cancel.reason);
}
