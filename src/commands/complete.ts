/**
 * `etcdctl-ts __complete -- <words…> <current word>`: hidden, ours. What the completion scripts
 * (src/completion/scripts.ts) call for candidates. Commands and flags come from the command tree;
 * keys, lease IDs, member IDs and service names from the cluster the words name (their global
 * flags, ETCDCTL_* variables and context, as the command itself would use them), within a hard
 * budget: a shell must never stall on a slow or silent endpoint.
 */
import { Command } from 'commander';
import { Context, type CommandContext } from '../cli/context.js';
import { flag, flagValues, goFlags, parseArgv, type GoFlag } from '../cli/flags.js';
import type { IO } from '../core/io.js';
import { complete, formatCompletion, type Candidate, type Completion } from '../completion/engine.js';
import { lookup } from '../completion/lookup.js';
import { configFilePath } from '../config/path.js';
import { readConfig } from '../config/store.js';

/** The whole live lookup (dial, authentication, RPC) ends within this. */
export const BUDGET_MS = 300;

export function completeCommand(ctx: CommandContext): Command {
  const cmd = new Command('__complete').summary('Candidates for shell completion (used by the completion scripts)').argument('[args...]');
  (cmd as unknown as { _hidden: boolean })._hidden = true;
  flag(cmd, 'bool', 'no-descriptions', 'false', 'leave out descriptions');
  return cmd.action((args: string[], opts: { noDescriptions: boolean }) =>
    runComplete({ words: args.length === 0 ? [''] : args, descriptions: !opts.noDescriptions }, cmd.parent!, ctx),
  );
}

export interface CompleteInput {
  /** The words after the program name; the last one is being completed. */
  readonly words: readonly string[];
  readonly descriptions: boolean;
}

export async function runComplete(input: CompleteInput, root: Command, ctx: CommandContext): Promise<void> {
  const c = complete(root, input.words);
  let candidates: Candidate[] = [...c.candidates];
  if (c.lookup !== undefined) {
    // The budget is for the network (dial, authentication, RPC): load the client's code first, so
    // a busy machine's slow start does not eat it.
    if (c.lookup.kind !== 'contexts') await Promise.all([import('../client/client.js'), import('../output/printer.js')]);
    candidates = candidates.concat(await withinBudget((signal) => dynamic(c, root, ctx, signal), BUDGET_MS, ctx.signal));
  }
  if (!input.descriptions) candidates = candidates.map((x) => ({ value: x.value }));
  ctx.io.stdout.write(formatCompletion(candidates, c.directive));
}

/** `work`'s candidates, or none once `ms` have passed or anything failed: never an error. */
async function withinBudget(work: (signal: AbortSignal) => Promise<Candidate[]>, ms: number, outer: AbortSignal): Promise<Candidate[]> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  outer.addEventListener('abort', onAbort);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Candidate[]>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve([]);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal).catch(() => []), deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort();
    outer.removeEventListener('abort', onAbort);
  }
}

/** Global flags among `words` (with their values), for building the lookup's client. */
export function globalWords(root: Command, words: readonly string[]): string[] {
  const byName = new Map<string, GoFlag>();
  for (const f of goFlags(root)) {
    byName.set(`--${f.longName}`, f);
    if (f.shortName !== undefined) byName.set(`-${f.shortName}`, f);
  }
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') break;
    const f = byName.get(w.startsWith('--') ? w.split('=')[0]! : w);
    if (f === undefined) continue;
    out.push(w);
    if (f.kind !== 'bool' && !w.includes('=') && i + 1 < words.length) out.push(words[++i]!);
  }
  return out;
}

/** An IO for the lookup: no output, no password prompt (a shell cannot answer one). */
function quiet(io: IO): IO {
  const none = { write: (): void => undefined };
  return {
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    stdinLines: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) }),
    readLine: () => Promise.resolve(''),
    readPassword: () => Promise.reject(new Error('no password prompt while completing')),
    stdout: none,
    stderr: none,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    colorStdout: 0,
    colorStderr: 0,
    env: io.env,
    flush: () => Promise.resolve(),
  };
}

async function dynamic(c: Completion, root: Command, ctx: CommandContext, signal: AbortSignal): Promise<Candidate[]> {
  const { kind, prefix } = c.lookup!;
  if (kind === 'contexts') {
    const names = Object.keys(readConfig(configFilePath(ctx.io.env)).contexts);
    return names.filter((n) => n.startsWith(prefix)).map((value) => ({ value }));
  }
  const parsed = parseArgv(root, globalWords(root, c.before));
  const sub = new Context(quiet(ctx.io), signal);
  sub.setParsed(root, flagValues(root, parsed), parsed.given);
  try {
    return await lookup(await sub.client(), kind, prefix, signal);
  } finally {
    sub.close();
  }
}
