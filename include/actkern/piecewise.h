// actkern: piecewise activations (relu, leaky_relu, relu6, hardtanh,
// hardsigmoid, hardswish), forward and backward.
//
// Common to all: any n (0 is a no-op), any alignment, y == x (forward) or
// dx == x / dx == dy (backward) allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP; nothing outside [0, n) is read or written. NaN in
// gives NaN out (relu(NaN) is NaN, not 0). Parameters are checked first: an
// invalid one is ACTKERN_ERROR_INVALID_ARGUMENT even when n == 0 (the error
// order of every entry point is in actkern/common.h).
//
// Backward kernels take x (the forward input) and return
// dx = f'(x) * dy with PyTorch's convention at the kinks: the derivative of a
// flat piece is used at a kink (relu'(0) = 0, relu6'(0) = relu6'(6) = 0,
// hardtanh'(lo) = hardtanh'(hi) = 0, hardsigmoid'(+-3) = 0, hardswish'(-3) =
// 0 and hardswish'(3) = 1), except leaky_relu'(0) = slope. Since dx is the
// product f'(x) * dy, a zero derivative times an infinite or NaN dy is NaN,
// and the sign of a zero dx follows the product.
#ifndef ACTKERN_PIECEWISE_H_
#define ACTKERN_PIECEWISE_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#ifdef __cplusplus
extern "C" {
#endif

// One declaration per row of the piecewise section of
// actkern/kernel_table.def, which also gives each kernel's contract.
#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_DECLARE_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_DECLARE_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_PIECEWISE_H_
