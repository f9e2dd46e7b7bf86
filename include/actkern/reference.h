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

// ---- softmax family (softmax)

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
namespace ref {
inline double Exp(double x) { return actkern_ref_exp(x); }

// ---- exp activations (exp_activations)

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

// ---- softmax family (softmax)
}  // namespace ref
inline double UlpError(float y, double r) { return actkern_ulp_error(y, r); }
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_REFERENCE_H_
