#!/usr/bin/env bash
# Build, then run the default test suite (every kernel on every runnable
# target, sampled sweeps, the installed-package consumer). The exhaustive
# 2^32 sweeps are not in it: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir "${ACTKERN_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
