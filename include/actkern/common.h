// actkern: status codes and target (dispatch) control, shared by every kernel
// family. C API; a C++ wrapper follows in the same header.
#ifndef ACTKERN_COMMON_H_
#define ACTKERN_COMMON_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

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
//  6. Labels (cross-entropy with class labels): a label outside [0, cols)
//     that is not ignore_index is ACTKERN_ERROR_LABEL_OUT_OF_RANGE.
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
  ACTKERN_ERROR_UNKNOWN_TARGET = 5
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
};

inline Status ToStatus(actkern_status s) { return static_cast<Status>(s); }
inline const char* StatusString(Status s) {
  return actkern_status_string(static_cast<actkern_status>(s));
}
inline const char* ActiveTarget() { return actkern_active_target(); }
inline Status SetMaxTarget(const char* name) {
  return ToStatus(actkern_set_max_target(name));
}

}  // namespace actkern
#endif  // __cplusplus

#endif  // ACTKERN_COMMON_H_
