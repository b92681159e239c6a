#!/usr/bin/env bash
# Sets up etcdctl-ts on a fresh machine and shows it working: installs etcd (apt) and the npm
# dependencies if missing, builds, starts a private etcd on a free loopback port with a temporary
# data dir, runs a few real commands against it, and stops that etcd again (by its own pid).
#
#   bash scripts/demo.sh            # the built-in tour
#   bash scripts/demo.sh get foo    # or any etcdctl-ts command line, run against the demo etcd
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-etcd.sh
[ -d node_modules ] || { echo "--- npm ci"; npm ci --no-audit --no-fund; }
echo "--- building"
npm run --silent build >/dev/null

# shellcheck source=scripts/private-etcd.sh
. scripts/private-etcd.sh
start_private_etcd demo
dir=$etcd_dir
echo "--- etcd $(etcd --version | head -1 | cut -d' ' -f3) on $ETCDCTL_ENDPOINTS (data in $dir)"

shown() {
  local a out=()
  for a in "$@"; do
    if [[ -z "$a" || "$a" =~ [^a-zA-Z0-9_./:=-] ]]; then out+=("'$a'"); else out+=("$a"); fi
  done
  echo "${out[*]}"
}
run() {
  printf '\n$ etcdctl-ts %s\n' "$(shown "$@")"
  bin/etcdctl-ts "$@"
}
if [ $# -gt 0 ]; then
  run "$@"
  exit
fi
run put aaa 123
run get aaa
run get "" --prefix
run get aaa -w json
run get aaa -w fields
printf 'value("aaa") = "123"\n\nput aaa 124\n\nput aaa fail\n\n' >"$dir/txn"
printf '\n$ etcdctl-ts txn < txn   # %s\n' "$(head -1 "$dir/txn")"
bin/etcdctl-ts txn <"$dir/txn"
run del "" --prefix

# Our own commands: a go-micro service registered as go-micro does it, with a lease; then
# registry list, get and doctor, and the cluster's health gate.
bash scripts/demo-registry.sh
run cluster check
run ls /
