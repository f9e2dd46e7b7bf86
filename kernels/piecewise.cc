// actkern piecewise activations: exports the per-target kernels and the C
// entry points.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/piecewise.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/piecewise-inl.h"

#if HWY_ONCE
#include <math.h>

#include "actkern/piecewise.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(ReluArray);
HWY_EXPORT(LeakyReluArray);
HWY_EXPORT(Relu6Array);
HWY_EXPORT(HardtanhArray);
HWY_EXPORT(HardsigmoidArray);
HWY_EXPORT(HardswishArray);
HWY_EXPORT(ReluBackwardArray);
HWY_EXPORT(LeakyReluBackwardArray);
HWY_EXPORT(Relu6BackwardArray);
HWY_EXPORT(HardtanhBackwardArray);
HWY_EXPORT(HardsigmoidBackwardArray);
HWY_EXPORT(HardswishBackwardArray);

namespace {

// Parameter domains (see piecewise.h): checked before anything else, so a
// bad parameter is reported even for n == 0.
bool ValidSlope(float slope) { return isfinite(slope); }
bool ValidBounds(float lo, float hi) { return !isnan(lo) && !isnan(hi) && lo <= hi; }

actkern_status CheckUnary(const float* x, float* y, size_t n) {
  internal::InitOnce();
  return internal::CheckElementwise(y, n, x);
}
actkern_status CheckBackward(const float* x, const float* dy, float* dx, size_t n) {
  internal::InitOnce();
  return internal::CheckElementwise(dx, n, x, dy, true);
}

}  // namespace
}  // namespace actkern

using actkern::CheckBackward;
using actkern::CheckUnary;

extern "C" {

actkern_status actkern_relu_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::ReluArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_leaky_relu_f32(const float* x, float* y, size_t n, float slope) {
  if (!actkern::ValidSlope(slope)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LeakyReluArray)(x, y, n, slope);
  return ACTKERN_OK;
}

actkern_status actkern_relu6_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::Relu6Array)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_hardtanh_f32(const float* x, float* y, size_t n, float lo,
                                    float hi) {
  if (!actkern::ValidBounds(lo, hi)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardtanhArray)(x, y, n, lo, hi);
  return ACTKERN_OK;
}

actkern_status actkern_hardsigmoid_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardsigmoidArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_hardswish_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardswishArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_relu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::ReluBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_leaky_relu_backward_f32(const float* x, const float* dy,
                                               float* dx, size_t n, float slope) {
  if (!actkern::ValidSlope(slope)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LeakyReluBackwardArray)(x, dy, dx, n, slope);
  return ACTKERN_OK;
}

actkern_status actkern_relu6_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::Relu6BackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_hardtanh_backward_f32(const float* x, const float* dy, float* dx,
                                             size_t n, float lo, float hi) {
  if (!actkern::ValidBounds(lo, hi)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardtanhBackwardArray)(x, dy, dx, n, lo, hi);
  return ACTKERN_OK;
}

actkern_status actkern_hardsigmoid_backward_f32(const float* x, const float* dy,
                                                float* dx, size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardsigmoidBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_hardswish_backward_f32(const float* x, const float* dy,
                                              float* dx, size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::HardswishBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

}  // extern "C"
#endif  // HWY_ONCE
