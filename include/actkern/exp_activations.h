// actkern: exp-family activations and their gradients, elementwise on float32:
// expm1, sigmoid, tanh, silu, swish(beta), elu(alpha), selu, celu(alpha).
//
// Contracts shared by every function here (see also README.md):
// - Any n (0 is a no-op that accepts NULL), any alignment. Forward: y == x is
//   allowed. Backward: dx may alias the first input or dy exactly. Any other
//   overlap is ACTKERN_ERROR_OVERLAP; NULL with n > 0 is
//   ACTKERN_ERROR_NULL_POINTER; a parameter outside its documented domain is
//   ACTKERN_ERROR_INVALID_ARGUMENT, whatever n (the error order of every
//   entry point is in actkern/common.h). On any error nothing is written.
//   Nothing outside [0, n) is read or written.
// - NaN in -> NaN out. Subnormal results are produced, never flushed.
// - Each kernel's bound, special values and parameter domain are in its row
//   of actkern/kernel_table.def (bounds: max ULP errors against the double
//   references of actkern/reference.h).
// - Backward kernels: dx = f'(.) * dy. sigmoid and tanh gradients take the
//   forward output y (as PyTorch keeps it); the others take x.
#ifndef ACTKERN_EXP_ACTIVATIONS_H_
#define ACTKERN_EXP_ACTIVATIONS_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#ifdef __cplusplus
extern "C" {
#endif

// One declaration per row of the exp activations section of
// actkern/kernel_table.def, which also gives each kernel's contract.
#define ACTKERN_TABLE_EXP_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DECLARE_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_TABLE_EXP_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DECLARE_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_EXP_ACTIVATIONS_H_
