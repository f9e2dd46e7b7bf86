// actkern: scalar double-precision reference functions and the ULP error
// measure. Part of the installed API so users can re-check every bound in
// their own regression tests.
#ifndef ACTKERN_REFERENCE_H_
#define ACTKERN_REFERENCE_H_

#include "actkern/kernel_table.h"

#ifdef __cplusplus
extern "C" {
#endif

// ULP error of a float result y against a double reference r:
// |y - r| / u(r), where u(r) is the spacing of floats at |r|: 2^(e-23) for
// |r| in [2^e, 2^(e+1)), and 2^-149 for |r| < 2^-126. Beyond the float range
// an infinite y counts as +-2^128 and r is capped at +-2^128, so a correctly
// rounded overflow scores <= 0.5. NaN vs NaN and equal infinities count 0;
// NaN vs a number counts +infinity.
double actkern_ulp_error(float y, double r);

// Double references of the elementwise kernels, one pair per row of the
// kernel table (actkern/kernel_table.def):
//   double actkern_ref_<name>(double x, params...);
//   double actkern_ref_<name>_backward(double in, double dy, params...);
// with the kernel's parameters as doubles, and `in` the backward kernel's
// first input (y for sigmoid and tanh, x otherwise); the gradients are the
// analytic derivative at `in` times dy. Limits at +-inf and the conventions
// at kinks follow the kernels' documented values. How they are computed, in
// double from the C library (error far below float resolution):
// - exp, expm1, tanh, log, log1p: the C library's function (exp: error below
//   1 double ULP, about 2^-29 float ULP).
// - softplus: max(x, 0) + log1p(e^(-beta |x|)) / beta; log_sigmoid:
//   -softplus(-x) with beta = 1; mish: x tanh(softplus(x)), -0 at -inf.
// - gelu: x/2 erfc(-x/sqrt(2)) (std::erfc); gelu_tanh: x/2 (1 + tanh(u)),
//   u = sqrt(2/pi) (x + 0.044715 x^3), evaluated as x sigmoid(2u) (the same
//   function without double-precision cancellation in the negative tail).
// - log and log1p gradients: dy / x and dy / (1 + x); softplus: dy
//   sigmoid(beta x); log_sigmoid: dy sigmoid(-x); mish: dy (tanh(sp) +
//   x sigmoid(x) sech^2(sp)), sp = softplus(x) (dy at +inf, 0 dy at -inf).
#define ACTKERN_TABLE_ALL
#define ACTKERN_KERNEL ACTKERN_DECLARE_REFERENCE_C
#include "actkern/kernel_table.def"

// Sums of the magnitudes of a derivative's terms at the backward kernel's
// input: the scale of the absolute bound near the derivative's zeros (the
// table's TERMS column).
// swish at t = beta x: |sigma(t)| + |t sigma(t) (1 - sigma(t))| (silu:
// beta = 1).
double actkern_ref_swish_backward_terms(double x, double beta);
// mish: |tanh(sp)| + |x sigmoid(x) sech^2(sp)|.
double actkern_ref_mish_backward_abs_terms(double x);
// gelu: |Phi(x)| + |x phi(x)|.
double actkern_ref_gelu_backward_abs_terms(double x);
// gelu_tanh: |s| + |x s (1 - s) v'|, s = sigmoid(v), v = 2u.
double actkern_ref_gelu_tanh_backward_abs_terms(double x);

// ---- softmax family (softmax)
#include <stddef.h>  // size_t (a system header is safe inside extern "C")
// One row of n logits each; outputs in double. Logits are z = fl(scale * x)
// (the float product), or the exact double products when the largest fl
// product is not finite, as the kernels define it (actkern/softmax.h).
// NaN / +inf / all -inf rows follow the kernels' documented limits. The sum
// of the non-max terms is kept apart so log-softmax of the max element is
// accurate even when it is tiny.
void actkern_ref_softmax(const float* x, size_t n, float scale, double* y);
void actkern_ref_log_softmax(const float* x, size_t n, float scale, double* y);
// logsumexp of the row: m + log1p(w) in the terms above (NaN -> NaN, a +inf
// -> +inf, all -inf -> -inf).
double actkern_ref_logsumexp(const float* x, size_t n, float scale);
// dx = y (dy - sum y dy); dx = dy - e^y sum dy.
void actkern_ref_softmax_backward(const float* y, const float* dy, size_t n,
                                  double* dx);
void actkern_ref_log_softmax_backward(const float* y, const float* dy, size_t n,
                                      double* dx);
// Cross-entropy of one row (label in [0, n), smoothing eps, PyTorch's
// definition): returns the loss; grad (may be NULL) gets softmax - q.
double actkern_ref_softmax_cross_entropy(const float* z, size_t n, int label,
                                         float eps, double* grad);
// Soft labels t: loss = sum q (lse - z), q = (1 - eps) t + eps / n, q == 0
// terms count 0; grad = softmax * sum q - q.
double actkern_ref_softmax_cross_entropy_soft(const float* z, const float* t,
                                              size_t n, float eps,
                                              double* grad);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
namespace ref {
// ref::<Cxx>(x, params...) and ref::<Cxx>Backward(in, dy, params...), one
// pair per row of the kernel table, with the kernels' C++ defaults.
#define ACTKERN_TABLE_ALL
#define ACTKERN_KERNEL ACTKERN_DECLARE_REFERENCE_CXX
#include "actkern/kernel_table.def"
inline double MishBackwardAbsTerms(double x) {
  return actkern_ref_mish_backward_abs_terms(x);
}

// ---- softmax family (softmax)
inline void Softmax(const float* x, size_t n, float scale, double* y) {
  actkern_ref_softmax(x, n, scale, y);
}
inline void LogSoftmax(const float* x, size_t n, float scale, double* y) {
  actkern_ref_log_softmax(x, n, scale, y);
}
inline double LogSumExp(const float* x, size_t n, float scale) {
  return actkern_ref_logsumexp(x, n, scale);
}
inline void SoftmaxBackward(const float* y, const float* dy, size_t n,
                            double* dx) {
  actkern_ref_softmax_backward(y, dy, n, dx);
}
inline void LogSoftmaxBackward(const float* y, const float* dy, size_t n,
                               double* dx) {
  actkern_ref_log_softmax_backward(y, dy, n, dx);
}
inline double SoftmaxCrossEntropy(const float* z, size_t n, int label,
                                  float eps, double* grad) {
  return actkern_ref_softmax_cross_entropy(z, n, label, eps, grad);
}
inline double SoftmaxCrossEntropySoft(const float* z, const float* t, size_t n,
                                      float eps, double* grad) {
  return actkern_ref_softmax_cross_entropy_soft(z, t, n, eps, grad);
}
}  // namespace ref
inline double UlpError(float y, double r) { return actkern_ulp_error(y, r); }
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_REFERENCE_H_
