#!/usr/bin/env bash
# Fuzz the scenario loader and pktcap-uw's option parser with libFuzzer, each target for a
# bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60; the targets (test/fuzz/) default to all three:
#   fuzz-pktcap-options   PktcapOptions::Parse, one command line per input
#   fuzz-scenario-loader  vswitch-sim's LoadScenario (as --validate), one file per input
#   fuzz-scenario-build   the same, and a file the loader accepts is built (not run)
#
# Installs clang and its fuzzer runtime when missing, builds the targets with clang++ in a
# build folder of their own (build-fuzz, or $VSWITCH_FUZZ_BUILD; -DVSWITCH_FUZZ=ON), and runs
# them one after another in it, under fuzz-work/<target>/:
#   seeds/    the example and test scenarios, test/fuzz/pktcap-options.seeds, the regressions
#   corpus/   what libFuzzer found interesting; kept, so that the next run goes on from it
#   crashes/  every input that crashed, hung, leaked or ran out of memory
#   log.txt   libFuzzer's output
# Prints per target the run time, executions, executions per second, coverage (cov: edges,
# ft: features) and new crashes; exits 1 when a target found something. A crashing input
# belongs in test/fuzz/regressions/<target>/ with the fix (see doc/vswitch.rst, Fuzzing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
VSWITCH_BUILD="${VSWITCH_FUZZ_BUILD:-$VSWITCH_ROOT/build-fuzz}"

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz-pktcap-options fuzz-scenario-loader fuzz-scenario-build)
fi

# Debian 12: clang is clang-14; libFuzzer's runtime (libclang_rt.fuzzer-x86_64.a) is in
# libclang-rt-14-dev, which clang-14 only recommends.
VSWITCH_PACKAGES+=(clang libclang-rt-14-dev)
vswitch_install_deps

export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"
generator=()
if [ ! -f "$VSWITCH_BUILD/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake -S "$VSWITCH_ROOT" -B "$VSWITCH_BUILD" "${generator[@]}" \
  -DCMAKE_CXX_COMPILER=clang++ -DVSWITCH_FUZZ=ON
cmake --build "$VSWITCH_BUILD" -j "$(nproc)" --target "${targets[@]}"

# Seeds: scenario files for the scenario targets, command lines for the parser.
seed_scenarios() {
  cp "$VSWITCH_ROOT"/examples/scenarios/*.json "$VSWITCH_ROOT"/test/scenarios/*.json \
     "$VSWITCH_ROOT"/test/scenarios/broken/*.json "$1"/
}
seed_pktcap() {
  local n=0 line
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    printf '%s' "$line" > "$1/seed-$n"
  done < "$VSWITCH_ROOT/test/fuzz/pktcap-options.seeds"
}

# Known leaks inside Debian's libns3 (no frame of ours) are suppressed, as in sanitize.sh.
export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$VSWITCH_ROOT/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

found=0
report=()
for target in "${targets[@]}"; do
  work="$VSWITCH_BUILD/fuzz-work/$target"
  rm -rf "$work/seeds"
  mkdir -p "$work/seeds" "$work/corpus" "$work/crashes"
  case "$target" in
    fuzz-pktcap-options)
      seed_pktcap "$work/seeds"
      dict="$VSWITCH_ROOT/test/fuzz/pktcap-options.dict"
      regressions="$VSWITCH_ROOT/test/fuzz/regressions/pktcap-options"
      ;;
    *)
      seed_scenarios "$work/seeds"
      dict="$VSWITCH_ROOT/test/fuzz/scenario.dict"
      regressions="$VSWITCH_ROOT/test/fuzz/regressions/scenario-loader"
      ;;
  esac
  if [ -d "$regressions" ]; then
    cp "$regressions"/* "$work/seeds"/ 2>/dev/null || true
  fi
  before=$(find "$work/crashes" -type f | wc -l)
  echo "== $target: ${seconds}s"
  start=$(date +%s)
  status=0
  # -timeout: an input that takes longer is a hang; -rss_limit_mb: an input that needs more
  # is a finding too. The first directory receives the new inputs.
  (cd "$work" && "$VSWITCH_BUILD/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
     -timeout=10 -rss_limit_mb=4096 -dict="$dict" -artifact_prefix="$work/crashes/" \
     corpus seeds) > "$work/log.txt" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log.txt" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$work/log.txt" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$work/log.txt" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$work/corpus" -type f | wc -l)
  new=$(( $(find "$work/crashes" -type f | wc -l) - before ))
  if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
    found=1
    echo "   FOUND (libFuzzer exit $status): $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|^fuzz-' "$work/log.txt" || true)"
    find "$work/crashes" -type f -newer "$work/seeds" | sed 's/^/   saved: /'
  fi
  report+=("$(printf '%-22s %6ss %12s %8s %7s %7s %7s %5s' "$target" "$elapsed" "${execs:-?}" \
              "${rate:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$new")")
done

echo
printf '%-22s %7s %12s %8s %7s %7s %7s %5s\n' target time executions exec/s cov ft corpus new
printf '%s\n' "${report[@]}"
echo "(cov: edges covered, ft: features; logs and inputs in $VSWITCH_BUILD/fuzz-work/<target>/)"
if [ "$found" -ne 0 ]; then
  echo "fuzz: a target found a crash, hang, leak or failed check (see above)" >&2
  exit 1
fi
