// actkern: the exponential. Elementwise y[i] = e^x[i].
#ifndef ACTKERN_EXP_H_
#define ACTKERN_EXP_H_

#include <stddef.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// y[i] = e^x[i] for i in [0, n). Max error 1 ULP over every float input on
// every target (measured: see README). Overflow: +inf above 88.72283...;
// gradual underflow down to the smallest subnormal (about -103.97), +0 below.
// NaN -> NaN, +inf -> +inf, -inf -> +0, +-0 -> 1. Any n (0 is a no-op), any
// alignment; y == x (in place) is allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP. Never reads or writes outside [0, n).
actkern_status actkern_exp_f32(const float* x, float* y, size_t n);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
inline Status Exp(const float* x, float* y, size_t n) {
  return ToStatus(actkern_exp_f32(x, y, n));
}
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_EXP_H_
