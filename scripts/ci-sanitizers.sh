#!/usr/bin/env bash
# CI part: the whole test suite under AddressSanitizer + UndefinedBehavior-
# Sanitizer (build-asan), then the thread tests under ThreadSanitizer
# (build-tsan: threads_test, parallel_test and the first-call race). Any sanitizer report is
# fatal (-fno-sanitize-recover=all, halt_on_error).
#   ACTKERN_SANITIZER_SWEEP_STRIDE  sampled-sweep stride under ASan (default
#                                   4093; the native suite uses 251)
#   ACTKERN_TEST_POOLS             parallel_test pool set (default short)
#   ACTKERN_CI_SKIP_TSAN=1          skip the ThreadSanitizer part
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
export ACTKERN_TEST_SWEEP_STRIDE=${ACTKERN_SANITIZER_SWEEP_STRIDE:-4093}
# The pool sweeps of parallel_test with 1-3 thread pools and smaller shapes
# (tests/parallel_test.cc): the full sweep runs natively in the default suite.
export ACTKERN_TEST_POOLS=${ACTKERN_TEST_POOLS:-short}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

t0=$(date +%s)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DACTKERN_SANITIZE=address,undefined -DACTKERN_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
t1=$(date +%s)
# install_and_consume links the instrumented static library into an
# uninstrumented consumer: meaningless here, and it runs natively anyway.
ctest --test-dir build-asan -j"$jobs" --output-on-failure --no-tests=error \
  -E '^install_and_consume$'
t2=$(date +%s)
echo "ci-sanitizers: ASan+UBSan build $((t1 - t0)) s, tests $((t2 - t1)) s"

if [ "${ACTKERN_CI_SKIP_TSAN:-0}" != 1 ]; then
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DACTKERN_SANITIZE=thread -DACTKERN_BUILD_BENCH=OFF -DACTKERN_BUILD_TOOLS=OFF >/dev/null
  cmake --build build-tsan -j"$jobs" --target threads_test parallel_test first_call_race half_test
  t3=$(date +%s)
  # TSan needs the compact address layout its shadow mapping assumes; some
  # kernels randomise mmap beyond it, so run without ASLR (setarch -R).
  setarch "$(uname -m)" -R ctest --test-dir build-tsan -j"$jobs" --output-on-failure \
    --no-tests=error -R '^(Target/Threads\.|Target/Parallel\.|first_call_race|HalfThreads\.)'
  t4=$(date +%s)
  echo "ci-sanitizers: TSan build $((t3 - t2)) s, tests $((t4 - t3)) s"
fi
