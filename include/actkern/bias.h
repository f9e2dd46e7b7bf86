// actkern: bias-fused activations, the GEMM epilogue a library without its
// own GEMM can offer: y[r, c] = act(x[r, c] + bias[c]) for every elementwise
// forward kernel of the kernel table (actkern/kernel_table.def), in one pass
// over memory instead of a bias add and an activation pass.
//
//   actkern_<name>_bias_f32(x, x_stride, bias, y, y_stride, rows, cols,
//                           params...)
// and, for rows with a fast tier, actkern_<name>_bias_fast_f32; each with a
// _par form (row ranges, bit-identical to the plain call). C++:
// actkern::<Cxx>Bias(...), actkern::fast::<Cxx>Bias(...).
//
// The sum x + bias is formed once, in float (round to nearest), and the
// activation is its elementwise kernel applied to that float: the results are
// bit for bit actkern_<name>_f32 of the float sums, so the activation's
// bound, special values and parameter domain hold on the sum (a NaN in x or
// bias gives the activation of NaN; inf + -inf is NaN). Matrices are
// (pointer, row stride in elements >= cols) as in actkern/softmax.h; bias
// has cols floats. y may alias x exactly (same pointer and stride); bias
// must not overlap y. Errors in the common order (actkern/common.h).
#ifndef ACTKERN_BIAS_H_
#define ACTKERN_BIAS_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#define ACTKERN_KT_BIAS_ARGS                                    \
  const float *x, size_t x_stride, const float *bias, float *y, \
      size_t y_stride, size_t rows, size_t cols

#define ACTKERN_DECLARE_BIAS_C(name, Cxx, np, params, defaults, valid, bound, \
                               props, lo, hi, naive, variants, note, input,   \
                               abs, bwd_bound, bwd_naive, measured, bwd_note, \
                               fast)                                          \
  actkern_status actkern_##name##_bias_f32(                                   \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params));               \
  actkern_status actkern_##name##_bias_f32_par(                               \
      const actkern_exec *exec,                                               \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params));               \
  ACTKERN_KT_IF_FAST_##fast(                                                  \
      actkern_status actkern_##name##_bias_fast_f32(                          \
          ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params));           \
      actkern_status actkern_##name##_bias_fast_f32_par(                      \
          const actkern_exec *exec,                                           \
          ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params));)

#ifdef __cplusplus
extern "C" {
#endif

#define ACTKERN_TABLE_ALL
#define ACTKERN_KERNEL ACTKERN_DECLARE_BIAS_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_DECLARE_BIAS_CXX(name, Cxx, np, params, defaults, valid,       \
                                 bound, props, lo, hi, naive, variants, note,  \
                                 input, abs, bwd_bound, bwd_naive, measured,   \
                                 bwd_note, tier)                               \
  inline Status Cxx##Bias(                                                     \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) { \
    return ToStatus(                                                           \
        actkern_##name##_bias_f32(x, x_stride, bias, y, y_stride, rows,        \
                                  cols ACTKERN_KT_PARAM_ARGS(np, params)));    \
  }                                                                            \
  inline Status Cxx##Bias(                                                     \
      const actkern_exec &exec,                                                \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) { \
    return ToStatus(actkern_##name##_bias_f32_par(                             \
        &exec, x, x_stride, bias, y, y_stride, rows,                           \
        cols ACTKERN_KT_PARAM_ARGS(np, params)));                              \
  }                                                                            \
  ACTKERN_KT_IF_FAST_##tier(namespace fast {                                   \
    inline Status Cxx##Bias(ACTKERN_KT_BIAS_ARGS ACTKERN_KT_CXX_PARAM_DECLS(   \
        np, params, defaults)) {                                               \
      return ToStatus(actkern_##name##_bias_fast_f32(                          \
          x, x_stride, bias, y, y_stride, rows,                                \
          cols ACTKERN_KT_PARAM_ARGS(np, params)));                            \
  }                                                                            \
  })
#define ACTKERN_TABLE_ALL
#define ACTKERN_KERNEL ACTKERN_DECLARE_BIAS_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_BIAS_H_
