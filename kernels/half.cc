// actkern 16-bit conversions: the per-target widening and rounding of
// kernels/core/half-inl.h, exported and dispatched for the 16-bit entry
// points of every family (kernels/half.h), the correctly rounded scalar
// rounding of their exact path, and the public conversions of actkern/half.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/half.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/core/half-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
void WidenBf16Array(const uint16_t* in, float* out, size_t n) {
  WidenHalfArray<false>(in, out, n);
}
void WidenF16Array(const uint16_t* in, float* out, size_t n) {
  WidenHalfArray<true>(in, out, n);
}
size_t NarrowBf16Array(const float* in, uint16_t* out, uint16_t* near, size_t n,
                       int32_t slack) {
  return NarrowHalfArray<false>(in, out, near, n, slack);
}
size_t NarrowF16Array(const float* in, uint16_t* out, uint16_t* near, size_t n,
                      int32_t slack) {
  return NarrowHalfArray<true>(in, out, near, n, slack);
}
}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <math.h>
#include <string.h>

#include "actkern/half.h"
#include "kernels/half.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(WidenBf16Array);
HWY_EXPORT(WidenF16Array);
HWY_EXPORT(NarrowBf16Array);
HWY_EXPORT(NarrowF16Array);

namespace internal {

void WidenHalf(HalfType t, const uint16_t* in, float* out, size_t n) {
  if (t == HalfType::kBf16) {
    HWY_DYNAMIC_DISPATCH(WidenBf16Array)(in, out, n);
  } else {
    HWY_DYNAMIC_DISPATCH(WidenF16Array)(in, out, n);
  }
}

size_t NarrowHalf(HalfType t, const float* in, uint16_t* out, uint16_t* near,
                  size_t n, int32_t slack) {
  return t == HalfType::kBf16
             ? HWY_DYNAMIC_DISPATCH(NarrowBf16Array)(in, out, near, n, slack)
             : HWY_DYNAMIC_DISPATCH(NarrowF16Array)(in, out, near, n, slack);
}

namespace {

// The format of a 16-bit type: mantissa bits, and the exponent of its
// smallest normal and of its largest binade.
struct HalfFormat {
  int mantissa_bits;
  int min_exp;
  int max_exp;
  uint16_t quiet_nan;
};
constexpr HalfFormat kBf16Format{7, -126, 127, 0x7FC0};
constexpr HalfFormat kF16Format{10, -14, 15, 0x7E00};

// Round to nearest even in format f: |r| = k * q with q the spacing at |r|
// (a power of two), k = nearbyint(|r| / q), both exact in double; the bits
// are then (biased exponent, mantissa) of k * q, or k itself below the
// normal range (k = 2^mantissa_bits there is the smallest normal, as the
// encoding's carry gives).
uint16_t RoundToFormat(const HalfFormat& f, double r) {
  const uint16_t sign = signbit(r) ? 0x8000 : 0;
  if (isnan(r)) return static_cast<uint16_t>(sign | f.quiet_nan);
  const int exp_bits = 15 - f.mantissa_bits;
  const uint16_t inf_bits =
      static_cast<uint16_t>(((1 << exp_bits) - 1) << f.mantissa_bits);
  const double a = fabs(r);
  if (isinf(a)) return static_cast<uint16_t>(sign | inf_bits);
  if (a == 0.0) return sign;
  int e = ilogb(a);
  if (e < f.min_exp) e = f.min_exp;
  if (e > f.max_exp + 1) return static_cast<uint16_t>(sign | inf_bits);
  const double q = ldexp(1.0, e - f.mantissa_bits);
  const double k = nearbyint(a / q);
  uint32_t bits;
  if (a < ldexp(1.0, f.min_exp)) {
    bits = static_cast<uint32_t>(k);
  } else {
    const int bias = (1 << (exp_bits - 1)) - 1;
    bits = (static_cast<uint32_t>(e + bias) << f.mantissa_bits) +
           (static_cast<uint32_t>(k) - (1u << f.mantissa_bits));
  }
  if (bits >= inf_bits) bits = inf_bits;
  return static_cast<uint16_t>(sign | bits);
}

double HalfValue(const HalfFormat& f, uint16_t h) {
  const int exp_bits = 15 - f.mantissa_bits;
  const int bias = (1 << (exp_bits - 1)) - 1;
  const uint32_t mant = h & ((1u << f.mantissa_bits) - 1);
  const uint32_t ex = (h >> f.mantissa_bits) & ((1u << exp_bits) - 1);
  const double s = (h & 0x8000) ? -1.0 : 1.0;
  if (ex == (1u << exp_bits) - 1) return mant != 0 ? NAN : s * INFINITY;
  if (ex == 0)
    return s * ldexp(static_cast<double>(mant), f.min_exp - f.mantissa_bits);
  return s * ldexp(static_cast<double>(mant + (1u << f.mantissa_bits)),
                   static_cast<int>(ex) - bias - f.mantissa_bits);
}

double UlpErrorFormat(const HalfFormat& f, uint16_t y, double r) {
  const double yv = HalfValue(f, y);
  const bool y_nan = isnan(yv);
  const bool r_nan = isnan(r);
  if (y_nan || r_nan) return (y_nan && r_nan) ? 0.0 : HUGE_VAL;
  const double cap = ldexp(1.0, f.max_exp + 1);
  double yd = yv;
  if (isinf(yd)) yd = copysign(cap, yd);
  if (fabs(r) > cap) r = copysign(cap, r);
  if (yd == r) return 0.0;
  int e = (r == 0.0) ? f.min_exp - 1 : ilogb(r);
  if (e < f.min_exp) e = f.min_exp;
  return fabs(yd - r) / ldexp(1.0, e - f.mantissa_bits);
}

}  // namespace

uint16_t RoundHalf(HalfType t, double r) {
  return RoundToFormat(t == HalfType::kBf16 ? kBf16Format : kF16Format, r);
}

}  // namespace internal
}  // namespace actkern

namespace ai = ::actkern::internal;

extern "C" {

float actkern_bf16_to_f32(actkern_bf16 h) {
  const uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  memcpy(&f, &bits, sizeof(f));
  return f;
}
float actkern_f16_to_f32(actkern_f16 h) {
  if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0) {  // NaN: keep the payload
    const uint32_t bits = (static_cast<uint32_t>(h & 0x8000) << 16) |
                          0x7F800000u |
                          (static_cast<uint32_t>(h & 0x3FF) << 13);
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f;
  }
  return static_cast<float>(ai::HalfValue(ai::kF16Format, h));
}
actkern_bf16 actkern_bf16_from_double(double v) {
  return ai::RoundHalf(ai::HalfType::kBf16, v);
}
actkern_f16 actkern_f16_from_double(double v) {
  return ai::RoundHalf(ai::HalfType::kF16, v);
}
double actkern_ulp_error_bf16(actkern_bf16 y, double r) {
  return ai::UlpErrorFormat(ai::kBf16Format, y, r);
}
double actkern_ulp_error_f16(actkern_f16 y, double r) {
  return ai::UlpErrorFormat(ai::kF16Format, y, r);
}

}  // extern "C"

namespace {

actkern_status WidenArray(ai::HalfType t, const uint16_t* x, float* y,
                          size_t n) {
  const ai::Operand ops[] = {ai::Input(x, n, 1, n, ai::kNoAlias, 2),
                             ai::Output(y, n, 1, n, ai::kNoAlias, 4)};
  return ai::Enter(true, n == 0, ops, [&]() -> actkern_status {
    ai::WidenHalf(t, x, y, n);
    return ACTKERN_OK;
  });
}

// The float input is the value itself: its rounding needs no exact path,
// so the midpoint flags are not looked at.
actkern_status NarrowArray(ai::HalfType t, const float* x, uint16_t* y,
                           size_t n) {
  const ai::Operand ops[] = {ai::Input(x, n, 1, n, ai::kNoAlias, 4),
                             ai::Output(y, n, 1, n, ai::kNoAlias, 2)};
  return ai::Enter(true, n == 0, ops, [&]() -> actkern_status {
    uint16_t near[ai::kHalfBlock];
    for (size_t i = 0; i < n; i += ai::kHalfBlock) {
      const size_t m = n - i < ai::kHalfBlock ? n - i : ai::kHalfBlock;
      (void)ai::NarrowHalf(t, x + i, y + i, near, m, 0);
    }
    return ACTKERN_OK;
  });
}

}  // namespace

extern "C" {
actkern_status actkern_bf16_to_f32_array(const actkern_bf16* x, float* y,
                                         size_t n) {
  return WidenArray(ai::HalfType::kBf16, x, y, n);
}
actkern_status actkern_f16_to_f32_array(const actkern_f16* x, float* y,
                                        size_t n) {
  return WidenArray(ai::HalfType::kF16, x, y, n);
}
actkern_status actkern_f32_to_bf16_array(const float* x, actkern_bf16* y,
                                         size_t n) {
  return NarrowArray(ai::HalfType::kBf16, x, y, n);
}
actkern_status actkern_f32_to_f16_array(const float* x, actkern_f16* y,
                                        size_t n) {
  return NarrowArray(ai::HalfType::kF16, x, y, n);
}
}  // extern "C"
#endif  // HWY_ONCE
