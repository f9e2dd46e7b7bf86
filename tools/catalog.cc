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
  };
  return kernels;
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
