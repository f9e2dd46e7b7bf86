// exp-family activation throughput: every catalogued exp-family kernel
// (forward and backward) on every runnable target (forced through
// actkern_set_max_target) beside the naive std:: scalar loop, at 16 Ki floats.
// Inputs are uniform in the kernel's catalogued bench range (for backward
// kernels: the forward kernel's range, mapped through it for sigmoid/tanh, and
// dy uniform in [-1, 1]). Compare cases only within one run:
//   exp_activations_bench --benchmark_repetitions=5
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

using actkern::catalog::BackwardKernel;
using actkern::catalog::UnaryKernel;

constexpr size_t kN = 16 << 10;

const char* const kFamily[] = {"expm1", "sigmoid", "tanh", "silu",  "swish_beta1.5",
                               "elu",   "elu_alpha0.5", "selu", "celu", "celu_alpha0.5"};

std::vector<float> Uniform(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

void SetCounters(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void BM_Actkern(benchmark::State& state, const UnaryKernel* k, std::string target) {
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
  SetCounters(state, kN);
}

void BM_Naive(benchmark::State& state, const UnaryKernel* k) {
  const auto x = Uniform(kN, k->bench_lo, k->bench_hi, 123);
  std::vector<float> y(kN);
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) y[i] = k->naive(x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN);
}

// The backward kernel's first input: x, or y = forward(x).
std::vector<float> BackwardInput(const BackwardKernel& b, const UnaryKernel& f) {
  auto x = Uniform(kN, f.bench_lo, f.bench_hi, 123);
  if (b.takes_y) {
    std::vector<float> y(kN);
    f.run(x.data(), y.data(), kN);
    return y;
  }
  return x;
}

void BM_ActkernBackward(benchmark::State& state, const BackwardKernel* b,
                        const UnaryKernel* f, std::string target) {
  const auto in = BackwardInput(*b, *f);
  const auto dy = Uniform(kN, -1.0f, 1.0f, 7);
  std::vector<float> dx(kN);
  if (actkern_set_max_target(target.c_str()) != ACTKERN_OK) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    b->run(in.data(), dy.data(), dx.data(), kN);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  actkern_set_max_target(nullptr);
  SetCounters(state, kN);
}

// The naive backward loop: the plain float formula of each derivative,
// written the way a framework would (std::exp per element), resolved once
// outside the timed loop.
using NaiveFn = float (*)(float in, float dy);
float NaiveSigma(float t) { return 1.0f / (1.0f + std::exp(-t)); }
NaiveFn NaiveBackward(const std::string& name) {
  if (name == "expm1_backward") return [](float x, float g) { return g * std::exp(x); };
  if (name == "sigmoid_backward") return [](float y, float g) { return g * y * (1.0f - y); };
  if (name == "tanh_backward") return [](float y, float g) { return g * (1.0f - y * y); };
  if (name == "silu_backward") {
    return [](float x, float g) {
      const float s = NaiveSigma(x);
      return g * s * (1.0f + x * (1.0f - s));
    };
  }
  if (name == "swish_beta1.5_backward") {
    return [](float x, float g) {
      const float t = 1.5f * x, s = NaiveSigma(t);
      return g * s * (1.0f + t * (1.0f - s));
    };
  }
  if (name == "elu_backward" || name == "celu_backward") {
    return [](float x, float g) { return x > 0.0f ? g : g * std::exp(x); };
  }
  if (name == "elu_alpha0.5_backward") {
    return [](float x, float g) { return x > 0.0f ? g : g * 0.5f * std::exp(x); };
  }
  if (name == "selu_backward") {
    return [](float x, float g) {
      return x > 0.0f ? g * 1.0507009873554805f : g * 1.7580993408473766f * std::exp(x);
    };
  }
  if (name == "celu_alpha0.5_backward") {
    return [](float x, float g) { return x > 0.0f ? g : g * std::exp(x / 0.5f); };
  }
  return nullptr;
}

void BM_NaiveBackward(benchmark::State& state, const BackwardKernel* b,
                      const UnaryKernel* f) {
  const auto in = BackwardInput(*b, *f);
  const auto dy = Uniform(kN, -1.0f, 1.0f, 7);
  std::vector<float> dx(kN);
  const NaiveFn fn = NaiveBackward(b->name);
  if (fn == nullptr) {
    state.SkipWithError("no naive formula");
    return;
  }
  for (auto _ : state) {
    for (size_t i = 0; i < kN; ++i) dx[i] = fn(in[i], dy[i]);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, kN);
}

}  // namespace

int main(int argc, char** argv) {
  for (const char* name : kFamily) {
    const UnaryKernel* k = actkern::catalog::FindUnary(name);
    if (k == nullptr) continue;
    for (const auto& t : actkern::catalog::RunnableTargets()) {
      benchmark::RegisterBenchmark(("actkern_" + k->name + "/" + t).c_str(), BM_Actkern, k, t);
    }
    benchmark::RegisterBenchmark(("naive_" + k->name).c_str(), BM_Naive, k);
  }
  for (const auto& b : actkern::catalog::BackwardKernels()) {
    const UnaryKernel* f = actkern::catalog::FindUnary(b.forward);
    bool ours = false;
    for (const char* name : kFamily) ours = ours || b.forward == name;
    if (!ours || f == nullptr) continue;
    for (const auto& t : actkern::catalog::RunnableTargets()) {
      benchmark::RegisterBenchmark(("actkern_" + b.name + "/" + t).c_str(), BM_ActkernBackward,
                                   &b, f, t);
    }
    benchmark::RegisterBenchmark(("naive_" + b.name).c_str(), BM_NaiveBackward, &b, f);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
