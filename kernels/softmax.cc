// actkern softmax family: the C entry points (through the one entry path of
// kernels/internal.h) and the per-target row kernels (softmax_rows-inl.h,
// softmax_backward-inl.h, cross_entropy-inl.h, and for the long rows of the
// _par entry points softmax_blocks-inl.h) behind Highway dynamic dispatch.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/softmax.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/cross_entropy-inl.h"
#include "kernels/softmax_backward-inl.h"
#include "kernels/softmax_blocks-inl.h"
#include "kernels/softmax_rows-inl.h"

#if HWY_ONCE
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "actkern/softmax.h"
#include "kernels/internal.h"
#include "kernels/softmax_args.h"
#include "kernels/softmax_half.h"

namespace actkern {
HWY_EXPORT(SoftmaxRows);
HWY_EXPORT(SoftmaxBackwardRows);
HWY_EXPORT(CrossEntropyRows);
HWY_EXPORT(LongRowBlockMax);
HWY_EXPORT(LongRowBlockSum);
HWY_EXPORT(LongRowBlockWrite);
HWY_EXPORT(LongRowFallback);
HWY_EXPORT(HalfBackwardBlock);
HWY_EXPORT(LogSumExpRows);

namespace {

using internal::Input;
using internal::kNoAlias;
using internal::Operand;
using internal::Output;

bool ValidScale(float scale) { return std::isfinite(scale) && scale != 0.0f; }

// Columns per block of a long row (softmax_blocks-inl.h): 16 Ki, or more
// for rows beyond 256 blocks so that the per-block results fit in fixed
// arrays on this thread's stack. A multiple of the 32-element logical block.
// Depends on cols only, so a row's bits depend on its own length only.
size_t LongRowBlockCols(size_t cols) {
  constexpr size_t kMinBlock = internal::kElementChunk;
  const size_t spread =
      (cols + internal::kMaxRowChunks - 1) / internal::kMaxRowChunks;
  const size_t block = (spread + 31) / 32 * 32;
  return block > kMinBlock ? block : kMinBlock;
}

// Rows of softmax_par / log_softmax_par with cols >= ACTKERN_PAR_LONG_ROW_COLS:
// three passes over (row, column block) tasks, each pass one round of tasks,
// the per-block results of each row combined here in block order. Rows go in
// groups of at most kMaxRowChunks tasks (a whole row's blocks per group).
void LongRows(const actkern_exec* exec, const SoftmaxArgs& a) {
  constexpr size_t kMaxTasks = internal::kMaxRowChunks;
  const size_t cols = a.cols;
  const size_t block = LongRowBlockCols(cols);
  const size_t blocks = (cols + block - 1) / block;  // <= kMaxTasks
  const size_t group_rows = kMaxTasks / blocks;
  auto len = [&](size_t c) {
    return cols - c * block < block ? cols - c * block : block;
  };
  auto* const block_max = &HWY_DYNAMIC_DISPATCH(LongRowBlockMax);
  auto* const block_sum = &HWY_DYNAMIC_DISPATCH(LongRowBlockSum);
  auto* const block_write = &HWY_DYNAMIC_DISPATCH(LongRowBlockWrite);
  float maxs[kMaxTasks], mins[kMaxTasks], row_max[kMaxTasks];
  double sums[kMaxTasks], counts[kMaxTasks], row_sum[kMaxTasks],
      row_count[kMaxTasks];
  bool vector_row[kMaxTasks];  // false: fallback or NaN row, done already
  for (size_t first = 0; first < a.rows; first += group_rows) {
    const size_t n_rows =
        a.rows - first < group_rows ? a.rows - first : group_rows;
    const size_t tasks = n_rows * blocks;
    auto x_of = [&](size_t t) {
      return a.x + (first + t / blocks) * a.x_stride + t % blocks * block;
    };
    auto y_of = [&](size_t t) {
      return a.y + (first + t / blocks) * a.y_stride + t % blocks * block;
    };
    internal::RunChunks(exec, tasks, [&](size_t t) {
      block_max(x_of(t), len(t % blocks), a.scale, &maxs[t], &mins[t]);
    });
    // Max is exact: the max of the whole row. A NaN block max (which Max may
    // or may not report, as in the single-pass row) goes to the fallback
    // like any non-finite max.
    for (size_t r = 0; r < n_rows; ++r) {
      float m = -HUGE_VALF;
      bool finite = true;
      for (size_t c = 0; c < blocks; ++c) {
        const float bm = maxs[r * blocks + c];
        if (std::isnan(bm) || bm == HUGE_VALF) finite = false;
        if (bm > m) m = bm;
      }
      row_max[r] = m;
      vector_row[r] = finite && m != -HUGE_VALF;
      if (!vector_row[r]) {
        HWY_DYNAMIC_DISPATCH(LongRowFallback)
        (a.x + (first + r) * a.x_stride, a.y + (first + r) * a.y_stride, cols,
         a.scale, a.log);
      }
    }
    internal::RunChunks(exec, tasks, [&](size_t t) {
      const size_t r = t / blocks;
      if (!vector_row[r]) return;
      block_sum(x_of(t), y_of(t), len(t % blocks), a.scale, row_max[r], mins[t],
                a.log, a.fast, &sums[t], &counts[t]);
    });
    for (size_t r = 0; r < n_rows; ++r) {
      if (!vector_row[r]) continue;
      double sum = 0.0, count = 0.0;
      for (size_t c = 0; c < blocks; ++c) {
        sum += sums[r * blocks + c];
        count += counts[r * blocks + c];
      }
      row_sum[r] = sum;
      row_count[r] = count;
      if (!a.log && std::isnan(sum)) {  // a NaN that Max did not report
        float* y = a.y + (first + r) * a.y_stride;
        for (size_t i = 0; i < cols; ++i) y[i] = NAN;
        vector_row[r] = false;
      }
    }
    internal::RunChunks(exec, tasks, [&](size_t t) {
      const size_t r = t / blocks;
      if (!vector_row[r]) return;
      block_write(x_of(t), y_of(t), len(t % blocks), a.scale, row_max[r],
                  row_count[r], row_sum[r], a.log);
    });
  }
}

// Rows [first, first + count) of a validated call.
SoftmaxArgs RowsOf(const SoftmaxArgs& a, size_t first, size_t count) {
  SoftmaxArgs r = a;
  r.x = a.x + first * a.x_stride;
  r.y = a.y + first * a.y_stride;
  r.rows = count;
  return r;
}

// exec == nullptr and !par: the plain entry point. par: the _par entry
// point (rows of ACTKERN_PAR_LONG_ROW_COLS or more are split into column blocks
// there, whatever exec is, so that its bits do not depend on the pool).
actkern_status SoftmaxImpl(const actkern_exec* exec, bool par, const float* x,
                           size_t x_stride, float* y, size_t y_stride,
                           size_t rows, size_t cols, float scale, bool log,
                           bool fast) {
  const Operand ops[] = {Input(x, x_stride, rows, cols),
                         Output(y, y_stride, rows, cols)};
  return internal::Enter(
      ValidScale(scale), rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const SoftmaxArgs a{x,    x_stride, y,   y_stride, rows,
                            cols, scale,    log, fast};
        if (par && cols >= ACTKERN_PAR_LONG_ROW_COLS) {
          LongRows(exec, a);
          return ACTKERN_OK;
        }
        auto* const rows_kernel = &HWY_DYNAMIC_DISPATCH(SoftmaxRows);
        if (!internal::UsesPool(exec)) {
          rows_kernel(&a);
          return ACTKERN_OK;
        }
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              const SoftmaxArgs part = RowsOf(a, first, count);
              rows_kernel(&part);
            });
        return ACTKERN_OK;
      });
}

// Row r's causal limit in a block starting at row `first` of the call:
// causal_offset + first, saturated (any offset >= cols unmasks every row).
int64_t ShiftedOffset(int64_t offset, size_t first) {
  const int64_t f = static_cast<int64_t>(first);  // a row index: < 2^62
  return offset > INT64_MAX - f ? INT64_MAX : offset + f;
}

// actkern_softmax_masked_f32 and its forms. Masked rows are split in row
// ranges only, so every pool gives the plain call's bits.
actkern_status MaskedImpl(const actkern_exec* exec, const float* x,
                          size_t x_stride, float* y, size_t y_stride,
                          size_t rows, size_t cols, float scale,
                          const int64_t* lengths, int32_t causal,
                          int64_t causal_offset, bool log, bool fast) {
  Operand ops[3] = {Input(x, x_stride, rows, cols),
                    Output(y, y_stride, rows, cols)};
  size_t count = 2;
  if (lengths != nullptr) {
    ops[count++] = Input(lengths, rows, 1, rows, kNoAlias, sizeof(int64_t));
  }
  return internal::Enter(
      ValidScale(scale) && (causal == 0 || causal == 1), rows == 0 || cols == 0,
      ops, count, [&]() -> actkern_status {
        // Step 6 of the error order: every length before anything is
        // written.
        if (lengths != nullptr) {
          for (size_t r = 0; r < rows; ++r) {
            if (lengths[r] < 0 || static_cast<uint64_t>(lengths[r]) > cols) {
              return ACTKERN_ERROR_LENGTH_OUT_OF_RANGE;
            }
          }
        }
        SoftmaxArgs a{x, x_stride, y, y_stride, rows, cols, scale, log, fast};
        a.lengths = lengths;
        a.causal = causal != 0;
        a.causal_offset = causal_offset;
        auto* const rows_kernel = &HWY_DYNAMIC_DISPATCH(SoftmaxRows);
        if (!internal::UsesPool(exec)) {
          rows_kernel(&a);
          return ACTKERN_OK;
        }
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              SoftmaxArgs part = RowsOf(a, first, count);
              if (lengths != nullptr) part.lengths = lengths + first;
              part.causal_offset = ShiftedOffset(causal_offset, first);
              rows_kernel(&part);
            });
        return ACTKERN_OK;
      });
}

actkern_status LogSumExpImpl(const actkern_exec* exec, const float* x,
                             size_t x_stride, float* out, size_t rows,
                             size_t cols, float scale) {
  const Operand ops[] = {Input(x, x_stride, rows, cols),
                         Output(out, rows, 1, rows, kNoAlias)};
  return internal::Enter(
      ValidScale(scale), rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const LogSumExpArgs a{x, x_stride, out, rows, cols, scale};
        auto* const rows_kernel = &HWY_DYNAMIC_DISPATCH(LogSumExpRows);
        if (!internal::UsesPool(exec)) {
          rows_kernel(&a);
          return ACTKERN_OK;
        }
        internal::RunRowChunks(exec, rows, cols,
                               [&](size_t first, size_t count) {
                                 LogSumExpArgs part = a;
                                 part.x = x + first * x_stride;
                                 part.out = out + first;
                                 part.rows = count;
                                 rows_kernel(&part);
                               });
        return ACTKERN_OK;
      });
}

}  // namespace

namespace internal {
SoftmaxBlockPasses DispatchedSoftmaxBlockPasses() {
  InitOnce();
  return SoftmaxBlockPasses{&HWY_DYNAMIC_DISPATCH(LongRowBlockMax),
                            &HWY_DYNAMIC_DISPATCH(LongRowBlockSum),
                            &HWY_DYNAMIC_DISPATCH(LongRowBlockWrite),
                            &HWY_DYNAMIC_DISPATCH(HalfBackwardBlock)};
}
}  // namespace internal

namespace {

actkern_status BackwardImpl(const actkern_exec* exec, const float* y,
                            size_t y_stride, const float* dy, size_t dy_stride,
                            float* dx, size_t dx_stride, size_t rows,
                            size_t cols, bool log) {
  // dx may alias y or dy exactly.
  const Operand ops[] = {Input(y, y_stride, rows, cols),
                         Input(dy, dy_stride, rows, cols),
                         Output(dx, dx_stride, rows, cols)};
  return internal::Enter(
      true, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const BackwardArgs a{y,         y_stride, dy,   dy_stride, dx,
                             dx_stride, rows,     cols, log};
        auto* const rows_kernel = &HWY_DYNAMIC_DISPATCH(SoftmaxBackwardRows);
        if (!internal::UsesPool(exec)) {
          rows_kernel(&a);
          return ACTKERN_OK;
        }
        internal::RunRowChunks(exec, rows, cols,
                               [&](size_t first, size_t count) {
                                 BackwardArgs part = a;
                                 part.y = y + first * y_stride;
                                 part.dy = dy + first * dy_stride;
                                 part.dx = dx + first * dx_stride;
                                 part.rows = count;
                                 rows_kernel(&part);
                               });
        return ACTKERN_OK;
      });
}

// Hard labels (labels != nullptr is required when !soft) or soft targets t.
actkern_status CrossEntropyImpl(const actkern_exec* exec, bool soft,
                                const float* z, size_t z_stride,
                                const int32_t* labels, const float* t,
                                size_t t_stride, float* loss, float* grad,
                                size_t g_stride, size_t rows, size_t cols,
                                int32_t ignore_index, float eps, int reduction,
                                bool fast) {
  const size_t n_loss = reduction == ACTKERN_REDUCTION_NONE ? rows : 1;
  // grad may alias the logits exactly; loss, labels and targets overlap
  // nothing that is written.
  Operand ops[4] = {Input(z, z_stride, rows, cols),
                    Output(loss, n_loss, 1, n_loss, kNoAlias),
                    soft ? Input(t, t_stride, rows, cols, kNoAlias)
                         : Input(labels, rows, 1, rows, kNoAlias)};
  size_t count = 3;
  if (grad != nullptr) ops[count++] = Output(grad, g_stride, rows, cols);
  return internal::Enter(
      ValidSmoothing(eps) && ValidReduction(reduction), rows == 0 || cols == 0,
      ops, count, [&]() -> actkern_status {
        size_t n_valid = rows;
        if (!soft &&
            !LabelsInRange(labels, rows, cols, ignore_index, &n_valid)) {
          return ACTKERN_ERROR_LABEL_OUT_OF_RANGE;
        }
        const double gscale = GradientScale(reduction, n_valid);
        const CrossEntropyArgs a{z,
                                 z_stride,
                                 soft ? nullptr : labels,
                                 soft ? t : nullptr,
                                 t_stride,
                                 loss,
                                 grad,
                                 g_stride,
                                 rows,
                                 cols,
                                 ignore_index,
                                 eps,
                                 reduction,
                                 gscale,
                                 fast};
        // The MEAN and SUM losses add the loss sums of the row ranges of
        // internal::RowChunksOf in range order, with or without a pool, so
        // the bits are the same for every pool and thread count (one range,
        // as for every call up to 16 Ki elements, is the plain row sum).
        auto* const rows_kernel = &HWY_DYNAMIC_DISPATCH(CrossEntropyRows);
        const internal::RowChunking rc = internal::RowChunksOf(rows, cols);
        double range_sums[internal::kMaxRowChunks];
        internal::RunRowChunks(
            exec, rows, cols, [&](size_t first, size_t count) {
              CrossEntropyArgs part = a;
              part.z = z + first * z_stride;
              if (soft) {
                part.t = t + first * t_stride;
              } else {
                part.labels = labels + first;
              }
              if (reduction == ACTKERN_REDUCTION_NONE) part.loss = loss + first;
              if (grad != nullptr) part.grad = grad + first * g_stride;
              part.rows = count;
              range_sums[first / rc.per_chunk] = rows_kernel(&part);
            });
        double total = 0.0;
        for (size_t c = 0; c < rc.count; ++c) total += range_sums[c];
        if (reduction == ACTKERN_REDUCTION_MEAN) {
          loss[0] = static_cast<float>(total / static_cast<double>(n_valid));
        } else if (reduction == ACTKERN_REDUCTION_SUM) {
          loss[0] = static_cast<float>(total);
        }
        return ACTKERN_OK;
      });
}

}  // namespace
}  // namespace actkern

extern "C" {

// Each entry point in both tiers: `fast` selects the fast tier's exp
// (kernels/softmax_shared-inl.h, kFastExp); arguments, errors and special
// values are the same.
#define ACTKERN_SOFTMAX_ENTRY_POINTS(suffix, fast)                             \
  actkern_status actkern_softmax##suffix(                                      \
      const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows, \
      size_t cols, float scale) {                                              \
    return actkern::SoftmaxImpl(nullptr, false, x, x_stride, y, y_stride,      \
                                rows, cols, scale, false, fast);               \
  }                                                                            \
  actkern_status actkern_softmax##suffix##_par(                                \
      const actkern_exec* exec, const float* x, size_t x_stride, float* y,     \
      size_t y_stride, size_t rows, size_t cols, float scale) {                \
    return actkern::SoftmaxImpl(exec, true, x, x_stride, y, y_stride, rows,    \
                                cols, scale, false, fast);                     \
  }                                                                            \
  actkern_status actkern_log_softmax##suffix(                                  \
      const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows, \
      size_t cols, float scale) {                                              \
    return actkern::SoftmaxImpl(nullptr, false, x, x_stride, y, y_stride,      \
                                rows, cols, scale, true, fast);                \
  }                                                                            \
  actkern_status actkern_log_softmax##suffix##_par(                            \
      const actkern_exec* exec, const float* x, size_t x_stride, float* y,     \
      size_t y_stride, size_t rows, size_t cols, float scale) {                \
    return actkern::SoftmaxImpl(exec, true, x, x_stride, y, y_stride, rows,    \
                                cols, scale, true, fast);                      \
  }                                                                            \
  actkern_status actkern_softmax_cross_entropy##suffix##_par(                  \
      const actkern_exec* exec, const float* logits, size_t logits_stride,     \
      const int32_t* labels, float* loss, float* grad, size_t grad_stride,     \
      size_t rows, size_t cols, int32_t ignore_index, float label_smoothing,   \
      actkern_reduction reduction) {                                           \
    return actkern::CrossEntropyImpl(                                          \
        exec, false, logits, logits_stride, labels, nullptr, 0, loss, grad,    \
        grad_stride, rows, cols, ignore_index, label_smoothing,                \
        actkern::ReductionValue(reduction), fast);                             \
  }                                                                            \
  actkern_status actkern_softmax_cross_entropy##suffix(                        \
      const float* logits, size_t logits_stride, const int32_t* labels,        \
      float* loss, float* grad, size_t grad_stride, size_t rows, size_t cols,  \
      int32_t ignore_index, float label_smoothing,                             \
      actkern_reduction reduction) {                                           \
    return actkern_softmax_cross_entropy##suffix##_par(                        \
        nullptr, logits, logits_stride, labels, loss, grad, grad_stride, rows, \
        cols, ignore_index, label_smoothing, reduction);                       \
  }                                                                            \
  actkern_status actkern_softmax_cross_entropy_soft##suffix##_par(             \
      const actkern_exec* exec, const float* logits, size_t logits_stride,     \
      const float* targets, size_t targets_stride, float* loss, float* grad,   \
      size_t grad_stride, size_t rows, size_t cols, float label_smoothing,     \
      actkern_reduction reduction) {                                           \
    return actkern::CrossEntropyImpl(                                          \
        exec, true, logits, logits_stride, nullptr, targets, targets_stride,   \
        loss, grad, grad_stride, rows, cols, 0, label_smoothing,               \
        actkern::ReductionValue(reduction), fast);                             \
  }                                                                            \
  actkern_status actkern_softmax_cross_entropy_soft##suffix(                   \
      const float* logits, size_t logits_stride, const float* targets,         \
      size_t targets_stride, float* loss, float* grad, size_t grad_stride,     \
      size_t rows, size_t cols, float label_smoothing,                         \
      actkern_reduction reduction) {                                           \
    return actkern_softmax_cross_entropy_soft##suffix##_par(                   \
        nullptr, logits, logits_stride, targets, targets_stride, loss, grad,   \
        grad_stride, rows, cols, label_smoothing, reduction);                  \
  }

#define ACTKERN_MASKED_ENTRY_POINT(name, suffix, log, fast)                    \
  actkern_status actkern_##name##_masked##suffix(                              \
      const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows, \
      size_t cols, float scale, const int64_t* lengths, int32_t causal,        \
      int64_t causal_offset) {                                                 \
    return actkern::MaskedImpl(nullptr, x, x_stride, y, y_stride, rows, cols,  \
                               scale, lengths, causal, causal_offset, log,     \
                               fast);                                          \
  }                                                                            \
  actkern_status actkern_##name##_masked##suffix##_par(                        \
      const actkern_exec* exec, const float* x, size_t x_stride, float* y,     \
      size_t y_stride, size_t rows, size_t cols, float scale,                  \
      const int64_t* lengths, int32_t causal, int64_t causal_offset) {         \
    return actkern::MaskedImpl(exec, x, x_stride, y, y_stride, rows, cols,     \
                               scale, lengths, causal, causal_offset, log,     \
                               fast);                                          \
  }
ACTKERN_MASKED_ENTRY_POINT(softmax, _f32, false, false)
ACTKERN_MASKED_ENTRY_POINT(log_softmax, _f32, true, false)
ACTKERN_MASKED_ENTRY_POINT(softmax, _fast_f32, false, true)
ACTKERN_MASKED_ENTRY_POINT(log_softmax, _fast_f32, true, true)
#undef ACTKERN_MASKED_ENTRY_POINT

actkern_status actkern_logsumexp_f32(const float* x, size_t x_stride,
                                     float* out, size_t rows, size_t cols,
                                     float scale) {
  return actkern::LogSumExpImpl(nullptr, x, x_stride, out, rows, cols, scale);
}

actkern_status actkern_logsumexp_f32_par(const actkern_exec* exec,
                                         const float* x, size_t x_stride,
                                         float* out, size_t rows, size_t cols,
                                         float scale) {
  return actkern::LogSumExpImpl(exec, x, x_stride, out, rows, cols, scale);
}

ACTKERN_SOFTMAX_ENTRY_POINTS(_f32, false)
ACTKERN_SOFTMAX_ENTRY_POINTS(_fast_f32, true)
#undef ACTKERN_SOFTMAX_ENTRY_POINTS

actkern_status actkern_softmax_backward_f32(const float* y, size_t y_stride,
                                            const float* dy, size_t dy_stride,
                                            float* dx, size_t dx_stride,
                                            size_t rows, size_t cols) {
  return actkern::BackwardImpl(nullptr, y, y_stride, dy, dy_stride, dx,
                               dx_stride, rows, cols, false);
}

actkern_status actkern_softmax_backward_f32_par(
    const actkern_exec* exec, const float* y, size_t y_stride, const float* dy,
    size_t dy_stride, float* dx, size_t dx_stride, size_t rows, size_t cols) {
  return actkern::BackwardImpl(exec, y, y_stride, dy, dy_stride, dx, dx_stride,
                               rows, cols, false);
}

actkern_status actkern_log_softmax_backward_f32(const float* y, size_t y_stride,
                                                const float* dy,
                                                size_t dy_stride, float* dx,
                                                size_t dx_stride, size_t rows,
                                                size_t cols) {
  return actkern::BackwardImpl(nullptr, y, y_stride, dy, dy_stride, dx,
                               dx_stride, rows, cols, true);
}

actkern_status actkern_log_softmax_backward_f32_par(
    const actkern_exec* exec, const float* y, size_t y_stride, const float* dy,
    size_t dy_stride, float* dx, size_t dx_stride, size_t rows, size_t cols) {
  return actkern::BackwardImpl(exec, y, y_stride, dy, dy_stride, dx, dx_stride,
                               rows, cols, true);
}

}  // extern "C"
#endif  // HWY_ONCE
