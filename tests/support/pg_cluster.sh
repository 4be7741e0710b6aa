#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests, listening only on a unix socket inside DIR.
#
#   pg_cluster.sh start DIR            start a fresh cluster in DIR (must not hold one); prints
#                                      `export MINSHENG_TEST_PG_URL=...` (also written to DIR/env)
#   pg_cluster.sh stop DIR             stop it (pg_ctl stop -m fast) and remove DIR
#   pg_cluster.sh with DIR -- CMD...   run CMD with MINSHENG_TEST_PG_URL set against a fresh cluster, always
#                                      removing the cluster afterwards; exits with CMD's exit code
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

cmd_start() {
  local dir=$1
  [[ -n "$dir" ]] || usage
  local bindir
  bindir=$(find_bindir)
  if [[ -e "$dir/data/PG_VERSION" ]]; then
    die "$dir already holds a cluster (stop it first)"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  # Unix socket paths are limited to 107 bytes: DIR/.s.PGSQL.NNNNN
  ((${#dir} <= 90)) || die "$dir is too long for a unix socket directory (max 90 characters)"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' OS user"
    chown postgres "$dir"
    chmod 700 "$dir"
    "$RUNUSER" -u postgres -- test -w "$dir" || die "user postgres cannot reach $dir (check its parents' permissions)"
  fi

  # From here on, a failure removes the half-made cluster.
  trap 'cmd_stop "$dir" >/dev/null 2>&1 || true' ERR

  local locale=C.UTF-8
  if ! as_owner "$bindir/initdb" -D "$dir/data" -A trust -U minsheng --no-sync -E UTF8 --locale="$locale" \
    >"$dir/initdb.log" 2>&1; then
    rm -rf "$dir/data"
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

  local url="postgresql://minsheng@/minsheng_test?host=$dir&port=$port"
  echo "$port" >"$dir/port"
  echo "export MINSHENG_TEST_PG_URL='$url'" >"$dir/env"
  echo "export MINSHENG_TEST_PG_URL='$url'"
  MINSHENG_TEST_PG_URL=$url
  export MINSHENG_TEST_PG_URL
}

cmd_stop() {
  local dir=$1
  [[ -n "$dir" ]] || usage
  [[ -d "$dir" ]] || return 0
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

cmd_with() {
  local dir=$1
  shift
  [[ "${1:-}" == "--" ]] || usage
  shift
  (($# > 0)) || usage
  # Stop/remove the cluster however we leave.
  trap 'cmd_stop "$dir" >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [[ -e "$dir/data/PG_VERSION" ]]; then
    cmd_stop "$dir" # a leftover of an interrupted run
  fi
  cmd_start "$dir" >/dev/null
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
