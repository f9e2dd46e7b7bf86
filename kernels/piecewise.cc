// actkern piecewise activations: the per-target kernels of
// kernels/piecewise-inl.h, exported, and the C entry points of the piecewise
// section of the kernel table (actkern/kernel_table.def), each through the one
// entry path of kernels/internal.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/piecewise.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/piecewise-inl.h"

#if HWY_ONCE
#include "actkern/piecewise.h"
#include "actkern/reference.h"
#include "kernels/half.h"
#include "kernels/internal.h"

namespace actkern {
#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_EXPORT_KERNEL
#include "actkern/kernel_table.def"
}  // namespace actkern

#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_DEFINE_ENTRY_POINTS
#include "actkern/kernel_table.def"

#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_DEFINE_HALF_ENTRY_POINTS
#include "actkern/kernel_table.def"
#endif  // HWY_ONCE
