// actkern: scalar double-precision reference functions and the ULP error
// measure. Part of the installed API so users can re-check every bound in
// their own regression tests.
#ifndef ACTKERN_REFERENCE_H_
#define ACTKERN_REFERENCE_H_

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

// e^x in double (the C library's exp, error below 1 double ULP, i.e. about
// 2^-29 float ULP).
double actkern_ref_exp(double x);

// ---- exp activations (exp_activations)
// Double references of the exp-family activations (kernels/
// reference_exp_activations.cc), from the C library's exp/expm1/tanh, error
// far below float resolution. Parameters as in actkern/exp_activations.h.
// Limits at +-inf follow the kernels' documented values.
double actkern_ref_expm1(double x);
double actkern_ref_sigmoid(double x);
double actkern_ref_tanh(double x);
double actkern_ref_silu(double x);
double actkern_ref_swish(double x, double beta);
double actkern_ref_elu(double x, double alpha);
double actkern_ref_selu(double x);
double actkern_ref_celu(double x, double alpha);
// Gradients times dy, at the kernel's first input (y for sigmoid and tanh,
// x otherwise).
double actkern_ref_expm1_backward(double x, double dy);
double actkern_ref_sigmoid_backward(double y, double dy);
double actkern_ref_tanh_backward(double y, double dy);
double actkern_ref_silu_backward(double x, double dy);
double actkern_ref_swish_backward(double x, double dy, double beta);
double actkern_ref_elu_backward(double x, double dy, double alpha);
double actkern_ref_selu_backward(double x, double dy);
double actkern_ref_celu_backward(double x, double dy, double alpha);
// Sum of the magnitudes of the swish derivative's terms at t = beta x,
// |sigma(t)| + |t sigma(t) (1 - sigma(t))|: the scale of the absolute bound
// near the derivative's zero (silu: beta = 1).
double actkern_ref_swish_backward_terms(double x, double beta);

// ---- log activations (log_activations)

// ln x and ln(1 + x): the C library's log and log1p in double.
double actkern_ref_log(double x);
double actkern_ref_log1p(double x);
// (1/beta) ln(1 + e^(beta x)) as max(x, 0) + log1p(e^(-beta |x|)) / beta.
double actkern_ref_softplus(double x, double beta);
// -softplus(-x) with beta = 1.
double actkern_ref_log_sigmoid(double x);
// x tanh(softplus(x)); -0 at -inf.
double actkern_ref_mish(double x);
// Gradients dy f'(x): dy / x, dy / (1 + x), dy sigmoid(beta x),
// dy sigmoid(-x), dy (tanh(sp) + x sigmoid(x) sech^2(sp)) with
// sp = softplus(x) (dy at +inf, 0 dy at -inf).
double actkern_ref_log_backward(double x, double dy);
double actkern_ref_log1p_backward(double x, double dy);
double actkern_ref_softplus_backward(double x, double dy, double beta);
double actkern_ref_log_sigmoid_backward(double x, double dy);
double actkern_ref_mish_backward(double x, double dy);
// |tanh(sp)| + |x sigmoid(x) sech^2(sp)|: the scale of mish's derivative
// terms, for the absolute bound near its zero.
double actkern_ref_mish_backward_abs_terms(double x);

// ---- gelu and piecewise activations (gelu, piecewise)

// gelu(x) = x/2 erfc(-x/sqrt(2)) (std::erfc in double).
double actkern_ref_gelu(double x);
// (Phi(x) + x phi(x)) * dy, and |Phi(x)| + |x phi(x)| (the sum of the
// magnitudes of the derivative's terms, for the absolute bound near its zero).
double actkern_ref_gelu_backward(double x, double dy);
double actkern_ref_gelu_backward_abs_terms(double x);
// gelu_tanh(x) = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3),
// evaluated as x sigmoid(2u) (the same function without double-precision
// cancellation in the negative tail).
double actkern_ref_gelu_tanh(double x);
// (s + x s (1 - s) v') * dy, s = sigmoid(v), v = 2u, and |s| + |x s (1-s) v'|.
double actkern_ref_gelu_tanh_backward(double x, double dy);
double actkern_ref_gelu_tanh_backward_abs_terms(double x);
// Piecewise activations and their derivatives times dy (conventions at the
// kinks as in actkern/piecewise.h).
double actkern_ref_relu(double x);
double actkern_ref_leaky_relu(double x, double slope);
double actkern_ref_relu6(double x);
double actkern_ref_hardtanh(double x, double lo, double hi);
double actkern_ref_hardsigmoid(double x);
double actkern_ref_hardswish(double x);
double actkern_ref_relu_backward(double x, double dy);
double actkern_ref_leaky_relu_backward(double x, double dy, double slope);
double actkern_ref_relu6_backward(double x, double dy);
double actkern_ref_hardtanh_backward(double x, double dy, double lo, double hi);
double actkern_ref_hardsigmoid_backward(double x, double dy);
double actkern_ref_hardswish_backward(double x, double dy);

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
// dx = y (dy - sum y dy); dx = dy - e^y sum dy.
void actkern_ref_softmax_backward(const float* y, const float* dy, size_t n,
                                  double* dx);
void actkern_ref_log_softmax_backward(const float* y, const float* dy,
                                      size_t n, double* dx);
// Cross-entropy of one row (label in [0, n), smoothing eps, PyTorch's
// definition): returns the loss; grad (may be NULL) gets softmax - q.
double actkern_ref_softmax_cross_entropy(const float* z, size_t n,
                                         int label, float eps, double* grad);
// Soft labels t: loss = sum q (lse - z), q = (1 - eps) t + eps / n, q == 0
// terms count 0; grad = softmax * sum q - q.
double actkern_ref_softmax_cross_entropy_soft(const float* z, const float* t,
                                              size_t n, float eps,
                                              double* grad);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
namespace ref {
inline double Exp(double x) { return actkern_ref_exp(x); }

// ---- exp activations (exp_activations)
inline double Expm1(double x) { return actkern_ref_expm1(x); }
inline double Sigmoid(double x) { return actkern_ref_sigmoid(x); }
inline double Tanh(double x) { return actkern_ref_tanh(x); }
inline double Silu(double x) { return actkern_ref_silu(x); }
inline double Swish(double x, double beta) { return actkern_ref_swish(x, beta); }
inline double Elu(double x, double alpha = 1.0) { return actkern_ref_elu(x, alpha); }
inline double Selu(double x) { return actkern_ref_selu(x); }
inline double Celu(double x, double alpha = 1.0) { return actkern_ref_celu(x, alpha); }
inline double Expm1Backward(double x, double dy) { return actkern_ref_expm1_backward(x, dy); }
inline double SigmoidBackward(double y, double dy) {
  return actkern_ref_sigmoid_backward(y, dy);
}
inline double TanhBackward(double y, double dy) { return actkern_ref_tanh_backward(y, dy); }
inline double SiluBackward(double x, double dy) { return actkern_ref_silu_backward(x, dy); }
inline double SwishBackward(double x, double dy, double beta) {
  return actkern_ref_swish_backward(x, dy, beta);
}
inline double EluBackward(double x, double dy, double alpha = 1.0) {
  return actkern_ref_elu_backward(x, dy, alpha);
}
inline double SeluBackward(double x, double dy) { return actkern_ref_selu_backward(x, dy); }
inline double CeluBackward(double x, double dy, double alpha = 1.0) {
  return actkern_ref_celu_backward(x, dy, alpha);
}

// ---- log activations (log_activations)
inline double Log(double x) { return actkern_ref_log(x); }
inline double Log1p(double x) { return actkern_ref_log1p(x); }
inline double Softplus(double x, double beta = 1.0) { return actkern_ref_softplus(x, beta); }
inline double LogSigmoid(double x) { return actkern_ref_log_sigmoid(x); }
inline double Mish(double x) { return actkern_ref_mish(x); }
inline double LogBackward(double x, double dy) { return actkern_ref_log_backward(x, dy); }
inline double Log1pBackward(double x, double dy) { return actkern_ref_log1p_backward(x, dy); }
inline double SoftplusBackward(double x, double dy, double beta = 1.0) {
  return actkern_ref_softplus_backward(x, dy, beta);
}
inline double LogSigmoidBackward(double x, double dy) {
  return actkern_ref_log_sigmoid_backward(x, dy);
}
inline double MishBackward(double x, double dy) { return actkern_ref_mish_backward(x, dy); }
inline double MishBackwardAbsTerms(double x) {
  return actkern_ref_mish_backward_abs_terms(x);
}

// ---- gelu and piecewise activations (gelu, piecewise)
inline double Gelu(double x) { return actkern_ref_gelu(x); }
inline double GeluBackward(double x, double dy) { return actkern_ref_gelu_backward(x, dy); }
inline double GeluTanh(double x) { return actkern_ref_gelu_tanh(x); }
inline double GeluTanhBackward(double x, double dy) {
  return actkern_ref_gelu_tanh_backward(x, dy);
}
inline double Relu(double x) { return actkern_ref_relu(x); }
inline double LeakyRelu(double x, double slope) { return actkern_ref_leaky_relu(x, slope); }
inline double Relu6(double x) { return actkern_ref_relu6(x); }
inline double Hardtanh(double x, double lo, double hi) {
  return actkern_ref_hardtanh(x, lo, hi);
}
inline double Hardsigmoid(double x) { return actkern_ref_hardsigmoid(x); }
inline double Hardswish(double x) { return actkern_ref_hardswish(x); }
inline double ReluBackward(double x, double dy) { return actkern_ref_relu_backward(x, dy); }
inline double LeakyReluBackward(double x, double dy, double slope) {
  return actkern_ref_leaky_relu_backward(x, dy, slope);
}
inline double Relu6Backward(double x, double dy) { return actkern_ref_relu6_backward(x, dy); }
inline double HardtanhBackward(double x, double dy, double lo, double hi) {
  return actkern_ref_hardtanh_backward(x, dy, lo, hi);
}
inline double HardsigmoidBackward(double x, double dy) {
  return actkern_ref_hardsigmoid_backward(x, dy);
}
inline double HardswishBackward(double x, double dy) {
  return actkern_ref_hardswish_backward(x, dy);
}

// ---- softmax family (softmax)
inline void Softmax(const float* x, size_t n, float scale, double* y) {
  actkern_ref_softmax(x, n, scale, y);
}
inline void LogSoftmax(const float* x, size_t n, float scale, double* y) {
  actkern_ref_log_softmax(x, n, scale, y);
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
