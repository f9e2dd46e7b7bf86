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

// ---- softmax family (softmax)

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
namespace ref {
inline double Exp(double x) { return actkern_ref_exp(x); }

// ---- exp activations (exp_activations)

// ---- log activations (log_activations)

// ---- gelu and piecewise activations (gelu, piecewise)

// ---- softmax family (softmax)
}  // namespace ref
inline double UlpError(float y, double r) { return actkern_ulp_error(y, r); }
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_REFERENCE_H_
