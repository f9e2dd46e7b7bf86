// log activations throughput: every forward and backward kernel of the family
// on every runnable target (forced through actkern_set_max_target) beside the
// naive std:: scalar loop, at 16 Ki floats. Forward inputs are uniform in the
// catalogue's bench range of each kernel (log: [0.01, 100], log1p:
// [-0.9, 100], the others: [-20, 20]); backward kernels use the forward
// kernel's range and dy uniform in [-1, 1].
// Compare cases only within one run (the machines are noisy):
//   log_activations_bench --benchmark_repetitions=5
//       --benchmark_enable_random_interleaving=true
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace {

constexpr size_t kN = 16 << 10;

std::vector<float> Uniform(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

void SetCounters(benchmark::State& state, size_t n, size_t bytes_per_item) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * bytes_per_item));
}

void BM_Forward(benchmark::State& state, const actkern::catalog::UnaryKernel* k,
                std::string target) {
  const auto x = Uniform(kN, k->bench_lo, k->bench_hi, 123);
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
  SetCounters(state, kN, 8);
}

void BM_ForwardNaive(benchmark::State& state, const actkern::catalog::UnaryKernel* k) {
  const auto x = Uniform(kN, k->bench_lo, k->bench_hi, 123);
  std::vector<float> y(kN);
  float (*naive)(float) = k->naive;
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) y[i] = naive(x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN, 8);
}

// The naive std:: formulas of the gradients.
float Sigmoid(float z) { return 1.0f / (1.0f + std::exp(-z)); }
struct NaiveBackward {
  const char* name;
  float (*grad)(float x, float dy);
};
const NaiveBackward kNaiveBackward[] = {
    {"log_backward", [](float x, float dy) { return dy / x; }},
    {"log1p_backward", [](float x, float dy) { return dy / (1.0f + x); }},
    {"softplus_backward", [](float x, float dy) { return dy * Sigmoid(x); }},
    {"softplus_beta2_backward", [](float x, float dy) { return dy * Sigmoid(2.0f * x); }},
    {"log_sigmoid_backward", [](float x, float dy) { return dy * Sigmoid(-x); }},
    {"mish_backward",
     [](float x, float dy) {
       const float t = std::tanh(std::log1p(std::exp(x)));
       return dy * (t + x * Sigmoid(x) * (1.0f - t * t));
     }},
};

void BM_Backward(benchmark::State& state, const actkern::catalog::BackwardKernel* k,
                 const actkern::catalog::UnaryKernel* fwd, std::string target) {
  const auto x = Uniform(kN, fwd->bench_lo, fwd->bench_hi, 123);
  const auto dy = Uniform(kN, -1.0f, 1.0f, 321);
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
  SetCounters(state, kN, 12);
}

void BM_BackwardNaive(benchmark::State& state, const actkern::catalog::UnaryKernel* fwd,
                      float (*grad)(float, float)) {
  const auto x = Uniform(kN, fwd->bench_lo, fwd->bench_hi, 123);
  const auto dy = Uniform(kN, -1.0f, 1.0f, 321);
  std::vector<float> dx(kN);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) dx[i] = grad(x[i], dy[i]);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN, 12);
}

}  // namespace

int main(int argc, char** argv) {
  namespace cat = actkern::catalog;
  const auto targets = cat::RunnableTargets();
  for (const char* name :
       {"log", "log1p", "softplus", "softplus_beta2", "log_sigmoid", "mish"}) {
    const cat::UnaryKernel* k = cat::FindUnary(name);
    if (k == nullptr) continue;
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("actkern_" + k->name + "/" + t).c_str(), BM_Forward, k, t);
    }
    benchmark::RegisterBenchmark(("std_" + k->name + "_loop").c_str(), BM_ForwardNaive, k);
  }
  for (const NaiveBackward& nb : kNaiveBackward) {
    const cat::BackwardKernel* k = cat::FindBackward(nb.name);
    if (k == nullptr) continue;
    const cat::UnaryKernel* fwd = cat::FindUnary(k->forward);
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("actkern_" + k->name + "/" + t).c_str(), BM_Backward, k,
                                   fwd, t);
    }
    benchmark::RegisterBenchmark(("std_" + k->name + "_loop").c_str(), BM_BackwardNaive, fwd,
                                 nb.grad);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
