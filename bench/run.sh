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
rps[projects_list]=$(run projects_list "/api/v1/projects?pageSize=20" "$office")
rps[project_detail]=$(run project_detail "/api/v1/projects/1" "$village")
# Submissions (issue 5) on the demo year: the office's review queue and the town's ledger for the year 2020.
rps[review_queue]=$(run review_queue "/api/v1/submissions?queue=true&pageSize=20" "$office")
rps[ledger_year]=$(run ledger_year "/api/v1/quota-ledger?period=2020" "$office")
rps[ledger_month]=$(run ledger_month "/api/v1/quota-ledger?period=2020-06" "$office")

# Import speed (issue 4): a 1,000-row catalogue as CSV (create), then the same 1,000 rows as the XLSX the export
# produces, imported again by code (upsert). Wall time of the whole request, validation and writes included.
csrf=$(curl -s -H "Cookie: $office" "http://127.0.0.1:$port/api/v1/auth/me" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
{
  printf '\xef\xbb\xbf编号,项目名称,类别,牵头单位,配合单位,年度变化,计划投资（万元）,受益人数,建设地点,纬度,经度,坐标系,目标任务,政策内容,通俗解读\r\n'
  for i in $(seq 1 1000); do
    printf 'B-%04d,压测项目%d,工程类,城建办,东风村、红旗村,新增,%d.25,%d,民生镇东风村,31.8,117.2,CGCS2000,道路硬化：3.5公里；路灯：20盏,按照实施办法执行。,群众看得懂的解读。\r\n' "$i" "$i" "$i" "$((i * 3))"
  done
} >"$work/import.csv"
import_ms() {  # import_ms FILE MODE -> milliseconds (fails loudly on a non-200)
  local t0 t1 code
  t0=$(date +%s%N)
  code=$(curl -s -o "$work/import.out" -w '%{http_code}' -H "Cookie: $office" -H "X-CSRF-Token: $csrf" \
    -H "Origin: http://127.0.0.1:$port" -F "file=@$1" -F year=2030 -F "mode=$2" \
    "http://127.0.0.1:$port/api/v1/projects/import")
  t1=$(date +%s%N)
  [ "$code" = 200 ] || { echo "bench: import answered $code: $(head -c 300 "$work/import.out")" >&2; exit 1; }
  echo $(((t1 - t0) / 1000000))
}
import_csv_ms=$(import_ms "$work/import.csv" create)
curl -s -o "$work/export.xlsx" -H "Cookie: $office" "http://127.0.0.1:$port/api/v1/projects/export?year=2030&format=xlsx"
import_xlsx_ms=$(import_ms "$work/export.xlsx" upsert)

mkdir -p reports
{
  echo "{"
  echo "  \"seconds_per_route\": $secs, \"connections\": 16, \"threads\": 2,"
  echo "  \"requests_per_second\": {"
  first=1
  for k in healthz me users_list org_tree org_list_village projects_list project_detail review_queue ledger_year ledger_month; do
    [ $first -eq 1 ] || echo ","
    printf '    "%s": %s' "$k" "${rps[$k]}"
    first=0
  done
  echo
  echo "  },"
  echo "  \"import_1000_rows_ms\": {\"csv_create\": $import_csv_ms, \"xlsx_upsert\": $import_xlsx_ms}"
  echo "}"
} >reports/bench.json
printf '%-18s %12s %10s %9s\n' route "req/s" "vs healthz" "mean ms"
for k in healthz me users_list org_tree org_list_village projects_list project_detail review_queue ledger_year ledger_month; do
  awk -v k="$k" -v r="${rps[$k]}" -v h="${rps[healthz]}" 'BEGIN { printf "%-18s %12.0f %9.2f %9.2f\n", k, r, r / h, 16000 / r }'
done
printf 'import of 1,000 rows: CSV (create) %s ms, XLSX (upsert) %s ms\n' "$import_csv_ms" "$import_xlsx_ms"
