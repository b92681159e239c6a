/**
 * Host names from the hosts file, read by us, as Go's resolver reads it for etcdctl: a name the
 * file lists (`localhost`, a cluster's names in /etc/hosts) is dialled at those addresses without
 * node:dns. Node's dns.lookup first asks whether the name is an IP address with a regular
 * expression whose first use compiles for ~12 ms, then starts getaddrinfo (~5 ms more): that made
 * `--endpoints localhost:2379` ~15 ms slower to start than `127.0.0.1:2379`. A name the file
 * does not list goes to grpc-js's dns: resolver as before.
 *
 * The addresses are tried in the file's order (Debian's and macOS's files list 127.0.0.1 before
 * ::1 for localhost); glibc's getaddrinfo would sort them by RFC 6724, usually IPv6 first.
 * Either way, an address that refuses the connection is followed by the next.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The hosts file: ETCDCTL_TS_HOSTS_FILE, else the system's. */
export function hostsFile(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string {
  if (env.ETCDCTL_TS_HOSTS_FILE !== undefined && env.ETCDCTL_TS_HOSTS_FILE !== '') return env.ETCDCTL_TS_HOSTS_FILE;
  if (platform === 'win32') return join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'drivers', 'etc', 'hosts');
  return '/etc/hosts';
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A cheap check (not Node's net.isIP, see above): dotted quad, or hex groups and colons. */
function isAddress(s: string): boolean {
  const m = IPV4.exec(s);
  if (m !== null) return m.slice(1).every((p) => Number(p) <= 255);
  // IPv6, possibly ending in a dotted quad; zone indexes (fe80::1%eth0) are left to getaddrinfo.
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && s.split(':').length <= 9;
}

/** The addresses `text` (a hosts file) lists for `name`, in its order, without repeats. */
export function hostsAddresses(text: string, name: string): string[] {
  const want = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const hash = raw.indexOf('#');
    const fields = (hash < 0 ? raw : raw.slice(0, hash)).trim().split(/\s+/);
    if (fields.length < 2 || !isAddress(fields[0]!)) continue;
    if (fields.slice(1).some((n) => n.toLowerCase().replace(/\.$/, '') === want) && !out.includes(fields[0]!)) out.push(fields[0]!);
  }
  return out;
}

/** The addresses the hosts file lists for `name`; none when it lists none or cannot be read. */
export function lookupHostsFile(name: string, file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return [];
  }
  return hostsAddresses(text, name);
}
