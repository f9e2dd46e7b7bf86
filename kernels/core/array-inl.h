// The array driver, compiled once per Highway target: out[i] = op(in0[i],
// in1[i], ...) for i in [0, n), for ops of one, two or three float inputs.
//
// Tail discipline: four vectors per iteration (to hide latency), then single
// vectors, then the last partial vector is copied into zero-padded stack
// vectors and goes through exactly the same op. So a value's result does not
// depend on its position in the array, and nothing outside [0, n) is read or
// written (the guard-page tests check both). out may equal any input exactly
// (in place); the callers reject partial overlap.
//
// Fast paths: an op deriving from WithFastPath exposes FastOk(d, v), the mask
// of lanes where Fast(d, v) is valid, and Fast(d, v), which must give the
// same bits as op(d, v) there. The driver tests a whole group of four vectors
// at once, so that the four fast chains run as straight-line code.

#if defined(ACTKERN_KERNELS_CORE_ARRAY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_ARRAY_INL_H_
#undef ACTKERN_KERNELS_CORE_ARRAY_INL_H_
#else
#define ACTKERN_KERNELS_CORE_ARRAY_INL_H_
#endif

#include <stddef.h>
#include <string.h>

#include <type_traits>
#include <utility>

#include "hwy/highway.h"

#ifndef ACTKERN_KERNELS_CORE_WITH_FAST_PATH_
#define ACTKERN_KERNELS_CORE_WITH_FAST_PATH_
namespace actkern {
// Base of ops with a fast path (see above).
struct WithFastPath {};
}  // namespace actkern
#endif

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

namespace array_detail {

template <class Op>
constexpr bool kHasFastPath = std::is_base_of<WithFastPath, Op>::value;

template <class D, class Op, class V>
HWY_INLINE V Apply1(D d, const Op& op, V v) {
  if constexpr (kHasFastPath<Op>) {
    if (HWY_LIKELY(hn::AllTrue(d, op.FastOk(d, v)))) return op.Fast(d, v);
  }
  return op(d, v);
}

// One input with a fast path: one range test for four vectors.
template <class D, class Op>
HWY_INLINE void Group4Fast(D d, const Op& op, size_t N, float* out,
                           const float* x) {
  auto v0 = hn::LoadU(d, x);
  auto v1 = hn::LoadU(d, x + N);
  auto v2 = hn::LoadU(d, x + 2 * N);
  auto v3 = hn::LoadU(d, x + 3 * N);
  const auto ok = hn::And(hn::And(op.FastOk(d, v0), op.FastOk(d, v1)),
                          hn::And(op.FastOk(d, v2), op.FastOk(d, v3)));
  if (HWY_LIKELY(hn::AllTrue(d, ok))) {
    v0 = op.Fast(d, v0);
    v1 = op.Fast(d, v1);
    v2 = op.Fast(d, v2);
    v3 = op.Fast(d, v3);
  } else {
    v0 = op(d, v0);
    v1 = op(d, v1);
    v2 = op(d, v2);
    v3 = op(d, v3);
  }
  hn::StoreU(v0, d, out);
  hn::StoreU(v1, d, out + N);
  hn::StoreU(v2, d, out + 2 * N);
  hn::StoreU(v3, d, out + 3 * N);
}

// Any number of inputs, no fast path.
template <class D, class Op, class... In>
HWY_INLINE void Group4(D d, const Op& op, size_t N, float* out,
                       const In*... in) {
  hn::StoreU(op(d, hn::LoadU(d, in)...), d, out);
  hn::StoreU(op(d, hn::LoadU(d, in + N)...), d, out + N);
  hn::StoreU(op(d, hn::LoadU(d, in + 2 * N)...), d, out + 2 * N);
  hn::StoreU(op(d, hn::LoadU(d, in + 3 * N)...), d, out + 3 * N);
}

template <class D, class Op, class... In>
HWY_INLINE void One(D d, const Op& op, float* out, const In*... in) {
  if constexpr (sizeof...(In) == 1) {
    hn::StoreU(Apply1(d, op, hn::LoadU(d, in)...), d, out);
  } else {
    hn::StoreU(op(d, hn::LoadU(d, in)...), d, out);
  }
}

// The last rest < N elements, through zero-padded aligned copies.
template <class D, class Op, size_t... I, class... In>
HWY_INLINE void Tail(D d, const Op& op, size_t rest, float* out,
                     std::index_sequence<I...>, const In*... in) {
  constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);
  HWY_ALIGN float buf[sizeof...(In)][kMaxLanes] = {};
  (memcpy(buf[I], in, rest * sizeof(float)), ...);
  One(d, op, buf[0], static_cast<const float*>(buf[I])...);
  memcpy(out, buf[0], rest * sizeof(float));
}

}  // namespace array_detail

// out[i] = op(d, in[i]...) for i in [0, n). in... are const float*.
template <class Op, class... In>
HWY_INLINE void ForEachElement(const Op& op, size_t n, float* out,
                               const In*... in) {
  static_assert(sizeof...(In) >= 1 && sizeof...(In) <= 3,
                "one to three inputs");
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      if constexpr (sizeof...(In) == 1 && array_detail::kHasFastPath<Op>) {
        array_detail::Group4Fast(d, op, N, out + i, (in + i)...);
      } else {
        array_detail::Group4(d, op, N, out + i, (in + i)...);
      }
    }
  }
  for (; i + N <= n; i += N) array_detail::One(d, op, out + i, (in + i)...);
  if (i < n) {
    array_detail::Tail(d, op, n - i, out + i, std::index_sequence_for<In...>(),
                       (in + i)...);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_ARRAY_INL_H_ per-target guard
