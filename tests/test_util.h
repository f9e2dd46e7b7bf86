// Test helpers: run a test once per runnable target, and float utilities.
#ifndef ACTKERN_TESTS_TEST_UTIL_H_
#define ACTKERN_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace actkern {
namespace test {

inline float FromBits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof(f));
  return f;
}
inline uint32_t ToBits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}

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

#endif  // ACTKERN_TESTS_TEST_UTIL_H_
