#!/usr/bin/env bash
# CI part: builds the libFuzzer targets (fuzz/) with Debian's clang-14 under
# AddressSanitizer, with the library coverage-instrumented, and runs each for
# a bounded time starting from the seed corpus in fuzz/corpus/<target>/ (new
# inputs go to a scratch directory, never into the repository). A failed
# semantic check or a sanitizer report stops the fuzzer and fails the part;
# the crashing input is left in build-fuzz/crashes/ and the fuzzer's whole
# report is printed.
#
# Build cost, measured: clang-14 with ASan + UBSan + coverage at -O1 over the
# AVX2, SSE4 and fallback copies of every kernel took 55 minutes of CI's 90
# (the instrumented optimiser on Highway's inlined code). So this build is
# ASan + coverage only, at -O0, for AVX2 and the fallback (EMU128 with
# clang): about 10 s, and still ~1000 executions/s. UBSan runs in the GCC
# sanitizer part (scripts/ci-sanitizers.sh) over every test.
#   ACTKERN_FUZZ_SECONDS   seconds per target (default 45; five targets)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz
jobs=$(nproc)
seconds=${ACTKERN_FUZZ_SECONDS:-45}

t0=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACTKERN_SANITIZE=address,fuzzer-no-link -DACTKERN_SANITIZE_OPT=-O0 \
  "-DACTKERN_DISABLED_TARGETS=HWY_AVX3|HWY_AVX3_DL|HWY_SSSE3|HWY_SSE4" \
  -DACTKERN_BUILD_FUZZ=ON -DACTKERN_BUILD_TESTS=OFF -DACTKERN_BUILD_BENCH=OFF \
  -DACTKERN_BUILD_TOOLS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs"
t1=$(date +%s)
echo "ci-fuzz: build $((t1 - t0)) s"

mkdir -p build-fuzz/crashes
status=0
for f in unary backward args softmax gated; do
  scratch=build-fuzz/corpus-$f
  rm -rf "$scratch" && mkdir -p "$scratch"
  log=build-fuzz/$f.log
  s=$(date +%s)
  # -jobs would fight the other CI parts for the 2 cores: one process each.
  if "build-fuzz/fuzz/${f}_fuzz" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/${f}- \
      "$scratch" "fuzz/corpus/$f" >"$log" 2>&1; then
    tail -n 4 "$log"
    echo "ci-fuzz: ${f}_fuzz ran $(( $(date +%s) - s )) s, no failure"
  else
    grep -v '^#[0-9]' "$log" | tail -n 60
    echo "ci-fuzz: ${f}_fuzz FAILED after $(( $(date +%s) - s )) s"
    status=1
  fi
done
exit $status
