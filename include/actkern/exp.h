// actkern: the exponential. Elementwise y[i] = e^x[i]; bound and special
// values in its row of actkern/kernel_table.def. Any n (0 is a no-op),
// any alignment; y == x (in place) is allowed, any other overlap is
// ACTKERN_ERROR_OVERLAP (error order: actkern/common.h). Never reads or
// writes outside [0, n).
#ifndef ACTKERN_EXP_H_
#define ACTKERN_EXP_H_

#include <stddef.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

#ifdef __cplusplus
extern "C" {
#endif

// One declaration per row of the exp section of
// actkern/kernel_table.def, which also gives each kernel's contract.
#define ACTKERN_TABLE_EXP
#define ACTKERN_KERNEL ACTKERN_DECLARE_C
#include "actkern/kernel_table.def"

#ifdef __cplusplus
}  // extern "C"

namespace actkern {
#define ACTKERN_TABLE_EXP
#define ACTKERN_KERNEL ACTKERN_DECLARE_CXX
#include "actkern/kernel_table.def"
}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_EXP_H_
