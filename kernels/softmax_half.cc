// actkern softmax family, 16-bit forms: softmax and log-softmax rows of bf16
// or f16 logits into bf16 or f16 outputs (actkern/softmax.h, "16-bit types").
//
// No kernel is compiled again for the 16-bit types. A row goes through the
// float code's column-block passes (softmax_blocks-inl.h, the ones that
// split long rows for the _par calls) over blocks of kHalfBlock elements
// widened exactly into a stack buffer: max; exp and sum, the block sums
// added in double in block order; then per block the write pass (softmax:
// the exp pass again to have e, then e / S) and one rounding to the 16-bit
// type. The exp is the fast tier's: its float outputs are within 4 float ULP
// of the reference, 2^-13 of a binary16 ULP (2^-16 of a bfloat16 one) per
// float ULP, so the 16-bit outputs are within 0.5 + 4 * 2^-13 < 0.51 ULP.
// Block boundaries depend on the row length only and every pass gives the
// same bits on every FMA target, so the 16-bit rows are reproducible as the
// float ones are. Rows whose max is not finite (NaN, +inf, all -inf, or an
// overflowing scale * x) take the float fallback's double arithmetic element
// by element, rounded once.
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmath>

#include "actkern/half.h"
#include "actkern/softmax.h"
#include "kernels/half.h"
#include "kernels/internal.h"
#include "kernels/softmax_args.h"
#include "kernels/softmax_half.h"
#include "kernels/softmax_scalar.h"

namespace actkern {
namespace {

using internal::HalfType;
using internal::kHalfBlock;

float Widen1(HalfType t, uint16_t h) {
  return t == HalfType::kBf16 ? actkern_bf16_to_f32(h) : actkern_f16_to_f32(h);
}

struct HalfRows {
  HalfType t;
  const uint16_t* x;
  size_t x_stride;
  uint16_t* y;
  size_t y_stride;
  size_t cols;
  float scale;
  bool log;
};

// The limits of a row the block passes do not take, in double, rounded once.
void FallbackRow(const HalfRows& a, const uint16_t* x, uint16_t* y) {
  softmax_scalar::FallbackRow fb;
  fb.InitWith([&](size_t i) { return Widen1(a.t, x[i]); }, a.cols, a.scale);
  for (size_t i = 0; i < a.cols; ++i) {
    const float xi = Widen1(a.t, x[i]);  // read before the write (in place)
    y[i] = internal::RoundHalf(
        a.t, a.log ? fb.LogP(xi, a.scale) : fb.P(xi, a.scale));
  }
}

// The max pass over a row's widened blocks (buf: kHalfBlock floats): the
// max and min of scale * x. False when the block passes cannot take the row
// (a NaN, +inf, or all -inf): the caller's double fallback.
bool RowMaxMin(HalfType t, const internal::SoftmaxBlockPasses& p,
               const uint16_t* x, size_t n, float scale, float* buf, float* max,
               float* min) {
  float m = -HUGE_VALF, row_min = HUGE_VALF;
  bool finite = true;
  for (size_t i = 0; i < n; i += kHalfBlock) {
    const size_t len = n - i < kHalfBlock ? n - i : kHalfBlock;
    internal::WidenHalf(t, x + i, buf, len);
    float bm, bmin;
    p.max(buf, len, scale, &bm, &bmin);
    if (std::isnan(bm) || bm == HUGE_VALF) finite = false;
    if (bm > m) m = bm;
    if (bmin < row_min) row_min = bmin;
  }
  *max = m;
  *min = row_min;
  return finite && m != -HUGE_VALF;
}

void Row(const HalfRows& a, const internal::SoftmaxBlockPasses& p,
         const uint16_t* x, uint16_t* y) {
  alignas(64) float in[kHalfBlock];
  alignas(64) float out[kHalfBlock];
  uint16_t near[kHalfBlock];
  const size_t n = a.cols;
  auto len = [n](size_t i) { return n - i < kHalfBlock ? n - i : kHalfBlock; };
  float m, row_min;
  if (!RowMaxMin(a.t, p, x, n, a.scale, in, &m, &row_min)) {
    return FallbackRow(a, x, y);
  }
  // A row of one block stays in the buffers between the passes: `in` holds
  // it widened after the max pass, `out` its e after the sum pass, the same
  // values the passes would compute again.
  const bool one_block = n <= kHalfBlock;
  // The row's min decides the exp's fast path for every block (a block's own
  // min may only allow more): a function of the row alone.
  double sum = 0.0, count = 0.0;
  for (size_t i = 0; i < n; i += kHalfBlock) {
    if (!one_block) internal::WidenHalf(a.t, x + i, in, len(i));
    double s, c;
    p.sum(in, out, len(i), a.scale, m, row_min, a.log, true, &s, &c);
    sum += s;
    count += c;
  }
  if (!a.log && std::isnan(sum)) {  // a NaN that the max did not report
    for (size_t i = 0; i < n; ++i) y[i] = internal::HalfQuietNaN(a.t);
    return;
  }
  for (size_t i = 0; i < n; i += kHalfBlock) {
    if (!one_block) {
      internal::WidenHalf(a.t, x + i, in, len(i));
      if (!a.log) {
        double s, c;
        p.sum(in, out, len(i), a.scale, m, row_min, false, true, &s, &c);
      }
    }
    p.write(in, out, len(i), a.scale, m, count, sum, a.log);
    internal::NarrowHalf(a.t, out, y + i, near, len(i), 0);
  }
}

actkern_status HalfSoftmax(const actkern_exec* exec, HalfType t,
                           const uint16_t* x, size_t x_stride, uint16_t* y,
                           size_t y_stride, size_t rows, size_t cols,
                           float scale, bool log) {
  using internal::Input;
  using internal::Output;
  const internal::Operand ops[] = {
      Input(x, x_stride, rows, cols, internal::kAliasGroup, 2),
      Output(y, y_stride, rows, cols, internal::kAliasGroup, 2)};
  const bool scale_ok = std::isfinite(scale) && scale != 0.0f;
  return internal::Enter(
      scale_ok, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const HalfRows a{t, x, x_stride, y, y_stride, cols, scale, log};
        const internal::SoftmaxBlockPasses p =
            internal::DispatchedSoftmaxBlockPasses();
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              for (size_t r = first; r < first + count; ++r) {
                Row(a, p, x + r * x_stride, y + r * y_stride);
              }
            });
        return ACTKERN_OK;
      });
}

// One row of hard-label cross-entropy over 16-bit logits (label valid, not
// ignored): the max and exp-and-sum block passes as in Row, the loss in
// double as the float kernel forms it (lse - (1 - eps)(z_l - m) - q0 sum(z -
// m), q0 = eps / n), and the gradient e * (gscale / S) - q0 gscale per block
// in double, rounded to float and then to the type by NarrowHalf; the label
// element, where p - 1 cancels, from S - e_l in double (for the max element S -
// e_l = count - 1 + w exactly, otherwise p_l <= 1/2) and rounded once from
// double. g may alias z exactly: a block of g is written after that block of z
// was read, and z_l is read first. Returns the row loss.
double CrossEntropyRow(HalfType t, const internal::SoftmaxBlockPasses& p,
                       const uint16_t* z, int32_t label, uint16_t* g, size_t n,
                       float eps, double gscale) {
  alignas(64) float in[kHalfBlock];
  alignas(64) float out[kHalfBlock];
  uint16_t near[kHalfBlock];
  auto len = [n](size_t i) { return n - i < kHalfBlock ? n - i : kHalfBlock; };
  const double q0 = static_cast<double>(eps) / static_cast<double>(n);
  const auto lbl = static_cast<size_t>(label);
  const float z_label = Widen1(t, z[lbl]);
  float m, row_min;
  if (!RowMaxMin(t, p, z, n, 1.0f, in, &m, &row_min)) {
    // NaN, +inf or all -inf logits: the float fallback's double arithmetic.
    softmax_scalar::FallbackRow fb;
    fb.InitWith([&](size_t i) { return Widen1(t, z[i]); }, n, 1.0f);
    auto q_at = [&](size_t i) { return (i == lbl ? 1.0 - eps : 0.0) + q0; };
    double loss = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double q = q_at(i);
      if (q != 0.0) loss -= q * fb.LogP(Widen1(t, z[i]), 1.0f);
    }
    if (g != nullptr) {
      for (size_t i = 0; i < n; ++i) {
        const double pi = fb.P(Widen1(t, z[i]), 1.0f);
        g[i] = internal::RoundHalf(t, (pi - q_at(i)) * gscale);
      }
    }
    return loss;
  }
  const bool one_block = n <= kHalfBlock;  // `in` holds the row (see Row)
  double w = 0.0, count = 0.0, sum_d = 0.0;
  float e_label = 0.0f;
  for (size_t i = 0; i < n; i += kHalfBlock) {
    if (!one_block) internal::WidenHalf(t, z + i, in, len(i));
    double s, c;
    // The log-softmax form of the pass: the terms with z != m and the count
    // of z == m, so that S - 1 (log1p's argument) does not cancel.
    p.sum(in, out, len(i), 1.0f, m, row_min, true, true, &s, &c);
    w += s;
    count += c;
    if (eps != 0.0f) {
      // In column order in double: an -inf logit makes it -inf, the loss
      // +inf, as in the float kernel.
      for (size_t j = 0; j < len(i); ++j) {
        sum_d += static_cast<double>(in[j]) - static_cast<double>(m);
      }
    }
  }
  double inv_s;
  const double lse = softmax_scalar::LogOfSum(count, w, &inv_s);
  double loss = lse - (1.0 - eps) * (static_cast<double>(z_label) -
                                     static_cast<double>(m));
  if (eps != 0.0f) loss -= q0 * sum_d;
  if (std::isnan(w)) loss = NAN;  // a NaN that the max did not report
  if (g == nullptr) return loss;
  if (std::isnan(w)) {
    for (size_t i = 0; i < n; ++i) g[i] = internal::HalfQuietNaN(t);
    return loss;
  }
  const double rs = gscale * inv_s;
  const double qc = q0 * gscale;
  for (size_t i = 0; i < n; i += kHalfBlock) {
    if (!one_block) internal::WidenHalf(t, z + i, in, len(i));
    double s, c;
    p.sum(in, out, len(i), 1.0f, m, row_min, false, true, &s, &c);  // e
    if (lbl >= i && lbl < i + len(i)) e_label = out[lbl - i];
    // In double, then to float (0.5 float ULP, 2^-13 of a binary16 ULP)
    // and once to the type: plain IEEE operations, the same on every target.
    for (size_t j = 0; j < len(i); ++j) {
      out[j] = static_cast<float>(static_cast<double>(out[j]) * rs - qc);
    }
    internal::NarrowHalf(t, out, g + i, near, len(i), 0);
  }
  const double p_minus_1 =
      (z_label == m) ? -((count - 1.0) + w) * inv_s : e_label * inv_s - 1.0;
  g[lbl] = internal::RoundHalf(t, (p_minus_1 + eps - q0) * gscale);
  return loss;
}

actkern_status HalfCrossEntropy(const actkern_exec* exec, HalfType t,
                                const uint16_t* z, size_t z_stride,
                                const int32_t* labels, float* loss,
                                uint16_t* grad, size_t g_stride, size_t rows,
                                size_t cols, int32_t ignore_index, float eps,
                                int reduction) {
  using internal::Input;
  using internal::kNoAlias;
  using internal::Output;
  const size_t n_loss = reduction == ACTKERN_REDUCTION_NONE ? rows : 1;
  // As the float form: grad may alias the logits exactly; loss and labels
  // overlap nothing that is written.
  internal::Operand ops[4] = {
      Input(z, z_stride, rows, cols, internal::kAliasGroup, 2),
      Output(loss, n_loss, 1, n_loss, kNoAlias),
      Input(labels, rows, 1, rows, kNoAlias)};
  size_t n_ops = 3;
  if (grad != nullptr) {
    ops[n_ops++] = Output(grad, g_stride, rows, cols, internal::kAliasGroup, 2);
  }
  return internal::Enter(
      ValidSmoothing(eps) && ValidReduction(reduction), rows == 0 || cols == 0,
      ops, n_ops, [&]() -> actkern_status {
        size_t n_valid;
        if (!LabelsInRange(labels, rows, cols, ignore_index, &n_valid)) {
          return ACTKERN_ERROR_LABEL_OUT_OF_RANGE;
        }
        const double gscale = GradientScale(reduction, n_valid);
        const internal::SoftmaxBlockPasses p =
            internal::DispatchedSoftmaxBlockPasses();
        // Row-range sums added in range order: the same bits for every pool
        // (as the float form).
        const internal::RowChunking rc = internal::RowChunksOf(rows, cols);
        double range_sums[internal::kMaxRowChunks];
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              double total = 0.0;
              for (size_t r = first; r < first + count; ++r) {
                uint16_t* g = grad != nullptr ? grad + r * g_stride : nullptr;
                double l = 0.0;
                if (labels[r] == ignore_index) {
                  if (g != nullptr) {
                    for (size_t c = 0; c < cols; ++c) g[c] = 0;
                  }
                } else {
                  l = CrossEntropyRow(t, p, z + r * z_stride, labels[r], g,
                                      cols, eps, gscale);
                }
                if (reduction == ACTKERN_REDUCTION_NONE) {
                  loss[r] = static_cast<float>(l);
                } else {
                  total += l;
                }
              }
              range_sums[first / rc.per_chunk] = total;
            });
        if (reduction != ACTKERN_REDUCTION_NONE) {
          double total = 0.0;
          for (size_t c = 0; c < rc.count; ++c) total += range_sums[c];
          loss[0] =
              static_cast<float>(reduction == ACTKERN_REDUCTION_MEAN
                                     ? total / static_cast<double>(n_valid)
                                     : total);
        }
        return ACTKERN_OK;
      });
}

// The backward passes of a row, in double: softmax dx = y (dy - sum y dy),
// log-softmax dx = dy - e^y sum dy, each dx rounded once. The 16-bit inputs
// are widened per block by the vector conversion (exactly); a product of two
// of them is exact in double. The sum goes to kPartials partials, column c
// into partial c mod kPartials in increasing c, merged by a fixed tree: a
// fixed order, so that the additions do not wait on each other, in plain
// scalar double code (no contraction, -ffp-contract=off) compiled once. Then
// per block the dispatched HalfBackwardBlock forms dx in double (e^y by
// ExpF64) and rounds it to float to odd, and NarrowHalf rounds that to the
// type: together one correct rounding of the double dx (the rare dx below
// FLT_MIN, where a float cannot carry the sticky bit, is rounded from the
// double by RoundHalf). IEEE double operations throughout, so the same bits
// on every target; the only roundings that matter are the final ones, so dx
// is within about 0.5 ULP of the type (bound: 1).
constexpr size_t kPartials = 8;
static_assert(kHalfBlock % kPartials == 0, "blocks keep the partial order");
// Double lanes of the widest vector (SVE at 2048 bits): the elementwise pass
// runs over whole vectors, so the buffers are padded to this many.
constexpr size_t kMaxDoubleLanes = 32;
static_assert(kHalfBlock % kMaxDoubleLanes == 0, "whole vectors per block");

void BackwardRow(HalfType t, bool log, const internal::SoftmaxBlockPasses& p,
                 const uint16_t* y, const uint16_t* dy, uint16_t* dx,
                 size_t n) {
  alignas(64) float yb[kHalfBlock];
  alignas(64) float db[kHalfBlock];
  alignas(64) float out[kHalfBlock];
  alignas(64) double r[kHalfBlock];
  uint16_t near[kHalfBlock];
  auto len = [n](size_t i) { return n - i < kHalfBlock ? n - i : kHalfBlock; };
  double part[kPartials] = {};
  for (size_t i = 0; i < n; i += kHalfBlock) {
    const size_t m = len(i);
    internal::WidenHalf(t, dy + i, db, m);
    if (!log) internal::WidenHalf(t, y + i, yb, m);
    // The term of column j: dy, or y dy (exact in double; in float a bf16
    // product may underflow or overflow).
    auto term = [&](size_t j) {
      return log ? static_cast<double>(db[j])
                 : static_cast<double>(yb[j]) * static_cast<double>(db[j]);
    };
    size_t j = 0;
    for (; j + kPartials <= m; j += kPartials) {  // constant indices: registers
      for (size_t k = 0; k < kPartials; ++k) part[k] += term(j + k);
    }
    for (; j < m; ++j) part[j % kPartials] += term(j);
  }
  const double s = ((part[0] + part[4]) + (part[2] + part[6])) +
                   ((part[1] + part[5]) + (part[3] + part[7]));
  const bool one_block = n <= kHalfBlock;  // yb and db hold the row
  for (size_t i = 0; i < n; i += kHalfBlock) {
    const size_t m = len(i);
    if (log || !one_block) internal::WidenHalf(t, y + i, yb, m);
    if (!one_block) internal::WidenHalf(t, dy + i, db, m);
    const size_t padded = (m + kMaxDoubleLanes - 1) / kMaxDoubleLanes *
                          kMaxDoubleLanes;  // <= kHalfBlock
    for (size_t j = m; j < padded; ++j) yb[j] = db[j] = 0.0f;
    const bool tiny = p.backward(yb, db, m, s, log, r, out);
    internal::NarrowHalf(t, out, dx + i, near, m, 0);
    if (tiny) {
      for (size_t j = 0; j < m; ++j) {
        const float a = std::fabs(out[j]);
        if (a > 0.0f && a < 0x1p-126f) dx[i + j] = internal::RoundHalf(t, r[j]);
      }
    }
  }
}

actkern_status HalfBackward(const actkern_exec* exec, HalfType t,
                            const uint16_t* y, size_t ys, const uint16_t* dy,
                            size_t dys, uint16_t* dx, size_t dxs, size_t rows,
                            size_t cols, bool log) {
  using internal::Input;
  using internal::Output;
  // dx may alias y or dy exactly.
  const internal::Operand ops[] = {
      Input(y, ys, rows, cols, internal::kAliasGroup, 2),
      Input(dy, dys, rows, cols, internal::kAliasGroup, 2),
      Output(dx, dxs, rows, cols, internal::kAliasGroup, 2)};
  return internal::Enter(
      true, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const internal::SoftmaxBlockPasses p =
            internal::DispatchedSoftmaxBlockPasses();
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              for (size_t r = first; r < first + count; ++r) {
                BackwardRow(t, log, p, y + r * ys, dy + r * dys, dx + r * dxs,
                            cols);
              }
            });
        return ACTKERN_OK;
      });
}

}  // namespace
}  // namespace actkern

extern "C" {

#define ACTKERN_HALF_SOFTMAX_BACKWARD(name, type, T, log)                      \
  actkern_status actkern_##name##_backward_##type(                             \
      const actkern_##type* y, size_t y_stride, const actkern_##type* dy,      \
      size_t dy_stride, actkern_##type* dx, size_t dx_stride, size_t rows,     \
      size_t cols) {                                                           \
    return actkern::HalfBackward(nullptr, actkern::internal::HalfType::T, y,   \
                                 y_stride, dy, dy_stride, dx, dx_stride, rows, \
                                 cols, log);                                   \
  }                                                                            \
  actkern_status actkern_##name##_backward_##type##_par(                       \
      const actkern_exec* exec, const actkern_##type* y, size_t y_stride,      \
      const actkern_##type* dy, size_t dy_stride, actkern_##type* dx,          \
      size_t dx_stride, size_t rows, size_t cols) {                            \
    return actkern::HalfBackward(exec, actkern::internal::HalfType::T, y,      \
                                 y_stride, dy, dy_stride, dx, dx_stride, rows, \
                                 cols, log);                                   \
  }
ACTKERN_HALF_SOFTMAX_BACKWARD(softmax, bf16, kBf16, false)
ACTKERN_HALF_SOFTMAX_BACKWARD(log_softmax, bf16, kBf16, true)
ACTKERN_HALF_SOFTMAX_BACKWARD(softmax, f16, kF16, false)
ACTKERN_HALF_SOFTMAX_BACKWARD(log_softmax, f16, kF16, true)
#undef ACTKERN_HALF_SOFTMAX_BACKWARD

#define ACTKERN_HALF_SOFTMAX(name, type, T, log)                            \
  actkern_status actkern_##name##_##type(                                   \
      const actkern_##type* x, size_t x_stride, actkern_##type* y,          \
      size_t y_stride, size_t rows, size_t cols, float scale) {             \
    return actkern::HalfSoftmax(nullptr, actkern::internal::HalfType::T, x, \
                                x_stride, y, y_stride, rows, cols, scale,   \
                                log);                                       \
  }                                                                         \
  actkern_status actkern_##name##_##type##_par(                             \
      const actkern_exec* exec, const actkern_##type* x, size_t x_stride,   \
      actkern_##type* y, size_t y_stride, size_t rows, size_t cols,         \
      float scale) {                                                        \
    return actkern::HalfSoftmax(exec, actkern::internal::HalfType::T, x,    \
                                x_stride, y, y_stride, rows, cols, scale,   \
                                log);                                       \
  }
ACTKERN_HALF_SOFTMAX(softmax, bf16, kBf16, false)
ACTKERN_HALF_SOFTMAX(log_softmax, bf16, kBf16, true)
ACTKERN_HALF_SOFTMAX(softmax, f16, kF16, false)
ACTKERN_HALF_SOFTMAX(log_softmax, f16, kF16, true)
#undef ACTKERN_HALF_SOFTMAX

#define ACTKERN_HALF_CROSS_ENTROPY(type, T)                                    \
  actkern_status actkern_softmax_cross_entropy_##type##_par(                   \
      const actkern_exec* exec, const actkern_##type* logits,                  \
      size_t logits_stride, const int32_t* labels, float* loss,                \
      actkern_##type* grad, size_t grad_stride, size_t rows, size_t cols,      \
      int32_t ignore_index, float label_smoothing,                             \
      actkern_reduction reduction) {                                           \
    return actkern::HalfCrossEntropy(                                          \
        exec, actkern::internal::HalfType::T, logits, logits_stride, labels,   \
        loss, grad, grad_stride, rows, cols, ignore_index, label_smoothing,    \
        actkern::ReductionValue(reduction));                                   \
  }                                                                            \
  actkern_status actkern_softmax_cross_entropy_##type(                         \
      const actkern_##type* logits, size_t logits_stride,                      \
      const int32_t* labels, float* loss, actkern_##type* grad,                \
      size_t grad_stride, size_t rows, size_t cols, int32_t ignore_index,      \
      float label_smoothing, actkern_reduction reduction) {                    \
    return actkern_softmax_cross_entropy_##type##_par(                         \
        nullptr, logits, logits_stride, labels, loss, grad, grad_stride, rows, \
        cols, ignore_index, label_smoothing, reduction);                       \
  }
ACTKERN_HALF_CROSS_ENTROPY(bf16, kBf16)
ACTKERN_HALF_CROSS_ENTROPY(f16, kF16)
#undef ACTKERN_HALF_CROSS_ENTROPY

}  // extern "C"
