// actkern's side of the row-wise (softmax family) cases, compiled either way:
// before actkern/softmax.h exists (this branch) it reports "absent"; once it
// lands, the adapter below recognises the entry points' signature from a few
// plausible layouts and calls them on dense rows (stride = cols, scale = 1).
// If the header exists but no layout matches, the bench says so at start-up:
// add the real signature as one more Pick overload here.
#ifndef ACTKERN_BENCH_PEERS_ACTKERN_ROWS_H_
#define ACTKERN_BENCH_PEERS_ACTKERN_ROWS_H_

#include <stddef.h>

#include <string>

#include "actkern/common.h"
#include "peers.h"

#if defined(__has_include)
#if __has_include("actkern/softmax.h")
#include "actkern/softmax.h"
#define ACTKERN_BENCH_HAVE_SOFTMAX 1
#endif
#endif

namespace actkern {
namespace peers {
namespace rows_adapter {

// ---- forward: y = f(x), rows x cols, dense.
using F4 = actkern_status (*)(const float*, float*, size_t, size_t);
// (x, x_stride, y, y_stride, rows, cols, scale)
using F7a = actkern_status (*)(const float*, size_t, float*, size_t, size_t,
                               size_t, float);
// (x, y, rows, cols, x_stride, y_stride, scale)
using F7b = actkern_status (*)(const float*, float*, size_t, size_t, size_t,
                               size_t, float);
// (x, rows, cols, x_stride, y, y_stride, scale)
using F7c = actkern_status (*)(const float*, size_t, size_t, size_t, float*,
                               size_t, float);
// (x, y, rows, cols, scale)
using F5 = actkern_status (*)(const float*, float*, size_t, size_t, float);

// One slot per (entry point, layout): the plain RowsFn below calls through it.
template <int kSlot, class Sig>
struct Slot {
  static inline Sig fn = nullptr;
};

template <int kSlot>
RowsFn Pick(F4 f) {
  Slot<kSlot, F4>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Slot<kSlot, F4>::fn(x, y, r, c);
  };
}
template <int kSlot>
RowsFn Pick(F7a f) {
  Slot<kSlot, F7a>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Slot<kSlot, F7a>::fn(x, c, y, c, r, c, 1.0f);
  };
}
template <int kSlot>
RowsFn Pick(F7b f) {
  Slot<kSlot, F7b>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Slot<kSlot, F7b>::fn(x, y, r, c, c, c, 1.0f);
  };
}
template <int kSlot>
RowsFn Pick(F7c f) {
  Slot<kSlot, F7c>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Slot<kSlot, F7c>::fn(x, r, c, c, y, c, 1.0f);
  };
}
template <int kSlot>
RowsFn Pick(F5 f) {
  Slot<kSlot, F5>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Slot<kSlot, F5>::fn(x, y, r, c, 1.0f);
  };
}
// Any other layout: not recognised.
template <int kSlot, class Other>
RowsFn Pick(Other) {
  return nullptr;
}

// ---- backward: dx from (y, dy), rows x cols, dense.
using B5 = actkern_status (*)(const float*, const float*, float*, size_t,
                              size_t);
// (y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols)
using B8 = actkern_status (*)(const float*, size_t, const float*, size_t,
                              float*, size_t, size_t, size_t);
template <int kSlot>
RowsBackwardFn PickBackward(B5 f) {
  Slot<kSlot, B5>::fn = f;
  return [](const float* y, const float* dy, float* dx, size_t r, size_t c) {
    Slot<kSlot, B5>::fn(y, dy, dx, r, c);
  };
}
template <int kSlot>
RowsBackwardFn PickBackward(B8 f) {
  Slot<kSlot, B8>::fn = f;
  return [](const float* y, const float* dy, float* dx, size_t r, size_t c) {
    Slot<kSlot, B8>::fn(y, c, dy, c, dx, c, r, c);
  };
}
template <int kSlot, class Other>
RowsBackwardFn PickBackward(Other) {
  return nullptr;
}

}  // namespace rows_adapter

// actkern's entry point for a row-wise kernel ("softmax", "log_softmax"), or
// nullptr (with the reason in *why) if absent or not recognised.
inline RowsFn ActkernRows(const std::string& kernel, std::string* why) {
#ifdef ACTKERN_BENCH_HAVE_SOFTMAX
  RowsFn f = nullptr;
  if (kernel == "softmax") f = rows_adapter::Pick<0>(&actkern_softmax_f32);
  if (kernel == "log_softmax")
    f = rows_adapter::Pick<1>(&actkern_log_softmax_f32);
  if (f == nullptr)
    *why = "actkern_" + kernel +
           "_f32: signature not recognised by bench/peers/actkern_rows.h";
  return f;
#else
  (void)kernel;
  *why = "actkern/softmax.h not in this build";
  return nullptr;
#endif
}

inline RowsBackwardFn ActkernRowsBackward(const std::string& kernel,
                                          std::string* why) {
#ifdef ACTKERN_BENCH_HAVE_SOFTMAX
  RowsBackwardFn f = nullptr;
  if (kernel == "softmax_backward") {
    f = rows_adapter::PickBackward<2>(&actkern_softmax_backward_f32);
  }
  if (kernel == "log_softmax_backward") {
    f = rows_adapter::PickBackward<3>(&actkern_log_softmax_backward_f32);
  }
  if (f == nullptr)
    *why = "actkern_" + kernel +
           "_f32: signature not recognised by bench/peers/actkern_rows.h";
  return f;
#else
  (void)kernel;
  *why = "actkern/softmax.h not in this build";
  return nullptr;
#endif
}

}  // namespace peers
}  // namespace actkern

#endif  // ACTKERN_BENCH_PEERS_ACTKERN_ROWS_H_
