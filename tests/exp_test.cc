// exp: contract checks that are specific to exp, on every runnable target.
// The generic checks (sampled ULP sweep, edge sizes, alignment, in place,
// bad arguments) run for exp in unary_test.cc.
#include <cmath>
#include <limits>
#include <vector>

#include "actkern/exp.h"
#include "actkern/reference.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();

class ExpTest : public PerTarget {};

float ExpOne(float x) {
  float y = -1.0f;
  EXPECT_EQ(actkern_exp_f32(&x, &y, 1), ACTKERN_OK);
  return y;
}

TEST_P(ExpTest, SpecialValues) {
  EXPECT_TRUE(std::isnan(ExpOne(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(ExpOne(-std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(ExpOne(FromBits(0x7F800001u))));  // signalling
  EXPECT_EQ(ExpOne(kInf), kInf);
  const float at_minus_inf = ExpOne(-kInf);
  EXPECT_EQ(at_minus_inf, 0.0f);
  EXPECT_FALSE(std::signbit(at_minus_inf));
  EXPECT_EQ(ExpOne(0.0f), 1.0f);
  EXPECT_EQ(ExpOne(-0.0f), 1.0f);
  EXPECT_EQ(ExpOne(std::numeric_limits<float>::max()), kInf);
  EXPECT_EQ(ExpOne(-std::numeric_limits<float>::max()), 0.0f);
  EXPECT_EQ(ExpOne(std::numeric_limits<float>::denorm_min()), 1.0f);
}

// Around ln(FLT_MAX) = 88.7228391...: finite and correct below, +inf above.
TEST_P(ExpTest, OverflowThreshold) {
  const float below = 88.72283f;  // largest float with a finite e^x
  const float above = std::nextafter(below, kInf);
  ASSERT_LT(static_cast<double>(below), std::log(3.4028234663852886e38));
  ASSERT_GT(static_cast<double>(above), std::log(3.4028234663852886e38));
  for (float x = 80.0f; x < below; x = std::nextafter(x, kInf) + 1e-4f) {
    const float y = ExpOne(x);
    EXPECT_LE(actkern_ulp_error(y, std::exp(static_cast<double>(x))), 1.0) << x;
  }
  const float yb = ExpOne(below);
  EXPECT_TRUE(std::isfinite(yb));
  EXPECT_LE(actkern_ulp_error(yb, std::exp(static_cast<double>(below))), 1.0);
  EXPECT_EQ(ExpOne(above), kInf);
  EXPECT_EQ(ExpOne(89.0f), kInf);
  EXPECT_EQ(ExpOne(1e30f), kInf);
}

// Gradual underflow: every float in [-104, -87] (where results are
// subnormal or near it) gets a correct result; nothing is flushed to zero.
TEST_P(ExpTest, GradualUnderflow) {
  std::vector<float> x;
  for (float v = -104.0f; v <= -87.0f; v = std::nextafter(v, kInf)) {
    x.push_back(v);
  }
  std::vector<float> y(x.size());
  ASSERT_EQ(actkern_exp_f32(x.data(), y.data(), x.size()), ACTKERN_OK);
  size_t subnormal = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double ref = std::exp(static_cast<double>(x[i]));
    ASSERT_LE(actkern_ulp_error(y[i], ref), 1.0) << "x=" << x[i];
    if (y[i] != 0.0f && std::fpclassify(y[i]) == FP_SUBNORMAL) ++subnormal;
  }
  EXPECT_GT(subnormal, x.size() / 2);
  // The smallest subnormal and the last inputs that round to it.
  EXPECT_EQ(ExpOne(-103.27893f), std::numeric_limits<float>::denorm_min());
  EXPECT_EQ(ExpOne(-103.98f), 0.0f);
  EXPECT_EQ(ExpOne(-110.0f), 0.0f);
}

// exp is monotone: check it between neighbouring floats in a dense range.
TEST_P(ExpTest, MonotoneOnDenseRange) {
  std::vector<float> x;
  for (float v = 1.0f; v < 2.0f; v = std::nextafter(v, kInf)) x.push_back(v);
  std::vector<float> y(x.size());
  ASSERT_EQ(actkern_exp_f32(x.data(), y.data(), x.size()), ACTKERN_OK);
  for (size_t i = 1; i < x.size(); ++i) {
    ASSERT_LE(y[i - 1], y[i]) << "x=" << x[i - 1] << ", " << x[i];
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(ExpTest);

}  // namespace
}  // namespace test
}  // namespace actkern
