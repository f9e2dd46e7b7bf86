// The per-target array functions of the kernel table's rows: expanded inside
// a family's per-target namespace (kernels/<family>-inl.h), each row gives
//   <Cxx>Array(x, y, n, params...)          =
//   ForEachElement(<Cxx>Op{params...}, ...) <Cxx>BackwardArray(in, dy, dx, n,
//   params...)
//                                           =
//                                           ForEachElement(<Cxx>BackwardOp{params...},
//                                           ...)
// (and <Cxx>FastArray over <Cxx>FastOp for rows with a fast tier), so a
// family writes only its ops, each constructible from the row's float
// parameters; kernels/<family>.cc exports these functions (kernels/internal.h).
// Macros only.
#ifndef ACTKERN_KERNELS_KERNEL_ARRAYS_H_
#define ACTKERN_KERNELS_KERNEL_ARRAYS_H_

#include "actkern/kernel_table.h"

#define ACTKERN_KT_PARAM_NAMES_0()
#define ACTKERN_KT_PARAM_NAMES_1(a) a
#define ACTKERN_KT_PARAM_NAMES_2(a, b) a, b
#define ACTKERN_KT_PARAM_NAMES(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_PARAM_NAMES_, np) params

#define ACTKERN_DEFINE_ARRAYS(name, Cxx, np, params, defaults, valid, bound,   \
                              props, lo, hi, naive, variants, note, input,     \
                              abs, bwd_bound, bwd_naive, measured, bwd_note,   \
                              fast)                                            \
  inline void Cxx##Array(const float* x, float* y,                             \
                         size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {        \
    ForEachElement(Cxx##Op{ACTKERN_KT_PARAM_NAMES(np, params)}, n, y, x);      \
  }                                                                            \
  ACTKERN_KT_IF_FAST_##fast(inline void Cxx##FastArray(                        \
      const float* x, float* y, size_t n ACTKERN_KT_PARAM_DECLS(np, params)) { \
    ForEachElement(Cxx##FastOp{ACTKERN_KT_PARAM_NAMES(np, params)}, n, y, x);  \
  })                                                                           \
      ACTKERN_KT_IF_BACKWARD_##input(inline void Cxx##BackwardArray(           \
          const float* in, const float* dy, float* dx,                         \
          size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                       \
        ForEachElement(Cxx##BackwardOp{ACTKERN_KT_PARAM_NAMES(np, params)}, n, \
                       dx, in, dy);                                            \
      })

#endif  // ACTKERN_KERNELS_KERNEL_ARRAYS_H_
