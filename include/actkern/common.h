// actkern: status codes and target (dispatch) control, shared by every kernel
// family. C API; a C++ wrapper follows in the same header.
#ifndef ACTKERN_COMMON_H_
#define ACTKERN_COMMON_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// 16-bit storage types, as bit patterns: bfloat16 (1 sign, 8 exponent, 7
// mantissa bits: the top half of a float) and IEEE 754 binary16 (1, 5, 10).
// Every elementwise kernel has actkern_<name>_bf16 and actkern_<name>_f16
// forms over them (actkern/half.h says how they round).
typedef uint16_t actkern_bf16;
typedef uint16_t actkern_f16;

// Every entry point returns a status. On any status other than ACTKERN_OK no
// output buffer has been written.
//
// Error order. Every entry point of every family checks its arguments in this
// order and returns the status of the first check that fails:
//  1. Parameters: a float parameter of an activation (swish's beta, elu's
//     alpha, ...), softmax's scale, cross-entropy's label_smoothing or
//     reduction outside its documented domain is
//     ACTKERN_ERROR_INVALID_ARGUMENT. Always checked, also when there is no
//     work to do. NaN is never a valid parameter.
//  2. No work: n == 0 (elementwise), rows == 0 or cols == 0 (row-wise) is
//     ACTKERN_OK; nothing is read or written, pointers may be NULL and
//     strides are not looked at.
//  3. Pointers: a NULL pointer the call needs is ACTKERN_ERROR_NULL_POINTER
//     (an optional one, such as cross-entropy's grad, may be NULL).
//  4. Sizes: a stride below cols, or a buffer whose footprint in bytes
//     exceeds SIZE_MAX / 2 or wraps the address space, is
//     ACTKERN_ERROR_INVALID_ARGUMENT.
//  5. Overlap: an output that overlaps another argument other than by the
//     exact aliasing the function allows (same pointer, same stride) is
//     ACTKERN_ERROR_OVERLAP.
//  6. Indices: a class label (cross-entropy) outside [0, cols) that is not
//     ignore_index is ACTKERN_ERROR_LABEL_OUT_OF_RANGE; a row length (masked
//     softmax) outside [0, cols] is ACTKERN_ERROR_LENGTH_OUT_OF_RANGE.
// So a call with a bad parameter and a NULL pointer is INVALID_ARGUMENT, one
// with a NULL pointer and an overlap NULL_POINTER, whatever the family.
typedef enum actkern_status {
  ACTKERN_OK = 0,
  // A pointer is NULL although there is work to do (n > 0).
  ACTKERN_ERROR_NULL_POINTER = 1,
  // A size, stride or parameter is out of its documented domain.
  ACTKERN_ERROR_INVALID_ARGUMENT = 2,
  // Output partially overlaps an input (exact aliasing, y == x, is allowed).
  ACTKERN_ERROR_OVERLAP = 3,
  // A class label is outside [0, cols) and is not the ignore index.
  ACTKERN_ERROR_LABEL_OUT_OF_RANGE = 4,
  // actkern_set_max_target: the name is not a target compiled into this
  // library and supported by this CPU.
  ACTKERN_ERROR_UNKNOWN_TARGET = 5,
  // A row length of a masked softmax is outside [0, cols].
  ACTKERN_ERROR_LENGTH_OUT_OF_RANGE = 6
} actkern_status;

// A short English description of a status ("ok", "null pointer", ...).
const char* actkern_status_string(actkern_status status);

// ---------------------------------------------------------------- targets
// actkern is compiled for every Highway target attainable on the build
// architecture (x86: SCALAR, SSSE3, SSE4, AVX2, AVX3 = AVX-512, AVX3_DL; Arm:
// NEON, SVE, SVE2, SVE_256, SVE2_128) and picks the best one the CPU supports
// at the first call.

// Name of the target the kernels dispatch to right now, e.g. "AVX2".
const char* actkern_active_target(void);

// Number of targets that are compiled in and supported by this CPU.
size_t actkern_target_count(void);

// Name of the i-th such target, best first; NULL if i is out of range.
const char* actkern_target_name(size_t i);

// Restricts dispatch to the named target and the ones below it (name is
// case-insensitive, as printed by actkern_target_name; "SSE4" on an AVX2
// machine makes every kernel run its SSE4 code). NULL or "" lifts the
// restriction. The environment variable ACTKERN_TARGET has the same effect; it
// is read once, at the first call into the library. Not thread-safe: call it
// while no other thread is inside actkern.
actkern_status actkern_set_max_target(const char* name);

// ---------------------------------------------------------------- execution
// The caller's thread pool. Every kernel has a parallel entry point, the
// plain one's name with _par appended (actkern_silu_f32_par,
// actkern_softmax_f32_par, ...), whose first argument is an execution
// context and whose other arguments, contract and error order are the plain
// entry point's. actkern creates no thread and keeps no state: the context is
// read during the call only.
//
// A parallel entry point validates every argument on the calling thread
// first (same statuses, same order as the plain call; on an error no task is
// run and nothing is written), then splits the work into chunks and hands
// them to exec->parallel_for. Chunk boundaries depend only on the problem
// (n; rows and cols), never on num_threads or on the order or the threads
// the chunks run on, so the outputs are bit-identical for every pool and
// thread count:
//  - elementwise kernels: blocks of ACTKERN_PAR_ELEMENT_CHUNK elements, bit
//    for bit the plain call's results (an element's result does not depend
//    on its position);
//  - row kernels (softmax, log-softmax, their backward, cross-entropy):
//    ranges of whole rows, bit for bit the plain call (rows are independent;
//    cross-entropy's MEAN and SUM add the per-range loss sums in range
//    order, and the plain call sums over the same ranges);
//  - softmax and log-softmax rows of ACTKERN_PAR_LONG_ROW_COLS columns or
//    more: each row is split into column blocks whose max and sum are
//    combined in block order. Bit-identical for every pool and thread count
//    (NULL exec included) but not to the plain call, which keeps its
//    single-pass reduction: results may differ from it in the last bit (both
//    are within the documented 2 ULP).
// A call with a single chunk (elementwise n <= ACTKERN_PAR_ELEMENT_CHUNK, a
// row block below ACTKERN_PAR_ELEMENT_CHUNK elements) runs inline on the
// calling thread and never calls parallel_for.

// Runs task(task_context, i) once for every i in [0, count), on any threads
// in any order (or concurrently), and returns when every call has returned.
// A task never blocks on another task.
typedef void (*actkern_task_fn)(void* task_context, size_t index);
typedef void (*actkern_parallel_for_fn)(void* pool, size_t count,
                                        actkern_task_fn task,
                                        void* task_context);

typedef struct actkern_exec {
  // The pool's parallel-for; NULL runs everything on the calling thread.
  actkern_parallel_for_fn parallel_for;
  // Passed to parallel_for unchanged (the caller's pool object).
  void* pool;
  // Threads the pool runs tasks on. 0 or 1: the calling thread only, and
  // parallel_for is never called. Only decides whether to use the pool;
  // never changes a bit of any result.
  size_t num_threads;
} actkern_exec;

// Elements per chunk of an elementwise call (64 KiB of floats; chosen by
// measurement, docs/design.md "Multi-core").
#define ACTKERN_PAR_ELEMENT_CHUNK ((size_t)16384)
// Row length from which softmax_par and log_softmax_par split each row into
// column blocks (so that one long row, a vocabulary of logits, say, runs on
// every thread).
#define ACTKERN_PAR_LONG_ROW_COLS ((size_t)65536)

#ifdef __cplusplus
}  // extern "C"

namespace actkern {

enum class Status : int {
  kOk = ACTKERN_OK,
  kNullPointer = ACTKERN_ERROR_NULL_POINTER,
  kInvalidArgument = ACTKERN_ERROR_INVALID_ARGUMENT,
  kOverlap = ACTKERN_ERROR_OVERLAP,
  kLabelOutOfRange = ACTKERN_ERROR_LABEL_OUT_OF_RANGE,
  kUnknownTarget = ACTKERN_ERROR_UNKNOWN_TARGET,
  kLengthOutOfRange = ACTKERN_ERROR_LENGTH_OUT_OF_RANGE,
};

inline Status ToStatus(actkern_status s) { return static_cast<Status>(s); }
inline const char* StatusString(Status s) {
  return actkern_status_string(static_cast<actkern_status>(s));
}
inline const char* ActiveTarget() { return actkern_active_target(); }
inline Status SetMaxTarget(const char* name) {
  return ToStatus(actkern_set_max_target(name));
}

// A C++ view of a thread pool as an actkern_exec: wraps any callable pf with
// pf(size_t count, Task task), which must call task(i) once for every
// i < count (on any threads) and return when all have returned. Holds a
// pointer to pf, which must outlive it. Pass it wherever an actkern_exec is
// expected: actkern::Silu(exec, x, y, n), actkern_silu_f32_par(&exec, ...).
class Task {
 public:
  Task(actkern_task_fn fn, void* context) : fn_(fn), context_(context) {}
  void operator()(size_t i) const { fn_(context_, i); }

 private:
  actkern_task_fn fn_;
  void* context_;
};

template <class ParallelFor>
class ExecOf : public actkern_exec {
 public:
  ExecOf(ParallelFor& pf, size_t num_threads)
      : actkern_exec{&Run, &pf, num_threads} {}

 private:
  static void Run(void* pool, size_t count, actkern_task_fn task,
                  void* context) {
    (*static_cast<ParallelFor*>(pool))(count, Task(task, context));
  }
};

template <class ParallelFor>
ExecOf<ParallelFor> MakeExec(ParallelFor& pf, size_t num_threads) {
  return ExecOf<ParallelFor>(pf, num_threads);
}

// The calling thread only (the same as passing NULL).
inline actkern_exec InlineExec() { return actkern_exec{nullptr, nullptr, 1}; }

}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_COMMON_H_
