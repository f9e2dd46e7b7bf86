// Generic checks for every catalogued backward kernel on every runnable
// target: sampled sweep of inputs (bit patterns) with several dy against the
// double analytic derivative and the documented bound, edge sizes,
// alignment, in place (dx == dy and dx == in), NaN propagation and bad
// arguments.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "hardening/sweep_stride.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

using catalog::BackwardKernel;

struct Param {
  std::string kernel;
  std::string target;
};
void PrintTo(const Param& p, std::ostream* os) {
  *os << p.kernel << "/" << p.target;
}

std::vector<Param> AllParams() {
  std::vector<Param> out;
  for (const auto& k : catalog::BackwardKernels()) {
    for (const auto& t : catalog::RunnableTargets()) out.push_back({k.name, t});
  }
  return out;
}

class BackwardTest : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    kernel_ = catalog::FindBackward(GetParam().kernel);
    ASSERT_NE(kernel_, nullptr);
    forward_ = catalog::FindUnary(kernel_->forward);
    ASSERT_NE(forward_, nullptr) << kernel_->forward;
    scoped_ = std::make_unique<ScopedTarget>(GetParam().target);
  }
  void TearDown() override { scoped_.reset(); }

  // The kernel's first input for forward input x: x itself, or y = f(x)
  // computed by the forward kernel when the backward takes y.
  std::vector<float> Inputs(const std::vector<float>& x) const {
    if (!kernel_->takes_y) return x;
    std::vector<float> y(x.size());
    EXPECT_EQ(forward_->run(x.data(), y.data(), x.size()), ACTKERN_OK);
    return y;
  }

  const BackwardKernel* kernel_ = nullptr;
  const catalog::UnaryKernel* forward_ = nullptr;

 private:
  std::unique_ptr<ScopedTarget> scoped_;
};

// Every 4099th bit pattern (about 1 M inputs) with dy in {1, -0.75, 3e-3,
// 1e5}; every result within the documented bound. ACTKERN_TEST_SWEEP_STRIDE
// overrides the stride (emulated runs).
TEST_P(BackwardTest, SampledSweepWithinBound) {
  std::vector<float> x;
  const uint64_t stride = SweepStride(4099);
  for (uint64_t b = 0; b < (1ull << 32); b += stride)
    x.push_back(FromBits(static_cast<uint32_t>(b)));
  const std::vector<float> in = Inputs(x);
  std::vector<float> dx(x.size());
  double worst = 0;
  for (float dyv : {1.0f, -0.75f, 3e-3f, 1e5f}) {
    const std::vector<float> dy(x.size(), dyv);
    ASSERT_EQ(kernel_->run(in.data(), dy.data(), dx.data(), x.size()),
              ACTKERN_OK);
    size_t failures = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double ref = kernel_->reference(in[i], dyv);
      double ulp = 0;
      if (!catalog::BackwardWithinBound(*kernel_, in[i], dyv, dx[i], ref,
                                        &ulp)) {
        if (++failures <= 5) {
          ADD_FAILURE() << kernel_->name << " in=" << in[i] << " (0x"
                        << std::hex << ToBits(in[i]) << std::dec
                        << ") dy=" << dyv << " dx=" << dx[i] << " ref=" << ref
                        << " ulp=" << ulp;
        }
      } else if (std::isfinite(ulp) && ulp > worst) {
        worst = ulp;
      }
    }
    EXPECT_EQ(failures, 0u) << "dy=" << dyv;
  }
  RecordProperty("max_ulp", std::to_string(worst));
}

// n from 0 to 3 * 64 + 1 at several misalignments, out of place and in place
// (dx aliasing dy, and dx aliasing the first input): same bits as one large
// call, no write outside [0, n).
TEST_P(BackwardTest, EdgeSizesAlignmentInPlace) {
  const size_t kMaxN = 3 * 64 + 1, kPad = 16;
  std::mt19937 rng(7);
  std::normal_distribution<float> nd(0.0f, 4.0f);
  std::vector<float> x(kMaxN + kPad), dy(kMaxN + kPad);
  for (auto& v : x) v = nd(rng);
  for (auto& v : dy) v = nd(rng);
  const std::vector<float> in = Inputs(x);
  std::vector<float> expected(x.size());
  ASSERT_EQ(kernel_->run(in.data(), dy.data(), expected.data(), x.size()),
            ACTKERN_OK);
  const float kCanary = FromBits(0x7FBADBADu);
  for (size_t offset : {size_t{0}, size_t{1}, size_t{3}, size_t{7}}) {
    for (size_t n = 0; n <= kMaxN; ++n) {
      std::vector<float> out(n + 2 + kPad, kCanary);
      float* d = out.data() + 1 + offset;
      ASSERT_EQ(kernel_->run(in.data() + offset, dy.data() + offset, d, n),
                ACTKERN_OK);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameFloat(d[i], expected[offset + i]))
            << "n=" << n << " i=" << i;
      }
      ASSERT_EQ(ToBits(d[-1]), ToBits(kCanary));
      ASSERT_EQ(ToBits(d[n]), ToBits(kCanary));
      // dx == dy
      std::vector<float> g(dy.begin() + offset, dy.begin() + offset + n);
      ASSERT_EQ(kernel_->run(in.data() + offset, g.data(), g.data(), n),
                ACTKERN_OK);
      for (size_t i = 0; i < n; ++i)
        ASSERT_TRUE(SameFloat(g[i], expected[offset + i]));
      // dx == in
      std::vector<float> h(in.begin() + offset, in.begin() + offset + n);
      ASSERT_EQ(kernel_->run(h.data(), dy.data() + offset, h.data(), n),
                ACTKERN_OK);
      for (size_t i = 0; i < n; ++i)
        ASSERT_TRUE(SameFloat(h[i], expected[offset + i]));
    }
  }
}

TEST_P(BackwardTest, NaNPropagates) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> in(37, kernel_->takes_y ? 0.25f : 0.5f), dy(37, 1.0f),
      dx(37);
  in[3] = nan;
  dy[20] = nan;
  ASSERT_EQ(kernel_->run(in.data(), dy.data(), dx.data(), in.size()),
            ACTKERN_OK);
  EXPECT_TRUE(std::isnan(dx[3]));
  EXPECT_TRUE(std::isnan(dx[20]));
}

TEST_P(BackwardTest, BadArgumentsLeaveOutputUntouched) {
  std::vector<float> a(64, 0.5f), b(64, 1.0f), out(64, 7.0f);
  EXPECT_EQ(kernel_->run(nullptr, b.data(), out.data(), 8),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(a.data(), nullptr, out.data(), 8),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(a.data(), b.data(), nullptr, 8),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(nullptr, nullptr, nullptr, 0), ACTKERN_OK);
  EXPECT_EQ(kernel_->run(a.data(), b.data(), a.data() + 1, 8),
            ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(kernel_->run(a.data(), b.data(), b.data() + 2, 8),
            ACTKERN_ERROR_OVERLAP);
  for (float v : a) EXPECT_EQ(v, 0.5f);
  for (float v : b) EXPECT_EQ(v, 1.0f);
  for (float v : out) EXPECT_EQ(v, 7.0f);
}

std::string ParamName(const ::testing::TestParamInfo<Param>& i) {
  std::string name = i.param.kernel + "_" + i.param.target;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(KernelTarget, BackwardTest,
                         ::testing::ValuesIn(AllParams()), ParamName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BackwardTest);

}  // namespace
}  // namespace test
}  // namespace actkern
