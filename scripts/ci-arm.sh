#!/usr/bin/env bash
# CI part: cross-builds actkern and its tests for aarch64
# (cmake/toolchain-aarch64.cmake) and runs the whole suite under qemu-user,
# once per emulated CPU that selects a different Highway target:
#   max,sve=off       -> NEON      (128-bit)
#   max,sve-max-vq=1  -> SVE2_128  (128-bit SVE2)
#   max,sve-max-vq=2  -> SVE_256   (256-bit SVE)
#   max,sve-max-vq=4  -> SVE2      (512-bit SVE2)
#   a64fx             -> SVE       (512-bit SVE)
# One CTest entry per (test binary, CPU), label "emulated"; each fails if the
# dispatched target is not the expected one, or if it ran 0 tests
# (tests/hardening/CMakeLists.txt). The sampled sweeps use a coarser stride
# there (ACTKERN_EMULATED_SWEEP_STRIDE, default 65537).
#   ACTKERN_ARM_BUILD_DIR   build directory (default build-arm)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --cross
jobs=$(nproc)
build=${ACTKERN_ARM_BUILD_DIR:-build-arm}

t0=$(date +%s)
cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake \
  -DCMAKE_BUILD_TYPE=Release -DACTKERN_BUILD_BENCH=OFF -DACTKERN_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" -j"$jobs"
t1=$(date +%s)
echo "ci-arm: cross build $((t1 - t0)) s"
ctest --test-dir "$build" -L emulated -j"$jobs" --output-on-failure --no-tests=error
t2=$(date +%s)
echo "ci-arm: emulated runs $((t2 - t1)) s"
