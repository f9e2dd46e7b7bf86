// actkern: GELU, erf form and tanh approximation, forward and backward.
//
// Common to both: any n (0 is a no-op), any alignment; y == x (forward) or
// dx == x / dx == dy (backward) allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP (error order: actkern/common.h). Never reads or
// writes outside [0, n). NaN in x or dy -> NaN. Backward kernels take x (the
// forward input) and return dx = f'(x) * dy. Each kernel's bound (max ULP
// error against the double references of actkern/reference.h) and special
// values are in its row of actkern/kernel_table.def.
#ifndef ACTKERN_GELU_H_
#define ACTKERN_GELU_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#ifdef __cplusplus
extern "C" {
#endif

// One declaration per row of the gelu section of
// actkern/kernel_table.def, which also gives each kernel's contract.
#define ACTKERN_TABLE_GELU
#define ACTKERN_KERNEL ACTKERN_DECLARE_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_TABLE_GELU
#define ACTKERN_KERNEL ACTKERN_DECLARE_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_GELU_H_
