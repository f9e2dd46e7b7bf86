// Test helpers: run a test once per runnable target, and float utilities.
#ifndef ACTKERN_TESTS_TEST_UTIL_H_
#define ACTKERN_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>

#include <cctype>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"
#include "hardening/inputs.h"

namespace actkern {
namespace test {

// The bit casts of hardening/inputs.h, under the shorter names the checks
// read best with.
inline float FromBits(uint32_t b) { return BitsToFloat(b); }
inline uint32_t ToBits(float f) { return FloatToBits(f); }

// Pins dispatch to one target for the duration of a test and checks that the
// dispatcher really runs that target's code.
class ScopedTarget {
 public:
  explicit ScopedTarget(const std::string& name) {
    EXPECT_EQ(actkern_set_max_target(name.c_str()), ACTKERN_OK) << name;
    EXPECT_STREQ(actkern_active_target(), name.c_str());
  }
  ~ScopedTarget() { actkern_set_max_target(nullptr); }
};

// Fixture for tests parametrised by target name.
class PerTarget : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    scoped_ = std::make_unique<ScopedTarget>(GetParam());
  }
  void TearDown() override { scoped_.reset(); }

 private:
  std::unique_ptr<ScopedTarget> scoped_;
};

inline std::string TargetParamName(
    const ::testing::TestParamInfo<std::string>& i) {
  return i.param;
}

// One (kernel, target) pair, for the generic tests that run every
// catalogued kernel on every runnable target.
struct KernelTarget {
  std::string kernel;
  std::string target;
};
inline void PrintTo(const KernelTarget& p, std::ostream* os) {
  *os << p.kernel << "/" << p.target;
}

// Every kernel of `kernels` (catalogue entries: anything with a `name`) on
// every runnable target.
template <class Kernels>
std::vector<KernelTarget> KernelTargets(const Kernels& kernels) {
  std::vector<KernelTarget> out;
  for (const auto& k : kernels) {
    for (const auto& t : catalog::RunnableTargets()) out.push_back({k.name, t});
  }
  return out;
}

// "<kernel>_<target>" with every character gtest does not allow in a name
// replaced by '_'.
inline std::string KernelTargetName(
    const ::testing::TestParamInfo<KernelTarget>& i) {
  std::string name = i.param.kernel + "_" + i.param.target;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// Fixture for tests parametrised by KernelTarget: the subclass looks its
// kernel up, then calls PinTarget() so that dispatch runs the parameter's
// target until the test ends.
class PerKernelTarget : public ::testing::TestWithParam<KernelTarget> {
 protected:
  void PinTarget() {
    scoped_ = std::make_unique<ScopedTarget>(GetParam().target);
  }
  void TearDown() override { scoped_.reset(); }

 private:
  std::unique_ptr<ScopedTarget> scoped_;
};

// Targets whose MulAdd is one fused, singly rounded operation: actkern
// promises them one set of bits (tests/bit_identity_test.cc holds it to that).
// Targets without FMA (SSE2, SSSE3, SSE4, EMU128, SCALAR) round a*b+c twice,
// so their bits may differ from these and are checked on their own. This is
// the only list of them in the tests.
inline bool IsFmaTarget(const std::string& t) {
  static const char* const kFmaTargets[] = {"AVX2",      "AVX3",    "AVX3_DL",
                                            "AVX3_ZEN4", "NEON",    "SVE",
                                            "SVE2",      "SVE_256", "SVE2_128"};
  for (const char* f : kFmaTargets) {
    if (t == f) return true;
  }
  return false;
}

// Same bits, treating every NaN as equal (payloads are not part of any
// contract).
inline bool SameFloat(float a, float b) {
  return (a != a && b != b) || ToBits(a) == ToBits(b);
}

}  // namespace test
}  // namespace actkern

// Runs every TEST_P of `suite` (a subclass of PerTarget) once per target.
#define ACTKERN_INSTANTIATE_PER_TARGET(suite)                     \
  INSTANTIATE_TEST_SUITE_P(                                       \
      Target, suite,                                              \
      ::testing::ValuesIn(::actkern::catalog::RunnableTargets()), \
      ::actkern::test::TargetParamName)

// Runs every TEST_P of `suite` (a subclass of PerKernelTarget) once per
// kernel of `kernels` and runnable target.
#define ACTKERN_INSTANTIATE_PER_KERNEL_TARGET(suite, kernels)       \
  INSTANTIATE_TEST_SUITE_P(                                         \
      KernelTarget, suite,                                          \
      ::testing::ValuesIn(::actkern::test::KernelTargets(kernels)), \
      ::actkern::test::KernelTargetName)

#endif  // ACTKERN_TESTS_TEST_UTIL_H_
