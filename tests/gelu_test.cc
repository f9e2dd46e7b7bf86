// gelu and gelu_tanh: contract checks specific to the family, on every
// runnable target. The generic checks (sampled ULP sweep, edge sizes,
// alignment, in place, bad arguments) run from the catalogue in
// unary_test.cc / backward_test.cc.
#include <cmath>
#include <limits>
#include <vector>

#include "actkern/gelu.h"
#include "actkern/reference.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kMax = std::numeric_limits<float>::max();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

using ForwardFn = actkern_status (*)(const float*, float*, size_t);
using BackwardFn = actkern_status (*)(const float*, const float*, float*,
                                      size_t);

float One(ForwardFn f, float x) {
  float y = 12345.0f;
  EXPECT_EQ(f(&x, &y, 1), ACTKERN_OK);
  return y;
}
float OneBackward(BackwardFn f, float x, float dy) {
  float dx = 12345.0f;
  EXPECT_EQ(f(&x, &dy, &dx, 1), ACTKERN_OK);
  return dx;
}

// Every `stride`-th float in [lo, hi] (lo < hi, same sign), through f, within
// max_ulp of ref; returns the number of subnormal results.
size_t CheckRange(ForwardFn f, double (*ref)(double), float lo, float hi,
                  uint32_t stride, double max_ulp) {
  std::vector<float> x;
  for (float v = lo; v <= hi;) {
    x.push_back(v);
    const uint32_t b = ToBits(v);
    v = FromBits(v < 0 ? b - stride : b + stride);
    if ((v < 0) != (lo < 0)) break;
  }
  std::vector<float> y(x.size());
  EXPECT_EQ(f(x.data(), y.data(), x.size()), ACTKERN_OK);
  size_t subnormal = 0, bad = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = ref(x[i]);
    const double u = actkern_ulp_error(y[i], r);
    if (u > max_ulp && ++bad <= 5) {
      ADD_FAILURE() << "x=" << x[i] << " y=" << y[i] << " ref=" << r
                    << " ulp=" << u;
    }
    if (y[i] != 0.0f && std::fpclassify(y[i]) == FP_SUBNORMAL) ++subnormal;
  }
  EXPECT_EQ(bad, 0u);
  return subnormal;
}

class GeluTest : public PerTarget {};

TEST_P(GeluTest, SpecialValues) {
  for (ForwardFn f : {actkern_gelu_f32, actkern_gelu_tanh_f32}) {
    EXPECT_TRUE(std::isnan(One(f, kNaN)));
    EXPECT_TRUE(std::isnan(One(f, -kNaN)));
    EXPECT_TRUE(std::isnan(One(f, FromBits(0x7F800001u))));
    EXPECT_EQ(One(f, kInf), kInf);
    const float at_minus_inf = One(f, -kInf);
    EXPECT_EQ(at_minus_inf, 0.0f);
    EXPECT_TRUE(std::signbit(at_minus_inf));
    const float pz = One(f, 0.0f), nz = One(f, -0.0f);
    EXPECT_EQ(pz, 0.0f);
    EXPECT_FALSE(std::signbit(pz));
    EXPECT_EQ(nz, 0.0f);
    EXPECT_TRUE(std::signbit(nz));
    // Large inputs: y == x exactly (x^3 would overflow a float for gelu_tanh).
    EXPECT_EQ(One(f, kMax), kMax);
    EXPECT_EQ(One(f, 1e20f), 1e20f);
    EXPECT_EQ(One(f, 10.0f), 10.0f);
    const float big_neg = One(f, -1e20f);
    EXPECT_EQ(big_neg, 0.0f);
    EXPECT_TRUE(std::signbit(big_neg));
    EXPECT_TRUE(std::signbit(One(f, -kMax)));
    // Tiny inputs: x/2, sign kept, subnormals not flushed.
    const float dmin = std::numeric_limits<float>::denorm_min();
    EXPECT_EQ(One(f, 1e-30f), 5e-31f);
    EXPECT_EQ(One(f, 4 * dmin), 2 * dmin);
    EXPECT_EQ(One(f, -4 * dmin), -2 * dmin);
  }
  EXPECT_LE(
      actkern_ulp_error(One(actkern_gelu_f32, 1.0f), actkern_ref_gelu(1.0)),
      2.5);
}

// The erf form's negative tail: relative accuracy all the way into the
// subnormals, then -0. Every 3rd float of [-14.5, -4] (about 5.6 M inputs).
TEST_P(GeluTest, GeluNegativeTailKeepsRelativeAccuracy) {
  const size_t subnormal =
      CheckRange(actkern_gelu_f32, actkern_ref_gelu, -14.5f, -4.0f, 3, 2.5);
  EXPECT_GT(subnormal, 1000u);
  // Last nonzero results and the switch to -0 (threshold about -14.356).
  EXPECT_NE(One(actkern_gelu_f32, -14.3f), 0.0f);
  EXPECT_LT(One(actkern_gelu_f32, -14.3f), 0.0f);
  const float zero = One(actkern_gelu_f32, -14.4f);
  EXPECT_EQ(zero, 0.0f);
  EXPECT_TRUE(std::signbit(zero));
  // A value that 1 - erf in float would get completely wrong.
  const float y = One(actkern_gelu_f32, -10.0f);
  EXPECT_LE(actkern_ulp_error(y, actkern_ref_gelu(-10.0)), 2.5);
  EXPECT_NE(y, 0.0f);
}

// Near zero and around the piece boundaries of the approximation (x = -0.5,
// 1 and t = 1.25, 2.5, 4.5): every float of [-5, -0.25] and [0.25, 5] with a
// small stride.
TEST_P(GeluTest, GeluAcrossPieceBoundaries) {
  CheckRange(actkern_gelu_f32, actkern_ref_gelu, -5.0f, -0.25f, 5, 2.5);
  CheckRange(actkern_gelu_f32, actkern_ref_gelu, 0.25f, 5.0f, 5, 2.5);
}

// gelu_tanh's negative tail, where x^3 dominates the exponent: every 3rd
// float of [-11, -2].
TEST_P(GeluTest, GeluTanhNegativeTailKeepsRelativeAccuracy) {
  const size_t subnormal = CheckRange(
      actkern_gelu_tanh_f32, actkern_ref_gelu_tanh, -11.0f, -2.0f, 3, 2.5);
  EXPECT_GT(subnormal, 1000u);
  EXPECT_LT(One(actkern_gelu_tanh_f32, -10.7f), 0.0f);  // threshold ~ -10.77
  EXPECT_TRUE(std::signbit(One(actkern_gelu_tanh_f32, -10.85f)));
  EXPECT_EQ(One(actkern_gelu_tanh_f32, -10.85f), 0.0f);
  const float zero = One(actkern_gelu_tanh_f32, -11.0f);
  EXPECT_EQ(zero, 0.0f);
  EXPECT_TRUE(std::signbit(zero));
}

// The tanh form equals x sigmoid(2u): check a few values against the
// literal formula in long double where it does not cancel.
TEST_P(GeluTest, GeluTanhMatchesLiteralFormula) {
  for (float x : {-3.0f, -1.0f, -0.5f, 0.1f, 0.7f, 1.5f, 2.0f, 4.0f}) {
    const long double k = 0.7978845608028654L, xl = x;
    const long double lit =
        0.5L * xl * (1.0L + std::tanh(k * (xl + 0.044715L * xl * xl * xl)));
    EXPECT_LE(actkern_ulp_error(One(actkern_gelu_tanh_f32, x),
                                static_cast<double>(lit)),
              2.5)
        << x;
  }
}

TEST_P(GeluTest, BackwardSpecialValues) {
  for (BackwardFn f :
       {actkern_gelu_backward_f32, actkern_gelu_tanh_backward_f32}) {
    EXPECT_EQ(OneBackward(f, kInf, 3.0f), 3.0f);
    EXPECT_EQ(OneBackward(f, kMax, -2.0f), -2.0f);
    EXPECT_EQ(OneBackward(f, -kInf, 3.0f), 0.0f);
    EXPECT_EQ(OneBackward(f, -kMax, 3.0f), 0.0f);
    EXPECT_EQ(OneBackward(f, 0.0f, 3.0f), 1.5f);
    EXPECT_EQ(OneBackward(f, -0.0f, -3.0f), -1.5f);
    EXPECT_TRUE(std::isnan(OneBackward(f, kNaN, 1.0f)));
    EXPECT_TRUE(std::isnan(OneBackward(f, 1.0f, kNaN)));
    EXPECT_TRUE(std::isnan(OneBackward(f, -3.0f, kNaN)));
    // gelu'(-inf) = 0: 0 * inf (found by backward_fuzz: it gave -inf).
    EXPECT_TRUE(std::isnan(OneBackward(f, -kInf, kInf)));
    EXPECT_EQ(OneBackward(f, -200.0f, kInf), -kInf);  // a tiny negative gelu'
  }
}

// Dense sweep of the derivative over 2^-10 <= |x| <= 6 (every 61st float,
// about 3.6 M inputs) with dy = 1 and dy = -3.5: 4 ULP, or the absolute
// bound inside the documented window around the zero near -0.75 only.
TEST_P(GeluTest, BackwardDenseAroundZeroOfDerivative) {
  for (const char* name : {"gelu_backward", "gelu_tanh_backward"}) {
    const catalog::BackwardKernel* k = catalog::FindBackward(name);
    ASSERT_NE(k, nullptr);
    std::vector<float> x;
    for (float v = -6.0f; v < -0x1p-10f; v = FromBits(ToBits(v) - 61))
      x.push_back(v);
    for (float v = 0x1p-10f; v < 6.0f; v = FromBits(ToBits(v) + 61))
      x.push_back(v);
    std::vector<float> dx(x.size());
    for (float dyv : {1.0f, -3.5f}) {
      const std::vector<float> dy(x.size(), dyv);
      ASSERT_EQ(k->run(x.data(), dy.data(), dx.data(), x.size()), ACTKERN_OK);
      size_t bad = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        const double ref = k->reference(x[i], dyv);
        double ulp = 0;
        if (!catalog::BackwardWithinBound(*k, x[i], dyv, dx[i], ref, &ulp) &&
            ++bad <= 5) {
          ADD_FAILURE() << name << " x=" << x[i] << " dx=" << dx[i]
                        << " ref=" << ref << " ulp=" << ulp;
        }
      }
      EXPECT_EQ(bad, 0u) << name;
    }
  }
}

// Extreme dy: the tails of the derivative times a huge dy stay finite and
// accurate (no intermediate overflow or underflow), and vanish beyond them.
TEST_P(GeluTest, BackwardExtremeDy) {
  struct Case {
    BackwardFn f;
    double (*ref)(double, double);
    float x;
  };
  const Case cases[] = {
      {actkern_gelu_backward_f32, actkern_ref_gelu_backward, -19.0f},
      {actkern_gelu_backward_f32, actkern_ref_gelu_backward, -16.0f},
      {actkern_gelu_backward_f32, actkern_ref_gelu_backward, -3.0f},
      {actkern_gelu_backward_f32, actkern_ref_gelu_backward, 2.0f},
      {actkern_gelu_tanh_backward_f32, actkern_ref_gelu_tanh_backward, -13.4f},
      {actkern_gelu_tanh_backward_f32, actkern_ref_gelu_tanh_backward, -11.0f},
      {actkern_gelu_tanh_backward_f32, actkern_ref_gelu_tanh_backward, -3.0f},
      {actkern_gelu_tanh_backward_f32, actkern_ref_gelu_tanh_backward, 2.0f},
  };
  for (const Case& c : cases) {
    for (float dy : {kMax, -kMax, 1e-30f, 1e30f}) {
      const float dx = OneBackward(c.f, c.x, dy);
      const double ref = c.ref(c.x, dy);
      EXPECT_LE(actkern_ulp_error(dx, ref), 4.0)
          << c.x << " " << dy << " " << dx << " " << ref;
    }
  }
  EXPECT_EQ(OneBackward(actkern_gelu_backward_f32, -20.0f, kMax), 0.0f);
  EXPECT_EQ(OneBackward(actkern_gelu_tanh_backward_f32, -13.8f, kMax), 0.0f);
}

// The C++ wrappers reach the same kernels.
TEST_P(GeluTest, CppWrappers) {
  const float x[3] = {-2.0f, 0.5f, 3.0f}, dy[3] = {1.0f, 2.0f, 3.0f};
  float a[3], b[3];
  ASSERT_EQ(Gelu(x, a, 3), Status::kOk);
  ASSERT_EQ(actkern_gelu_f32(x, b, 3), ACTKERN_OK);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
  ASSERT_EQ(GeluTanh(x, a, 3), Status::kOk);
  ASSERT_EQ(actkern_gelu_tanh_f32(x, b, 3), ACTKERN_OK);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
  ASSERT_EQ(GeluBackward(x, dy, a, 3), Status::kOk);
  ASSERT_EQ(actkern_gelu_backward_f32(x, dy, b, 3), ACTKERN_OK);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
  ASSERT_EQ(GeluTanhBackward(x, dy, a, 3), Status::kOk);
  ASSERT_EQ(actkern_gelu_tanh_backward_f32(x, dy, b, 3), ACTKERN_OK);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
  EXPECT_EQ(GeluBackward(x, dy, nullptr, 3), Status::kNullPointer);
}

ACTKERN_INSTANTIATE_PER_TARGET(GeluTest);

}  // namespace
}  // namespace test
}  // namespace actkern
