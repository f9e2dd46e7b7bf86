// actkern exp family, compiled once per Highway target (see exp.cc).
#if defined(ACTKERN_KERNELS_EXP_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_EXP_INL_H_
#undef ACTKERN_KERNELS_EXP_INL_H_
#else
#define ACTKERN_KERNELS_EXP_INL_H_
#endif

#include "kernels/math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

inline void ExpArray(const float* x, float* y, size_t n) {
  UnaryArray(x, y, n, ExpOp());
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_EXP_INL_H_ per-target guard
