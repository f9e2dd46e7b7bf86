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
