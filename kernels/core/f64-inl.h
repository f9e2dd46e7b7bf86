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

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_F64_INL_H_ per-target guard
