// exp throughput: actkern_exp_f32 on every runnable target (forced through
// actkern_set_max_target) beside the naive std::exp loop, at 1 Ki, 16 Ki and
// 4 Mi floats. Inputs are uniform in [-20, 0], the range softmax feeds exp.
// Compare cases only within one run (the machines are noisy):
//   exp_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//             --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace {

std::vector<float> Inputs(size_t n) {
  std::mt19937 rng(123);
  std::uniform_real_distribution<float> dist(-20.0f, 0.0f);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

void SetCounters(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 8));
}

void BM_ActkernExp(benchmark::State& state, std::string target) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto x = Inputs(n);
  std::vector<float> y(n);
  if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    actkern_exp_f32(x.data(), y.data(), n);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  actkern_set_max_target(nullptr);
  SetCounters(state, n);
}

void BM_StdExpLoop(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto x = Inputs(n);
  std::vector<float> y(n);
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<int64_t> sizes = {1 << 10, 16 << 10, 4 << 20};
  for (const auto& t : actkern::catalog::RunnableTargets()) {
    auto* b = benchmark::RegisterBenchmark(("actkern_exp_f32/" + t).c_str(),
                                           BM_ActkernExp, t);
    for (int64_t n : sizes) b->Arg(n);
  }
  auto* b = benchmark::RegisterBenchmark("std_exp_loop", BM_StdExpLoop);
  for (int64_t n : sizes) b->Arg(n);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
