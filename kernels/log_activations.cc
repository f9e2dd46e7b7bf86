// actkern log activations: exports the per-target kernels and the C entry
// points (see include/actkern/log_activations.h).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/log_activations.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/log_activations-inl.h"

#if HWY_ONCE
#include <cmath>

#include "actkern/log_activations.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(LogArray);
HWY_EXPORT(Log1pArray);
HWY_EXPORT(SoftplusArray);
HWY_EXPORT(LogSigmoidArray);
HWY_EXPORT(MishArray);
HWY_EXPORT(LogBackwardArray);
HWY_EXPORT(Log1pBackwardArray);
HWY_EXPORT(SoftplusBackwardArray);
HWY_EXPORT(LogSigmoidBackwardArray);
HWY_EXPORT(MishBackwardArray);

namespace {

bool SoftplusBetaValid(float beta) {
  // Also false for NaN.
  return beta >= ACTKERN_SOFTPLUS_BETA_MIN && beta <= ACTKERN_SOFTPLUS_BETA_MAX;
}

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

actkern_status actkern_log_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LogArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_log1p_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::Log1pArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_softplus_f32(const float* x, float* y, size_t n, float beta) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK) return s;
  if (!actkern::SoftplusBetaValid(beta)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (n == 0) return ACTKERN_OK;
  HWY_DYNAMIC_DISPATCH(actkern::SoftplusArray)(x, y, n, beta);
  return ACTKERN_OK;
}

actkern_status actkern_log_sigmoid_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LogSigmoidArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_mish_f32(const float* x, float* y, size_t n) {
  const actkern_status s = CheckUnary(x, y, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::MishArray)(x, y, n);
  return ACTKERN_OK;
}

actkern_status actkern_log_backward_f32(const float* x, const float* dy, float* dx,
                                        size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LogBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_log1p_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::Log1pBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_softplus_backward_f32(const float* x, const float* dy, float* dx,
                                             size_t n, float beta) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK) return s;
  if (!actkern::SoftplusBetaValid(beta)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (n == 0) return ACTKERN_OK;
  HWY_DYNAMIC_DISPATCH(actkern::SoftplusBackwardArray)(x, dy, dx, n, beta);
  return ACTKERN_OK;
}

actkern_status actkern_log_sigmoid_backward_f32(const float* x, const float* dy,
                                                float* dx, size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::LogSigmoidBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

actkern_status actkern_mish_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n) {
  const actkern_status s = CheckBackward(x, dy, dx, n);
  if (s != ACTKERN_OK || n == 0) return s;
  HWY_DYNAMIC_DISPATCH(actkern::MishBackwardArray)(x, dy, dx, n);
  return ACTKERN_OK;
}

}  // extern "C"
#endif  // HWY_ONCE
