/**
 * What `cluster status|check|wait` know about a cluster: the member list joined with what each
 * member says about itself (status, health as etcdctl's `endpoint health` judges it, alarms,
 * a KV hash at one common revision). Collected from every member's client URL at once, so a
 * member that does not answer costs the others nothing; checks (checks.ts) are pure functions
 * over these facts.
 */
import type { EtcdClient } from '../client/client.js';
import { ConnectFailedError } from '../client/rpc-error.js';
import { RpcError, Status } from '../client/rpc-error.js';
import type { AlarmMember, Member, StatusResponse } from '../client/types.js';

export type Health = 'healthy' | 'unhealthy' | 'unreachable';

/** One member as seen through its own client URLs. */
export interface MemberFacts {
  readonly id: bigint;
  /** Empty for a member added but not started yet. */
  readonly name: string;
  readonly clientURLs: readonly string[];
  readonly peerURLs: readonly string[];
  /** From the member list (a learner does not vote). */
  readonly isLearner: boolean;
  readonly health: Health;
  /** Why the member is unhealthy or unreachable; '' when healthy. */
  readonly error: string;
  /** Its answer to Status; undefined when it gave none. */
  readonly status?: StatusResponse;
  /** Round trip of the health request (a linearizable get), in ms; undefined without an answer. */
  readonly latencyMs?: number;
  /** Its KV hash at the cluster's common revision; undefined when not asked or not answered. */
  readonly hash?: { readonly revision: bigint; readonly hash: number; readonly compactRevision: bigint };
  /** Why the hash could not be had ('' when it was, or was not asked for). */
  readonly hashError: string;
}

export interface ClusterFacts {
  /** In member-list order (by ID). */
  readonly members: readonly MemberFacts[];
  /** Active alarms, as any reachable member lists them; undefined when no member could say. */
  readonly alarms: readonly AlarmMember[] | undefined;
  /** Why no alarm list could be had. */
  readonly alarmsError: string;
  /** The revision every member was hashed at; undefined when none could be. */
  readonly hashRevision: bigint | undefined;
}

/** What collecting needs from the outside: clients and time limits (CommandContext supplies them). */
export interface Collector {
  /** A client for --endpoints (the member list comes from there). */
  client(): Promise<EtcdClient>;
  /** A client for one member's client URLs. */
  clientFor(urls: readonly string[]): Promise<EtcdClient>;
  /** Per-RPC limit (--command-timeout). */
  readonly commandTimeoutMs: number;
  /** How long a member may take to be connected to before it counts as unreachable (--dial-timeout). */
  readonly dialTimeoutMs: number;
  readonly signal: AbortSignal;
  /** Also hash every member's KV at one revision (cluster check's consistency). */
  readonly hash: boolean;
}

const HEALTH_KEY = new TextEncoder().encode('health');

/** The error's text as etcdctl would print it after `Error: `. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Failed before reaching the member: it is unreachable, not unhealthy. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof ConnectFailedError || (err instanceof RpcError && err.code === Status.UNAVAILABLE);
}

/** The member list; a failure to reach any endpoint is rethrown as is (the caller maps it to exit 2). */
export async function memberList(c: Collector): Promise<readonly Member[]> {
  const client = await c.client();
  const r = await client.cluster.memberList({}, { signal: c.signal, timeoutMs: c.commandTimeoutMs });
  return r.members;
}

interface Probe {
  client?: EtcdClient;
  facts: Omit<MemberFacts, 'hash' | 'hashError'>;
  alarms?: readonly AlarmMember[];
  alarmsError?: string;
}

async function probeMember(m: Member, c: Collector): Promise<Probe> {
  const base = { id: m.ID, name: m.name, clientURLs: m.clientURLs, peerURLs: m.peerURLs, isLearner: m.isLearner };
  if (m.clientURLs.length === 0) {
    return { facts: { ...base, health: 'unreachable', error: 'member not started (it has no client URLs yet)' } };
  }
  let client: EtcdClient;
  try {
    client = await c.clientFor(m.clientURLs);
  } catch (err) {
    // A client that cannot be built (a failed login) is how etcdctl's `endpoint health` fails too.
    return { facts: { ...base, health: 'unreachable', error: errorText(err) } };
  }
  let status: StatusResponse;
  try {
    // The dial timeout decides reachability: a dead member must not hold the others up for the
    // whole command timeout.
    status = await client.maintenance.status({}, { signal: c.signal, timeoutMs: Math.min(c.dialTimeoutMs, c.commandTimeoutMs) });
  } catch (err) {
    return { client, facts: { ...base, health: isUnreachable(err) ? 'unreachable' : 'unhealthy', error: errorText(err) } };
  }
  const call = { signal: c.signal, timeoutMs: c.commandTimeoutMs };
  // etcdctl's `endpoint health`: a linearizable get of "health" must go through consensus;
  // permission denied counts as healthy, the request got that far.
  const start = process.hrtime.bigint();
  let error = '';
  try {
    try {
      await client.kv.range({ key: HEALTH_KEY }, call);
    } catch (err) {
      // A learner refuses linearizable reads ("rpc not supported for learner"): a serializable
      // one shows that it serves what it has.
      if (!(m.isLearner && err instanceof RpcError && err.details.includes('learner'))) throw err;
      await client.kv.range({ key: HEALTH_KEY, serializable: true }, call);
    }
  } catch (err) {
    const denied = err instanceof RpcError && err.code === Status.PERMISSION_DENIED;
    if (!denied) error = errorText(err);
  }
  const latencyMs = Number(process.hrtime.bigint() - start) / 1e6;
  const probe: Probe = {
    client,
    facts: { ...base, health: error === '' ? 'healthy' : 'unhealthy', error, status, ...(error === '' ? { latencyMs } : {}) },
  };
  try {
    probe.alarms = (await client.maintenance.alarm({ action: 'GET' }, call)).alarms;
  } catch (err) {
    probe.alarmsError = errorText(err);
  }
  return probe;
}

async function hashAt(p: Probe, revision: bigint, c: Collector): Promise<Pick<MemberFacts, 'hash' | 'hashError'>> {
  // etcd 3.4 answers HashKV on a learner with "rpc not supported for learner".
  if (p.client === undefined || p.facts.status === undefined || p.facts.isLearner) return { hashError: '' };
  try {
    const r = await p.client.maintenance.hashKV({ revision }, { signal: c.signal, timeoutMs: c.commandTimeoutMs });
    return { hash: { revision, hash: r.hash, compactRevision: r.compact_revision }, hashError: '' };
  } catch (err) {
    return { hashError: errorText(err) };
  }
}

/** Facts about every member of `members`, asked of all of them at once. */
export async function collectFacts(members: readonly Member[], c: Collector): Promise<ClusterFacts> {
  const probes = await Promise.all(members.map((m) => probeMember(m, c)));
  const answered = probes.filter((p) => p.facts.status !== undefined);
  // One revision every member that answered has reached: the lowest they reported.
  const revisions = answered.map((p) => p.facts.status!.header?.revision ?? 0n).filter((r) => r > 0n);
  const hashRevision = c.hash && revisions.length > 0 ? revisions.reduce((a, b) => (b < a ? b : a)) : undefined;
  const hashes = await Promise.all(
    probes.map((p) => (hashRevision === undefined ? Promise.resolve({ hashError: '' }) : hashAt(p, hashRevision, c))),
  );
  // Each call of collectFacts makes new clients (a `cluster wait` loop calls it again and again).
  for (const p of probes) p.client?.close();
  const withAlarms = probes.find((p) => p.alarms !== undefined);
  return {
    members: probes.map((p, i) => ({ ...p.facts, ...hashes[i]! })),
    alarms: withAlarms?.alarms,
    alarmsError: withAlarms === undefined ? (probes.find((p) => p.alarmsError !== undefined)?.alarmsError ?? 'no member answered') : '',
    hashRevision,
  };
}

/** The member whose own status names itself leader. */
export function isLeader(m: MemberFacts): boolean {
  return m.status !== undefined && m.status.leader !== 0n && m.status.leader === m.status.header?.member_id;
}
