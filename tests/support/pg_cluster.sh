#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests, listening only on a unix socket inside its own folder.
#
#   pg_cluster.sh start DIR            start a fresh cluster; DIR (any folder of yours) records where it is and
#                                      gets DIR/env; prints `export MINSHENG_TEST_PG_URL=...`
#   pg_cluster.sh stop DIR             stop the cluster recorded in DIR, remove it and DIR
#   pg_cluster.sh with NAME -- CMD...  run CMD with MINSHENG_TEST_PG_URL set against a fresh cluster, always
#                                      removing the cluster afterwards; exits with CMD's exit code
#
# The cluster itself lives in a new folder under /tmp (`minsheng-pg-NAME.XXXXXX`, owned by the cluster's
# user), never inside the clone: the `postgres` user must be able to reach it whatever the clone's parents
# allow (root's home is 0700), and a unix socket path has at most 107 bytes whatever the clone's path is
# (spaces and Chinese characters included). Clusters left behind by a killed run are removed by the next one.
#
# Durability settings (fsync, synchronous_commit, full_page_writes) keep their defaults (on): the backend in
# src/db asserts them (SECURITY.md D3). Only initdb skips its own syncs (--no-sync). Works as root (the server
# runs as the `postgres` OS user via runuser) or as a normal user.
set -euo pipefail

die() {
  echo "pg_cluster.sh: $*" >&2
  exit 2
}

usage() {
  sed -n '2,9p' "$0" >&2
  exit 2
}

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      echo "$d"
      return
    fi
  fi
  # Highest installed major version first.
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -n -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      echo "$d"
      return
    fi
  done
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [[ -x "$d/initdb" ]] && { echo "$d"; return; }
  die "no PostgreSQL server binaries found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH)"
}

RUNUSER=$(command -v runuser || echo /usr/sbin/runuser)

# Runs a server-side command as the cluster owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    "$RUNUSER" -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  local port=$1
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
  return 1
}

pick_port() {
  local dir=$1 port _
  for _ in $(seq 1 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    [[ -e "$dir/.s.PGSQL.$port" ]] && continue
    port_in_use "$port" && continue
    echo "$port"
    return
  done
  die "could not find a free port"
}

# Where clusters live: a folder every user can traverse, whatever the clone's own location.
PG_ROOT=/tmp

# A new, empty cluster folder under PG_ROOT for the label NAME (a path's last part is used).
new_cluster_dir() {
  local label
  label=$(printf '%s' "$(basename -- "$1")" | LC_ALL=C tr -c 'A-Za-z0-9_-' '_' | cut -c1-24)
  mktemp -d "$PG_ROOT/minsheng-pg-${label:-test}.XXXXXX"
}

# Removes clusters of earlier runs whose owning process is gone (a run killed before its EXIT trap).
reap_stale() {
  local d owner
  for d in "$PG_ROOT"/minsheng-pg-*.*; do
    [[ -d "$d" && -f "$d/owner" ]] || continue
    owner=$(cat "$d/owner" 2>/dev/null || true)
    if [[ -n "$owner" ]] && ! kill -0 "$owner" 2>/dev/null; then
      stop_cluster "$d" >/dev/null 2>&1 || true
    fi
  done
}

# Starts a fresh cluster in the new folder DIR (made by new_cluster_dir); OWNER is the pid whose end makes
# the cluster stale. Prints the connection URL.
start_cluster() {
  local dir=$1 owner=$2
  local bindir
  bindir=$(find_bindir)
  # Unix socket paths are limited to 107 bytes: DIR/.s.PGSQL.NNNNN
  ((${#dir} <= 90)) || die "$dir is too long for a unix socket directory (max 90 characters)"
  echo "$owner" >"$dir/owner"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' OS user (apt-get install postgresql)"
    chown postgres "$dir"
    "$RUNUSER" -u postgres -- test -w "$dir" || die "user postgres cannot write to $dir"
  fi

  # From here on, a failure removes the half-made cluster.
  trap 'stop_cluster "$dir" >/dev/null 2>&1 || true' ERR

  local locale=C.UTF-8
  if ! as_owner "$bindir/initdb" -D "$dir/data" -A trust -U minsheng --no-sync -E UTF8 --locale="$locale" \
    >"$dir/initdb.log" 2>&1; then
    as_owner rm -rf "$dir/data"
    locale=C
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U minsheng --no-sync -E UTF8 --locale="$locale" \
      >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      false
    }
  fi

  local port
  port=$(pick_port "$dir")
  # fsync / synchronous_commit / full_page_writes stay at their default (on).
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -s \
    -o "-c listen_addresses='' -k '$dir' -p $port -c max_connections=100" start >/dev/null || {
    cat "$dir/server.log" >&2 || true
    false
  }
  local _
  for _ in $(seq 1 100); do
    "$bindir/pg_isready" -q -h "$dir" -p "$port" -U minsheng -d postgres && break
    sleep 0.05
  done
  "$bindir/pg_isready" -q -h "$dir" -p "$port" -U minsheng -d postgres || die "server did not become ready"
  "$bindir/psql" -X -q -h "$dir" -p "$port" -U minsheng -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE minsheng_test" >/dev/null
  trap - ERR
  echo "postgresql://minsheng@/minsheng_test?host=$dir&port=$port"
}

# Stops the cluster in DIR (pg_ctl stop -m fast) and removes DIR.
stop_cluster() {
  local dir=$1
  [[ -n "$dir" && -d "$dir" ]] || return 0
  case "$dir" in "$PG_ROOT"/minsheng-pg-*) ;; *) die "refusing to remove $dir (not a test cluster)" ;; esac
  if [[ -e "$dir/data/postmaster.pid" ]]; then
    local bindir
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 -s stop >/dev/null 2>&1 || {
      # Last resort: kill the postmaster of this cluster only (its pid is the first line of postmaster.pid).
      local pid
      pid=$(head -n1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [[ -n "$pid" ]]; then kill -QUIT "$pid" 2>/dev/null || true; fi
    }
  fi
  rm -rf "$dir"
}

cmd_start() {
  local state=$1
  [[ -n "$state" ]] || usage
  if [[ -f "$state/cluster" ]]; then
    die "$state already records a cluster (stop it first)"
  fi
  reap_stale
  mkdir -p "$state"
  local dir url
  dir=$(new_cluster_dir "$state")
  # A started cluster belongs to no process: it stays until `stop`.
  url=$(start_cluster "$dir" "")
  echo "$dir" >"$state/cluster"
  echo "export MINSHENG_TEST_PG_URL='$url'" >"$state/env"
  echo "export MINSHENG_TEST_PG_URL='$url'"
}

cmd_stop() {
  local state=$1
  [[ -n "$state" ]] || usage
  [[ -d "$state" ]] || return 0
  if [[ -f "$state/cluster" ]]; then
    stop_cluster "$(cat "$state/cluster")"
  fi
  rm -f "$state/cluster" "$state/env"
  rmdir "$state" 2>/dev/null || true
}

cmd_with() {
  local name=$1
  shift
  [[ "${1:-}" == "--" ]] || usage
  shift
  (($# > 0)) || usage
  reap_stale
  local dir
  dir=$(new_cluster_dir "$name")
  # Stop/remove the cluster however we leave.
  trap 'stop_cluster "$dir" >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  MINSHENG_TEST_PG_URL=$(start_cluster "$dir" "$$")
  export MINSHENG_TEST_PG_URL
  local rc=0
  "$@" || rc=$?
  exit "$rc"
}

(($# >= 2)) || usage
case "$1" in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  with)
    shift
    cmd_with "$@"
    ;;
  *) usage ;;
esac
