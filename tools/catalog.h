// The catalogue of actkern's elementwise kernels: public entry point, double
// reference, documented bound and properties, in one table shared by the
// tests, the benchmarks and the tools, so that adding a kernel there puts it
// under every generic check. Not installed.
#ifndef ACTKERN_TOOLS_CATALOG_H_
#define ACTKERN_TOOLS_CATALOG_H_

#include <stddef.h>

#include <string>
#include <vector>

#include "actkern/actkern.h"

namespace actkern {
namespace catalog {

enum Property : unsigned {
  kNone = 0,
  kMonotoneIncreasing = 1u << 0,  // f(a) <= f(b) for a < b
  kMonotoneDecreasing = 1u << 1,
  kOdd = 1u << 2,  // f(-x) == -f(x) bit for bit
};

struct UnaryKernel {
  std::string name;  // as in the C name actkern_<name>_f32 (params bound)
  actkern_status (*run)(const float* x, float* y, size_t n);
  double (*reference)(double x);
  float (*naive)(float x);  // the plain std:: scalar formula, for benchmarks
  double max_ulp;           // documented bound, whole float range
  unsigned properties;
  // Typical input distribution for benchmarks: uniform in [lo, hi].
  float bench_lo, bench_hi;
};

const std::vector<UnaryKernel>& UnaryKernels();
const UnaryKernel* FindUnary(const std::string& name);

// Targets compiled in and supported by this CPU, best first.
std::vector<std::string> RunnableTargets();

}  // namespace catalog
}  // namespace actkern

#endif  // ACTKERN_TOOLS_CATALOG_H_
