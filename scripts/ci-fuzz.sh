#!/usr/bin/env bash
# CI part: builds the libFuzzer targets (fuzz/) with Debian's clang-14 under
# ASan + UBSan, with the library coverage-instrumented, and runs each for a
# bounded time starting from the seed corpus in fuzz/corpus/<target>/ (new
# inputs go to a scratch directory, never into the repository). A failed
# semantic check or a sanitizer report stops the fuzzer and fails the part;
# the crashing input is left in build-fuzz/crashes/.
#   ACTKERN_FUZZ_SECONDS   seconds per target (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz
jobs=$(nproc)
seconds=${ACTKERN_FUZZ_SECONDS:-30}

t0=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACTKERN_SANITIZE=address,undefined,fuzzer-no-link -DACTKERN_BUILD_FUZZ=ON \
  -DACTKERN_BUILD_TESTS=OFF -DACTKERN_BUILD_BENCH=OFF -DACTKERN_BUILD_TOOLS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs"
t1=$(date +%s)
echo "ci-fuzz: build $((t1 - t0)) s"

mkdir -p build-fuzz/crashes
for f in unary backward args; do
  scratch=build-fuzz/corpus-$f
  rm -rf "$scratch" && mkdir -p "$scratch"
  s=$(date +%s)
  # -jobs would fight the other CI parts for the 2 cores: one process each.
  "build-fuzz/fuzz/${f}_fuzz" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/${f}- \
    "$scratch" "fuzz/corpus/$f" 2>&1 | tail -n 12
  echo "ci-fuzz: ${f}_fuzz ran $(( $(date +%s) - s )) s"
done
