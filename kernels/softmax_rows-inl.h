// Softmax and log-softmax rows, compiled once per Highway target (dispatched
// from softmax.cc): the three-pass row (max; exp and sum; normalise or log),
// two short rows interleaved on AVX-512, and the scalar double fallback for
// rows whose max is not finite.
//
// Per-row scalar work (1 / S, log S) is done in IEEE double with +, -, *, /
// only (softmax_scalar.h, no libm), just as reproducible as the vector
// passes, and its error is negligible. Rows whose max is not finite (NaN,
// +inf, all -inf, or scale * x overflowing) go to the scalar double fallback,
// which implements the limits (with libm's log for -log k, and libm's exp and
// log for the overflowing-product rows).
#if defined(ACTKERN_KERNELS_SOFTMAX_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_SOFTMAX_ROWS_INL_H_
#undef ACTKERN_KERNELS_SOFTMAX_ROWS_INL_H_
#else
#define ACTKERN_KERNELS_SOFTMAX_ROWS_INL_H_
#endif

#include <math.h>
#include <stddef.h>

#include <cmath>

#include "kernels/core/array-inl.h"
#include "kernels/core/reduce-inl.h"
#include "kernels/softmax_args.h"
#include "kernels/softmax_scalar.h"
#include "kernels/softmax_shared-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// y = e * (1 / S), e already in y. FMA targets: r = r_hi + r_lo and
// e r_hi + e r_lo rounds once. Targets without FMA multiply in double.
HWY_INLINE void NormalizeRow(float* y, size_t n, double inv_s) {
#if HWY_NATIVE_FMA
  const float r_hi = static_cast<float>(inv_s);
  const float r_lo = static_cast<float>(inv_s - r_hi);
  const auto scale = [r_hi, r_lo](auto d, auto e) {
    return hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo)));
  };
  ForEachElement(scale, n, y, y);
#else
  for (size_t i = 0; i < n; ++i) {
    y[i] = static_cast<float>(static_cast<double>(y[i]) * inv_s);
  }
#endif
}

// y = (z - m) - L for log-softmax; |y| >= max(z - m, L) so nothing cancels
// and the two roundings plus the dropped low parts stay within 1.5 ULP.
template <bool kScaled>
HWY_INLINE void LogSoftmaxWrite(const float* x, float* y, size_t n, float scale,
                                float m, float lse) {
  const auto log_p = [scale, m, lse](auto d, auto v) {
    if (kScaled) v = hn::Mul(v, hn::Set(d, scale));
    return hn::Sub(hn::Sub(v, hn::Set(d, m)), hn::Set(d, lse));
  };
  ForEachElement(log_p, n, y, x);
}

// A row whose max is not finite, in scalar double (softmax_scalar.h). In
// place allowed.
template <bool kScaled>
HWY_INLINE void SoftmaxRowFallback(const float* x, float* y, size_t n,
                                   float scale, bool log) {
  softmax_scalar::FallbackRow fb;
  fb.Init(x, n, kScaled ? scale : 1.0f);
  for (size_t i = 0; i < n; ++i) {
    const float xi = x[i];  // read before the write (in place)
    y[i] = static_cast<float>(log ? fb.LogP(xi, scale) : fb.P(xi, scale));
  }
}

// The accumulator of each algorithm: softmax stores e and sums it from 1;
// log-softmax counts the max elements and stores nothing. kApprox: the fast
// tier's exp (kFastExp); everything else is the same in both tiers.
template <bool kScaled, bool kLog, bool kApprox>
using SoftmaxAccumulator = ExpSumAccumulator<(kScaled ? kScaledLogits : 0u) |
                                             (kLog ? kCountMax : kStoreExp) |
                                             (kApprox ? kFastExp : 0u)>;

// One row: max pass; exp pass (storing e for softmax); scale or log pass.
template <bool kScaled, bool kApprox>
HWY_INLINE void SoftmaxRowThreePass(const float* x, float* y, size_t n,
                                    float scale, bool log) {
  const RowMinMax mm = RowMax<kScaled>(x, n, scale);
  const float m = mm.max;
  if (!std::isfinite(m))
    return SoftmaxRowFallback<kScaled>(x, y, n, scale, log);
  const bool fast = FastExpRow(mm.min, m);
  if (!log) {
    SoftmaxAccumulator<kScaled, false, kApprox> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, y, n, fast);
    const double s = acc.Sum();
    if (std::isnan(s)) {  // a NaN that Max did not report
      for (size_t i = 0; i < n; ++i) y[i] = NAN;
      return;
    }
    NormalizeRow(y, n, 1.0 / s);
  } else {
    SoftmaxAccumulator<kScaled, true, kApprox> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, nullptr, n, fast);
    double inv_s;
    const double lse = softmax_scalar::LogOfSum(acc.Count(), acc.Sum(), &inv_s);
    LogSoftmaxWrite<kScaled>(x, y, n, scale, m, static_cast<float>(lse));
  }
}

// Two short rows at once (AVX-512 only, where two rows' partials fit in the
// registers): each row's dependency chain (max -> exp and sum -> reduction
// -> 1 / S -> scale) is long compared with its work, so interleaving the exp
// passes of two rows hides it. Each row gets exactly the operations of
// SoftmaxRowThreePass, so the bits are the same.
template <bool kScaled, bool kLog, bool kApprox>
HWY_INLINE void SoftmaxRowPairThreePass(const float* x0, float* y0,
                                        const float* x1, float* y1, size_t n,
                                        float scale) {
  const RowMinMax a = RowMax<kScaled>(x0, n, scale);
  const RowMinMax b = RowMax<kScaled>(x1, n, scale);
  if (!std::isfinite(a.max) || !std::isfinite(b.max) ||
      !FastExpRow(a.min, a.max) || !FastExpRow(b.min, b.max)) {
    SoftmaxRowThreePass<kScaled, kApprox>(x0, y0, n, scale, kLog);
    SoftmaxRowThreePass<kScaled, kApprox>(x1, y1, n, scale, kLog);
    return;
  }
  SoftmaxAccumulator<kScaled, kLog, kApprox> acc0, acc1;
  acc0.Init(scale, a.max);
  acc1.Init(scale, b.max);
  size_t i = 0;
  for (; i + kNumPartials <= n; i += kNumPartials) {
    acc0.template Block<false, true>(x0 + i, nullptr, kLog ? nullptr : y0 + i,
                                     kNumPartials);
    acc1.template Block<false, true>(x1 + i, nullptr, kLog ? nullptr : y1 + i,
                                     kNumPartials);
  }
  if (i < n) {
    acc0.template Tail<true>(x0 + i, nullptr, kLog ? nullptr : y0 + i, n - i);
    acc1.template Tail<true>(x1 + i, nullptr, kLog ? nullptr : y1 + i, n - i);
  }
  const float* xs[2] = {x0, x1};
  float* ys[2] = {y0, y1};
  const float ms[2] = {a.max, b.max};
  for (int r = 0; r < 2; ++r) {
    const auto& acc = r == 0 ? acc0 : acc1;
    if (!kLog) {
      const double sum = acc.Sum();
      if (std::isnan(sum)) {
        for (size_t j = 0; j < n; ++j) ys[r][j] = NAN;
        continue;
      }
      NormalizeRow(ys[r], n, 1.0 / sum);
    } else {
      double inv_s;
      const double lse =
          softmax_scalar::LogOfSum(acc.Count(), acc.Sum(), &inv_s);
      LogSoftmaxWrite<kScaled>(xs[r], ys[r], n, scale, ms[r],
                               static_cast<float>(lse));
    }
  }
}

template <bool kApprox>
HWY_INLINE void SoftmaxRowsT(const SoftmaxArgs* a) {
  const bool scaled = a->scale != 1.0f;
  size_t r = 0;
  // Short rows in pairs where the registers allow it (see
  // SoftmaxRowPairThreePass).
  if (hn::MaxLanes(ReduceD()) >= 16 && a->cols <= 2048) {
    for (; r + 2 <= a->rows; r += 2) {
      const float* x0 = a->x + r * a->x_stride;
      float* y0 = a->y + r * a->y_stride;
      const float* x1 = x0 + a->x_stride;
      float* y1 = y0 + a->y_stride;
      const size_t n = a->cols;
      if (scaled) {
        if (a->log) {
          SoftmaxRowPairThreePass<true, true, kApprox>(x0, y0, x1, y1, n,
                                                       a->scale);
        } else {
          SoftmaxRowPairThreePass<true, false, kApprox>(x0, y0, x1, y1, n,
                                                        a->scale);
        }
      } else if (a->log) {
        SoftmaxRowPairThreePass<false, true, kApprox>(x0, y0, x1, y1, n,
                                                      a->scale);
      } else {
        SoftmaxRowPairThreePass<false, false, kApprox>(x0, y0, x1, y1, n,
                                                       a->scale);
      }
    }
  }
  for (; r < a->rows; ++r) {
    const float* x = a->x + r * a->x_stride;
    float* y = a->y + r * a->y_stride;
    if (scaled) {
      SoftmaxRowThreePass<true, kApprox>(x, y, a->cols, a->scale, a->log);
    } else {
      SoftmaxRowThreePass<false, kApprox>(x, y, a->cols, a->scale, a->log);
    }
  }
}

// Masked rows (actkern_softmax_masked_f32): each row's valid prefix through
// exactly the unmasked row's code (so its bits are those of the unmasked call
// on the prefix), the rest filled. Two rows of equal valid length pair up
// where the unmasked call would pair them.
template <bool kApprox>
HWY_INLINE void MaskedSoftmaxRowsT(const SoftmaxArgs* a) {
  const bool scaled = a->scale != 1.0f;
  const float fill = a->log ? -HUGE_VALF : 0.0f;
  const bool pairs = hn::MaxLanes(ReduceD()) >= 16;
  size_t r = 0;
  while (r < a->rows) {
    const float* x = a->x + r * a->x_stride;
    float* y = a->y + r * a->y_stride;
    const size_t n = a->ValidCols(r);
    size_t done = 1;
    if (n != 0 && pairs && n <= 2048 && r + 1 < a->rows &&
        a->ValidCols(r + 1) == n) {
      float* y1 = y + a->y_stride;
      const float* x1 = x + a->x_stride;
      if (scaled) {
        if (a->log) {
          SoftmaxRowPairThreePass<true, true, kApprox>(x, y, x1, y1, n,
                                                       a->scale);
        } else {
          SoftmaxRowPairThreePass<true, false, kApprox>(x, y, x1, y1, n,
                                                        a->scale);
        }
      } else if (a->log) {
        SoftmaxRowPairThreePass<false, true, kApprox>(x, y, x1, y1, n,
                                                      a->scale);
      } else {
        SoftmaxRowPairThreePass<false, false, kApprox>(x, y, x1, y1, n,
                                                       a->scale);
      }
      for (size_t c = n; c < a->cols; ++c) y1[c] = fill;
      done = 2;
    } else if (n != 0) {
      if (scaled) {
        SoftmaxRowThreePass<true, kApprox>(x, y, n, a->scale, a->log);
      } else {
        SoftmaxRowThreePass<false, kApprox>(x, y, n, a->scale, a->log);
      }
    }
    for (size_t c = n; c < a->cols; ++c) y[c] = fill;
    r += done;
  }
}

// a->fast: the fast tier (actkern_softmax_fast_f32 and the log form).
inline void SoftmaxRows(const SoftmaxArgs* a) {
  if (a->Masked()) {
    if (a->fast) return MaskedSoftmaxRowsT<true>(a);
    return MaskedSoftmaxRowsT<false>(a);
  }
  if (a->fast) return SoftmaxRowsT<true>(a);
  SoftmaxRowsT<false>(a);
}

// logsumexp of one row: log-softmax's max and sum passes (the precise
// tier's exp), finished in double (softmax_scalar.h).
template <bool kScaled>
HWY_INLINE float LogSumExpRow(const float* x, size_t n, float scale) {
  const RowMinMax mm = RowMax<kScaled>(x, n, scale);
  const float m = mm.max;
  if (!std::isfinite(m)) {
    return softmax_scalar::LogSumExpFallback(x, n, kScaled ? scale : 1.0f);
  }
  SoftmaxAccumulator<kScaled, true, false> acc;
  acc.Init(scale, m);
  acc.Row(x, nullptr, nullptr, n, FastExpRow(mm.min, m));
  return softmax_scalar::FinishLogSumExp(m, acc.Count(), acc.Sum(), x, n, scale,
                                         kScaled);
}

inline void LogSumExpRows(const LogSumExpArgs* a) {
  for (size_t r = 0; r < a->rows; ++r) {
    const float* x = a->x + r * a->x_stride;
    a->out[r] = a->scale != 1.0f ? LogSumExpRow<true>(x, a->cols, a->scale)
                                 : LogSumExpRow<false>(x, a->cols, a->scale);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_SOFTMAX_ROWS_INL_H_ per-target guard
