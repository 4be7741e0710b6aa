#!/usr/bin/env bash
# Print artwork time (issue 7; budget: one board < 100 ms): how long `minsheng print` takes to lay out and
# render one sign board of the demo town (2020-01) as PDF, PNG and SVG at 120×80 cm, plus the 240×120 cm
# board, the window poster and a two-up leaflet as PDF. Builds the release binary, loads `demo` (the demo
# town) into a temporary SQLite database, then runs each command RUNS times after one warm-up and takes the
# median of the time the command reports ("已生成 FILE（…，渲染 X ms，共 Y ms）": the artwork and its
# rendering, without the database and start-up) and of the process's wall time. Prints a table and inserts
# a dated line with the commit into the print table of bench/RESULTS.md. Never a timed assertion in tests.
#   bench/print.sh [RUNS]   (default 9; MINSHENG_BENCH_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-9}"
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
"$bin" demo --password 'Bench-Pass-2026!' >"$work/demo.out" 2>&1 || { cat "$work/demo.out" >&2; exit 1; }
now_ns() { date +%s%N; }
median() {  # numbers on stdin, one a line -> the median (the mean of the middle two for an even count)
  sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
declare -A render_ms wall_ms sizes
names=()
measure() {  # measure NAME EXT ARGS...: medians of RUNS runs of `print ARGS --out FILE`
  local name=$1 ext=$2 i s e out
  shift 2
  names+=("$name")
  : >"$work/render" && : >"$work/wall"
  "$bin" print "$@" --out "$work/warm.$ext" 2>"$work/err" ||
    { echo "bench/print.sh: print $* failed:" >&2; cat "$work/err" >&2; exit 1; }
  for i in $(seq "$runs"); do
    out="$work/$name-$i.$ext"
    s=$(now_ns)
    "$bin" print "$@" --out "$out" 2>"$work/err" ||
      { echo "bench/print.sh: print $* failed:" >&2; cat "$work/err" >&2; exit 1; }
    e=$(now_ns)
    [ -s "$out" ] || { echo "bench/print.sh: $out is empty" >&2; exit 1; }
    sed -n 's/.*渲染 \([0-9.]*\) ms.*/\1/p' "$work/err" | tail -1 >>"$work/render"
    echo $(((e - s) / 1000000)) >>"$work/wall"
  done
  [ -s "$work/render" ] && [ -n "$(head -1 "$work/render")" ] ||
    { echo "bench/print.sh: no 渲染 time from print:" >&2; cat "$work/err" >&2; exit 1; }
  render_ms[$name]=$(median <"$work/render")
  wall_ms[$name]=$(median <"$work/wall")
  sizes[$name]=$(stat -c %s "$out")
}
measure sign-120x80-pdf pdf sign --project 2020-01 --format pdf
measure sign-120x80-png png sign --project 2020-01 --format png
measure sign-120x80-svg svg sign --project 2020-01 --format svg
measure sign-240x120-pdf pdf sign --project 2020-01 --format pdf --size 240x120
measure sign-a4-hant-pdf pdf sign --project 2020-01 --format pdf --size a4 --script hant
measure poster-pdf pdf poster --project 2020-05 --format pdf
measure leaflet-two-up-pdf pdf leaflet --project 2020-05 --format pdf --two-up

echo "print bench: demo town, median of $runs runs, release build, SQLite, $(nproc) CPUs"
printf '%-20s %10s %10s %10s\n' artwork "render ms" "wall ms" bytes
for name in "${names[@]}"; do
  printf '%-20s %10s %10s %10s\n' "$name" "${render_ms[$name]}" "${wall_ms[$name]}" "${sizes[$name]}"
done

results=bench/RESULTS.md
table_header='| date (UTC) | commit | host, CPUs | board 120×80 pdf / png / svg ms | board 240×120 pdf ms | A4 proof hant pdf ms | poster pdf ms | leaflet two-up pdf ms |'
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit+dirty"
cell() { echo "${render_ms[$1]} (${wall_ms[$1]})"; }
row=$(printf '| %s | %s | %s, %s | %s / %s / %s | %s | %s | %s | %s |' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$commit" "$(hostname -s 2>/dev/null || echo host)" "$(nproc)" \
  "$(cell sign-120x80-pdf)" "$(cell sign-120x80-png)" "$(cell sign-120x80-svg)" "$(cell sign-240x120-pdf)" \
  "$(cell sign-a4-hant-pdf)" "$(cell poster-pdf)" "$(cell leaflet-two-up-pdf)")
touch "$results"
if ! grep -qF "$table_header" "$results"; then  # a new section before the portal's (which appends at the end)
  section=$(printf '## Print artwork (issue 7)\n\nInserted by `bench/print.sh` (`make bench`): render ms (the time `minsheng print` reports: the\nartwork and its rendering, without start-up and the database) with the wall time of the whole command in\nbrackets; median of the runs after one warm-up, release build. Budget: one board < 100 ms.\n\n%s\n%s' \
    "$table_header" '|---|---|---|---|---|---|---|---|')
  awk -v section="$section" '
    /^## Portal/ && !done { print section; print ""; done = 1 }
    { print }
    END { if (!done) { print ""; print section } }' "$results" >"$work/with-section.md"
  cp "$work/with-section.md" "$results"
fi
# The row goes under the table's last row (other benches append their rows at the end of the file).
awk -v header="$table_header" -v row="$row" '
  $0 == header { in_table = 1 }
  in_table && !/^\|/ { print row; in_table = 0; done = 1 }
  { print }
  END { if (in_table && !done) print row }' "$results" >"$work/results.md"
cp "$work/results.md" "$results"
echo "inserted into $results"
