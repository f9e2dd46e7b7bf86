#!/usr/bin/env bash
# The main job, on a fresh machine: installs what is missing, builds only
# what the report runs, then prints this CPU's dispatched target, every
# kernel's sampled max ULP and throughput next to the naive scalar loop, and
# (when the CPU has AVX2) actkern beside its peer libraries.
#
# Everything it writes goes under its own build directory:
#   ${ACTKERN_REPORT_BUILD_DIR:-build-report}/
#     install.log          apt's output, when something was missing
#     configure.log        CMake's output
#     build.log            the compiler's output
#     report.md            actkern-report's table
#     peer-report/         peers.md, throughput.png|svg and the raw JSON
# Regenerating the tracked files in docs/ is a maintainer's job, never this
# script's: see docs/maintainers.md.
#
#   ./scripts/report.sh [actkern-report args: --stride K, --n N]
#   ACTKERN_REPORT_NO_PEERS=1 ./scripts/report.sh     without the peers
set -euo pipefail
cd "$(dirname "$0")/.."

# The arguments are actkern-report's, which checks them again; checked here
# too so that a typo fails now, not after the build.
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --stride|--n)
      [ $# -ge 2 ] || { echo "report: $1 needs a value" >&2; exit 2; }
      [[ "$2" =~ ^[1-9][0-9]*$ ]] ||
        { echo "report: $1: '$2' is not a positive whole number" >&2; exit 2; }
      shift 2 ;;
    --stride=*|--n=*) shift ;;
    -h|--help)
      echo "usage: $0 [--stride K] [--n N]   (ACTKERN_REPORT_NO_PEERS=1, ACTKERN_REPORT_BUILD_DIR=DIR)"
      exit 0 ;;
    *) echo "report: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"

build=${ACTKERN_REPORT_BUILD_DIR:-build-report}
peers=1
[ "${ACTKERN_REPORT_NO_PEERS:-0}" = 1 ] && peers=0
# The peers are measured on AVX2, the ISA every x86-64 peer has a path for.
grep -qw avx2 /proc/cpuinfo 2>/dev/null || peers=0
jobs=$(nproc)
t0=$(date +%s)
step() { echo "report: [$(( $(date +%s) - t0 )) s] $*" >&2; }

mkdir -p "$build"
deps=(--report)
what="build tools, Highway"
if [ "$peers" = 1 ]; then
  deps+=(--peers)
  what+=", Google Benchmark, the peer libraries"
fi
step "checking dependencies ($what); apt's output in $build/install.log"
scripts/install-deps.sh "${deps[@]}" >"$build/install.log" ||
  { tail -n 40 "$build/install.log" >&2; exit 1; }

# Tests are not built: the report runs none of them. Benchmarks only for the
# peer comparison.
bench=OFF
targets=(actkern-report)
if [ "$peers" = 1 ]; then
  bench=ON
  targets+=(peers_bench peers_accuracy)
fi
step "configuring $build (Release, no tests)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTKERN_BUILD_TESTS=OFF \
  -DACTKERN_BUILD_BENCH="$bench" -DACTKERN_PEERS=ON >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }

plural=s; [ ${#targets[@]} -eq 1 ] && plural=""
step "building ${#targets[@]} target$plural (${targets[*]}) with $jobs jobs; log in $build/build.log"
if ! cmake --build "$build" -j"$jobs" --target "${targets[@]}" >"$build/build.log" 2>&1; then
  tail -n 40 "$build/build.log" >&2
  exit 1
fi
step "built"

step "running actkern-report: sampled sweep and speed of every kernel"
status=0
"$build/tools/actkern-report" "$@" | tee "$build/report.md" || status=$?
[ "$status" -eq 2 ] && exit 2  # a bad argument: nothing was measured

if [ "$peers" = 1 ]; then
  step "running the peer comparison on AVX2 (accuracy, then speed)"
  ACTKERN_BUILD_DIR="$build" scripts/peer-report.sh --quick --isa AVX2 --no-build
fi
step "done; results in $build/"
exit "$status"
