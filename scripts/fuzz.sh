#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 30), one at a time, on a nightly
# toolchain with cargo-fuzz (installed from crates.io if missing), debug assertions and overflow
# checks on. Without a nightly toolchain it says so and exits 0. Prints each target's executions
# (libFuzzer's final stats); a crash fails the run and leaves its input in fuzz/artifacts/<target>/
# (copy it into fixtures/fuzz/<target>/ so that `cargo test` replays it).
#
#     scripts/fuzz.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(header signal annotations wav csv mat analyze files)
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain (cargo +nightly): fuzz targets not run"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked >/dev/null 2>&1 || {
    echo "fuzz: cargo-fuzz could not be installed: fuzz targets not run"
    exit 0
  }
fi
python3 scripts/make_fuzz_corpus.py >/dev/null || echo "fuzz: seeding the corpus failed; starting from empty corpora"
cd fuzz
cargo +nightly fuzz build -a -O || exit 1
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  cargo +nightly fuzz run -a -O "$t" "corpus/$t" -- -max_total_time="$secs" -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "fuzz $t: ${runs:-?} executions in $secs s (exit $rc)"
  if [ $rc -ne 0 ]; then
    status=1
    tail -60 "$log"
    ls "artifacts/$t" 2>/dev/null
  fi
  rm -f "$log"
done
exit $status
