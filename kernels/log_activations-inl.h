// actkern log activations (log, log1p, softplus, log_sigmoid, mish and their
// gradients), compiled once per Highway target (see log_activations.cc). It
// only combines the log and exp cores (kernels/core/).
#if defined(ACTKERN_KERNELS_LOG_ACTIVATIONS_INL_H_) == \
    defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_LOG_ACTIVATIONS_INL_H_
#undef ACTKERN_KERNELS_LOG_ACTIVATIONS_INL_H_
#else
#define ACTKERN_KERNELS_LOG_ACTIVATIONS_INL_H_
#endif

#include <cmath>

#include "kernels/core/array-inl.h"
#include "kernels/core/eft-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/core/f64-inl.h"
#include "kernels/core/log-inl.h"
#include "kernels/core/pow2-inl.h"
#include "kernels/core/special-inl.h"
#include "kernels/kernel_arrays.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// e^-120 is far below the smallest subnormal even after multiplication by
// |x| <= 120 or by 1/beta <= 2^24, so exp arguments (and mish's x) are
// clamped there: no result changes, ExpReduce's n stays in [-174, 0] and
// nothing computes inf * 0.
constexpr float kLogActExpLimit = 120.0f;
// Gradients multiply e^-a by a dy up to 2^128: they clamp at 260 instead
// (2^128 e^-260 < 2^-247), with e^-a in three factors (Pow2Thirds).
constexpr float kLogActGradExpLimit = 260.0f;

// ---------------------------------------------------------------- beta
// softplus's beta, validated by the entry point (finite, in [2^-24, 2^24]),
// split once (SplitScalar) for the exact products with it.
struct SoftplusBeta {
  SplitParam beta;
  float clamp;  // |x| above this: beta |x| >= 120, e^(-beta |x|) / beta == 0
  float grad_clamp;  // the same for 260 (gradients)
};
inline SoftplusBeta MakeSoftplusBeta(float beta) {
  SoftplusBeta b;
  b.beta = SplitScalar(beta);
  b.clamp = kLogActExpLimit / beta;
  b.grad_clamp = kLogActGradExpLimit / beta;
  return b;
}

// zh + zl = -beta a exactly for 0 <= a <= 2^100 (TwoProd; beta was split in
// MakeSoftplusBeta). The rounding of beta x alone
// would cost |beta x| 2^-24 of relative error in e^(beta x): 4 ULP at -70.
// For beta = 1 this gives zl = 0.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void NegBetaProduct(D d, V a, const SoftplusBeta& b, V& zh, V& zl) {
  V e;
  zh = hn::Neg(TwoProd(d, a, b.beta, e));
  zl = hn::Neg(e);
}

// e^(-beta a) = p s1 s2 for a >= 0 (ExpMantissa, Pow2Halves), a clamped to
// b.clamp.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void ExpNegBeta(D d, V a, const SoftplusBeta& b, V& p, V& s1,
                           V& s2) {
  V zh, zl;
  NegBetaProduct(d, hn::Min(a, hn::Set(d, b.clamp)), b, zh, zl);
  Pow2Halves(d, ExpMantissa(d, zh, zl, p), s1, s2);
}

// softplus_beta(x) = max(x, 0) + log1p(w) / beta with w = e^(-beta |x|),
// summed in double so that only log1p(w) (float, <= 0.8 ULP) and the final
// conversion round. Once w < 2^-25, log1p(w) is w itself and the exact
// double w is used, so e^(beta x) / beta in the far tail is rounded once even
// where it is subnormal and beta < 1 would magnify a rounded w. kNegate gives
// -softplus(-x) (log_sigmoid, beta = 1) from the same parts.
template <bool kUnitBeta, bool kNegate, class D, class V = hn::Vec<D>>
HWY_INLINE V SoftplusImpl(D d, V x, const SoftplusBeta& b) {
  V e_p, e_s1, e_s2;
  ExpNegBeta(d, hn::Abs(x), b, e_p, e_s1, e_s2);
  const V l = Log1p(d, hn::Mul(hn::Mul(e_p, e_s1), e_s2));
  const double beta = b.beta.value;
  const V y = InF64(
      d,
      [beta](auto dd, auto xv, auto lv, auto p, auto s1, auto s2) {
        const auto w = hn::Mul(hn::Mul(p, s1), s2);
        auto t = hn::IfThenElse(hn::Lt(w, hn::Set(dd, 0x1p-25)), w, lv);
        if (!kUnitBeta) t = hn::Div(t, hn::Set(dd, beta));
        if (kNegate)
          return hn::Neg(hn::Add(hn::Max(hn::Neg(xv), hn::Zero(dd)), t));
        return hn::Add(hn::Max(xv, hn::Zero(dd)), t);
      },
      x, l, e_p, e_s1, e_s2);
  return KeepNaN(d, x, y);
}

// ------------------------------------------------------------- forward ops

struct LogOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return Log(d, x);
  }
};

struct Log1pOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return Log1p(d, x);
  }
};

// softplus(x) = max(x, 0) + log1p(e^(-beta |x|)) / beta: the same function
// as log1p(e^(beta x)) / beta without its overflow, and no threshold anywhere.
// +inf -> +inf, -inf -> +0. beta = 1 (PyTorch's default) skips the division
// by beta (a loop-invariant, perfectly predicted branch; the same bits, as
// t / 1 == t).
struct SoftplusFullOp {
  explicit SoftplusFullOp(float beta)
      : b(MakeSoftplusBeta(beta)), unit_beta(beta == 1.0f) {}
  SoftplusBeta b;
  bool unit_beta;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return unit_beta ? SoftplusImpl<true, false>(d, x, b)
                     : SoftplusImpl<false, false>(d, x, b);
  }
};

// log_sigmoid(x) = -softplus(-x) = -(max(-x, 0) + log1p(e^(-|x|))): -e^-x
// into the subnormals for large x, then -0 (also at +inf); -inf at -inf.
struct LogSigmoidFullOp {
  SoftplusBeta b = MakeSoftplusBeta(1.0f);
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return SoftplusImpl<true, true>(d, x, b);
  }
};

// mish(x) = x tanh(softplus(x)). With n = e^x (e^x + 2), tanh(log1p(e^x)) =
// n / (n + 2), which needs only w = e^(-|x|):
//   x >= 0:  x (1 + 2w) / (1 + 2w + 2w^2)   (w = e^-x, nothing overflows)
//   x < 0:   x w (w + 2) / (w (w + 2) + 2)  (w = e^x, nothing cancels)
// w comes from the float exp core as exact parts and the rational function is
// evaluated in double, so the result carries e^x's rounding (<= 0.53 ULP,
// weighted by a sensitivity <= 1) and one final rounding, subnormal tail
// (down to x ~ -108) included. x is clamped to -120, where mish already
// rounds to -0: mish(-inf) = -0. mish(+inf) = +inf, mish(-0) = -0.
struct MishFullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V lim = hn::Set(d, kLogActExpLimit);
    V e_p, e_s1, e_s2;
    Pow2Halves(
        d, ExpMantissa(d, hn::Neg(hn::Min(hn::Abs(x), lim)), hn::Zero(d), e_p),
        e_s1, e_s2);
    const V y = InF64(
        d,
        [](auto dd, auto xv, auto p, auto s1, auto s2) {
          const auto one = hn::Set(dd, 1.0);
          const auto two = hn::Set(dd, 2.0);
          const auto w = hn::Mul(hn::Mul(p, s1), s2);
          const auto num = hn::MulAdd(two, w, one);
          const auto pos =
              hn::Mul(xv, hn::Div(num, hn::MulAdd(hn::Add(w, w), w, num)));
          const auto nn = hn::Mul(w, hn::Add(w, two));
          const auto neg = hn::Div(hn::Mul(xv, nn), hn::Add(nn, two));
          return hn::IfThenElse(hn::Lt(xv, hn::Zero(dd)), neg, pos);
        },
        hn::Max(x, hn::Neg(lim)), e_p, e_s1, e_s2);
    return KeepNaN(d, x, y);
  }
};

// ------------------------------------------ the kernels' ops (both tiers)
// LogSigmoidOp and MishOp serve actkern_<kernel>_f32 and
// actkern_<kernel>_fast_f32 alike, and so does SoftplusFastOp where beta is a
// power of two (SoftplusOp below): this formulation meets the precise
// bounds (2, 2 and 3 ULP; measured exhaustively at 1.54 / 1.66 and
// 2.46 / 2.76 ULP on AVX2 / SSE4) at a third (softplus, log_sigmoid) to a half
// (mish) of the cost of the full-range ops above (<Kernel>FullOp: double
// finish), which it keeps for the lanes outside its range. e^-|x| from the fast
// exp core (ExpApprox, about 1 ULP) in float, log1p of it from Log1pUnitFast
// (no division), no double arithmetic. Each Fast covers the range where that is
// valid and, with a fused MulAdd, no intermediate is subnormal (an x86
// multiplication with a subnormal result takes a microcode assist), which
// no ordinary data leaves; operator() takes the full-range op's result in the
// other lanes (the far tails down to the subnormal results, +-inf where not
// covered, NaN), so every special value is the precise tier's.

// |beta x| below this: e^-|beta x| >= 2^-124.07 is normal, and so is every
// intermediate of Log1pUnitFast; ExpApprox is valid.
constexpr float kLogActFastBound = 86.0f;

// e^(zh + zl) for |zh| < 87 and a small zl (a product's rounding error): the
// fast exp with zl folded into its reduced argument.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V ExpApproxPair(D d, V zh, V zl) {
  V t;
  const V r = hn::Add(ExpReduceOne(d, zh, t), zl);
  const V s = ExpScaleFromT(d, t);
  return hn::MulAdd(s, ExpM1Poly(d, r), s);
}

// softplus(x) = max(x, 0) + log1p(e^(-beta |x|)) / beta. beta |x| is formed
// exactly as zh + zl (TwoProdFma; zl = 0 for beta = 1 or 2): its rounding
// would cost |beta x| 2^-24 of relative error in the tail, where the result
// is e^(beta x) / beta itself. 1 / beta is rounded once (exact for powers of
// two). For beta x < -17.3 the log1p is w itself, so the tail keeps
// ExpApprox's accuracy. |x| is clamped to fast_bound: beyond it (beta x >=
// 86 - 0.7 at least) the result rounds to x, also at +inf, so the fast
// range is x > -fast_bound with no upper end (any beta, however large, keeps
// ordinary positive data in it).
struct SoftplusFastOp : WithFastPath {
  explicit SoftplusFastOp(float beta)
      : precise(beta), inv_beta(1.0f / beta), fast_bound(FastBound(beta)) {}
  SoftplusFullOp precise;
  float inv_beta;
  // beta |x| below fast_bound beta: kLogActFastBound (after rounding too),
  // and for beta > 1 the lower end is raised by ln2 (ilogb(beta) + 1)
  // so that e^(beta x) / beta stays above e^-86 > 2^-126: the fast path
  // produces no subnormal result (those take the precise lanes, rounded
  // once; an x86 multiplication with a subnormal result is slow as well).
  float fast_bound;
  // (ilogb is exact: the same bound, and so the same bits, everywhere.)
  static float FastBound(float beta) {
    const int e = std::ilogb(beta);
    const float z = (beta == 1.0f || e < 0)
                        ? kLogActFastBound
                        : kLogActFastBound - 0x1.62e430p-1f * (e + 1);
    return z / beta;
  }

  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, -fast_bound));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V a = hn::Min(hn::Abs(x), hn::Set(d, fast_bound));
    const V pos = hn::Max(x, hn::Zero(d));
    if (precise.unit_beta) {
      return hn::Add(pos, Log1pUnitFast(d, ExpApprox(d, hn::Neg(a))));
    }
    V err;
    const V prod = TwoProdFma(d, a, hn::Set(d, precise.b.beta.value), err);
    const V l = Log1pUnitFast(d, ExpApproxPair(d, hn::Neg(prod), hn::Neg(err)));
    return hn::MulAdd(l, hn::Set(d, inv_beta), pos);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), precise(d, x));
  }
};

// The precise softplus: SoftplusFastOp's formulation where beta is a power
// of two (beta x and 1 / beta exact: the error of beta = 1, 1.54 / 1.66 ULP
// measured exhaustively for beta = 1 and 2), the float-float SoftplusFullOp
// for every other beta, where the rounded 1 / beta and the final product
// take the fast formulation past the precise bound (2.87 ULP at beta = 1/3,
// 2.23 at beta = 3 in tests/log_activations_test.cc). The choice is one
// loop-invariant flag.
struct SoftplusOp : WithFastPath {
  explicit SoftplusOp(float beta) : f(beta), pow2(IsPowerOfTwo(beta)) {}
  static bool IsPowerOfTwo(float b) {
    int e;
    return std::abs(std::frexp(b, &e)) == 0.5f;
  }
  SoftplusFastOp f;
  bool pow2;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return pow2 ? f.FastOk(d, x) : hn::FirstN(d, 0);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return f.Fast(d, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return pow2 ? f(d, x) : f.precise(d, x);
  }
};

// log_sigmoid(x) = min(x, 0) - log1p(e^-|x|), the softplus parts above, with
// the fast range x < 86 (|x| clamped there: below -86 the result rounds to x,
// also at -inf; above it the -e^-x tail is subnormal, then -0).
struct LogSigmoidOp : WithFastPath {
  LogSigmoidFullOp precise;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Lt(x, hn::Set(d, kLogActFastBound));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V a = hn::Min(hn::Abs(x), hn::Set(d, kLogActFastBound));
    const V l = Log1pUnitFast(d, ExpApprox(d, hn::Neg(a)));
    return hn::Sub(hn::Min(x, hn::Zero(d)), l);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), precise(d, x));
  }
};
using LogSigmoidFastOp = LogSigmoidOp;

// mish(x) = x q, q = tanh(softplus(x)), from w = e^-|x| (MishFullOp's rational
// forms, in float, one division for both):
//   x <= 0: q = n / (n + 2), n = w (w + 2). n + 2 = dh + dl exactly
//     (FastTwoSum) and the division's remainder is exact (DivRemainder), so
//     q = q0 + ql with ql = (n - q0 (dh + dl)) / (n + 2), where 1 / (n + 2) =
//     (1 - q) / 2 needs no second division; y = x q0 + x ql, one rounding.
//     Only w's and n's roundings are left, instead of four more.
//   x > 0: q = 1 - c, c = 2w^2 / (1 + 2w + 2w^2) <= 2/5, y = x - x c: c's
//     roundings reach y damped by c / (1 - c) <= 2/3.
// Fast range -43 < x < 87: below -43, q0 dl ~ n^2 / 2 in the correction
// would become subnormal (and the fast path measurably slower than the
// precise one); w is raised to 2^-40 in c (where w < 2^-40, c and so y = x
// are unchanged) for the same reason. -0 -> -0.
struct MishOp : WithFastPath {
  MishFullOp precise;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::And(hn::Gt(x, hn::Set(d, -43.0f)),
                   hn::Lt(x, hn::Set(d, kExpFastBound)));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V one = hn::Set(d, 1.0f);
    const V two = hn::Set(d, 2.0f);
    const V half = hn::Set(d, 0.5f);
    const V w = ExpApprox(d, hn::Neg(hn::Abs(x)));
    const auto neg = hn::Le(x, hn::Zero(d));
    // x <= 0.
    const V n = hn::MulAdd(w, w, hn::Add(w, w));
    const V dh = hn::Add(n, two);
    const V dl = hn::Sub(n, hn::Sub(dh, two));
    // x > 0.
    const V wp = hn::Max(w, hn::Set(d, 0x1p-40f));
    const V wp2 = hn::Add(wp, wp);
    const V num_pos = hn::Mul(wp2, wp);
    const V den_pos = hn::MulAdd(wp2, wp, hn::Add(wp2, one));
    const V q0 = hn::Div(hn::IfThenElse(neg, n, num_pos),
                         hn::IfThenElse(neg, dh, den_pos));
    const V ql =
        hn::Mul(DivRemainder(d, n, q0, dh, dl), hn::NegMulAdd(q0, half, half));
    const V y_neg = hn::MulAdd(x, q0, hn::Mul(x, ql));
    const V y_pos = hn::NegMulAdd(x, q0, x);
    // x = -0 would give -0 + (+0) = +0 in y_neg.
    const V y = hn::IfThenElse(neg, y_neg, y_pos);
    return hn::IfThenElse(hn::Eq(x, hn::Zero(d)), x, y);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), precise(d, x));
  }
};
using MishFastOp = MishOp;

// ------------------------------------------------------------ backward ops
// All take x (the forward input) and dy; dx = f'(x) dy.

struct LogBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    (void)d;
    return hn::Div(dy, x);
  }
};

struct Log1pBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    return hn::Div(dy, hn::Add(hn::Set(d, 1.0f), x));
  }
};

// dy sigmoid(beta x): dy / (1 + w) for x >= 0 and dy w / (1 + w) for x < 0,
// w = e^(-beta |x|), in double from w's exact parts: a large dy times a tiny
// sigmoid is rounded once, not the product of a subnormal's rounding.
// beta |x| is clamped at 260, not 120: dy can be as large as 2^128.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V SigmoidTimes(D d, V x, V dy, const SoftplusBeta& b) {
  V zh, zl, e_p, e_s1, e_s2, e_s3;
  NegBetaProduct(d, hn::Min(hn::Abs(x), hn::Set(d, b.grad_clamp)), b, zh, zl);
  Pow2Thirds(d, ExpMantissa(d, zh, zl, e_p), -126, e_s3, e_s1, e_s2);
  const V dx = InF64(
      d,
      [](auto dd, auto xv, auto dyv, auto p, auto s1, auto s2, auto s3) {
        const auto w = hn::Mul(hn::Mul(hn::Mul(p, s1), s2), s3);
        const auto q = hn::Div(dyv, hn::Add(hn::Set(dd, 1.0), w));
        return hn::IfThenElse(hn::Lt(xv, hn::Zero(dd)), hn::Mul(q, w), q);
      },
      x, dy, e_p, e_s1, e_s2, e_s3);
  // sigmoid(-inf) is 0: not dy e^-260.
  return KeepNaN(d, x, ZeroSlopeAtMinusInf(d, x, dy, dx));
}

struct SoftplusBackwardOp {
  explicit SoftplusBackwardOp(float beta) : b(MakeSoftplusBeta(beta)) {}
  SoftplusBeta b;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    return SigmoidTimes(d, x, dy, b);
  }
};

// d/dx log_sigmoid(x) = 1 - sigmoid(x) = sigmoid(-x).
struct LogSigmoidBackwardOp {
  SoftplusBeta b = MakeSoftplusBeta(1.0f);
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    return SigmoidTimes(d, hn::Neg(x), dy, b);
  }
};

// mish'(x) = tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x). With the
// n of MishFullOp, sech^2(sp) = 4 (n + 1) / (n + 2)^2 and n + 1 = (1 + e^x)^2,
// so
//   x >= 0 (w = e^-x, E = 1 + 2w + 2w^2):
//     (1 + 2w) / E + 4 x w^2 (1 + w) / E^2              (both terms >= 0)
//   x < 0 (w = e^x, G = w + 2, D = w G + 2):
//     w (G D + 4 x (1 + w)) / D^2
// evaluated in double from w's exact parts and times dy there. Only e^x's
// rounding (p, <= 2^-24 relative) is left, and it acts like evaluating at
// x + delta, |delta| <= 2^-24: near mish's minimum (mish' = 0 at x =
// -1.19243) that is many ULP of a tiny result, so for x in [-1.27, -1.11]
// the documented error is absolute, at most 4 * 2^-24 |dy| (|tanh(sp)| +
// |x sigmoid(x) sech^2(sp)|) (catalog BackwardKernel::abs_terms; measured
// <= 0.23 of it); elsewhere it is <= 4 ULP. x is clamped to [-260, 260] (no
// result changes even for |dy| near 2^128; no inf * 0).
struct MishBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V lim = hn::Set(d, kLogActGradExpLimit);
    V e_p, e_s1, e_s2, e_s3;
    Pow2Thirds(
        d, ExpMantissa(d, hn::Neg(hn::Min(hn::Abs(x), lim)), hn::Zero(d), e_p),
        -126, e_s3, e_s1, e_s2);
    const V xc = hn::Min(hn::Max(x, hn::Neg(lim)), lim);
    const V dx = InF64(
        d,
        [](auto dd, auto xv, auto dyv, auto p, auto s1, auto s2, auto s3) {
          const auto one = hn::Set(dd, 1.0);
          const auto two = hn::Set(dd, 2.0);
          const auto four_x = hn::Mul(hn::Set(dd, 4.0), xv);
          const auto w = hn::Mul(hn::Mul(hn::Mul(p, s1), s2), s3);
          const auto opw = hn::Add(one, w);
          // x >= 0.
          const auto num = hn::MulAdd(two, w, one);
          const auto big_e = hn::MulAdd(hn::Add(w, w), w, num);
          const auto t2 = hn::Div(hn::Mul(hn::Mul(four_x, hn::Mul(w, w)), opw),
                                  hn::Mul(big_e, big_e));
          const auto pos = hn::Add(hn::Div(num, big_e), t2);
          // x < 0.
          const auto g = hn::Add(w, two);
          const auto dn = hn::MulAdd(w, g, two);
          const auto bracket = hn::MulAdd(g, dn, hn::Mul(four_x, opw));
          const auto neg = hn::Div(hn::Mul(w, bracket), hn::Mul(dn, dn));
          return hn::Mul(dyv,
                         hn::IfThenElse(hn::Lt(xv, hn::Zero(dd)), neg, pos));
        },
        xc, dy, e_p, e_s1, e_s2, e_s3);
    return KeepNaN(d, x, ZeroSlopeAtMinusInf(d, x, dy, dx));
  }
};

// The array functions of this family's kernel-table rows
// (kernels/kernel_arrays.h).
#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DEFINE_ARRAYS
#include "actkern/kernel_table.def"

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_LOG_ACTIVATIONS_INL_H_ per-target guard
