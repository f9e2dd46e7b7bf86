// actkern: log activations, elementwise, forward and backward:
//   log, log1p, softplus(beta), log_sigmoid, mish.
// Common contract (as for every elementwise kernel, see README): any n (0 is a
// no-op), any alignment, y == x in place allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP, NULL with n > 0 is ACTKERN_ERROR_NULL_POINTER, and on
// any error nothing is written (error order: actkern/common.h). NaN in ->
// NaN out. Subnormal inputs and outputs are handled exactly like normal ones
// (nothing is flushed). Each kernel's bound (max ULP error against the double
// references of actkern/reference.h) and special values are in its row of
// actkern/kernel_table.def.
//
// Backward kernels take the forward input x and the incoming gradient dy and
// write dx = f'(x) dy; dx may alias x or dy exactly.
#ifndef ACTKERN_LOG_ACTIVATIONS_H_
#define ACTKERN_LOG_ACTIVATIONS_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

// softplus's beta must lie in [2^-24, 2^24] (and be a number); other values
// are ACTKERN_ERROR_INVALID_ARGUMENT, even for n == 0 (error order:
// actkern/common.h).
#define ACTKERN_SOFTPLUS_BETA_MIN 0x1p-24f
#define ACTKERN_SOFTPLUS_BETA_MAX 0x1p24f

#ifdef __cplusplus
extern "C" {
#endif

// One declaration per row of the log activations section of
// actkern/kernel_table.def, which also gives each kernel's contract.
#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DECLARE_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DECLARE_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_LOG_ACTIVATIONS_H_
