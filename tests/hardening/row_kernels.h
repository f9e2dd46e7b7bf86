// The row (softmax family) entry points behind one calling convention, for
// the hardening tests (guard pages, allocations, threads, bit identity): each
// entry point with the parameter choices whose code paths differ (scale,
// every reduction, label smoothing, ignore_index, with and without a
// gradient), so that a loop over RowKernels() exercises all of them the way
// a loop over the catalogue exercises the elementwise kernels.
#ifndef ACTKERN_TESTS_HARDENING_ROW_KERNELS_H_
#define ACTKERN_TESTS_HARDENING_ROW_KERNELS_H_

#include <stddef.h>
#include <stdint.h>

#include <cmath>
#include <string>
#include <vector>

#include "actkern/softmax.h"
#include "hardening/inputs.h"

namespace actkern {
namespace test {

// The arguments of one row call. `a` is x (softmax, log-softmax), y (the
// backward passes) or the logits (cross-entropy); `b` is dy (backward) or the
// soft targets; `out` is y, dx or the gradient (nullptr: cross-entropy
// without a gradient); `loss` the cross-entropy loss or the logsumexp of each
// row; `lengths` the row lengths of a masked softmax. Unused members stay
// null.
struct RowArgs {
  const float* a = nullptr;
  size_t a_stride = 0;
  const float* b = nullptr;
  size_t b_stride = 0;
  const int32_t* labels = nullptr;
  const int64_t* lengths = nullptr;
  float* out = nullptr;
  size_t out_stride = 0;
  float* loss = nullptr;
  size_t rows = 0, cols = 0;
  // par: call the _par entry point with this context (actkern/common.h,
  // "execution"; exec may be NULL) instead of the plain one.
  bool par = false;
  const actkern_exec* exec = nullptr;
};

// What the first input holds, so that tests can feed each kernel the values
// it is meant for (MakeRowInput below).
enum class RowInput { kLogits, kSoftmaxOutput, kLogSoftmaxOutput };

// Which entry point a RowKernel calls.
enum class RowEntry {
  kSoftmax,
  kLogSoftmax,
  kSoftmaxBackward,
  kLogSoftmaxBackward,
  kCrossEntropy,      // hard labels
  kCrossEntropySoft,  // soft targets in b
  kSoftmaxMasked,     // lengths and / or causal
  kLogSoftmaxMasked,
  kLogSumExp,  // one float per row in loss
};

struct RowKernel {
  std::string name;  // e.g. "softmax_scale0.3", "softmax_cross_entropy_mean"
  RowEntry entry = RowEntry::kSoftmax;
  RowInput input = RowInput::kLogits;
  float scale = 1.0f;      // softmax, log-softmax
  float smoothing = 0.0f;  // cross-entropy label smoothing
  actkern_reduction reduction = ACTKERN_REDUCTION_MEAN;  // cross-entropy
  bool uses_b = false;                                   // dy or soft targets
  bool soft_targets = false;     // b holds targets (non-negative weights)
  bool uses_labels = false;      // hard-label cross-entropy
  bool writes_out = true;        // false: cross-entropy with grad == nullptr
  bool out_may_alias_b = false;  // backward: dx may alias dy exactly
  int32_t ignore_index = -100;   // hard-label cross-entropy only
  bool writes_loss = false;      // cross-entropy
  bool loss_per_row = false;     // ACTKERN_REDUCTION_NONE (else one loss)
  bool fast = false;             // the fast tier's entry point (_fast_f32)
  bool uses_lengths = false;     // masked softmax with per-row lengths
  bool causal = false;           // masked softmax, causal
  int64_t causal_offset = 0;

  size_t LossCount(size_t rows) const {
    return !writes_loss ? 0 : loss_per_row ? rows : 1;
  }

  // Calls the entry point with this kernel's parameters. A cross-entropy
  // kernel without a gradient passes (nullptr, 0) whatever r.out holds.
  actkern_status Run(const RowArgs& r) const {
    float* const grad = writes_out ? r.out : nullptr;
    const size_t grad_stride = writes_out ? r.out_stride : 0;
    // The plain entry point, or its _par form with the same arguments after
    // the context.
#define ACTKERN_ROW_CALL(fn, ...) \
  (r.par ? fn##_par(r.exec, __VA_ARGS__) : fn(__VA_ARGS__))
    // The same in the kernel's tier (fn without its _f32 suffix).
#define ACTKERN_ROW_CALL_TIER(fn, ...)                 \
  (fast ? ACTKERN_ROW_CALL(fn##_fast_f32, __VA_ARGS__) \
        : ACTKERN_ROW_CALL(fn##_f32, __VA_ARGS__))
    switch (entry) {
      case RowEntry::kSoftmax:
        return ACTKERN_ROW_CALL_TIER(actkern_softmax, r.a, r.a_stride, r.out,
                                     r.out_stride, r.rows, r.cols, scale);
      case RowEntry::kLogSoftmax:
        return ACTKERN_ROW_CALL_TIER(actkern_log_softmax, r.a, r.a_stride,
                                     r.out, r.out_stride, r.rows, r.cols,
                                     scale);
      case RowEntry::kSoftmaxBackward:
        return ACTKERN_ROW_CALL(actkern_softmax_backward_f32, r.a, r.a_stride,
                                r.b, r.b_stride, r.out, r.out_stride, r.rows,
                                r.cols);
      case RowEntry::kLogSoftmaxBackward:
        return ACTKERN_ROW_CALL(actkern_log_softmax_backward_f32, r.a,
                                r.a_stride, r.b, r.b_stride, r.out,
                                r.out_stride, r.rows, r.cols);
      case RowEntry::kCrossEntropy:
        return ACTKERN_ROW_CALL_TIER(actkern_softmax_cross_entropy, r.a,
                                     r.a_stride, r.labels, r.loss, grad,
                                     grad_stride, r.rows, r.cols, ignore_index,
                                     smoothing, reduction);
      case RowEntry::kCrossEntropySoft:
        return ACTKERN_ROW_CALL_TIER(actkern_softmax_cross_entropy_soft, r.a,
                                     r.a_stride, r.b, r.b_stride, r.loss, grad,
                                     grad_stride, r.rows, r.cols, smoothing,
                                     reduction);
      case RowEntry::kSoftmaxMasked:
        return ACTKERN_ROW_CALL_TIER(actkern_softmax_masked, r.a, r.a_stride,
                                     r.out, r.out_stride, r.rows, r.cols, scale,
                                     uses_lengths ? r.lengths : nullptr,
                                     causal ? 1 : 0, causal_offset);
      case RowEntry::kLogSoftmaxMasked:
        return ACTKERN_ROW_CALL_TIER(
            actkern_log_softmax_masked, r.a, r.a_stride, r.out, r.out_stride,
            r.rows, r.cols, scale, uses_lengths ? r.lengths : nullptr,
            causal ? 1 : 0, causal_offset);
      case RowEntry::kLogSumExp:
        return ACTKERN_ROW_CALL(actkern_logsumexp_f32, r.a, r.a_stride, r.loss,
                                r.rows, r.cols, scale);
    }
#undef ACTKERN_ROW_CALL_TIER
#undef ACTKERN_ROW_CALL
    return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
};

inline RowKernel ForwardRow(const char* name, RowEntry entry, float scale) {
  RowKernel k;
  k.name = name;
  k.entry = entry;
  k.scale = scale;
  return k;
}

// y is the forward output (softmax's or log-softmax's), b is dy.
inline RowKernel BackwardRow(const char* name, RowEntry entry, RowInput y) {
  RowKernel k = ForwardRow(name, entry, 1.0f);
  k.input = y;
  k.uses_b = true;
  k.out_may_alias_b = true;
  return k;
}

// Hard labels (soft == false) or soft targets in b; `grad`: the call passes
// a gradient matrix.
inline RowKernel CrossEntropyRow(const char* name, bool soft,
                                 int32_t ignore_index, float smoothing,
                                 actkern_reduction reduction, bool grad) {
  RowKernel k = ForwardRow(
      name, soft ? RowEntry::kCrossEntropySoft : RowEntry::kCrossEntropy, 1.0f);
  k.smoothing = smoothing;
  k.reduction = reduction;
  k.uses_b = soft;
  k.soft_targets = soft;
  k.uses_labels = !soft;
  k.writes_out = grad;
  k.ignore_index = ignore_index;
  k.writes_loss = true;
  k.loss_per_row = reduction == ACTKERN_REDUCTION_NONE;
  return k;
}

// A masked softmax / log-softmax: per-row lengths (MakeLengths) and / or
// the causal limit c > r + offset.
inline RowKernel MaskedRow(const char* name, RowEntry entry, bool lengths,
                           bool causal, int64_t offset, float scale) {
  RowKernel k = ForwardRow(name, entry, scale);
  k.uses_lengths = lengths;
  k.causal = causal;
  k.causal_offset = offset;
  return k;
}

// logsumexp: one result per row, in the loss buffer.
inline RowKernel LogSumExpRow(const char* name, float scale) {
  RowKernel k = ForwardRow(name, RowEntry::kLogSumExp, scale);
  k.writes_out = false;
  k.writes_loss = true;
  k.loss_per_row = true;
  return k;
}

// k in the fast tier, named `name`.
inline RowKernel FastTier(RowKernel k, const char* name) {
  k.fast = true;
  k.name = name;
  return k;
}

inline const std::vector<RowKernel>& RowKernels() {
  using E = RowEntry;
  const auto kNone = ACTKERN_REDUCTION_NONE, kMean = ACTKERN_REDUCTION_MEAN,
             kSum = ACTKERN_REDUCTION_SUM;
  static const std::vector<RowKernel> kernels = {
      ForwardRow("softmax", E::kSoftmax, 1.0f),
      // A scale that is not a power of two (z = fl(0.3 x) differs from x),
      // and softmin.
      ForwardRow("softmax_scale0.3", E::kSoftmax, 0.3f),
      ForwardRow("softmax_scale-1", E::kSoftmax, -1.0f),
      ForwardRow("log_softmax", E::kLogSoftmax, 1.0f),
      ForwardRow("log_softmax_scale0.3", E::kLogSoftmax, 0.3f),
      ForwardRow("log_softmax_scale-2", E::kLogSoftmax, -2.0f),
      BackwardRow("softmax_backward", E::kSoftmaxBackward,
                  RowInput::kSoftmaxOutput),
      BackwardRow("log_softmax_backward", E::kLogSoftmaxBackward,
                  RowInput::kLogSoftmaxOutput),
      // Hard labels: every reduction, with and without label smoothing (eps
      // 0.1, and 1: uniform targets), an ignore_index inside [0, cols), and
      // the loss-only call (no gradient).
      CrossEntropyRow("softmax_cross_entropy_none", false, -100, 0.0f, kNone,
                      true),
      CrossEntropyRow("softmax_cross_entropy_mean", false, -100, 0.0f, kMean,
                      true),
      CrossEntropyRow("softmax_cross_entropy_sum", false, -100, 0.0f, kSum,
                      true),
      CrossEntropyRow("softmax_cross_entropy_none_smooth0.1", false, -100, 0.1f,
                      kNone, true),
      CrossEntropyRow("softmax_cross_entropy_mean_smooth0.1", false, -100, 0.1f,
                      kMean, true),
      CrossEntropyRow("softmax_cross_entropy_sum_smooth1", false, -100, 1.0f,
                      kSum, true),
      CrossEntropyRow("softmax_cross_entropy_mean_ignore1", false, 1, 0.05f,
                      kMean, true),
      CrossEntropyRow("softmax_cross_entropy_none_nograd", false, -100, 0.1f,
                      kNone, false),
      CrossEntropyRow("softmax_cross_entropy_mean_nograd", false, -100, 0.0f,
                      kMean, false),
      // Soft labels: every reduction, smoothing, no gradient.
      CrossEntropyRow("softmax_cross_entropy_soft_none", true, 0, 0.0f, kNone,
                      true),
      CrossEntropyRow("softmax_cross_entropy_soft_mean", true, 0, 0.0f, kMean,
                      true),
      CrossEntropyRow("softmax_cross_entropy_soft_sum_smooth0.2", true, 0, 0.2f,
                      kSum, true),
      CrossEntropyRow("softmax_cross_entropy_soft_none_nograd", true, 0, 0.1f,
                      kNone, false),
      // The fast tier: every entry point, scaled and not, with and without
      // smoothing and a gradient (the tiers differ in the exp only, so these
      // cover its paths).
      FastTier(ForwardRow("", E::kSoftmax, 1.0f), "softmax_fast"),
      FastTier(ForwardRow("", E::kSoftmax, 0.3f), "softmax_fast_scale0.3"),
      FastTier(ForwardRow("", E::kLogSoftmax, 1.0f), "log_softmax_fast"),
      FastTier(ForwardRow("", E::kLogSoftmax, -2.0f),
               "log_softmax_fast_scale-2"),
      FastTier(CrossEntropyRow("", false, -100, 0.0f, kNone, true),
               "softmax_cross_entropy_fast_none"),
      FastTier(CrossEntropyRow("", false, 1, 0.1f, kMean, true),
               "softmax_cross_entropy_fast_mean_smooth0.1_ignore1"),
      FastTier(CrossEntropyRow("", true, 0, 0.2f, kSum, true),
               "softmax_cross_entropy_soft_fast_sum_smooth0.2"),
      FastTier(CrossEntropyRow("", true, 0, 0.1f, kNone, false),
               "softmax_cross_entropy_soft_fast_none_nograd"),
      // Masked rows: lengths, causal (offsets that mask the first row
      // entirely and that leave later rows whole), both, each tier.
      MaskedRow("softmax_masked_lengths", E::kSoftmaxMasked, true, false, 0,
                1.0f),
      MaskedRow("softmax_masked_causal_scale0.3", E::kSoftmaxMasked, false,
                true, 1, 0.3f),
      MaskedRow("log_softmax_masked_lengths_causal", E::kLogSoftmaxMasked, true,
                true, -1, 1.0f),
      FastTier(MaskedRow("", E::kSoftmaxMasked, true, true, 3, 1.0f),
               "softmax_masked_fast_lengths_causal"),
      FastTier(MaskedRow("", E::kLogSoftmaxMasked, true, false, 0, -2.0f),
               "log_softmax_masked_fast_lengths_scale-2"),
      LogSumExpRow("logsumexp", 1.0f),
      LogSumExpRow("logsumexp_scale0.3", 0.3f),
  };
  return kernels;
}

// The first input for kernel k from raw values v: logits as they are; for
// the backward passes, a value of the forward output's range (softmax: in
// [0, 1]; log-softmax: <= 0) built with exact or correctly rounded IEEE
// operations only, so the same v gives the same bits on every architecture.
inline float MakeRowInput(const RowKernel& k, float v) {
  switch (k.input) {
    case RowInput::kSoftmaxOutput: {
      const float m = std::fabs(v);
      return m / (1.0f + m);
    }
    case RowInput::kLogSoftmaxOutput:
      return -std::fabs(v);
    case RowInput::kLogits:
      break;
  }
  return v;
}

// The second input: dy as it is, soft targets made non-negative.
inline float MakeRowSecond(const RowKernel& k, float v) {
  return k.soft_targets ? std::fabs(v) : v;
}

// Hard labels for `rows` rows of `cols` classes: every fifth row (from the
// third) is ignored, the others uniform over the classes.
inline std::vector<int32_t> MakeLabels(const RowKernel& k, size_t rows,
                                       size_t cols, uint64_t seed) {
  Rng r(seed);
  std::vector<int32_t> labels(rows);
  for (size_t i = 0; i < rows; ++i) {
    labels[i] =
        i % 5 == 2 ? k.ignore_index
                   : static_cast<int32_t>(r.Below(static_cast<uint32_t>(cols)));
  }
  return labels;
}

// Row lengths for `rows` rows of `cols` columns: whole rows, empty rows
// (fully masked), a length of 1, and uniform ones.
inline std::vector<int64_t> MakeLengths(size_t rows, size_t cols,
                                        uint64_t seed) {
  Rng r(seed ^ 0x5EED);
  std::vector<int64_t> lengths(rows);
  for (size_t i = 0; i < rows; ++i) {
    const uint32_t u = r.Below(static_cast<uint32_t>(cols) + 1);
    lengths[i] = i % 4 == 0   ? static_cast<int64_t>(cols)
                 : i % 4 == 1 ? u
                 : i % 8 == 2 ? 0
                              : (i % 8 == 6 ? 1 : u);
  }
  return lengths;
}

// Elements of a rows x cols matrix with the given stride.
inline size_t Footprint(size_t rows, size_t cols, size_t stride) {
  return rows == 0 ? 0 : (rows - 1) * stride + cols;
}

// One call's buffers in ordinary vectors: inputs from raw values (element
// (r, c) takes raw[(r * cols + c) % raw.size()]), stride gaps and outputs
// filled with `fill`.
struct RowCall {
  size_t rows = 0, cols = 0, stride = 0;
  std::vector<float> a, b, out, loss;
  std::vector<int32_t> labels;
  std::vector<int64_t> lengths;

  RowCall(const RowKernel& k, size_t rows_in, size_t cols_in, size_t stride_in,
          const std::vector<float>& raw_a, const std::vector<float>& raw_b,
          uint64_t seed, float fill)
      : rows(rows_in), cols(cols_in), stride(stride_in) {
    const size_t n = Footprint(rows, cols, stride);
    a.assign(n, fill);
    b.assign(k.uses_b ? n : 0, fill);
    out.assign(k.writes_out ? n : 0, fill);
    loss.assign(k.LossCount(rows), fill);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        const size_t i = r * cols + c;
        a[r * stride + c] = MakeRowInput(k, raw_a[i % raw_a.size()]);
        if (k.uses_b)
          b[r * stride + c] = MakeRowSecond(k, raw_b[i % raw_b.size()]);
      }
    }
    if (k.uses_labels) labels = MakeLabels(k, rows, cols, seed);
    if (k.uses_lengths) lengths = MakeLengths(rows, cols, seed);
  }
  RowArgs Args() {
    RowArgs r;
    r.a = a.data();
    r.a_stride = stride;
    r.b = b.empty() ? nullptr : b.data();
    r.b_stride = stride;
    r.labels = labels.empty() ? nullptr : labels.data();
    r.lengths = lengths.empty() ? nullptr : lengths.data();
    r.out = out.empty() ? nullptr : out.data();
    r.out_stride = stride;
    r.loss = loss.empty() ? nullptr : loss.data();
    r.rows = rows;
    r.cols = cols;
    return r;
  }
  // The outputs a test compares: every out element inside the rows, then the
  // losses.
  std::vector<float> Outputs() const {
    std::vector<float> v;
    if (!out.empty()) {
      for (size_t r = 0; r < rows; ++r) {
        v.insert(v.end(), out.begin() + r * stride,
                 out.begin() + r * stride + cols);
      }
    }
    v.insert(v.end(), loss.begin(), loss.end());
    return v;
  }
};

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_HARDENING_ROW_KERNELS_H_
