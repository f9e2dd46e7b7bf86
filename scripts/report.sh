#!/usr/bin/env bash
# The main job: build, then report this CPU's dispatched target and every
# kernel's sampled max ULP and throughput next to the scalar loop.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
"${ACTKERN_BUILD_DIR:-build}/tools/actkern-report" "$@"
