// actkern: GELU, erf form and tanh approximation, forward and backward.
#ifndef ACTKERN_GELU_H_
#define ACTKERN_GELU_H_

#include <stddef.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// y[i] = gelu(x[i]) = x Phi(x) = x/2 erfc(-x/sqrt(2)), the exact (erf) GELU.
// Max error 2.5 ULP over every float input on every target (measured: see
// README), including the negative tail: for x < 0 the result keeps its
// relative accuracy down to the subnormals (no 1 - erf cancellation), becomes
// subnormal below about -13.15 and -0 below about -14.36. gelu(x) always has
// the sign of x: gelu(+-0) = +-0, gelu(-inf) = -0, gelu(+inf) = +inf,
// NaN -> NaN. Any n (0 is a no-op), any alignment; y == x is allowed, any
// other overlap is ACTKERN_ERROR_OVERLAP. Never reads or writes outside
// [0, n).
actkern_status actkern_gelu_f32(const float* x, float* y, size_t n);

// dx[i] = gelu'(x[i]) * dy[i], gelu'(x) = Phi(x) + x phi(x). Takes x (the
// forward input). Max error 4 ULP, except for x in [-1.1, -0.65] around the
// derivative's zero near x = -0.7518, where instead
// |dx - ref| <= 4 * 2^-24 * |dy| * (|Phi(x)| + |x phi(x)|). dx may alias x or
// dy exactly (no other overlap). gelu'(-inf) dy = -0 dy, gelu'(+inf) dy = dy;
// NaN in x or dy -> NaN.
actkern_status actkern_gelu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n);

// y[i] = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), the tanh
// approximation of GELU, computed as x sigmoid(2u) (u the tanh argument):
// no overflow for any x (x^3 is never formed in float), and the negative tail
// keeps its relative accuracy down to the subnormals (-0 below about -10.77).
// Max error 2.5 ULP against the same formula evaluated in double. Sign of x
// always: (+-0) -> +-0, -inf -> -0, +inf -> +inf, NaN -> NaN.
actkern_status actkern_gelu_tanh_f32(const float* x, float* y, size_t n);

// dx[i] = d/dx[gelu_tanh](x[i]) * dy[i]. Takes x. Max error 4 ULP, except
// for x in [-0.8, -0.68] around the derivative's zero near x = -0.752, where
// |dx - ref| <= 4 * 2^-24 * |dy| * (|s| + |x s (1 - s) v'|), s = sigmoid(v),
// v = 2u. Same aliasing, inf and NaN rules as actkern_gelu_backward_f32.
actkern_status actkern_gelu_tanh_backward_f32(const float* x, const float* dy,
                                              float* dx, size_t n);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
inline Status Gelu(const float* x, float* y, size_t n) {
  return ToStatus(actkern_gelu_f32(x, y, n));
}
inline Status GeluBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_gelu_backward_f32(x, dy, dx, n));
}
inline Status GeluTanh(const float* x, float* y, size_t n) {
  return ToStatus(actkern_gelu_tanh_f32(x, y, n));
}
inline Status GeluTanhBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_gelu_tanh_backward_f32(x, dy, dx, n));
}
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_GELU_H_
