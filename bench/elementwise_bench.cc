// Elementwise throughput, every kernel from the catalogue (tools/catalog.h):
// each catalogued unary and backward kernel
//   - through its actkern entry point on every runnable target (forced with
//     actkern_set_max_target): "actkern/<kernel>/<target>/<inputs>/<n>";
//   - as the naive loop: "naive/<kernel>/<inputs>/<n>";
// at n = 1 Ki, 4 Ki, 16 Ki, 64 Ki (cache-resident) and 16 Mi (memory-bound)
// floats, on two input distributions:
//   typical  uniform in the catalogue's [bench_lo, bench_hi] (backward: the
//            forward kernel's range, mapped through the forward kernel for
//            those that take y; dy uniform in [-1, 1]);
//   full     every finite float equally likely by bit pattern (all
//            exponents, both signs: the overflow, underflow and special-value
//            paths), dy as above.
// Counters: items_per_second (elements) and bytes_per_second (4 bytes read
// and 4 written per element forward, 8 read and 4 written backward).
//
// The naive policy, one for every kernel: the plain std:: loop as a user
// would write it, which the compiler may vectorise (cheap piecewise formulas
// are; std:: calls such as exp are not, without -ffast-math):
//   for (i = 0; i < n; ++i) y[i] = f(x[i]);
//   (backward: for (i = 0; i < n; ++i) dx[i] = g(x[i], dy[i]);)
// with f and g the kernel table's `naive` and `bwd_naive` formulas inlined in
// the loop (catalog::UnaryKernel::naive_loop, BackwardKernel::naive_loop),
// so "x naive" ratios are comparable across families.
//
// Gated activations: "gated/<name>/<target>/<n>" fused, beside
// "gated_two_pass/..." (the activation, then a multiply).
// Bias-fused activations: "bias/<kernel>/<target>/<n>" beside
// "bias_two_pass/..." (a bias add into a temporary, then the activation).
//
// The 16-bit forms likewise: "bf16/<kernel>/<target>/<inputs>/<n>" and
// "f16/...", inputs rounded to the type (bytes: 2 read, 2 written).
//
// Also here, for the check that every public entry point has a throughput
// figure: each elementwise entry point called by name as a user calls it,
// "entry/<name>" at 16 Ki on the dispatched target (the row entry points are
// in softmax_bench).
//
// The full run has thousands of cases; select with a filter and compare
// cases only within one run (shared, noisy machines), e.g.
//   elementwise_bench
//     --benchmark_filter='^(actkern|naive)/silu/.*typical/16384$'
//     --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
//     --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace {

using actkern::catalog::BackwardKernel;
using actkern::catalog::UnaryKernel;

const int64_t kSizes[] = {1 << 10, 4 << 10, 16 << 10, 64 << 10, 16 << 20};
constexpr size_t kMaxN = 16 << 20;

enum class Inputs { kTypical, kFull };
const char* InputsName(Inputs in) {
  return in == Inputs::kTypical ? "typical" : "full";
}

// Shared raw inputs of the largest size, made once: uniform [0, 1) (scaled
// to each kernel's range per case), finite floats by bit pattern, and dy.
struct Raw {
  std::vector<float> unit, full, dy;
  Raw() : unit(kMaxN), full(kMaxN), dy(kMaxN) {
    std::mt19937 rng(123);
    std::uniform_real_distribution<float> u01(0.0f, 1.0f);
    std::uniform_int_distribution<uint32_t> bits;
    for (size_t i = 0; i < kMaxN; ++i) {
      unit[i] = u01(rng);
      uint32_t b;
      do {
        b = bits(rng);
      } while ((b & 0x7F800000u) == 0x7F800000u);  // not inf or NaN
      memcpy(&full[i], &b, sizeof(b));
      dy[i] = 2.0f * u01(rng) - 1.0f;
    }
  }
};
const Raw& R() {
  static const Raw raw;
  return raw;
}

std::vector<float> ForwardInput(const UnaryKernel& k, Inputs in, size_t n) {
  const Raw& r = R();
  if (in == Inputs::kFull)
    return std::vector<float>(r.full.begin(), r.full.begin() + n);
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i)
    x[i] = k.bench_lo + (k.bench_hi - k.bench_lo) * r.unit[i];
  return x;
}

// The backward kernel's first input: x, or y = forward(x) for those that
// take the forward output.
std::vector<float> BackwardInput(const BackwardKernel& b, const UnaryKernel& f,
                                 Inputs in, size_t n) {
  std::vector<float> x = ForwardInput(f, in, n);
  if (!b.takes_y) return x;
  std::vector<float> y(n);
  f.run(x.data(), y.data(), n);
  return y;
}

void SetCounters(benchmark::State& state, size_t n, size_t bytes_per_element) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * n * bytes_per_element));
}

// Forces dispatch to one target for a case.
class TargetScope {
 public:
  explicit TargetScope(const std::string& t)
      : ok_(actkern_set_max_target(t.c_str()) == ACTKERN_OK) {}
  ~TargetScope() { actkern_set_max_target(nullptr); }
  bool ok() const { return ok_; }

 private:
  bool ok_;
};

void BM_Forward(benchmark::State& state, const UnaryKernel* k,
                std::string target, Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> x = ForwardInput(*k, in, n);
  std::vector<float> y(n);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    k->run(x.data(), y.data(), n);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 8);
}

void BM_NaiveForward(benchmark::State& state, const UnaryKernel* k, Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> x = ForwardInput(*k, in, n);
  std::vector<float> y(n);
  for (auto _ : state) {
    k->naive_loop(x.data(), y.data(), n);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 8);
}

void BM_Backward(benchmark::State& state, const BackwardKernel* b,
                 const UnaryKernel* f, std::string target, Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> x = BackwardInput(*b, *f, in, n);
  const float* dy = R().dy.data();
  std::vector<float> dx(n);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    b->run(x.data(), dy, dx.data(), n);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 12);
}

void BM_NaiveBackward(benchmark::State& state, const BackwardKernel* b,
                      const UnaryKernel* f, Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> x = BackwardInput(*b, *f, in, n);
  const float* dy = R().dy.data();
  std::vector<float> dx(n);
  for (auto _ : state) {
    b->naive_loop(x.data(), dy, dx.data(), n);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 12);
}

// The 16-bit forms: "<bf16|f16>/<kernel>/<target>/<inputs>/<n>", the same
// inputs rounded to the type (counters: 2 bytes read and 2 written per
// element forward, 4 read and 2 written backward). Compare with the float
// kernel's "actkern/..." case of the same size in one run.
std::vector<uint16_t> ToHalf(int kind, const std::vector<float>& x) {
  std::vector<uint16_t> h(x.size());
  if (kind == actkern::catalog::kBf16) {
    actkern_f32_to_bf16_array(x.data(), h.data(), x.size());
  } else {
    actkern_f32_to_f16_array(x.data(), h.data(), x.size());
  }
  return h;
}

void BM_HalfForward(benchmark::State& state, const UnaryKernel* k, int kind,
                    std::string target, Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<uint16_t> x = ToHalf(kind, ForwardInput(*k, in, n));
  std::vector<uint16_t> y(n);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    k->run_half[kind](x.data(), y.data(), n);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 4);
}

void BM_HalfBackward(benchmark::State& state, const BackwardKernel* b,
                     const UnaryKernel* f, int kind, std::string target,
                     Inputs in) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<uint16_t> x = ToHalf(kind, BackwardInput(*b, *f, in, n));
  const std::vector<uint16_t> dy =
      ToHalf(kind, std::vector<float>(R().dy.begin(), R().dy.begin() + n));
  std::vector<uint16_t> dx(n);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    b->run_half[kind](x.data(), dy.data(), dx.data(), n);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 6);
}

// Gated activations (actkern/gated.h): "gated/<name>/<target>/<n>", the fused
// call on one row of n (gate, up and y separate), beside
// "gated_two_pass/<name>/<target>/<n>": actkern's activation into y, then
// y *= up, the composition an engine writes without a fused kernel (bytes: 8
// read and 4 written per element fused; 4 + 4 more read and 4 + 4 written in
// two passes). Inputs: gate over the activation's typical range, up in
// [-1, 1].
void BM_Gated(benchmark::State& state, const actkern::catalog::GatedKernel* g,
              const UnaryKernel* act, std::string target, bool two_pass) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> gate = ForwardInput(*act, Inputs::kTypical, n);
  const float* up = R().dy.data();
  std::vector<float> y(n);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    if (two_pass) {
      act->run(gate.data(), y.data(), n);
      for (size_t i = 0; i < n; ++i) y[i] *= up[i];
    } else {
      g->run(gate.data(), n, up, n, y.data(), n, 1, n);
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 12);
}

// The 16-bit gated forms: "<bf16|f16>_gated/<name>/<target>/<n>", the same
// inputs rounded to the type (bytes: 4 read and 2 written per element), to
// read beside "gated/..." (the float kernel, 12 bytes per element).
void BM_GatedHalf(benchmark::State& state,
                  const actkern::catalog::GatedKernel* g,
                  const UnaryKernel* act, int kind, std::string target) {
  const size_t n = static_cast<size_t>(state.range(0));
  const std::vector<float> gate = ForwardInput(*act, Inputs::kTypical, n);
  const float* up = R().dy.data();
  std::vector<uint16_t> g16(n), u16(n), y(n);
  for (size_t i = 0; i < n; ++i) {
    g16[i] = kind == actkern::catalog::kBf16 ? actkern_bf16_from_double(gate[i])
                                             : actkern_f16_from_double(gate[i]);
    u16[i] = kind == actkern::catalog::kBf16 ? actkern_bf16_from_double(up[i])
                                             : actkern_f16_from_double(up[i]);
  }
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    g->run_half[kind](g16.data(), n, u16.data(), n, y.data(), n, 1, n);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 6);
}

// Bias-fused activations (actkern/bias.h): "bias/<kernel>/<target>/<n>", the
// fused call on n elements as rows of 1024 columns (fewer for n < 1024),
// beside "bias_two_pass/<kernel>/<target>/<n>": t = x + bias into a
// temporary, then actkern's activation of t (the composition without a
// fused kernel). Bytes: 8 per element fused (read x, write y; the bias row
// stays in cache), 16 in two passes.
void BM_Bias(benchmark::State& state, const UnaryKernel* k, std::string target,
             bool two_pass) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t cols = n < 1024 ? n : 1024, rows = n / cols;
  const std::vector<float> x = ForwardInput(*k, Inputs::kTypical, n);
  const float* bias = R().dy.data();
  std::vector<float> y(n), t(two_pass ? n : 0);
  TargetScope scope(target);
  if (!scope.ok()) {
    state.SkipWithError("target not runnable");
    return;
  }
  for (auto _ : state) {
    if (two_pass) {
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols; ++c) {
          t[r * cols + c] = x[r * cols + c] + bias[c];
        }
      }
      k->run(t.data(), y.data(), rows * cols);
    } else {
      k->run_bias(nullptr, x.data(), cols, bias, y.data(), cols, rows, cols);
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetCounters(state, n, 8);
}

// ------------------------------------------------------------ by name
constexpr size_t kEntryN = 16 << 10;

void BM_Entry(benchmark::State& state, std::function<actkern_status()> call) {
  for (auto _ : state) {
    if (call() != ACTKERN_OK) {
      state.SkipWithError("call failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kEntryN));
}

void RegisterEntry(const char* name, std::function<actkern_status()> call) {
  benchmark::RegisterBenchmark((std::string("entry/") + name).c_str(), BM_Entry,
                               call);
}

// Every public elementwise entry point, by name. Normal(0, 3) inputs; log and
// log1p get |x| + 0.5; sigmoid/tanh backward take x as y (the speed does not
// depend on it being a real forward output).
void RegisterEntryPoints() {
  static std::vector<float> xs(kEntryN), dys(kEntryN), pos(kEntryN),
      ys(kEntryN), dxs(kEntryN);
  std::mt19937 rng(5);
  std::normal_distribution<float> nd(0.0f, 3.0f);
  for (size_t i = 0; i < kEntryN; ++i) {
    xs[i] = nd(rng);
    dys[i] = nd(rng);
    pos[i] = std::fabs(xs[i]) + 0.5f;
  }
  const float* x = xs.data();
  const float* dy = dys.data();
  const float* p = pos.data();
  float* y = ys.data();
  float* dx = dxs.data();
  const size_t n = kEntryN;
  RegisterEntry("actkern_exp_f32", [=] { return actkern_exp_f32(x, y, n); });
  // The scalar 16-bit conversions and ULP measures, over n values.
  RegisterEntry("actkern_bf16_to_f32", [=] {
    float s = 0.0f;
    for (size_t i = 0; i < n; ++i) s += actkern_bf16_to_f32(uint16_t(i));
    y[0] = s;
    return ACTKERN_OK;
  });
  RegisterEntry("actkern_f16_to_f32", [=] {
    float s = 0.0f;
    for (size_t i = 0; i < n; ++i)
      s += actkern_f16_to_f32(uint16_t(i & 0x7BFF));
    y[0] = s;
    return ACTKERN_OK;
  });
  RegisterEntry("actkern_ulp_error_bf16", [=] {
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) s += actkern_ulp_error_bf16(0x3F80, x[i]);
    y[0] = static_cast<float>(s);
    return ACTKERN_OK;
  });
  RegisterEntry("actkern_ulp_error_f16", [=] {
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) s += actkern_ulp_error_f16(0x3C00, x[i]);
    y[0] = static_cast<float>(s);
    return ACTKERN_OK;
  });
  RegisterEntry("actkern_expm1_f32",
                [=] { return actkern_expm1_f32(x, y, n); });
  RegisterEntry("actkern_sigmoid_f32",
                [=] { return actkern_sigmoid_f32(x, y, n); });
  RegisterEntry("actkern_tanh_f32", [=] { return actkern_tanh_f32(x, y, n); });
  RegisterEntry("actkern_silu_f32", [=] { return actkern_silu_f32(x, y, n); });
  RegisterEntry("actkern_swish_f32",
                [=] { return actkern_swish_f32(x, y, n, 1.5f); });
  RegisterEntry("actkern_elu_f32",
                [=] { return actkern_elu_f32(x, y, n, 1.0f); });
  RegisterEntry("actkern_selu_f32", [=] { return actkern_selu_f32(x, y, n); });
  RegisterEntry("actkern_celu_f32",
                [=] { return actkern_celu_f32(x, y, n, 1.0f); });
  RegisterEntry("actkern_gelu_f32", [=] { return actkern_gelu_f32(x, y, n); });
  RegisterEntry("actkern_gelu_tanh_f32",
                [=] { return actkern_gelu_tanh_f32(x, y, n); });
  RegisterEntry("actkern_log_f32", [=] { return actkern_log_f32(p, y, n); });
  RegisterEntry("actkern_log1p_f32",
                [=] { return actkern_log1p_f32(p, y, n); });
  RegisterEntry("actkern_softplus_f32",
                [=] { return actkern_softplus_f32(x, y, n, 1.0f); });
  RegisterEntry("actkern_log_sigmoid_f32",
                [=] { return actkern_log_sigmoid_f32(x, y, n); });
  RegisterEntry("actkern_mish_f32", [=] { return actkern_mish_f32(x, y, n); });
  RegisterEntry("actkern_relu_f32", [=] { return actkern_relu_f32(x, y, n); });
  RegisterEntry("actkern_leaky_relu_f32",
                [=] { return actkern_leaky_relu_f32(x, y, n, 0.01f); });
  RegisterEntry("actkern_relu6_f32",
                [=] { return actkern_relu6_f32(x, y, n); });
  RegisterEntry("actkern_hardtanh_f32",
                [=] { return actkern_hardtanh_f32(x, y, n, -1.0f, 1.0f); });
  RegisterEntry("actkern_hardsigmoid_f32",
                [=] { return actkern_hardsigmoid_f32(x, y, n); });
  RegisterEntry("actkern_hardswish_f32",
                [=] { return actkern_hardswish_f32(x, y, n); });
  RegisterEntry("actkern_expm1_backward_f32",
                [=] { return actkern_expm1_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_sigmoid_backward_f32",
                [=] { return actkern_sigmoid_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_tanh_backward_f32",
                [=] { return actkern_tanh_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_silu_backward_f32",
                [=] { return actkern_silu_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_swish_backward_f32",
                [=] { return actkern_swish_backward_f32(x, dy, dx, n, 1.5f); });
  RegisterEntry("actkern_elu_backward_f32",
                [=] { return actkern_elu_backward_f32(x, dy, dx, n, 1.0f); });
  RegisterEntry("actkern_selu_backward_f32",
                [=] { return actkern_selu_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_celu_backward_f32",
                [=] { return actkern_celu_backward_f32(x, dy, dx, n, 1.0f); });
  RegisterEntry("actkern_gelu_backward_f32",
                [=] { return actkern_gelu_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_gelu_tanh_backward_f32",
                [=] { return actkern_gelu_tanh_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_log_backward_f32",
                [=] { return actkern_log_backward_f32(p, dy, dx, n); });
  RegisterEntry("actkern_log1p_backward_f32",
                [=] { return actkern_log1p_backward_f32(p, dy, dx, n); });
  RegisterEntry("actkern_softplus_backward_f32", [=] {
    return actkern_softplus_backward_f32(x, dy, dx, n, 1.0f);
  });
  RegisterEntry("actkern_log_sigmoid_backward_f32",
                [=] { return actkern_log_sigmoid_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_mish_backward_f32",
                [=] { return actkern_mish_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_relu_backward_f32",
                [=] { return actkern_relu_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_leaky_relu_backward_f32", [=] {
    return actkern_leaky_relu_backward_f32(x, dy, dx, n, 0.01f);
  });
  RegisterEntry("actkern_relu6_backward_f32",
                [=] { return actkern_relu6_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_hardtanh_backward_f32", [=] {
    return actkern_hardtanh_backward_f32(x, dy, dx, n, -1.0f, 1.0f);
  });
  RegisterEntry("actkern_hardsigmoid_backward_f32",
                [=] { return actkern_hardsigmoid_backward_f32(x, dy, dx, n); });
  RegisterEntry("actkern_hardswish_backward_f32",
                [=] { return actkern_hardswish_backward_f32(x, dy, dx, n); });
}

template <class B>
void WithSizes(B* b) {
  for (int64_t n : kSizes) b->Arg(n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> targets = actkern::catalog::RunnableTargets();
  const Inputs kInputs[] = {Inputs::kTypical, Inputs::kFull};
  for (const UnaryKernel& k : actkern::catalog::UnaryKernels()) {
    for (Inputs in : kInputs) {
      const std::string suffix = std::string("/") + InputsName(in);
      for (const std::string& t : targets) {
        WithSizes(benchmark::RegisterBenchmark(
            ("actkern/" + k.name + "/" + t + suffix).c_str(), BM_Forward, &k, t,
            in));
      }
      WithSizes(benchmark::RegisterBenchmark(
          ("naive/" + k.name + suffix).c_str(), BM_NaiveForward, &k, in));
      if (k.run_half[0] == nullptr) continue;
      for (int kind : {actkern::catalog::kBf16, actkern::catalog::kF16}) {
        for (const std::string& t : targets) {
          WithSizes(benchmark::RegisterBenchmark(
              (std::string(actkern::catalog::HalfName(kind)) + "/" + k.name +
               "/" + t + suffix)
                  .c_str(),
              BM_HalfForward, &k, kind, t, in));
        }
      }
    }
  }
  for (const BackwardKernel& b : actkern::catalog::BackwardKernels()) {
    const UnaryKernel* f = actkern::catalog::FindUnary(b.forward);
    if (f == nullptr) {
      fprintf(stderr,
              "elementwise_bench: %s: forward kernel %s not catalogued\n",
              b.name.c_str(), b.forward.c_str());
      return 1;
    }
    for (Inputs in : kInputs) {
      const std::string suffix = std::string("/") + InputsName(in);
      for (const std::string& t : targets) {
        WithSizes(benchmark::RegisterBenchmark(
            ("actkern/" + b.name + "/" + t + suffix).c_str(), BM_Backward, &b,
            f, t, in));
      }
      WithSizes(benchmark::RegisterBenchmark(
          ("naive/" + b.name + suffix).c_str(), BM_NaiveBackward, &b, f, in));
      for (int kind : {actkern::catalog::kBf16, actkern::catalog::kF16}) {
        for (const std::string& t : targets) {
          WithSizes(benchmark::RegisterBenchmark(
              (std::string(actkern::catalog::HalfName(kind)) + "/" + b.name +
               "/" + t + suffix)
                  .c_str(),
              BM_HalfBackward, &b, f, kind, t, in));
        }
      }
    }
  }
  for (const auto& g : actkern::catalog::GatedKernels()) {
    const UnaryKernel* act = actkern::catalog::FindUnary(g.activation);
    if (act == nullptr) continue;
    for (const std::string& t : targets) {
      for (int two = 0; two < 2; ++two) {
        WithSizes(benchmark::RegisterBenchmark(
            (std::string(two ? "gated_two_pass/" : "gated/") + g.name + "/" + t)
                .c_str(),
            BM_Gated, &g, act, t, two != 0));
      }
      for (int kind : {actkern::catalog::kBf16, actkern::catalog::kF16}) {
        WithSizes(benchmark::RegisterBenchmark(
            (std::string(actkern::catalog::HalfName(kind)) + "_gated/" +
             g.name + "/" + t)
                .c_str(),
            BM_GatedHalf, &g, act, kind, t));
      }
    }
  }
  // The bias-fused forms of a few kernels (every kernel's bias form is the
  // same driver around its own entry point): both tiers of gelu, silu and
  // sigmoid, and relu.
  for (const char* name : {"gelu", "gelu_fast", "silu", "silu_fast", "sigmoid",
                           "sigmoid_fast", "relu"}) {
    const UnaryKernel* k = actkern::catalog::FindUnary(name);
    if (k == nullptr) continue;
    for (const std::string& t : targets) {
      for (int two = 0; two < 2; ++two) {
        WithSizes(benchmark::RegisterBenchmark(
            (std::string(two ? "bias_two_pass/" : "bias/") + name + "/" + t)
                .c_str(),
            BM_Bias, k, t, two != 0));
      }
    }
  }
  RegisterEntryPoints();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  printf("actkern dispatched target: %s\n", actkern_active_target());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
