#!/usr/bin/env bash
# Fetches etcd and etcdctl 3.5 (Debian's etcd-server and etcd-client from sid or trixie) into a private
# folder, for the test runs against an etcd 3.5 server and the 3.5 flags' differential tests.
# Prints that folder (holding usr/bin/etcd and usr/bin/etcdctl) as its last line of stdout.
#
# The system is left alone: apt runs with its own sources list, lists and cache under the cache
# folder, and `dpkg -x` unpacks the .debs without installing them, so the installed 3.4 packages,
# /etc/apt, /var/lib/apt and /var/cache/apt stay as they were.
#
#   ETCD35_CACHE   cache folder; default $XDG_CACHE_HOME/etcdctl-ts-test/etcd35 (~/.cache/…)
#   ETCD35_SUITE   Debian suites to try, in order, until one has etcd 3.5; default "sid trixie":
#                  sid has the newest 3.5 (3.5.30 in December 2026), trixie keeps 3.5.16 once
#                  sid moves on to 3.6
#   ETCD35_MIRROR  default: the deb.debian.org-style mirror this machine's apt uses, else
#                  http://deb.debian.org/debian
#   CI=true        fetch afresh, ignoring a cached copy
# Idempotent: a cached copy whose etcd and etcdctl both say 3.5 is used as it is.
set -euo pipefail

cache="${ETCD35_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etcdctl-ts-test/etcd35}"
suites="${ETCD35_SUITE:-sid trixie}"
root="$cache/root"

log() { echo "$@" >&2; }

# grep without -q: a reader that quits early would SIGPIPE the writer under pipefail.
is_35() {
  [ -x "$root/usr/bin/etcd" ] && [ -x "$root/usr/bin/etcdctl" ] &&
    "$root/usr/bin/etcd" --version 2>/dev/null | grep '^etcd Version: 3\.5\.' >/dev/null &&
    ETCDCTL_API=3 "$root/usr/bin/etcdctl" version 2>/dev/null | grep '^etcdctl version: 3\.5\.' >/dev/null
}

if [ "${CI:-}" != true ] && is_35; then
  log "--- etcd 3.5 cached in $root"
  echo "$root"
  exit 0
fi

# The mirror host of the machine's own Debian sources (deb822 or one-line), so a machine that
# reaches only its configured mirror still works.
mirror="${ETCD35_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
    sed -n -e 's/^URIs:[[:space:]]*\(https\{0,1\}:\/\/[^[:space:]]*\/debian\)\/\{0,1\}$/\1/p' \
      -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\(https\{0,1\}:\/\/[^[:space:]]*\/debian\)\/\{0,1\}[[:space:]].*/\2/p' |
    sed -n 1p || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || { log "ensure-etcd35: $keyring missing (package debian-archive-keyring)"; exit 1; }

# Fetches etcd-server and etcd-client of Debian suite $1 and unpacks them into $root. Called in
# an `if`, where errexit is off: every step says `|| return 1`.
fetch_suite() {
  local suite=$1
  log "--- fetching etcd-server and etcd-client from Debian $suite ($mirror) into $cache"
  rm -rf "$cache"
  mkdir -p "$cache/etc/preferences.d" "$cache/lists/partial" "$cache/cache/archives/partial" "$cache/debs" "$root"
  printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$mirror" "$suite" >"$cache/etc/sources.list"
  local apt_private=(
    -o "Dir::Etc::SourceList=$cache/etc/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::Etc::Preferences=$cache/etc/preferences"
    -o "Dir::Etc::PreferencesParts=$cache/etc/preferences.d"
    -o "Dir::State::Lists=$cache/lists"
    -o "Dir::Cache=$cache/cache"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
    -o Debug::NoLocking=1
    # As root apt downloads as the _apt user, who may not write into a private folder.
    -o APT::Sandbox::User="$(id -un)"
    -o Acquire::Languages=none
  )
  apt-get "${apt_private[@]}" -q update >&2 || return 1
  # `download` fetches into the current directory without resolving or installing anything.
  (cd "$cache/debs" && apt-get "${apt_private[@]}" -q download etcd-server etcd-client >&2) || return 1
  local deb
  for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$root" || return 1; done
  # Only the unpacked tree is needed afterwards.
  rm -rf "$cache/lists" "$cache/cache" "$cache/debs"
}

for suite in $suites; do
  if fetch_suite "$suite" && is_35; then break; fi
  log "--- no etcd 3.5 from Debian $suite"
done

if ! is_35; then
  log "ensure-etcd35: $root/usr/bin/etcd or etcdctl is not 3.5:"
  "$root/usr/bin/etcd" --version >&2 || true
  ETCDCTL_API=3 "$root/usr/bin/etcdctl" version >&2 || true
  exit 1
fi
"$root/usr/bin/etcd" --version | sed -n 1p >&2
ETCDCTL_API=3 "$root/usr/bin/etcdctl" version | sed -n 1p >&2
echo "$root"
