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

// How each layout is called on dense rows (stride = cols, scale = 1).
inline void Call(F4 f, const float* x, float* y, size_t r, size_t c) {
  f(x, y, r, c);
}
inline void Call(F7a f, const float* x, float* y, size_t r, size_t c) {
  f(x, c, y, c, r, c, 1.0f);
}
inline void Call(F7b f, const float* x, float* y, size_t r, size_t c) {
  f(x, y, r, c, c, c, 1.0f);
}
inline void Call(F7c f, const float* x, float* y, size_t r, size_t c) {
  f(x, r, c, c, y, c, 1.0f);
}
inline void Call(F5 f, const float* x, float* y, size_t r, size_t c) {
  f(x, y, r, c, 1.0f);
}

// ---- backward: dx from (y, dy), rows x cols, dense.
using B5 = actkern_status (*)(const float*, const float*, float*, size_t,
                              size_t);
// (y, y_stride, dy, dy_stride, dx, dx_stride, rows, cols)
using B8 = actkern_status (*)(const float*, size_t, const float*, size_t,
                              float*, size_t, size_t, size_t);
inline void Call(B5 f, const float* y, const float* dy, float* dx, size_t r,
                 size_t c) {
  f(y, dy, dx, r, c);
}
inline void Call(B8 f, const float* y, const float* dy, float* dx, size_t r,
                 size_t c) {
  f(y, c, dy, c, dx, c, r, c);
}

// One slot per (entry point, layout): the plain function pointer Pick
// returns calls through it.
template <int kSlot, class Sig>
struct Slot {
  static inline Sig fn = nullptr;
};

// A layout Call knows (the int argument prefers this overload) ...
template <int kSlot, class Sig>
auto PickLayout(Sig f, int)
    -> decltype(Call(f, nullptr, nullptr, 0, 0), RowsFn()) {
  Slot<kSlot, Sig>::fn = f;
  return [](const float* x, float* y, size_t r, size_t c) {
    Call(Slot<kSlot, Sig>::fn, x, y, r, c);
  };
}
template <int kSlot, class Sig>
auto PickBackwardLayout(Sig f, int)
    -> decltype(Call(f, nullptr, nullptr, nullptr, 0, 0), RowsBackwardFn()) {
  Slot<kSlot, Sig>::fn = f;
  return [](const float* y, const float* dy, float* dx, size_t r, size_t c) {
    Call(Slot<kSlot, Sig>::fn, y, dy, dx, r, c);
  };
}
// ... or any other: not recognised.
template <int kSlot, class Other>
RowsFn PickLayout(Other, long) {  // NOLINT(runtime/int): overload rank only
  return nullptr;
}
template <int kSlot, class Other>
RowsBackwardFn PickBackwardLayout(Other, long) {  // NOLINT(runtime/int)
  return nullptr;
}

// f, or (f is null) the reason in *why.
template <class Fn>
Fn Recognised(Fn f, const std::string& kernel, std::string* why) {
  if (f == nullptr)
    *why = "actkern_" + kernel +
           "_f32: signature not recognised by bench/peers/actkern_rows.h";
  return f;
}
template <class Fn>
Fn Absent(const std::string& kernel, std::string* why) {
  (void)kernel;
  *why = "actkern/softmax.h not in this build";
  return nullptr;
}

template <int kSlot, class Sig>
RowsFn Pick(Sig f) {
  return PickLayout<kSlot>(f, 0);
}
template <int kSlot, class Sig>
RowsBackwardFn PickBackward(Sig f) {
  return PickBackwardLayout<kSlot>(f, 0);
}

}  // namespace rows_adapter

// actkern's entry point for a row-wise kernel ("softmax", "log_softmax", and
// the fast tier's "softmax_fast", "log_softmax_fast"), or nullptr (with the
// reason in *why) if absent or not recognised.
inline RowsFn ActkernRows(const std::string& kernel, std::string* why) {
#ifdef ACTKERN_BENCH_HAVE_SOFTMAX
  RowsFn f = nullptr;
  if (kernel == "softmax") f = rows_adapter::Pick<0>(&actkern_softmax_f32);
  if (kernel == "log_softmax")
    f = rows_adapter::Pick<1>(&actkern_log_softmax_f32);
  if (kernel == "softmax_fast")
    f = rows_adapter::Pick<4>(&actkern_softmax_fast_f32);
  if (kernel == "log_softmax_fast")
    f = rows_adapter::Pick<5>(&actkern_log_softmax_fast_f32);
  return rows_adapter::Recognised(f, kernel, why);
#else
  return rows_adapter::Absent<RowsFn>(kernel, why);
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
  return rows_adapter::Recognised(f, kernel, why);
#else
  return rows_adapter::Absent<RowsBackwardFn>(kernel, why);
#endif
}

}  // namespace peers
}  // namespace actkern

#endif  // ACTKERN_BENCH_PEERS_ACTKERN_ROWS_H_
