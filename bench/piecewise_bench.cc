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

void BM_NaiveForward(benchmark::State& state, const actkern::catalog::UnaryKernel* k) {
  const auto x = Inputs(kN, k->bench_lo, k->bench_hi, 1);
  std::vector<float> y(kN);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) y[i] = k->naive(x[i]);
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

// The naive scalar derivatives (PyTorch's conventions at the kinks).
float NaiveReluGrad(float x) { return x > 0.0f ? 1.0f : 0.0f; }
float NaiveLeakyReluGrad(float x) { return x > 0.0f ? 1.0f : 0.01f; }
float NaiveRelu6Grad(float x) { return x > 0.0f && x < 6.0f ? 1.0f : 0.0f; }
float NaiveHardtanhGrad(float x) { return x > -1.0f && x < 1.0f ? 1.0f : 0.0f; }
float NaiveHardsigmoidGrad(float x) { return x > -3.0f && x < 3.0f ? 1.0f / 6.0f : 0.0f; }
float NaiveHardswishGrad(float x) {
  return x <= -3.0f ? 0.0f : (x < 3.0f ? x / 3.0f + 0.5f : 1.0f);
}

void BM_NaiveBackward(benchmark::State& state, float (*grad)(float)) {
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
    benchmark::RegisterBenchmark(("naive_" + k->name + "_loop").c_str(), BM_NaiveForward, k);
  }
  const struct {
    const char* name;
    float (*naive)(float);
  } backward[] = {{"relu_backward", NaiveReluGrad},
                  {"leaky_relu_backward", NaiveLeakyReluGrad},
                  {"relu6_backward", NaiveRelu6Grad},
                  {"hardtanh_backward", NaiveHardtanhGrad},
                  {"hardsigmoid_backward", NaiveHardsigmoidGrad},
                  {"hardswish_backward", NaiveHardswishGrad}};
  for (const auto& b : backward) {
    const auto* k = FindBackward(b.name);
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("actkern_" + k->name + "_f32/" + t).c_str(), BM_Backward,
                                   k, t);
    }
    benchmark::RegisterBenchmark(("naive_" + k->name + "_loop").c_str(), BM_NaiveBackward,
                                 b.naive);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
