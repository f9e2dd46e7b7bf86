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

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
