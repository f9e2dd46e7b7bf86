// The fast tier (actkern_<kernel>_fast_f32, the kernel table's `fast`
// column) against its precise kernel, on every runnable target:
// - the special values of the contract come out exactly as the precise
//   kernel gives them: +-0, +-inf bit for bit, NaN in -> NaN out;
// - at the ends of the range (gradual underflow, overflow, the saturated
//   tails) the fast result is within the fast bound of the double reference
//   and has its sign: nothing is flushed, nothing saturates early;
// - the C++ overload actkern::fast::<Cxx> is the C function.
// The bound over all inputs is the sampled sweep of unary_test (every
// catalogued kernel, both tiers) and the exhaustive sweep.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/reference.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

using catalog::UnaryKernel;

std::vector<UnaryKernel> FastKernels() {
  std::vector<UnaryKernel> out;
  for (const UnaryKernel& k : catalog::UnaryKernels()) {
    if (k.fast) out.push_back(k);
  }
  return out;
}

class FastTierTest : public PerKernelTarget {
 protected:
  void SetUp() override {
    fast_ = catalog::FindUnary(GetParam().kernel);
    ASSERT_NE(fast_, nullptr);
    ASSERT_TRUE(fast_->fast);
    precise_ = catalog::FindUnary(fast_->precise);
    ASSERT_NE(precise_, nullptr);
    ASSERT_FALSE(precise_->fast);
    PinTarget();
  }
  // Both tiers over x, in one call each (a mix of lanes in every vector).
  void Run(const std::vector<float>& x, std::vector<float>* fast,
           std::vector<float>* precise) const {
    fast->assign(x.size(), 12345.0f);
    precise->assign(x.size(), 12345.0f);
    ASSERT_EQ(fast_->run(x.data(), fast->data(), x.size()), ACTKERN_OK);
    ASSERT_EQ(precise_->run(x.data(), precise->data(), x.size()), ACTKERN_OK);
  }
  const UnaryKernel* fast_ = nullptr;
  const UnaryKernel* precise_ = nullptr;
};

TEST_P(FastTierTest, SpecialValuesExactlyAsPrecise) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {0.0f,
                          -0.0f,
                          inf,
                          -inf,
                          std::numeric_limits<float>::quiet_NaN(),
                          -std::numeric_limits<float>::quiet_NaN(),
                          FromBits(0x7fa00001u),  // signalling, payload
                          FromBits(0xffc12345u)};
  // Every lane position of a vector, with ordinary values around them.
  const size_t specials = x.size();
  for (size_t i = 0; i < 40; ++i) x.push_back(0.37f * static_cast<float>(i));
  for (size_t i = 0; i < specials; ++i) x[specials + 5 * i] = x[i];
  std::vector<float> fast, precise;
  Run(x, &fast, &precise);
  for (size_t i = 0; i < x.size(); ++i) {
    const bool special = std::isnan(x[i]) || std::isinf(x[i]) || x[i] == 0.0f;
    if (!special) continue;
    EXPECT_TRUE(SameFloat(fast[i], precise[i]))
        << fast_->name << "(" << x[i] << ") = " << fast[i] << ", precise "
        << precise[i];
  }
}

// At the ends of the range (where e^x turns subnormal, rounds to 0,
// overflows; the saturated tails; the largest and smallest floats) the fast
// result is within its bound of the reference on this target (the sampled
// sweep may step over these points), and it has the reference's sign: a
// tiny result of the wrong sign would pass a ULP test near 0.
TEST_P(FastTierTest, RangeEndsWithinBound) {
  std::vector<float> x = {-87.0f,  -87.4f,  -88.0f,  -89.5f,  -95.0f,  -100.0f,
                          -103.0f, -103.9f, -104.5f, -120.0f, -200.0f, 87.0f,
                          88.5f,   88.75f,  89.0f,   100.0f,  17.0f,   -17.0f,
                          30.0f,   -30.0f,  1e-30f,  -1e-30f, 1e-45f,  -1e-45f,
                          1e-38f,  -1e-38f, 3e38f,   -3e38f,  1e7f,    -1e7f};
  std::vector<float> fast, precise;
  Run(x, &fast, &precise);
  for (size_t i = 0; i < x.size(); ++i) {
    const double ref = fast_->reference(static_cast<double>(x[i]));
    EXPECT_LE(actkern_ulp_error(fast[i], ref), fast_->max_ulp)
        << fast_->name << "(" << x[i] << ") = " << fast[i] << ", ref " << ref
        << ", precise " << precise[i];
    if (ref != 0.0 && fast[i] != 0.0f) {
      EXPECT_EQ(std::signbit(fast[i]), std::signbit(ref))
          << fast_->name << "(" << x[i] << ") = " << fast[i] << ", ref " << ref;
    }
  }
}

ACTKERN_INSTANTIATE_PER_KERNEL_TARGET(FastTierTest, FastKernels());

// The C++ overloads in actkern::fast are the C functions (one row of each
// parameter count).
TEST(FastTierCxx, OverloadsAreTheCFunctions) {
  std::vector<float> x(37), a(37), b(37);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.3f * i - 5.0f;
  ASSERT_EQ(fast::Sigmoid(x.data(), a.data(), x.size()), Status::kOk);
  ASSERT_EQ(actkern_sigmoid_fast_f32(x.data(), b.data(), x.size()), ACTKERN_OK);
  EXPECT_EQ(a, b);
  ASSERT_EQ(fast::Elu(x.data(), a.data(), x.size(), 0.5f), Status::kOk);
  ASSERT_EQ(actkern_elu_fast_f32(x.data(), b.data(), x.size(), 0.5f),
            ACTKERN_OK);
  EXPECT_EQ(a, b);
  ASSERT_EQ(fast::Elu(x.data(), a.data(), x.size()), Status::kOk);  // default
  ASSERT_EQ(actkern_elu_fast_f32(x.data(), b.data(), x.size(), 1.0f),
            ACTKERN_OK);
  EXPECT_EQ(a, b);
  EXPECT_EQ(fast::Elu(x.data(), a.data(), x.size(), NAN),
            Status::kInvalidArgument);
}

}  // namespace
}  // namespace test
}  // namespace actkern
