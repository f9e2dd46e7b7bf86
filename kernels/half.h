// actkern internals (not installed): the 16-bit (bf16, f16) forms of every
// elementwise kernel, over the float kernels.
//
// One path for every row of the kernel table: blocks of kHalfBlock elements
// are widened (exactly) into a float buffer on the stack, run through the
// row's float kernel (its fast tier where the row has one), and rounded to
// the 16-bit type once, to nearest even (kernels/core/half-inl.h). A lane
// whose float result lies so close to a 16-bit rounding midpoint that the
// float kernel's error bound cannot decide the rounding is flagged, and takes
// the exact path: the double reference (actkern/reference.h), rounded once.
// So every result is the double reference rounded correctly, and the bits are
// the same on every target, FMA or not. The conversion code exists once per
// target; no kernel is compiled again for the 16-bit types.
#ifndef ACTKERN_KERNELS_HALF_H_
#define ACTKERN_KERNELS_HALF_H_

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"
#include "kernels/internal.h"

namespace actkern {
namespace internal {

enum class HalfType { kBf16, kF16 };

// Elements per block: the float buffers (up to three, 6 KiB) stay in L1,
// and the per-block calls cost little against 512 elements of work.
constexpr size_t kHalfBlock = 512;

// Dispatched per-target conversions (kernels/half.cc).
void WidenHalf(HalfType t, const uint16_t* in, float* out, size_t n);
// Rounds in[i] into out[i], i < n <= kHalfBlock; the indices of the inputs
// within `slack` float ULPs of a midpoint go to near[0..count), ascending.
// Returns count.
size_t NarrowHalf(HalfType t, const float* in, uint16_t* out, uint16_t* near,
                  size_t n, int32_t slack);
// r rounded to nearest even in the 16-bit type (NaN -> the quiet NaN 0x7FC0
// or 0x7E00 with r's sign).
uint16_t RoundHalf(HalfType t, double r);
// The type's positive quiet NaN and its infinity's bits (a 16-bit value v
// is NaN iff (v & 0x7FFF) > HalfInfBits(t)).
constexpr uint16_t HalfQuietNaN(HalfType t) {
  return t == HalfType::kBf16 ? 0x7FC0 : 0x7E00;
}
constexpr uint16_t HalfInfBits(HalfType t) {
  return t == HalfType::kBf16 ? 0x7F80 : 0x7C00;
}

// The midpoint slack for a float kernel with max error `bound` ULPs:
// 2 * bound + 1 suffices (kernels/core/half-inl.h); one more for safety.
constexpr int32_t HalfSlack(double bound) {
  return 2 * static_cast<int32_t>(bound + 0.999999) + 2;
}

// y[i] = the 16-bit rounding of f(x[i]): kernel(in, out, m) is the float
// kernel over m <= kHalfBlock elements, exact(v) its double reference at the
// float v. y may equal x.
template <class Kernel, class Exact>
void HalfUnary(HalfType t, const uint16_t* x, uint16_t* y, size_t n,
               int32_t slack, const Kernel& kernel, const Exact& exact) {
  alignas(64) float in[kHalfBlock];
  alignas(64) float out[kHalfBlock];
  uint16_t near[kHalfBlock];
  for (size_t i = 0; i < n; i += kHalfBlock) {
    const size_t m = n - i < kHalfBlock ? n - i : kHalfBlock;
    WidenHalf(t, x + i, in, m);
    kernel(in, out, m);
    const size_t count = NarrowHalf(t, out, y + i, near, m, slack);
    for (size_t c = 0; c < count; ++c) {
      const size_t j = near[c];
      y[i + j] = RoundHalf(t, exact(in[j]));
    }
  }
}

// dx[i] = the 16-bit rounding of g(in[i], dy[i]), likewise; dx may equal in
// or dy.
template <class Kernel, class Exact>
void HalfBinary(HalfType t, const uint16_t* a, const uint16_t* b, uint16_t* y,
                size_t n, int32_t slack, const Kernel& kernel,
                const Exact& exact) {
  alignas(64) float in0[kHalfBlock];
  alignas(64) float in1[kHalfBlock];
  alignas(64) float out[kHalfBlock];
  uint16_t near[kHalfBlock];
  for (size_t i = 0; i < n; i += kHalfBlock) {
    const size_t m = n - i < kHalfBlock ? n - i : kHalfBlock;
    WidenHalf(t, a + i, in0, m);
    WidenHalf(t, b + i, in1, m);
    kernel(in0, in1, out, m);
    const size_t count = NarrowHalf(t, out, y + i, near, m, slack);
    for (size_t c = 0; c < count; ++c) {
      const size_t j = near[c];
      y[i + j] = RoundHalf(t, exact(in0[j], in1[j]));
    }
  }
}

}  // namespace internal
}  // namespace actkern

// ------------------------------------------------------------ table expansion
// In a family's kernels/<family>.cc, next to ACTKERN_DEFINE_ENTRY_POINTS:
//   #define ACTKERN_TABLE_<FAMILY>
//   #define ACTKERN_KERNEL ACTKERN_DEFINE_HALF_ENTRY_POINTS
//   #include "actkern/kernel_table.def"

// The float kernel a row's 16-bit forms use, and its bound: the fast tier
// where the row has one.
#define ACTKERN_KT_HALF_ARRAY_NONE(Cxx) Cxx##Array
#define ACTKERN_KT_HALF_ARRAY_FAST(bound, props) ACTKERN_KT_HALF_ARRAY_FAST_I
#define ACTKERN_KT_HALF_ARRAY_FAST_I(Cxx) Cxx##FastArray
#define ACTKERN_KT_HALF_ARRAY(fast, Cxx) \
  ACTKERN_KT_CAT(ACTKERN_KT_HALF_ARRAY_, fast)(Cxx)
// ", (double)a, (double)b": the parameters passed to a double reference.
#define ACTKERN_KT_PARAM_ARGS_D_0()
#define ACTKERN_KT_PARAM_ARGS_D_1(a) , static_cast<double>(a)
#define ACTKERN_KT_PARAM_ARGS_D_2(a, b) \
  , static_cast<double>(a), static_cast<double>(b)
#define ACTKERN_KT_PARAM_ARGS_D(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_PARAM_ARGS_D_, np) params

// One storage type's entry points of a row.
#define ACTKERN_KT_HALF_ENTRY_POINTS(name, Cxx, T, suffix, htype, np, params, \
                                     valid, bound, input, bwd_bound, fast)    \
  extern "C" actkern_status actkern_##name##_##suffix(                        \
      const T* x, T* y, size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {        \
    return actkern_##name##_##suffix##_par(                                   \
        nullptr, x, y, n ACTKERN_KT_PARAM_ARGS(np, params));                  \
  }                                                                           \
  extern "C" actkern_status actkern_##name##_##suffix##_par(                  \
      const actkern_exec* exec, const T* x, T* y,                             \
      size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                          \
    namespace ai = ::actkern::internal;                                       \
    const ai::Operand ops[] = {ai::Input(x, n, 1, n, ai::kAliasGroup, 2),     \
                               ai::Output(y, n, 1, n, ai::kAliasGroup, 2)};   \
    return ai::Enter(                                                         \
        static_cast<bool>(valid), n == 0, ops, [&]() -> actkern_status {      \
          auto* const array = &HWY_DYNAMIC_DISPATCH(                          \
              ::actkern::ACTKERN_KT_HALF_ARRAY(fast, Cxx));                   \
          constexpr int32_t kSlack = ai::HalfSlack(                           \
              ACTKERN_KT_HAS_FAST_##fast ? ACTKERN_KT_FAST_BOUND_##fast       \
                                         : bound);                            \
          ai::RunElementChunks(exec, n, [&](size_t begin, size_t len) {       \
            ai::HalfUnary(                                                    \
                htype, x + begin, y + begin, len, kSlack,                     \
                [&](const float* in, float* out, size_t m) {                  \
                  array(in, out, m ACTKERN_KT_PARAM_ARGS(np, params));        \
                },                                                            \
                [&](float v) {                                                \
                  return actkern_ref_##name(static_cast<double>(              \
                      v) ACTKERN_KT_PARAM_ARGS_D(np, params));                \
                });                                                           \
          });                                                                 \
          return ACTKERN_OK;                                                  \
        });                                                                   \
  }                                                                           \
  ACTKERN_KT_IF_BACKWARD_##input(                                             \
      extern "C" actkern_status actkern_##name##_backward_##suffix(           \
          const T* in, const T* dy, T* dx,                                    \
          size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                      \
        return actkern_##name##_backward_##suffix##_par(                      \
            nullptr, in, dy, dx, n ACTKERN_KT_PARAM_ARGS(np, params));        \
      } extern "C" actkern_status                                             \
          actkern_##name##_backward_##suffix##_par(                           \
              const actkern_exec* exec, const T* in, const T* dy, T* dx,      \
              size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                  \
            namespace ai = ::actkern::internal;                               \
            const ai::Operand ops[] = {                                       \
                ai::Input(in, n, 1, n, ai::kAliasGroup, 2),                   \
                ai::Input(dy, n, 1, n, ai::kAliasGroup, 2),                   \
                ai::Output(dx, n, 1, n, ai::kAliasGroup, 2)};                 \
            return ai::Enter(                                                 \
                static_cast<bool>(valid), n == 0, ops,                        \
                [&]() -> actkern_status {                                     \
                  auto* const array =                                         \
                      &HWY_DYNAMIC_DISPATCH(::actkern::Cxx##BackwardArray);   \
                  constexpr int32_t kSlack = ai::HalfSlack(bwd_bound);        \
                  ai::RunElementChunks(                                       \
                      exec, n, [&](size_t begin, size_t len) {                \
                        ai::HalfBinary(                                       \
                            htype, in + begin, dy + begin, dx + begin, len,   \
                            kSlack,                                           \
                            [&](const float* a, const float* b, float* out,   \
                                size_t m) {                                   \
                              array(a, b, out,                                \
                                    m ACTKERN_KT_PARAM_ARGS(np, params));     \
                            },                                                \
                            [&](float a, float b) {                           \
                              return actkern_ref_##name##_backward(           \
                                  static_cast<double>(a),                     \
                                  static_cast<double>(b)                      \
                                      ACTKERN_KT_PARAM_ARGS_D(np, params));   \
                            });                                               \
                      });                                                     \
                  return ACTKERN_OK;                                          \
                });                                                           \
          })

#define ACTKERN_DEFINE_HALF_ENTRY_POINTS(                                    \
    name, Cxx, np, params, defaults, valid, bound, props, lo, hi, naive,     \
    variants, note, input, abs, bwd_bound, bwd_naive, measured, bwd_note,    \
    fast)                                                                    \
  ACTKERN_KT_HALF_ENTRY_POINTS(name, Cxx, actkern_bf16, bf16,                \
                               ::actkern::internal::HalfType::kBf16, np,     \
                               params, valid, bound, input, bwd_bound, fast) \
  ACTKERN_KT_HALF_ENTRY_POINTS(name, Cxx, actkern_f16, f16,                  \
                               ::actkern::internal::HalfType::kF16, np,      \
                               params, valid, bound, input, bwd_bound, fast)

#endif  // ACTKERN_KERNELS_HALF_H_
