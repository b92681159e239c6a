#!/usr/bin/env bash
# Makes sure etcd and etcdctl 3.4 (and the shells the completion tests drive) are installed (Debian's etcd-server and etcd-client, the
# oracle of the compat tests), installing them with apt-get when they are missing. Used by
# .ci/run, `npm test` and scripts/demo.sh, so a fresh machine needs nothing done by hand.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
  apt_get() { sudo -E apt-get "$@"; }
else
  apt_get() { apt-get "$@"; }
fi

# grep without -q and no `head`: a reader that quits early would SIGPIPE the writer, and under
# pipefail that turns a good install into a failure.
have_etcd_34() {
  command -v etcd >/dev/null 2>&1 && command -v etcdctl >/dev/null 2>&1 &&
    etcd --version 2>/dev/null | grep '^etcd Version: 3\.4\.' >/dev/null &&
    ETCDCTL_API=3 etcdctl version 2>/dev/null | grep '^etcdctl version: 3\.4\.' >/dev/null
}

if have_etcd_34; then
  echo "--- etcd and etcdctl 3.4 already installed; skipping apt-get"
else
  echo "--- installing etcd-server and etcd-client"
  systemd=false
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemd=true; fi
  # A service that was already there belongs to someone else; only one the install starts is ours
  # to stop.
  pidfile=/var/run/etcd.pid
  service_before=false
  if [ -e "$pidfile" ] || { [ "$systemd" = true ] && systemctl is-active --quiet etcd.service; }; then
    service_before=true
  fi
  # The tests start their own etcd on free ports; keep the package from starting a system one
  # on 2379 (what Debian's own Docker images do with policy-rc.d).
  if [ "$(id -u)" = 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt_get update
  apt_get install -y etcd-server etcd-client
  if [ "$service_before" = false ]; then
    if [ "$systemd" = true ]; then
      systemctl disable --now etcd.service >/dev/null 2>&1 || true
    elif [ -e "$pidfile" ]; then
      # Not `/etc/init.d/etcd stop`: its fallback kills every /usr/bin/etcd on the machine.
      start-stop-daemon --stop --quiet --oknodo --pidfile "$pidfile" --exec /usr/bin/etcd \
        --retry TERM/10/KILL/5 || true
    fi
  fi
  command -v etcd >/dev/null && command -v etcdctl >/dev/null ||
    { echo "etcd/etcdctl not on PATH after apt-get install" >&2; exit 1; }
  # The compat tests take etcdctl 3.4.23 (Debian bookworm) as the oracle; another release may
  # differ in output, which is worth a loud note but not a refusal to run.
  have_etcd_34 || echo "WARNING: installed etcd/etcdctl is not 3.4; compat tests may fail" >&2
fi

# The completion tests drive real zsh and fish (bash is there already); under CI=true a missing
# shell fails them rather than skipping them.
if ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  echo "--- installing zsh and fish (completion tests)"
  apt_get update
  apt_get install -y zsh fish
fi
