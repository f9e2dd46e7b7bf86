// actkern GELU family (erf form and tanh approximation, forward and backward),
// compiled once per Highway target (see gelu.cc).
//
// The erf form. With t = |x|, Phi the standard normal CDF:
//   gelu(-t) = -t Phi(-t) = -e^{-t^2/2} G(t),   G(t) = t Phi(-t) e^{t^2/2},
//   gelu(t)  = t + gelu(-t).
// G is smooth and bounded (G(t) -> 1/sqrt(2 pi)), so a piecewise polynomial
// gives it to ~2^-28 relative, and e^{-t^2/2} comes from the shared exp core
// fed with t^2/2 split exactly into hi + lo. The negative tail therefore has
// full relative accuracy down to the subnormals (no 1 - erf cancellation, no
// subnormal intermediate: the power of two is applied last, in two halves,
// so the only rounding into the subnormals is the final one). Near zero
// (x in [-0.5, 1]) gelu(x) = x (1/2 + x P(x^2)) directly.
//
// The derivative gelu'(x) = Phi(x) + x phi(x) uses the same structure with
//   D(t) = t/sqrt(2 pi) - Phi(-t) e^{t^2/2}:
//   gelu'(-t) = -e^{-t^2/2} D(t),  gelu'(t) = 1 + e^{-t^2/2} D(t),
// and 1/2 + x Q(x^2) for |x| <= 1 (this covers the zero near x = -0.75).
//
// Coefficients: tools/coeffs/gelu.sollya (Sollya 8.0); each table row is
// {c0_hi, c0_lo, c1, ..., c9} with the 48-bit constant term as a float pair.
#if defined(ACTKERN_KERNELS_GELU_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_GELU_INL_H_
#undef ACTKERN_KERNELS_GELU_INL_H_
#else
#define ACTKERN_KERNELS_GELU_INL_H_
#endif

#include <stddef.h>

#include "kernels/core/array-inl.h"
#include "kernels/core/eft-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/core/f64-inl.h"
#include "kernels/core/mills-inl.h"
#include "kernels/core/poly-inl.h"
#include "kernels/core/pow2-inl.h"
#include "kernels/core/special-inl.h"
#include "kernels/kernel_arrays.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// ------------------------------------------------------------ coefficients

// P(s) = (Phi(x) - 1/2) / x, s = x^2 in [0, 1]; degree 5, error 2^-30.35.
constexpr float kGeluP[7] = {0x1.988454p-2f,  -0x1.8f7d74p-27f, -0x1.105832p-4f,
                             0x1.46ce48p-7f,  -0x1.36fcdap-10f, 0x1.dbf80ep-14f,
                             -0x1.00bf92p-17f};

// G(t) in four pieces: y = t - 0.875 on [0.5, 1.25] (error 2^-31.38),
// y = t - 1.875 on [1.25, 2.5] (2^-30.94), y = t - 3.5 on [2.5, 4.5]
// (2^-31.59), v = 1/t^2 on [4.5, 14.6] (2^-39.8).
constexpr float kGeluG[4][11] = {
    {0x1.f5595p-3f, -0x1.f909ecp-28f, 0x1.28beeep-3f, -0x1.73b79ep-4f,
     0x1.78a7d8p-5f, -0x1.4ad68p-6f, 0x1.04f0e4p-7f, -0x1.78eb34p-9f,
     0x1.f0c2a2p-11f, -0x1.4c7574p-12f, 0x1.38de8ep-13f},
    {0x1.527a8p-2f, -0x1.1ed828p-28f, 0x1.899966p-5f, -0x1.7e9d92p-6f,
     0x1.34ee24p-7f, -0x1.b9140cp-9f, 0x1.1efbe6p-10f, -0x1.5a407p-12f,
     0x1.8d1166p-14f, -0x1.c397eap-16f, 0x1.8d1d54p-18f},
    {0x1.7d241ap-2f, 0x1.27c1d4p-27f, 0x1.a29f06p-7f, -0x1.1ee188p-8f,
     0x1.4fb43cp-10f, -0x1.63188ep-12f, 0x1.5cbcfep-14f, -0x1.414732p-16f,
     0x1.19d43ap-18f, -0x1.098884p-20f, 0x1.c04e72p-23f},
    {0x1.988454p-2f, -0x1.898054p-27f, -0x1.98844ep-2f, 0x1.3261d4p0f,
     -0x1.7ec5fp2f, 0x1.4c99f2p5f, -0x1.653cecp8f, 0x1.9a8c1ap11f,
     -0x1.a1961cp14f, 0x1.2beecp17f, -0x1.a9b6c8p18f}};

// Q(s) = (Phi(x) + x phi(x) - 1/2) / x, s = x^2 in [0, 1]; degree 6,
// error 2^-31.73.
constexpr float kGeluQ[8] = {
    0x1.988454p-1f,  -0x1.819cbcp-26f, -0x1.105838p-2f,  0x1.ea3872p-5f,
    -0x1.373efep-7f, 0x1.2e5908p-10f,  -0x1.d2e43ap-14f, 0x1.f704c8p-18f};

// D(t) in four pieces: y = t - 1.25 on [1, 1.5] (error 2^-30.73),
// y = t - 2 on [1.5, 2.5] (2^-31.54), y = t - 3.5 on [2.5, 4.5] (2^-32.45),
// and D(t)/t as a polynomial in v = 1/t^2 on [4.5, 20] (2^-38.9). The first
// piece is short because D grows fast from D(1) = 0.137: |D(t) - c0| must
// stay small next to D(t), or the non-FMA targets' Horner roundings show.
constexpr float kGeluD[4][11] = {
    {0x1.1258fap-2f, -0x1.efb78cp-27f, 0x1.04d48ep-1f, -0x1.7b79d4p-5f,
     0x1.1f3148p-6f, -0x1.8fef56p-8f, 0x1.077d24p-9f, -0x1.3eda5cp-11f,
     -0x1.8f16d6p-12f, -0x1.b5aa08p-16f, 0x1.d4d38ap-9f},
    {0x1.4272dcp-1f, 0x1.24d4ep-29f, 0x1.d8c2cap-2f, -0x1.5d300cp-6f,
     0x1.b75d3ep-8f, -0x1.03p-9f, 0x1.21485p-11f, -0x1.32254ap-13f,
     0x1.01c408p-15f, -0x1.2ca93p-17f, 0x1.9c16fep-17f},
    {0x1.4a3a5ap0f, -0x1.8eccep-25f, 0x1.b3e48cp-2f, -0x1.a29efep-8f,
     0x1.7e8114p-10f, -0x1.4fb874p-12f, 0x1.1c4254p-14f, -0x1.cf7a5p-17f,
     0x1.6836p-19f, -0x1.35aaf8p-21f, 0x1.19dad2p-23f},
    {0x1.988454p-2f, -0x1.84f1fcp-27f, -0x1.988454p-2f, 0x1.98851ep-2f,
     -0x1.327cdep0f, 0x1.80b804p2f, -0x1.56e7fp5f, 0x1.835636p8f,
     -0x1.bf1d7ap11f, 0x1.82f9dp14f, -0x1.4b5992p16f}};

// gelu(x) for x < -14.6 is below half the smallest subnormal (the exact
// threshold is about -14.356), so t is clamped there: the clamped result
// rounds to -0 like the true one, and t^2/2 stays inside the exp helper's
// range. The derivative times any finite dy vanishes below -19.75, hence 20.
constexpr float kGeluTailClamp = 14.6f;
constexpr float kGeluBackwardClamp = 20.0f;

// gelu_tanh: v = 2u = K x (1 + A x^2), K = 2 sqrt(2/pi), A = 0.044715, held
// as float pairs so that v is known to ~2^-44 relative: the negative tail
// result is x e^{v} with |v| up to ~106, where a float-rounded v would cost
// |v| 2^-24, i.e. hundreds of ULP. The double values are the ones the
// reference (kernels/reference_gelu.cc) uses.
constexpr double kGeluTanhK = 2.0 * 0.7978845608028654;  // 2 sqrt(2/pi)
constexpr double kGeluTanhA = 0.044715;
constexpr float kGeluTanhKHi = static_cast<float>(kGeluTanhK);
constexpr float kGeluTanhKLo = static_cast<float>(kGeluTanhK - kGeluTanhKHi);
constexpr float kGeluTanhAHi = static_cast<float>(kGeluTanhA);
constexpr float kGeluTanhALo = static_cast<float>(kGeluTanhA - kGeluTanhAHi);
// Forward: |x| >= 12 gives |v| >= 142: e^{-|v|} is far below anything that
// matters (the negative tail underflows to -0 from about -10.77 on). The
// exponent argument is clamped at -110, where x e^{-110} still rounds to 0.
constexpr float kGeluTanhClamp = 12.0f;
constexpr float kGeluTanhExpClamp = -110.0f;
// Backward: the derivative times any finite dy vanishes once |v| >= 200
// (|x| >= 13.55).
constexpr float kGeluTanhBackwardClamp = 13.7f;
constexpr float kGeluTanhBackwardExpClamp = -210.0f;

// ------------------------------------------------------------ helpers

// e^{a_hi + a_lo} = p * 2^n, for a_hi + a_lo in [-210, 0] with |a_lo| small
// next to |a_hi| (a float-float). The argument is summed exactly (Fast2Sum)
// into the shared core's reduction: a_hi + a_lo = s + e, ExpReduce(s), e goes
// into the reduced argument's low part. ExpReduce's steps stay exact down to
// -210 (n * kLn2Hi needs |n| < 512: 15 + 9 bits). The caller applies 2^n.
// p in about [0.7, 1.42], n in [-303, 0]. (Out-parameters: SVE vectors are
// sizeless and cannot be struct members.)
template <class D, class V = hn::Vec<D>>
HWY_INLINE void GeluExpHiLo(D d, V a_hi, V a_lo, V& p,
                            hn::Vec<hn::RebindToSigned<D>>& n) {
  V e;
  const V s = FastTwoSum(a_hi, a_lo, e);
  n = ExpMantissa(d, s, e, p);
}

// m * 2^n for n <= 0 and |m| in about [2^-40, 2^8]: the first half of the
// scaling is exact, the second rounds once (gradual underflow included).
// n below -160 is raised to -160, where |m| 2^n already rounds to 0.
template <class D, class VI, class V = hn::Vec<D>>
HWY_INLINE V GeluScale2(D d, V m, VI n) {
  const hn::RebindToSigned<D> di;
  V s1, s2;
  Pow2Halves(d, hn::Max(n, hn::Set(di, -160)), s1, s2);  // s1 >= 2^-80
  return hn::Mul(hn::Mul(m, s1), s2);
}

// m * dy * 2^n for n in [-310, 0], m in about [2^-10, 2^10], dy any float:
// m * 2^n1 (n1 = max(n, -100)) is exact; dy goes in next, then the rest of
// the power of two in two halves, so that a finite result is neither lost to
// an intermediate underflow nor to a spurious overflow.
template <class D, class VI, class V = hn::Vec<D>>
HWY_INLINE V GeluScale3(D d, V m, V dy, VI n) {
  V s0, s1, s2;
  Pow2Thirds(d, n, -100, s0, s1, s2);
  const V w = hn::Mul(hn::Mul(m, s0), dy);
  return hn::Mul(hn::Mul(w, s1), s2);
}

// Horner with per-lane coefficient rows: rows r0 by default, r1 where m1,
// r2 where m2, r3 where m3 (later masks win). Returns
// c0_hi + (c0_lo + z (c1 + z (c2 + ... c9))) unrounded, as *hi + *lo
// (Fast2Sum: the constant term dominates on every piece).
template <class D, class M, class V = hn::Vec<D>>
HWY_INLINE void GeluPiecewise(D d, const float* r0, const float* r1, M m1,
                              const float* r2, M m2, const float* r3, M m3, V z,
                              V* hi, V* lo) {
  auto coef = [&](size_t k) {
    V c = hn::IfThenElse(m1, hn::Set(d, r1[k]), hn::Set(d, r0[k]));
    c = hn::IfThenElse(m2, hn::Set(d, r2[k]), c);
    return hn::IfThenElse(m3, hn::Set(d, r3[k]), c);
  };
  V acc = coef(10);
  for (size_t k = 9; k >= 2; --k) acc = hn::MulAdd(acc, z, coef(k));
  *hi = FastTwoSum(coef(0), hn::MulAdd(acc, z, coef(1)), *lo);
}

// (gh + gl) * p rounded once.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V GeluMulPair(D d, V gh, V gl, V p) {
  V ph, pl;
  ph = TwoProd(d, gh, p, pl);
  return hn::Add(ph, hn::MulAdd(gl, p, pl));
}

// Plain polynomial c0_hi + (c0_lo + z (c1 + ... + c_deg z^(deg-1))).
template <size_t kLen, class D, class V = hn::Vec<D>>
HWY_INLINE V GeluPoly(D d, const float (&c)[kLen], V z) {
  return hn::Add(hn::Set(d, c[0]), Horner(d, z, c + 1, kLen - 1));
}

// The same, unrounded, as *hi + *lo.
template <size_t kLen, class D, class V = hn::Vec<D>>
HWY_INLINE void GeluPolyPair(D d, const float (&c)[kLen], V z, V* hi, V* lo) {
  *hi = FastTwoSum(hn::Set(d, c[0]), Horner(d, z, c + 1, kLen - 1), *lo);
}

// e^{-tc^2/2} as parts, tc >= 0: tc = th + tl (12-bit halves), so
// tc^2/2 = th^2/2 + (th tl + tl^2/2) with th^2/2 exact and the small part
// rounded once (relative 2^-24 of a term 2^-11 smaller).
template <class D, class V = hn::Vec<D>>
HWY_INLINE void GeluExpHalfSquare(D d, V tc, V* p,
                                  hn::Vec<hn::RebindToSigned<D>>* n) {
  V th, tl;
  Split(d, tc, th, tl);
  const V half = hn::Set(d, 0.5f);
  const V hi = hn::Mul(hn::Mul(th, th), half);
  const V lo = hn::MulAdd(hn::Mul(tl, tl), half, hn::Mul(th, tl));
  GeluExpHiLo(d, hn::Neg(hi), hn::Neg(lo), *p, *n);
}

// The piecewise tail polynomial (G for gelu, D for its derivative) at tc:
// pieces [.., b1), [b1, 2.5), [2.5, 4.5) in z = tc - centre (exact: centre
// c0, c1 or 3.5 is within a factor 2 of tc), and [4.5, ..) in z = 1 / tc^2.
// Returns the mask of the last piece.
template <class D, class V = hn::Vec<D>>
HWY_INLINE hn::Mask<D> GeluTailPieces(D d, V tc, const float (&rows)[4][11],
                                      float b1, float c0, float c1, V* hi,
                                      V* lo) {
  const auto m1 = hn::Ge(tc, hn::Set(d, b1));
  const auto m2 = hn::Ge(tc, hn::Set(d, 2.5f));
  const auto m3 = hn::Ge(tc, hn::Set(d, 4.5f));
  V centre = hn::IfThenElse(m1, hn::Set(d, c1), hn::Set(d, c0));
  centre = hn::IfThenElse(m2, hn::Set(d, 3.5f), centre);
  const V v = hn::Div(hn::Set(d, 1.0f), hn::Mul(tc, tc));
  const V z = hn::IfThenElse(m3, v, hn::Sub(tc, centre));
  GeluPiecewise(d, rows[0], rows[1], m1, rows[2], m2, rows[3], m3, z, hi, lo);
  return m3;
}

// |gelu(-tc)| = e^{-tc^2/2} G(tc) for tc in [0.5, 14.6].
template <class D, class V = hn::Vec<D>>
HWY_INLINE V GeluTailMagnitude(D d, V tc) {
  V e_p;
  hn::Vec<hn::RebindToSigned<D>> e_n;
  GeluExpHalfSquare(d, tc, &e_p, &e_n);
  V gh, gl;
  GeluTailPieces(d, tc, kGeluG, 1.25f, 0.875f, 1.875f, &gh, &gl);
  // G p rounded once: the roundings left are p's and this one (~1.1 ULP).
  return GeluScale2(d, GeluMulPair(d, gh, gl, e_p), e_n);
}

// ----------------------------------------- the kernels' ops (both tiers)
// GeluOp and GeluTanhOp serve both tiers (actkern_gelu_f32 and
// actkern_gelu_fast_f32, and the same for gelu_tanh): their formulation
// meets the precise bound of 2.5 ULP (measured exhaustively at 1.48 / 1.61
// and 2.15 / 2.14 ULP on AVX2 / SSE4) at under half (gelu) and a fifth
// (gelu_tanh) of the cost of the float-float ops GeluFullOp and
// GeluTanhFullOp, which remain for the lanes outside its range:
// one straight-line formula for |x| < kGeluFastBound (ordinary data never
// leaves it), the full-range op's lanes outside it (NaN, infinities, the far
// tails with their subnormal results).
// |x| < 10 keeps x^2 / 2 < 50 (gelu) and |v| < 87.4 (gelu_tanh) inside
// GeluFastExpParts, and every result normal.
constexpr float kGeluFastBound = 10.0f;

// e^{zh + zl} = s (1 + p) for |zh| < 87.6 (n = round(zh / ln2) in
// [-126, 126]) and |zl| small next to ulp(zh): s = 2^n a normal float,
// p = e^r - 1 with r = zh + zl - n ln2 rounded once (at most 2^-26 absolute,
// the only rounding of the argument: zh's size does not matter, which is what
// the pair buys). The callers multiply s (exactly) and 1 + p (inside a
// MulAdd) into their own products, so e^{...} itself is never rounded.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V GeluFastExpParts(D d, V zh, V zl, V* s) {
  const V t = hn::MulAdd(zh, hn::Set(d, kLog2E), hn::Set(d, kRoundMagic));
  const V n = hn::Sub(t, hn::Set(d, kRoundMagic));
  const V r_hi = hn::NegMulAdd(n, hn::Set(d, kLn2Hi), zh);  // exact
  const V r = hn::Add(r_hi, hn::MulAdd(n, hn::Set(d, -kLn2Lo), zl));
  *s = ExpScaleFromT(d, t);
  return ExpM1Poly(d, r);
}

// Lanes of x inside the fast formulas' range (false for NaN).
template <class D, class V = hn::Vec<D>>
HWY_INLINE hn::Mask<D> GeluFastRange(D d, V x) {
  return hn::Lt(hn::Abs(x), hn::Set(d, kGeluFastBound));
}

// ------------------------------------------------------------ gelu (erf)

struct GeluFullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    // |x| small: Phi(x) = 1/2 + u, u = x P(x^2); y = x/2 + x u.
    const V u = hn::Mul(x, GeluPoly(d, kGeluP, hn::Mul(x, x)));
    V y = hn::MulAdd(x, u, hn::Mul(x, hn::Set(d, 0.5f)));
    const auto neg_tail = hn::Lt(x, hn::Set(d, -0.5f));
    const auto pos_tail = hn::Gt(x, hn::Set(d, 1.0f));
    if (!hn::AllFalse(d, hn::Or(neg_tail, pos_tail))) {
      const V tc = hn::Min(hn::Abs(x), hn::Set(d, kGeluTailClamp));
      const V m = GeluTailMagnitude(d, tc);
      y = hn::IfThenElse(neg_tail, hn::Neg(m), y);
      y = hn::IfThenElse(pos_tail, hn::Sub(x, m), y);  // x + gelu(-x)
    }
    // gelu(x) has the sign of x (also for -0, tiny x and underflow to -0).
    y = hn::CopySign(y, x);
    return KeepNaN(d, x, y);
  }
};

// gelu, both tiers. With t = |x| and R(t) = e^{t^2/2} Phi(-t)
// (kernels/core/mills-inl.h):
//   b = x Phi(-t) = x e^{-x^2/2} R(t),   gelu(x) = b (x <= 0), x - b (x > 0).
// |b| <= |x|/2, so x - b never cancels. -x^2/2 is carried as an exact pair
// (x * (-x/2) and its FMA residual) into the exp reduction, so the argument
// costs nothing even at x^2/2 = 50. With e^{...} = s (1 + p), s = 2^n:
//   b = x s (1 + u) (1 + p) / den,
// with x s exact and the product and quotient formed in double, rounded once
// on the way back. In float the same formula makes four roundings in a row
// (numerator twice, denominator, quotient), measured at 3.2 ULP with FMA and
// 4.1 without, over every arrangement tried; in double it is 1.3 / 1.5 ULP:
// what is left is p's and r's rounding, the fit, and the final rounding.
struct GeluOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return GeluFastRange(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    const V t = hn::Abs(x);
    V u, p1;
    MillsParts(d, t, &u, &p1);
    V zl;
    const V zh = TwoProdFma(d, x, hn::Mul(x, hn::Set(d, -0.5f)), zl);
    V s;
    const V p = GeluFastExpParts(d, zh, zl, &s);
    const V b = InF64(
        d,
        [](auto dd, auto vt, auto vu, auto vp1, auto vxs, auto vp) {
          const auto a = hn::MulAdd(vxs, vu, vxs);  // x s (1 + u)
          return hn::Div(hn::MulAdd(a, vp, a), MillsDenF64(dd, vt, vu, vp1));
        },
        t, u, p1, hn::Mul(x, s), p);
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Sub(x, b), b);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V y = Fast(d, x);
    const auto ok = FastOk(d, x);
    if (HWY_LIKELY(hn::AllTrue(d, ok))) return y;
    return hn::IfThenElse(ok, y, GeluFullOp()(d, x));
  }
};
using GeluFastOp = GeluOp;

struct GeluBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    // |x| <= 1: gelu'(x) = 1/2 + x Q(x^2), with Q = qh + ql and x Q = ph + pl
    // unrounded: 1/2 + ph is exact wherever it cancels (ph in [-1, -1/4],
    // Sterbenz), so g keeps its relative accuracy up to the zero near -0.75
    // and the absolute bound is only needed right next to it.
    V qh, ql, ph, pl;
    GeluPolyPair(d, kGeluQ, hn::Mul(x, x), &qh, &ql);
    ph = TwoProd(d, x, qh, pl);
    pl = hn::MulAdd(x, ql, pl);
    const V g = hn::Add(hn::Add(hn::Set(d, 0.5f), ph), pl);
    V dx = hn::Mul(g, dy);
    const auto neg_tail = hn::Lt(x, hn::Set(d, -1.0f));
    const auto pos_tail = hn::Gt(x, hn::Set(d, 1.0f));
    if (!hn::AllFalse(d, hn::Or(neg_tail, pos_tail))) {
      const V tc = hn::Min(hn::Abs(x), hn::Set(d, kGeluBackwardClamp));
      V e_p;
      hn::Vec<hn::RebindToSigned<D>> e_n;
      GeluExpHalfSquare(d, tc, &e_p, &e_n);
      V dh, dl;
      const auto m3 =
          GeluTailPieces(d, tc, kGeluD, 1.5f, 1.25f, 2.0f, &dh, &dl);
      // The last piece fits D/t: multiply by t (the pair times a float).
      const V t_or_1 = hn::IfThenElse(m3, tc, hn::Set(d, 1.0f));
      V th, tl;
      th = TwoProd(d, dh, t_or_1, tl);
      tl = hn::MulAdd(dl, t_or_1, tl);
      const V m = GeluMulPair(d, th, tl, e_p);
      // x < -1: dx = -e^{-t^2/2} D(t) dy, scaled with dy inside.
      dx = hn::IfThenElse(neg_tail, hn::Neg(GeluScale3(d, m, dy, e_n)), dx);
      // x > 1: dx = (1 + e^{-t^2/2} D(t)) dy.
      const V gp = hn::Add(hn::Set(d, 1.0f), GeluScale2(d, m, e_n));
      dx = ZeroSlopeAtMinusInf(d, x, dy,
                               hn::IfThenElse(pos_tail, hn::Mul(gp, dy), dx));
    }
    return hn::IfThenElse(hn::IsNaN(x), hn::Add(x, dy), dx);
  }
};

// ------------------------------------------------------------ gelu_tanh

// v = K x (1 + A x^2) as vh + vl, and K x as kxh + kxl, for |x| <= 13.7.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void GeluTanhArg(D d, V x, V* vh, V* vl, V* kxh, V* kxl, V* ax2h,
                            V* ax2l) {
  V x2h, x2l, wh, wl;
  x2h = TwoProd(d, x, x, x2l);
  MulFF(d, hn::Set(d, kGeluTanhAHi), hn::Set(d, kGeluTanhALo), x2h, x2l, *ax2h,
        *ax2l);
  AddFF(hn::Set(d, 1.0f), hn::Zero(d), *ax2h, *ax2l, wh, wl);
  MulFF(d, hn::Set(d, kGeluTanhKHi), hn::Set(d, kGeluTanhKLo), x, hn::Zero(d),
        *kxh, *kxl);
  MulFF(d, *kxh, *kxl, wh, wl, *vh, *vl);
}

// e^{-|v|} parts, the exponent argument clamped at `clamp`.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void GeluTanhExp(D d, V vh, V vl, float clamp, V* p,
                            hn::Vec<hn::RebindToSigned<D>>* n) {
  const auto pos = hn::Gt(vh, hn::Zero(d));
  V ah = hn::IfThenElse(pos, hn::Neg(vh), vh);
  V al = hn::IfThenElse(pos, hn::Neg(vl), vl);
  const auto big = hn::Lt(ah, hn::Set(d, clamp));
  ah = hn::IfThenElse(big, hn::Set(d, clamp), ah);
  al = hn::IfThenElse(big, hn::Zero(d), al);
  GeluExpHiLo(d, ah, al, *p, *n);
}

// gelu_tanh(x) = x sigmoid(v) = x / (1 + E) for x >= 0 and
// x E / (1 + E) for x < 0, with E = e^{-|v|} <= 1: never an overflow, and the
// negative tail keeps its relative accuracy into the subnormals.
struct GeluTanhFullOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V lim = hn::Set(d, kGeluTanhClamp);
    const V xc = hn::Min(hn::Max(x, hn::Neg(lim)), lim);
    V vh, vl, kxh, kxl, ax2h, ax2l;
    GeluTanhArg(d, xc, &vh, &vl, &kxh, &kxl, &ax2h, &ax2l);
    V e_p;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    GeluTanhExp(d, vh, vl, kGeluTanhExpClamp, &e_p, &e_n);
    // 1 + E exactly as dh + dl, x p exactly as nh + nl, and one corrected
    // division: the only roundings left are p's own and the final one
    // (plain divisions by a rounded 1 + E cost up to 3 ULP).
    const V big_e = GeluScale2(d, e_p, e_n);
    V dh, dl, nh, nl;
    dh = FastTwoSum(hn::Set(d, 1.0f), big_e, dl);
    nh = TwoProd(d, xc, e_p, nl);
    const V y_pos = DivFF(d, xc, hn::Zero(d), dh, dl);
    const V y_neg = GeluScale2(d, DivFF(d, nh, nl, dh, dl), e_n);
    V y = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), y_neg, y_pos);
    y = hn::IfThenElse(hn::Gt(x, lim), x, y);  // 1 + E == 1 there
    y = hn::CopySign(y, x);
    return KeepNaN(d, x, y);
  }
};

// gelu_tanh, both tiers: x sigmoid(v) = x / (1 + e^{-v}), v = 2u =
// K x (1 + A x^2) (constants as in GeluTanhFullOp). For x -> -inf the result is
// x e^{v}, whose relative error is v's absolute error, and |v| reaches 87:
// -v is formed as a float pair zh + zl (error about 2^-40 relative) from
// exact products (TwoProdFma) and the exact sum 1 + A x^2 (Fast2Sum(1, a) is
// exact for any a in [0, 2^24): fl(1 + a) - 1 is exact, and so is the
// rounding error), and goes into the exp reduction as a pair. With
// e^{-v} = s (1 + p): the denominator 1 + s + s p rounds once, then one
// division. Measured 1.9 ULP, with or without FMA.
struct GeluTanhOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return GeluFastRange(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    // x^2 and A x^2 exactly as pairs; w = 1 + A x^2 = wh + wl.
    V x2l, ax2l, e;
    const V x2h = TwoProdFma(d, x, x, x2l);
    const V ax2h = TwoProdFma(d, hn::Set(d, kGeluTanhAHi), x2h, ax2l);
    const V wh = FastTwoSum(hn::Set(d, 1.0f), ax2h, e);
    ax2l = hn::MulAdd(hn::Set(d, kGeluTanhAHi), x2l, ax2l);
    ax2l = hn::MulAdd(hn::Set(d, kGeluTanhALo), x2h, ax2l);
    const V wl = hn::Add(e, ax2l);
    // -K x = kh + kl, then -v = (kh + kl)(wh + wl) = zh + zl.
    V kl, zl;
    const V kh = TwoProdFma(d, hn::Set(d, -kGeluTanhKHi), x, kl);
    kl = hn::MulAdd(hn::Set(d, -kGeluTanhKLo), x, kl);
    const V zh = TwoProdFma(d, kh, wh, zl);
    zl = hn::MulAdd(kh, wl, zl);
    zl = hn::MulAdd(kl, wh, zl);
    V s;
    const V p = GeluFastExpParts(d, zh, zl, &s);
    // den = 1 + s + s p rounded once: 1 + s = hi + lo exactly (Fast2Sum
    // again), lo = 0 unless s > 2^23 or s < 2^-23, and lo goes in with p as
    // lo / s (2^-n, exact): den = s (p + lo / s) + hi. (Without lo, s = 2^24
    // alone costs 1 ULP: 1 + 2^24 rounds to 2^24.)
    const V one = hn::Set(d, 1.0f);
    const V hi = hn::Add(s, one);
    const V lo = hn::Sub(s, hn::Sub(hi, one));
    const hn::RebindToSigned<D> di;
    const V inv_s = hn::BitCast(
        d, hn::Sub(hn::Set(di, 0x7F000000), hn::BitCast(di, s)));  // 2^-n
    const V den = hn::MulAdd(s, hn::MulAdd(lo, inv_s, p), hi);
    return hn::Div(x, den);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V y = Fast(d, x);
    const auto ok = FastOk(d, x);
    if (HWY_LIKELY(hn::AllTrue(d, ok))) return y;
    return hn::IfThenElse(ok, y, GeluTanhFullOp()(d, x));
  }
};
using GeluTanhFastOp = GeluTanhOp;

// d/dx [x sigmoid(v)] = s + x s (1 - s) v', s = sigmoid(v),
// v' = K (1 + 3 A x^2); with r = x v' (a float-float product) and
// E = e^{-|v|}:
//   x >= 0: (1 + E + r E) / (1 + E)^2
//   x <  0: E (1 + E + r) / (1 + E)^2      (zero near x = -0.75)
// both in float-float up to one final rounding.
struct GeluTanhBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V lim = hn::Set(d, kGeluTanhBackwardClamp);
    const V xc = hn::Min(hn::Max(x, hn::Neg(lim)), lim);
    V vh, vl, kxh, kxl, ax2h, ax2l;
    GeluTanhArg(d, xc, &vh, &vl, &kxh, &kxl, &ax2h, &ax2l);
    // 1 + 3 A x^2 (3 * ax2h is exact as 2 ax2h + ax2h by Fast2Sum).
    V a3h, a3l, th, tl, rh, rl;
    a3h = FastTwoSum(hn::Add(ax2h, ax2h), ax2h, a3l);
    a3l = hn::MulAdd(ax2l, hn::Set(d, 3.0f), a3l);
    AddFF(hn::Set(d, 1.0f), hn::Zero(d), a3h, a3l, th, tl);
    MulFF(d, kxh, kxl, th, tl, rh, rl);
    const V one = hn::Set(d, 1.0f);
    V e_p;
    hn::Vec<hn::RebindToSigned<D>> e_n;
    GeluTanhExp(d, vh, vl, kGeluTanhBackwardExpClamp, &e_p, &e_n);
    const V big_e = GeluScale2(d, e_p, e_n);
    // den = 1 + E and den^2 exactly enough as float-float pairs.
    V dh, dl, sh, sl;
    dh = FastTwoSum(one, big_e, dl);
    MulFF(d, dh, dl, dh, dl, sh, sl);
    // x >= 0: g = (den + r E) / den^2, one rounding, then dy.
    V reh, rel, nh, nl;
    reh = TwoProd(d, rh, big_e, rel);
    rel = hn::MulAdd(rl, big_e, rel);
    AddFF(dh, dl, reh, rel, nh, nl);
    const V dx_pos = hn::Mul(DivFF(d, nh, nl, sh, sl), dy);
    // x < 0: g = E (den + r) / den^2 (den + r cancels at the zero near
    // -0.75), one rounding for p (den + r) / den^2, then dy and 2^n.
    V ph, pl;
    AddFF(dh, dl, rh, rl, nh, nl);
    MulFF(d, nh, nl, e_p, hn::Zero(d), ph, pl);
    const V dx_neg = GeluScale3(d, DivFF(d, ph, pl, sh, sl), dy, e_n);
    const V dx = ZeroSlopeAtMinusInf(
        d, x, dy, hn::IfThenElse(hn::Lt(x, hn::Zero(d)), dx_neg, dx_pos));
    return hn::IfThenElse(hn::IsNaN(x), hn::Add(x, dy), dx);
  }
};

// The array functions of this family's kernel-table rows
// (kernels/kernel_arrays.h).
#define ACTKERN_TABLE_GELU
#define ACTKERN_KERNEL ACTKERN_DEFINE_ARRAYS
#include "actkern/kernel_table.def"

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_GELU_INL_H_ per-target guard
