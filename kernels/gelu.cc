// actkern GELU family: exports the per-target kernels and the C entry points.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/gelu.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/gelu-inl.h"

#if HWY_ONCE
#include "actkern/gelu.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(GeluArray);
HWY_EXPORT(GeluBackwardArray);
HWY_EXPORT(GeluTanhArray);
HWY_EXPORT(GeluTanhBackwardArray);
}  // namespace actkern

extern "C" {

actkern_status actkern_gelu_f32(const float* x, float* y, size_t n) {
  actkern::internal::InitOnce();
  const actkern_status s = actkern::internal::CheckElementwise(y, n, x);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::GeluArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_gelu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n) {
  actkern::internal::InitOnce();
  const actkern_status s = actkern::internal::CheckElementwise(dx, n, x, dy, true);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::GeluBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_gelu_tanh_f32(const float* x, float* y, size_t n) {
  actkern::internal::InitOnce();
  const actkern_status s = actkern::internal::CheckElementwise(y, n, x);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::GeluTanhArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_gelu_tanh_backward_f32(const float* x, const float* dy,
                                              float* dx, size_t n) {
  actkern::internal::InitOnce();
  const actkern_status s = actkern::internal::CheckElementwise(dx, n, x, dy, true);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::GeluTanhBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

}  // extern "C"
#endif  // HWY_ONCE
