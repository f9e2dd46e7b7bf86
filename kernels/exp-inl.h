// actkern exp kernel, compiled once per Highway target (see exp.cc): the exp
// core (kernels/core/exp-inl.h) over an array, with its fast path exposed to
// the array driver.
#if defined(ACTKERN_KERNELS_EXP_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_EXP_INL_H_
#undef ACTKERN_KERNELS_EXP_INL_H_
#else
#define ACTKERN_KERNELS_EXP_INL_H_
#endif

#include <stddef.h>

#include "kernels/core/array-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/kernel_arrays.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// e^x: ExpCommonRange (14 operations, r kept as r_hi + r_lo; measured over
// all inputs: 0.873 ULP with FMA, 0.890 without) where every lane of a group
// has |x| < 87, else that blended with ExpFullRange (overflow, gradual
// underflow, inf, NaN) in the other lanes.
struct ExpOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return ExpFastRangeOk(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return ExpCommonRange(d, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(ExpFastRangeOk(d, x), ExpCommonRange(d, x),
                          ExpFullRange(d, x));
  }
};

// Fast tier (actkern_exp_fast_f32): ExpApproxFast (12 operations, 1 ULP;
// the bits of ExpApprox) for |x| < 87, the precise ExpFullRange elsewhere
// (overflow, gradual underflow, inf, NaN).
struct ExpFastOp : WithFastPath {
  template <class D, class V>
  HWY_INLINE hn::Mask<D> FastOk(D d, V x) const {
    return ExpFastRangeOk(d, x);
  }
  template <class D, class V>
  HWY_INLINE V Fast(D d, V x) const {
    return ExpApproxFast(d, x);
  }
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(ExpFastRangeOk(d, x), ExpApproxFast(d, x),
                          ExpFullRange(d, x));
  }
};

// The array functions of this family's kernel-table rows
// (kernels/kernel_arrays.h).
#define ACTKERN_TABLE_EXP
#define ACTKERN_KERNEL ACTKERN_DEFINE_ARRAYS
#include "actkern/kernel_table.def"

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_EXP_INL_H_ per-target guard
