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

     // ---- log activations (log_activations)

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

     // ---- log activations (log_activations)

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
