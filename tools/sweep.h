// ULP sweeps of a catalogued unary kernel over float bit patterns, on the
// currently selected target, multithreaded. Used by the tests and tools.
#ifndef ACTKERN_TOOLS_SWEEP_H_
#define ACTKERN_TOOLS_SWEEP_H_

#include <stdint.h>

#include "catalog.h"

namespace actkern {
namespace catalog {

struct SweepResult {
  uint64_t count = 0;           // inputs checked
  double max_ulp = 0.0;         // worst ULP error (inf for NaN mismatches)
  float worst_x = 0.0f;         // input at the worst error (first one found)
  float worst_y = 0.0f;         // kernel output there
  double worst_ref = 0.0;       // reference there
  double sum_ulp = 0.0;         // for the mean (finite errors only)
  uint64_t correctly_rounded = 0;  // errors <= 0.5 ULP
  uint64_t nan_mismatches = 0;  // NaN where the reference is a number or
                                // vice versa
  uint64_t kernel_failures = 0;  // calls that returned a non-OK status

  void Merge(const SweepResult& o);
};

// Checks every input with bit pattern begin, begin + stride, ... < end (as
// uint32 bit patterns, end <= 2^32) plus, if with_specials, the special
// values (+-0, +-inf, NaNs, +-min/max normal and subnormal, +-1).
SweepResult SweepBits(const UnaryKernel& k, uint64_t begin, uint64_t end,
                      uint64_t stride, bool with_specials, int threads);

// Number of hardware threads to use (at least 1).
int DefaultThreads();

}  // namespace catalog
}  // namespace actkern

#endif  // ACTKERN_TOOLS_SWEEP_H_
