#!/usr/bin/env bash
# The public portal's speed against its budget (issues 3, 4 and 5), in one run of the release binary on a fresh
# SQLite demo town: wrk --latency at 32 connections on /healthz, on the (cached) home page /, on a demo
# project's page /p/2020-01, on the year's catalogue /projects and on the news column /news (issue 5; it is
# measured whatever the demo holds: an empty column is a page too, "暂无信息动态"); each page's ratio to healthz, and the
# server's idle RSS after start-up. Requests send Accept-Encoding: gzip like every browser. Prints a table and appends a dated line with the commit to
# bench/RESULTS.md. Never a timed assertion in tests.
#   bench/portal.sh [SECONDS_PER_ROUTE]   (default 10; MINSHENG_BENCH_BIN=path skips the release build)
# Budget: each page ≥ 80 % of /healthz req/s; each page's p99 < 10 ms; idle RSS < 40 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
conns=32
threads=2
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo; $sudo_cmd apt-get install -y -q wrk >/dev/null; }
if [ -n "${MINSHENG_BENCH_BIN:-}" ]; then  # an already built release binary
  bin="$MINSHENG_BENCH_BIN"
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target minsheng >/dev/null
  bin="$PWD/build/release/minsheng"
fi

work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }; rm -rf "$work"' EXIT
export MINSHENG_DB="sqlite:$work/bench.db" MINSHENG_KEY_FILE="$work/bench.key"
"$bin" demo --password 'Bench-Pass-2026!' >/dev/null
port=$((20000 + RANDOM % 20000))
printf 'access_log = false\n' >"$work/minsheng.toml"
# From another folder: the templates, stylesheet and share image come from the binary.
(cd "$work" && exec "$bin" --config "$work/minsheng.toml" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1) &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }
sleep 1
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
project_path=/p/2020-01  # the first of the demo loader's 33 projects (2020-01 … 2020-33)
news_path=/news
for page in / "$project_path" /projects "$news_path"; do
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' "http://127.0.0.1:$port$page")
  [ "$status" = 200 ] || { echo "bench/portal.sh: GET $page answered $status" >&2; exit 1; }
  grep -q '<title>' "$work/page.html" || { echo "bench/portal.sh: $page has no <title>" >&2; exit 1; }
done

to_ms() {  # wrk latency "123.45us" / "1.23ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
declare -A rps p50 p99
measure() {  # measure NAME PATH
  local out
  # Every request says Accept-Encoding: gzip, as browsers and WeChat do (pages are kept gzipped in the cache).
  wrk -t"$threads" -c"$conns" -d1s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$2" >/dev/null  # warm-up
  out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$2")
  if echo "$out" | grep -q 'Non-2xx'; then
    echo "bench/portal.sh: $2 answered non-2xx responses" >&2
    echo "$out" >&2
    exit 1
  fi
  rps[$1]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50[$1]=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99[$1]=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
}
measure healthz /healthz
measure home /
measure project "$project_path"
measure projects /projects
measure news "$news_path"
rss_after_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")

ratio_of() { awk -v a="${rps[$1]}" -v b="${rps[healthz]}" 'BEGIN { printf "%.2f", a / b }'; }
ratio=$(ratio_of home)
project_ratio=$(ratio_of project)
projects_ratio=$(ratio_of projects)
news_ratio=$(ratio_of news)
# How many items the measured page holds (0 while the demo has no published news: the page says 暂无).
news_items=$(curl -s "http://127.0.0.1:$port$news_path" | { grep -o '<li class="item' || true; } | wc -l | tr -d ' ')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
rss_after_mb=$(awk -v k="$rss_after_kb" 'BEGIN { printf "%.1f", k / 1024 }')
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "ok" : "OVER BUDGET") }'; }
ratio_verdict() { verdict "$(awk -v r="$1" 'BEGIN { print (r >= 0.80) }')"; }
p99_verdict() { verdict "$(awk -v p="${p99[$1]}" 'BEGIN { print (p < 10) }')"; }
rss_ok=$(verdict "$(awk -v m="$rss_mb" 'BEGIN { print (m < 40) }')")

echo "portal bench: wrk -t$threads -c$conns -d${secs}s --latency, release build, SQLite demo town, $(nproc) CPUs"
printf '%-10s %12s %10s %10s   %s\n' route "req/s" "p50 ms" "p99 ms" path
for k in healthz home project projects news; do
  case $k in healthz) path=/healthz ;; home) path=/ ;; project) path=$project_path ;; projects) path=/projects ;; news) path=$news_path ;; esac
  printf '%-10s %12.0f %10s %10s   %s\n' "$k" "${rps[$k]}" "${p50[$k]}" "${p99[$k]}" "$path"
done
printf 'home ÷ healthz       %s   (budget ≥ 0.80: %s)\n' "$ratio" "$(ratio_verdict "$ratio")"
printf 'project ÷ healthz    %s   (budget ≥ 0.80: %s)\n' "$project_ratio" "$(ratio_verdict "$project_ratio")"
printf 'projects ÷ healthz   %s   (budget ≥ 0.80: %s)\n' "$projects_ratio" "$(ratio_verdict "$projects_ratio")"
printf 'news ÷ healthz       %s   (budget ≥ 0.80: %s; %s items on the page)\n' "$news_ratio" "$(ratio_verdict "$news_ratio")" "$news_items"
for k in home project projects news; do
  printf '%-9s p99         %s ms (budget < 10 ms: %s)\n' "$k" "${p99[$k]}" "$(p99_verdict "$k")"
done
printf 'idle RSS         %s MB (budget < 40 MB: %s); after the runs %s MB\n' "$rss_mb" "$rss_ok" "$rss_after_mb"

results=bench/RESULTS.md
# The table's columns since the project pages (issue 4); older files get a new table under their old one.
table_header='| date (UTC) | commit | host, CPUs | healthz req/s | healthz p50/p99 ms | home req/s | home p50/p99 ms | home ÷ healthz | project req/s | project p50/p99 ms | project ÷ healthz | projects req/s | projects p50/p99 ms | projects ÷ healthz | news req/s | news p50/p99 ms | news ÷ healthz (items) | idle RSS MB |'
if [ ! -f "$results" ]; then
  cat >"$results" <<'HEADER'
# Portal bench results

Appended by `bench/portal.sh` (`make bench`): wrk `--latency`, 32 connections, release build, fresh SQLite demo
town, on the machine named. Budget: each page (home `/`, project `/p/2020-01`, catalogue `/projects`) ≥ 80 % of
`/healthz` req/s, p99 < 10 ms; idle RSS < 40 MB. From issue 5 on, the news column `/news` too.
HEADER
fi
if ! grep -qF "$table_header" "$results"; then
  printf '\nFrom issue 5 on, with the news column `/news` (its item count on the first page in brackets):\n\n%s\n%s\n' \
    "$table_header" '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|' >>"$results"
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit+dirty"
printf '| %s | %s | %s, %s | %.0f | %s / %s | %.0f | %s / %s | %s | %.0f | %s / %s | %s | %.0f | %s / %s | %s | %.0f | %s / %s | %s (%s) | %s |\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$(hostname -s 2>/dev/null || echo host)" "$(nproc)" \
  "${rps[healthz]}" "${p50[healthz]}" "${p99[healthz]}" "${rps[home]}" "${p50[home]}" "${p99[home]}" "$ratio" \
  "${rps[project]}" "${p50[project]}" "${p99[project]}" "$project_ratio" \
  "${rps[projects]}" "${p50[projects]}" "${p99[projects]}" "$projects_ratio" \
  "${rps[news]}" "${p50[news]}" "${p99[news]}" "$news_ratio" "$news_items" "$rss_mb" >>"$results"
echo "appended to $results"
