// Every public C entry point, called by name, at 16 Ki floats (elementwise)
// or 128 x 128 (row kernels) on the dispatched target, beside the naive
// std::exp loop of the same size. The family benches (exp_bench,
// exp_activations_bench, ...) sweep targets and sizes and the peer bench
// compares libraries; this one is the quick check that each entry point, as
// a user calls it, has a throughput figure.
//   entry_points_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"

namespace {

constexpr size_t kN = 16 * 1024;
constexpr size_t kRows = 128, kCols = 128;

struct Buffers {
  std::vector<float> x, dy, y, dx, targets, loss;
  std::vector<int32_t> labels;
  Buffers() : x(kN), dy(kN), y(kN), dx(kN), targets(kN), loss(kRows), labels(kRows) {
    std::mt19937 rng(5);
    std::normal_distribution<float> nd(0.0f, 3.0f);
    for (size_t i = 0; i < kN; ++i) {
      x[i] = nd(rng);
      dy[i] = nd(rng);
      targets[i] = 1.0f / kCols;
    }
    for (size_t r = 0; r < kRows; ++r) labels[r] = static_cast<int32_t>(r % kCols);
  }
};

Buffers& B() {
  static Buffers b;
  return b;
}

void Run(benchmark::State& state, const std::function<actkern_status()>& call,
         size_t items) {
  for (auto _ : state) {
    if (call() != ACTKERN_OK) {
      state.SkipWithError("call failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items));
}

void Register(const char* name, std::function<actkern_status()> call,
              size_t items = kN) {
  benchmark::RegisterBenchmark(name, [call, items](benchmark::State& s) { Run(s, call, items); });
}

}  // namespace

int main(int argc, char** argv) {
  Buffers& b = B();
  // Valid inputs for log (x > 0) and log1p (x > -1): |x| + 0.5.
  static std::vector<float> pos(kN);
  for (size_t i = 0; i < kN; ++i) pos[i] = std::fabs(b.x[i]) + 0.5f;
  const float* x = b.x.data();
  const float* dy = b.dy.data();
  float* y = b.y.data();
  float* dx = b.dx.data();
  const size_t n = kN;
  // Forward.
  Register("actkern_exp_f32", [=] { return actkern_exp_f32(x, y, n); });
  Register("actkern_expm1_f32", [=] { return actkern_expm1_f32(x, y, n); });
  Register("actkern_sigmoid_f32", [=] { return actkern_sigmoid_f32(x, y, n); });
  Register("actkern_tanh_f32", [=] { return actkern_tanh_f32(x, y, n); });
  Register("actkern_silu_f32", [=] { return actkern_silu_f32(x, y, n); });
  Register("actkern_swish_f32", [=] { return actkern_swish_f32(x, y, n, 1.5f); });
  Register("actkern_elu_f32", [=] { return actkern_elu_f32(x, y, n, 1.0f); });
  Register("actkern_selu_f32", [=] { return actkern_selu_f32(x, y, n); });
  Register("actkern_celu_f32", [=] { return actkern_celu_f32(x, y, n, 1.0f); });
  Register("actkern_gelu_f32", [=] { return actkern_gelu_f32(x, y, n); });
  Register("actkern_gelu_tanh_f32", [=] { return actkern_gelu_tanh_f32(x, y, n); });
  Register("actkern_log_f32", [=] { return actkern_log_f32(pos.data(), y, n); });
  Register("actkern_log1p_f32", [=] { return actkern_log1p_f32(pos.data(), y, n); });
  Register("actkern_softplus_f32", [=] { return actkern_softplus_f32(x, y, n, 1.0f); });
  Register("actkern_log_sigmoid_f32", [=] { return actkern_log_sigmoid_f32(x, y, n); });
  Register("actkern_mish_f32", [=] { return actkern_mish_f32(x, y, n); });
  Register("actkern_relu_f32", [=] { return actkern_relu_f32(x, y, n); });
  Register("actkern_leaky_relu_f32", [=] { return actkern_leaky_relu_f32(x, y, n, 0.01f); });
  Register("actkern_relu6_f32", [=] { return actkern_relu6_f32(x, y, n); });
  Register("actkern_hardtanh_f32", [=] { return actkern_hardtanh_f32(x, y, n, -1.0f, 1.0f); });
  Register("actkern_hardsigmoid_f32", [=] { return actkern_hardsigmoid_f32(x, y, n); });
  Register("actkern_hardswish_f32", [=] { return actkern_hardswish_f32(x, y, n); });
  // Backward (sigmoid and tanh take y; the values of x serve, the speed
  // does not depend on them being a real forward output).
  Register("actkern_expm1_backward_f32", [=] { return actkern_expm1_backward_f32(x, dy, dx, n); });
  Register("actkern_sigmoid_backward_f32", [=] { return actkern_sigmoid_backward_f32(x, dy, dx, n); });
  Register("actkern_tanh_backward_f32", [=] { return actkern_tanh_backward_f32(x, dy, dx, n); });
  Register("actkern_silu_backward_f32", [=] { return actkern_silu_backward_f32(x, dy, dx, n); });
  Register("actkern_swish_backward_f32", [=] { return actkern_swish_backward_f32(x, dy, dx, n, 1.5f); });
  Register("actkern_elu_backward_f32", [=] { return actkern_elu_backward_f32(x, dy, dx, n, 1.0f); });
  Register("actkern_selu_backward_f32", [=] { return actkern_selu_backward_f32(x, dy, dx, n); });
  Register("actkern_celu_backward_f32", [=] { return actkern_celu_backward_f32(x, dy, dx, n, 1.0f); });
  Register("actkern_gelu_backward_f32", [=] { return actkern_gelu_backward_f32(x, dy, dx, n); });
  Register("actkern_gelu_tanh_backward_f32", [=] { return actkern_gelu_tanh_backward_f32(x, dy, dx, n); });
  Register("actkern_log_backward_f32", [=] { return actkern_log_backward_f32(pos.data(), dy, dx, n); });
  Register("actkern_log1p_backward_f32", [=] { return actkern_log1p_backward_f32(pos.data(), dy, dx, n); });
  Register("actkern_softplus_backward_f32", [=] { return actkern_softplus_backward_f32(x, dy, dx, n, 1.0f); });
  Register("actkern_log_sigmoid_backward_f32", [=] { return actkern_log_sigmoid_backward_f32(x, dy, dx, n); });
  Register("actkern_mish_backward_f32", [=] { return actkern_mish_backward_f32(x, dy, dx, n); });
  Register("actkern_relu_backward_f32", [=] { return actkern_relu_backward_f32(x, dy, dx, n); });
  Register("actkern_leaky_relu_backward_f32", [=] { return actkern_leaky_relu_backward_f32(x, dy, dx, n, 0.01f); });
  Register("actkern_relu6_backward_f32", [=] { return actkern_relu6_backward_f32(x, dy, dx, n); });
  Register("actkern_hardtanh_backward_f32", [=] { return actkern_hardtanh_backward_f32(x, dy, dx, n, -1.0f, 1.0f); });
  Register("actkern_hardsigmoid_backward_f32", [=] { return actkern_hardsigmoid_backward_f32(x, dy, dx, n); });
  Register("actkern_hardswish_backward_f32", [=] { return actkern_hardswish_backward_f32(x, dy, dx, n); });
  // Row kernels, 128 x 128.
  const size_t R = kRows, C = kCols;
  float* loss = b.loss.data();
  const int32_t* labels = b.labels.data();
  const float* targets = b.targets.data();
  Register("actkern_softmax_f32", [=] { return actkern_softmax_f32(x, C, y, C, R, C, 1.0f); }, R * C);
  Register("actkern_log_softmax_f32", [=] { return actkern_log_softmax_f32(x, C, y, C, R, C, 1.0f); }, R * C);
  Register("actkern_softmax_backward_f32", [=] {
    return actkern_softmax_backward_f32(x, C, dy, C, dx, C, R, C); }, R * C);
  Register("actkern_log_softmax_backward_f32", [=] {
    return actkern_log_softmax_backward_f32(x, C, dy, C, dx, C, R, C); }, R * C);
  Register("actkern_softmax_cross_entropy_f32", [=] {
    return actkern_softmax_cross_entropy_f32(x, C, labels, loss, dx, C, R, C, -100, 0.0f,
                                             ACTKERN_REDUCTION_MEAN); }, R * C);
  Register("actkern_softmax_cross_entropy_soft_f32", [=] {
    return actkern_softmax_cross_entropy_soft_f32(x, C, targets, C, loss, dx, C, R, C, 0.0f,
                                                  ACTKERN_REDUCTION_MEAN); }, R * C);
  Register("std_exp_loop", [=] {
    for (size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
    return ACTKERN_OK;
  });
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  printf("actkern dispatched target: %s\n", actkern_active_target());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
