#!/usr/bin/env bash
# Circular generation time (issue 6): how long `minsheng circular` takes to build the June 2020 circular of the
# demo town and of the whole demo county (`--county`: one snapshot over every town's units), in each format.
# Builds the release binary, loads `demo --scale county` (the demo town plus generated towns, ≈ 400 units)
# into a temporary SQLite database (its load time is reported too), then runs each command RUNS times after
# one warm-up and takes the median of the time the command reports ("已生成 FILE（N 个单位，X ms）": snapshot
# and rendering, without start-up) and of the process's wall time. Prints a table and inserts a dated line
# with the commit into the circulars table of bench/RESULTS.md. Never a timed assertion in tests.
#   bench/circulars.sh [RUNS]   (default 5; MINSHENG_BENCH_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
period=2020-06
formats=(docx pdf xlsx html)
if [ -n "${MINSHENG_BENCH_BIN:-}" ]; then  # an already built release binary
  bin="$MINSHENG_BENCH_BIN"
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target minsheng >/dev/null
  bin="$PWD/build/release/minsheng"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MINSHENG_DB="sqlite:$work/bench.db" MINSHENG_KEY_FILE="$work/bench.key"
now_ns() { date +%s%N; }
t0=$(now_ns)
"$bin" demo --scale county --password 'Bench-Pass-2026!' >"$work/demo.out" 2>&1 ||
  { cat "$work/demo.out" >&2; exit 1; }
t1=$(now_ns)
demo_s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
# "县级规模：演示县共 15 个镇、405 个单位；…"
towns=$(sed -n 's/.*共 \([0-9]*\) 个镇、\([0-9]*\) 个单位.*/\1/p' "$work/demo.out")
all_units=$(sed -n 's/.*共 \([0-9]*\) 个镇、\([0-9]*\) 个单位.*/\2/p' "$work/demo.out")
[ -n "$towns" ] || { echo "bench/circulars.sh: demo --scale county did not report its towns" >&2; cat "$work/demo.out" >&2; exit 1; }

median() {  # numbers on stdin, one a line -> the median (the mean of the middle two for an even count)
  sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
declare -A gen_ms wall_ms units sizes
measure() {  # measure NAME FORMAT [ARGS...]: medians of RUNS runs into gen_ms[NAME,FORMAT], wall_ms[...]
  local name=$1 fmt=$2 i s e out n
  shift 2
  : >"$work/gen" && : >"$work/wall"
  "$bin" circular --period "$period" --format "$fmt" --out "$work/warm.$fmt" "$@" 2>"$work/err" ||
    { echo "bench/circulars.sh: circular $* --format $fmt failed:" >&2; cat "$work/err" >&2; exit 1; }
  for i in $(seq "$runs"); do
    out="$work/$name-$i.$fmt"
    s=$(now_ns)
    "$bin" circular --period "$period" --format "$fmt" --out "$out" "$@" 2>"$work/err" ||
      { echo "bench/circulars.sh: circular $* --format $fmt failed:" >&2; cat "$work/err" >&2; exit 1; }
    e=$(now_ns)
    [ -s "$out" ] || { echo "bench/circulars.sh: $out is empty" >&2; exit 1; }
    # "已生成 FILE（N 个单位，X ms）"
    n=$(sed -n 's/.*（\([0-9]*\) 个单位，\([0-9.]*\) *ms）.*/\1/p' "$work/err" | tail -1)
    sed -n 's/.*（\([0-9]*\) 个单位，\([0-9.]*\) *ms）.*/\2/p' "$work/err" | tail -1 >>"$work/gen"
    echo $(((e - s) / 1000000)) >>"$work/wall"
  done
  [ -n "$n" ] || { echo "bench/circulars.sh: no 已生成 line from circular:" >&2; cat "$work/err" >&2; exit 1; }
  units[$name]=$n
  gen_ms[$name,$fmt]=$(median <"$work/gen")
  wall_ms[$name,$fmt]=$(median <"$work/wall")
  sizes[$name,$fmt]=$(stat -c %s "$out")
}
for fmt in "${formats[@]}"; do
  measure town "$fmt"
  measure county "$fmt" --county
done

echo "circulars bench: $period, median of $runs runs, release build, SQLite, $(nproc) CPUs"
echo "demo --scale county: ${demo_s} s ($towns towns, $all_units units)"
printf '%-8s %-7s %6s %14s %10s %10s\n' scope format units "generation ms" "wall ms" bytes
for name in town county; do
  for fmt in "${formats[@]}"; do
    printf '%-8s %-7s %6s %14s %10s %10s\n' "$name" "$fmt" "${units[$name]}" "${gen_ms[$name,$fmt]}" \
      "${wall_ms[$name,$fmt]}" "${sizes[$name,$fmt]}"
  done
done

results=bench/RESULTS.md
table_header='| date (UTC) | commit | host, CPUs | demo --scale county s (towns / units) | units town / county | docx ms town / county | pdf ms town / county | xlsx ms town / county | html ms town / county |'
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit+dirty"
cell() { echo "${gen_ms[town,$1]} (${wall_ms[town,$1]}) / ${gen_ms[county,$1]} (${wall_ms[county,$1]})"; }
row=$(printf '| %s | %s | %s, %s | %s (%s / %s) | %s / %s | %s | %s | %s | %s |' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$(hostname -s 2>/dev/null || echo host)" "$(nproc)" \
  "$demo_s" "$towns" "$all_units" "${units[town]}" "${units[county]}" \
  "$(cell docx)" "$(cell pdf)" "$(cell xlsx)" "$(cell html)")
touch "$results"
if ! grep -qF "$table_header" "$results"; then  # a new section at the end
  printf '\n## Circular generation (issue 6)\n\nInserted by `bench/circulars.sh`.\n\n%s\n%s\n' \
    "$table_header" '|---|---|---|---|---|---|---|---|---|' >>"$results"
fi
# The row goes under the table's last row (bench/portal.sh appends its rows at the end of the file).
awk -v header="$table_header" -v row="$row" '
  $0 == header { in_table = 1 }
  in_table && !/^\|/ { print row; in_table = 0; done = 1 }
  { print }
  END { if (in_table && !done) print row }' "$results" >"$work/results.md"
cp "$work/results.md" "$results"
echo "inserted into $results"
