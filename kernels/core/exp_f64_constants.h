// actkern core: the constants of the double-precision e^t (scalar
// ExpNonPositive in kernels/softmax_scalar.h, vector ExpF64 in
// kernels/core/f64-inl.h), kept once so that both evaluate the same series.
// t = k ln 2 + r with |r| <= ln 2 / 2, ln 2 split so that k * kLn2Hi is exact
// for |k| < 2^11; then the Taylor series of e^r to degree 13, whose
// truncation is below 2^-57 relative.
#ifndef ACTKERN_KERNELS_CORE_EXP_F64_CONSTANTS_H_
#define ACTKERN_KERNELS_CORE_EXP_F64_CONSTANTS_H_

namespace actkern {
namespace exp_f64 {

constexpr double kLn2Hi = 0x1.62e42feep-1;        // 26 significant bits
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2Hi
constexpr double kInvLn2 = 0x1.71547652b82fep0;
// 1 / i! for i = 13 down to 1, each the correctly rounded quotient of exact
// integers (i! < 2^53), folded at compile time: Horner's coefficients.
constexpr int kTerms = 13;
constexpr double kInvFact[kTerms] = {1.0 / 6227020800.0,
                                     1.0 / 479001600.0,
                                     1.0 / 39916800.0,
                                     1.0 / 3628800.0,
                                     1.0 / 362880.0,
                                     1.0 / 40320.0,
                                     1.0 / 5040.0,
                                     1.0 / 720.0,
                                     1.0 / 120.0,
                                     1.0 / 24.0,
                                     1.0 / 6.0,
                                     1.0 / 2.0,
                                     1.0};

}  // namespace exp_f64
}  // namespace actkern

#endif  // ACTKERN_KERNELS_CORE_EXP_F64_CONSTANTS_H_
