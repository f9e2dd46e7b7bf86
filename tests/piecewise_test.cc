// Piecewise activations: special values, -0, kinks, parameter values other
// than the catalogue's, invalid parameters, on every runnable target. The
// generic checks run from the catalogue in unary_test.cc / backward_test.cc.
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "actkern/piecewise.h"
#include "actkern/reference.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kDenormMin = std::numeric_limits<float>::denorm_min();

class PiecewiseTest : public PerTarget {};

// Runs a one-element forward call through any of the C entry points.
template <class F, class... P>
float One(F f, float x, P... params) {
  float y = 12345.0f;
  EXPECT_EQ(f(&x, &y, 1, params...), ACTKERN_OK);
  return y;
}
template <class F, class... P>
float OneBackward(F f, float x, float dy, P... params) {
  float dx = 12345.0f;
  EXPECT_EQ(f(&x, &dy, &dx, 1, params...), ACTKERN_OK);
  return dx;
}

bool IsPlusZero(float v) { return v == 0.0f && !std::signbit(v); }
bool IsMinusZero(float v) { return v == 0.0f && std::signbit(v); }

// Inputs that exercise signs, zeros, kinks, subnormals and infinities, plus
// random bit patterns and normals.
std::vector<float> Probe() {
  std::vector<float> x = {0.0f,
                          -0.0f,
                          kDenormMin,
                          -kDenormMin,
                          1e-40f,
                          -1e-40f,
                          1.0f,
                          -1.0f,
                          3.0f,
                          -3.0f,
                          6.0f,
                          -6.0f,
                          0.5f,
                          -0.5f,
                          kInf,
                          -kInf,
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          2.9999998f,
                          -2.9999998f,
                          3.0000002f,
                          -3.0000002f,
                          5.9999995f,
                          6.0000005f};
  std::mt19937 rng(5);
  std::normal_distribution<float> nd(0.0f, 4.0f);
  for (int i = 0; i < 4000; ++i) {
    x.push_back(nd(rng));
    const float b = FromBits(static_cast<uint32_t>(rng()));
    if (!std::isnan(b)) x.push_back(b);
  }
  return x;
}

TEST_P(PiecewiseTest, ReluSpecialValues) {
  EXPECT_TRUE(std::isnan(One(actkern_relu_f32, kNaN)));
  EXPECT_TRUE(std::isnan(One(actkern_relu_f32, -kNaN)));
  EXPECT_TRUE(IsPlusZero(One(actkern_relu_f32, -0.0f)));
  EXPECT_TRUE(IsPlusZero(One(actkern_relu_f32, 0.0f)));
  EXPECT_TRUE(IsPlusZero(One(actkern_relu_f32, -kInf)));
  EXPECT_TRUE(IsPlusZero(One(actkern_relu_f32, -kDenormMin)));
  EXPECT_EQ(One(actkern_relu_f32, kInf), kInf);
  EXPECT_EQ(One(actkern_relu_f32, kDenormMin), kDenormMin);
  EXPECT_TRUE(std::isnan(One(actkern_relu6_f32, kNaN)));
  EXPECT_TRUE(IsPlusZero(One(actkern_relu6_f32, -0.0f)));
  EXPECT_EQ(One(actkern_relu6_f32, kInf), 6.0f);
  EXPECT_TRUE(IsPlusZero(One(actkern_relu6_f32, -kInf)));
  EXPECT_EQ(One(actkern_relu6_f32, 6.0000005f), 6.0f);
  EXPECT_EQ(One(actkern_relu6_f32, 5.9999995f), 5.9999995f);
  EXPECT_EQ(One(actkern_relu6_f32, kDenormMin), kDenormMin);
}

// leaky_relu with slopes other than the catalogue's 0.01: correctly rounded
// (one product), subnormal results kept, -0 -> slope * -0.
TEST_P(PiecewiseTest, LeakyReluOtherSlopes) {
  const std::vector<float> x = Probe();
  std::vector<float> y(x.size());
  for (float slope : {0.2f, 0.0f, -0.5f, 1.0f, 3.0f, 1e-30f, 1e30f, -1e-3f}) {
    ASSERT_EQ(actkern_leaky_relu_f32(x.data(), y.data(), x.size(), slope),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      const double ref = actkern_ref_leaky_relu(x[i], slope);
      if (std::isnan(ref)) {  // -inf * 0
        EXPECT_TRUE(std::isnan(y[i]));
        continue;
      }
      ASSERT_LE(actkern_ulp_error(y[i], ref), 0.5)
          << x[i] << " slope " << slope;
      ASSERT_EQ(y[i], static_cast<float>(ref)) << x[i] << " slope " << slope;
    }
    EXPECT_TRUE(std::isnan(One(actkern_leaky_relu_f32, kNaN, slope)));
  }
  EXPECT_TRUE(IsMinusZero(One(actkern_leaky_relu_f32, -0.0f, 0.2f)));
  EXPECT_TRUE(IsPlusZero(One(actkern_leaky_relu_f32, -0.0f, -0.2f)));
  EXPECT_EQ(One(actkern_leaky_relu_f32, -kInf, 0.2f), -kInf);
  EXPECT_EQ(One(actkern_leaky_relu_f32, -1e-44f, 0.5f), -FromBits(0x4u) * 1.0f);
}

// hardtanh with other bounds: exact clamps, -0 kept, infinite bounds.
TEST_P(PiecewiseTest, HardtanhOtherBounds) {
  const std::vector<float> x = Probe();
  std::vector<float> y(x.size());
  const float bounds[][2] = {{0.0f, 6.0f},  {-2.0f, 0.5f},    {-kInf, kInf},
                             {0.0f, kInf},  {-kInf, -1.0f},   {2.0f, 2.0f},
                             {-0.0f, 0.0f}, {-1e-40f, 1e-40f}};
  for (const auto& b : bounds) {
    ASSERT_EQ(actkern_hardtanh_f32(x.data(), y.data(), x.size(), b[0], b[1]),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      const double ref = actkern_ref_hardtanh(x[i], b[0], b[1]);
      ASSERT_EQ(y[i], static_cast<float>(ref))
          << x[i] << " in [" << b[0] << ", " << b[1] << "]";
    }
    EXPECT_TRUE(std::isnan(One(actkern_hardtanh_f32, kNaN, b[0], b[1])));
  }
  EXPECT_TRUE(IsMinusZero(One(actkern_hardtanh_f32, -0.0f, -1.0f, 1.0f)));
  EXPECT_TRUE(IsMinusZero(One(actkern_hardtanh_f32, -0.0f, 0.0f, 6.0f)));
  EXPECT_EQ(One(actkern_hardtanh_f32, 7.0f, -kInf, kInf), 7.0f);
  EXPECT_EQ(One(actkern_hardtanh_f32, kInf, -1.0f, 1.0f), 1.0f);
  EXPECT_EQ(One(actkern_hardtanh_f32, -kInf, -1.0f, 1.0f), -1.0f);
}

TEST_P(PiecewiseTest, HardsigmoidHardswishSpecialValues) {
  EXPECT_EQ(One(actkern_hardsigmoid_f32, 0.0f), 0.5f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, -0.0f), 0.5f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, 3.0f), 1.0f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, -3.0f), 0.0f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, kInf), 1.0f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, -kInf), 0.0f);
  EXPECT_EQ(One(actkern_hardsigmoid_f32, 1.5f), 0.75f);
  EXPECT_TRUE(std::isnan(One(actkern_hardsigmoid_f32, kNaN)));
  EXPECT_TRUE(IsMinusZero(One(actkern_hardswish_f32, -0.0f)));
  EXPECT_TRUE(IsPlusZero(One(actkern_hardswish_f32, 0.0f)));
  EXPECT_TRUE(IsMinusZero(One(actkern_hardswish_f32, -3.0f)));
  EXPECT_TRUE(IsMinusZero(One(actkern_hardswish_f32, -kInf)));
  EXPECT_EQ(One(actkern_hardswish_f32, 3.0f), 3.0f);
  EXPECT_EQ(One(actkern_hardswish_f32, kInf), kInf);
  EXPECT_EQ(One(actkern_hardswish_f32, -1.5f), -0.375f);
  EXPECT_EQ(One(actkern_hardswish_f32, 1.0f), 1.0f * 4.0f / 6.0f);
  EXPECT_TRUE(std::isnan(One(actkern_hardswish_f32, kNaN)));
  // Just above -3 the results are tiny and must keep their relative
  // accuracy ((x + 3) is exact there).
  for (float x = -3.0f; x < -2.99f; x = std::nextafter(x, 0.0f)) {
    ASSERT_LE(actkern_ulp_error(One(actkern_hardsigmoid_f32, x),
                                actkern_ref_hardsigmoid(x)),
              1.0);
    ASSERT_LE(actkern_ulp_error(One(actkern_hardswish_f32, x),
                                actkern_ref_hardswish(x)),
              1.0);
  }
}

TEST_P(PiecewiseTest, InvalidParameters) {
  float x[4] = {1, 2, 3, 4}, y[4] = {7, 7, 7, 7};
  for (float slope : {kNaN, kInf, -kInf}) {
    EXPECT_EQ(actkern_leaky_relu_f32(x, y, 4, slope),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_leaky_relu_f32(x, y, 0, slope),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_leaky_relu_backward_f32(x, x, y, 4, slope),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(LeakyRelu(x, y, 4, slope), Status::kInvalidArgument);
  }
  const float bad[][2] = {
      {1.0f, -1.0f}, {kNaN, 1.0f}, {-1.0f, kNaN}, {kInf, -kInf}};
  for (const auto& b : bad) {
    EXPECT_EQ(actkern_hardtanh_f32(x, y, 4, b[0], b[1]),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_hardtanh_f32(x, y, 0, b[0], b[1]),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_hardtanh_backward_f32(x, x, y, 4, b[0], b[1]),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(Hardtanh(x, y, 4, b[0], b[1]), Status::kInvalidArgument);
  }
  for (float v : y) EXPECT_EQ(v, 7.0f);
}

// Derivatives at and around the kinks (PyTorch's conventions).
TEST_P(PiecewiseTest, BackwardKinks) {
  EXPECT_EQ(OneBackward(actkern_relu_backward_f32, 0.0f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_relu_backward_f32, -0.0f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_relu_backward_f32, kDenormMin, 2.0f), 2.0f);
  EXPECT_EQ(OneBackward(actkern_relu_backward_f32, kInf, 2.0f), 2.0f);
  EXPECT_EQ(OneBackward(actkern_leaky_relu_backward_f32, 0.0f, 2.0f, 0.25f),
            0.5f);
  EXPECT_EQ(OneBackward(actkern_leaky_relu_backward_f32, -5.0f, 3.0f, -0.5f),
            -1.5f);
  EXPECT_EQ(OneBackward(actkern_leaky_relu_backward_f32, 5.0f, 3.0f, -0.5f),
            3.0f);
  EXPECT_EQ(OneBackward(actkern_relu6_backward_f32, 0.0f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_relu6_backward_f32, 6.0f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_relu6_backward_f32, 5.9999995f, 2.0f), 2.0f);
  EXPECT_EQ(
      OneBackward(actkern_hardtanh_backward_f32, -1.0f, 2.0f, -1.0f, 1.0f),
      0.0f);
  EXPECT_EQ(OneBackward(actkern_hardtanh_backward_f32, 0.5f, 2.0f, -1.0f, 1.0f),
            2.0f);
  EXPECT_EQ(OneBackward(actkern_hardtanh_backward_f32, 0.5f, 2.0f, 0.5f, 4.0f),
            0.0f);
  EXPECT_EQ(OneBackward(actkern_hardtanh_backward_f32, 3.0f, 2.0f, 0.5f, 4.0f),
            2.0f);
  EXPECT_EQ(OneBackward(actkern_hardtanh_backward_f32, 3.0f, 2.0f, 3.0f, 3.0f),
            0.0f);
  EXPECT_EQ(
      OneBackward(actkern_hardtanh_backward_f32, 1e30f, 2.0f, -kInf, kInf),
      2.0f);
  EXPECT_EQ(OneBackward(actkern_hardsigmoid_backward_f32, 3.0f, 6.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_hardsigmoid_backward_f32, -3.0f, 6.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_hardsigmoid_backward_f32, 2.0f, 6.0f), 1.0f);
  EXPECT_EQ(OneBackward(actkern_hardsigmoid_backward_f32, 0.0f, 1.0f),
            1.0f / 6.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, -3.0f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, 3.0f, 2.0f), 2.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, -1.5f, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, 0.0f, 2.0f), 1.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, 1.5f, 2.0f), 2.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, -kInf, 2.0f), 0.0f);
  EXPECT_EQ(OneBackward(actkern_hardswish_backward_f32, kInf, 2.0f), 2.0f);
  // dx = f'(x) * dy: a zero derivative times a NaN dy is NaN.
  EXPECT_TRUE(std::isnan(OneBackward(actkern_relu_backward_f32, -1.0f, kNaN)));
  EXPECT_TRUE(
      std::isnan(OneBackward(actkern_hardswish_backward_f32, kNaN, 1.0f)));
  EXPECT_TRUE(
      std::isnan(OneBackward(actkern_hardsigmoid_backward_f32, kNaN, 1.0f)));
}

// Backward with parameters other than the catalogue's, against the
// references: exact (or one rounding) everywhere.
TEST_P(PiecewiseTest, BackwardOtherParameters) {
  const std::vector<float> x = Probe();
  std::vector<float> dy(x.size()), dx(x.size());
  std::mt19937 rng(9);
  std::normal_distribution<float> nd(0.0f, 10.0f);
  for (float& v : dy) v = nd(rng);
  for (float slope : {0.2f, -0.5f, 0.0f, 1e-20f}) {
    ASSERT_EQ(actkern_leaky_relu_backward_f32(x.data(), dy.data(), dx.data(),
                                              x.size(), slope),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_LE(actkern_ulp_error(
                    dx[i], actkern_ref_leaky_relu_backward(x[i], dy[i], slope)),
                0.5)
          << x[i] << " slope " << slope;
    }
  }
  const float bounds[][2] = {
      {0.0f, 6.0f}, {-2.0f, 0.5f}, {-kInf, kInf}, {1.0f, 1.0f}};
  for (const auto& b : bounds) {
    ASSERT_EQ(actkern_hardtanh_backward_f32(x.data(), dy.data(), dx.data(),
                                            x.size(), b[0], b[1]),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(dx[i], static_cast<float>(actkern_ref_hardtanh_backward(
                           x[i], dy[i], b[0], b[1])))
          << x[i];
    }
  }
}

// C++ wrappers with their default parameters (PyTorch's).
TEST_P(PiecewiseTest, CppWrappersDefaults) {
  const float x[4] = {-2.0f, -0.5f, 0.5f, 7.0f},
              dy[4] = {1.0f, 1.0f, 1.0f, 1.0f};
  float y[4];
  ASSERT_EQ(LeakyRelu(x, y, 4), Status::kOk);
  EXPECT_EQ(y[0], -2.0f * 0.01f);
  ASSERT_EQ(Hardtanh(x, y, 4), Status::kOk);
  EXPECT_EQ(y[0], -1.0f);
  EXPECT_EQ(y[3], 1.0f);
  ASSERT_EQ(Relu(x, y, 4), Status::kOk);
  EXPECT_EQ(y[3], 7.0f);
  ASSERT_EQ(Relu6(x, y, 4), Status::kOk);
  EXPECT_EQ(y[3], 6.0f);
  ASSERT_EQ(Hardsigmoid(x, y, 4), Status::kOk);
  ASSERT_EQ(Hardswish(x, y, 4), Status::kOk);
  ASSERT_EQ(LeakyReluBackward(x, dy, y, 4), Status::kOk);
  EXPECT_EQ(y[0], 0.01f);
  ASSERT_EQ(HardtanhBackward(x, dy, y, 4), Status::kOk);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(y[0], 0.0f);
  ASSERT_EQ(ReluBackward(x, dy, y, 4), Status::kOk);
  ASSERT_EQ(Relu6Backward(x, dy, y, 4), Status::kOk);
  ASSERT_EQ(HardsigmoidBackward(x, dy, y, 4), Status::kOk);
  ASSERT_EQ(HardswishBackward(x, dy, y, 4), Status::kOk);
  EXPECT_EQ(y[3], 1.0f);
}

ACTKERN_INSTANTIATE_PER_TARGET(PiecewiseTest);

}  // namespace
}  // namespace test
}  // namespace actkern
