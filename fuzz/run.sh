#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build/fuzz) and runs each for SECONDS_PER_TARGET (default 20; PR budget
# 60, see docs SECURITY.md T1). Past crashes in fuzz/regressions/<target>/ are replayed first. New inputs go to a
# temporary corpus (the checked-in seeds are only read); crash/timeout/OOM inputs go to build/fuzz/artifacts/.
# Prints one line per target and "fuzz: N passed, M failed"; exits non-zero if any target failed.
set -uo pipefail

secs="${1:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${root}/build/fuzz"
targets=(query_fuzz form_urlencoded_fuzz json_form_fuzz cookie_fuzz route_match_fuzz multipart_fuzz xlsx_fuzz
         csv_fuzz)
declare -A dicts=([query_fuzz]=query [form_urlencoded_fuzz]=query [route_match_fuzz]=query
                  [json_form_fuzz]=json [cookie_fuzz]=cookie [multipart_fuzz]=multipart)

CC=clang CXX=clang++ cmake -S "${root}" -B "${build}" -G Ninja -DMINSHENG_FUZZ=ON -DMINSHENG_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=Debug >"${build}.configure.log" 2>&1 ||
  { cat "${build}.configure.log"; echo "fuzz: configure failed"; exit 2; }
cmake --build "${build}" --target "${targets[@]}" || { echo "fuzz: build failed"; exit 2; }

mkdir -p "${build}/artifacts" "${build}/logs"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

passed=0
failed=0
summary=()
for t in "${targets[@]}"; do
  bin="${build}/fuzz/${t}"
  log="${build}/logs/${t}.log"
  seeds="${root}/fuzz/corpus/${t}"
  artifacts="${build}/artifacts/${t}/"
  mkdir -p "${artifacts}" "${work}/${t}"
  : >"${log}"
  opts=(-timeout=10 -rss_limit_mb=2048 "-artifact_prefix=${artifacts}")
  # Targets without a dictionary have no entry in dicts (guarded: set -u).
  dict="${dicts[$t]:-}"
  [[ -n "${dict}" && -f "${root}/fuzz/dict/${dict}.dict" ]] && opts+=("-dict=${root}/fuzz/dict/${dict}.dict")
  status=ok

  # Regressions: each file once.
  mapfile -t regressions < <(find "${root}/fuzz/regressions/${t}" -type f 2>/dev/null | sort)
  if ((${#regressions[@]})); then
    if ! "${bin}" "${opts[@]}" "${regressions[@]}" >"${build}/logs/${t}.regressions.log" 2>&1; then
      status="FAILED (regression; see ${build}/logs/${t}.regressions.log)"
    fi
  fi

  if [[ ${status} == ok ]]; then
    "${bin}" "${opts[@]}" -max_total_time="${secs}" -print_final_stats=1 "${work}/${t}" "${seeds}" >"${log}" 2>&1
    rc=$?
    if ((rc != 0)); then
      status="FAILED (exit ${rc}; see ${log}, artifacts in ${artifacts})"
    fi
  fi

  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" 2>/dev/null | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "${log}" 2>/dev/null | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "${log}" 2>/dev/null | tail -1 | cut -d' ' -f2)"
  ft="$(grep -o 'ft: [0-9]*' "${log}" 2>/dev/null | tail -1 | cut -d' ' -f2)"
  corpus="$(find "${work}/${t}" -type f | wc -l)"
  line="$(printf '%-22s %s  execs=%s exec/s=%s cov=%s ft=%s new_inputs=%s regressions=%s' "${t}" "${status%% *}" \
    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus}" "${#regressions[@]}")"
  echo "${line}"
  [[ ${status} == ok ]] || echo "  ${status}"
  summary+=("${line}")
  if [[ ${status} == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

echo "fuzz: ${passed} passed, ${failed} failed"
((failed == 0))
