#!/usr/bin/env bash
# Redraws the tracked figures from a sampled run on this CPU (a maintainer's
# command: it rewrites docs/accuracy/*.png|svg, and with --bench
# docs/bench/throughput.png|svg; see docs/maintainers.md).
#   scripts/update-plots.sh              accuracy figures (about a minute)
#   scripts/update-plots.sh --bench      also a short peers_bench run and the
#                                        throughput figure (about 10 min)
#   scripts/update-plots.sh --isa AVX2   one ISA (default: AVX2, and AVX3
#                                        where the CPU has AVX-512)
#   scripts/update-plots.sh --no-build   the tools are already built
# Steps: actkern-accuracy --stride 251 --envelopes (every elementwise kernel,
# both tiers, on each ISA's target) and --softmax --envelopes; peers_accuracy
# per ISA (every 251st bit pattern, the same buckets); with --bench,
# peers_bench per ISA; then scripts/plots.py. The JSON stays in
# ${ACTKERN_BUILD_DIR:-build}/plots/. Needs the peer libraries
# (scripts/install-deps.sh --peers) and python3-matplotlib.
set -euo pipefail
cd "$(dirname "$0")/.."

bench_filter='^(exp|sigmoid|tanh|silu|gelu|gelu_tanh|softplus|mish|log_sigmoid|elu|softmax|log_softmax|limit)/'

fail() { echo "update-plots: $*" >&2; exit 2; }
isas=""
bench=0
do_build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) [ $# -ge 2 ] || fail "--isa needs a value"; isas="$2"; shift 2 ;;
    --bench) bench=1; shift ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1' (try --help)" ;;
  esac
done
for isa in ${isas//,/ }; do
  case "$isa" in
    AVX2|AVX3) ;;
    *) fail "--isa: unknown ISA '$isa' (AVX2 or AVX3)" ;;
  esac
done
if [ -z "$isas" ]; then
  isas="AVX2"
  grep -qw avx512f /proc/cpuinfo && isas="AVX2,AVX3"
fi
/usr/bin/python3 -c "import matplotlib" 2>/dev/null ||
  fail "/usr/bin/python3 has no matplotlib (scripts/install-deps.sh installs python3-matplotlib)"

build="${ACTKERN_BUILD_DIR:-build}"
data="$build/plots"
if [ "$do_build" = 1 ]; then
  scripts/install-deps.sh --peers
  targets=(actkern-accuracy peers_accuracy)
  [ "$bench" = 1 ] && targets+=(peers_bench)
  echo "update-plots: building ${targets[*]} in $build" >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DACTKERN_PEERS=ON >/dev/null
  cmake --build "$build" -j"${ACTKERN_JOBS:-$(nproc)}" --target "${targets[@]}" >/dev/null
fi
mkdir -p "$data"

echo "update-plots: actkern accuracy, every 251st float, on $isas" >&2
"$build/tools/actkern-accuracy" --target "$isas" --stride 251 \
  --envelopes "$data/envelopes.json" >"$data/sampled.txt"
"$build/tools/actkern-accuracy" --softmax --target "$isas" \
  --envelopes "$data/softmax_envelopes.json" >"$data/softmax.txt"
peers=()
benches=()
for isa in ${isas//,/ }; do
  echo "update-plots: peers' accuracy on $isa" >&2
  "$build/bench/peers_accuracy" --isa "$isa" --stride 251 \
    --json "$data/accuracy_$isa.json" >"$data/accuracy_$isa.md"
  peers+=(--peers-accuracy "$data/accuracy_$isa.json")
  if [ "$bench" = 1 ]; then
    echo "update-plots: $isa speed (3 repetitions, min time 0.05 s)" >&2
    "$build/bench/peers_bench" --isa="$isa" --no-full --benchmark_repetitions=3 \
      --benchmark_enable_random_interleaving=true --benchmark_min_time=0.05 \
      --benchmark_report_aggregates_only=true --benchmark_filter="$bench_filter" \
      --benchmark_format=json --benchmark_out="$data/bench_$isa.json" \
      --benchmark_out_format=json >/dev/null
    benches+=(--bench "$data/bench_$isa.json")
  fi
done
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
note="scripts/update-plots.sh on $cpu ($isas)"
echo "update-plots: drawing docs/accuracy/*.png|svg" >&2
/usr/bin/python3 scripts/plots.py --envelopes "$data/envelopes.json" \
  --envelopes "$data/softmax_envelopes.json" "${peers[@]}" --accuracy-dir docs/accuracy \
  --note "$note"
if [ "$bench" = 1 ]; then
  echo "update-plots: drawing docs/bench/throughput.png|svg" >&2
  /usr/bin/python3 scripts/plots.py "${benches[@]}" --throughput-dir docs/bench --cpu "$cpu" \
    --note "scripts/update-plots.sh --bench on $cpu ($isas)"
fi
