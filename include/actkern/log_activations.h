// actkern: log activations, elementwise, forward and backward:
//   log, log1p, softplus(beta), log_sigmoid, mish.
// Common contract (as for every elementwise kernel, see README): any n (0 is a
// no-op), any alignment, y == x in place allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP, NULL with n > 0 is ACTKERN_ERROR_NULL_POINTER, and on
// any error nothing is written. NaN in -> NaN out. Subnormal inputs and
// outputs are handled exactly like normal ones (nothing is flushed). The
// bounds are max-ULP errors against the double references of
// actkern/reference.h over every float input, on every target.
//
// Backward kernels take the forward input x and the incoming gradient dy and
// write dx = f'(x) dy; dx may alias x or dy exactly. Bound: 4 ULP, except
// where stated (mish).
#ifndef ACTKERN_LOG_ACTIVATIONS_H_
#define ACTKERN_LOG_ACTIVATIONS_H_

#include <stddef.h>

#include "actkern/common.h"

// softplus's beta must lie in [2^-24, 2^24] (and be a number); other values
// are ACTKERN_ERROR_INVALID_ARGUMENT (checked after the pointers, even for
// n == 0).
#define ACTKERN_SOFTPLUS_BETA_MIN 0x1p-24f
#define ACTKERN_SOFTPLUS_BETA_MAX 0x1p24f

#ifdef __cplusplus
extern "C" {
#endif

// y = ln x. Max 1 ULP. +-0 -> -inf, x < 0 (including -inf) -> NaN,
// +inf -> +inf, ln 1 = +0; subnormal x are exact inputs (ln 2^-149 is finite).
actkern_status actkern_log_f32(const float* x, float* y, size_t n);

// y = ln(1 + x). Max 1.5 ULP. -1 -> -inf, x < -1 -> NaN, +inf -> +inf,
// +-0 -> +-0, tiny x -> x.
actkern_status actkern_log1p_f32(const float* x, float* y, size_t n);

// y = (1/beta) ln(1 + e^(beta x)), computed as max(x, 0) +
// ln(1 + e^(-beta |x|)) / beta: exact everywhere, no threshold cut-off (for
// large x the result is x plus its small correction until that rounds away;
// for very negative x it is e^(beta x) / beta down into the subnormals).
// Max 2 ULP. +inf -> +inf, -inf -> +0, 0 -> ln(2) / beta. beta in
// [ACTKERN_SOFTPLUS_BETA_MIN, ACTKERN_SOFTPLUS_BETA_MAX] (PyTorch's default is
// 1).
actkern_status actkern_softplus_f32(const float* x, float* y, size_t n, float beta);

// y = ln(sigmoid(x)) = -softplus(-x) (beta = 1). Max 2 ULP. -inf -> -inf;
// large x -> -e^-x into the subnormals, then -0; +inf -> -0.
actkern_status actkern_log_sigmoid_f32(const float* x, float* y, size_t n);

// y = x tanh(softplus(x)). Max 3 ULP. +inf -> +inf, -inf -> -0, -0 -> -0;
// for x < 0 the result x e^x-like tail goes into the subnormals (down to
// about x = -108) and then is -0.
actkern_status actkern_mish_f32(const float* x, float* y, size_t n);

// dx = dy / x (PyTorch's formula, applied to every x: x = +-0 gives +-inf
// times the sign of dy, x < 0 gives the negative value, not NaN).
actkern_status actkern_log_backward_f32(const float* x, const float* dy, float* dx,
                                        size_t n);

// dx = dy / (1 + x), for every x (x = -1 -> +-inf, x < -1 -> the formula).
actkern_status actkern_log1p_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n);

// dx = dy sigmoid(beta x), beta as for actkern_softplus_f32. The tail (dy
// e^(beta x) for very negative x) is exact into the subnormals even for a
// large dy.
actkern_status actkern_softplus_backward_f32(const float* x, const float* dy, float* dx,
                                             size_t n, float beta);

// dx = dy sigmoid(-x) = dy (1 - sigmoid(x)).
actkern_status actkern_log_sigmoid_backward_f32(const float* x, const float* dy,
                                                float* dx, size_t n);

// dx = dy mish'(x), mish'(x) = tanh(sp) + x sigmoid(x) sech^2(sp) with
// sp = softplus(x); mish'(+inf) = 1, mish'(-inf) = 0. 4 ULP, except for x in
// [-1.27, -1.11] around mish's minimum (mish' = 0 at x = -1.19243), where
// the error is instead at most 4 * 2^-24 * |dy| * (|tanh(sp)| + |x sigmoid(x)
// sech^2(sp)|) (actkern_ref_mish_backward_abs_terms): e^x's last-bit
// rounding moves the result by up to |mish''(x)| 2^-24, many ULP of a
// result near 0 (measured: above 4 ULP only within [-1.231, -1.140]).
actkern_status actkern_mish_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
inline Status Log(const float* x, float* y, size_t n) {
  return ToStatus(actkern_log_f32(x, y, n));
}
inline Status Log1p(const float* x, float* y, size_t n) {
  return ToStatus(actkern_log1p_f32(x, y, n));
}
inline Status Softplus(const float* x, float* y, size_t n, float beta = 1.0f) {
  return ToStatus(actkern_softplus_f32(x, y, n, beta));
}
inline Status LogSigmoid(const float* x, float* y, size_t n) {
  return ToStatus(actkern_log_sigmoid_f32(x, y, n));
}
inline Status Mish(const float* x, float* y, size_t n) {
  return ToStatus(actkern_mish_f32(x, y, n));
}
inline Status LogBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_log_backward_f32(x, dy, dx, n));
}
inline Status Log1pBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_log1p_backward_f32(x, dy, dx, n));
}
inline Status SoftplusBackward(const float* x, const float* dy, float* dx, size_t n,
                               float beta = 1.0f) {
  return ToStatus(actkern_softplus_backward_f32(x, dy, dx, n, beta));
}
inline Status LogSigmoidBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_log_sigmoid_backward_f32(x, dy, dx, n));
}
inline Status MishBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_mish_backward_f32(x, dy, dx, n));
}
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_LOG_ACTIVATIONS_H_
