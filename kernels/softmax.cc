// actkern softmax family: argument validation, the C entry points, and the
// per-target row kernels (softmax_rows-inl.h, softmax_backward-inl.h,
// cross_entropy-inl.h) behind Highway dynamic dispatch.
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

// A matrix argument: its footprint in bytes, or an error.
struct Footprint {
  const void* p = nullptr;
  size_t stride = 0;
  size_t bytes = 0;
};

actkern_status CheckMatrix(const void* p, size_t stride, size_t rows,
                           size_t cols, Footprint* f) {
  if (stride < cols) return ACTKERN_ERROR_INVALID_ARGUMENT;
  // (rows - 1) * stride + cols elements, without overflow.
  const size_t max_elems = SIZE_MAX / sizeof(float) / 2;
  if (cols > max_elems || (rows - 1) > (max_elems - cols) / stride) {
    return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
  const size_t bytes = ((rows - 1) * stride + cols) * sizeof(float);
  if (reinterpret_cast<uintptr_t>(p) > UINTPTR_MAX - bytes) {
    return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
  f->p = p;
  f->stride = stride;
  f->bytes = bytes;
  return ACTKERN_OK;
}

// An output may alias an input exactly (same pointer and stride), nothing
// else.
bool BadOverlap(const Footprint& out, const Footprint& in) {
  if (out.p == in.p && out.stride == in.stride) return false;
  return internal::RangesOverlap(out.p, out.bytes, in.p, in.bytes);
}
// Overlap that is never allowed (loss vs anything, labels vs outputs).
bool AnyOverlap(const Footprint& a, const Footprint& b) {
  return internal::RangesOverlap(a.p, a.bytes, b.p, b.bytes);
}

bool BadScale(float scale) { return !std::isfinite(scale) || scale == 0.0f; }

actkern_status SoftmaxImpl(const float* x, size_t x_stride, float* y,
                           size_t y_stride, size_t rows, size_t cols,
                           float scale, bool log) {
  internal::InitOnce();
  if (rows == 0 || cols == 0) return ACTKERN_OK;
  if (x == nullptr || y == nullptr) return ACTKERN_ERROR_NULL_POINTER;
  if (BadScale(scale)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  Footprint fx, fy;
  actkern_status s = CheckMatrix(x, x_stride, rows, cols, &fx);
  if (s == ACTKERN_OK) s = CheckMatrix(y, y_stride, rows, cols, &fy);
  if (s != ACTKERN_OK) return s;
  if (BadOverlap(fy, fx)) return ACTKERN_ERROR_OVERLAP;
  const SoftmaxArgs a{x, x_stride, y, y_stride, rows, cols, scale, log};
  HWY_DYNAMIC_DISPATCH(SoftmaxRows)(&a);
  return ACTKERN_OK;
}

actkern_status BackwardImpl(const float* y, size_t y_stride, const float* dy,
                            size_t dy_stride, float* dx, size_t dx_stride,
                            size_t rows, size_t cols, bool log) {
  internal::InitOnce();
  if (rows == 0 || cols == 0) return ACTKERN_OK;
  if (y == nullptr || dy == nullptr || dx == nullptr) {
    return ACTKERN_ERROR_NULL_POINTER;
  }
  Footprint fy, fdy, fdx;
  actkern_status s = CheckMatrix(y, y_stride, rows, cols, &fy);
  if (s == ACTKERN_OK) s = CheckMatrix(dy, dy_stride, rows, cols, &fdy);
  if (s == ACTKERN_OK) s = CheckMatrix(dx, dx_stride, rows, cols, &fdx);
  if (s != ACTKERN_OK) return s;
  if (BadOverlap(fdx, fy) || BadOverlap(fdx, fdy)) return ACTKERN_ERROR_OVERLAP;
  const BackwardArgs a{y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols,
                       log};
  HWY_DYNAMIC_DISPATCH(SoftmaxBackwardRows)(&a);
  return ACTKERN_OK;
}

actkern_status CrossEntropyImpl(const float* z, size_t z_stride,
                                const int32_t* labels, const float* t,
                                size_t t_stride, float* loss, float* grad,
                                size_t g_stride, size_t rows, size_t cols,
                                int32_t ignore_index, float eps,
                                actkern_reduction reduction) {
  internal::InitOnce();
  if (rows == 0 || cols == 0) return ACTKERN_OK;
  const bool soft = labels == nullptr;
  if (z == nullptr || loss == nullptr || (soft && t == nullptr)) {
    return ACTKERN_ERROR_NULL_POINTER;
  }
  if (!(eps >= 0.0f && eps <= 1.0f)) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (reduction != ACTKERN_REDUCTION_NONE &&
      reduction != ACTKERN_REDUCTION_MEAN &&
      reduction != ACTKERN_REDUCTION_SUM) {
    return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
  Footprint fz, ft, fg, floss, flab;
  actkern_status s = CheckMatrix(z, z_stride, rows, cols, &fz);
  if (s == ACTKERN_OK && soft) s = CheckMatrix(t, t_stride, rows, cols, &ft);
  if (s == ACTKERN_OK && grad != nullptr) {
    s = CheckMatrix(grad, g_stride, rows, cols, &fg);
  }
  const size_t n_loss = reduction == ACTKERN_REDUCTION_NONE ? rows : 1;
  if (s == ACTKERN_OK) s = CheckMatrix(loss, n_loss, 1, n_loss, &floss);
  // labels: rows int32, same size as floats.
  if (s == ACTKERN_OK && !soft) s = CheckMatrix(labels, rows, 1, rows, &flab);
  if (s != ACTKERN_OK) return s;
  if (AnyOverlap(floss, fz) || (soft && AnyOverlap(floss, ft)) ||
      (!soft && AnyOverlap(floss, flab))) {
    return ACTKERN_ERROR_OVERLAP;
  }
  if (grad != nullptr) {
    if (AnyOverlap(floss, fg) || BadOverlap(fg, fz) ||
        (soft && AnyOverlap(fg, ft)) || (!soft && AnyOverlap(fg, flab))) {
      return ACTKERN_ERROR_OVERLAP;
    }
  }
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
  const double gscale = (reduction == ACTKERN_REDUCTION_MEAN && n_valid != 0)
                            ? 1.0 / static_cast<double>(n_valid)
                            : 1.0;
  const CrossEntropyArgs a{z,    z_stride, labels, soft ? t : nullptr,
                           t_stride, loss, grad,   g_stride,
                           rows, cols,     ignore_index, eps,
                           static_cast<int>(reduction), gscale};
  const double total = HWY_DYNAMIC_DISPATCH(CrossEntropyRows)(&a);
  if (reduction == ACTKERN_REDUCTION_MEAN) {
    loss[0] = static_cast<float>(total / static_cast<double>(n_valid));
  } else if (reduction == ACTKERN_REDUCTION_SUM) {
    loss[0] = static_cast<float>(total);
  }
  return ACTKERN_OK;
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
  if (rows != 0 && cols != 0 && labels == nullptr) {
    actkern::internal::InitOnce();
    return ACTKERN_ERROR_NULL_POINTER;
  }
  return actkern::CrossEntropyImpl(logits, logits_stride, labels, nullptr, 0,
                                   loss, grad, grad_stride, rows, cols,
                                   ignore_index, label_smoothing, reduction);
}

actkern_status actkern_softmax_cross_entropy_soft_f32(
    const float* logits, size_t logits_stride, const float* targets,
    size_t targets_stride, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction) {
  if (rows != 0 && cols != 0 && targets == nullptr) {
    actkern::internal::InitOnce();
    return ACTKERN_ERROR_NULL_POINTER;
  }
  return actkern::CrossEntropyImpl(logits, logits_stride, nullptr, targets,
                                   targets_stride, loss, grad, grad_stride,
                                   rows, cols, 0, label_smoothing, reduction);
}

}  // extern "C"
#endif  // HWY_ONCE
