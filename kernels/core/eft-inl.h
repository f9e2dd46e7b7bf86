// Error-free transformations and float-float arithmetic, compiled once per
// Highway target. Every primitive here is exact (or says what it rounds) on
// every target, FMA or not, under the preconditions stated with it; none of
// them knows which kernel calls it.
//
// Policy on fused multiply-add: TwoProd uses Dekker's method (plain
// multiplications and additions), so it gives the same bits on every target,
// FMA or not. TwoProdFma takes the single MulSub where the target has a native
// FMA and falls back to Dekker elsewhere; both are exact, so the choice only
// changes speed (and the bits of the error term where the preconditions do
// not hold, e.g. when the partial products underflow).

#if defined(ACTKERN_KERNELS_CORE_EFT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_EFT_INL_H_
#undef ACTKERN_KERNELS_CORE_EFT_INL_H_
#else
#define ACTKERN_KERNELS_CORE_EFT_INL_H_
#endif

#include <stdint.h>
#include <string.h>

#include "hwy/highway.h"

#ifndef ACTKERN_KERNELS_CORE_SPLIT_PARAM_
#define ACTKERN_KERNELS_CORE_SPLIT_PARAM_
namespace actkern {
// A kernel parameter split once per call, for exact products with it:
// hi keeps the top 12 significant bits (the low 12 mantissa bits cleared),
// lo = value - hi (exact) the rest.
struct SplitParam {
  float value, hi, lo;
};
inline SplitParam SplitScalar(float v) {
  uint32_t b;
  memcpy(&b, &v, sizeof(b));
  b &= 0xFFFFF000u;
  float hi;
  memcpy(&hi, &b, sizeof(hi));
  return SplitParam{v, hi, v - hi};
}
}  // namespace actkern
#endif  // ACTKERN_KERNELS_CORE_SPLIT_PARAM_

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// a + b = s + err exactly, for any a, b (Knuth's TwoSum, 6 additions).
// Returns s = fl(a + b). Exact unless a + b overflows.
template <class V>
HWY_INLINE V TwoSum(V a, V b, V& err) {
  const V s = hn::Add(a, b);
  const V bb = hn::Sub(s, a);
  err = hn::Add(hn::Sub(a, hn::Sub(s, bb)), hn::Sub(b, bb));
  return s;
}

// a + b = s + err exactly, given |a| >= |b| or a == 0 (Dekker's Fast2Sum, 3
// additions): s - a is then exact (Sterbenz), and so is b - (s - a).
template <class V>
HWY_INLINE V FastTwoSum(V a, V b, V& err) {
  const V s = hn::Add(a, b);
  err = hn::Sub(b, hn::Sub(s, a));
  return s;
}

// v with its low 12 mantissa bits cleared: 12 significant bits, so the product
// of two such values is exact in float (Dekker's split; truncating splits as
// well as Veltkamp's rounding one and costs a single AND).
template <class D, class V = hn::Vec<D>>
HWY_INLINE V Trunc12(D d, V v) {
  const hn::RebindToUnsigned<D> du;
  return hn::BitCast(d, hn::And(hn::BitCast(du, v), hn::Set(du, 0xFFFFF000u)));
}

// a = hi + lo exactly, hi = Trunc12(a), lo the remaining (at most 12) bits.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void Split(D d, V a, V& hi, V& lo) {
  hi = Trunc12(d, a);
  lo = hn::Sub(a, hi);
}

// Dekker's product error from split operands: a * b = p + err exactly for
// p = fl(a * b), when neither the product nor its partial products over- or
// underflow. Each partial sum is exactly representable, so the result is the
// exact error whatever the split.
template <class V>
HWY_INLINE V DekkerErr(V a_hi, V a_lo, V b_hi, V b_lo, V p) {
  V err = hn::Sub(hn::Mul(a_hi, b_hi), p);
  err = hn::Add(err, hn::Mul(a_hi, b_lo));
  err = hn::Add(err, hn::Mul(a_lo, b_hi));
  return hn::Add(err, hn::Mul(a_lo, b_lo));
}

// a * b = p + err exactly (preconditions of DekkerErr); returns p. No FMA: the
// same bits on every target.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V TwoProd(D d, V a, V b, V& err) {
  V ah, al, bh, bl;
  Split(d, a, ah, al);
  Split(d, b, bh, bl);
  const V p = hn::Mul(a, b);
  err = DekkerErr(ah, al, bh, bl, p);
  return p;
}

// The same with b a parameter split once per call (SplitScalar).
template <class D, class V = hn::Vec<D>>
HWY_INLINE V TwoProd(D d, V a, const SplitParam& b, V& err) {
  V ah, al;
  Split(d, a, ah, al);
  const V p = hn::Mul(a, hn::Set(d, b.value));
  err = DekkerErr(ah, al, hn::Set(d, b.hi), hn::Set(d, b.lo), p);
  return p;
}

// a * b = p + err exactly; the native FMA's MulSub where there is one,
// Dekker elsewhere (exact too, so the same err under DekkerErr's
// preconditions). Returns p.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V TwoProdFma(D d, V a, V b, V& err) {
#if HWY_NATIVE_FMA
  (void)d;
  const V p = hn::Mul(a, b);
  err = hn::MulSub(a, b, p);
  return p;
#else
  return TwoProd(d, a, b, err);
#endif
}

// ------------------------------------------------------ float-float values
// A value held as hi + lo, |lo| <= ulp(hi) (unevaluated). Plain
// multiplications and additions only (TwoProd, not TwoProdFma), so SSE4 and
// SCALAR get the bits AVX2 gets wherever no FMA appears in the caller.

// (ah + al)(bh + bl) as ph + pl, relative error about 2^-44.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void MulFF(D d, V ah, V al, V bh, V bl, V& ph, V& pl) {
  V e;
  ph = TwoProd(d, ah, bh, e);
  pl = hn::Add(e, hn::Add(hn::Mul(ah, bl), hn::Mul(al, bh)));
}

// (ah + al) + (bh + bl) as sh + sl.
template <class V>
HWY_INLINE void AddFF(V ah, V al, V bh, V bl, V& sh, V& sl) {
  V e;
  sh = TwoSum(ah, bh, e);
  sl = hn::Add(e, hn::Add(al, bl));
}

// (nh + nl) / (dh + dl) rounded once, about 2^-40 relative before that
// rounding, for |nl| <= ulp(nh), |dl| <= ulp(dh): q = nh / dh, whose
// remainder nh - q dh is exact (TwoProd, then Sterbenz), corrected by one
// step. Partial products must not underflow.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V DivFF(D d, V nh, V nl, V dh, V dl) {
  const V q = hn::Div(nh, dh);
  V pe;
  const V p = TwoProd(d, q, dh, pe);
  const V r = hn::Sub(hn::Add(hn::Sub(hn::Sub(nh, p), pe), nl), hn::Mul(q, dl));
  return hn::Add(q, hn::Div(r, dh));
}

// (n_hi + n_lo) / (d_hi + d_lo) = q1 + q2 within about 2^-34 relative (at
// most 2^-33: tests/core_test.cc), given
// rcp = fl(1 / d_hi): one division shared by every quotient with this
// denominator (DivFF needs one per quotient). q1 = Trunc12(n_hi rcp) is
// within 2^-11 of the quotient and has 12 significant bits, so q1 *
// Trunc12(d_hi) is exact and n_hi minus it is exact (Sterbenz): the remainder
// is exact up to the tiny terms, and its quotient q2 (~2^-11 q1) needs only
// ordinary rounding. The only rounding of consequence is then the caller's
// q1 + q2, on every target, FMA or not. Requires numerator, denominator and
// quotient normal and finite.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void LongDiv(D d, V n_hi, V n_lo, V d_hi, V d_lo, V rcp, V& q1,
                        V& q2) {
  const V dh = Trunc12(d, d_hi);
  const V dt = hn::Add(hn::Sub(d_hi, dh), d_lo);
  const V q = Trunc12(d, hn::Mul(n_hi, rcp));
  V rem = hn::NegMulAdd(q, dh, n_hi);  // exact: the product has <= 24 bits
  rem = hn::Add(hn::NegMulAdd(q, dt, rem), n_lo);
  q1 = q;
  q2 = hn::Mul(rem, rcp);
}

// num - q (d_hi + d_lo), the remainder of a quotient q of num by d_hi + d_lo
// (|d_lo| <= ulp(d_hi)), for the correction q + rem / (d_hi + d_lo): num - q
// d_hi in one FMA (exact where q is the rounded quotient num / d_hi, within
// 2^-24 of itself where q is a few ULPs off), or without FMA from Dekker's
// exact product (num - p exact by Sterbenz, since q d_hi is within a few
// ULPs of num); q d_lo, about 2^-24 of num, is rounded once. Requires the
// partial products not to over- or underflow (without FMA).
template <class D, class V = hn::Vec<D>>
HWY_INLINE V DivRemainder(D d, V num, V q, V d_hi, V d_lo) {
#if HWY_NATIVE_FMA
  (void)d;
  const V rem = hn::NegMulAdd(q, d_hi, num);
#else
  V p_err;
  const V p = TwoProd(d, q, d_hi, p_err);
  const V rem = hn::Sub(hn::Sub(num, p), p_err);
#endif
  return hn::NegMulAdd(q, d_lo, rem);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_EFT_INL_H_ per-target guard
