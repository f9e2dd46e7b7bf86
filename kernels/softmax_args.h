// Argument blocks passed from the softmax entry points (softmax.cc) to the
// per-target row kernels (softmax_rows-inl.h, softmax_backward-inl.h,
// cross_entropy-inl.h). Validated before they are built.
#ifndef ACTKERN_KERNELS_SOFTMAX_ARGS_H_
#define ACTKERN_KERNELS_SOFTMAX_ARGS_H_

#include <stddef.h>
#include <stdint.h>

namespace actkern {

struct SoftmaxArgs {
  const float* x;
  size_t x_stride;
  float* y;
  size_t y_stride;
  size_t rows, cols;
  float scale;
  bool log;
  bool fast;  // the fast tier (exp from the fast core)
};

struct BackwardArgs {
  const float* y;
  size_t y_stride;
  const float* dy;
  size_t dy_stride;
  float* dx;
  size_t dx_stride;
  size_t rows, cols;
  bool log;
};

struct CrossEntropyArgs {
  const float* z;
  size_t z_stride;
  const int32_t* labels;  // hard labels, or nullptr
  const float* t;         // soft targets, or nullptr
  size_t t_stride;
  float* loss;
  float* grad;  // nullptr: no gradient
  size_t g_stride;
  size_t rows, cols;
  int32_t ignore_index;
  float eps;
  int reduction;  // actkern_reduction
  double gscale;  // gradient factor (1 / n_valid for the mean)
  bool fast;      // the fast tier (exp from the fast core)
};

}  // namespace actkern

#endif  // ACTKERN_KERNELS_SOFTMAX_ARGS_H_
