// Helpers of the per-family contract tests (exp_activations_test.cc,
// log_activations_test.cc, gelu_test.cc, piecewise_test.cc): the special
// values they probe, one-element calls through any C entry point, and sign
// and class checks of a result.
#ifndef ACTKERN_TESTS_FAMILY_UTIL_H_
#define ACTKERN_TESTS_FAMILY_UTIL_H_

#include <gtest/gtest.h>
#include <stddef.h>

#include <cmath>
#include <limits>

#include "actkern/actkern.h"

namespace actkern {
namespace test {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kDenormMin = std::numeric_limits<float>::denorm_min();
constexpr float kMinNormal = std::numeric_limits<float>::min();
constexpr float kMax = std::numeric_limits<float>::max();

// The C entry points without parameters.
using ForwardFn = actkern_status (*)(const float*, float*, size_t);
using BackwardFn = actkern_status (*)(const float*, const float*, float*,
                                      size_t);

// A one-element forward call f(&x, &y, 1, params...); the output starts at a
// value no kernel returns for these inputs, so a call that writes nothing
// shows.
template <class F, class... P>
float One(F f, float x, P... params) {
  float y = 12345.0f;
  EXPECT_EQ(f(&x, &y, 1, params...), ACTKERN_OK);
  return y;
}

// A one-element backward call f(&x, &dy, &dx, 1, params...).
template <class F, class... P>
float OneBackward(F f, float x, float dy, P... params) {
  float dx = 12345.0f;
  EXPECT_EQ(f(&x, &dy, &dx, 1, params...), ACTKERN_OK);
  return dx;
}

inline bool IsPlusZero(float v) { return v == 0.0f && !std::signbit(v); }
inline bool IsMinusZero(float v) { return v == 0.0f && std::signbit(v); }

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_FAMILY_UTIL_H_
