// The fixed-order 32-partial reduction of kernels/core/reduce-inl.h, on every
// compiled and supported target: the result is bit for bit that of a scalar
// model of the documented order (element c into partial c mod 32, TwoSum
// accumulation, the halving tree j + 16, j + 8, ..., 1), so it cannot depend
// on the vector width; cancellation is exact; the error stays within the
// documented bound.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tests/core_reduce_test.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/core/reduce-inl.h"

#ifndef ACTKERN_TESTS_CORE_REDUCE_TEST_ONCE_
#define ACTKERN_TESTS_CORE_REDUCE_TEST_ONCE_
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace actkern {
namespace test_reduce {

// The documented order in scalar float (additions only, so no contraction
// can change it): what FixedOrderSum must return on every target.
inline double ModelSum(const float* x, size_t n) {
  float s[32] = {}, c[32] = {};
  const size_t padded = (n + 31) / 32 * 32;
  for (size_t i = 0; i < padded; ++i) {
    const float v = i < n ? x[i] : 0.0f;
    float& sj = s[i % 32];
    const float t = sj + v;
    const float bb = t - sj;
    c[i % 32] += (sj - (t - bb)) + (v - bb);
    sj = t;
  }
  for (size_t w = 16; w >= 1; w /= 2) {
    for (size_t j = 0; j < w; ++j) {
      const float t = s[j] + s[j + w];
      const float bb = t - s[j];
      const float err = (s[j] - (t - bb)) + (s[j + w] - bb);
      c[j] = (c[j] + c[j + w]) + err;
      s[j] = t;
    }
  }
  return static_cast<double>(s[0]) + static_cast<double>(c[0]);
}

inline uint64_t Bits(double v) {
  uint64_t b;
  memcpy(&b, &v, sizeof(b));
  return b;
}

// Signed values over 2^[-lo_exp, hi_exp]: wide enough that the order of the
// additions changes the rounded sums.
inline std::vector<float> Values(size_t n, int lo_exp, int hi_exp,
                                 uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> mant(-1.0f, 1.0f);
  std::uniform_int_distribution<int> ex(lo_exp, hi_exp);
  std::vector<float> x(n);
  for (float& v : x) v = ldexpf(mant(rng), ex(rng));
  return x;
}

}  // namespace test_reduce
}  // namespace actkern
#endif  // ACTKERN_TESTS_CORE_REDUCE_TEST_ONCE_

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

double SumOnThisTarget(const std::vector<float>& x) {
  return FixedOrderSum(x.data(), x.data(), x.size(),
                       [](ReduceV u, ReduceV) { return u; });
}

void TestMatchesScalarModel() {
  uint32_t seed = 1;
  std::vector<size_t> lengths;
  for (size_t n = 1; n <= 100; ++n) lengths.push_back(n);
  for (size_t n : {255, 256, 257, 1000, 4097, 33000}) lengths.push_back(n);
  for (size_t n : lengths) {
    for (int spread : {0, 20, 60}) {
      const auto x = test_reduce::Values(n, -spread, spread, seed++);
      const double got = SumOnThisTarget(x);
      const double want = test_reduce::ModelSum(x.data(), n);
      ASSERT_EQ(test_reduce::Bits(got), test_reduce::Bits(want))
          << "n=" << n << " spread=" << spread << " got " << got << " want "
          << want;
    }
  }
}

void TestCancellationIsExact() {
  // 2^60 and -2^60 in different partials (0 and 1): the TwoSum errors keep
  // what lies below them exactly (here the compensations 1 and 0.5 are
  // exact floats; smaller low parts are rounded into the compensation, which
  // TestErrorBound covers).
  std::vector<float> x(70, 0.0f);
  x[0] = 0x1p60f;
  x[5] = 1.0f;
  x[33] = -0x1p60f;
  x[69] = 0.5f;
  EXPECT_EQ(SumOnThisTarget(x), 1.5);
  // Within one partial: x[0] and x[32] both go to partial 0.
  std::vector<float> y(64, 0.0f);
  y[0] = 0x1p40f;
  y[32] = -0x1p40f;
  y[1] = 3.0f;
  EXPECT_EQ(SumOnThisTarget(y), 3.0);
  // A sum that plain float addition in this order rounds away: 2^24 + 1 + 1
  // in one partial (elements 0, 32, 64) is 2^24 + 2 exactly.
  std::vector<float> z(65, 0.0f);
  z[0] = 0x1p24f;
  z[32] = 1.0f;
  z[64] = 1.0f;
  EXPECT_EQ(SumOnThisTarget(z), 0x1p24 + 2.0);
}

void TestErrorBound() {
  const double u = 0x1p-24;
  uint32_t seed = 1000;
  for (size_t n : {31, 32, 33, 1000, 4097, 33000}) {
    const auto x = test_reduce::Values(n, -20, 20, seed++);
    long double exact = 0.0L, abs_sum = 0.0L;
    for (float v : x) {
      exact += v;
      abs_sum += fabsl(v);
    }
    const double m = static_cast<double>(n) / 32.0 + 5.0;
    const double bound = 0x1p-53 * fabs(static_cast<double>(exact)) +
                         (m * u) * (m * u) * static_cast<double>(abs_sum);
    const double err = fabs(static_cast<double>(SumOnThisTarget(x) - exact));
    EXPECT_LE(err, bound) << "n=" << n;
  }
}

void TestOffsetIsTakenOutExactly() {
  const ReduceD d;
  Partials s, c;
  s.Init(d, 1.0f);
  c.Init(d, 0.0f);
  EXPECT_EQ(ReducePartials(s, c, 1.0f), 0.0);
  EXPECT_EQ(ReducePartials(s, c, 0.0f), 32.0);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "hwy/tests/hwy_gtest.h"

namespace actkern {
HWY_BEFORE_TEST(CoreReduceTest);
HWY_EXPORT_AND_TEST_P(CoreReduceTest, TestMatchesScalarModel);
HWY_EXPORT_AND_TEST_P(CoreReduceTest, TestCancellationIsExact);
HWY_EXPORT_AND_TEST_P(CoreReduceTest, TestErrorBound);
HWY_EXPORT_AND_TEST_P(CoreReduceTest, TestOffsetIsTakenOutExactly);
}  // namespace actkern
#endif  // HWY_ONCE
