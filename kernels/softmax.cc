// actkern softmax family: the C entry points (through the one entry path of
// kernels/internal.h) and the per-target row kernels (softmax_rows-inl.h,
// softmax_backward-inl.h, cross_entropy-inl.h) behind Highway dynamic
// dispatch.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/softmax.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/cross_entropy-inl.h"
#include "kernels/softmax_backward-inl.h"
#include "kernels/softmax_rows-inl.h"

#if HWY_ONCE
#include <math.h>
#include <stdint.h>

#include "actkern/softmax.h"
#include "kernels/internal.h"
#include "kernels/softmax_args.h"

namespace actkern {
HWY_EXPORT(SoftmaxRows);
HWY_EXPORT(SoftmaxBackwardRows);
HWY_EXPORT(CrossEntropyRows);

namespace {

using internal::Input;
using internal::kNoAlias;
using internal::Operand;
using internal::Output;

bool ValidScale(float scale) { return std::isfinite(scale) && scale != 0.0f; }

actkern_status SoftmaxImpl(const float* x, size_t x_stride, float* y,
                           size_t y_stride, size_t rows, size_t cols,
                           float scale, bool log) {
  const Operand ops[] = {Input(x, x_stride, rows, cols),
                         Output(y, y_stride, rows, cols)};
  return internal::Enter(
      ValidScale(scale), rows == 0 || cols == 0, ops, [&]() -> actkern_status {
        const SoftmaxArgs a{x, x_stride, y, y_stride, rows, cols, scale, log};
        HWY_DYNAMIC_DISPATCH(SoftmaxRows)(&a);
        return ACTKERN_OK;
      });
}

actkern_status BackwardImpl(const float* y, size_t y_stride, const float* dy,
                            size_t dy_stride, float* dx, size_t dx_stride,
                            size_t rows, size_t cols, bool log) {
  // dx may alias y or dy exactly.
  const Operand ops[] = {Input(y, y_stride, rows, cols),
                         Input(dy, dy_stride, rows, cols),
                         Output(dx, dx_stride, rows, cols)};
  return internal::Enter(true, rows == 0 || cols == 0, ops,
                         [&]() -> actkern_status {
                           const BackwardArgs a{y,  y_stride, dy,   dy_stride,
                                                dx, dx_stride, rows, cols,
                                                log};
                           HWY_DYNAMIC_DISPATCH(SoftmaxBackwardRows)(&a);
                           return ACTKERN_OK;
                         });
}

bool ValidSmoothing(float eps) { return eps >= 0.0f && eps <= 1.0f; }
bool ValidReduction(actkern_reduction r) {
  return r == ACTKERN_REDUCTION_NONE || r == ACTKERN_REDUCTION_MEAN ||
         r == ACTKERN_REDUCTION_SUM;
}

// Hard labels (labels != nullptr is required when !soft) or soft targets t.
actkern_status CrossEntropyImpl(bool soft, const float* z, size_t z_stride,
                                const int32_t* labels, const float* t,
                                size_t t_stride, float* loss, float* grad,
                                size_t g_stride, size_t rows, size_t cols,
                                int32_t ignore_index, float eps,
                                actkern_reduction reduction) {
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
        // Step 6 of the error order: every label before anything is written.
        size_t n_valid = rows;
        if (!soft) {
          n_valid = 0;
          for (size_t r = 0; r < rows; ++r) {
            const int32_t l = labels[r];
            if (l == ignore_index) continue;
            if (l < 0 || static_cast<uint64_t>(l) >= cols) {
              return ACTKERN_ERROR_LABEL_OUT_OF_RANGE;
            }
            ++n_valid;
          }
        }
        const double gscale =
            (reduction == ACTKERN_REDUCTION_MEAN && n_valid != 0)
                ? 1.0 / static_cast<double>(n_valid)
                : 1.0;
        const CrossEntropyArgs a{z,    z_stride, soft ? nullptr : labels,
                                 soft ? t : nullptr, t_stride, loss,
                                 grad, g_stride, rows,
                                 cols, ignore_index, eps,
                                 static_cast<int>(reduction), gscale};
        const double total = HWY_DYNAMIC_DISPATCH(CrossEntropyRows)(&a);
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

actkern_status actkern_softmax_f32(const float* x, size_t x_stride, float* y,
                                   size_t y_stride, size_t rows, size_t cols,
                                   float scale) {
  return actkern::SoftmaxImpl(x, x_stride, y, y_stride, rows, cols, scale,
                              false);
}

actkern_status actkern_log_softmax_f32(const float* x, size_t x_stride,
                                       float* y, size_t y_stride, size_t rows,
                                       size_t cols, float scale) {
  return actkern::SoftmaxImpl(x, x_stride, y, y_stride, rows, cols, scale,
                              true);
}

actkern_status actkern_softmax_backward_f32(const float* y, size_t y_stride,
                                            const float* dy, size_t dy_stride,
                                            float* dx, size_t dx_stride,
                                            size_t rows, size_t cols) {
  return actkern::BackwardImpl(y, y_stride, dy, dy_stride, dx, dx_stride, rows,
                               cols, false);
}

actkern_status actkern_log_softmax_backward_f32(const float* y,
                                                size_t y_stride,
                                                const float* dy,
                                                size_t dy_stride, float* dx,
                                                size_t dx_stride, size_t rows,
                                                size_t cols) {
  return actkern::BackwardImpl(y, y_stride, dy, dy_stride, dx, dx_stride, rows,
                               cols, true);
}

actkern_status actkern_softmax_cross_entropy_f32(
    const float* logits, size_t logits_stride, const int32_t* labels,
    float* loss, float* grad, size_t grad_stride, size_t rows, size_t cols,
    int32_t ignore_index, float label_smoothing, actkern_reduction reduction) {
  return actkern::CrossEntropyImpl(false, logits, logits_stride, labels,
                                   nullptr, 0, loss, grad, grad_stride, rows,
                                   cols, ignore_index, label_smoothing,
                                   reduction);
}

actkern_status actkern_softmax_cross_entropy_soft_f32(
    const float* logits, size_t logits_stride, const float* targets,
    size_t targets_stride, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction) {
  return actkern::CrossEntropyImpl(true, logits, logits_stride, nullptr,
                                   targets, targets_stride, loss, grad,
                                   grad_stride, rows, cols, 0, label_smoothing,
                                   reduction);
}

}  // extern "C"
#endif  // HWY_ONCE
