#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for MINUTES each,
# one after the other, and prints each one's figures (runs, coverage, crashes).
#
#   scripts/fuzz.sh            # every target, 10 minutes each
#   scripts/fuzz.sh 3          # 3 minutes each
#   scripts/fuzz.sh 10 table   # only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain
# (`rustup toolchain install nightly`); without nightly, set
# RUSTC_BOOTSTRAP=1 to let the stable compiler take the sanitizer flags.
# Corpora are kept in fuzz/corpus/TARGET between runs; a crash is saved in
# fuzz/artifacts/TARGET and makes the script exit 1. Logs: fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
minutes="${1:-10}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi
mkdir -p logs
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: ${minutes} min"
  if cargo "${toolchain[@]}" fuzz run "$t" "corpus/$t" -- \
      -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 > "logs/$t.log" 2>&1; then
    result=ok
  else
    result=CRASH
    status=1
  fi
  # the last status line: runs, coverage (edges), features, corpus
  last=$(grep -E '^#[0-9]+' "logs/$t.log" | tail -1 || true)
  runs=$(grep -E '^stat::number_of_executed_units' "logs/$t.log" | awk '{print $2}' || true)
  echo "   $result; runs ${runs:-?}; last status: ${last:-none}"
  if [ "$result" = CRASH ]; then
    grep -E 'panicked|ERROR|SUMMARY' "logs/$t.log" | head -5 || true
  fi
done
exit "$status"
