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

port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
client=$(port); peer=$(port)
while [ "$client" = 2379 ] || [ "$peer" = 2380 ] || [ "$client" = "$peer" ]; do client=$(port); peer=$(port); done
dir=$(mktemp -d -t etcdctl-ts-demo.XXXXXX)
etcd --name demo --data-dir "$dir/data" \
  --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "demo=http://127.0.0.1:$peer" >"$dir/etcd.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

export ETCDCTL_ENDPOINTS="127.0.0.1:$client"
for _ in $(seq 100); do
  bin/etcdctl-ts get probe >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "etcd failed to start:"; tail "$dir/etcd.log"; exit 1; }
  sleep 0.1
done
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
