// The normal distribution's scaled upper tail, compiled once per Highway
// target: R(t) = e^{t^2/2} Phi(-t) = M(t) / sqrt(2 pi) for t >= 0, M the
// Mills ratio (1 - Phi(t)) / phi(t). R is smooth and slowly varying on
// [0, inf) (R(0) = 1/2, R(t) ~ 1 / (t sqrt(2 pi))), so one rational function
// gives it to float accuracy on a wide interval, and
// Phi(-t) = e^{-t^2/2} R(t) then has full relative accuracy however small it
// is: no 1 - erf cancellation.

#if defined(ACTKERN_KERNELS_CORE_MILLS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_MILLS_INL_H_
#undef ACTKERN_KERNELS_CORE_MILLS_INL_H_
#else
#define ACTKERN_KERNELS_CORE_MILLS_INL_H_
#endif

#include "hwy/highway.h"
#include "kernels/core/poly-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// R(t) = (1 + u(t)) / (2 + t P1(t) + c t u(t)), u = t U(t), c = sqrt(2 pi)
// rounded to float: that is 1 / R = c t + H(t) with H = (2 + t P1) / (1 + u)
// smooth and bounded (2 at t = 0, ~ c / t for large t), so degrees 4 (P1
// with its constant 2) and 5 (1 + u) suffice on [0, 10]: relative error of
// 1/R 2^-28.7 with these float coefficients (2^-31.4 for the best real
// ones). All coefficients are positive (no cancellation in the sums), and
// R(0) = 1/2 exactly. c's own float error is absorbed by the fit.
// Regenerate with /usr/bin/python3 tools/coeffs/mills_fast.py (kMillsP1 holds
// P's coefficients of degree 1 and up, after the constant 2).
constexpr float kMillsC = 0x1.40d932p+1f;
constexpr float kMillsP1[4] = {0x1.dd76f4p+1f, 0x1.9738c8p-2f, 0x1.1e59dcp-4f,
                               0x1.7509d8p-8f};
constexpr float kMillsU[5] = {0x1.1134cap+0f, 0x1.18b55cp-1f, 0x1.4d7558p-3f,
                              0x1.c9430ap-6f, 0x1.299576p-9f};
// Upper end of the interval the coefficients were fitted on.
constexpr float kMillsMaxT = 10.0f;

// The float parts of R(t), t in [0, kMillsMaxT]: *u = t U(t) and
// *p1 = P1(t). Their roundings are harmless once the rest is done in
// double (MillsDenF64): u appears in numerator and denominator alike, so
// where t is large (den ~ c t u) its rounding cancels in the quotient, and
// where t is small it is damped by u / (1 + u); p1's is damped by
// t p1 / den, which is small at both ends (about 2t near 0, 1 / (c t u) far
// out).
template <class D, class V = hn::Vec<D>>
HWY_INLINE void MillsParts(D d, V t, V* u, V* p1) {
  *u = hn::Mul(t, Horner(d, t, kMillsU));
  *p1 = Horner(d, t, kMillsP1);
}

// The denominator 2 + t (p1 + c u) in double lanes (from promoted float
// parts: exact up to double roundings), so that R = (1 + u) / den.
template <class DD, class VD = hn::Vec<DD>>
HWY_INLINE VD MillsDenF64(DD dd, VD t, VD u, VD p1) {
  return hn::MulAdd(t, hn::MulAdd(hn::Set(dd, double{kMillsC}), u, p1),
                    hn::Set(dd, 2.0));
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_MILLS_INL_H_ per-target guard
