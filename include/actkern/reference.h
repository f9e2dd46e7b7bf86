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

// ---- log activations (log_activations)

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

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
namespace ref {
inline double Exp(double x) { return actkern_ref_exp(x); }

// ---- exp activations (exp_activations)

// ---- log activations (log_activations)

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
}  // namespace ref
inline double UlpError(float y, double r) { return actkern_ulp_error(y, r); }
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_REFERENCE_H_
