// actkern: gated activations, y = act(gate) * up, the MLP of current
// transformers (SwiGLU, GeGLU, ReGLU, GLU), in one pass over memory: rows x
// cols matrices, each operand with its own row stride (in elements), so that
// both layouts work without a copy:
//  - two tensors: gate and up separate (strides = their row lengths);
//  - one tensor of rows x 2 cols, PyTorch's F.glu(x) layout: its first half
//    is the value, its second half the gate (F.glu(x) = a * sigmoid(b) with
//    (a, b) the two halves): pass up = x, gate = x + cols, both with stride
//    2 cols.
//
//   actkern_<name>_f32(gate, gate_stride, up, up_stride, y, y_stride, rows,
//                      cols, params...)
//   actkern_<name>_fast_f32(...)      the activation's fast tier (not reglu)
//   actkern_<name>_backward_f32(gate, gate_stride, up, up_stride, dy,
//                      dy_stride, d_gate, d_gate_stride, d_up, d_up_stride,
//                      rows, cols, params...)
//       d_gate = dy * up * act'(gate), d_up = dy * act(gate)
// and their _par forms (exec first, actkern/common.h). The rows, their
// activations and parameters are the gated section of
// actkern/kernel_table.def: swiglu (silu), swishglu (swish, beta), geglu
// (gelu), geglu_tanh (gelu_tanh), reglu (relu), glu (sigmoid).
//
// Accuracy: the activation is the elementwise kernel itself (its documented
// bound B, docs/kernels.md), the product is rounded once: y is within
// 2B + 0.5 ULP of act(gate) * up in exact arithmetic (the 2: a relative error
// of B ULP of act(gate) can be up to 2B ULP of the product); measured maxima
// are in docs/kernels.md. d_up likewise with the precise activation; d_gate
// is the activation's backward kernel applied to dy * up (rounded once).
//
// Special values: those of the activation, then IEEE multiplication: a NaN
// in gate or up gives NaN; act(gate) = 0 times an infinite up is NaN (as in
// PyTorch), e.g. swiglu(-inf, inf).
//
// 16-bit forms: actkern_<name>_bf16 and actkern_<name>_f16 (and _par,
// _backward_), the same arguments with every matrix in the 16-bit type
// (actkern_bf16 / actkern_f16 storage). They compute in float on the
// activation's kernel (its fast tier where it has one) and round once to
// the type; a lane whose float result is too close to a 16-bit rounding
// midpoint for the float bound to decide takes the double reference
// (act(gate) * up in double, rounded once). So the forward results are
// correctly rounded: the exact act(gate) * up of the 16-bit inputs rounded
// to nearest even in the type, on every target (the same bits everywhere).
// Backward: d_up likewise correctly rounded; d_gate within 1 ULP of the
// type (the activation's backward kernel on dy * up, which is exact in
// float for 16-bit inputs unless it under- or overflows float, when the
// double reference is used). Special values and aliasing as above, except
// that every NaN result is the type's positive quiet NaN (0x7FC0, 0x7E00),
// so that the bits are the same on every CPU; where the double reference of
// act(gate) is itself 0 (gelu below about -38, say), 0 * inf is NaN.
//
// Aliasing: y may be gate or up exactly (same pointer and stride); d_gate
// may be gate, d_up may be up or dy; any other overlap is
// ACTKERN_ERROR_OVERLAP. rows == 0 or cols == 0 is a no-op; a stride below
// cols is ACTKERN_ERROR_INVALID_ARGUMENT; the error order is actkern/common.h's
// (parameters first). Nothing is written on an error.
#ifndef ACTKERN_GATED_H_
#define ACTKERN_GATED_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#define ACTKERN_KT_GATED_FWD_ARGS                                           \
  const float *gate, size_t gate_stride, const float *up, size_t up_stride, \
      float *y, size_t y_stride, size_t rows, size_t cols
#define ACTKERN_KT_GATED_BWD_ARGS                                             \
  const float *gate, size_t gate_stride, const float *up, size_t up_stride,   \
      const float *dy, size_t dy_stride, float *d_gate, size_t d_gate_stride, \
      float *d_up, size_t d_up_stride, size_t rows, size_t cols

#define ACTKERN_DECLARE_GATED_C(name, Cxx, act, np, params, defaults, valid, \
                                input, fast)                                 \
  actkern_status actkern_##name##_f32(                                       \
      ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));         \
  actkern_status actkern_##name##_f32_par(                                   \
      const actkern_exec *exec,                                              \
      ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));         \
  actkern_status actkern_##name##_backward_f32(                              \
      ACTKERN_KT_GATED_BWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));         \
  actkern_status actkern_##name##_backward_f32_par(                          \
      const actkern_exec *exec,                                              \
      ACTKERN_KT_GATED_BWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));         \
  ACTKERN_KT_IF_GATED_FAST_##fast(                                           \
      actkern_status actkern_##name##_fast_f32(                              \
          ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));     \
      actkern_status actkern_##name##_fast_f32_par(                          \
          const actkern_exec *exec,                                          \
          ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params));)
// One 16-bit type's forms (T: actkern_bf16 or actkern_f16).
#define ACTKERN_KT_GATED_HALF_FWD_ARGS(T)                                 \
  const T *gate, size_t gate_stride, const T *up, size_t up_stride, T *y, \
      size_t y_stride, size_t rows, size_t cols
#define ACTKERN_KT_GATED_HALF_BWD_ARGS(T)                                      \
  const T *gate, size_t gate_stride, const T *up, size_t up_stride,            \
      const T *dy, size_t dy_stride, T *d_gate, size_t d_gate_stride, T *d_up, \
      size_t d_up_stride, size_t rows, size_t cols
#define ACTKERN_DECLARE_GATED_HALF_C(name, T, suffix, np, params)            \
  actkern_status actkern_##name##_##suffix(                                  \
      ACTKERN_KT_GATED_HALF_FWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)); \
  actkern_status actkern_##name##_##suffix##_par(                            \
      const actkern_exec *exec,                                              \
      ACTKERN_KT_GATED_HALF_FWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)); \
  actkern_status actkern_##name##_backward_##suffix(                         \
      ACTKERN_KT_GATED_HALF_BWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)); \
  actkern_status actkern_##name##_backward_##suffix##_par(                   \
      const actkern_exec *exec,                                              \
      ACTKERN_KT_GATED_HALF_BWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params));
#define ACTKERN_DECLARE_GATED_HALF(name, Cxx, act, np, params, defaults, \
                                   valid, input, fast)                   \
  ACTKERN_DECLARE_GATED_HALF_C(name, actkern_bf16, bf16, np, params)     \
  ACTKERN_DECLARE_GATED_HALF_C(name, actkern_f16, f16, np, params)
#define ACTKERN_KT_IF_GATED_FAST_FAST(...) __VA_ARGS__
#define ACTKERN_KT_IF_GATED_FAST_NONE(...)

#ifdef __cplusplus
extern "C" {
#endif

#define ACTKERN_TABLE_GATED
#define ACTKERN_GATED ACTKERN_DECLARE_GATED_C
#include "actkern/kernel_table.def"

#define ACTKERN_TABLE_GATED
#define ACTKERN_GATED ACTKERN_DECLARE_GATED_HALF
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
// actkern::<Cxx>(gate, gate_stride, up, up_stride, y, y_stride, rows, cols,
// params...), <Cxx>Backward(...) and, with a fast tier,
// actkern::fast::<Cxx>(...): the C entry points above.
#define ACTKERN_DECLARE_GATED_CXX(name, Cxx, act, np, params, defaults, valid, \
                                  input, tier)                                 \
  inline Status Cxx(ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_CXX_PARAM_DECLS(      \
      np, params, defaults)) {                                                 \
    return ToStatus(                                                           \
        actkern_##name##_f32(gate, gate_stride, up, up_stride, y, y_stride,    \
                             rows, cols ACTKERN_KT_PARAM_ARGS(np, params)));   \
  }                                                                            \
  inline Status Cxx##Backward(                                                 \
      ACTKERN_KT_GATED_BWD_ARGS ACTKERN_KT_CXX_PARAM_DECLS(np, params,         \
                                                           defaults)) {        \
    return ToStatus(actkern_##name##_backward_f32(                             \
        gate, gate_stride, up, up_stride, dy, dy_stride, d_gate,               \
        d_gate_stride, d_up, d_up_stride, rows,                                \
        cols ACTKERN_KT_PARAM_ARGS(np, params)));                              \
  }                                                                            \
  ACTKERN_KT_IF_GATED_FAST_##tier(namespace fast {                          \
    inline Status Cxx(ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_CXX_PARAM_DECLS(  \
        np, params, defaults)) {                                            \
      return ToStatus(actkern_##name##_fast_f32(                            \
          gate, gate_stride, up, up_stride, y, y_stride, rows,              \
          cols ACTKERN_KT_PARAM_ARGS(np, params)));                            \
  }                                                                            \
  })
#define ACTKERN_TABLE_GATED
#define ACTKERN_GATED ACTKERN_DECLARE_GATED_CXX
#include "actkern/kernel_table.def"

// actkern::bf16::<Cxx>(...), <Cxx>Backward(...) and the f16 namespace: the
// 16-bit forms.
#define ACTKERN_DECLARE_GATED_HALF_CXX_T(name, Cxx, T, suffix, np, params,  \
                                         defaults)                          \
  inline Status Cxx(ACTKERN_KT_GATED_HALF_FWD_ARGS(T)                       \
                        ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) { \
    return ToStatus(actkern_##name##_##suffix(                              \
        gate, gate_stride, up, up_stride, y, y_stride, rows,                \
        cols ACTKERN_KT_PARAM_ARGS(np, params)));                           \
  }                                                                         \
  inline Status Cxx##Backward(ACTKERN_KT_GATED_HALF_BWD_ARGS(               \
      T) ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {                \
    return ToStatus(actkern_##name##_backward_##suffix(                     \
        gate, gate_stride, up, up_stride, dy, dy_stride, d_gate,            \
        d_gate_stride, d_up, d_up_stride, rows,                             \
        cols ACTKERN_KT_PARAM_ARGS(np, params)));                           \
  }
#define ACTKERN_DECLARE_GATED_HALF_CXX(name, Cxx, act, np, params, defaults,  \
                                       valid, input, tier)                    \
  namespace bf16 {                                                            \
  ACTKERN_DECLARE_GATED_HALF_CXX_T(name, Cxx, actkern_bf16, bf16, np, params, \
                                   defaults)                                  \
  }                                                                           \
  namespace f16 {                                                             \
  ACTKERN_DECLARE_GATED_HALF_CXX_T(name, Cxx, actkern_f16, f16, np, params,   \
                                   defaults)                                  \
  }
#define ACTKERN_TABLE_GATED
#define ACTKERN_GATED ACTKERN_DECLARE_GATED_HALF_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_GATED_H_
