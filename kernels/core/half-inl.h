// Conversions between float and the two 16-bit storage types (bfloat16, IEEE
// binary16), compiled once per Highway target, in integer arithmetic: no
// FEAT_BF16, no demotion instruction whose rounding differs between targets
// (Highway 1.0.3's f32 -> bf16 DemoteTo truncates on some targets), so every
// target gives the same bits. The one exception is binary16 on x86 from AVX2
// up, whose F16C instructions round exactly as this code does (kNativeF16).
//
// Widen is exact (every bf16 and f16 value is a float). Narrow rounds to
// nearest, ties to even, and also reports, per lane, whether the float it
// was given lies within `slack` float ULPs (of that float) of a rounding
// midpoint of the 16-bit type. A kernel whose float result is within B ULPs
// of the exact value rounds correctly wherever the flag is clear, as long as
// slack >= 2B + 1 (the factor 2: the float's ULP may be half the ULP at the
// exact value across a power of two); flagged lanes take an exact path.
//
// Special values: NaN -> a quiet NaN with the sign and the top payload bits
// kept; +-inf -> +-inf; -0 -> -0; binary16 overflow (|v| >= 65520 after
// rounding) -> +-inf; binary16 subnormals are rounded as such.

#if defined(ACTKERN_KERNELS_CORE_HALF_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_HALF_INL_H_
#undef ACTKERN_KERNELS_CORE_HALF_INL_H_
#else
#define ACTKERN_KERNELS_CORE_HALF_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace half_detail {

// Bits of the 16-bit value (in the low half of each u32 lane) -> float.
template <class DF>
HWY_INLINE hn::Vec<DF> WidenBf16Bits(DF df,
                                     hn::Vec<hn::RebindToUnsigned<DF>> h) {
  return hn::BitCast(df, hn::ShiftLeft<16>(h));
}

template <class DF>
HWY_INLINE hn::Vec<DF> WidenF16Bits(DF df,
                                    hn::Vec<hn::RebindToUnsigned<DF>> h) {
  const hn::RebindToUnsigned<DF> du;
  const hn::RebindToSigned<DF> di;
  const auto sign = hn::ShiftLeft<16>(hn::And(h, hn::Set(du, 0x8000u)));
  const auto em = hn::And(h, hn::Set(du, 0x7FFFu));
  // Normal, inf and NaN: rebias the exponent (15 -> 127), and once more for
  // the all-ones exponent so that it stays all ones (255).
  auto normal = hn::Add(hn::ShiftLeft<13>(em), hn::Set(du, (127u - 15u) << 23));
  const auto is_special =
      hn::RebindMask(du, hn::Gt(hn::BitCast(di, em), hn::Set(di, 0x7BFF)));
  normal = hn::IfThenElse(
      is_special, hn::Add(normal, hn::Set(du, (128u - 16u) << 23)), normal);
  // Zero and subnormal: em * 2^-24, exact in float.
  const auto tiny = hn::BitCast(
      du,
      hn::Mul(hn::ConvertTo(df, hn::BitCast(di, em)), hn::Set(df, 0x1p-24f)));
  const auto is_tiny =
      hn::RebindMask(du, hn::Lt(hn::BitCast(di, em), hn::Set(di, 0x400)));
  return hn::BitCast(df, hn::Or(sign, hn::IfThenElse(is_tiny, tiny, normal)));
}

// float -> bf16 bits (low half of each i32 lane); near: lanes within slack
// ULPs of a midpoint.
template <class DF>
HWY_INLINE hn::Vec<hn::RebindToSigned<DF>> NarrowBf16Bits(
    DF df, hn::Vec<DF> v, hn::Vec<hn::RebindToSigned<DF>> slack,
    hn::Mask<hn::RebindToSigned<DF>>* near) {
  (void)df;
  const hn::RebindToSigned<DF> di;
  const auto bits = hn::BitCast(di, v);
  const auto abs = hn::And(bits, hn::Set(di, 0x7FFFFFFF));
  const auto sign = hn::And(hn::ShiftRight<16>(bits), hn::Set(di, 0x8000));
  const auto is_nan = hn::Gt(abs, hn::Set(di, 0x7F800000));
  // Round to nearest even at bit 16: the same bit operation serves bf16's
  // normal and subnormal ranges (its exponent range is float's), and carries
  // into the exponent, up to inf, where the mantissa overflows.
  const auto lsb = hn::And(hn::ShiftRight<16>(abs), hn::Set(di, 1));
  const auto rounded =
      hn::ShiftRight<16>(hn::Add(hn::Add(abs, hn::Set(di, 0x7FFF)), lsb));
  const auto nan = hn::Or(hn::ShiftRight<16>(abs), hn::Set(di, 0x0040));
  const auto low = hn::And(abs, hn::Set(di, 0xFFFF));
  *near = hn::AndNot(is_nan,
                     hn::Lt(hn::Abs(hn::Sub(low, hn::Set(di, 0x8000))), slack));
  return hn::Or(sign, hn::IfThenElse(is_nan, nan, rounded));
}

// float -> binary16 bits, as NarrowBf16Bits.
template <class DF>
HWY_INLINE hn::Vec<hn::RebindToSigned<DF>> NarrowF16Bits(
    DF df, hn::Vec<DF> v, hn::Vec<hn::RebindToSigned<DF>> slack,
    hn::Vec<DF> sub_threshold, hn::Mask<hn::RebindToSigned<DF>>* near) {
  const hn::RebindToSigned<DF> di;
  const auto bits = hn::BitCast(di, v);
  const auto abs = hn::And(bits, hn::Set(di, 0x7FFFFFFF));
  const auto sign = hn::And(hn::ShiftRight<16>(bits), hn::Set(di, 0x8000));
  const auto is_nan = hn::Gt(abs, hn::Set(di, 0x7F800000));
  // binary16 normal range, |v| >= 2^-14 (float biased exponent >= 113):
  // rebias and round at bit 13; the carry may reach the exponent, and every
  // result from 0x7C00 up (|v| >= 65520, and inf) is inf.
  const auto t = hn::Sub(abs, hn::Set(di, 112 << 23));
  const auto lsb_n = hn::And(hn::ShiftRight<13>(t), hn::Set(di, 1));
  const auto h_normal = hn::Min(
      hn::ShiftRight<13>(hn::Add(hn::Add(t, hn::Set(di, 0xFFF)), lsb_n)),
      hn::Set(di, 0x7C00));
  const auto dist_normal =
      hn::Sub(hn::And(t, hn::Set(di, 0x1FFF)), hn::Set(di, 0x1000));
  // Below 2^-14: binary16 subnormals are the multiples of 2^-24, and adding
  // 0.5 (whose float spacing is 2^-24) rounds |v| to one, to nearest even,
  // in one IEEE addition on every target; the multiple is then the low bits
  // of the sum. r = s - 0.5 is exact (Sterbenz) and so is |v| - r where it
  // matters (|v| >= 2^-26). A lane is near the midpoint 2^-25 away from r
  // when |v - r| exceeds 2^-25 less `slack` float ULPs, taken at their
  // largest below 2^-14 (2^-37), so every close lane is flagged.
  const auto af = hn::BitCast(df, abs);
  const auto s_half = hn::Add(af, hn::Set(df, 0.5f));
  const auto h_sub = hn::Sub(hn::BitCast(di, s_half), hn::Set(di, 0x3F000000));
  const auto d_sub = hn::Abs(hn::Sub(af, hn::Sub(s_half, hn::Set(df, 0.5f))));
  const auto near_sub = hn::RebindMask(di, hn::Gt(d_sub, sub_threshold));
  const auto near_normal = hn::Lt(hn::Abs(dist_normal), slack);

  const auto is_normal = hn::Gt(abs, hn::Set(di, (113 << 23) - 1));
  // Inf and the values that round to it are decided unless close to 65520,
  // which dist_normal measures like any other midpoint.
  *near = hn::AndNot(is_nan, hn::Or(hn::And(is_normal, near_normal),
                                    hn::AndNot(is_normal, near_sub)));
  const auto nan = hn::Or(hn::And(hn::ShiftRight<13>(abs), hn::Set(di, 0x3FF)),
                          hn::Set(di, 0x7E00));
  return hn::Or(
      sign,
      hn::IfThenElse(is_nan, nan, hn::IfThenElse(is_normal, h_normal, h_sub)));
}

// x86 targets from AVX2 up have F16C: its conversions are exact (widening)
// and round to nearest even (narrowing, the rounding mode in the
// instruction), so they give the integer code's bits, faster. The midpoint
// test is still ours.
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
constexpr bool kNativeF16 = true;
#else
constexpr bool kNativeF16 = false;
#endif

// The midpoint test of NarrowF16Bits alone (for the native conversion).
template <class DF>
HWY_INLINE hn::Mask<hn::RebindToSigned<DF>> F16Near(
    DF df, hn::Vec<DF> v, hn::Vec<hn::RebindToSigned<DF>> slack,
    hn::Vec<DF> sub_threshold) {
  const hn::RebindToSigned<DF> di;
  const auto abs = hn::And(hn::BitCast(di, v), hn::Set(di, 0x7FFFFFFF));
  const auto is_nan = hn::Gt(abs, hn::Set(di, 0x7F800000));
  const auto is_normal = hn::Gt(abs, hn::Set(di, (113 << 23) - 1));
  // The low 13 bits of |v| are those of the rebiased value.
  const auto dist_normal =
      hn::Sub(hn::And(abs, hn::Set(di, 0x1FFF)), hn::Set(di, 0x1000));
  const auto near_normal = hn::Lt(hn::Abs(dist_normal), slack);
  const auto af = hn::BitCast(df, abs);
  const auto s_half = hn::Add(af, hn::Set(df, 0.5f));
  const auto d_sub = hn::Abs(hn::Sub(af, hn::Sub(s_half, hn::Set(df, 0.5f))));
  const auto near_sub = hn::RebindMask(di, hn::Gt(d_sub, sub_threshold));
  return hn::AndNot(is_nan, hn::Or(hn::And(is_normal, near_normal),
                                   hn::AndNot(is_normal, near_sub)));
}

template <bool kF16, class DF>
HWY_INLINE hn::Vec<DF> WidenVec(DF df, const uint16_t* HWY_RESTRICT p) {
  if constexpr (kF16 && kNativeF16) {
    const hn::Rebind<hwy::float16_t, DF> dh;
    return hn::PromoteTo(
        df, hn::LoadU(dh, reinterpret_cast<const hwy::float16_t*>(p)));
  }
  const hn::RebindToUnsigned<DF> du;
  const hn::Rebind<uint16_t, DF> d16;
  const auto h = hn::PromoteTo(du, hn::LoadU(d16, p));
  if constexpr (kF16) {
    return WidenF16Bits(df, h);
  } else {
    return WidenBf16Bits(df, h);
  }
}

template <bool kF16, class DF>
HWY_INLINE hn::Vec<hn::RebindToSigned<DF>> NarrowVec(
    DF df, hn::Vec<DF> v, hn::Vec<hn::RebindToSigned<DF>> slack,
    hn::Vec<DF> sub_threshold, hn::Mask<hn::RebindToSigned<DF>>* near) {
  if constexpr (kF16) {
    return NarrowF16Bits(df, v, slack, sub_threshold, near);
  } else {
    (void)sub_threshold;
    return NarrowBf16Bits(df, v, slack, near);
  }
}

// Rounds v into out[0, Lanes) and sets *near (the lanes needing the exact
// path).
template <bool kF16, class DF>
HWY_INLINE void NarrowStore(DF df, hn::Vec<DF> v,
                            hn::Vec<hn::RebindToSigned<DF>> slack,
                            hn::Vec<DF> sub_threshold,
                            uint16_t* HWY_RESTRICT out,
                            hn::Mask<hn::RebindToSigned<DF>>* near) {
  if constexpr (kF16 && kNativeF16) {
    const hn::Rebind<hwy::float16_t, DF> dh;
    *near = F16Near(df, v, slack, sub_threshold);
    hn::StoreU(hn::DemoteTo(dh, v), dh, reinterpret_cast<hwy::float16_t*>(out));
  } else {
    const hn::Rebind<uint16_t, DF> d16;
    hn::StoreU(
        hn::DemoteTo(d16, NarrowVec<kF16>(df, v, slack, sub_threshold, near)),
        d16, out);
  }
}

}  // namespace half_detail

// out[i] = the float value of the 16-bit in[i], i < n. The last partial
// vector goes through a zero-padded stack copy (nothing outside [0, n) is
// read or written).
template <bool kF16>
HWY_NOINLINE void WidenHalfArray(const uint16_t* HWY_RESTRICT in,
                                 float* HWY_RESTRICT out, size_t n) {
  const hn::ScalableTag<float> df;
  const size_t N = hn::Lanes(df);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::StoreU(half_detail::WidenVec<kF16>(df, in + i), df, out + i);
  }
  if (i < n) {
    HWY_ALIGN uint16_t pad_in[HWY_MAX_BYTES / sizeof(float)] = {};
    HWY_ALIGN float pad_out[HWY_MAX_BYTES / sizeof(float)];
    memcpy(pad_in, in + i, (n - i) * sizeof(uint16_t));
    hn::Store(half_detail::WidenVec<kF16>(df, pad_in), df, pad_out);
    memcpy(out + i, pad_out, (n - i) * sizeof(float));
  }
}

// out[i] = in[i] rounded to the 16-bit type, i < n. The indices of the
// lanes within `slack` ULPs of a rounding midpoint go to near[0..count),
// ascending; returns count (rare: a vector's flags are looked at only when
// one is set).
template <bool kF16>
HWY_NOINLINE size_t NarrowHalfArray(const float* HWY_RESTRICT in,
                                    uint16_t* HWY_RESTRICT out,
                                    uint16_t* HWY_RESTRICT near, size_t n,
                                    int32_t slack) {
  const hn::ScalableTag<float> df;
  const hn::RebindToSigned<decltype(df)> di;
  const size_t N = hn::Lanes(df);
  // Integer vectors have no Le in Highway 1.0.3: |dist| < slack + 1.
  const auto vslack = hn::Set(di, slack + 1);
  const auto sub_threshold =
      hn::Set(df, 0x1p-25f - static_cast<float>(slack) * 0x1p-37f);
  HWY_ALIGN int32_t lanes[HWY_MAX_BYTES / sizeof(float)];
  size_t count = 0;
  const auto note = [&](const hn::Mask<decltype(di)>& m, size_t base,
                        size_t valid) {
    if (HWY_LIKELY(hn::AllFalse(di, m))) return;
    hn::Store(hn::VecFromMask(di, m), di, lanes);
    for (size_t j = 0; j < valid; ++j) {
      if (lanes[j] != 0) near[count++] = static_cast<uint16_t>(base + j);
    }
  };
  size_t i = 0;
  for (; i + N <= n; i += N) {
    hn::Mask<decltype(di)> m;
    half_detail::NarrowStore<kF16>(df, hn::LoadU(df, in + i), vslack,
                                   sub_threshold, out + i, &m);
    note(m, i, N);
  }
  if (i < n) {
    HWY_ALIGN float pad_in[HWY_MAX_BYTES / sizeof(float)] = {};
    HWY_ALIGN uint16_t pad_out[HWY_MAX_BYTES / sizeof(float)];
    memcpy(pad_in, in + i, (n - i) * sizeof(float));
    hn::Mask<decltype(di)> m;
    half_detail::NarrowStore<kF16>(df, hn::Load(df, pad_in), vslack,
                                   sub_threshold, pad_out, &m);
    memcpy(out + i, pad_out, (n - i) * sizeof(uint16_t));
    note(m, i, n - i);
  }
  return count;
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_HALF_INL_H_
