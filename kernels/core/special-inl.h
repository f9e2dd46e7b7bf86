// Special-value rules shared by the kernels, compiled once per Highway
// target: each applies one documented rule after the finite-input formula.

#if defined(ACTKERN_KERNELS_CORE_SPECIAL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_SPECIAL_INL_H_
#undef ACTKERN_KERNELS_CORE_SPECIAL_INL_H_
#else
#define ACTKERN_KERNELS_CORE_SPECIAL_INL_H_
#endif

#include <math.h>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// NaN in, NaN out, whatever clamps the formula applied (x86 Min/Max return
// the second operand on NaN, other ISAs the NaN). x + x quiets it.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V KeepNaN(D /*d*/, V x, V y) {
  return hn::IfThenElse(hn::IsNaN(x), hn::Add(x, x), y);
}

// A derivative that is 0 at x = -inf: dx = dy * 0 there (NaN for an infinite
// dy, as IEEE has it), whatever the finite-x formula gave for the clamped x.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V ZeroSlopeAtMinusInf(D d, V x, V dy, V dx) {
  return hn::IfThenElse(hn::Eq(x, hn::Set(d, -HUGE_VALF)),
                        hn::Mul(dy, hn::Zero(d)), dx);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_SPECIAL_INL_H_ per-target guard
