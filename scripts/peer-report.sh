#!/usr/bin/env bash
# actkern against its peers and the machine's limits, on this CPU.
#   scripts/peer-report.sh                 AVX2 and AVX3 (when runnable)
#   scripts/peer-report.sh --isa AVX2      one ISA
#   scripts/peer-report.sh --reps 5 --min-time 0.2 --filter '^exp/'
#   scripts/peer-report.sh --update-readme   also rewrite README.md's peer table
#   scripts/peer-report.sh --all-peers       also peers of kernels actkern lacks
# Installs the peers from Debian if missing (scripts/install-deps.sh --peers),
# builds Release with them, runs peers_accuracy (max ULP of every
# implementation) and peers_bench (JSON, repetitions, random interleaving),
# then writes:
#   $OUT/bench_<ISA>.json, $OUT/accuracy_<ISA>.json   raw results
#   $OUT/peers.md                                      the tables
#   docs/bench/peers.svg (or --svg PATH)               the chart
# OUT defaults to build/peer-report. Compare two runs (e.g. two CPUs, or
# before/after a change) with Google Benchmark's own tool:
#   /usr/bin/python3 /usr/share/benchmark/compare.py benchmarks A/bench_AVX2.json B/bench_AVX2.json
set -euo pipefail
cd "$(dirname "$0")/.."

isas=""
reps=5
min_time=0.2
filter=""
out="${ACTKERN_BUILD_DIR:-build}/peer-report"
svg="docs/bench/peers.svg"
readme=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) isas="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --min-time) min_time="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --svg) svg="$2"; shift 2 ;;
    --update-readme) readme=(--readme README.md); shift ;;
    --all-peers) extra+=(--all-peers); shift ;;
    *) echo "usage: $0 [--isa AVX2[,AVX3]] [--reps N] [--min-time S] [--filter RE] [--out DIR] [--svg PATH] [--update-readme] [--all-peers]" >&2
       exit 2 ;;
  esac
done

scripts/install-deps.sh --peers
build="${ACTKERN_BUILD_DIR:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTKERN_PEERS=ON >/dev/null
cmake --build "$build" -j2 --target peers_bench peers_accuracy >/dev/null
mkdir -p "$out" "$(dirname "$svg")"

if [ -z "$isas" ]; then
  isas="AVX2"
  grep -qw avx512f /proc/cpuinfo && isas="AVX2,AVX3"
fi
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
bench_args=()
acc_args=()
for isa in ${isas//,/ }; do
  echo "peer-report: $isa accuracy" >&2
  "$build/bench/peers_accuracy" --isa "$isa" --json "$out/accuracy_$isa.json" >"$out/accuracy_$isa.md"
  echo "peer-report: $isa speed ($reps repetitions)" >&2
  "$build/bench/peers_bench" --isa="$isa" "${extra[@]}" \
    --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
    --benchmark_min_time="$min_time" --benchmark_report_aggregates_only=true \
    ${filter:+--benchmark_filter="$filter"} \
    --benchmark_format=json --benchmark_out="$out/bench_$isa.json" \
    --benchmark_out_format=json >/dev/null
  bench_args+=(--bench "$out/bench_$isa.json")
  acc_args+=(--accuracy "$out/accuracy_$isa.json")
done
python3 scripts/peer_report.py "${bench_args[@]}" "${acc_args[@]}" --cpu "$cpu" \
  --markdown "$out/peers.md" --svg "$svg" "${readme[@]}"
cat "$out/peers.md"
