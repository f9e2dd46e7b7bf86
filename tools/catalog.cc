#include "catalog.h"

#include <cmath>

#include "actkern/reference.h"

namespace actkern {
namespace catalog {

const std::vector<UnaryKernel>& UnaryKernels() {
  static const std::vector<UnaryKernel> kernels = {
      {"exp", actkern_exp_f32, actkern_ref_exp,
       [](float x) { return std::exp(x); }, 1.0, kMonotoneIncreasing, -20.0f,
       0.0f},

     // ---- exp activations (exp_activations)

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

     // ---- softmax family (softmax)
  };
  return kernels;
}

const std::vector<BackwardKernel>& BackwardKernels() {
  static const std::vector<BackwardKernel> kernels = {
      // Entries are added by each activation family.

     // ---- exp activations (exp_activations)

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
