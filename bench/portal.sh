#!/usr/bin/env bash
# The public portal's speed against its budget (issue 3), in one run of the release binary on a fresh SQLite
# demo town: wrk --latency at 32 connections on /healthz and on the (cached) home page /, the ratio
# home ÷ healthz, and the server's idle RSS after start-up. Prints a table and appends a dated line with the
# commit to bench/RESULTS.md. Never a timed assertion in tests.
#   bench/portal.sh [SECONDS_PER_ROUTE]   (default 10; MINSHENG_BENCH_BIN=path skips the release build)
# Budget: home ≥ 80 % of /healthz req/s; home p99 < 10 ms; idle RSS < 40 MB.
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
home_status=$(curl -s -o "$work/home.html" -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$home_status" = 200 ] || { echo "bench/portal.sh: GET / answered $home_status" >&2; exit 1; }
grep -q '<title>' "$work/home.html" || { echo "bench/portal.sh: the home page has no <title>" >&2; exit 1; }

to_ms() {  # wrk latency "123.45us" / "1.23ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}
declare -A rps p50 p99
measure() {  # measure NAME PATH
  local out
  wrk -t"$threads" -c"$conns" -d1s "http://127.0.0.1:$port$2" >/dev/null  # warm-up (fills the page cache)
  out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port$2")
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
rss_after_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")

ratio=$(awk -v a="${rps[home]}" -v b="${rps[healthz]}" 'BEGIN { printf "%.2f", a / b }')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
rss_after_mb=$(awk -v k="$rss_after_kb" 'BEGIN { printf "%.1f", k / 1024 }')
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "ok" : "OVER BUDGET") }'; }
ratio_ok=$(verdict "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.80) }')")
p99_ok=$(verdict "$(awk -v p="${p99[home]}" 'BEGIN { print (p < 10) }')")
rss_ok=$(verdict "$(awk -v m="$rss_mb" 'BEGIN { print (m < 40) }')")

echo "portal bench: wrk -t$threads -c$conns -d${secs}s --latency, release build, SQLite demo town, $(nproc) CPUs"
printf '%-10s %12s %10s %10s\n' route "req/s" "p50 ms" "p99 ms"
for k in healthz home; do
  printf '%-10s %12.0f %10s %10s\n' "$k" "${rps[$k]}" "${p50[$k]}" "${p99[$k]}"
done
printf 'home ÷ healthz   %s   (budget ≥ 0.80: %s)\n' "$ratio" "$ratio_ok"
printf 'home p99         %s ms (budget < 10 ms: %s)\n' "${p99[home]}" "$p99_ok"
printf 'idle RSS         %s MB (budget < 40 MB: %s); after the runs %s MB\n' "$rss_mb" "$rss_ok" "$rss_after_mb"

results=bench/RESULTS.md
if [ ! -f "$results" ]; then
  cat >"$results" <<'HEADER'
# Portal bench results

Appended by `bench/portal.sh` (`make bench`): wrk `--latency`, 32 connections, release build, fresh SQLite demo
town, on the machine named. Budget: home ≥ 80 % of `/healthz` req/s, home p99 < 10 ms, idle RSS < 40 MB.

| date (UTC) | commit | host, CPUs | healthz req/s | healthz p50/p99 ms | home req/s | home p50/p99 ms | home ÷ healthz | idle RSS MB |
|---|---|---|---|---|---|---|---|---|
HEADER
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit+dirty"
printf '| %s | %s | %s, %s | %.0f | %s / %s | %.0f | %s / %s | %s | %s |\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$(hostname -s 2>/dev/null || echo host)" "$(nproc)" \
  "${rps[healthz]}" "${p50[healthz]}" "${p99[healthz]}" "${rps[home]}" "${p50[home]}" "${p99[home]}" \
  "$ratio" "$rss_mb" >>"$results"
echo "appended to $results"
