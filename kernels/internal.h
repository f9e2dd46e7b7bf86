// actkern internals shared by the exporting .cc files (not installed).
#ifndef ACTKERN_KERNELS_INTERNAL_H_
#define ACTKERN_KERNELS_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "actkern/common.h"

namespace actkern {
namespace internal {

// Applies ACTKERN_TARGET once, before the first dynamic dispatch. Every
// public entry point calls this first; after the first call it is one load
// and a predictable branch.
void InitOnce();

inline bool RangesOverlap(const void* a, size_t a_bytes, const void* b,
                          size_t b_bytes) {
  const uintptr_t pa = reinterpret_cast<uintptr_t>(a);
  const uintptr_t pb = reinterpret_cast<uintptr_t>(b);
  return pa < pb + b_bytes && pb < pa + a_bytes;
}

// Validates an elementwise call reading n floats at each of `inputs` and
// writing n floats at `out`. Inputs may alias `out` exactly, never partially.
inline actkern_status CheckElementwise(const float* out, size_t n,
                                       const float* in0,
                                       const float* in1 = nullptr,
                                       bool has_in1 = false) {
  if (n == 0) return ACTKERN_OK;
  if (out == nullptr || in0 == nullptr || (has_in1 && in1 == nullptr)) {
    return ACTKERN_ERROR_NULL_POINTER;
  }
  if (n > SIZE_MAX / sizeof(float) / 2) return ACTKERN_ERROR_INVALID_ARGUMENT;
  const size_t bytes = n * sizeof(float);
  if (reinterpret_cast<uintptr_t>(out) > UINTPTR_MAX - bytes ||
      reinterpret_cast<uintptr_t>(in0) > UINTPTR_MAX - bytes ||
      (has_in1 && reinterpret_cast<uintptr_t>(in1) > UINTPTR_MAX - bytes)) {
    return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
  if (in0 != out && RangesOverlap(in0, bytes, out, bytes)) {
    return ACTKERN_ERROR_OVERLAP;
  }
  if (has_in1 && in1 != out && RangesOverlap(in1, bytes, out, bytes)) {
    return ACTKERN_ERROR_OVERLAP;
  }
  return ACTKERN_OK;
}

}  // namespace internal
}  // namespace actkern

#endif  // ACTKERN_KERNELS_INTERNAL_H_
