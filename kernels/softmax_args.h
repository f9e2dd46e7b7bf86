// Argument blocks passed from the softmax entry points (softmax.cc) to the
// per-target row kernels (softmax_rows-inl.h, softmax_backward-inl.h,
// cross_entropy-inl.h). Validated before they are built.
#ifndef ACTKERN_KERNELS_SOFTMAX_ARGS_H_
#define ACTKERN_KERNELS_SOFTMAX_ARGS_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "actkern/softmax.h"

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
  // Masked rows (actkern_softmax_masked_f32): per-row lengths (or nullptr)
  // and the causal limit, row 0 being this block's first row.
  const int64_t* lengths = nullptr;
  bool causal = false;
  int64_t causal_offset = 0;

  bool Masked() const { return lengths != nullptr || causal; }
  // The number of leading columns row r uses (cols when unmasked).
  size_t ValidCols(size_t r) const {
    size_t n = cols;
    if (lengths != nullptr && static_cast<uint64_t>(lengths[r]) < n) {
      n = static_cast<size_t>(lengths[r]);  // validated: 0 <= lengths[r]
    }
    if (causal) {
      // r + causal_offset + 1 clamped to [0, cols], without overflow: r is
      // below 2^62 (a row index of a valid footprint) and offsets at or
      // above cols leave the row unmasked.
      if (causal_offset < 0 || static_cast<uint64_t>(causal_offset) < cols) {
        const int64_t end =
            static_cast<int64_t>(r) + causal_offset + 1;  // < 2^63
        const size_t c = end <= 0 ? 0 : static_cast<size_t>(end);
        if (c < n) n = c;
      }
    }
    return n;
  }
};

// Rows of logsumexp: out[r] for r < rows.
struct LogSumExpArgs {
  const float* x;
  size_t x_stride;
  float* out;
  size_t rows, cols;
  float scale;
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

// The cross-entropy arguments every form checks (step 1 of the error order):
// smoothing in [0, 1], a known reduction.
inline bool ValidSmoothing(float eps) { return eps >= 0.0f && eps <= 1.0f; }
inline bool ValidReduction(int r) {
  return r == ACTKERN_REDUCTION_NONE || r == ACTKERN_REDUCTION_MEAN ||
         r == ACTKERN_REDUCTION_SUM;
}
// The reduction argument as the integer the caller passed, read without
// loading it as the enum: a C caller may pass any int, and a value outside
// the C++ enum's range read as the enum is undefined behaviour (UBSan's enum
// check reports it).
inline int ReductionValue(const actkern_reduction& r) {
  static_assert(sizeof(actkern_reduction) == sizeof(int), "int-sized enum");
  int v;
  memcpy(&v, &r, sizeof(v));
  return v;
}

// Step 6 of the cross-entropy error order, before anything is written:
// every hard label is ignore_index or in [0, cols). Counts the others into
// *n_valid (the MEAN reduction's divisor).
inline bool LabelsInRange(const int32_t* labels, size_t rows, size_t cols,
                          int32_t ignore_index, size_t* n_valid) {
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t l = labels[r];
    if (l == ignore_index) continue;
    if (l < 0 || static_cast<uint64_t>(l) >= cols) return false;
    ++n;
  }
  *n_valid = n;
  return true;
}
// The gradient's factor: 1 / n_valid for MEAN (1 when no row counts).
inline double GradientScale(int reduction, size_t n_valid) {
  return (reduction == ACTKERN_REDUCTION_MEAN && n_valid != 0)
             ? 1.0 / static_cast<double>(n_valid)
             : 1.0;
}

}  // namespace actkern

#endif  // ACTKERN_KERNELS_SOFTMAX_ARGS_H_
