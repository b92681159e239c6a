# Sourced by the demo scripts: start_private_etcd NAME starts an etcd on free loopback ports with a
# temporary data dir, exports ETCDCTL_ENDPOINTS for it, waits until it answers, and arranges for it
# to be stopped (by its own pid) and its directory removed when the script exits.
start_private_etcd() {
  local name=$1 client peer
  port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
  client=$(port); peer=$(port)
  while [ "$client" = 2379 ] || [ "$peer" = 2380 ] || [ "$client" = "$peer" ]; do client=$(port); peer=$(port); done
  etcd_dir=$(mktemp -d -t "etcdctl-ts-$name.XXXXXX")
  etcd --name "$name" --data-dir "$etcd_dir/data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "$name=http://127.0.0.1:$peer" >"$etcd_dir/etcd.log" 2>&1 &
  etcd_pid=$!
  trap 'kill "$etcd_pid" 2>/dev/null; wait "$etcd_pid" 2>/dev/null; rm -rf "$etcd_dir"' EXIT
  export ETCDCTL_ENDPOINTS="127.0.0.1:$client"
  for _ in $(seq 100); do
    bin/etcdctl-ts get probe >/dev/null 2>&1 && return 0
    kill -0 "$etcd_pid" 2>/dev/null || { echo "etcd failed to start:"; tail "$etcd_dir/etcd.log"; exit 1; }
    sleep 0.1
  done
}
