import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EtcdctlError, UsageError } from '../../core/errors.js';
import { memberArgs as etcdArgs } from '../../etcd-process/supervisor.js';

export interface DevClusterFlags {
  readonly members: string;
  readonly dataDir: string;
  readonly ports: string;
  readonly etcdBinary: string;
}

export interface DevClusterInput {
  readonly members: 1 | 3;
  /** Where members keep their data; kept on exit. Undefined: a temporary directory, removed. */
  readonly dataDir: string | undefined;
  readonly ports: 'classic' | 'free';
  /** The etcd executable; undefined: `etcd` on PATH. */
  readonly etcdBinary: string | undefined;
}

/** One member: its name and loopback ports. */
export interface MemberSpec {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
}

/** etcd's Procfile layout: infra1..3, clients on 2379/22379/32379, peers on 12380/22380/32380. */
const CLASSIC: readonly MemberSpec[] = [
  { name: 'infra1', clientPort: 2379, peerPort: 12380 },
  { name: 'infra2', clientPort: 22379, peerPort: 22380 },
  { name: 'infra3', clientPort: 32379, peerPort: 32380 },
];
/** The members: the classic layout, or the same names on the given ports (client, peer, …). */
export function memberLayout(count: 1 | 3, ports: readonly number[] | 'classic'): MemberSpec[] {
  return CLASSIC.slice(0, count).map((m, i) =>
    ports === 'classic' ? m : { name: m.name, clientPort: ports[2 * i]!, peerPort: ports[2 * i + 1]! },
  );
}

export const clientUrl = (m: MemberSpec): string => `http://127.0.0.1:${m.clientPort}`;
export const peerUrl = (m: MemberSpec): string => `http://127.0.0.1:${m.peerPort}`;

/** The etcd command line of one member (as in etcd's Procfile). */
export function memberArgs(m: MemberSpec, all: readonly MemberSpec[], dataRoot: string, token: string): string[] {
  return etcdArgs({
    name: m.name,
    dataDir: path.join(dataRoot, `${m.name}.etcd`),
    clientUrl: clientUrl(m),
    peerUrl: peerUrl(m),
    initialCluster: all.map((x) => `${x.name}=${peerUrl(x)}`).join(','),
    token,
  });
}

/** The text printed once every member is ready. */
export function banner(o: {
  version: string;
  members: readonly { spec: MemberSpec; pid: number }[];
  dataRoot: string;
  keep: boolean;
}): string {
  const endpoints = o.members.map((m) => `127.0.0.1:${m.spec.clientPort}`).join(',');
  const n = o.members.length;
  const rows = o.members.map((m) => `  ${m.spec.name}  pid ${m.pid}  client ${clientUrl(m.spec)}  peer ${peerUrl(m.spec)}\n`).join('');
  return (
    `Started a ${n}-member etcd cluster${o.version === '' ? '' : ` (etcd ${o.version})`} on 127.0.0.1:\n` +
    rows +
    `Data and logs: ${o.dataRoot}${o.keep ? '' : ' (removed when the cluster stops)'}\n` +
    '\n' +
    'Use it from another shell:\n' +
    `  export ETCDCTL_ENDPOINTS=${endpoints}\n` +
    '  etcdctl-ts endpoint status -w table\n' +
    '\n' +
    'Press Ctrl-C to stop it.\n'
  );
}

/** Where a kept data dir records its members' names and ports, so that a restart reuses them. */
export const LAYOUT_FILE = 'dev-cluster.json';

/** The layout saved in `dir` by an earlier start whose members left data there. */
export function readLayout(dir: string): MemberSpec[] | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(path.join(dir, LAYOUT_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(saved) || (saved.length !== 1 && saved.length !== 3)) return undefined;
  const specs = saved as MemberSpec[];
  const valid = specs.every((m, i) => m.name === CLASSIC[i]!.name && Number.isInteger(m.clientPort) && Number.isInteger(m.peerPort));
  if (!valid || !specs.some((m) => existsSync(path.join(dir, `${m.name}.etcd`)))) return undefined;
  return specs.map((m) => ({ name: m.name, clientPort: m.clientPort, peerPort: m.peerPort }));
}

export async function portFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function freePorts(n: number): Promise<number[]> {
  const net = await import('node:net');
  const ports = new Set<number>();
  while (ports.size < n) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
        const a = server.address();
        server.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
      });
    });
    // A user's own etcd may come back on the well-known ports; keep off them.
    if (port > 0 && port !== 2379 && port !== 2380) ports.add(port);
  }
  return [...ports];
}

/** How to find out about ports (injected so that tests never touch the well-known ones). */
export interface PortProbe {
  isFree(port: number): Promise<boolean>;
  free(n: number): Promise<number[]>;
}

/**
 * The members and their ports: those a kept data dir was created with (which must be free), else
 * free ports with --ports=free, else the classic layout, or free ports when one of its ports is
 * taken (`taken` lists them, for a warning).
 */
export async function chooseLayout(
  input: Pick<DevClusterInput, 'members' | 'ports'>,
  saved: MemberSpec[] | undefined,
  dataRoot: string,
  probe: PortProbe,
): Promise<{ layout: MemberSpec[]; taken: number[] }> {
  if (saved !== undefined) {
    if (saved.length !== input.members) {
      throw new UsageError(`${dataRoot} holds a ${saved.length}-member cluster; start it with --members=${saved.length}`);
    }
    for (const m of saved) {
      for (const p of [m.clientPort, m.peerPort]) {
        if (!(await probe.isFree(p))) throw new EtcdctlError(`port ${p} is in use, and the members in ${dataRoot} were created to use it`, 1);
      }
    }
    return { layout: saved, taken: [] };
  }
  if (input.ports === 'free') return { layout: memberLayout(input.members, await probe.free(2 * input.members)), taken: [] };
  const classic = memberLayout(input.members, 'classic');
  const taken: number[] = [];
  for (const m of classic) for (const p of [m.clientPort, m.peerPort]) if (!(await probe.isFree(p))) taken.push(p);
  if (taken.length === 0) return { layout: classic, taken };
  return { layout: memberLayout(input.members, await probe.free(2 * input.members)), taken };
}

