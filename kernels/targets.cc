// Target (dispatch) control: the list of runnable targets, ACTKERN_TARGET and
// actkern_set_max_target, and status strings.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/targets.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
// Which target's code the dispatcher runs: the ground truth for
// actkern_active_target, since it goes through the same dispatch table
// mechanism as every kernel.
int64_t CompiledTarget() { return HWY_TARGET; }
}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "actkern/common.h"
#include "kernels/internal.h"

namespace actkern {
HWY_EXPORT(CompiledTarget);

namespace {

struct TargetList {
  int64_t bits[64];
  size_t count = 0;
};

bool SameNameIgnoringCase(const char* a, const char* b) {
  for (; *a && *b; ++a, ++b) {
    if (tolower(static_cast<unsigned char>(*a)) !=
        tolower(static_cast<unsigned char>(*b))) {
      return false;
    }
  }
  return *a == *b;
}

// Targets compiled in and supported by the CPU, best (lowest bit) first.
// Queried once, before any restriction is applied.
const TargetList& Runnable() {
  static const TargetList list = [] {
    TargetList l;
    const int64_t runnable = hwy::SupportedTargets() & HWY_TARGETS;
    for (int64_t t = runnable; t != 0; t &= t - 1) {
      l.bits[l.count++] = t & (~t + 1);
    }
    // Querying SupportedTargets before the first dispatch can leave the
    // chosen-target cache without the width-specific targets (SVE_256,
    // SVE2_128); resetting it makes the next dispatch recompute.
    hwy::GetChosenTarget().DeInit();
    return l;
  }();
  return list;
}

actkern_status ApplyMaxTarget(const char* name) {
  const TargetList& list = Runnable();
  if (name == nullptr || name[0] == '\0') {
    hwy::DisableTargets(0);
    hwy::GetChosenTarget().DeInit();
    return ACTKERN_OK;
  }
  for (size_t i = 0; i < list.count; ++i) {
    if (SameNameIgnoringCase(name, hwy::TargetName(list.bits[i]))) {
      // Lower bits are better targets: disable every one above this one.
      hwy::DisableTargets(list.bits[i] - 1);
      hwy::GetChosenTarget().DeInit();
      return ACTKERN_OK;
    }
  }
  return ACTKERN_ERROR_UNKNOWN_TARGET;
}

}  // namespace

namespace internal {
void InitOnce() {
  static const bool done = [] {
    (void)Runnable();
    const char* env = getenv("ACTKERN_TARGET");
    if (env != nullptr && env[0] != '\0' && ApplyMaxTarget(env) != ACTKERN_OK) {
      fprintf(stderr,
              "actkern: ACTKERN_TARGET=%s is not a runnable target here; "
              "ignored\n",
              env);
    }
    return true;
  }();
  (void)done;
  // Before the first dispatch, and after every change of target, each
  // dispatch table's entry is Highway's trampoline, which queries the CPU
  // again on every call until one dispatch has resolved the target. Entry
  // points keep a kernel's address for all their chunks and blocks, so the
  // target is resolved here, before they take it.
  if (HWY_UNLIKELY(!hwy::GetChosenTarget().IsInitialized())) {
    (void)HWY_DYNAMIC_DISPATCH(CompiledTarget)();
  }
}
}  // namespace internal
}  // namespace actkern

extern "C" {

const char* actkern_status_string(actkern_status status) {
  switch (status) {
    case ACTKERN_OK:
      return "ok";
    case ACTKERN_ERROR_NULL_POINTER:
      return "null pointer with work to do";
    case ACTKERN_ERROR_INVALID_ARGUMENT:
      return "invalid argument (size, stride or parameter)";
    case ACTKERN_ERROR_OVERLAP:
      return "output partially overlaps an input";
    case ACTKERN_ERROR_LABEL_OUT_OF_RANGE:
      return "label out of range";
    case ACTKERN_ERROR_UNKNOWN_TARGET:
      return "unknown or unsupported target";
    case ACTKERN_ERROR_LENGTH_OUT_OF_RANGE:
      return "row length out of range";
  }
  return "unknown status";
}

const char* actkern_active_target(void) {
  actkern::internal::InitOnce();
  return hwy::TargetName(HWY_DYNAMIC_DISPATCH(actkern::CompiledTarget)());
}

size_t actkern_target_count(void) {
  actkern::internal::InitOnce();
  return actkern::Runnable().count;
}

const char* actkern_target_name(size_t i) {
  actkern::internal::InitOnce();
  const auto& list = actkern::Runnable();
  return i < list.count ? hwy::TargetName(list.bits[i]) : nullptr;
}

actkern_status actkern_set_max_target(const char* name) {
  actkern::internal::InitOnce();
  return actkern::ApplyMaxTarget(name);
}

}  // extern "C"
#endif  // HWY_ONCE
