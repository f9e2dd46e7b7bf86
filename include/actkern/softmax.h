// actkern: row-wise softmax family. Numerically stable softmax and
// log-softmax, their backward passes, and fused softmax cross-entropy (hard
// and soft labels), on row-major float32 matrices.
//
// Layout. A matrix argument is (pointer p, row stride s): element (r, c) is
// p[r * s + c], for r < rows and c < cols. Strides are in elements (not
// bytes) and must be >= cols. The footprint of a matrix is the element range
// [p, p + (rows - 1) * s + cols).
//
// Aliasing. An output may alias an input exactly (same pointer and same
// stride): the kernels are then in place. Any other overlap of footprints
// (even one whose rows interleave without touching) is
// ACTKERN_ERROR_OVERLAP.
//
// Errors, in the order of actkern/common.h (the same for every family): a
// bad parameter (scale, label_smoothing, reduction) is
// ACTKERN_ERROR_INVALID_ARGUMENT even when rows == 0 or cols == 0; otherwise
// rows == 0 or cols == 0 is a no-op returning ACTKERN_OK (pointers may be
// NULL; nothing is read or written); then a NULL pointer that the call needs
// is ACTKERN_ERROR_NULL_POINTER; stride < cols or a footprint whose byte size
// overflows size_t or the address space is ACTKERN_ERROR_INVALID_ARGUMENT;
// then overlap, then labels. Every argument (every label included) is checked
// before anything is written, so on any error no output has been touched.
//
// Special values, per row (rows never affect each other):
//  - a NaN anywhere in the row: every output of the row is NaN (cross-entropy:
//    that row's loss and gradient row are NaN);
//  - +inf entries and no NaN: the limit; each of the k +inf positions gets
//    1/k and the rest 0 (log-softmax: -log k and -inf);
//  - every entry -inf (a fully masked row): softmax gives 0 everywhere and
//    log-softmax -inf everywhere. (PyTorch gives NaN here.)
//  - finite logits of any magnitude, +-3e38 included, are exact inputs: the
//    max shift never overflows.
//  - cols == 1: softmax is exactly 1, log-softmax exactly +0 (finite x).
//
// Scale. softmax(scale * x): the logits are z[c] = fl(scale * x[c]), the
// float product, then normalised (so scale = 1 / sqrt(d) fuses the attention
// scaling and scale = -1 is softmin, both exact for scale = +-1). If a
// product overflows float for a finite x, that row is computed from the exact
// double products instead. scale must be finite and non-zero.
//
// Accuracy (every target): softmax and log-softmax outputs within 2 ULP of
// the double reference of actkern/reference.h (for log-softmax this includes
// the max element of a row whose other terms are tiny, where the result is a
// tiny negative number); each softmax row sums to 1 within 2^-22. The
// cross-entropy loss is within 2 ULP of its reference.
//
// Fast tier. actkern_softmax_fast_f32, actkern_log_softmax_fast_f32 and
// the two cross-entropy functions' _fast_f32 forms (and their _par forms)
// take the same arguments and keep every rule above (errors, aliasing,
// special values, scale, reproducibility) except the accuracy: their
// e^(z - max) comes from a cheaper exp (about 1 ULP instead of 0.5), so
// outputs and the loss are within 4 ULP of the reference and softmax row
// sums within 2^-21 of 1. C++: actkern::fast::Softmax and the rest, the
// same overloads. The tier is chosen at each call; there is no global mode.
//
// Reproducibility. Every sum runs over a fixed logical block of 32 partial
// sums (element c goes to partial c mod 32, combined in a fixed order), so the
// same inputs give bit-identical outputs on every target with FMA (AVX2,
// AVX-512, NEON, SVE up to 512 bits), at every row length.
#ifndef ACTKERN_SOFTMAX_H_
#define ACTKERN_SOFTMAX_H_

#include <stddef.h>
#include <stdint.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// Reduction of the per-row cross-entropy losses.
typedef enum actkern_reduction {
  // loss[r] for every row r (ignored rows get 0): `loss` has `rows` floats.
  ACTKERN_REDUCTION_NONE = 0,
  // loss[0] = mean over the rows whose label is not ignore_index (NaN when
  // every row is ignored, as in PyTorch); the gradient is divided by the
  // number of those rows, i.e. it is the gradient of the mean.
  ACTKERN_REDUCTION_MEAN = 1,
  // loss[0] = sum over all rows.
  ACTKERN_REDUCTION_SUM = 2
} actkern_reduction;

// y[r, :] = softmax(scale * x[r, :]) for each of `rows` rows of `cols`
// elements: e^(z - max z) / sum e^(z - max z). In place when y == x and
// y_stride == x_stride.
actkern_status actkern_softmax_f32(const float* x, size_t x_stride, float* y,
                                   size_t y_stride, size_t rows, size_t cols,
                                   float scale);

// y[r, :] = log_softmax(scale * x[r, :]) = z - max z - log(sum e^(z - max z)).
actkern_status actkern_log_softmax_f32(const float* x, size_t x_stride,
                                       float* y, size_t y_stride, size_t rows,
                                       size_t cols, float scale);

// Backward of softmax, given its output y and the upstream gradient dy:
// dx = y * (dy - sum(y * dy)) per row. dx may alias y or dy exactly.
actkern_status actkern_softmax_backward_f32(const float* y, size_t y_stride,
                                            const float* dy, size_t dy_stride,
                                            float* dx, size_t dx_stride,
                                            size_t rows, size_t cols);

// Backward of log-softmax, given its output y and dy:
// dx = dy - e^y * sum(dy) per row. dx may alias y or dy exactly.
actkern_status actkern_log_softmax_backward_f32(const float* y, size_t y_stride,
                                                const float* dy,
                                                size_t dy_stride, float* dx,
                                                size_t dx_stride, size_t rows,
                                                size_t cols);

// Fused softmax cross-entropy with hard labels, in one pass over the logits.
// Per row r with label l = labels[r]:
//   loss_r = sum_c q_c * (lse(z) - z_c),  q = (1 - eps) onehot(l) + eps / cols
// (PyTorch's label smoothing; eps = 0 gives lse(z) - z_l), and, if grad is
// not NULL, grad[r, :] = softmax(z) - q (times 1 / n_valid for
// ACTKERN_REDUCTION_MEAN). Rows whose label is ignore_index get loss 0 and a
// zero gradient row. A label outside [0, cols) other than ignore_index is
// ACTKERN_ERROR_LABEL_OUT_OF_RANGE (every label is checked first). eps must
// be in [0, 1]. `loss` receives `rows` floats (REDUCTION_NONE) or one.
// grad may alias logits exactly (grad == logits, same stride); `loss` must
// not overlap any other argument. A row of all -inf logits has loss +inf.
actkern_status actkern_softmax_cross_entropy_f32(
    const float* logits, size_t logits_stride, const int32_t* labels,
    float* loss, float* grad, size_t grad_stride, size_t rows, size_t cols,
    int32_t ignore_index, float label_smoothing, actkern_reduction reduction);

// Fused softmax cross-entropy with soft labels (a target row per row, any
// non-negative weights, normally a probability distribution):
//   q = (1 - eps) t + eps / cols,  loss_r = sum_c q_c * (lse(z) - z_c),
//   grad[r, :] = softmax(z) * sum(q) - q  (times 1 / rows for MEAN).
// Terms with q_c == 0 contribute 0 even where z_c = -inf (x log x -> 0).
// grad may alias logits exactly; targets must not overlap grad or loss.
actkern_status actkern_softmax_cross_entropy_soft_f32(
    const float* logits, size_t logits_stride, const float* targets,
    size_t targets_stride, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction);

// ---------------------------------------------------------------- masks
// Masked softmax and log-softmax rows, without a mask tensor. Row r (counted
// from the first row of the call) uses its first valid(r) columns:
//   valid(r) = min(L, C),  L = lengths ? lengths[r] : cols,
//   C = causal ? clamp(r + causal_offset + 1, 0, cols) : cols
// (causal: column c is masked when c > r + causal_offset; for a block of
// queries at the end of a sequence of cols keys, causal_offset = cols - rows).
// Each row's first valid(r) outputs are bit for bit those of the unmasked
// function applied to those columns alone (same accuracy, same special
// values); the masked outputs are exactly +0 (log-softmax: -inf). A row with
// valid(r) == 0 is fully masked: +0 everywhere (log-softmax: -inf), the rule
// of an all -inf row. lengths may be NULL (no length mask); causal must be 0
// or 1, else ACTKERN_ERROR_INVALID_ARGUMENT; a length outside [0, cols] is
// ACTKERN_ERROR_LENGTH_OUT_OF_RANGE (every length is checked before
// anything is written). Masked columns are never read. lengths must not
// overlap y. In place as softmax. Backward: softmax's backward already
// gives 0 at masked columns (y = 0 there); for log-softmax pass dy = 0 at
// masked columns.
actkern_status actkern_softmax_masked_f32(const float* x, size_t x_stride,
                                          float* y, size_t y_stride,
                                          size_t rows, size_t cols, float scale,
                                          const int64_t* lengths,
                                          int32_t causal,
                                          int64_t causal_offset);
actkern_status actkern_log_softmax_masked_f32(
    const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows,
    size_t cols, float scale, const int64_t* lengths, int32_t causal,
    int64_t causal_offset);
// Fast tier (see "Fast tier" above).
actkern_status actkern_softmax_masked_fast_f32(
    const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows,
    size_t cols, float scale, const int64_t* lengths, int32_t causal,
    int64_t causal_offset);
actkern_status actkern_log_softmax_masked_fast_f32(
    const float* x, size_t x_stride, float* y, size_t y_stride, size_t rows,
    size_t cols, float scale, const int64_t* lengths, int32_t causal,
    int64_t causal_offset);

// ---------------------------------------------------------------- logsumexp
// out[r] = log(sum_c e^(z[r, c])), z = fl(scale * x), for each row: `out`
// has `rows` floats and must not overlap x. Computed as m + log S (m the row
// max, S = sum e^(z - m) in [1, cols]) and rounded once from double; where
// m + log S cancels (|result| < 2) S is recomputed in double, so the bound
// holds there too. Accuracy: within 1.5 ULP of the double reference
// (actkern/reference.h) wherever |result| >= 2^-28 (measured: 0.55 ULP on
// normal rows, 0.75 on cancelling ones); closer to 0 the error is below 2^-50
// absolutely (such a result is m - (-log S) to more bits than double
// carries). Special values: a NaN in the row gives NaN; else a
// +inf gives +inf; a row of all -inf gives -inf; finite logits never
// overflow (+-3e38 included). cols == 1 gives z exactly.
actkern_status actkern_logsumexp_f32(const float* x, size_t x_stride,
                                     float* out, size_t rows, size_t cols,
                                     float scale);

// ---------------------------------------------------------------- 16-bit
// Softmax and log-softmax of bfloat16 or binary16 logits into the same type
// (actkern_bf16 / actkern_f16 storage, actkern/half.h): the same arguments,
// strides in elements, aliasing, error order and special values as the float
// functions (a NaN output is the type's quiet NaN). Computed in float on the
// fast tier's exp, rounded once to nearest even: every output within 0.51 ULP
// of the 16-bit type against the double reference of the widened logits
// (measured by actkern-accuracy --softmax on its battery), so each softmax
// row sums to 1 within the 16-bit rounding of its terms. Bits are the same on
// every FMA target. _par forms split rows only (bit-identical to the plain
// call). C++: actkern::bf16::Softmax, actkern::f16::LogSoftmax, ...
actkern_status actkern_softmax_bf16(const actkern_bf16* x, size_t x_stride,
                                    actkern_bf16* y, size_t y_stride,
                                    size_t rows, size_t cols, float scale);
actkern_status actkern_log_softmax_bf16(const actkern_bf16* x, size_t x_stride,
                                        actkern_bf16* y, size_t y_stride,
                                        size_t rows, size_t cols, float scale);
actkern_status actkern_softmax_f16(const actkern_f16* x, size_t x_stride,
                                   actkern_f16* y, size_t y_stride, size_t rows,
                                   size_t cols, float scale);
actkern_status actkern_log_softmax_f16(const actkern_f16* x, size_t x_stride,
                                       actkern_f16* y, size_t y_stride,
                                       size_t rows, size_t cols, float scale);
// Their backward passes, y, dy and dx in the 16-bit type: softmax dx = y (dy
// - sum y dy), log-softmax dx = dy - e^y sum dy, computed in double (the sum
// in column order) and rounded once: within 1 ULP of the type (measured by
// tests/softmax_half_test.cc). dx may alias y or dy exactly. Scalar code,
// the same bits on every target.
actkern_status actkern_softmax_backward_bf16(const actkern_bf16* y,
                                             size_t y_stride,
                                             const actkern_bf16* dy,
                                             size_t dy_stride, actkern_bf16* dx,
                                             size_t dx_stride, size_t rows,
                                             size_t cols);
actkern_status actkern_log_softmax_backward_bf16(
    const actkern_bf16* y, size_t y_stride, const actkern_bf16* dy,
    size_t dy_stride, actkern_bf16* dx, size_t dx_stride, size_t rows,
    size_t cols);
actkern_status actkern_softmax_backward_f16(const actkern_f16* y,
                                            size_t y_stride,
                                            const actkern_f16* dy,
                                            size_t dy_stride, actkern_f16* dx,
                                            size_t dx_stride, size_t rows,
                                            size_t cols);
actkern_status actkern_log_softmax_backward_f16(
    const actkern_f16* y, size_t y_stride, const actkern_f16* dy,
    size_t dy_stride, actkern_f16* dx, size_t dx_stride, size_t rows,
    size_t cols);
actkern_status actkern_softmax_backward_bf16_par(
    const actkern_exec* exec, const actkern_bf16* y, size_t y_stride,
    const actkern_bf16* dy, size_t dy_stride, actkern_bf16* dx,
    size_t dx_stride, size_t rows, size_t cols);
actkern_status actkern_log_softmax_backward_bf16_par(
    const actkern_exec* exec, const actkern_bf16* y, size_t y_stride,
    const actkern_bf16* dy, size_t dy_stride, actkern_bf16* dx,
    size_t dx_stride, size_t rows, size_t cols);
actkern_status actkern_softmax_backward_f16_par(
    const actkern_exec* exec, const actkern_f16* y, size_t y_stride,
    const actkern_f16* dy, size_t dy_stride, actkern_f16* dx, size_t dx_stride,
    size_t rows, size_t cols);
actkern_status actkern_log_softmax_backward_f16_par(
    const actkern_exec* exec, const actkern_f16* y, size_t y_stride,
    const actkern_f16* dy, size_t dy_stride, actkern_f16* dx, size_t dx_stride,
    size_t rows, size_t cols);
// Fused softmax cross-entropy with hard labels over 16-bit logits: the
// arguments, label rules, smoothing, reductions, aliasing (grad may alias
// logits exactly) and error order of actkern_softmax_cross_entropy_f32, the
// loss in float, the gradient row in the logits' type. Computed in float on
// the fast tier's exp with the sums and the loss in double; each gradient
// element is rounded once from double. Bounds (tests/softmax_half_test.cc):
// loss within 4 float ULP (the fast f32 cross-entropy's bound); with
// label_smoothing = 0 every gradient element within 0.51 ULP of the 16-bit
// type; with smoothing, softmax(z) - q may cancel, and the bound is 0.51 ULP
// plus 2^-20 (p + q) gscale absolute. Same bits on every FMA target. _par
// forms split rows only (the MEAN and SUM losses add the ranges' sums in
// range order, as the float function does). C++:
// actkern::bf16::SoftmaxCrossEntropy, actkern::f16::SoftmaxCrossEntropy.
actkern_status actkern_softmax_cross_entropy_bf16(
    const actkern_bf16* logits, size_t logits_stride, const int32_t* labels,
    float* loss, actkern_bf16* grad, size_t grad_stride, size_t rows,
    size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_f16(
    const actkern_f16* logits, size_t logits_stride, const int32_t* labels,
    float* loss, actkern_f16* grad, size_t grad_stride, size_t rows,
    size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_bf16_par(
    const actkern_exec* exec, const actkern_bf16* logits, size_t logits_stride,
    const int32_t* labels, float* loss, actkern_bf16* grad, size_t grad_stride,
    size_t rows, size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_f16_par(
    const actkern_exec* exec, const actkern_f16* logits, size_t logits_stride,
    const int32_t* labels, float* loss, actkern_f16* grad, size_t grad_stride,
    size_t rows, size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_bf16_par(const actkern_exec* exec,
                                        const actkern_bf16* x, size_t x_stride,
                                        actkern_bf16* y, size_t y_stride,
                                        size_t rows, size_t cols, float scale);
actkern_status actkern_log_softmax_bf16_par(const actkern_exec* exec,
                                            const actkern_bf16* x,
                                            size_t x_stride, actkern_bf16* y,
                                            size_t y_stride, size_t rows,
                                            size_t cols, float scale);
actkern_status actkern_softmax_f16_par(const actkern_exec* exec,
                                       const actkern_f16* x, size_t x_stride,
                                       actkern_f16* y, size_t y_stride,
                                       size_t rows, size_t cols, float scale);
actkern_status actkern_log_softmax_f16_par(const actkern_exec* exec,
                                           const actkern_f16* x,
                                           size_t x_stride, actkern_f16* y,
                                           size_t y_stride, size_t rows,
                                           size_t cols, float scale);

// Parallel forms (actkern/common.h, "execution"): the same arguments after
// an execution context, the same contract and error order. Rows are split in
// ranges (bit-identical to the plain call); softmax and log-softmax rows of
// ACTKERN_PAR_LONG_ROW_COLS or more columns are split into column blocks
// (bit-identical for any pool and thread count, possibly not to the plain
// call in the last bit; see common.h).
actkern_status actkern_softmax_f32_par(const actkern_exec* exec, const float* x,
                                       size_t x_stride, float* y,
                                       size_t y_stride, size_t rows,
                                       size_t cols, float scale);
actkern_status actkern_log_softmax_f32_par(const actkern_exec* exec,
                                           const float* x, size_t x_stride,
                                           float* y, size_t y_stride,
                                           size_t rows, size_t cols,
                                           float scale);
actkern_status actkern_softmax_backward_f32_par(
    const actkern_exec* exec, const float* y, size_t y_stride, const float* dy,
    size_t dy_stride, float* dx, size_t dx_stride, size_t rows, size_t cols);
actkern_status actkern_log_softmax_backward_f32_par(
    const actkern_exec* exec, const float* y, size_t y_stride, const float* dy,
    size_t dy_stride, float* dx, size_t dx_stride, size_t rows, size_t cols);
actkern_status actkern_softmax_cross_entropy_f32_par(
    const actkern_exec* exec, const float* logits, size_t logits_stride,
    const int32_t* labels, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_soft_f32_par(
    const actkern_exec* exec, const float* logits, size_t logits_stride,
    const float* targets, size_t targets_stride, float* loss, float* grad,
    size_t grad_stride, size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction);

actkern_status actkern_softmax_masked_f32_par(
    const actkern_exec* exec, const float* x, size_t x_stride, float* y,
    size_t y_stride, size_t rows, size_t cols, float scale,
    const int64_t* lengths, int32_t causal, int64_t causal_offset);
actkern_status actkern_log_softmax_masked_f32_par(
    const actkern_exec* exec, const float* x, size_t x_stride, float* y,
    size_t y_stride, size_t rows, size_t cols, float scale,
    const int64_t* lengths, int32_t causal, int64_t causal_offset);
actkern_status actkern_softmax_masked_fast_f32_par(
    const actkern_exec* exec, const float* x, size_t x_stride, float* y,
    size_t y_stride, size_t rows, size_t cols, float scale,
    const int64_t* lengths, int32_t causal, int64_t causal_offset);
actkern_status actkern_log_softmax_masked_fast_f32_par(
    const actkern_exec* exec, const float* x, size_t x_stride, float* y,
    size_t y_stride, size_t rows, size_t cols, float scale,
    const int64_t* lengths, int32_t causal, int64_t causal_offset);
// Masked rows and logsumexp are split in row ranges only (never in column
// blocks), so the _par forms are bit-identical to the plain calls.
actkern_status actkern_logsumexp_f32_par(const actkern_exec* exec,
                                         const float* x, size_t x_stride,
                                         float* out, size_t rows, size_t cols,
                                         float scale);

// The fast tier (see "Fast tier" above): the same signatures.
actkern_status actkern_softmax_fast_f32(const float* x, size_t x_stride,
                                        float* y, size_t y_stride, size_t rows,
                                        size_t cols, float scale);
actkern_status actkern_log_softmax_fast_f32(const float* x, size_t x_stride,
                                            float* y, size_t y_stride,
                                            size_t rows, size_t cols,
                                            float scale);
actkern_status actkern_softmax_cross_entropy_fast_f32(
    const float* logits, size_t logits_stride, const int32_t* labels,
    float* loss, float* grad, size_t grad_stride, size_t rows, size_t cols,
    int32_t ignore_index, float label_smoothing, actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_soft_fast_f32(
    const float* logits, size_t logits_stride, const float* targets,
    size_t targets_stride, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_fast_f32_par(const actkern_exec* exec,
                                            const float* x, size_t x_stride,
                                            float* y, size_t y_stride,
                                            size_t rows, size_t cols,
                                            float scale);
actkern_status actkern_log_softmax_fast_f32_par(const actkern_exec* exec,
                                                const float* x, size_t x_stride,
                                                float* y, size_t y_stride,
                                                size_t rows, size_t cols,
                                                float scale);
actkern_status actkern_softmax_cross_entropy_fast_f32_par(
    const actkern_exec* exec, const float* logits, size_t logits_stride,
    const int32_t* labels, float* loss, float* grad, size_t grad_stride,
    size_t rows, size_t cols, int32_t ignore_index, float label_smoothing,
    actkern_reduction reduction);
actkern_status actkern_softmax_cross_entropy_soft_fast_f32_par(
    const actkern_exec* exec, const float* logits, size_t logits_stride,
    const float* targets, size_t targets_stride, float* loss, float* grad,
    size_t grad_stride, size_t rows, size_t cols, float label_smoothing,
    actkern_reduction reduction);

#ifdef __cplusplus
}  // extern "C"

namespace actkern {

enum class Reduction : int {
  kNone = ACTKERN_REDUCTION_NONE,
  kMean = ACTKERN_REDUCTION_MEAN,
  kSum = ACTKERN_REDUCTION_SUM,
};

inline Status Softmax(const float* x, size_t x_stride, float* y,
                      size_t y_stride, size_t rows, size_t cols,
                      float scale = 1.0f) {
  return ToStatus(
      actkern_softmax_f32(x, x_stride, y, y_stride, rows, cols, scale));
}
inline Status LogSoftmax(const float* x, size_t x_stride, float* y,
                         size_t y_stride, size_t rows, size_t cols,
                         float scale = 1.0f) {
  return ToStatus(
      actkern_log_softmax_f32(x, x_stride, y, y_stride, rows, cols, scale));
}
inline Status SoftmaxBackward(const float* y, size_t y_stride, const float* dy,
                              size_t dy_stride, float* dx, size_t dx_stride,
                              size_t rows, size_t cols) {
  return ToStatus(actkern_softmax_backward_f32(y, y_stride, dy, dy_stride, dx,
                                               dx_stride, rows, cols));
}
inline Status LogSoftmaxBackward(const float* y, size_t y_stride,
                                 const float* dy, size_t dy_stride, float* dx,
                                 size_t dx_stride, size_t rows, size_t cols) {
  return ToStatus(actkern_log_softmax_backward_f32(y, y_stride, dy, dy_stride,
                                                   dx, dx_stride, rows, cols));
}
inline Status SoftmaxCrossEntropy(const float* logits, size_t logits_stride,
                                  const int32_t* labels, float* loss,
                                  float* grad, size_t grad_stride, size_t rows,
                                  size_t cols, int32_t ignore_index = -100,
                                  float label_smoothing = 0.0f,
                                  Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_f32(
      logits, logits_stride, labels, loss, grad, grad_stride, rows, cols,
      ignore_index, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}
inline Status SoftmaxCrossEntropySoft(const float* logits, size_t logits_stride,
                                      const float* targets,
                                      size_t targets_stride, float* loss,
                                      float* grad, size_t grad_stride,
                                      size_t rows, size_t cols,
                                      float label_smoothing = 0.0f,
                                      Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_soft_f32(
      logits, logits_stride, targets, targets_stride, loss, grad, grad_stride,
      rows, cols, label_smoothing, static_cast<actkern_reduction>(reduction)));
}

// Masked rows (see "masks" above): lengths may be nullptr; causal rows mask
// column c > r + causal_offset.
struct RowMask {
  const int64_t* lengths = nullptr;
  bool causal = false;
  int64_t causal_offset = 0;
};
inline Status SoftmaxMasked(const float* x, size_t x_stride, float* y,
                            size_t y_stride, size_t rows, size_t cols,
                            const RowMask& mask, float scale = 1.0f) {
  return ToStatus(actkern_softmax_masked_f32(
      x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status LogSoftmaxMasked(const float* x, size_t x_stride, float* y,
                               size_t y_stride, size_t rows, size_t cols,
                               const RowMask& mask, float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_masked_f32(
      x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status SoftmaxMasked(const actkern_exec& exec, const float* x,
                            size_t x_stride, float* y, size_t y_stride,
                            size_t rows, size_t cols, const RowMask& mask,
                            float scale = 1.0f) {
  return ToStatus(actkern_softmax_masked_f32_par(
      &exec, x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status LogSoftmaxMasked(const actkern_exec& exec, const float* x,
                               size_t x_stride, float* y, size_t y_stride,
                               size_t rows, size_t cols, const RowMask& mask,
                               float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_masked_f32_par(
      &exec, x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
// out[r] = logsumexp(scale * x[r, :]).
inline Status LogSumExp(const float* x, size_t x_stride, float* out,
                        size_t rows, size_t cols, float scale = 1.0f) {
  return ToStatus(actkern_logsumexp_f32(x, x_stride, out, rows, cols, scale));
}
inline Status LogSumExp(const actkern_exec& exec, const float* x,
                        size_t x_stride, float* out, size_t rows, size_t cols,
                        float scale = 1.0f) {
  return ToStatus(
      actkern_logsumexp_f32_par(&exec, x, x_stride, out, rows, cols, scale));
}

// The parallel forms: the same, after a const actkern_exec& (ExecOf wraps
// any callable pool).
inline Status Softmax(const actkern_exec& exec, const float* x, size_t x_stride,
                      float* y, size_t y_stride, size_t rows, size_t cols,
                      float scale = 1.0f) {
  return ToStatus(actkern_softmax_f32_par(&exec, x, x_stride, y, y_stride, rows,
                                          cols, scale));
}
inline Status LogSoftmax(const actkern_exec& exec, const float* x,
                         size_t x_stride, float* y, size_t y_stride,
                         size_t rows, size_t cols, float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_f32_par(&exec, x, x_stride, y, y_stride,
                                              rows, cols, scale));
}
inline Status SoftmaxBackward(const actkern_exec& exec, const float* y,
                              size_t y_stride, const float* dy,
                              size_t dy_stride, float* dx, size_t dx_stride,
                              size_t rows, size_t cols) {
  return ToStatus(actkern_softmax_backward_f32_par(
      &exec, y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols));
}
inline Status LogSoftmaxBackward(const actkern_exec& exec, const float* y,
                                 size_t y_stride, const float* dy,
                                 size_t dy_stride, float* dx, size_t dx_stride,
                                 size_t rows, size_t cols) {
  return ToStatus(actkern_log_softmax_backward_f32_par(
      &exec, y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols));
}
inline Status SoftmaxCrossEntropy(const actkern_exec& exec, const float* logits,
                                  size_t logits_stride, const int32_t* labels,
                                  float* loss, float* grad, size_t grad_stride,
                                  size_t rows, size_t cols,
                                  int32_t ignore_index = -100,
                                  float label_smoothing = 0.0f,
                                  Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_f32_par(
      &exec, logits, logits_stride, labels, loss, grad, grad_stride, rows, cols,
      ignore_index, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}
inline Status SoftmaxCrossEntropySoft(
    const actkern_exec& exec, const float* logits, size_t logits_stride,
    const float* targets, size_t targets_stride, float* loss, float* grad,
    size_t grad_stride, size_t rows, size_t cols, float label_smoothing = 0.0f,
    Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_soft_f32_par(
      &exec, logits, logits_stride, targets, targets_stride, loss, grad,
      grad_stride, rows, cols, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}

// The fast tier: the same overloads in namespace actkern::fast.
namespace fast {
inline Status Softmax(const float* x, size_t x_stride, float* y,
                      size_t y_stride, size_t rows, size_t cols,
                      float scale = 1.0f) {
  return ToStatus(
      actkern_softmax_fast_f32(x, x_stride, y, y_stride, rows, cols, scale));
}
inline Status LogSoftmax(const float* x, size_t x_stride, float* y,
                         size_t y_stride, size_t rows, size_t cols,
                         float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_fast_f32(x, x_stride, y, y_stride, rows,
                                               cols, scale));
}
inline Status SoftmaxCrossEntropy(const float* logits, size_t logits_stride,
                                  const int32_t* labels, float* loss,
                                  float* grad, size_t grad_stride, size_t rows,
                                  size_t cols, int32_t ignore_index = -100,
                                  float label_smoothing = 0.0f,
                                  Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_fast_f32(
      logits, logits_stride, labels, loss, grad, grad_stride, rows, cols,
      ignore_index, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}
inline Status SoftmaxCrossEntropySoft(const float* logits, size_t logits_stride,
                                      const float* targets,
                                      size_t targets_stride, float* loss,
                                      float* grad, size_t grad_stride,
                                      size_t rows, size_t cols,
                                      float label_smoothing = 0.0f,
                                      Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_soft_fast_f32(
      logits, logits_stride, targets, targets_stride, loss, grad, grad_stride,
      rows, cols, label_smoothing, static_cast<actkern_reduction>(reduction)));
}
inline Status Softmax(const actkern_exec& exec, const float* x, size_t x_stride,
                      float* y, size_t y_stride, size_t rows, size_t cols,
                      float scale = 1.0f) {
  return ToStatus(actkern_softmax_fast_f32_par(&exec, x, x_stride, y, y_stride,
                                               rows, cols, scale));
}
inline Status LogSoftmax(const actkern_exec& exec, const float* x,
                         size_t x_stride, float* y, size_t y_stride,
                         size_t rows, size_t cols, float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_fast_f32_par(
      &exec, x, x_stride, y, y_stride, rows, cols, scale));
}
inline Status SoftmaxCrossEntropy(const actkern_exec& exec, const float* logits,
                                  size_t logits_stride, const int32_t* labels,
                                  float* loss, float* grad, size_t grad_stride,
                                  size_t rows, size_t cols,
                                  int32_t ignore_index = -100,
                                  float label_smoothing = 0.0f,
                                  Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_fast_f32_par(
      &exec, logits, logits_stride, labels, loss, grad, grad_stride, rows, cols,
      ignore_index, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}
inline Status SoftmaxCrossEntropySoft(
    const actkern_exec& exec, const float* logits, size_t logits_stride,
    const float* targets, size_t targets_stride, float* loss, float* grad,
    size_t grad_stride, size_t rows, size_t cols, float label_smoothing = 0.0f,
    Reduction reduction = Reduction::kNone) {
  return ToStatus(actkern_softmax_cross_entropy_soft_fast_f32_par(
      &exec, logits, logits_stride, targets, targets_stride, loss, grad,
      grad_stride, rows, cols, label_smoothing,
      static_cast<actkern_reduction>(reduction)));
}
inline Status SoftmaxMasked(const float* x, size_t x_stride, float* y,
                            size_t y_stride, size_t rows, size_t cols,
                            const RowMask& mask, float scale = 1.0f) {
  return ToStatus(actkern_softmax_masked_fast_f32(
      x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status LogSoftmaxMasked(const float* x, size_t x_stride, float* y,
                               size_t y_stride, size_t rows, size_t cols,
                               const RowMask& mask, float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_masked_fast_f32(
      x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status SoftmaxMasked(const actkern_exec& exec, const float* x,
                            size_t x_stride, float* y, size_t y_stride,
                            size_t rows, size_t cols, const RowMask& mask,
                            float scale = 1.0f) {
  return ToStatus(actkern_softmax_masked_fast_f32_par(
      &exec, x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
inline Status LogSoftmaxMasked(const actkern_exec& exec, const float* x,
                               size_t x_stride, float* y, size_t y_stride,
                               size_t rows, size_t cols, const RowMask& mask,
                               float scale = 1.0f) {
  return ToStatus(actkern_log_softmax_masked_fast_f32_par(
      &exec, x, x_stride, y, y_stride, rows, cols, scale, mask.lengths,
      mask.causal ? 1 : 0, mask.causal_offset));
}
}  // namespace fast

// The 16-bit forms ("16-bit types" above), one namespace per type since both
// storage types are uint16_t.
#define ACTKERN_SOFTMAX_HALF_CXX(type)                                         \
  namespace type {                                                             \
  inline Status Softmax(const actkern_##type* x, size_t x_stride,              \
                        actkern_##type* y, size_t y_stride, size_t rows,       \
                        size_t cols, float scale = 1.0f) {                     \
    return ToStatus(                                                           \
        actkern_softmax_##type(x, x_stride, y, y_stride, rows, cols, scale));  \
  }                                                                            \
  inline Status LogSoftmax(const actkern_##type* x, size_t x_stride,           \
                           actkern_##type* y, size_t y_stride, size_t rows,    \
                           size_t cols, float scale = 1.0f) {                  \
    return ToStatus(actkern_log_softmax_##type(x, x_stride, y, y_stride, rows, \
                                               cols, scale));                  \
  }                                                                            \
  inline Status Softmax(const actkern_exec& exec, const actkern_##type* x,     \
                        size_t x_stride, actkern_##type* y, size_t y_stride,   \
                        size_t rows, size_t cols, float scale = 1.0f) {        \
    return ToStatus(actkern_softmax_##type##_par(                              \
        &exec, x, x_stride, y, y_stride, rows, cols, scale));                  \
  }                                                                            \
  inline Status LogSoftmax(const actkern_exec& exec, const actkern_##type* x,  \
                           size_t x_stride, actkern_##type* y,                 \
                           size_t y_stride, size_t rows, size_t cols,          \
                           float scale = 1.0f) {                               \
    return ToStatus(actkern_log_softmax_##type##_par(                          \
        &exec, x, x_stride, y, y_stride, rows, cols, scale));                  \
  }                                                                            \
  inline Status SoftmaxBackward(const actkern_##type* y, size_t y_stride,      \
                                const actkern_##type* dy, size_t dy_stride,    \
                                actkern_##type* dx, size_t dx_stride,          \
                                size_t rows, size_t cols) {                    \
    return ToStatus(actkern_softmax_backward_##type(                           \
        y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols));               \
  }                                                                            \
  inline Status LogSoftmaxBackward(const actkern_##type* y, size_t y_stride,   \
                                   const actkern_##type* dy, size_t dy_stride, \
                                   actkern_##type* dx, size_t dx_stride,       \
                                   size_t rows, size_t cols) {                 \
    return ToStatus(actkern_log_softmax_backward_##type(                       \
        y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols));               \
  }                                                                            \
  inline Status SoftmaxCrossEntropy(const actkern_##type* logits,              \
                                    size_t logits_stride,                      \
                                    const int32_t* labels, float* loss,        \
                                    actkern_##type* grad, size_t grad_stride,  \
                                    size_t rows, size_t cols,                  \
                                    int32_t ignore_index = -100,               \
                                    float label_smoothing = 0.0f,              \
                                    Reduction reduction = Reduction::kNone) {  \
    return ToStatus(actkern_softmax_cross_entropy_##type(                      \
        logits, logits_stride, labels, loss, grad, grad_stride, rows, cols,    \
        ignore_index, label_smoothing,                                         \
        static_cast<actkern_reduction>(reduction)));                           \
  }                                                                            \
  inline Status SoftmaxCrossEntropy(                                           \
      const actkern_exec& exec, const actkern_##type* logits,                  \
      size_t logits_stride, const int32_t* labels, float* loss,                \
      actkern_##type* grad, size_t grad_stride, size_t rows, size_t cols,      \
      int32_t ignore_index = -100, float label_smoothing = 0.0f,               \
      Reduction reduction = Reduction::kNone) {                                \
    return ToStatus(actkern_softmax_cross_entropy_##type##_par(                \
        &exec, logits, logits_stride, labels, loss, grad, grad_stride, rows,   \
        cols, ignore_index, label_smoothing,                                   \
        static_cast<actkern_reduction>(reduction)));                           \
  }                                                                            \
  }  // namespace type
ACTKERN_SOFTMAX_HALF_CXX(bf16)
ACTKERN_SOFTMAX_HALF_CXX(f16)
#undef ACTKERN_SOFTMAX_HALF_CXX

}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_SOFTMAX_H_
