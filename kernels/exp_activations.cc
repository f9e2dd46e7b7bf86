// actkern exp-family activations: exports the per-target kernels and the C
// entry points (validation, then dynamic dispatch).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/exp_activations.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/exp_activations-inl.h"

#if HWY_ONCE
#include <cmath>

#include "actkern/exp_activations.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(Expm1Array);
HWY_EXPORT(SigmoidArray);
HWY_EXPORT(TanhArray);
HWY_EXPORT(SiluArray);
HWY_EXPORT(SwishArray);
HWY_EXPORT(EluArray);
HWY_EXPORT(SeluArray);
HWY_EXPORT(CeluArray);
HWY_EXPORT(Expm1BackwardArray);
HWY_EXPORT(SigmoidBackwardArray);
HWY_EXPORT(TanhBackwardArray);
HWY_EXPORT(SiluBackwardArray);
HWY_EXPORT(SwishBackwardArray);
HWY_EXPORT(EluBackwardArray);
HWY_EXPORT(SeluBackwardArray);
HWY_EXPORT(CeluBackwardArray);

namespace {

bool SwishBetaValid(float beta) { return std::isfinite(beta) && beta > 0.0f; }
bool EluAlphaValid(float alpha) { return std::isfinite(alpha); }
// Beyond this range x / alpha or 1 / alpha leave the range where the exact
// quotient pair (Dekker) is exact.
bool CeluAlphaValid(float alpha) {
  const float a = std::fabs(alpha);
  return std::isfinite(alpha) && a >= 0x1p-64f && a <= 0x1p64f;
}

actkern_status CheckUnary(const float* x, float* y, size_t n) {
  internal::InitOnce();
  return internal::CheckElementwise(y, n, x);
}
actkern_status CheckBinary(const float* in, const float* dy, float* dx, size_t n) {
  internal::InitOnce();
  return internal::CheckElementwise(dx, n, in, dy, true);
}

}  // namespace
}  // namespace actkern

using actkern::CheckBinary;
using actkern::CheckUnary;

#define ACTKERN_UNARY_BODY(Array, ...)                       \
  const actkern_status s = CheckUnary(x, y, n);               \
  if (s != ACTKERN_OK || n == 0) return s;                    \
  HWY_DYNAMIC_DISPATCH(actkern::Array)(x, y, n __VA_ARGS__);  \
  return ACTKERN_OK

#define ACTKERN_BINARY_BODY(Array, in, ...)                         \
  const actkern_status s = CheckBinary(in, dy, dx, n);               \
  if (s != ACTKERN_OK || n == 0) return s;                           \
  HWY_DYNAMIC_DISPATCH(actkern::Array)(in, dy, dx, n __VA_ARGS__);   \
  return ACTKERN_OK

extern "C" {

actkern_status actkern_expm1_f32(const float* x, float* y, size_t n) {
  ACTKERN_UNARY_BODY(Expm1Array);
}
actkern_status actkern_sigmoid_f32(const float* x, float* y, size_t n) {
  ACTKERN_UNARY_BODY(SigmoidArray);
}
actkern_status actkern_tanh_f32(const float* x, float* y, size_t n) {
  ACTKERN_UNARY_BODY(TanhArray);
}
actkern_status actkern_silu_f32(const float* x, float* y, size_t n) {
  ACTKERN_UNARY_BODY(SiluArray);
}
actkern_status actkern_swish_f32(const float* x, float* y, size_t n, float beta) {
  if (!actkern::SwishBetaValid(beta)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_UNARY_BODY(SwishArray, , beta);
}
actkern_status actkern_elu_f32(const float* x, float* y, size_t n, float alpha) {
  if (!actkern::EluAlphaValid(alpha)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_UNARY_BODY(EluArray, , alpha);
}
actkern_status actkern_selu_f32(const float* x, float* y, size_t n) {
  ACTKERN_UNARY_BODY(SeluArray);
}
actkern_status actkern_celu_f32(const float* x, float* y, size_t n, float alpha) {
  if (!actkern::CeluAlphaValid(alpha)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_UNARY_BODY(CeluArray, , alpha);
}

actkern_status actkern_expm1_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n) {
  ACTKERN_BINARY_BODY(Expm1BackwardArray, x);
}
actkern_status actkern_sigmoid_backward_f32(const float* y, const float* dy, float* dx,
                                            size_t n) {
  ACTKERN_BINARY_BODY(SigmoidBackwardArray, y);
}
actkern_status actkern_tanh_backward_f32(const float* y, const float* dy, float* dx,
                                         size_t n) {
  ACTKERN_BINARY_BODY(TanhBackwardArray, y);
}
actkern_status actkern_silu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n) {
  ACTKERN_BINARY_BODY(SiluBackwardArray, x);
}
actkern_status actkern_swish_backward_f32(const float* x, const float* dy, float* dx,
                                          size_t n, float beta) {
  if (!actkern::SwishBetaValid(beta)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_BINARY_BODY(SwishBackwardArray, x, , beta);
}
actkern_status actkern_elu_backward_f32(const float* x, const float* dy, float* dx,
                                        size_t n, float alpha) {
  if (!actkern::EluAlphaValid(alpha)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_BINARY_BODY(EluBackwardArray, x, , alpha);
}
actkern_status actkern_selu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n) {
  ACTKERN_BINARY_BODY(SeluBackwardArray, x);
}
actkern_status actkern_celu_backward_f32(const float* x, const float* dy, float* dx,
                                         size_t n, float alpha) {
  if (!actkern::CeluAlphaValid(alpha)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  ACTKERN_BINARY_BODY(CeluBackwardArray, x, , alpha);
}

}  // extern "C"
#endif  // HWY_ONCE
