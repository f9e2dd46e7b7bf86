// actkern internals shared by the exporting .cc files (not installed): the
// one entry path every public function goes through (validation in the
// documented error order of actkern/common.h, then dynamic dispatch), and the
// expansions of the kernel table (actkern/kernel_table.def) into each
// family's HWY_EXPORT tables and C entry points.
#ifndef ACTKERN_KERNELS_INTERNAL_H_
#define ACTKERN_KERNELS_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "actkern/common.h"
#include "actkern/kernel_table.h"

namespace actkern {
namespace internal {

// Applies ACTKERN_TARGET once, before the first dynamic dispatch. Every
// public entry point calls this first; after the first call it is one load
// and a predictable branch.
void InitOnce();

inline bool RangesOverlap(const void* a, size_t a_bytes, const void* b,
                          size_t b_bytes) {
  const uintptr_t pa = reinterpret_cast<uintptr_t>(a);
  const uintptr_t pb = reinterpret_cast<uintptr_t>(b);
  return pa < pb + b_bytes && pb < pa + a_bytes;
}

// One buffer argument of a call: a row-major matrix of elements of
// elem_bytes bytes (4: floats or int32 labels; 2: bf16 or f16), rows x cols
// with a row stride in elements. An elementwise array of n is one row of n
// with stride n.
struct Operand {
  const void* p;
  size_t stride;
  size_t rows;
  size_t cols;
  bool output;
  // An output may alias another operand of the same non-zero group exactly
  // (same pointer, same stride); any other overlap with an output, or any
  // overlap at all for group 0, is ACTKERN_ERROR_OVERLAP.
  int alias_group;
  size_t elem_bytes;
};

constexpr int kNoAlias = 0;
constexpr int kAliasGroup = 1;

inline Operand Input(const void* p, size_t stride, size_t rows, size_t cols,
                     int alias_group = kAliasGroup, size_t elem_bytes = 4) {
  return Operand{p, stride, rows, cols, false, alias_group, elem_bytes};
}
inline Operand Output(const void* p, size_t stride, size_t rows, size_t cols,
                      int alias_group = kAliasGroup, size_t elem_bytes = 4) {
  return Operand{p, stride, rows, cols, true, alias_group, elem_bytes};
}

// Footprint in bytes of a matrix operand, or 0 if it is not addressable
// (stride < cols, byte size above SIZE_MAX / 2, or past the address space).
// Requires rows > 0 and cols > 0.
inline size_t FootprintBytes(const Operand& o) {
  static_assert(sizeof(float) == sizeof(int32_t),
                "labels share the float check");
  if (o.stride < o.cols) return 0;
  // (rows - 1) * stride + cols elements, without overflow.
  const size_t max_elems = SIZE_MAX / o.elem_bytes / 2;
  if (o.cols > max_elems || (o.rows - 1) > (max_elems - o.cols) / o.stride)
    return 0;
  const size_t bytes = ((o.rows - 1) * o.stride + o.cols) * o.elem_bytes;
  if (reinterpret_cast<uintptr_t>(o.p) > UINTPTR_MAX - bytes) return 0;
  return bytes;
}

// Steps 1 to 5 of the error order (actkern/common.h) for a call with work to
// do or not (`empty`). Returns ACTKERN_OK for a call that may proceed (or,
// when empty, is done).
inline actkern_status Validate(bool params_valid, bool empty,
                               const Operand* ops, size_t count) {
  // Callers pass at most kMaxOperands (checked at compile time for the
  // fixed-size form of Enter; cross-entropy passes 3 or 4).
  constexpr size_t kMaxOperands = 8;  // the most any entry point has is 4
  if (!params_valid) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (empty) return ACTKERN_OK;
  for (size_t i = 0; i < count; ++i) {
    if (ops[i].p == nullptr) return ACTKERN_ERROR_NULL_POINTER;
  }
  size_t bytes[kMaxOperands];
  for (size_t i = 0; i < count; ++i) {
    bytes[i] = FootprintBytes(ops[i]);
    if (bytes[i] == 0) return ACTKERN_ERROR_INVALID_ARGUMENT;
  }
  for (size_t o = 0; o < count; ++o) {
    if (!ops[o].output) continue;
    for (size_t a = 0; a < count; ++a) {
      if (a == o || !RangesOverlap(ops[o].p, bytes[o], ops[a].p, bytes[a]))
        continue;
      const bool exact_alias = ops[o].alias_group != kNoAlias &&
                               ops[o].alias_group == ops[a].alias_group &&
                               ops[o].p == ops[a].p &&
                               ops[o].stride == ops[a].stride;
      if (!exact_alias) return ACTKERN_ERROR_OVERLAP;
    }
  }
  return ACTKERN_OK;
}

// The entry path of every public function: InitOnce, the error order's steps
// 1 to 5, then run() (which dispatches, after any check of its own that needs
// the data, such as step 6, the labels). Nothing is written unless every
// check passed.
template <size_t kCount, class Run>
inline actkern_status Enter(bool params_valid, bool empty,
                            const Operand (&ops)[kCount], Run&& run) {
  static_assert(kCount <= 8, "Validate holds at most 8 operands");
  InitOnce();
  const actkern_status s = Validate(params_valid, empty, ops, kCount);
  if (s != ACTKERN_OK || empty) return s;
  return run();
}

// The same with a run-time number of operands (optional buffers).
template <class Run>
inline actkern_status Enter(bool params_valid, bool empty, const Operand* ops,
                            size_t count, Run&& run) {
  InitOnce();
  const actkern_status s = Validate(params_valid, empty, ops, count);
  if (s != ACTKERN_OK || empty) return s;
  return run();
}

// ------------------------------------------------------------ parallel calls
// How a _par entry point splits its work (the contract is in
// actkern/common.h, "execution"): chunk boundaries are functions of the
// problem size only, so which thread runs a chunk, and when, changes no bit.

constexpr size_t kElementChunk = ACTKERN_PAR_ELEMENT_CHUNK;
// Row ranges: at most this many per call, so that cross-entropy's per-range
// loss sums fit in a fixed array on the calling thread's stack (the kernels
// never allocate).
constexpr size_t kMaxRowChunks = 256;

// True if the call may hand tasks to the caller's pool.
inline bool UsesPool(const actkern_exec* exec) {
  return exec != nullptr && exec->parallel_for != nullptr &&
         exec->num_threads > 1;
}

// body(c) for every c < count: on the calling thread when there is one chunk
// or no pool to use, else as count tasks of the pool.
template <class Body>
inline void RunChunks(const actkern_exec* exec, size_t count,
                      const Body& body) {
  if (count == 0) return;
  if (count == 1 || !UsesPool(exec)) {
    for (size_t c = 0; c < count; ++c) body(c);
    return;
  }
  exec->parallel_for(
      exec->pool, count,
      [](void* context, size_t c) { (*static_cast<const Body*>(context))(c); },
      const_cast<void*>(static_cast<const void*>(&body)));
}

// Elementwise: body(begin, length) over [0, n) in chunks of kElementChunk.
// Without a pool the whole array is one call (the array driver's results do
// not depend on an element's position, so this is the same bits).
template <class Body>
inline void RunElementChunks(const actkern_exec* exec, size_t n,
                             const Body& body) {
  const size_t count = (n + kElementChunk - 1) / kElementChunk;
  if (count <= 1 || !UsesPool(exec)) return body(size_t{0}, n);
  RunChunks(exec, count, [&](size_t c) {
    const size_t begin = c * kElementChunk;
    body(begin, n - begin < kElementChunk ? n - begin : kElementChunk);
  });
}

// Row ranges of a rows x cols call: `per_chunk` rows each (the last may have
// fewer), at least kElementChunk elements per range where the rows allow it,
// and at most kMaxRowChunks ranges.
struct RowChunking {
  size_t per_chunk;
  size_t count;
};
inline RowChunking RowChunksOf(size_t rows, size_t cols) {
  size_t per = cols >= kElementChunk ? 1 : (kElementChunk + cols - 1) / cols;
  const size_t min_per = (rows + kMaxRowChunks - 1) / kMaxRowChunks;
  if (per < min_per) per = min_per;
  if (per > rows) per = rows;
  return RowChunking{per, rows == 0 ? 0 : (rows + per - 1) / per};
}

// body(first_row, row_count) per range.
template <class Body>
inline void RunRowChunks(const actkern_exec* exec, size_t rows, size_t cols,
                         const Body& body) {
  const RowChunking rc = RowChunksOf(rows, cols);
  RunChunks(exec, rc.count, [&](size_t c) {
    const size_t first = c * rc.per_chunk;
    body(first, rows - first < rc.per_chunk ? rows - first : rc.per_chunk);
  });
}

}  // namespace internal
}  // namespace actkern

// ------------------------------------------------------------ table expansions
// In a family's kernels/<family>.cc, after its per-target code (HWY_ONCE):
//   namespace actkern {
//   #define ACTKERN_TABLE_<FAMILY>
//   #define ACTKERN_KERNEL ACTKERN_EXPORT_KERNEL
//   #include "actkern/kernel_table.def"
//   }
//   #define ACTKERN_TABLE_<FAMILY>
//   #define ACTKERN_KERNEL ACTKERN_DEFINE_ENTRY_POINTS
//   #include "actkern/kernel_table.def"
// HWY_DYNAMIC_DISPATCH needs the export tables in the same translation unit,
// hence one expansion per family file.

// HWY_EXPORT of <Cxx>Array and <Cxx>BackwardArray.
#define ACTKERN_EXPORT_KERNEL(name, Cxx, np, params, defaults, valid, bound, \
                              props, lo, hi, naive, variants, note, input,   \
                              abs, bwd_bound, bwd_naive, measured, bwd_note, \
                              fast)                                          \
  HWY_EXPORT(Cxx##Array);                                                    \
  ACTKERN_KT_IF_FAST_##fast(HWY_EXPORT(Cxx##FastArray);)                     \
      ACTKERN_KT_IF_BACKWARD_##input(HWY_EXPORT(Cxx##BackwardArray);)

// extern "C" cname (x, y, n, params...) and cname##_par over the per-target
// kernel ::actkern::Array: the forward entry points of both tiers.
#define ACTKERN_KT_FORWARD_ENTRY_POINTS(cname, Array, np, params, valid)       \
  extern "C" actkern_status cname(                                             \
      const float* x, float* y, size_t n ACTKERN_KT_PARAM_DECLS(np, params)) { \
    return cname##_par(nullptr, x, y, n ACTKERN_KT_PARAM_ARGS(np, params));    \
  }                                                                            \
  extern "C" actkern_status cname##_par(                                       \
      const actkern_exec* exec, const float* x, float* y,                      \
      size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                           \
    namespace ai = ::actkern::internal;                                        \
    const ai::Operand ops[] = {ai::Input(x, n, 1, n), ai::Output(y, n, 1, n)}; \
    return ai::Enter(                                                          \
        static_cast<bool>(valid), n == 0, ops, [&]() -> actkern_status {       \
          auto* const array = &HWY_DYNAMIC_DISPATCH(::actkern::Array);         \
          ai::RunElementChunks(exec, n, [&](size_t begin, size_t len) {        \
            array(x + begin, y + begin,                                        \
                  len ACTKERN_KT_PARAM_ARGS(np, params));                      \
          });                                                                  \
          return ACTKERN_OK;                                                   \
        });                                                                    \
  }

// extern "C" actkern_<name>_f32, actkern_<name>_fast_f32 (rows with a fast
// tier) and actkern_<name>_backward_f32: validate in the documented order,
// then dispatch; and their _par forms, which validate the same way on the
// calling thread and then run the same per-target kernel over element chunks
// (RunElementChunks).
#define ACTKERN_DEFINE_ENTRY_POINTS(name, Cxx, np, params, defaults, valid,   \
                                    bound, props, lo, hi, naive, variants,    \
                                    note, input, abs, bwd_bound, bwd_naive,   \
                                    measured, bwd_note, fast)                 \
  ACTKERN_KT_FORWARD_ENTRY_POINTS(actkern_##name##_f32, Cxx##Array, np,       \
                                  params, valid)                              \
  ACTKERN_KT_IF_FAST_##fast(ACTKERN_KT_FORWARD_ENTRY_POINTS(                  \
      actkern_##name##_fast_f32, Cxx##FastArray, np, params, valid))          \
      ACTKERN_KT_IF_BACKWARD_##input(                                         \
          extern "C" actkern_status actkern_##name##_backward_f32(            \
              const float* in, const float* dy, float* dx,                    \
              size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {                  \
            return actkern_##name##_backward_f32_par(                         \
                nullptr, in, dy, dx, n ACTKERN_KT_PARAM_ARGS(np, params));    \
          } extern "C" actkern_status                                         \
              actkern_##name##_backward_f32_par(                              \
                  const actkern_exec* exec, const float* in, const float* dy, \
                  float* dx, size_t n ACTKERN_KT_PARAM_DECLS(np, params)) {   \
                namespace ai = ::actkern::internal;                           \
                const ai::Operand ops[] = {ai::Input(in, n, 1, n),            \
                                           ai::Input(dy, n, 1, n),            \
                                           ai::Output(dx, n, 1, n)};          \
                return ai::Enter(                                             \
                    static_cast<bool>(valid), n == 0, ops,                    \
                    [&]() -> actkern_status {                                 \
                      auto* const array = &HWY_DYNAMIC_DISPATCH(              \
                          ::actkern::Cxx##BackwardArray);                     \
                      ai::RunElementChunks(                                   \
                          exec, n, [&](size_t begin, size_t len) {            \
                            array(in + begin, dy + begin, dx + begin,         \
                                  len ACTKERN_KT_PARAM_ARGS(np, params));     \
                          });                                                 \
                      return ACTKERN_OK;                                      \
                    });                                                       \
              })

#endif  // ACTKERN_KERNELS_INTERNAL_H_
