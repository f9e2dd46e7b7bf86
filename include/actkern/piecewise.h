// actkern: piecewise activations (relu, leaky_relu, relu6, hardtanh,
// hardsigmoid, hardswish), forward and backward.
//
// Common to all: any n (0 is a no-op), any alignment, y == x (forward) or
// dx == x / dx == dy (backward) allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP; nothing outside [0, n) is read or written. NaN in
// gives NaN out (relu(NaN) is NaN, not 0). Parameters are checked first: an
// invalid one is ACTKERN_ERROR_INVALID_ARGUMENT even when n == 0.
//
// Backward kernels take x (the forward input) and return
// dx = f'(x) * dy with PyTorch's convention at the kinks: the derivative of a
// flat piece is used at a kink (relu'(0) = 0, relu6'(0) = relu6'(6) = 0,
// hardtanh'(lo) = hardtanh'(hi) = 0, hardsigmoid'(+-3) = 0, hardswish'(-3) =
// 0 and hardswish'(3) = 1), except leaky_relu'(0) = slope. Since dx is the
// product f'(x) * dy, a zero derivative times an infinite or NaN dy is NaN,
// and the sign of a zero dx follows the product.
#ifndef ACTKERN_PIECEWISE_H_
#define ACTKERN_PIECEWISE_H_

#include <stddef.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// relu(x) = x > 0 ? x : +0. Exact. relu(-0) = +0, relu(-inf) = +0.
actkern_status actkern_relu_f32(const float* x, float* y, size_t n);

// leaky_relu(x) = x > 0 ? x : slope * x, correctly rounded (one product, with
// gradual underflow). slope: any finite float (negative allowed); NaN or inf
// is ACTKERN_ERROR_INVALID_ARGUMENT. leaky_relu(-0) = slope * -0 (-0 for
// slope >= 0), leaky_relu(-inf) = -inf * slope (+-inf, or NaN for slope = 0).
actkern_status actkern_leaky_relu_f32(const float* x, float* y, size_t n, float slope);

// relu6(x) = min(max(x, 0), 6). Exact. relu6(-0) = +0.
actkern_status actkern_relu6_f32(const float* x, float* y, size_t n);

// hardtanh(x) = x < lo ? lo : (x > hi ? hi : x). Exact. lo and hi: any
// floats with lo <= hi, infinities allowed (hardtanh(x, 0, +inf) is a relu
// that keeps -0); NaN or lo > hi is ACTKERN_ERROR_INVALID_ARGUMENT. x itself
// is returned when lo <= x <= hi, so -0 stays -0.
actkern_status actkern_hardtanh_f32(const float* x, float* y, size_t n, float lo,
                                    float hi);

// hardsigmoid(x) = clamp(x/6 + 1/2, 0, 1) (PyTorch), computed as (x + 3)/6
// with an exact remainder: max error 0.5 ULP + 2^-20 (bound 1 ULP). 0 for
// x <= -3, 1 for x >= 3, hardsigmoid(+-0) = 0.5.
actkern_status actkern_hardsigmoid_f32(const float* x, float* y, size_t n);

// hardswish(x) = x * hardsigmoid(x) = x (x + 3) / 6 on (-3, 3), x for
// x >= 3, -0 for x <= -3 (the sign of x * 0, as in PyTorch). Max error 0.5 ULP
// + 2^-20 (bound 1 ULP). The result has the sign of x: hardswish(-0) = -0.
actkern_status actkern_hardswish_f32(const float* x, float* y, size_t n);

// Backward kernels (x, dy -> dx). Bound 4 ULP; all are exact (relu, relu6,
// hardtanh), a single correctly rounded product (leaky_relu, hardsigmoid:
// dy / 6) or three roundings (hardswish: ((2x + 3) / 6) * dy, 2x + 3 exact
// near its zero at -1.5).
actkern_status actkern_relu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n);
actkern_status actkern_leaky_relu_backward_f32(const float* x, const float* dy,
                                               float* dx, size_t n, float slope);
actkern_status actkern_relu6_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n);
actkern_status actkern_hardtanh_backward_f32(const float* x, const float* dy, float* dx,
                                             size_t n, float lo, float hi);
actkern_status actkern_hardsigmoid_backward_f32(const float* x, const float* dy,
                                                float* dx, size_t n);
actkern_status actkern_hardswish_backward_f32(const float* x, const float* dy,
                                              float* dx, size_t n);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
inline Status Relu(const float* x, float* y, size_t n) {
  return ToStatus(actkern_relu_f32(x, y, n));
}
inline Status LeakyRelu(const float* x, float* y, size_t n, float slope = 0.01f) {
  return ToStatus(actkern_leaky_relu_f32(x, y, n, slope));
}
inline Status Relu6(const float* x, float* y, size_t n) {
  return ToStatus(actkern_relu6_f32(x, y, n));
}
inline Status Hardtanh(const float* x, float* y, size_t n, float lo = -1.0f,
                       float hi = 1.0f) {
  return ToStatus(actkern_hardtanh_f32(x, y, n, lo, hi));
}
inline Status Hardsigmoid(const float* x, float* y, size_t n) {
  return ToStatus(actkern_hardsigmoid_f32(x, y, n));
}
inline Status Hardswish(const float* x, float* y, size_t n) {
  return ToStatus(actkern_hardswish_f32(x, y, n));
}
inline Status ReluBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_relu_backward_f32(x, dy, dx, n));
}
inline Status LeakyReluBackward(const float* x, const float* dy, float* dx, size_t n,
                                float slope = 0.01f) {
  return ToStatus(actkern_leaky_relu_backward_f32(x, dy, dx, n, slope));
}
inline Status Relu6Backward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_relu6_backward_f32(x, dy, dx, n));
}
inline Status HardtanhBackward(const float* x, const float* dy, float* dx, size_t n,
                               float lo = -1.0f, float hi = 1.0f) {
  return ToStatus(actkern_hardtanh_backward_f32(x, dy, dx, n, lo, hi));
}
inline Status HardsigmoidBackward(const float* x, const float* dy, float* dx,
                                  size_t n) {
  return ToStatus(actkern_hardsigmoid_backward_f32(x, dy, dx, n));
}
inline Status HardswishBackward(const float* x, const float* dy, float* dx, size_t n) {
  return ToStatus(actkern_hardswish_backward_f32(x, dy, dx, n));
}
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_PIECEWISE_H_
