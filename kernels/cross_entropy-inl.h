// Fused softmax cross-entropy rows, hard and soft labels, with label
// smoothing, compiled once per Highway target (dispatched from softmax.cc).
// Per row: the max pass, one exp-and-sum pass (which also writes e into the
// gradient row), the loss in double, and a gradient pass. Rows whose max is
// not finite take the scalar double fallback (softmax_scalar.h).
//
// Every sum goes through the fixed-order 32-partial reduction
// (core/reduce-inl.h): the same bits on every FMA target.
#if defined(ACTKERN_KERNELS_CROSS_ENTROPY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CROSS_ENTROPY_INL_H_
#undef ACTKERN_KERNELS_CROSS_ENTROPY_INL_H_
#else
#define ACTKERN_KERNELS_CROSS_ENTROPY_INL_H_
#endif

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmath>

#include "kernels/core/array-inl.h"
#include "kernels/core/reduce-inl.h"
#include "kernels/softmax_args.h"
#include "kernels/softmax_scalar.h"
#include "kernels/softmax_shared-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// One row of fused cross-entropy. Returns the row loss (double); writes the
// gradient row (times gscale) when g != nullptr.
template <bool kSmooth, bool kSoft, bool kGrad, bool kApprox>
HWY_INLINE double CrossEntropyRow(const float* z, const float* t, int32_t label,
                                  float* g, size_t n, float eps,
                                  double gscale) {
  const RowMinMax mm = RowMax<false>(z, n, 1.0f);
  const float m = mm.max;
  const double q0 = static_cast<double>(eps) / static_cast<double>(n);
  if (!std::isfinite(m)) {
    softmax_scalar::FallbackRow fb;
    fb.Init(z, n, 1.0f);
    // The target distribution q of element i.
    auto q_at = [&](size_t i) {
      return kSoft ? (1.0 - eps) * t[i] + q0
                   : (static_cast<int64_t>(i) == label ? 1.0 - eps : 0.0) + q0;
    };
    double sum_q = 0.0, loss = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double q = q_at(i);
      sum_q += q;
      if (q != 0.0) loss -= q * fb.LogP(z[i], 1.0f);
    }
    if (kGrad) {
      for (size_t i = 0; i < n; ++i) {
        const double q = q_at(i);
        g[i] = static_cast<float>((fb.P(z[i], 1.0f) * sum_q - q) * gscale);
      }
    }
    return loss;
  }
  const float z_label = kSoft ? 0.0f : z[label];  // before g overwrites z
  // Soft labels with smoothing also need sum (z - m), taken before g (which
  // may alias z) is written. An -inf logit makes it -inf (TwoSum would give
  // NaN).
  double sum_d = 0.0;
  if (kSoft && kSmooth) {
    // At 2^-64, as in ExpSumAccumulator: z - m and its sums can exceed
    // FLT_MAX. The tail is padded with z = m, whose term is exactly 0.
    const float ms = m * 0x1p-64f;
    sum_d = std::ldexp(FixedOrderSum(
                           z, z, n,
                           [ms](ReduceV u, ReduceV) {
                             const ReduceD d;
                             return hn::Sub(hn::Mul(u, hn::Set(d, 0x1p-64f)),
                                            hn::Set(d, ms));
                           },
                           m),
                       64);
    if (std::isnan(sum_d)) sum_d = -HUGE_VAL;  // NaN logits: w is NaN below
  }
  ExpSumAccumulator<(kGrad ? kStoreExp : 0u) | kCountMax |
                    (kSmooth ? kSumDiff : 0u) | (kSoft ? kSoftTargets : 0u) |
                    (kApprox ? kFastExp : 0u)>
      acc;
  acc.Init(1.0f, m);
  acc.Row(z, t, g, n, FastExpRow(mm.min, m));
  const double count = acc.Count();
  const double w = acc.Sum();
  double inv_s;
  const double lse = softmax_scalar::LogOfSum(count, w, &inv_s);
  double loss, sum_q;
  if (kSoft) {
    // sum q (L - d) = L sum q - sum q d, q = (1 - eps) t + eps / n.
    sum_q = (1.0 - eps) * acc.SumT() + eps;
    double sum_qd = (1.0 - eps) * acc.SumD();  // SumD holds sum t d here
    if (kSmooth) sum_qd += q0 * sum_d;
    loss = lse * sum_q - sum_qd;
  } else {
    sum_q = 1.0;
    const double d_label =
        static_cast<double>(z_label) - static_cast<double>(m);
    loss = lse - (1.0 - eps) * d_label;
    if (kSmooth) loss -= q0 * acc.SumD();
  }
  if (std::isnan(w)) loss = NAN;
  if (kGrad) {
    if (std::isnan(w)) {
      for (size_t i = 0; i < n; ++i) g[i] = NAN;
      return loss;
    }
    // g = e * (sum_q gscale / S) - q gscale, with q = (1 - eps) t + q0.
    const double rs = sum_q * gscale * inv_s;
    const float r_hi = static_cast<float>(rs);
    const float r_lo = static_cast<float>(rs - r_hi);
    const float qc = static_cast<float>(q0 * gscale);
    const float tc = static_cast<float>((1.0 - eps) * gscale);
    if (kSoft) {
      const auto p_minus_q = [=](auto d, auto e, auto tv) {
        const auto q = hn::MulAdd(tv, hn::Set(d, tc), hn::Set(d, qc));
        return hn::Sub(
            hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo))), q);
      };
      ForEachElement(p_minus_q, n, g, g, t);
    } else {
      const double e_label = g[label];
      const auto p_minus_q = [=](auto d, auto e) {
        return hn::Sub(
            hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo))),
            hn::Set(d, qc));
      };
      ForEachElement(p_minus_q, n, g, g);
      // p_l - 1 without cancellation: for the max element S - e_l = count - 1
      // + w exactly; otherwise p_l <= 1/2.
      const double p_minus_1 =
          (z_label == m) ? -((count - 1.0) + w) * inv_s : e_label * inv_s - 1.0;
      g[label] = static_cast<float>((p_minus_1 + eps - q0) * gscale);
    }
  }
  return loss;
}

template <bool kSmooth, bool kSoft, bool kGrad, bool kApprox>
HWY_INLINE void CrossEntropyRowsT(const CrossEntropyArgs* a, double* total) {
  for (size_t r = 0; r < a->rows; ++r) {
    const float* z = a->z + r * a->z_stride;
    const float* t = kSoft ? a->t + r * a->t_stride : nullptr;
    float* g = kGrad ? a->grad + r * a->g_stride : nullptr;
    int32_t label = 0;
    if (!kSoft) {
      label = a->labels[r];
      if (label == a->ignore_index) {
        if (kGrad) memset(g, 0, a->cols * sizeof(float));
        if (a->reduction == 0) a->loss[r] = 0.0f;
        continue;
      }
    }
    const double loss = CrossEntropyRow<kSmooth, kSoft, kGrad, kApprox>(
        z, t, label, g, a->cols, a->eps, a->gscale);
    if (a->reduction == 0) {
      a->loss[r] = static_cast<float>(loss);
    } else {
      *total += loss;
    }
  }
}

template <bool kSoft, bool kApprox>
HWY_INLINE void CrossEntropyRowsFor(const CrossEntropyArgs* a, double* total) {
  const bool smooth = a->eps != 0.0f;
  const bool grad = a->grad != nullptr;
  if (smooth) {
    if (grad) return CrossEntropyRowsT<true, kSoft, true, kApprox>(a, total);
    return CrossEntropyRowsT<true, kSoft, false, kApprox>(a, total);
  }
  if (grad) return CrossEntropyRowsT<false, kSoft, true, kApprox>(a, total);
  return CrossEntropyRowsT<false, kSoft, false, kApprox>(a, total);
}

// Returns the sum of the row losses (unused for reduction none).
inline double CrossEntropyRows(const CrossEntropyArgs* a) {
  double total = 0.0;
  const bool soft = a->t != nullptr;
  if (a->fast) {
    if (soft) {
      CrossEntropyRowsFor<true, true>(a, &total);
    } else {
      CrossEntropyRowsFor<false, true>(a, &total);
    }
  } else if (soft) {
    CrossEntropyRowsFor<true, false>(a, &total);
  } else {
    CrossEntropyRowsFor<false, false>(a, &total);
  }
  return total;
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CROSS_ENTROPY_INL_H_ per-target guard
