// Dispatch control: the runnable-target list and actkern_set_max_target.
// ACTKERN_TARGET is checked by env_target_check.cc (its own process).
#include <string>

#include "test_util.h"

namespace actkern {
namespace test {
namespace {

TEST(Targets, ListIsNonEmptyAndEndsWithFallback) {
  const auto targets = catalog::RunnableTargets();
  ASSERT_FALSE(targets.empty());
  const std::string last = targets.back();
  EXPECT_TRUE(last == "SCALAR" || last == "EMU128") << last;
  EXPECT_EQ(actkern_target_name(targets.size()), nullptr);
  for (const auto& t : targets) printf("runnable target: %s\n", t.c_str());
}

TEST(Targets, SetMaxTargetSelectsEachTargetAndResets) {
  const auto targets = catalog::RunnableTargets();
  for (const auto& t : targets) {
    ASSERT_EQ(actkern_set_max_target(t.c_str()), ACTKERN_OK);
    EXPECT_EQ(std::string(actkern_active_target()), t);
  }
  // Case-insensitive.
  std::string lower = targets.back();
  for (char& c : lower) c = static_cast<char>(tolower(c));
  ASSERT_EQ(actkern_set_max_target(lower.c_str()), ACTKERN_OK);
  EXPECT_EQ(std::string(actkern_active_target()), targets.back());
  ASSERT_EQ(actkern_set_max_target(nullptr), ACTKERN_OK);
  EXPECT_EQ(std::string(actkern_active_target()), targets.front());
  ASSERT_EQ(actkern_set_max_target(""), ACTKERN_OK);
  EXPECT_EQ(std::string(actkern_active_target()), targets.front());
}

TEST(Targets, UnknownTargetIsAnErrorAndChangesNothing) {
  const std::string before = actkern_active_target();
  EXPECT_EQ(actkern_set_max_target("NOT_A_TARGET"),
            ACTKERN_ERROR_UNKNOWN_TARGET);
  EXPECT_EQ(std::string(actkern_active_target()), before);
}

TEST(Status, StringsAreDistinct) {
  EXPECT_STREQ(actkern_status_string(ACTKERN_OK), "ok");
  EXPECT_STRNE(actkern_status_string(ACTKERN_ERROR_OVERLAP),
               actkern_status_string(ACTKERN_ERROR_NULL_POINTER));
}

}  // namespace
}  // namespace test
}  // namespace actkern
