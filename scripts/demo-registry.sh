#!/usr/bin/env bash
# `etcdctl-ts registry` on a simulated go-micro registration: registers a node the way go-micro's
# etcd registry does (grant a 90 s lease, put the service JSON under /micro/registry/<svc>/<node>
# with it), plus an old go-plugins node under /micro-registry/ without a lease, then runs
# `registry list`, `registry get` and `registry doctor`.
#
#   bash scripts/demo-registry.sh   # against $ETCDCTL_ENDPOINTS when set (writes two keys there),
#                                   # else a private etcd on a free loopback port, stopped at the end
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f dist/etcdctl-ts.cjs ] || npm run --silent build >/dev/null

if [ -z "${ETCDCTL_ENDPOINTS:-}" ]; then
  # shellcheck source=scripts/private-etcd.sh
  . scripts/private-etcd.sh
  start_private_etcd registry-demo
fi

run() {
  printf '\n$ etcdctl-ts %s\n' "$*"
  bin/etcdctl-ts "$@"
}
svc=go.micro.srv.greeter
node=$svc-0f1c3a52-5b8e-4a57-9d0b-7c3f6c2d9e11
ghost=$svc-2b7a1c9e-1111-4e22-8c33-445566778899
value='{"name":"'$svc'","version":"latest","metadata":null,"endpoints":[{"name":"Greeter.Hello","request":{"name":"Request","type":"Request","values":[{"name":"name","type":"string","values":null}]},"response":{"name":"Response","type":"Response","values":[{"name":"msg","type":"string","values":null}]},"metadata":{}}],"nodes":[{"id":"'$node'","address":"10.0.0.5:40417","metadata":{"broker":"http","protocol":"mucp","registry":"etcd","server":"mucp","transport":"http"}}]}'
old='{"name":"'$svc'","version":"latest","metadata":null,"endpoints":[],"nodes":[{"id":"'$ghost'","address":"10.0.0.6","port":40417,"metadata":{"broker":"http","registry":"etcdv3","server":"rpc","transport":"http"}}]}'

echo "--- a go-micro v2 node registers: a 90 s lease, then its key with that lease"
out=$(bin/etcdctl-ts lease grant 90)
echo "$out"
lease=$(echo "$out" | awk '{print $2}')
bin/etcdctl-ts put --lease="$lease" "/micro/registry/$svc/$node" "$value" >/dev/null
echo "--- an old go-plugins (v1.4) node of the same service: /micro-registry/, no lease"
bin/etcdctl-ts put "/micro-registry/$svc/$ghost" "$old" >/dev/null

run registry list
run registry get "$svc"
run registry doctor || echo "(exit $?: doctor found errors)"
