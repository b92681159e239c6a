import { Command } from 'commander';
import type { EtcdClient } from '../client/client.js';
import type { MemberAddResponse, MemberListResponse } from '../client/types.js';
import type { CommandContext } from '../cli/context.js';
import { EtcdctlError, UsageError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { flag } from '../cli/flags.js';
import { GoParseError, parseUint64 } from '../cli/parse.js';
import { goQuoteString } from '../core/encode.js';

export interface MemberAddInput {
  readonly name: string;
  /** The --peer-urls text as given: etcdctl echoes it in ETCD_INITIAL_ADVERTISE_PEER_URLS. */
  readonly peerUrlsFlag: string;
  readonly peerUrls: readonly string[];
  readonly learner: boolean;
}

export interface MemberIdInput {
  readonly id: bigint;
}

export interface MemberUpdateInput extends MemberIdInput {
  readonly peerUrls: readonly string[];
}

export function memberCommand(ctx: CommandContext): Command {
  const cmd = new Command('member').summary('Membership related commands').usage('<subcommand>');

  const add = new Command('add').summary('Adds a member into the cluster').usage('<memberName> [options]').argument('[args...]');
  flag(add, 'string', 'peer-urls', '', 'comma separated peer URLs for the new member.');
  flag(add, 'bool', 'learner', 'false', 'indicates if the new member is raft learner');
  add.action((args: string[], o: { peerUrls: string; learner: boolean }) => runMemberAdd(parseMemberAddArgs(args, o), ctx));

  const remove = new Command('remove')
    .summary('Removes a member from the cluster')
    .usage('<memberID>')
    .argument('[args...]')
    .action((args: string[]) => runMemberRemove(parseMemberIdArgs(args), ctx));

  const update = new Command('update').summary('Updates a member in the cluster').usage('<memberID> [options]').argument('[args...]');
  flag(update, 'string', 'peer-urls', '', 'comma separated peer URLs for the updated member.');
  update.action((args: string[], o: { peerUrls: string }) => runMemberUpdate(parseMemberUpdateArgs(args, o), ctx));

  const list = new Command('list')
    .summary('Lists all members in the cluster')
    .description(
      'When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\n' +
        'The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.',
    )
    .argument('[args...]')
    .action(() => runMemberList(ctx));

  const promote = new Command('promote')
    .summary('Promotes a non-voting member in the cluster')
    .usage('<memberID>')
    .description('Promotes a non-voting learner member to a voting one in the cluster.')
    .argument('[args...]')
    .action((args: string[]) => runMemberPromote(parseMemberIdArgs(args), ctx));

  for (const sub of [add, remove, update, list, promote]) cmd.addCommand(sub);
  return cmd;
}

export function parseMemberAddArgs(args: readonly string[], o: { peerUrls: string; learner: boolean }): MemberAddInput {
  if (args.length < 1) throw new UsageError('member name not provided');
  if (args.length > 1) {
    let msg = 'too many arguments';
    for (const a of args) if (a.toLowerCase().startsWith('http')) msg += `, did you mean --peer-urls=${a}`;
    throw new UsageError(msg);
  }
  if (o.peerUrls === '') throw new UsageError('member peer urls not provided');
  return { name: args[0]!, peerUrlsFlag: o.peerUrls, peerUrls: o.peerUrls.split(','), learner: o.learner };
}

/** A member ID argument: hex, as strconv.ParseUint(s, 16, 64) takes it. */
export function parseMemberIdArgs(args: readonly string[]): MemberIdInput {
  if (args.length !== 1) throw new UsageError('member ID is not provided');
  try {
    return { id: parseUint64(args[0]!, 16) };
  } catch (err) {
    if (err instanceof GoParseError) throw new UsageError(`bad member ID arg (${err.message}), expecting ID in Hex`);
    throw err;
  }
}

export function parseMemberUpdateArgs(args: readonly string[], o: { peerUrls: string }): MemberUpdateInput {
  const { id } = parseMemberIdArgs(args);
  if (o.peerUrls === '') throw new UsageError('member peer urls not provided');
  return { id, peerUrls: o.peerUrls.split(',') };
}

/**
 * clientv3 checks peer URLs before sending them (types.NewURLs, "fail-fast before panic in
 * rafthttp"): the first problem as Go words it, or undefined when all are usable.
 */
export function peerUrlsProblem(urls: readonly string[]): string | undefined {
  if (urls.length === 0) return 'no valid URLs given';
  for (const raw of urls) {
    const s = raw.trim();
    const u = parseGoUrl(s);
    if (typeof u === 'string') return u;
    if (!['http', 'https', 'unix', 'unixs'].includes(u.scheme)) return `URL scheme must be http, https, unix, or unixs: ${s}`;
    if (!isHostPort(u.host)) return `URL address does not have the form "host:port": ${s}`;
    if (u.path !== '') return `URL must not contain a path: ${s}`;
  }
  return undefined;
}

/** The parts of Go's url.Parse that NewURLs looks at, or url.Parse's error text. */
function parseGoUrl(raw: string): { scheme: string; host: string; path: string } | string {
  const fail = (why: string): string => `parse ${goQuoteString(raw)}: ${why}`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail('net/url: invalid control character in URL');
  let rest = raw.split('#')[0]!;
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (rest.startsWith(':')) return fail('missing protocol scheme');
  if (m !== null) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  }
  rest = rest.split('?')[0]!;
  if (!rest.startsWith('/')) {
    // An opaque URL (`http:host`) has no host; a relative one may not have a colon up front.
    if (scheme !== '') return { scheme, host: '', path: '' };
    if (rest.split('/')[0]!.includes(':')) return fail('first path segment in URL cannot contain colon');
    return { scheme, host: '', path: rest };
  }
  if (!rest.startsWith('//')) return { scheme, host: '', path: rest };
  const authority = rest.slice(2).split('/')[0]!;
  const path = rest.slice(2 + authority.length);
  let host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return fail("missing ']' in host");
    const port = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(port)) return fail(`invalid port ${goQuoteString(port)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !/^:[0-9]*$/.test(host.slice(colon))) {
      return fail(`invalid port ${goQuoteString(host.slice(colon))} after host`);
    }
  }
  try {
    host = decodeURIComponent(host);
  } catch {
    return fail(`invalid URL escape ${goQuoteString(/%.{0,2}/.exec(host)?.[0] ?? '%')}`);
  }
  return { scheme, host, path };
}

/** Whether net.SplitHostPort accepts `s`. */
function isHostPort(s: string): boolean {
  if (s.startsWith('[')) return /^\[[^\][]*\]:[^:]*$/.test(s);
  const i = s.lastIndexOf(':');
  return i >= 0 && !s.slice(0, i).includes(':') && !/[[\]]/.test(s);
}

function checkPeerUrls(urls: readonly string[]): void {
  const problem = peerUrlsProblem(urls);
  if (problem !== undefined) throw new EtcdctlError(problem, ExitCode.Error);
}

export async function runMemberList(ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.memberList(await client.cluster.memberList({}, ctx.callOptions));
}

export async function runMemberAdd(input: MemberAddInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  checkPeerUrls(input.peerUrls);
  const resp = await client.cluster.memberAdd({ peerURLs: [...input.peerUrls], isLearner: input.learner }, ctx.callOptions);
  printer.memberAdd(resp);
  // compat(etcdctl): the environment for the new member is printed by the simple writer only.
  if (ctx.global.writeOut !== 'simple') return;
  const list = await currentMemberList(client, resp, ctx);
  const newId = resp.member?.ID ?? 0n;
  const conf = list.members.flatMap((m) => m.peerURLs.map((u) => `${m.ID === newId ? input.name : m.name}=${u}`));
  ctx.io.stdout.write(
    '\n' +
      `ETCD_NAME=${goQuoteString(input.name)}\n` +
      `ETCD_INITIAL_CLUSTER=${goQuoteString(conf.join(','))}\n` +
      `ETCD_INITIAL_ADVERTISE_PEER_URLS=${goQuoteString(input.peerUrlsFlag)}\n` +
      'ETCD_INITIAL_CLUSTER_STATE="existing"\n',
  );
}

/**
 * The member list as the member that added the new one sees it: another member may not have
 * applied the change yet, so etcdctl reads through a quorum get until it talks to the same one.
 */
async function currentMemberList(client: EtcdClient, added: MemberAddResponse, ctx: CommandContext): Promise<MemberListResponse> {
  let memberId = added.header?.member_id ?? 0n;
  for (let attempt = 0; ; attempt++) {
    const list = await client.cluster.memberList({}, ctx.callOptions);
    if ((list.header?.member_id ?? 0n) === memberId || attempt >= 10) return list;
    const got = await client.kv.range({ key: Buffer.from('_') }, ctx.callOptions);
    memberId = got.header?.member_id ?? 0n;
  }
}

export async function runMemberRemove(input: MemberIdInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.memberRemove(input.id, await client.cluster.memberRemove({ ID: input.id }, ctx.callOptions));
}

export async function runMemberUpdate(input: MemberUpdateInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  checkPeerUrls(input.peerUrls);
  printer.memberUpdate(input.id, await client.cluster.memberUpdate({ ID: input.id, peerURLs: [...input.peerUrls] }, ctx.callOptions));
}

export async function runMemberPromote(input: MemberIdInput, ctx: CommandContext): Promise<void> {
  const client = await ctx.client();
  const printer = await ctx.printer();
  printer.memberPromote(input.id, await client.cluster.memberPromote({ ID: input.id }, ctx.callOptions));
}
