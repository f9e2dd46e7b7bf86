// actkern exp family: exports the per-target kernels and the C entry points.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/exp.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/exp-inl.h"

#if HWY_ONCE
#include "actkern/exp.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(ExpArray);
}  // namespace actkern

extern "C" actkern_status actkern_exp_f32(const float* x, float* y, size_t n) {
  actkern::internal::InitOnce();
  const actkern_status s = actkern::internal::CheckElementwise(y, n, x);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::ExpArray)(x, y, n);
  return ACTKERN_OK;
}
#endif  // HWY_ONCE
