// Softmax and log-softmax backward rows, compiled once per Highway target
// (dispatched from softmax.cc):
//   softmax:      dx = y (dy - sum y dy)
//   log-softmax:  dx = dy - e^y sum dy
// The row sum goes through the fixed-order 32-partial reduction
// (core/reduce-inl.h), so the bits are the same on every FMA target.
#if defined(ACTKERN_KERNELS_SOFTMAX_BACKWARD_INL_H_) == \
    defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_SOFTMAX_BACKWARD_INL_H_
#undef ACTKERN_KERNELS_SOFTMAX_BACKWARD_INL_H_
#else
#define ACTKERN_KERNELS_SOFTMAX_BACKWARD_INL_H_
#endif

#include <stddef.h>

#include "kernels/core/array-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/core/reduce-inl.h"
#include "kernels/softmax_args.h"
#include "kernels/softmax_shared-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

inline void SoftmaxBackwardRows(const BackwardArgs* a) {
  for (size_t r = 0; r < a->rows; ++r) {
    const float* y = a->y + r * a->y_stride;
    const float* dy = a->dy + r * a->dy_stride;
    float* dx = a->dx + r * a->dx_stride;
    const size_t n = a->cols;
    if (!a->log) {
      const float dot = static_cast<float>(FixedOrderSum(
          y, dy, n, [](ReduceV u, ReduceV v) { return hn::Mul(u, v); }));
      const auto grad = [dot](auto d, auto yv, auto g) {
        return hn::Mul(yv, hn::Sub(g, hn::Set(d, dot)));
      };
      ForEachElement(grad, n, dx, y, dy);
    } else {
      const float sum = static_cast<float>(
          FixedOrderSum(dy, dy, n, [](ReduceV u, ReduceV) { return u; }));
      const auto grad = [sum](auto d, auto yv, auto g) {
        return hn::NegMulAdd(Exp(d, yv), hn::Set(d, sum), g);
      };
      ForEachElement(grad, n, dx, y, dy);
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_SOFTMAX_BACKWARD_INL_H_ per-target guard
