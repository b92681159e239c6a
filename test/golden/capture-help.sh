#!/usr/bin/env bash
# Captures `etcdctl <command path> --help` from the Go etcdctl 3.4.23 (the oracle) for every
# command, as test/golden/help.<path joined by ->.txt; help.root.txt is `etcdctl --help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export ETCDCTL_API=3
etcdctl --help >help.root.txt
# The root help lists every runnable command path, one per line after COMMANDS:.
etcdctl --help | sed -n '/^COMMANDS:/,/^$/p' | sed '1d;$d' | cut -f2 | while read -r path; do
  [ -n "$path" ] || continue
  # shellcheck disable=SC2086
  etcdctl $path --help >"help.${path// /-}.txt"
  group=${path%% *}
  if [ "$group" != "$path" ] && [ ! -e "help.$group.txt" ]; then etcdctl "$group" --help >"help.$group.txt"; fi
done
