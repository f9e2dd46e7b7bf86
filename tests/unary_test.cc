// Generic checks for every catalogued elementwise kernel on every runnable
// target: sampled ULP sweep against the double reference with the documented
// bound, NaN handling, edge sizes, unaligned pointers, in place, position
// independence of the bits, and bad arguments (status returned, output
// untouched).
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "actkern/reference.h"
#include "hardening/sweep_stride.h"
#include "sweep.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

using catalog::UnaryKernel;

struct Param {
  std::string kernel;
  std::string target;
};
void PrintTo(const Param& p, std::ostream* os) {
  *os << p.kernel << "/" << p.target;
}

std::vector<Param> AllParams() {
  std::vector<Param> out;
  for (const auto& k : catalog::UnaryKernels()) {
    for (const auto& t : catalog::RunnableTargets()) out.push_back({k.name, t});
  }
  return out;
}

class UnaryTest : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    kernel_ = catalog::FindUnary(GetParam().kernel);
    ASSERT_NE(kernel_, nullptr);
    scoped_ = std::make_unique<ScopedTarget>(GetParam().target);
  }
  void TearDown() override { scoped_.reset(); }
  const UnaryKernel* kernel_ = nullptr;

 private:
  std::unique_ptr<ScopedTarget> scoped_;
};

// A mix of ordinary, tiny, huge and special inputs.
std::vector<float> MixedInputs(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) {
    switch (rng() % 4) {
      case 0:
        x[i] = FromBits(static_cast<uint32_t>(rng()));  // any bit pattern
        break;
      case 1:
        x[i] = std::uniform_real_distribution<float>(-100.0f, 100.0f)(rng);
        break;
      default:
        x[i] = std::normal_distribution<float>(0.0f, 3.0f)(rng);
    }
  }
  return x;
}

// Every 251st bit pattern (an odd stride reaches every low-bit pattern) and
// the special values, against the documented bound. About 17 M inputs
// (ACTKERN_TEST_SWEEP_STRIDE overrides the stride, for emulated runs).
TEST_P(UnaryTest, SampledSweepWithinBound) {
  const auto r = catalog::SweepBits(*kernel_, 0, 1ull << 32, SweepStride(251),
                                    true, catalog::DefaultThreads());
  EXPECT_EQ(r.kernel_failures, 0u);
  EXPECT_EQ(r.nan_mismatches, 0u) << "worst x=" << r.worst_x;
  EXPECT_LE(r.max_ulp, kernel_->max_ulp)
      << kernel_->name << " on " << GetParam().target << ": x=" << r.worst_x
      << " (bits 0x" << std::hex << ToBits(r.worst_x) << std::dec
      << ") y=" << r.worst_y << " ref=" << r.worst_ref;
  RecordProperty("max_ulp", std::to_string(r.max_ulp));
}

// Each n from 0 to 3 * 64 + 1 (covers 3 vectors + 1 on every target up to
// 512-bit vectors, and the 4-vector unrolled loop), at every misalignment
// within a vector, out of place and in place: results equal the same inputs
// computed in one large aligned call, bit for bit, and nothing around the
// output is written.
TEST_P(UnaryTest, EdgeSizesAlignmentInPlace) {
  const size_t kMaxN = 3 * 64 + 1;
  const std::vector<float> x = MixedInputs(kMaxN + 16, 42);
  std::vector<float> expected(x.size());
  ASSERT_EQ(kernel_->run(x.data(), expected.data(), x.size()), ACTKERN_OK);
  const float kCanary = FromBits(0x7FBADBADu);
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t n = 0; n <= kMaxN; ++n) {
      // Out of place: guard elements on both sides of the output.
      std::vector<float> out(n + 2 + 16, kCanary);
      float* y = out.data() + 1 + offset;
      ASSERT_EQ(kernel_->run(x.data() + offset, y, n), ACTKERN_OK);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameFloat(y[i], expected[offset + i]))
            << "n=" << n << " offset=" << offset << " i=" << i;
      }
      ASSERT_EQ(ToBits(y[-1]), ToBits(kCanary));
      ASSERT_EQ(ToBits(y[n]), ToBits(kCanary));
      // In place.
      std::vector<float> buf(n + 2 + 16, kCanary);
      float* z = buf.data() + 1 + offset;
      std::memcpy(z, x.data() + offset, n * sizeof(float));
      ASSERT_EQ(kernel_->run(z, z, n), ACTKERN_OK);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(SameFloat(z[i], expected[offset + i]))
            << "in place n=" << n << " offset=" << offset << " i=" << i;
      }
      ASSERT_EQ(ToBits(z[-1]), ToBits(kCanary));
      ASSERT_EQ(ToBits(z[n]), ToBits(kCanary));
    }
  }
}

// Any NaN input (quiet, signalling, either sign) gives NaN.
TEST_P(UnaryTest, NaNGivesNaN) {
  std::vector<float> x = {std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN(),
                          FromBits(0x7F800001u), FromBits(0xFF800001u),
                          FromBits(0x7FFFFFFFu)};
  x.resize(67, std::numeric_limits<float>::quiet_NaN());
  std::vector<float> y(x.size(), 0.0f);
  ASSERT_EQ(kernel_->run(x.data(), y.data(), x.size()), ACTKERN_OK);
  for (size_t i = 0; i < y.size(); ++i) EXPECT_TRUE(std::isnan(y[i])) << i;
}

// Bad arguments: a status, and the output untouched.
TEST_P(UnaryTest, BadArgumentsLeaveOutputUntouched) {
  std::vector<float> buf(64, 1.0f);
  std::vector<float> out(64, 7.0f);
  EXPECT_EQ(kernel_->run(nullptr, out.data(), 8), ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(buf.data(), nullptr, 8), ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(nullptr, nullptr, 0), ACTKERN_OK);
  // Partial overlap, both directions.
  EXPECT_EQ(kernel_->run(buf.data(), buf.data() + 1, 8), ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(kernel_->run(buf.data() + 1, buf.data(), 8), ACTKERN_ERROR_OVERLAP);
  for (float v : buf) EXPECT_EQ(v, 1.0f);
  // A size whose byte count overflows.
  EXPECT_EQ(kernel_->run(buf.data(), out.data(), SIZE_MAX / 2),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  for (float v : out) EXPECT_EQ(v, 7.0f);
}

std::string ParamName(const ::testing::TestParamInfo<Param>& i) {
  std::string name = i.param.kernel + "_" + i.param.target;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(KernelTarget, UnaryTest,
                         ::testing::ValuesIn(AllParams()), ParamName);

}  // namespace
}  // namespace test
}  // namespace actkern
