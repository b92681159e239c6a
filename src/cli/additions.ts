/**
 * What etcdctl-ts adds to etcdctl's own commands and flags, listed in root help's section of our
 * additions (etcdctl's help texts stay byte-identical): [what, one line about it].
 */
export const ADDITIONS: readonly (readonly [string, string])[] = [
  ['watch --progress-notify', 'get periodic progress notifications (as etcdctl 3.5)'],
  ['get --count-only', 'get only the count, with -w fields (as etcdctl 3.5)'],
  ['del --range', 'accepted, as etcdctl 3.5 (where it only silences a warning about range_end)'],
  ['auth status', 'returns authentication status (as etcdctl 3.5)'],
  ['make-mirror --dest-user, --dest-password', 'authenticate at the destination (as etcdctl 3.5)'],
  ['--context NAME', 'use a saved context (ETCDCTL_CONTEXT; see context --help); flags and ETCDCTL_* win'],
  ['-w jsonl (get, watch)', 'one JSON object per key or event per line; get streams in pages'],
];
