// Finishing a computation in double, compiled once per Highway target:
// op(dd, args promoted to double...) demoted to float, so that a kernel's
// final combination (a few multiplies and a division whose float roundings
// would add up to several ULP) is rounded once, on the way back (gradual
// underflow included: the conversion rounds into the subnormals). IEEE double
// operations and conversions only, so the same bits on every target with FMA.
// Needs double vectors, which every x86 and AArch64 target has.

#if defined(ACTKERN_KERNELS_CORE_F64_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_F64_INL_H_
#undef ACTKERN_KERNELS_CORE_F64_INL_H_
#else
#define ACTKERN_KERNELS_CORE_F64_INL_H_
#endif

#include <stddef.h>

#include "hwy/highway.h"
#include "kernels/core/exp_f64_constants.h"

#if !HWY_HAVE_FLOAT64
#error "actkern's double finish needs Highway double vectors (HWY_HAVE_FLOAT64)"
#endif

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D, class Op, class... Vs>
HWY_INLINE hn::Vec<D> InF64(D d, const Op& op, Vs... vs) {
#if HWY_TARGET == HWY_SCALAR
  // Highway's scalar DemoteTo saturates at +-FLT_MAX; the C++ conversion
  // rounds like the vector instructions (overflow to inf included).
  const hn::Rebind<double, D> dd;
  return hn::Set(
      d, static_cast<float>(hn::GetLane(op(dd, hn::PromoteTo(dd, vs)...))));
#elif HWY_TARGET == HWY_EMU128
  // The emulated target's DemoteTo saturates too: convert lane by lane.
  const hn::Half<D> dh;
  const hn::Rebind<double, decltype(dh)> dd;
  constexpr size_t kHalf = HWY_MAX_BYTES / sizeof(float);
  double lanes[2 * kHalf];
  const size_t nh = hn::Lanes(dd);
  hn::StoreU(op(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, vs))...), dd, lanes);
  hn::StoreU(op(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, vs))...), dd,
             lanes + nh);
  float out[2 * kHalf];
  for (size_t i = 0; i < 2 * nh; ++i) out[i] = static_cast<float>(lanes[i]);
  return hn::LoadU(d, out);
#else
  const hn::Half<D> dh;
  const hn::Rebind<double, decltype(dh)> dd;
  const auto lo = op(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, vs))...);
  const auto hi = op(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, vs))...);
  return hn::Combine(d, hn::DemoteTo(dh, hi), hn::DemoteTo(dh, lo));
#endif
}

// DemoteTo(df, v) as the IEEE conversion on every target: nearest even,
// overflow to inf, NaN kept (Highway's scalar and emulated DemoteTo saturate
// at +-FLT_MAX, so those two convert lane by lane in C++).
template <class DF, class VD>
HWY_INLINE hn::Vec<DF> DemoteF64(DF df, VD v) {
#if HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
  const hn::Rebind<double, DF> dd;
  constexpr size_t kMax =
      HWY_MAX_BYTES / sizeof(double) > 0 ? HWY_MAX_BYTES / sizeof(double) : 1;
  double lanes[kMax];
  float out[kMax];
  hn::StoreU(v, dd, lanes);
  for (size_t i = 0; i < hn::Lanes(dd); ++i) {
    out[i] = static_cast<float>(lanes[i]);
  }
  return hn::LoadU(df, out);
#else
  return hn::DemoteTo(df, v);
#endif
}

// e^t in double for any t: t = k ln 2 + r, |r| <= ln 2 / 2 (ln 2 split so
// that k kLn2Hi is exact), the Taylor series of e^r to degree 13 (truncation
// below 2^-57 relative; the coefficients 1/i! are correctly rounded
// quotients of exact integers), then 2^k as two normal factors 2^k1 2^k2 so
// that the product rounds once, into the subnormals included. Relative error
// about 2^-52. Below -745.2 the result is 0 (under half the smallest
// subnormal), beyond 709.8 inf, NaN stays NaN. Multiplies and adds only (no
// MulAdd): the same bits on every target, FMA or not.
template <class D>
HWY_INLINE hn::Vec<D> ExpF64(D d, hn::Vec<D> t) {
  const hn::RebindToUnsigned<D> du;
  using exp_f64::kInvFact;
  using exp_f64::kInvLn2;
  using exp_f64::kLn2Hi;
  using exp_f64::kLn2Lo;
  // Clamped so that k stays in [-1076, 1024] (NaN lanes are set at the end).
  const auto tc = hn::Min(hn::Max(t, hn::Set(d, -746.0)), hn::Set(d, 710.0));
  const auto k =
      hn::Floor(hn::Add(hn::Mul(tc, hn::Set(d, kInvLn2)), hn::Set(d, 0.5)));
  const auto r = hn::Sub(hn::Sub(tc, hn::Mul(k, hn::Set(d, kLn2Hi))),
                         hn::Mul(k, hn::Set(d, kLn2Lo)));
  auto p = hn::Set(d, kInvFact[0]);
  for (int i = 1; i < exp_f64::kTerms; ++i) {
    p = hn::Add(hn::Mul(p, r), hn::Set(d, kInvFact[i]));
  }
  p = hn::Add(hn::Mul(p, r), hn::Set(d, 1.0));
  // 2^j for integral j in [-1022, 1023]: 2^52 + 1023 + j holds 1023 + j in
  // its low mantissa bits, which shift into the exponent field.
  const auto pow2 = [&](hn::Vec<D> j) {
    return hn::BitCast(d, hn::ShiftLeft<52>(hn::BitCast(
                              du, hn::Add(j, hn::Set(d, 0x1p52 + 1023.0)))));
  };
  const auto k1 = hn::Floor(hn::Mul(k, hn::Set(d, 0.5)));  // in [-538, 512]
  const auto k2 = hn::Sub(k, k1);                          // in [-538, 512]
  auto e = hn::Mul(hn::Mul(p, pow2(k1)), pow2(k2));
  e = hn::IfThenZeroElse(hn::Lt(t, hn::Set(d, -745.2)), e);
  return hn::IfThenElse(hn::IsNaN(t), hn::Add(t, t), e);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_F64_INL_H_ per-target guard
