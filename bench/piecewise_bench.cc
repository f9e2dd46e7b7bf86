// Piecewise activations' throughput: relu, leaky_relu (0.01), relu6,
// hardtanh (-1, 1), hardsigmoid, hardswish and their backward kernels on
// every runnable target (forced through actkern_set_max_target) beside the
// naive std:: scalar loop, at 16 Ki floats. Inputs are uniform in the
// catalogue's bench range (backward: [-8, 8]). Compare cases only within one
// run (the naive loops of these trivial functions are auto-vectorised by the
// compiler, so the ratios are small):
//   piecewise_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//              --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace {

constexpr size_t kN = 16 << 10;

std::vector<float> Inputs(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

void SetCounters(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void BM_Forward(benchmark::State& state, const actkern::catalog::UnaryKernel* k,
                std::string target) {
  const auto x = Inputs(kN, k->bench_lo, k->bench_hi, 1);
  std::vector<float> y(kN);
  if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    k->run(x.data(), y.data(), kN);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  actkern_set_max_target(nullptr);
  SetCounters(state, kN);
}

// The naive loop with the formula inlined (a template, not a function
// pointer), so the compiler may vectorise it as it would in a framework.
template <class F>
void NaiveForward(benchmark::State& state, float lo, float hi, F f) {
  const auto x = Inputs(kN, lo, hi, 1);
  std::vector<float> y(kN);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) y[i] = f(x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN);
}

void BM_Backward(benchmark::State& state, const actkern::catalog::BackwardKernel* k,
                 std::string target) {
  const auto x = Inputs(kN, -8.0f, 8.0f, 1);
  const auto dy = Inputs(kN, -1.0f, 1.0f, 2);
  std::vector<float> dx(kN);
  if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    k->run(x.data(), dy.data(), dx.data(), kN);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  actkern_set_max_target(nullptr);
  SetCounters(state, kN);
}

template <class F>
void NaiveBackward(benchmark::State& state, F grad) {
  const auto x = Inputs(kN, -8.0f, 8.0f, 1);
  const auto dy = Inputs(kN, -1.0f, 1.0f, 2);
  std::vector<float> dx(kN);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) dx[i] = grad(x[i]) * dy[i];
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN);
}

}  // namespace

int main(int argc, char** argv) {
  using actkern::catalog::FindBackward;
  using actkern::catalog::FindUnary;
  const auto targets = actkern::catalog::RunnableTargets();
  for (const char* name :
       {"relu", "leaky_relu", "relu6", "hardtanh", "hardsigmoid", "hardswish"}) {
    const auto* k = FindUnary(name);
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("actkern_" + k->name + "_f32/" + t).c_str(), BM_Forward,
                                   k, t);
    }
    const auto* b = FindBackward(k->name + "_backward");
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("actkern_" + b->name + "_f32/" + t).c_str(), BM_Backward,
                                   b, t);
    }
  }
  // Naive std:: loops (PyTorch's conventions at the kinks for derivatives).
  auto fwd = [](const char* name, auto f) {
    const auto* k = FindUnary(name);
    benchmark::RegisterBenchmark((std::string("naive_") + name + "_loop").c_str(),
                                 [k, f](benchmark::State& s) {
                                   NaiveForward(s, k->bench_lo, k->bench_hi, f);
                                 });
  };
  auto bwd = [](const char* name, auto g) {
    benchmark::RegisterBenchmark((std::string("naive_") + name + "_backward_loop").c_str(),
                                 [g](benchmark::State& s) { NaiveBackward(s, g); });
  };
  fwd("relu", [](float x) { return std::max(x, 0.0f); });
  fwd("leaky_relu", [](float x) { return x > 0.0f ? x : 0.01f * x; });
  fwd("relu6", [](float x) { return std::min(std::max(x, 0.0f), 6.0f); });
  fwd("hardtanh", [](float x) { return std::min(std::max(x, -1.0f), 1.0f); });
  fwd("hardsigmoid", [](float x) { return std::min(std::max(x / 6.0f + 0.5f, 0.0f), 1.0f); });
  fwd("hardswish",
      [](float x) { return x * std::min(std::max(x + 3.0f, 0.0f), 6.0f) / 6.0f; });
  bwd("relu", [](float x) { return x > 0.0f ? 1.0f : 0.0f; });
  bwd("leaky_relu", [](float x) { return x > 0.0f ? 1.0f : 0.01f; });
  bwd("relu6", [](float x) { return x > 0.0f && x < 6.0f ? 1.0f : 0.0f; });
  bwd("hardtanh", [](float x) { return x > -1.0f && x < 1.0f ? 1.0f : 0.0f; });
  bwd("hardsigmoid", [](float x) { return x > -3.0f && x < 3.0f ? 1.0f / 6.0f : 0.0f; });
  bwd("hardswish",
      [](float x) { return x <= -3.0f ? 0.0f : (x < 3.0f ? x / 3.0f + 0.5f : 1.0f); });
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
