#!/usr/bin/env bash
# The main job: build, then report this CPU's dispatched target and every
# kernel's sampled max ULP and throughput next to the scalar loop.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
"${ACTKERN_BUILD_DIR:-build}/tools/actkern-report" "$@"
# Then actkern beside its peers (SLEEF, Eigen, oneDNN, XNNPACK, Highway
# contrib) on AVX2 when this CPU has it: installs the peers from Debian if
# missing and ends with the table kernel | actkern | fastest peer | ratio |
# max ULP of each. ACTKERN_REPORT_NO_PEERS=1 skips it.
if [ "${ACTKERN_REPORT_NO_PEERS:-0}" != 1 ]; then
  isa=AVX2
  "${ACTKERN_BUILD_DIR:-build}/tools/actkern-accuracy" --list | grep -qx "target AVX2" || isa=""
  if [ -n "$isa" ]; then
    scripts/peer-report.sh --isa "$isa" --reps 3 --min-time 0.1
    cat "${ACTKERN_BUILD_DIR:-build}/peer-report/peers.md"
  fi
fi
