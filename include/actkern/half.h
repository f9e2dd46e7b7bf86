// actkern: the 16-bit storage types bfloat16 and IEEE binary16 (actkern_bf16,
// actkern_f16, actkern/common.h): conversions, and how the 16-bit kernels
// round.
//
// Every elementwise kernel of the kernel table (actkern/kernel_table.def) has
// 16-bit forms, declared in its family header beside the float ones:
//   actkern_<name>_bf16(const actkern_bf16* x, actkern_bf16* y, size_t n,
//                       params...)
//   actkern_<name>_f16(...), the _par forms, and for kernels with a backward
//   actkern_<name>_backward_bf16(in, dy, dx, n, params...) and _f16
// (C++: actkern::bf16::<Cxx>, actkern::f16::<Cxx>, ...Backward), with the
// float kernel's parameters (floats), aliasing (y == x; dx == in or dy),
// error order and special values.
//
// Rounding. The 16-bit forward result is the kernel's double reference
// (actkern/reference.h) at the 16-bit input, rounded once to nearest even in
// the 16-bit type: computed with the float kernel (its fast tier where it has
// one), rounded by actkern itself (no F16C, no BF16 instruction), and, in the
// rare lanes where the float result lies too close to a 16-bit rounding
// midpoint for its error bound to decide, recomputed from the double
// reference. The accuracy tool proves it over all 65,536 inputs of every
// catalogued kernel on every runnable target (actkern-accuracy --type), so the
// bits are the same on every CPU. Backward results are rounded the same way
// from the float backward kernel; their bound is 1 ULP of the 16-bit type
// (docs/accuracy.md gives the correctly rounded share).
//
// Special values: a NaN result is a quiet NaN; infinities and -0 are kept;
// binary16 results of magnitude >= 65520 (after rounding) are infinite, and
// binary16 subnormals are produced as such. Input bf16/f16 values are widened
// exactly (subnormals included).
#ifndef ACTKERN_HALF_H_
#define ACTKERN_HALF_H_

#include <stddef.h>

#include "actkern/common.h"

#ifdef __cplusplus
extern "C" {
#endif

// The float value of a 16-bit value (exact).
float actkern_bf16_to_f32(actkern_bf16 h);
float actkern_f16_to_f32(actkern_f16 h);

// v rounded once to nearest even (NaN -> quiet NaN of v's sign). The
// correctly rounded value the 16-bit kernels give.
actkern_bf16 actkern_bf16_from_double(double v);
actkern_f16 actkern_f16_from_double(double v);

// Array conversions: y[i] = x[i] widened (exact) or rounded to nearest even,
// i < n, with the special values above. y must not overlap x (different
// element sizes); the error order of actkern/common.h.
actkern_status actkern_bf16_to_f32_array(const actkern_bf16* x, float* y,
                                         size_t n);
actkern_status actkern_f16_to_f32_array(const actkern_f16* x, float* y,
                                        size_t n);
actkern_status actkern_f32_to_bf16_array(const float* x, actkern_bf16* y,
                                         size_t n);
actkern_status actkern_f32_to_f16_array(const float* x, actkern_f16* y,
                                        size_t n);

// ULP error of a 16-bit result y against a double reference r, in the
// spacing of the 16-bit type at r (bf16: 2^(e-7) for |r| in [2^e, 2^(e+1)),
// 2^-133 below 2^-126; f16: 2^(e-10), 2^-24 below 2^-14). Beyond the type's
// range an infinite y counts as +-2^128 (bf16) or +-2^16 (f16) and r is
// capped there, so a correctly rounded overflow scores <= 0.5. NaN vs NaN and
// equal infinities count 0; NaN vs a number counts infinity.
double actkern_ulp_error_bf16(actkern_bf16 y, double r);
double actkern_ulp_error_f16(actkern_f16 y, double r);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // ACTKERN_HALF_H_
