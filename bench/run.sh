#!/usr/bin/env bash
# Throughput of API routes as ratios to the same server's /healthz, measured in one run (never as timed
# assertions). Builds the release binary, loads the demo town into a temporary database, and drives the server
# with wrk on loopback. Writes reports/bench.json and prints a table.
#   bench/run.sh [SECONDS_PER_ROUTE]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-5}"
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -q wrk >/dev/null; }
cmake --preset release >/dev/null
cmake --build --preset release --target minsheng >/dev/null
bin="$PWD/build/release/minsheng"

work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export MINSHENG_DB="sqlite:$work/bench.db" MINSHENG_KEY_FILE="$work/bench.key"
"$bin" demo --password 'Bench-Pass-2026!' >/dev/null
port=$((20000 + RANDOM % 20000))
printf 'access_log = false\n' >"$work/minsheng.toml"
"$bin" --config "$work/minsheng.toml" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

login() {  # prints the session cookie of a demo account
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Bench-Pass-2026!\"}" "http://127.0.0.1:$port/api/v1/auth/login" |
    tr -d '\r' | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip'
}
office=$(login office)
village=$(login village01)

run() {  # run NAME PATH [COOKIE] -> requests/s
  local out
  out=$(wrk -t2 -c16 -d"${secs}s" ${3:+-H "Cookie: $3"} "http://127.0.0.1:$port$2")
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}
declare -A rps
rps[healthz]=$(run healthz /healthz)
rps[me]=$(run me /api/v1/auth/me "$office")
rps[users_list]=$(run users_list "/api/v1/users?pageNum=1&pageSize=20" "$office")
rps[org_tree]=$(run org_tree /api/v1/org-units/tree "$office")
rps[org_list_village]=$(run org_list_village "/api/v1/org-units?pageSize=50" "$village")

mkdir -p reports
{
  echo "{"
  echo "  \"seconds_per_route\": $secs, \"connections\": 16, \"threads\": 2,"
  echo "  \"requests_per_second\": {"
  first=1
  for k in healthz me users_list org_tree org_list_village; do
    [ $first -eq 1 ] || echo ","
    printf '    "%s": %s' "$k" "${rps[$k]}"
    first=0
  done
  echo
  echo "  }"
  echo "}"
} >reports/bench.json
printf '%-18s %12s %10s\n' route "req/s" "vs healthz"
for k in healthz me users_list org_tree org_list_village; do
  awk -v k="$k" -v r="${rps[$k]}" -v h="${rps[healthz]}" 'BEGIN { printf "%-18s %12.0f %9.2f\n", k, r, r / h }'
done
