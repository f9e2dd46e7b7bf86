#!/usr/bin/env bash
# actkern against its peers and the machine's limits, on this CPU.
#   scripts/peer-report.sh                 AVX2 and AVX3 (when runnable)
#   scripts/peer-report.sh --isa AVX2      one ISA
#   scripts/peer-report.sh --reps 5 --min-time 0.2 --filter '^exp/'
#   scripts/peer-report.sh --quick         the kernels the goals name, typical
#                                          inputs at 4 Ki and 64 Ki floats, 3
#                                          repetitions (what report.sh runs)
#   scripts/peer-report.sh --all-peers     also peers of kernels actkern lacks
#   scripts/peer-report.sh --update-docs   also rewrite the tracked
#                                          docs/bench/peers.md table and
#                                          docs/bench/throughput.png|svg
#                                          (maintainers)
# Installs the peers from Debian if missing (scripts/install-deps.sh --peers),
# builds Release with them (--no-build: already built by the caller), runs
# peers_accuracy (max ULP of every implementation) and peers_bench (JSON,
# repetitions, random interleaving), then writes, all under OUT:
#   bench_<ISA>.json, accuracy_<ISA>.json   raw results
#   peers.md                                the tables
#   throughput.png, throughput.svg          the chart (scripts/plots.py;
#                                           skipped without python3-matplotlib)
# OUT defaults to ${ACTKERN_BUILD_DIR:-build}/peer-report. Nothing outside
# OUT and the build directory is written unless --update-docs is given.
# Compare two runs (e.g. two CPUs, or before/after a change) with Google
# Benchmark's own tool:
#   /usr/bin/python3 /usr/share/benchmark/compare.py benchmarks A/bench_AVX2.json B/bench_AVX2.json
# (scripts/install-deps.sh --compare installs it)
set -euo pipefail
cd "$(dirname "$0")/.."

# The kernels the performance goals name, and the machine limits.
goal_filter='^(exp|sigmoid|tanh|silu|gelu|gelu_tanh|softplus|mish|log_sigmoid|elu|softmax|log_softmax|softmax_backward|log_softmax_backward|limit)/'

usage() {
  echo "usage: $0 [--isa AVX2[,AVX3]] [--reps N] [--min-time S] [--filter RE] [--quick]" \
       "[--out DIR] [--all-peers] [--no-build] [--update-docs]" >&2
  exit 2
}
fail() { echo "peer-report: $*" >&2; exit 2; }
need() { [ "$2" -ge 2 ] || fail "$1 needs a value"; }

isas=""
reps=5
min_time=0.2
filter=""
build="${ACTKERN_BUILD_DIR:-build}"
out=""
update_docs=0
do_build=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) need "$1" $#; isas="$2"; shift 2 ;;
    --reps) need "$1" $#; reps="$2"; shift 2 ;;
    --min-time) need "$1" $#; min_time="$2"; shift 2 ;;
    --filter) need "$1" $#; filter="$2"; shift 2 ;;
    --out) need "$1" $#; out="$2"; shift 2 ;;
    --quick)
      reps=3; min_time=0.1; filter="$goal_filter"
      extra+=(--no-full --sizes=4096,65536); shift ;;
    --update-docs) update_docs=1; shift ;;
    --all-peers) extra+=(--all-peers); shift ;;
    --no-build) do_build=0; shift ;;
    -h|--help) usage ;;
    *) fail "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || fail "--reps: '$reps' is not a positive whole number"
[[ "$min_time" =~ ^([0-9]+\.?[0-9]*|\.[0-9]+)$ ]] && awk "BEGIN{exit !($min_time > 0)}" ||
  fail "--min-time: '$min_time' is not a positive number of seconds"
for isa in ${isas//,/ }; do
  case "$isa" in
    AVX2|AVX3) ;;
    *) fail "--isa: unknown ISA '$isa' (AVX2 or AVX3)" ;;
  esac
done
if [ "$update_docs" = 1 ] && ! /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  fail "--update-docs draws docs/bench/throughput.png|svg: /usr/bin/python3 needs matplotlib" \
       "(scripts/install-deps.sh installs python3-matplotlib)"
fi
[ -z "$out" ] && out="$build/peer-report"
mkdir -p "$out" 2>/dev/null && [ -w "$out" ] || fail "--out: cannot write into '$out'"

if [ "$do_build" = 1 ]; then
  echo "peer-report: checking the peer libraries" >&2
  scripts/install-deps.sh --peers
  echo "peer-report: configuring and building peers_bench and peers_accuracy in $build" >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTKERN_PEERS=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target peers_bench peers_accuracy >/dev/null
fi

if [ -z "$isas" ]; then
  isas="AVX2"
  grep -qw avx512f /proc/cpuinfo && isas="AVX2,AVX3"
fi
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
bench_args=()
acc_args=()
for isa in ${isas//,/ }; do
  echo "peer-report: $isa accuracy of every implementation" >&2
  "$build/bench/peers_accuracy" --isa "$isa" --json "$out/accuracy_$isa.json" >"$out/accuracy_$isa.md"
  echo "peer-report: $isa speed ($reps repetitions${filter:+, filter $filter})" >&2
  "$build/bench/peers_bench" --isa="$isa" "${extra[@]}" \
    --benchmark_repetitions="$reps" --benchmark_enable_random_interleaving=true \
    --benchmark_min_time="$min_time" --benchmark_report_aggregates_only=true \
    ${filter:+--benchmark_filter="$filter"} \
    --benchmark_format=json --benchmark_out="$out/bench_$isa.json" \
    --benchmark_out_format=json >/dev/null
  bench_args+=(--bench "$out/bench_$isa.json")
  acc_args+=(--accuracy "$out/accuracy_$isa.json")
done
echo "peer-report: tables and chart in $out" >&2
/usr/bin/python3 scripts/peer_report.py "${bench_args[@]}" "${acc_args[@]}" --cpu "$cpu" \
  --markdown "$out/peers.md"
if /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  /usr/bin/python3 scripts/plots.py "${bench_args[@]}" --throughput-dir "$out" --cpu "$cpu" >/dev/null
else
  echo "peer-report: no chart (/usr/bin/python3 has no matplotlib: scripts/install-deps.sh" \
       "installs python3-matplotlib)" >&2
fi
if [ "$update_docs" = 1 ]; then
  echo "peer-report: updating docs/bench/peers.md and docs/bench/throughput.png|svg" >&2
  /usr/bin/python3 scripts/peer_report.py "${bench_args[@]}" "${acc_args[@]}" --cpu "$cpu" \
    --doc docs/bench/peers.md
  /usr/bin/python3 scripts/plots.py "${bench_args[@]}" --throughput-dir docs/bench --cpu "$cpu" \
    --note "scripts/peer-report.sh --update-docs on $cpu ($isas)"
fi
cat "$out/peers.md"
