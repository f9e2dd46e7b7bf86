// Polynomial evaluation over constant coefficient arrays, compiled once per
// Highway target. Horner's scheme in the one order every kernel's error
// analysis assumes: acc = c[K-1], then acc = acc x + c[k] for k = K-2 .. 0,
// each step one MulAdd (fused on FMA targets, two roundings elsewhere).

#if defined(ACTKERN_KERNELS_CORE_POLY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_POLY_INL_H_
#undef ACTKERN_KERNELS_CORE_POLY_INL_H_
#else
#define ACTKERN_KERNELS_CORE_POLY_INL_H_
#endif

#include <stddef.h>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// c[0] + x (c[1] + x (... + x c[count - 1])), count >= 1.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V Horner(D d, V x, const float* c, size_t count) {
  V acc = hn::Set(d, c[count - 1]);
  for (size_t k = count - 1; k-- > 0;)
    acc = hn::MulAdd(acc, x, hn::Set(d, c[k]));
  return acc;
}
template <size_t kCount, class D, class V = hn::Vec<D>>
HWY_INLINE V Horner(D d, V x, const float (&c)[kCount]) {
  return Horner(d, x, c, kCount);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_POLY_INL_H_ per-target guard
