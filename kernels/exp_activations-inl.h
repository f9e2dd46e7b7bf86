// actkern exp-family activations, compiled once per Highway target (see
// exp_activations.cc): expm1, sigmoid, tanh, silu, swish, elu, selu, celu and
// their gradients, on the exp core (kernels/core/exp-inl.h: ExpSplit,
// Expm1Split) and the error-free transformations.
//
// Common pattern: every kernel keeps its power of two (from e^x) apart until
// the very end and applies it with ScalePow2, so that subnormal results and
// overflow are rounded once, and no intermediate overflows.
#if defined(ACTKERN_KERNELS_EXP_ACTIVATIONS_INL_H_) == \
    defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_EXP_ACTIVATIONS_INL_H_
#undef ACTKERN_KERNELS_EXP_ACTIVATIONS_INL_H_
#else
#define ACTKERN_KERNELS_EXP_ACTIVATIONS_INL_H_
#endif

#include <stddef.h>

#include <string.h>

#include <algorithm>
#include <cmath>

#include "kernels/core/array-inl.h"
#include "kernels/core/eft-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/core/poly-inl.h"
#include "kernels/core/pow2-inl.h"
#include "kernels/core/special-inl.h"
#include "kernels/kernel_arrays.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// SELU's constants (Klambauer et al. 2017) as float pairs hi + lo, each hi
// the float nearest the real constant, lo the float nearest the rest:
// lambda = 1.0507009873554804934193349852946,
// lambda * alpha = 1.7580993408473766... (alpha = 1.6732632423543772848...).
constexpr float kSeluLambdaHi = 0x1.0cfabep+0f;
constexpr float kSeluLambdaLo = -0x1.2adddap-25f;
constexpr float kSeluLambdaAlphaHi = 0x1.c212ccp+0f;
constexpr float kSeluLambdaAlphaLo = 0x1.903c0cp-26f;

// |t| beyond which e^-|t| times any float is below the subnormals (and the
// clamp of ExpSplit callers).
constexpr float kExpArgClamp = 260.0f;

// t = fl(beta x) and t_lo its exact rounding error, or 0 where |t| is so
// large (or not finite) that it no longer matters and Dekker's partial
// products could overflow.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V ScaledArg(D d, V x, const SplitParam& beta, V& t_lo) {
  const V t = TwoProd(d, x, beta, t_lo);
  t_lo = hn::IfThenElseZero(hn::Lt(hn::Abs(t), hn::Set(d, kExpArgClamp)), t_lo);
  return t;
}

// E = e^-|x| for x = x_hi + x_lo, as the pair e_hi + e_lo times 2^e_n
// (ExpSplit; |x_hi| clamped to 260), and 1 + E = s + st with 1 + E's large
// part summed exactly (FastTwoSum, E <= 1). In the sum E's power of two is
// floored at 2^floor (a single normal factor), where E no longer matters.
template <class D, class V = hn::Vec<D>,
          class VI = hn::Vec<hn::RebindToSigned<D>>>
HWY_INLINE void OnePlusExpNegAbs(D d, V x_hi, V x_lo, int floor, V& e_hi,
                                 V& e_lo, VI& e_n, V& s, V& st) {
  const hn::RebindToSigned<D> di;
  // z = -|x| as a pair: z_lo = x_lo for x < 0, -x_lo otherwise.
  const V z = hn::Max(hn::Neg(hn::Abs(x_hi)), hn::Set(d, -kExpArgClamp));
  const V z_lo = hn::IfThenElse(hn::Lt(x_hi, hn::Zero(d)), x_lo, hn::Neg(x_lo));
  ExpSplit(d, z, z_lo, e_hi, e_lo, e_n);
  const V scale = Pow2I(d, hn::Max(e_n, hn::Set(di, floor)));
  V err;
  s = FastTwoSum(hn::Set(d, 1.0f), hn::Mul(e_hi, scale), err);
  st = hn::Add(err, hn::Mul(e_lo, scale));
}

// Sigmoid core: sigma(x) = 1 / (1 + e^-x) = 2^n (q1 + q2), x = x_hi + x_lo.
// With E = e^-|x| in (0, 1] as a pair (ExpSplit), sigma(|x|) = 1 / (1 + E)
// and sigma(-|x|) = E / (1 + E), where E's power of two is kept out (n <= 0)
// so that tiny results and products with them (silu) round once, at the end.
// No intermediate overflows (E <= 1). 1 + E is summed exactly; the division
// is done in two steps (LongDiv), so the only rounding of consequence is the
// caller's q1 + q2: about 0.5 ULP on every target, FMA or not. |x_hi| is
// clamped to 260 (e^-260 times any float is below the subnormals); the caller
// zeroes x_lo where |x_hi| is that large or not finite.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void SigmoidSplit(D d, V x_hi, V x_lo, V& q1, V& q2,
                             hn::Vec<hn::RebindToSigned<D>>& n) {
  const hn::RebindToSigned<D> di;
  const auto neg = hn::Lt(x_hi, hn::Zero(d));
  V e_hi, e_lo, s, t;
  hn::Vec<hn::RebindToSigned<D>> e_n;
  // E itself only enters 1 + E: below 2^-60 its size no longer matters.
  OnePlusExpNegAbs(d, x_hi, x_lo, -60, e_hi, e_lo, e_n, s, t);
  const V one = hn::Set(d, 1.0f);
  const V n_hi = hn::IfThenElse(neg, e_hi, one);
  const V n_lo = hn::IfThenElse(neg, e_lo, hn::Zero(d));
  LongDiv(d, n_hi, n_lo, s, t, hn::Div(one, s), q1, q2);
  n = hn::IfThenElseZero(hn::RebindMask(di, neg), e_n);
}

// ------------------------------------------------------------------ forward

// 2^n (hi + lo) rounded once, for a core (Expm1Split, SigmoidSplit) that
// returns its result at x as an unevaluated pair and a power of two.
template <class D, class V, class Core>
HWY_INLINE V PairValue(D d, V x, const Core& core) {
  V hi, lo;
  hn::Vec<hn::RebindToSigned<D>> n;
  core(d, x, hn::Zero(d), hi, lo, n);
  return ScalePow2(d, hn::Add(hi, lo), n);
}

// The precise kernels' general forms: every input, every target. The
// precise ops below take them for the lanes outside their common range, and
// so do the fast-tier ops (so that both tiers keep these bits there).
struct Expm1FullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    V y = PairValue(d, x, [](auto&&... a) { Expm1Split(a...); });
    y = hn::IfThenElse(hn::Eq(x, hn::Zero(d)), x, y);  // keeps -0
    return KeepNaN(d, x, y);
  }
};

struct SigmoidFullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return KeepNaN(d, x,
                   PairValue(d, x, [](auto&&... a) { SigmoidSplit(a...); }));
  }
};

// swish(x) = x sigma(beta x); silu is beta = 1 (kHasLo false: beta x = x
// exactly). beta x is carried as an exact pair (Dekker), because sigma's
// relative sensitivity to its argument grows like |t| for t -> -inf. The
// product with x is taken before e^-|t|'s power of two is applied, so results
// that are subnormal are rounded once. +inf -> +inf, -inf -> -0 (beta > 0).
template <bool kHasLo>
struct SwishOpT {
  SplitParam beta;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    V t = x, t_lo = hn::Zero(d);
    if (kHasLo) t = ScaledArg(d, x, beta, t_lo);
    V p_q1, p_q2;
    hn::Vec<hn::RebindToSigned<D>> p_n;
    SigmoidSplit(d, t, t_lo, p_q1, p_q2, p_n);
    const V v = hn::MulAdd(x, p_q1, hn::Mul(x, p_q2));
    V y = ScalePow2(d, v, p_n);
    const V at_inf =
        hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x, hn::Set(d, -0.0f));
    y = hn::IfThenElse(hn::IsInf(x), at_inf, y);
    return KeepNaN(d, x, y);
  }
};
// silu is swish with beta = 1 (beta x = x exactly: no low part).
struct SiluFullOp : SwishOpT<false> {
  SiluFullOp() : SwishOpT<false>{SplitScalar(1.0f)} {}
};
struct SwishFullOp : SwishOpT<true> {
  explicit SwishFullOp(float beta) : SwishOpT<true>{SplitScalar(beta)} {}
};

// --------------------------------------------- precise tier, common range
// The precise kernels' ops: a straight-line form for the range ordinary
// data lives in (Fast, where FastOk holds), the general form above in the
// other lanes, the same bits where both could apply. Each common-range form
// keeps e^x's rounding errors as a pair (kernels/core/exp-inl.h:
// ExpPairCommonRange, Expm1CommonRange) and divides once, correcting the
// quotient by its remainder (DivRemainder), so that only its last operation
// rounds by more than a few hundredths of an ULP.

// 1 + E for E = e^(z + z_lo), |z| <= 87 (ExpPairCommonRange), as the pair
// s + st: E's parts scaled by 2^n (exact: E is a normal float; the low
// part's bits lost where it is subnormal are below 2^-149), and 1 + E's
// high part summed exactly (FastTwoSum on the larger and the smaller of E
// and 1).
template <class D, class V = hn::Vec<D>>
HWY_INLINE V OnePlusExpCommon(D d, V z, V z_lo, V& st) {
  V hi, lo, scale;
  ExpPairCommonRange(d, z, z_lo, hi, lo, scale);
  const V e_hi = hn::Mul(hi, scale);
  const V one = hn::Set(d, 1.0f);
  V err;
  const V s = FastTwoSum(hn::Max(e_hi, one), hn::Min(e_hi, one), err);
  st = hn::MulAdd(lo, scale, err);
  return s;
}

// The lower end of the common range of the sigmoid-based ops: e^-x stays
// finite and sigma(x) and x sigma(x) normal.
constexpr float kSigmoidFastLo = -87.0f;

// x / (1 + E) = q + rem w rounded once, for 1 + E = s + st: w = fl(1 / s),
// q = fl(x w) (within 1.5 ULP of the quotient), rem = x - q (s + st)
// (DivRemainder: about 2^-46 of x). The correction rem w is about an ULP of
// q and carries w's relative error, 2^-24, so the quotient of x by s + st
// is rounded once, up to a few thousandths of an ULP. -0 comes out +0.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V DivOnePlusExp(D d, V x, V s, V st) {
  const V w = hn::Div(hn::Set(d, 1.0f), s);
  const V q = hn::Mul(x, w);
  return hn::MulAdd(DivRemainder(d, x, q, s, st), w, q);
}

// e^x - 1 by Expm1CommonRange (22 operations; measured over all inputs:
// 1.08 ULP with FMA, near x = 17.1 where n = 25 and s - 1 is rounded, 1.12
// without) for |x| < 87, the sign of x put back (+0 -> +0, -0 -> -0);
// overflow, -1 below -87, inf and NaN: Expm1FullOp.
struct Expm1Op : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return ExpFastRangeOk(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return hn::OrAnd(Expm1CommonRange(d, x), x, hn::SignBit(d));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), Expm1FullOp()(d, x));
  }
};

// sigma(x) = 1 / (1 + E), E = e^-x as a pair for both signs of x (x clamped
// to 87 above, where 1 + E is 1 to float precision), 1 + E = s + st
// (OnePlusExpCommon), and w = fl(1 / s) corrected once: w + w (1 - w s - w
// st). E's relative error, 2^-28, enters weighted by E / (1 + E) < 1:
// measured over the range, 0.67 ULP with FMA, 0.85 without. x > -87 (sigma
// normal; +inf -> 1); below (gradual underflow), -inf and NaN: SigmoidFullOp.
struct SigmoidOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, kSigmoidFastLo));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V z = hn::Max(hn::Neg(x), hn::Set(d, kSigmoidFastLo));
    V st;
    const V s = OnePlusExpCommon(d, z, hn::Zero(d), st);
    const V one = hn::Set(d, 1.0f);
    const V w = hn::Div(one, s);
    return hn::MulAdd(DivRemainder(d, one, w, s, st), w, w);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), SigmoidFullOp()(d, x));
  }
};

// tanh a = -m / (2 + m) on a = |x| clamped to 9.5 (tanh rounds to 1 from
// 9.011 on), the sign copied back: odd bit for bit, +-0 and +-inf right.
// m = e^-2a - 1 in (-1, 0] as the pair m_hi + m_lo: with e^-2a = s (hi + lo)
// (ExpPairCommonRange, n <= 0), m = (s hi - 1) + s lo, s hi exact and
// -1 + s hi split exactly (FastTwoSum: s hi <= 1). No cancellation
// anywhere: near 0, n = 0 and m = (hi - 1) + lo with hi - 1 exact; 2 + m >
// 1. The quotient q = fl(-m_hi / (2 + m)_hi) is corrected by its remainder
// (DivRemainder) times 1 / (2 + m) = (1 + q) / 2. 0.87 ULP on every target
// (near a = 0.1: the polynomial's error, 2^-28.8 of e^r, relative to m).
// Only NaN leaves the common range (the clamp would hide it).
struct TanhOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D /*d*/, V x) const {
    return hn::Eq(x, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V a = hn::Min(hn::Abs(x), hn::Set(d, 9.5f));
    V hi, lo, s;
    ExpPairCommonRange(d, hn::Mul(a, hn::Set(d, -2.0f)), hn::Zero(d), hi, lo,
                       s);
    const V sh = hn::Mul(s, hi);
    const V u = hn::Add(hn::Set(d, -1.0f), sh);
    const V u_err = hn::Sub(sh, hn::Add(u, hn::Set(d, 1.0f)));
    V m_lo, d_err;
    const V m_hi = FastTwoSum(u, hn::MulAdd(s, lo, u_err), m_lo);
    // -m as 0 - m_hi: +0 for a = 0, so that the sign comes from x alone.
    const V num = hn::Sub(hn::Zero(d), m_hi);
    const V den_hi = FastTwoSum(hn::Set(d, 2.0f), m_hi, d_err);
    const V den_lo = hn::Add(d_err, m_lo);
    const V q = hn::Div(num, den_hi);
    const V rem = hn::Sub(DivRemainder(d, num, q, den_hi, den_lo), m_lo);
    const V half = hn::Set(d, 0.5f);
    const V y = hn::MulAdd(rem, hn::MulAdd(q, half, half), q);
    return hn::CopySignToAbs(y, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return KeepNaN(d, x, Fast(d, x));
  }
};

// silu(x) = x / (1 + E), E = e^-x as a pair (x clamped to 87 above), 1 + E
// = s + st (OnePlusExpCommon), the quotient corrected once (DivOnePlusExp),
// the sign of x put back (-0 -> -0). Measured over the range: 0.70 ULP with
// FMA, 0.73 without. x in (-87, inf): the result is normal or x itself;
// below (results down into the subnormals), +-inf and NaN: SiluFullOp.
struct SiluOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::And(hn::Gt(x, hn::Set(d, kSigmoidFastLo)),
                   hn::Lt(x, hn::Set(d, HUGE_VALF)));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V z = hn::Max(hn::Neg(x), hn::Set(d, kSigmoidFastLo));
    V st;
    const V s = OnePlusExpCommon(d, z, hn::Zero(d), st);
    return hn::OrAnd(DivOnePlusExp(d, x, s, st), x, hn::SignBit(d));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), SiluFullOp()(d, x));
  }
};

// swish(x) = x / (1 + E), E = e^(z + z_lo) with z + z_lo = -beta x exactly
// (the product's rounding error from the FMA, or Dekker's split without one:
// both exact, so the same bits on every FMA target) folded into the reduced
// argument; then as silu. Common range |beta x| < 87 (|x| < xmax, with a
// margin for the product's rounding); outside (and inf, NaN): SwishFullOp.
// beta = 1 is SiluOp exactly (silu's bits, as the kernel table promises).
struct SwishOp : WithFastPath {
  explicit SwishOp(float b)
      : neg_beta(SplitScalar(-b)),
        xmax(86.5f / b),
        is_silu(b == 1.0f),
        full(b) {}
  SplitParam neg_beta;  // split for Dekker's product
  float xmax;
  bool is_silu;
  SwishFullOp full;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    if (is_silu) return SiluOp().FastOk(d, x);
    return hn::Lt(hn::Abs(x), hn::Set(d, xmax));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    if (is_silu) return SiluOp().Fast(d, x);
    V z_lo;
#if HWY_NATIVE_FMA
    const V nb = hn::Set(d, neg_beta.value);
    const V z = hn::Mul(x, nb);
    z_lo = hn::MulSub(x, nb, z);
#else
    const V z = TwoProd(d, x, neg_beta, z_lo);
#endif
    V st;
    const V s = OnePlusExpCommon(d, z, z_lo, st);
    return hn::OrAnd(DivOnePlusExp(d, x, s, st), x, hn::SignBit(d));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    if (is_silu) return SiluOp()(d, x);
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), full(d, x));
  }
};

// elu: x >= 0 ? x : alpha (e^x - 1). alpha multiplies the expm1 pair before
// its single rounding. n is in [-29, 0] for x < 0, and hi 2^n, lo 2^n are
// exact, so the scaling goes first: alpha hi alone could overflow (hi is
// about -2^29 for x < -17) where the result, about -alpha, does not.
struct EluFullOp {
  float alpha;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V zero = hn::Zero(d);
    V p_hi, p_lo;
    hn::Vec<hn::RebindToSigned<D>> p_n;
    Expm1Split(d, hn::Min(x, zero), zero, p_hi, p_lo, p_n);
    const V scale = Pow2I(d, p_n);
    const V al = hn::Set(d, alpha);
    const V y_neg =
        hn::MulAdd(al, hn::Mul(p_hi, scale), hn::Mul(al, hn::Mul(p_lo, scale)));
    return KeepNaN(d, x, hn::IfThenElse(hn::Lt(x, zero), y_neg, x));
  }
};

// selu: lambda x for x >= 0, lambda alpha (e^x - 1) below; both constants as
// pairs so that the products round once (on FMA targets).
struct SeluFullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V zero = hn::Zero(d);
    const V lh = hn::Set(d, kSeluLambdaHi);
    V y_pos = hn::MulAdd(lh, x, hn::Mul(hn::Set(d, kSeluLambdaLo), x));
    // inf - inf, and -0 + +0 (lambda_lo < 0): lambda_hi x alone there.
    y_pos = hn::IfThenElse(hn::Or(hn::IsInf(x), hn::Eq(x, zero)),
                           hn::Mul(lh, x), y_pos);
    V p_hi, p_lo;
    hn::Vec<hn::RebindToSigned<D>> p_n;
    Expm1Split(d, hn::Min(x, zero), zero, p_hi, p_lo, p_n);
    const V ch = hn::Set(d, kSeluLambdaAlphaHi);
    const V low =
        hn::MulAdd(hn::Set(d, kSeluLambdaAlphaLo), p_hi, hn::Mul(ch, p_lo));
    const V y_neg = hn::Mul(hn::MulAdd(ch, p_hi, low), Pow2I(d, p_n));
    return KeepNaN(d, x, hn::IfThenElse(hn::Lt(x, zero), y_neg, y_pos));
  }
};

// z = x / alpha as an exact pair z_hi + z_lo (|z_lo| <= ulp(z_hi)/2): the
// residual x - z_hi alpha is exact (Dekker product, then Sterbenz), and only
// its tiny quotient is rounded. z_lo is 0 where |z_hi| >= 260 or not finite.
struct CeluParam {
  SplitParam alpha;
  float inv_alpha;
};
inline CeluParam MakeCeluParam(float alpha) {
  return CeluParam{SplitScalar(alpha), 1.0f / alpha};
}
template <class D, class V = hn::Vec<D>>
HWY_INLINE V DivLo(D d, V x, const CeluParam& c, V z) {
  V err;
  const V prod = TwoProd(d, z, c.alpha, err);
  const V res = hn::Sub(hn::Sub(x, prod), err);
  const V lo = hn::Mul(res, hn::Set(d, c.inv_alpha));
  return hn::IfThenElseZero(hn::Lt(hn::Abs(z), hn::Set(d, kExpArgClamp)), lo);
}

// celu: x >= 0 ? x : alpha (e^(x/alpha) - 1). For |z| < ln2/2 (n == 0) the
// form x + x z q(z) (alpha z = x) avoids forming alpha z at all, which keeps
// results exact in the subnormal range; elsewhere alpha times the expm1 pair
// of the exact quotient pair, scaled once (n up to 128 when alpha < 0).
struct CeluFullOp {
  explicit CeluFullOp(float alpha) : c(MakeCeluParam(alpha)) {}
  CeluParam c;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const hn::RebindToSigned<D> di;
    const V zero = hn::Zero(d);
    const V z = hn::Div(x, hn::Set(d, c.alpha.value));
    const V z_lo = DivLo(d, x, c, z);
    V p_hi, p_lo;
    hn::Vec<hn::RebindToSigned<D>> p_n;
    Expm1Split(d, z, z_lo, p_hi, p_lo, p_n);
    const V al = hn::Set(d, c.alpha.value);
    const V y_gen = ScalePow2(d, hn::MulAdd(al, p_hi, hn::Mul(al, p_lo)), p_n);
    const V y_small = hn::MulAdd(hn::Mul(x, z), ExpQ(d, z), x);
    const auto n0 = hn::RebindMask(d, hn::Eq(p_n, hn::Zero(di)));
    const V y_neg = hn::IfThenElse(n0, y_small, y_gen);
    return KeepNaN(d, x, hn::IfThenElse(hn::Lt(x, zero), y_neg, x));
  }
};

// ---------------------------------------------------------------- fast tier
// The actkern_<kernel>_fast_f32 entry points: bound 4 ULP instead of the
// precise tier's 0.5 to 2.5, the same special values. Each op's Fast is a
// straight-line formula on ExpApproxFast / Expm1Approx (r rounded once, one
// division at most) for the range ordinary data lives in (about |x| < 87);
// operator() is that formula where FastOk holds and the precise tier's
// general form (the ...FullOp above) in the other lanes (subnormal results,
// overflow, inf, NaN), so both paths give the same bits.

// e^x - 1 by Expm1Approx for |x| < 87, the sign of x put back (the
// result has x's sign; Expm1Approx gives +0 for -0); overflow, -1 below
// -87, inf and NaN: Expm1FullOp.
struct Expm1FastOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return ExpFastRangeOk(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return hn::OrAnd(Expm1Approx(d, x), x, hn::SignBit(d));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), Expm1FullOp()(d, x));
  }
};

// 1 + e^-x for x in the fast range (x > -87), x clamped to 87 above (where
// 1 + e^-x is 1 to float precision, whatever e is). E = e^-x is
// ExpNegApproxFast; E is non-increasing in x, so 1 + E is too (each rounding is
// monotone).
template <class D, class V = hn::Vec<D>>
HWY_INLINE V OnePlusExpNegFast(D d, V x) {
  const V xc = hn::Min(x, hn::Set(d, -kSigmoidFastLo));
  return hn::Add(hn::Set(d, 1.0f), ExpNegApproxFast(d, xc));
}

// sigma(x) = 1 / (1 + E), E = e^-x (ExpApproxFast) for both signs: one
// division, no select, and monotone (the quotient of 1 by a non-increasing
// positive denominator, each step rounded monotonically). Errors: E 1 ULP
// (weighted by E / (1 + E) < 1), 1 + E and the quotient rounded once each.
// x > -87 (E finite, sigma normal; +inf -> 1); below that (gradual
// underflow), -inf and NaN: SigmoidFullOp.
struct SigmoidFastOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, kSigmoidFastLo));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return hn::Div(hn::Set(d, 1.0f), OnePlusExpNegFast(d, x));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), SigmoidFullOp()(d, x));
  }
};

// tanh a = -m / (2 + m), m = e^-2a - 1 in (-1, 0] (Expm1Approx), a = |x|
// clamped to 9.5 (tanh rounds to 1 from 9.01 on), sign copied back: odd bit
// for bit, +-0 and +-inf right. One formula for all a: near 0, n = 0 and m
// = p(-2a) has no cancellation (tanh a = a exactly for tiny a); 2 + m > 1
// never cancels. The numerator -m rises with a and the denominator 2 + m
// falls, so the rounded quotient is monotone wherever m is (the form
// m / (m + 2) with m = e^2a - 1 is not: numerator and denominator rise
// together). Only NaN leaves the fast path (the clamp would hide it).
struct TanhFastOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D /*d*/, V x) const {
    return hn::Eq(x, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V a = hn::Min(hn::Abs(x), hn::Set(d, 9.5f));
    // -m = 1 - e^-2a directly (+0 for a = 0, so the sign comes from x
    // alone), 2 + m = 2 - (-m) exactly as rounded.
    const V neg_m = OneMinusExpApprox(d, hn::Mul(a, hn::Set(d, -2.0f)));
    const V y = hn::Div(neg_m, hn::Sub(hn::Set(d, 2.0f), neg_m));
    return hn::CopySignToAbs(y, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return KeepNaN(d, x, Fast(d, x));
  }
};

// silu(x) = x / (1 + E), E = e^-x (ExpApproxFast): one division, x exact in the
// numerator (no rounded x E product). x > -87: the result is normal
// (|x| / e^87 >= 2^-120); +inf -> +inf, large x -> x (1 + E rounds to 1).
// Below -87 (results down into the subnormals), -inf and NaN: SiluFullOp.
struct SiluFastOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, kSigmoidFastLo));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return hn::Div(x, OnePlusExpNegFast(d, x));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), SiluFullOp()(d, x));
  }
};

// swish(x) = x / (1 + E), E = e^(z + z_lo) with z + z_lo = -beta x
// exactly (the product's rounding error z_lo from the FMA, or Dekker's
// split without one: both exact, so the same bits on every FMA target).
// z_lo is folded into the reduced argument (ExpApproxLo): without it,
// fl(beta x) alone would cost |beta x| 2^-24 relative, 8 ULP at beta x =
// -16. Fast range |beta x| < 87 (|x| < xmax, fixed per beta with a margin
// for the product's rounding); outside (and inf, NaN): SwishFullOp. beta = 1 is
// SiluFastOp exactly (the same bits as silu, as in the precise tier).
struct SwishFastOp : WithFastPath {
  explicit SwishFastOp(float b)
      : neg_beta(SplitScalar(-b)),
        xmax(86.5f / b),
        is_silu(b == 1.0f),
        precise(b) {}
  SplitParam neg_beta;  // split for Dekker's product
  float xmax;
  bool is_silu;
  SwishFullOp precise;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    if (is_silu) return SiluFastOp().FastOk(d, x);
    return hn::Lt(hn::Abs(x), hn::Set(d, xmax));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    if (is_silu) return SiluFastOp().Fast(d, x);
    V z_lo;
#if HWY_NATIVE_FMA
    const V nb = hn::Set(d, neg_beta.value);
    const V z = hn::Mul(x, nb);
    z_lo = hn::MulSub(x, nb, z);
#else
    const V z = TwoProd(d, x, neg_beta, z_lo);
#endif
    const V e = ExpApproxLo(d, z, z_lo);
    return hn::Div(x, hn::Add(hn::Set(d, 1.0f), e));
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    if (is_silu) return SiluFastOp()(d, x);
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), precise(d, x));
  }
};

// elu, selu and celu: these three ops serve both tiers (actkern_elu_f32
// and actkern_elu_fast_f32 alike): on Expm1Approx they meet the precise
// bounds (2, 2.5, 2.5 ULP; measured exhaustively at 0.94, 1.91 and 0.94
// ULP, the worse of AVX2 and SSE4) at a quarter of the cost of the
// float-float <Kernel>FullOp above, which remains for the lanes outside the
// fast range.
//
// elu: x >= 0 ? x : alpha m, m = e^x - 1 (Expm1Approx; n <= 0 there, where
// its error is about 1 ULP). -0 takes the x >= 0 side. x > -87 (also +inf:
// the unused m lanes are garbage, never UB); below, -inf and NaN: EluFullOp
// (-alpha to float precision there).
struct EluOp : WithFastPath {
  explicit EluOp(float a) : alpha(a) {}
  float alpha;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, -kExpFastBound));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V y_neg = hn::Mul(hn::Set(d, alpha), Expm1Approx(d, x));
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), y_neg, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), EluFullOp{alpha}(d, x));
  }
};
using EluFastOp = EluOp;

// selu: lambda x for x >= 0 (the float nearest lambda times x, rounded once:
// within 0.6 ULP; +-0 -> +-0, +inf -> +inf), lambda alpha m below (the
// float nearest lambda alpha times Expm1Approx). Range and slow path as elu.
struct SeluOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return hn::Gt(x, hn::Set(d, -kExpFastBound));
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V y_neg = hn::Mul(hn::Set(d, kSeluLambdaAlphaHi), Expm1Approx(d, x));
    const V y_pos = hn::Mul(hn::Set(d, kSeluLambdaHi), x);
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), y_neg, y_pos);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), SeluFullOp()(d, x));
  }
};
using SeluFastOp = SeluOp;

// celu: x >= 0 ? x : alpha m, m = e^z - 1 (Expm1Approx), z = x / alpha
// rounded once (a multiplication by 1 / alpha where alpha is a power of two,
// the same bits; a division otherwise). For alpha > 0, z < 0, where m's
// relative sensitivity to z is below 1, so z's rounding costs at most half
// an ULP. For alpha < 0, z > 0 and the sensitivity grows like z (40 ULP at
// z = 85): unless alpha is a power of two (z exact), the quotient's low
// part z_lo = (x - z alpha) / alpha (the residual exact: the FMA, or
// Dekker's product without one, the same bits) joins the reduced argument
// (Expm1ApproxLo). Fast range: x > -zmax |alpha|, zmax = 86.5
// (Expm1Approx's range), lowered for alpha < -1 so that alpha m stays clear
// of overflow. For |alpha| > 1, z is subnormal (and has lost bits) where x
// is not, for x in (-|alpha| 2^-125, 0): those lanes, x below the range,
// -inf and NaN take CeluFullOp.
struct CeluOp : WithFastPath {
  explicit CeluOp(float a)
      : alpha(a),
        inv_alpha(1.0f / a),
        pow2(IsPow2(a)),
        need_lo(a < 0.0f && !pow2),
        check_tiny(std::abs(a) > 1.0f),
        tiny_bits(static_cast<int32_t>(0x80000000u |
                                       BitsOf(std::abs(a) * 0x1p-125f))),
        xlo(-ZMax(a) * std::abs(a)),
        precise(a) {}
  static uint32_t BitsOf(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof(u));
    return u;
  }
  static bool IsPow2(float a) {
    int e;
    return std::abs(std::frexp(a, &e)) == 0.5f;
  }
  static float ZMax(float a) {
    return a < -1.0f ? std::min(86.5f, 88.0f - std::log(-a)) : 86.5f;
  }
  float alpha, inv_alpha;
  bool pow2, need_lo, check_tiny;
  int32_t tiny_bits;
  float xlo;
  CeluFullOp precise;
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    const auto in_range = hn::Gt(x, hn::Set(d, xlo));
    if (!check_tiny) return in_range;
    // x in (-|alpha| 2^-125, -0] as signed integers: below the bits of -0
    // plus the threshold's magnitude.
    const hn::RebindToSigned<D> di;
    const auto tiny =
        hn::RebindMask(d, hn::Lt(hn::BitCast(di, x), hn::Set(di, tiny_bits)));
    return hn::AndNot(tiny, in_range);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V z = pow2 ? hn::Mul(x, hn::Set(d, inv_alpha))
                     : hn::Div(x, hn::Set(d, alpha));
    V m;
    if (need_lo) {
#if HWY_NATIVE_FMA
      const V res = hn::NegMulAdd(z, hn::Set(d, alpha), x);  // exact
#else
      V err;
      const V prod = TwoProd(d, z, precise.c.alpha, err);
      const V res = hn::Sub(hn::Sub(x, prod), err);
#endif
      m = Expm1ApproxLo(d, z, hn::Mul(res, hn::Set(d, inv_alpha)));
    } else {
      m = Expm1Approx(d, z);
    }
    const V y_neg = hn::Mul(hn::Set(d, alpha), m);
    return hn::IfThenElse(hn::Lt(x, hn::Zero(d)), y_neg, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(FastOk(d, x), Fast(d, x), precise(d, x));
  }
};
using CeluFastOp = CeluOp;

// ----------------------------------------------------------------- backward

// For a product dy m 2^n whose power of two is applied last (ScalePow2):
// where n > 0 and dy is tiny (|dy| < 2^-60, subnormals included), dy m
// would be rounded as a subnormal and that error then scaled up by 2^n, so
// there dy is raised by 2^64 (exact) and n lowered by 64 (to > -64). Where
// n <= 0, rounding before the scaling down costs at most a fraction of the
// result's ULP, and dy is left alone. Returns the raised dy; adjusts *n.
template <class D, class V = hn::Vec<D>,
          class VI = hn::Vec<hn::RebindToSigned<D>>>
HWY_INLINE V RaiseTinyDy(D d, V dy, VI* n) {
  const hn::RebindToSigned<D> di;
  const auto up = hn::And(hn::RebindMask(d, hn::Gt(*n, hn::Zero(di))),
                          hn::Lt(hn::Abs(dy), hn::Set(d, 0x1p-60f)));
  *n = hn::Sub(*n, hn::IfThenElseZero(hn::RebindMask(di, up), hn::Set(di, 64)));
  return hn::IfThenElse(up, hn::Mul(dy, hn::Set(d, 0x1p64f)), dy);
}

// dy (e_hi + e_lo) 2^e_n, the pair and exponent from ExpSplit, for the
// gradients whose derivative is an exponential. The power of two is applied
// last (ScalePow2), so the product is right even where e^x alone over- or
// underflows; hi and lo are halved (n raised by one) so that dy e^r cannot
// overflow before the scaling, and a tiny dy is raised (RaiseTinyDy). An
// infinite dy takes its sign from dy e_hi alone: dy e_lo has e_lo's sign and
// would make inf - inf.
template <class D, class V = hn::Vec<D>,
          class VI = hn::Vec<hn::RebindToSigned<D>>>
HWY_INLINE V MulExpSplit(D d, V dy, V e_hi, V e_lo, VI e_n) {
  const hn::RebindToSigned<D> di;
  VI n = hn::Add(e_n, hn::Set(di, 1));
  const V dys = RaiseTinyDy(d, dy, &n);
  const V half = hn::Set(d, 0.5f);
  const V lo =
      hn::IfThenZeroElse(hn::IsInf(dys), hn::Mul(dys, hn::Mul(e_lo, half)));
  return ScalePow2(d, hn::MulAdd(dys, hn::Mul(e_hi, half), lo), n);
}

// dx = dy e^x, through MulExpSplit.
struct Expm1BackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V lim = hn::Set(d, kExpArgClamp);
    const V xc = hn::Min(hn::Max(x, hn::Neg(lim)), lim);
    V e_hi, e_lo;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    ExpSplit(d, xc, hn::Zero(d), e_hi, e_lo, e_n);
    V dx = MulExpSplit(d, dy, e_hi, e_lo, e_n);
    const V e_inf =
        hn::IfThenElseZero(hn::Gt(x, hn::Zero(d)), hn::Set(d, HUGE_VALF));
    dx = hn::IfThenElse(hn::IsInf(x), hn::Mul(dy, e_inf), dx);
    return KeepNaN(d, x, dx);
  }
};

// dx = dy y (1 - y), from the forward output y.
struct SigmoidBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V y, V dy) const {
    return hn::Mul(dy, hn::Mul(y, hn::Sub(hn::Set(d, 1.0f), y)));
  }
};

// dx = dy (1 - y^2) = dy (1 - |y|)(1 + |y|), from the forward output y:
// 1 - |y| is exact for |y| in [0.5, 2], so there is no cancellation at
// |y| -> 1.
struct TanhBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V y, V dy) const {
    const V a = hn::Abs(y);
    const V one = hn::Set(d, 1.0f);
    return hn::Mul(dy, hn::Mul(hn::Sub(one, a), hn::Add(one, a)));
  }
};

// d/dx [x sigma(beta x)] = sigma(t) (1 + t (1 - sigma(t))), t = beta x (silu:
// beta = 1). With E = e^-|t| = 2^n P: sigma(|t|) = A = 1 / (1 + E) and
// sigma(-|t|) = 2^n B, B = P / (1 + E), both from two-step divisions sharing
// one reciprocal. For t >= 0 the result is dy A (1 + t 2^n B);
// for t < 0 it is 2^n dy B (1 + t A), the power of two applied last. The
// factor 1 + t A vanishes at t = -1.2785 (the derivative's zero): there the
// absolute bound applies. x = +inf -> dy, x = -inf -> dy * 0.
template <bool kHasLo>
struct SwishBackwardOpT {
  SplitParam beta;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const hn::RebindToSigned<D> di;
    V t = x, t_lo = hn::Zero(d);
    if (kHasLo) t = ScaledArg(d, x, beta, t_lo);
    const auto neg = hn::Lt(t, hn::Zero(d));
    V e_hi, e_lo, s, st;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    OnePlusExpNegAbs(d, t, t_lo, -126, e_hi, e_lo, e_n, s, st);
    const V one = hn::Set(d, 1.0f);
    // A = sigma(|t|) = a1 + a2 and B = P / (1 + E) = b1 + b2 (sigma(-|t|) =
    // 2^n B), each from the two-step division.
    V a1, a2, b1, b2;
    const V rcp = hn::Div(one, s);
    LongDiv(d, one, hn::Zero(d), s, st, rcp, a1, a2);
    LongDiv(d, e_hi, e_lo, s, st, rcp, b1, b2);
    const V a = hn::Add(a1, a2);
    const V b = hn::Add(b1, b2);
    const V f = hn::IfThenElse(neg, b, a);
    // Beyond |t| = 260 the factor t (1 - sigma(t)) no longer matters (or the
    // whole result is 0): clamping keeps it finite.
    const V tc = hn::Min(hn::Max(t, hn::Set(d, -kExpArgClamp)),
                         hn::Set(d, kExpArgClamp));
    // t >= 0: g = 1 + t 2^n B, where |t 2^n B| <= 0.28: plain arithmetic.
    const V other = ScalePow2(d, b, e_n);  // 1 - sigma(t)
    const V g_pos = hn::MulAdd(tc, other, hn::MulAdd(t_lo, other, one));
    // t < 0: g = 1 + t A, which cancels towards the derivative's zero and is
    // about t for large |t|: t_hi a1 is exact (12-bit halves) and 1 + t_hi a1
    // is split exactly, so only small terms are rounded.
    const V th = Trunc12(d, tc);
    const V p1 = hn::Mul(th, a1);
    V g0_err;
    const V g0 = TwoSum(one, p1, g0_err);
    V rest = hn::Add(g0_err, hn::Mul(hn::Sub(tc, th), a1));
    rest = hn::MulAdd(tc, a2, hn::MulAdd(t_lo, a, rest));
    const V g_neg = hn::Add(g0, rest);
    const V g = hn::IfThenElse(neg, g_neg, g_pos);
    const auto negi = hn::RebindMask(di, neg);
    const V m =
        hn::Mul(f, hn::IfThenElse(neg, hn::Mul(g, hn::Set(d, 0x1p-9f)), g));
    auto nscale = hn::IfThenElseZero(negi, hn::Add(e_n, hn::Set(di, 9)));
    const V dys = RaiseTinyDy(d, dy, &nscale);
    V dx = ScalePow2(d, hn::Mul(dys, m), nscale);
    const V at_inf =
        hn::IfThenElse(hn::Gt(x, hn::Zero(d)), dy, hn::Mul(dy, hn::Zero(d)));
    dx = hn::IfThenElse(hn::IsInf(x), at_inf, dx);
    return KeepNaN(d, x, dx);
  }
};
struct SiluBackwardOp : SwishBackwardOpT<false> {
  SiluBackwardOp() : SwishBackwardOpT<false>{SplitScalar(1.0f)} {}
};
struct SwishBackwardOp : SwishBackwardOpT<true> {
  explicit SwishBackwardOp(float beta)
      : SwishBackwardOpT<true>{SplitScalar(beta)} {}
};

// dx = dy for x > 0, dy alpha e^x for x <= 0 (the left derivative at 0).
struct EluBackwardOp {
  explicit EluBackwardOp(float alpha) {
    int e = 0;
    const float m = std::frexp(alpha, &e);  // alpha = m 2^e, |m| in [1/2, 1)
    m_half = m * 0.5f;
    exp = e;
  }
  // alpha = 2 m_half 2^exp with m_half in [1/4, 1/2) (frexp; 0 for alpha =
  // 0): dy m_half e^r (e^r < 1.42) cannot overflow for any alpha, and 2^exp
  // joins e^x's power of two, applied last, so dx overflows or underflows
  // only where the exact result does.
  float m_half;
  int exp;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V zero = hn::Zero(d);
    const V xc = hn::Min(hn::Max(x, hn::Set(d, -kExpArgClamp)), zero);
    V e_hi, e_lo;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    ExpSplit(d, xc, zero, e_hi, e_lo, e_n);
    const V m = hn::Set(d, m_half);
    const hn::RebindToSigned<D> di;
    // n >= -375 - 148: floored where ScalePow2's factors end (the result,
    // below 2^-378, is 0 anyway).
    auto n = hn::Max(hn::Add(e_n, hn::Set(di, exp + 1)), hn::Set(di, -378));
    const V dys = RaiseTinyDy(d, dy, &n);
    const V g = hn::MulAdd(m, e_hi, hn::Mul(m, e_lo));
    V dx = ScalePow2(d, hn::Mul(dys, g), n);
    // x = -inf: e^x is 0, so dy * alpha * 0 (NaN for an infinite dy).
    dx = hn::IfThenElse(hn::IsInf(x), hn::Mul(hn::Mul(dy, m), zero), dx);
    return KeepNaN(d, x, hn::IfThenElse(hn::Gt(x, zero), dy, dx));
  }
};

// dx = dy lambda for x > 0, dy lambda alpha e^x for x <= 0.
struct SeluBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V zero = hn::Zero(d);
    const V lh = hn::Set(d, kSeluLambdaHi);
    V dx_pos = hn::MulAdd(lh, dy, hn::Mul(hn::Set(d, kSeluLambdaLo), dy));
    dx_pos = hn::IfThenElse(hn::Or(hn::IsInf(dy), hn::Eq(dy, zero)),
                            hn::Mul(lh, dy), dx_pos);
    const V xc = hn::Min(hn::Max(x, hn::Set(d, -kExpArgClamp)), zero);
    V e_hi, e_lo;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    ExpSplit(d, xc, zero, e_hi, e_lo, e_n);
    // lambda alpha = 1.758 as a pair; e^r quartered (n raised by two) so
    // that dy lambda alpha e^r / 4 (< 0.63 dy) cannot overflow.
    const hn::RebindToSigned<D> di;
    auto n = hn::Add(e_n, hn::Set(di, 2));
    const V dys = RaiseTinyDy(d, dy, &n);
    const V quarter = hn::Set(d, 0.25f);
    const V eh = hn::Mul(e_hi, quarter), el = hn::Mul(e_lo, quarter);
    const V ch = hn::Set(d, kSeluLambdaAlphaHi);
    const V low =
        hn::MulAdd(hn::Set(d, kSeluLambdaAlphaLo), eh, hn::Mul(ch, el));
    const V dx_neg = ZeroSlopeAtMinusInf(
        d, x, dy, ScalePow2(d, hn::Mul(dys, hn::MulAdd(ch, eh, low)), n));
    return KeepNaN(d, x, hn::IfThenElse(hn::Gt(x, zero), dx_pos, dx_neg));
  }
};

// dx = dy for x > 0, dy e^(x / alpha) for x <= 0, x / alpha as an exact pair.
struct CeluBackwardOp {
  explicit CeluBackwardOp(float alpha) : c(MakeCeluParam(alpha)) {}
  CeluParam c;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V zero = hn::Zero(d);
    const V z = hn::Div(x, hn::Set(d, c.alpha.value));
    const V z_lo = DivLo(d, x, c, z);
    const V lim = hn::Set(d, kExpArgClamp);
    V e_hi, e_lo;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    ExpSplit(d, hn::Min(hn::Max(z, hn::Neg(lim)), lim), z_lo, e_hi, e_lo, e_n);
    V dx = MulExpSplit(d, dy, e_hi, e_lo, e_n);
    // x = -inf: e^(x / alpha) is 0 for alpha > 0, inf for alpha < 0.
    const V e_inf = c.alpha.value < 0 ? hn::Set(d, HUGE_VALF) : zero;
    dx = hn::IfThenElse(hn::IsInf(x), hn::Mul(dy, e_inf), dx);
    return KeepNaN(d, x, hn::IfThenElse(hn::Gt(x, zero), dy, dx));
  }
};

// The array functions of this family's kernel-table rows
// (kernels/kernel_arrays.h).
#define ACTKERN_TABLE_EXP_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DEFINE_ARRAYS
#include "actkern/kernel_table.def"

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_EXP_ACTIVATIONS_INL_H_ per-target guard
