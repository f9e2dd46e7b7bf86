// The fast tier (actkern_<kernel>_fast_f32, the kernel table's `fast`
// column) against its precise kernel, on every runnable target:
// - the special values of the contract come out exactly as the precise
//   kernel gives them: +-0, +-inf bit for bit, NaN in -> NaN out;
// - at the ends of the range (gradual underflow, overflow, the saturated
//   tails) the fast result is of the same kind as the precise one (zero,
//   subnormal, normal, infinite, NaN; same sign) and within the fast bound of
//   the double reference: nothing is flushed, nothing saturates early;
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

// The kind of a float: what a flush or an early saturation would change.
int Kind(float v) {
  const int sign = std::signbit(v) ? -1 : 1;
  switch (std::fpclassify(v)) {
    case FP_NAN:
      return 0;
    case FP_ZERO:
      return sign * 1;
    case FP_SUBNORMAL:
      return sign * 2;
    case FP_INFINITE:
      return sign * 4;
    default:
      return sign * 3;
  }
}

TEST_P(FastTierTest, RangeEndsAsPrecise) {
  // Where e^x turns subnormal, rounds to 0, overflows; the saturated tails of
  // sigmoid-like kernels; the largest and smallest floats.
  std::vector<float> x = {-87.0f,  -87.4f, -88.0f,  -89.5f,  -95.0f,
                          -100.0f, -103.0f, -103.9f, -104.5f, -120.0f,
                          -200.0f, 87.0f,   88.5f,   88.75f,  89.0f,
                          100.0f,  17.0f,   -17.0f,  30.0f,   -30.0f,
                          1e-30f,  -1e-30f, 1e-45f,  -1e-45f, 1e-38f,
                          -1e-38f, 3e38f,   -3e38f,  1e7f,    -1e7f};
  std::vector<float> fast, precise;
  Run(x, &fast, &precise);
  for (size_t i = 0; i < x.size(); ++i) {
    const double ref = fast_->reference(static_cast<double>(x[i]));
    const double ulp = actkern_ulp_error(fast[i], ref);
    EXPECT_LE(ulp, fast_->max_ulp)
        << fast_->name << "(" << x[i] << ") = " << fast[i] << ", ref " << ref;
    // A result within 1 ULP of a boundary between kinds may sit on either
    // side of it; only the clear cases are compared.
    if (actkern_ulp_error(precise[i], ref) <= 0.5 &&
        Kind(static_cast<float>(ref)) == Kind(precise[i]) &&
        std::fabs(ref) != 0x1p-126 && ulp <= 0.5) {
      EXPECT_EQ(Kind(fast[i]), Kind(precise[i]))
          << fast_->name << "(" << x[i] << ") = " << fast[i] << ", precise "
          << precise[i];
    }
    if (std::isinf(precise[i]) || precise[i] == 0.0f ||
        std::isnan(precise[i])) {
      EXPECT_TRUE(SameFloat(fast[i], precise[i]) ||
                  actkern_ulp_error(fast[i], ref) <= fast_->max_ulp)
          << fast_->name << "(" << x[i] << ") = " << fast[i] << ", precise "
          << precise[i];
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
