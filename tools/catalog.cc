#include "catalog.h"

#include <algorithm>
#include <cmath>

#include "actkern/reference.h"

namespace actkern {
namespace catalog {

// Where the gelu/gelu_tanh backward kernels use the absolute bound (see
// actkern/gelu.h): around the derivatives' zeros near -0.7518 / -0.752. The
// windows are the measured regions where the error exceeds 4 ULP (all dy
// of the tests, AVX2 and SSE4), rounded outwards.
constexpr double kGeluAbsLo = -1.1, kGeluAbsHi = -0.65;
constexpr double kGeluTanhAbsLo = -0.8, kGeluTanhAbsHi = -0.68;

const std::vector<UnaryKernel>& UnaryKernels() {
  static const std::vector<UnaryKernel> kernels = {
      {"exp", actkern_exp_f32, actkern_ref_exp,
       [](float x) { return std::exp(x); }, 1.0, kMonotoneIncreasing, -20.0f,
       0.0f},

     // ---- exp activations (exp_activations)
      // Parameterised kernels are bound to fixed values here (swish beta 1.5,
      // elu alpha 1 and 0.5, celu alpha 1 and 0.5); other values are tested
      // in tests/exp_activations_test.cc.
      {"expm1", actkern_expm1_f32, actkern_ref_expm1,
       [](float x) { return std::expm1(x); }, 1.5, kMonotoneIncreasing, -5.0f, 5.0f},
      {"sigmoid", actkern_sigmoid_f32, actkern_ref_sigmoid,
       [](float x) { return 1.0f / (1.0f + std::exp(-x)); }, 1.5, kMonotoneIncreasing,
       -8.0f, 8.0f},
      {"tanh", actkern_tanh_f32, actkern_ref_tanh, [](float x) { return std::tanh(x); },
       1.5, kMonotoneIncreasing | kOdd, -5.0f, 5.0f},
      {"silu", actkern_silu_f32, actkern_ref_silu,
       [](float x) { return x / (1.0f + std::exp(-x)); }, 2.0, kNone, -8.0f, 8.0f},
      {"swish_beta1.5",
       [](const float* x, float* y, size_t n) { return actkern_swish_f32(x, y, n, 1.5f); },
       [](double x) { return actkern_ref_swish(x, 1.5); },
       [](float x) { return x / (1.0f + std::exp(-1.5f * x)); }, 2.0, kNone, -8.0f, 8.0f},
      {"elu",
       [](const float* x, float* y, size_t n) { return actkern_elu_f32(x, y, n, 1.0f); },
       [](double x) { return actkern_ref_elu(x, 1.0); },
       [](float x) { return x > 0.0f ? x : std::expm1(x); }, 2.0, kMonotoneIncreasing,
       -5.0f, 5.0f},
      {"elu_alpha0.5",
       [](const float* x, float* y, size_t n) { return actkern_elu_f32(x, y, n, 0.5f); },
       [](double x) { return actkern_ref_elu(x, 0.5); },
       [](float x) { return x > 0.0f ? x : 0.5f * std::expm1(x); }, 2.0,
       kMonotoneIncreasing, -5.0f, 5.0f},
      {"selu", actkern_selu_f32, actkern_ref_selu,
       [](float x) {
         return 1.0507009873554805f * (x > 0.0f ? x : 1.6732632423543772f * std::expm1(x));
       },
       2.5, kMonotoneIncreasing, -5.0f, 5.0f},
      {"celu",
       [](const float* x, float* y, size_t n) { return actkern_celu_f32(x, y, n, 1.0f); },
       [](double x) { return actkern_ref_celu(x, 1.0); },
       [](float x) { return x > 0.0f ? x : std::expm1(x); }, 2.5,
       kMonotoneIncreasing, -5.0f, 5.0f},
      {"celu_alpha0.5",
       [](const float* x, float* y, size_t n) { return actkern_celu_f32(x, y, n, 0.5f); },
       [](double x) { return actkern_ref_celu(x, 0.5); },
       [](float x) { return x > 0.0f ? x : 0.5f * std::expm1(x / 0.5f); },
       2.5, kMonotoneIncreasing, -5.0f, 5.0f},

     // ---- log activations (log_activations)
     {"log", actkern_log_f32, actkern_ref_log, [](float x) { return std::log(x); }, 1.0,
      kMonotoneIncreasing, 0.01f, 100.0f},
     {"log1p", actkern_log1p_f32, actkern_ref_log1p, [](float x) { return std::log1p(x); },
      1.5, kMonotoneIncreasing, -0.9f, 100.0f},
     {"softplus",
      [](const float* x, float* y, size_t n) { return actkern_softplus_f32(x, y, n, 1.0f); },
      [](double x) { return actkern_ref_softplus(x, 1.0); },
      [](float x) { return std::log1p(std::exp(x)); }, 2.0, kMonotoneIncreasing, -20.0f,
      20.0f},
     {"softplus_beta2",
      [](const float* x, float* y, size_t n) { return actkern_softplus_f32(x, y, n, 2.0f); },
      [](double x) { return actkern_ref_softplus(x, 2.0); },
      [](float x) { return std::log1p(std::exp(2.0f * x)) / 2.0f; }, 2.0,
      kMonotoneIncreasing, -20.0f, 20.0f},
     {"log_sigmoid", actkern_log_sigmoid_f32, actkern_ref_log_sigmoid,
      [](float x) { return -std::log1p(std::exp(-x)); }, 2.0, kMonotoneIncreasing, -20.0f,
      20.0f},
     {"mish", actkern_mish_f32, actkern_ref_mish,
      [](float x) { return x * std::tanh(std::log1p(std::exp(x))); }, 3.0, kNone, -20.0f,
      20.0f},

     // ---- gelu and piecewise activations (gelu, piecewise)
     // Parameterised kernels are bound to PyTorch's defaults here; other
     // values are tested in tests/piecewise_test.cc.
     {"gelu", actkern_gelu_f32, actkern_ref_gelu,
      [](float x) { return 0.5f * x * std::erfc(-x * 0.70710678f); }, 2.5, kNone,
      -5.0f, 5.0f},
     {"gelu_tanh", actkern_gelu_tanh_f32, actkern_ref_gelu_tanh,
      [](float x) {
        return 0.5f * x * (1.0f + std::tanh(0.7978846f * (x + 0.044715f * x * x * x)));
      },
      2.5, kNone, -5.0f, 5.0f},
     {"relu", actkern_relu_f32, actkern_ref_relu,
      [](float x) { return x > 0.0f ? x : 0.0f; }, 0.5, kMonotoneIncreasing, -5.0f,
      5.0f},
     {"leaky_relu",
      [](const float* x, float* y, size_t n) {
        return actkern_leaky_relu_f32(x, y, n, 0.01f);
      },
      [](double x) { return actkern_ref_leaky_relu(x, 0.01f); },
      [](float x) { return x > 0.0f ? x : 0.01f * x; }, 0.5, kMonotoneIncreasing,
      -5.0f, 5.0f},
     {"relu6", actkern_relu6_f32, actkern_ref_relu6,
      [](float x) { return std::min(std::max(x, 0.0f), 6.0f); }, 0.5,
      kMonotoneIncreasing, -8.0f, 8.0f},
     {"hardtanh",
      [](const float* x, float* y, size_t n) {
        return actkern_hardtanh_f32(x, y, n, -1.0f, 1.0f);
      },
      [](double x) { return actkern_ref_hardtanh(x, -1.0, 1.0); },
      [](float x) { return std::min(std::max(x, -1.0f), 1.0f); }, 0.5,
      kMonotoneIncreasing, -2.0f, 2.0f},
     {"hardsigmoid", actkern_hardsigmoid_f32, actkern_ref_hardsigmoid,
      [](float x) { return std::min(std::max(x / 6.0f + 0.5f, 0.0f), 1.0f); }, 1.0,
      kMonotoneIncreasing, -5.0f, 5.0f},
     {"hardswish", actkern_hardswish_f32, actkern_ref_hardswish,
      [](float x) { return x * std::min(std::max(x + 3.0f, 0.0f), 6.0f) / 6.0f; },
      1.0, kNone, -5.0f, 5.0f},

     // ---- softmax family (softmax)
  };
  return kernels;
}

const std::vector<BackwardKernel>& BackwardKernels() {
  static const std::vector<BackwardKernel> kernels = {
      // Entries are added by each activation family.

     // ---- exp activations (exp_activations)
      {"expm1_backward", "expm1", false, actkern_expm1_backward_f32,
       actkern_ref_expm1_backward, nullptr, 4.0},
      {"sigmoid_backward", "sigmoid", true, actkern_sigmoid_backward_f32,
       actkern_ref_sigmoid_backward, nullptr, 4.0},
      {"tanh_backward", "tanh", true, actkern_tanh_backward_f32, actkern_ref_tanh_backward,
       nullptr, 4.0},
      // The derivative of x sigma(x) vanishes at x = -1.2785: absolute bound.
      {"silu_backward", "silu", false, actkern_silu_backward_f32,
       actkern_ref_silu_backward,
       [](double x) { return actkern_ref_swish_backward_terms(x, 1.0); }, 4.0},
      {"swish_beta1.5_backward", "swish_beta1.5", false,
       [](const float* x, const float* dy, float* dx, size_t n) {
         return actkern_swish_backward_f32(x, dy, dx, n, 1.5f);
       },
       [](double x, double dy) { return actkern_ref_swish_backward(x, dy, 1.5); },
       [](double x) { return actkern_ref_swish_backward_terms(x, 1.5); }, 4.0},
      {"elu_backward", "elu", false,
       [](const float* x, const float* dy, float* dx, size_t n) {
         return actkern_elu_backward_f32(x, dy, dx, n, 1.0f);
       },
       [](double x, double dy) { return actkern_ref_elu_backward(x, dy, 1.0); }, nullptr,
       4.0},
      {"elu_alpha0.5_backward", "elu_alpha0.5", false,
       [](const float* x, const float* dy, float* dx, size_t n) {
         return actkern_elu_backward_f32(x, dy, dx, n, 0.5f);
       },
       [](double x, double dy) { return actkern_ref_elu_backward(x, dy, 0.5); }, nullptr,
       4.0},
      {"selu_backward", "selu", false, actkern_selu_backward_f32,
       actkern_ref_selu_backward, nullptr, 4.0},
      {"celu_backward", "celu", false,
       [](const float* x, const float* dy, float* dx, size_t n) {
         return actkern_celu_backward_f32(x, dy, dx, n, 1.0f);
       },
       [](double x, double dy) { return actkern_ref_celu_backward(x, dy, 1.0); }, nullptr,
       4.0},
      {"celu_alpha0.5_backward", "celu_alpha0.5", false,
       [](const float* x, const float* dy, float* dx, size_t n) {
         return actkern_celu_backward_f32(x, dy, dx, n, 0.5f);
       },
       [](double x, double dy) { return actkern_ref_celu_backward(x, dy, 0.5); }, nullptr,
       4.0},

     // ---- log activations (log_activations)
     {"log_backward", "log", false, actkern_log_backward_f32, actkern_ref_log_backward,
      nullptr, 4.0},
     {"log1p_backward", "log1p", false, actkern_log1p_backward_f32,
      actkern_ref_log1p_backward, nullptr, 4.0},
     {"softplus_backward", "softplus", false,
      [](const float* x, const float* dy, float* dx, size_t n) {
        return actkern_softplus_backward_f32(x, dy, dx, n, 1.0f);
      },
      [](double x, double dy) { return actkern_ref_softplus_backward(x, dy, 1.0); }, nullptr,
      4.0},
     {"softplus_beta2_backward", "softplus_beta2", false,
      [](const float* x, const float* dy, float* dx, size_t n) {
        return actkern_softplus_backward_f32(x, dy, dx, n, 2.0f);
      },
      [](double x, double dy) { return actkern_ref_softplus_backward(x, dy, 2.0); }, nullptr,
      4.0},
     {"log_sigmoid_backward", "log_sigmoid", false, actkern_log_sigmoid_backward_f32,
      actkern_ref_log_sigmoid_backward, nullptr, 4.0},
     // Absolute bound near mish's minimum (mish'(-1.19243) = 0).
     {"mish_backward", "mish", false, actkern_mish_backward_f32, actkern_ref_mish_backward,
      actkern_ref_mish_backward_abs_terms, 4.0},

     // ---- gelu and piecewise activations (gelu, piecewise)
     // gelu and gelu_tanh: the absolute bound applies only inside the
     // windows above, 4 ULP everywhere else.
     {"gelu_backward", "gelu", false, actkern_gelu_backward_f32,
      actkern_ref_gelu_backward,
      [](double x) {
        return x >= kGeluAbsLo && x <= kGeluAbsHi ? actkern_ref_gelu_backward_abs_terms(x)
                                                  : 0.0;
      },
      4.0},
     {"gelu_tanh_backward", "gelu_tanh", false, actkern_gelu_tanh_backward_f32,
      actkern_ref_gelu_tanh_backward,
      [](double x) {
        return x >= kGeluTanhAbsLo && x <= kGeluTanhAbsHi
                   ? actkern_ref_gelu_tanh_backward_abs_terms(x)
                   : 0.0;
      },
      4.0},
     {"relu_backward", "relu", false, actkern_relu_backward_f32,
      actkern_ref_relu_backward, nullptr, 4.0},
     {"leaky_relu_backward", "leaky_relu", false,
      [](const float* x, const float* dy, float* dx, size_t n) {
        return actkern_leaky_relu_backward_f32(x, dy, dx, n, 0.01f);
      },
      [](double x, double dy) { return actkern_ref_leaky_relu_backward(x, dy, 0.01f); },
      nullptr, 4.0},
     {"relu6_backward", "relu6", false, actkern_relu6_backward_f32,
      actkern_ref_relu6_backward, nullptr, 4.0},
     {"hardtanh_backward", "hardtanh", false,
      [](const float* x, const float* dy, float* dx, size_t n) {
        return actkern_hardtanh_backward_f32(x, dy, dx, n, -1.0f, 1.0f);
      },
      [](double x, double dy) { return actkern_ref_hardtanh_backward(x, dy, -1.0, 1.0); },
      nullptr, 4.0},
     {"hardsigmoid_backward", "hardsigmoid", false, actkern_hardsigmoid_backward_f32,
      actkern_ref_hardsigmoid_backward, nullptr, 4.0},
     {"hardswish_backward", "hardswish", false, actkern_hardswish_backward_f32,
      actkern_ref_hardswish_backward, nullptr, 4.0},

     // ---- softmax family (softmax)
  };
  return kernels;
}

const BackwardKernel* FindBackward(const std::string& name) {
  for (const BackwardKernel& k : BackwardKernels()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

bool BackwardWithinBound(const BackwardKernel& k, float in, float dy, float dx,
                         double ref, double* ulp_out) {
  const double ulp = actkern_ulp_error(dx, ref);
  if (ulp_out != nullptr) *ulp_out = ulp;
  if (ulp <= k.max_ulp) return true;
  if (k.abs_terms == nullptr || std::isnan(dx) || std::isnan(ref)) return false;
  const double allowed = 4.0 * std::ldexp(1.0, -24) * std::fabs(static_cast<double>(dy)) *
                         k.abs_terms(static_cast<double>(in));
  return std::fabs(static_cast<double>(dx) - ref) <= allowed;
}

const UnaryKernel* FindUnary(const std::string& name) {
  for (const UnaryKernel& k : UnaryKernels()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::vector<std::string> RunnableTargets() {
  std::vector<std::string> names;
  for (size_t i = 0; i < actkern_target_count(); ++i) {
    names.emplace_back(actkern_target_name(i));
  }
  return names;
}

}  // namespace catalog
}  // namespace actkern
