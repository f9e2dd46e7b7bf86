// actkern: exp-family activations and their gradients, elementwise on float32:
// expm1, sigmoid, tanh, silu, swish(beta), elu(alpha), selu, celu(alpha).
//
// Contracts shared by every function here (see also README.md):
// - Any n (0 is a no-op that accepts NULL), any alignment. Forward: y == x is
//   allowed. Backward: dx may alias the first input or dy exactly. Any other
//   overlap is ACTKERN_ERROR_OVERLAP; NULL with n > 0 is
//   ACTKERN_ERROR_NULL_POINTER; a parameter outside its documented domain is
//   ACTKERN_ERROR_INVALID_ARGUMENT (checked first, whatever n). On any error
//   nothing is written. Nothing outside [0, n) is read or written.
// - NaN in -> NaN out. Subnormal results are produced, never flushed.
// - Bounds are max ULP errors against the double references in
//   actkern/reference.h, proven for the forward kernels by the exhaustive
//   sweep over all 2^32 inputs on AVX2 and SSE4 (the catalogued parameter
//   values), and by sampled sweeps on every target.
// - Backward kernels: dx = f'(.) * dy, within 4 ULP of the double analytic
//   derivative times dy, except silu/swish near the derivative's zero
//   (t = beta x ~ -1.2785) where the absolute bound
//   |dx - ref| <= 4 * 2^-24 * |dy| * (|sigma(t)| + |t sigma(t) (1 - sigma(t))|)
//   applies instead. sigmoid and tanh gradients take the forward output y
//   (as PyTorch keeps it); the others take x.
#ifndef ACTKERN_EXP_ACTIVATIONS_H_
#define ACTKERN_EXP_ACTIVATIONS_H_

#include <stddef.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// y = e^x - 1. Bound 1.5 ULP. No cancellation near 0 (expm1(x) = x for
// |x| < 2^-25 and -0 -> -0). -inf -> -1, +inf -> +inf, overflow above
// 88.72283 (same threshold as exp); -1 exactly below about -17.33.
actkern_status actkern_expm1_f32(const float* x, float* y, size_t n);

// y = 1 / (1 + e^-x). Bound 1.5 ULP. No intermediate overflows; subnormal
// results (x below about -87.3) are produced down to x ~ -103.97, +0 below.
// -inf -> +0, +inf -> 1, +-0 -> 0.5.
actkern_status actkern_sigmoid_f32(const float* x, float* y, size_t n);

// y = tanh x. Bound 1.5 ULP. Odd bit for bit: tanh(-x) == -tanh(x) for every
// x, so +-0 -> +-0. +-inf -> +-1 (and |x| >= 9.011 rounds to +-1).
actkern_status actkern_tanh_f32(const float* x, float* y, size_t n);

// y = x * sigmoid(x). Bound 2 ULP. +inf -> +inf, -inf -> -0 (the limit from
// below of x e^x), +-0 -> +-0. Results below the normal range (x < -87.3)
// are produced with e^x's power of two applied last, not flushed.
actkern_status actkern_silu_f32(const float* x, float* y, size_t n);

// y = x * sigmoid(beta * x). Bound 2 ULP. Domain: beta finite and > 0
// (beta = 1 is silu); anything else is ACTKERN_ERROR_INVALID_ARGUMENT.
// +inf -> +inf, -inf -> -0, +-0 -> +-0.
actkern_status actkern_swish_f32(const float* x, float* y, size_t n, float beta);

// y = x for x >= 0 (so +-0 -> +-0), alpha * (e^x - 1) for x < 0. Bound 2 ULP.
// Domain: alpha finite (any sign). -inf -> -alpha.
actkern_status actkern_elu_f32(const float* x, float* y, size_t n, float alpha);

// y = lambda * elu(x, alpha) with lambda = 1.0507009873554804934 and
// alpha = 1.6732632423543772848. Bound 2.5 ULP. -inf -> -lambda*alpha
// (-1.7580993), +inf -> +inf, +-0 -> +-0.
actkern_status actkern_selu_f32(const float* x, float* y, size_t n);

// y = max(0, x) + min(0, alpha * (e^(x/alpha) - 1)), i.e. x for x >= 0 and
// alpha (e^(x/alpha) - 1) for x < 0 (either sign of alpha). Bound 2.5 ULP.
// Domain: alpha finite, nonzero, 2^-64 <= |alpha| <= 2^64. -inf -> -alpha for
// alpha > 0, -inf for alpha < 0; +-0 -> +-0.
actkern_status actkern_celu_f32(const float* x, float* y, size_t n, float alpha);

// ---- gradients: dx = f'(.) * dy

// dx = dy * e^x (from x). Correct where e^x alone would overflow but dy e^x
// does not. x = +-inf gives dy * inf, dy * 0.
actkern_status actkern_expm1_backward_f32(const float* x, const float* dy,
                                          float* dx, size_t n);
// dx = dy * y * (1 - y), from the forward output y. Bound 4 ULP for y in
// [0, 1] (every output sigmoid can give); outside it dx is that formula in
// float, which can overflow (and then 0 * inf is NaN).
actkern_status actkern_sigmoid_backward_f32(const float* y, const float* dy,
                                            float* dx, size_t n);
// dx = dy * (1 - y^2), from the forward output y (computed as
// (1 - |y|)(1 + |y|): no cancellation as |y| -> 1). Bound 4 ULP for y in
// [-1, 1]; outside it, that formula in float (it can overflow, as sigmoid's).
actkern_status actkern_tanh_backward_f32(const float* y, const float* dy,
                                         float* dx, size_t n);
// dx = dy * sigma(x) (1 + x (1 - sigma(x))), from x. 4 ULP, or the absolute
// bound near the zero at x = -1.2785 (see above; needed only for x within
// [-1.4, -1.15], measured [-1.2802, -1.2764]). +inf -> dy, -inf -> dy * 0.
actkern_status actkern_silu_backward_f32(const float* x, const float* dy,
                                         float* dx, size_t n);
// dx = dy * sigma(t) (1 + t (1 - sigma(t))), t = beta x, from x; as silu,
// the absolute bound near t = -1.2785.
actkern_status actkern_swish_backward_f32(const float* x, const float* dy,
                                          float* dx, size_t n, float beta);
// dx = dy for x > 0, dy * alpha * e^x for x <= 0 (the left derivative at 0),
// from x. e^x's power of two is applied last, so no intermediate over- or
// underflow: dx is infinite only where the exact result overflows. x = -inf
// gives dy * alpha * 0 (NaN for an infinite dy).
actkern_status actkern_elu_backward_f32(const float* x, const float* dy,
                                        float* dx, size_t n, float alpha);
// dx = dy * lambda for x > 0, dy * lambda * alpha * e^x for x <= 0, from x
// (as elu: no intermediate overflow; x = -inf gives dy * 0).
actkern_status actkern_selu_backward_f32(const float* x, const float* dy,
                                         float* dx, size_t n);
// dx = dy for x > 0, dy * e^(x / alpha) for x <= 0, from x. x = -inf gives
// dy * 0 for alpha > 0 and dy * inf for alpha < 0.
actkern_status actkern_celu_backward_f32(const float* x, const float* dy,
                                         float* dx, size_t n, float alpha);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
inline Status Expm1(const float* x, float* y, size_t n) {
  return ToStatus(actkern_expm1_f32(x, y, n));
}
inline Status Sigmoid(const float* x, float* y, size_t n) {
  return ToStatus(actkern_sigmoid_f32(x, y, n));
}
inline Status Tanh(const float* x, float* y, size_t n) {
  return ToStatus(actkern_tanh_f32(x, y, n));
}
inline Status Silu(const float* x, float* y, size_t n) {
  return ToStatus(actkern_silu_f32(x, y, n));
}
inline Status Swish(const float* x, float* y, size_t n, float beta) {
  return ToStatus(actkern_swish_f32(x, y, n, beta));
}
inline Status Elu(const float* x, float* y, size_t n, float alpha = 1.0f) {
  return ToStatus(actkern_elu_f32(x, y, n, alpha));
}
inline Status Selu(const float* x, float* y, size_t n) {
  return ToStatus(actkern_selu_f32(x, y, n));
}
inline Status Celu(const float* x, float* y, size_t n, float alpha = 1.0f) {
  return ToStatus(actkern_celu_f32(x, y, n, alpha));
}
inline Status Expm1Backward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_expm1_backward_f32(x, dy, dx, n));
}
inline Status SigmoidBackward(const float* y, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_sigmoid_backward_f32(y, dy, dx, n));
}
inline Status TanhBackward(const float* y, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_tanh_backward_f32(y, dy, dx, n));
}
inline Status SiluBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_silu_backward_f32(x, dy, dx, n));
}
inline Status SwishBackward(const float* x, const float* dy, float* dx, size_t n,
                            float beta) {
  return ToStatus(actkern_swish_backward_f32(x, dy, dx, n, beta));
}
inline Status EluBackward(const float* x, const float* dy, float* dx, size_t n,
                          float alpha = 1.0f) {
  return ToStatus(actkern_elu_backward_f32(x, dy, dx, n, alpha));
}
inline Status SeluBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_selu_backward_f32(x, dy, dx, n));
}
inline Status CeluBackward(const float* x, const float* dy, float* dx, size_t n,
                           float alpha = 1.0f) {
  return ToStatus(actkern_celu_backward_f32(x, dy, dx, n, alpha));
}
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_EXP_ACTIVATIONS_H_
