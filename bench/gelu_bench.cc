// gelu family throughput: gelu, gelu_tanh and their backward kernels on
// every runnable target (forced through actkern_set_max_target) beside the
// naive std:: scalar loop, at 16 Ki floats. Inputs are uniform in [-5, 5]
// (the catalogue's bench range). Compare cases only within one run:
//   gelu_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
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
  const auto x = Inputs(kN, -5.0f, 5.0f, 1);
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

// The naive scalar derivatives, as a framework would write them with std::.
float NaiveGeluGrad(float x) {
  const float cdf = 0.5f * std::erfc(-x * 0.70710678f);
  return cdf + x * 0.39894228f * std::exp(-0.5f * x * x);
}
float NaiveGeluTanhGrad(float x) {
  const float k = 0.7978846f, a = 0.044715f;
  const float t = std::tanh(k * (x + a * x * x * x));
  return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * k * (1.0f + 3.0f * a * x * x);
}

void BM_NaiveBackward(benchmark::State& state, float (*grad)(float)) {
  const auto x = Inputs(kN, -5.0f, 5.0f, 1);
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
  for (const char* name : {"gelu", "gelu_tanh"}) {
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
  } backward[] = {{"gelu_backward", NaiveGeluGrad}, {"gelu_tanh_backward", NaiveGeluTanhGrad}};
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
