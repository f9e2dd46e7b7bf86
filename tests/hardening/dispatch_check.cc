// Linked into every gtest binary: before the first test, prints the target
// the dispatcher picked in this process, and fails the whole binary if the
// environment variable ACTKERN_EXPECT_TARGET names another one. The emulated
// Arm runs set it per CPU, so a silent fall-back (say, to NEON on an SVE CPU)
// cannot pass as a run of the target asked for.
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "actkern/actkern.h"

namespace actkern {
namespace test {
namespace {

class DispatchCheck : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* active = actkern_active_target();
    printf("actkern dispatched target: %s (best runnable: %s)\n", active,
           actkern_target_name(0));
    const char* want = getenv("ACTKERN_EXPECT_TARGET");
    if (want != nullptr && want[0] != '\0') {
      if (strcasecmp(active, want) != 0) {
        // exit rather than a gtest failure: no test may run, let alone pass.
        fprintf(stderr,
                "actkern: dispatched target %s, but ACTKERN_EXPECT_TARGET=%s\n",
                active, want);
        fflush(stdout);
        exit(3);
      }
      printf("actkern dispatched target matches ACTKERN_EXPECT_TARGET=%s\n",
             want);
    }
    fflush(stdout);
  }
};

// The same check as a test, so that every binary has at least one test to
// run (a binary whose catalogue part is still empty, such as backward_test
// before any backward kernel exists, would otherwise run 0 tests, which the
// emulated runs treat as a failure).
// The suite is named after the binary (DispatchCheck_unary_test, ...), so the
// CTest names stay unique.
#ifndef ACTKERN_TEST_BINARY
#define ACTKERN_TEST_BINARY test
#endif
#define ACTKERN_CAT2(a, b) a##b
#define ACTKERN_CAT(a, b) ACTKERN_CAT2(a, b)
#define ACTKERN_DISPATCH_TEST(suite) TEST(suite, ActiveTargetIsBestOrExpected)

ACTKERN_DISPATCH_TEST(ACTKERN_CAT(DispatchCheck_, ACTKERN_TEST_BINARY)) {
  const char* want = getenv("ACTKERN_EXPECT_TARGET");
  const char* active = actkern_active_target();
  if (want != nullptr && want[0] != '\0') {
    EXPECT_EQ(strcasecmp(active, want), 0) << active << " vs " << want;
  } else if (getenv("ACTKERN_TARGET") == nullptr) {
    EXPECT_STREQ(active, actkern_target_name(0));
  }
}

// Registered before main (gtest takes ownership).
const ::testing::Environment* const kDispatchCheck =
    ::testing::AddGlobalTestEnvironment(new DispatchCheck);

}  // namespace
}  // namespace test
}  // namespace actkern
