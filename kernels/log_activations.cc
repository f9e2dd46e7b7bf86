// actkern log activations: the per-target kernels of
// kernels/log_activations-inl.h, exported, and the C entry points of the log
// activations section of the kernel table (actkern/kernel_table.def), each
// through the one entry path of kernels/internal.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/log_activations.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/log_activations-inl.h"

#if HWY_ONCE
#include "actkern/log_activations.h"
#include "actkern/reference.h"
#include "kernels/half.h"
#include "kernels/internal.h"

namespace actkern {
#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_EXPORT_KERNEL
#include "actkern/kernel_table.def"
}  // namespace actkern

#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DEFINE_ENTRY_POINTS
#include "actkern/kernel_table.def"

#define ACTKERN_TABLE_LOG_ACTIVATIONS
#define ACTKERN_KERNEL ACTKERN_DEFINE_HALF_ENTRY_POINTS
#include "actkern/kernel_table.def"
#endif  // HWY_ONCE
