// actkern softmax family: the column-block passes of a single long row,
// compiled once per Highway target (see softmax.cc). softmax_par and
// log_softmax_par split rows of ACTKERN_PAR_LONG_ROW_COLS columns or more
// into blocks whose boundaries depend on the row length only; each pass runs
// over the blocks independently and softmax.cc combines the per-block
// results in block order on the calling thread:
//  1. max and min of z over the block (exact, so the row max is exactly the
//     single-pass one);
//  2. the exp-and-sum pass of the three-pass algorithm with the row max,
//     giving the block's compensated sum (and, for log-softmax, the count of
//     z == max); the block sums are added in double in block order;
//  3. the normalise (softmax) or log write (log-softmax) pass.
// The same per-element operations as SoftmaxRowThreePass; only the sum is
// grouped differently (per block, then across blocks), so the bits may differ
// from the plain call in the last place, never with the thread count.

// Per-target include guard (see softmax_rows-inl.h).
#if defined(ACTKERN_KERNELS_SOFTMAX_BLOCKS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_SOFTMAX_BLOCKS_INL_H_
#undef ACTKERN_KERNELS_SOFTMAX_BLOCKS_INL_H_
#else
#define ACTKERN_KERNELS_SOFTMAX_BLOCKS_INL_H_
#endif

#include <stddef.h>

#include <cmath>

#include "kernels/core/f64-inl.h"
#include "kernels/softmax_rows-inl.h"
#include "kernels/softmax_scalar.h"
#include "kernels/softmax_shared-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// Pass 1 over x[0, len): the max and min of z = fl(scale * x).
inline void LongRowBlockMax(const float* x, size_t len, float scale, float* max,
                            float* min) {
  const RowMinMax mm = scale != 1.0f ? RowMax<true>(x, len, scale)
                                     : RowMax<false>(x, len, scale);
  *max = mm.max;
  *min = mm.min;
}

template <bool kScaled, bool kApprox>
HWY_INLINE void LongRowBlockSumT(const float* x, float* y, size_t len,
                                 float scale, float m, bool fast, bool log,
                                 double* sum, double* count) {
  if (!log) {
    SoftmaxAccumulator<kScaled, false, kApprox> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, y, len, fast);
    *sum = acc.Sum();
    *count = 0.0;
  } else {
    SoftmaxAccumulator<kScaled, true, kApprox> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, nullptr, len, fast);
    *sum = acc.Sum();
    *count = acc.Count();
  }
}

// Pass 2 with the row max m (finite): softmax stores e = e^(z - m) into y
// and returns the block's sum of e; log-softmax writes nothing and returns
// the sum of the terms with z != m (as ExpSumAccumulator with kCountMax) and
// the count of z == m. fast: FastExpRow of the block's min. approx: the
// fast tier's exp (kFastExp).
inline void LongRowBlockSum(const float* x, float* y, size_t len, float scale,
                            float m, float block_min, bool log, bool approx,
                            double* sum, double* count) {
  const bool fast = FastExpRow(block_min, m);
  if (approx) {
    if (scale != 1.0f) {
      LongRowBlockSumT<true, true>(x, y, len, scale, m, fast, log, sum, count);
    } else {
      LongRowBlockSumT<false, true>(x, y, len, scale, m, fast, log, sum, count);
    }
  } else if (scale != 1.0f) {
    LongRowBlockSumT<true, false>(x, y, len, scale, m, fast, log, sum, count);
  } else {
    LongRowBlockSumT<false, false>(x, y, len, scale, m, fast, log, sum, count);
  }
}

// Pass 3, from the row's combined count and sum: y = e / S (softmax, e
// already in y) or y = (z - m) - log S (log-softmax).
inline void LongRowBlockWrite(const float* x, float* y, size_t len, float scale,
                              float m, double count, double sum, bool log) {
  if (!log) return NormalizeRow(y, len, 1.0 / sum);
  double inv_s;
  const float lse =
      static_cast<float>(softmax_scalar::LogOfSum(count, sum, &inv_s));
  if (scale != 1.0f) {
    LogSoftmaxWrite<true>(x, y, len, scale, m, lse);
  } else {
    LogSoftmaxWrite<false>(x, y, len, scale, m, lse);
  }
}

// A row whose max is not finite (NaN, +inf, all -inf, or an overflowing
// product): the scalar fallback of the plain call, on the whole row.
inline void LongRowFallback(const float* x, float* y, size_t n, float scale,
                            bool log) {
  if (scale != 1.0f) {
    SoftmaxRowFallback<true>(x, y, n, scale, log);
  } else {
    SoftmaxRowFallback<false>(x, y, n, scale, log);
  }
}

// The elementwise pass of the 16-bit backward rows (softmax_half.cc), from
// y and dy widened exactly to float and the row's sum s: in double, r = y (dy
// - s) (softmax) or dy - e^y s (log-softmax, ExpF64), stored to r[], and r
// rounded to float to odd into out[]: the low 29 mantissa bits cleared and a
// sticky bit set in the float's last place when any was set, which a float
// holds exactly wherever the float is normal, so that NarrowHalf's nearest
// even rounding of out is the correct rounding of r. NaN: the quiet NaN with
// r's sign. Runs over len rounded up to whole vectors (the caller pads y and
// dy, and r and out have room). Returns true if some out is a nonzero float
// below FLT_MIN, where the float cannot hold the truncation: the caller
// rounds those lanes from r itself. IEEE double operations only (no
// MulAdd): the same bits on every target.
inline bool HalfBackwardBlock(const float* y, const float* dy, size_t len,
                              double s, bool log, double* r, float* out) {
  const hn::ScalableTag<double> dd;
  const hn::Rebind<float, decltype(dd)> df;
  const hn::RebindToUnsigned<decltype(dd)> du;
  const hn::RebindToUnsigned<decltype(df)> du32;
  const size_t n = hn::Lanes(dd);
  const auto vs = hn::Set(dd, s);
  const auto low = hn::Set(du, (uint64_t{1} << 29) - 1);
  const auto last = hn::Set(du, uint64_t{1} << 29);
  const auto sign = hn::Set(du32, 0x80000000u);
  const auto quiet = hn::Set(du32, 0x7FC00000u);
  const auto min_normal = hn::Set(df, 0x1p-126f);
  auto tiny = hn::Zero(du32);
  for (size_t j = 0; j < len; j += n) {
    const auto yv = hn::PromoteTo(dd, hn::LoadU(df, y + j));
    const auto dv = hn::PromoteTo(dd, hn::LoadU(df, dy + j));
    const auto rv = log ? hn::Sub(dv, hn::Mul(ExpF64(dd, yv), vs))
                        : hn::Mul(yv, hn::Sub(dv, vs));
    hn::StoreU(rv, dd, r + j);
    const auto bits = hn::BitCast(du, rv);
    const auto sticky = hn::Ne(hn::And(bits, low), hn::Zero(du));
    const auto odd =
        hn::Or(hn::AndNot(low, bits), hn::IfThenElseZero(sticky, last));
    const auto f = DemoteF64(df, hn::BitCast(dd, odd));
    const auto fb = hn::BitCast(du32, f);
    const auto canonical = hn::Or(hn::And(fb, sign), quiet);
    const auto out_bits =
        hn::IfThenElse(hn::RebindMask(du32, hn::IsNaN(f)), canonical, fb);
    hn::StoreU(hn::BitCast(df, out_bits), df, out + j);
    const auto a = hn::Abs(f);
    tiny = hn::Or(
        tiny, hn::VecFromMask(
                  du32, hn::RebindMask(du32, hn::And(hn::Gt(a, hn::Zero(df)),
                                                     hn::Lt(a, min_normal)))));
  }
  return !hn::AllFalse(du32, hn::Ne(tiny, hn::Zero(du32)));
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
