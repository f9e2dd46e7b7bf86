// The log core, compiled once per Highway target: reduction of x to
// 2^k (1 + f) and log1p(f) with the large terms summed exactly, serving ln x
// and ln(1 + x).

#if defined(ACTKERN_KERNELS_CORE_LOG_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_LOG_INL_H_
#undef ACTKERN_KERNELS_CORE_LOG_INL_H_
#else
#define ACTKERN_KERNELS_CORE_LOG_INL_H_
#endif

#include <stdint.h>

#include "hwy/highway.h"
#include "kernels/core/eft-inl.h"
#include "kernels/core/exp-inl.h"  // kLn2Hi, kLn2Lo
#include "kernels/core/poly-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// log1p(f) for f = m - 1, m in [sqrt(1/2), sqrt(2)):
//   log1p(f) ~= f - f^2/2 + f^3 (c3 + c4 f + ... + c11 f^8),
// kLogTail = {c3, ..., c11}: minimax in the relative error of the whole
// log1p(f) with single-precision coefficients and f - f^2/2 fixed, on
// [sqrt(1/2) - 1, sqrt(2) - 1] widened by 2^-20 (Log1p feeds x itself, which
// can sit just outside). Relative error 2^-30.3 (0.05 float ULP). Generated
// by Sollya 8.0 with tools/coeffs/log1p.sollya:
//   fpminimax(log1p(x), [|3,...,11|], [|single...|], I, relative, x - x^2/2);
// One coefficient less only reaches 2^-26.9 (up to 0.25 ULP), hence 9.
constexpr float kLogTail[9] = {
    0x1.555548p-2f,  -0x1.000008p-2f, 0x1.99a478p-3f,
    -0x1.555b8cp-3f, 0x1.233af6p-3f,  -0x1.fc3e3ap-4f,
    0x1.e6dd24p-4f,  -0x1.dd992ap-4f, 0x1.13be0cp-4f};
// Bits of float(sqrt(1/2)) = 0x1.6a09e6p-1: subtracting them from bits(x)
// makes the exponent field floor(log2(x / sqrt(1/2))), so m lands in
// [sqrt(1/2), sqrt(2)) and |f| <= 0.4143.
constexpr int32_t kLogSqrtHalfBits = 0x3F3504F3;

// x = 2^k m with f = m - 1 exact (Sterbenz), k as a float. For positive
// finite x including subnormals, which are first scaled by 2^23 (exact) so
// that their exponent field means something. Other lanes: unspecified values
// (the callers patch them), never UB.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void LogReduce(D d, V x, V& k, V& f) {
  const hn::RebindToSigned<D> di;
  const auto subnormal = hn::Lt(x, hn::Set(d, 0x1p-126f));
  const V xs = hn::IfThenElse(subnormal, hn::Mul(x, hn::Set(d, 0x1p23f)), x);
  const auto ix = hn::Sub(hn::BitCast(di, xs), hn::Set(di, kLogSqrtHalfBits));
  const auto ki = hn::ShiftRight<23>(ix);  // arithmetic shift
  const auto mbits = hn::Add(hn::And(ix, hn::Set(di, 0x007FFFFF)),
                             hn::Set(di, kLogSqrtHalfBits));
  f = hn::Sub(hn::BitCast(d, mbits), hn::Set(d, 1.0f));
  k = hn::Add(hn::ConvertTo(d, ki),
              hn::IfThenElseZero(subnormal, hn::Set(d, -23.0f)));
}

// k ln2 + log1p(f) + lo, for |f| <= 0.4143 and a small correction lo (0 for
// log). k ln2 is split with the exp core's Cody-Waite constants (k kLn2Hi is
// exact for every |k| <= 255). The two big terms are summed without rounding
// error: k kLn2Hi + f = hi + e (FastTwoSum; |k kLn2Hi| >= 0.69 > |f| unless
// k = 0, when hi = f), f^2 / 2 = hh + hl exactly (TwoProdFma, then an exact
// halving), and hi - hh = s + e2 (FastTwoSum; |hi| >= 0.28 > hh). Only the
// cubic tail, e, e2, hl and k kLn2Lo (all below 0.025) are rounded before the
// final addition, so the error is that addition's 0.5 ULP plus about 0.14:
// log measures 0.637 ULP over every float.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V LogFinish(D d, V k, V f, V lo) {
  const V half = hn::Set(d, 0.5f);
  V t_err;
  const V t = TwoProdFma(d, f, f, t_err);
  const V hh = hn::Mul(t, half);      // exact
  const V hl = hn::Mul(t_err, half);  // exact
  const V q = Horner(d, f, kLogTail);
  const V tail =
      hn::MulAdd(hn::Mul(t, f), q, hn::MulAdd(k, hn::Set(d, kLn2Lo), lo));
  const V a = hn::Mul(k, hn::Set(d, kLn2Hi));  // exact
  V e, e2;
  const V hi = FastTwoSum(a, f, e);
  const V s = FastTwoSum(hi, hn::Neg(hh), e2);
  return hn::Add(s, hn::Add(hn::Add(tail, e), hn::Sub(e2, hl)));
}

// ln x for every float: subnormals are exact inputs like any other, +-0 ->
// -inf, x < 0 -> NaN, +inf -> +inf, NaN -> NaN, log(1) = +0. Max 1 ULP.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V Log(D d, V x) {
  V k, f;
  LogReduce(d, x, k, f);
  V y = LogFinish(d, k, f, hn::Zero(d));
  y = hn::IfThenElse(hn::Eq(x, hn::Inf(d)), x, y);
  y = hn::IfThenElse(hn::Eq(x, hn::Zero(d)), hn::Neg(hn::Inf(d)), y);
  return hn::IfThenElse(hn::Or(hn::Lt(x, hn::Zero(d)), hn::IsNaN(x)),
                        hn::NaN(d), y);
}

// ln(1 + x) for every float: -1 -> -inf, below -1 -> NaN, +inf -> +inf, NaN
// -> NaN, +-0 -> +-0 (and every tiny x -> x). Where 1 + x rounds into
// [sqrt(1/2), sqrt(2)) the polynomial takes x itself (f = x, k = 0, exact).
// Elsewhere u = fl(1 + x) = 2^k m is reduced like log's input and the
// rounding error c = (1 + x) - u (exact, TwoSum) enters as
// log(u + c) - log(u) ~= c / u, which is below 2^-24 and needs no more than
// one division's accuracy. Max error about 0.6 ULP.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V Log1p(D d, V x) {
  V c;
  const V u = TwoSum(hn::Set(d, 1.0f), x, c);
  V k, fu;
  LogReduce(d, u, k, fu);
  const auto direct = hn::Eq(k, hn::Zero(d));
  const V f = hn::IfThenElse(direct, x, fu);
  const V lo = hn::IfThenZeroElse(direct, hn::Div(c, u));
  V y = LogFinish(d, k, f, lo);
  y = hn::IfThenElse(hn::Eq(x, hn::Zero(d)), x, y);  // keeps -0
  y = hn::IfThenElse(hn::Eq(x, hn::Inf(d)), x, y);
  y = hn::IfThenElse(hn::Eq(x, hn::Set(d, -1.0f)), hn::Neg(hn::Inf(d)), y);
  return hn::IfThenElse(hn::Or(hn::Lt(x, hn::Set(d, -1.0f)), hn::IsNaN(x)),
                        hn::NaN(d), y);
}

// ------------------------------------------------------------ fast tier
// log1p(w) for w in [0, 1] (w = e^-|x| from the fast exp, say): no division
// and no exponent extraction. w < 1/2 is its own reduced argument (f = w,
// k = 0); for w >= 1/2, 1 + w = 2 (1 + f) with f = (w - 1) / 2 exact (w - 1
// by Sterbenz, then a halving), k = 1. So f lies in [-1/4, 1/2] and
//   log1p(w) = k ln2 + f + f (f p(f)),  p(f) = -1/2 + f q(f).
// k = 0: one rounding of f + f (f p), with f p rounded once before (the
// correction f (f p) is at most 0.24 of the result, at f = 1/2, so that
// costs at most about 0.25 ULP). k = 1: kLn2Hi + f = s + e exactly
// (FastTwoSum; f in [-1/4, 0]) and the result is s + (f (f p) + e + kLn2Lo),
// the tail below a twelfth of the result: one large rounding again. With a
// fused MulAdd nothing is subnormal for w >= 2^-125 (f p ~ -f/2 is the
// smallest rounded intermediate), so x86 takes no microcode assist here.
// kLog1pUnitQ = {c3, ..., c10}: relative error of the whole log1p(f) below
// 2^-27.5 on [-1/4, 1/2] with the coefficients rounded to float (7 terms
// only reach 2^-24.5). Fitted by tools/coeffs/log1p_unit.py (numpy: Lawson's
// iteratively reweighted least squares for the minimax relative error,
// coefficients rounded to float one at a time with the rest refitted).
constexpr float kLog1pUnitQ[8] = {
    0x1.5555a4p-2f, -0x1.000048p-2f, 0x1.99698ap-3f, -0x1.54edbep-3f,
    0x1.2881dep-3f, -0x1.0d9b02p-3f, 0x1.acf492p-4f, -0x1.71de3ep-5f};

template <class D, class V = hn::Vec<D>>
HWY_INLINE V Log1pUnitFast(D d, V w) {
  const V half = hn::Set(d, 0.5f);
  const V ln2_hi = hn::Set(d, kLn2Hi);
  const auto upper = hn::Ge(w, half);
  // 0.5 w exact, then an exact subtraction: the same bits with or without
  // a fused MulAdd.
  const V f = hn::IfThenElse(upper, hn::MulAdd(w, half, hn::Neg(half)), w);
  const V s = hn::Add(ln2_hi, f);              // used for k = 1 only
  const V e = hn::Sub(f, hn::Sub(s, ln2_hi));  // exact there
  const V p = hn::MulAdd(Horner(d, f, kLog1pUnitQ), f, hn::Neg(half));
  const V c = hn::IfThenElse(upper, hn::Add(e, hn::Set(d, kLn2Lo)), f);
  const V tail = hn::MulAdd(f, hn::Mul(f, p), c);
  return hn::Add(hn::IfThenElseZero(upper, s), tail);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_LOG_INL_H_ per-target guard
