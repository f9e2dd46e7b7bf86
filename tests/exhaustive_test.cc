// Exhaustive sweep: every one of the 2^32 float inputs, for every catalogued
// kernel on every runnable target, against the documented bound. Long (about
// 10-30 s per kernel and target on 2 cores): CTest label "exhaustive", not in
// the default run.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sweep.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

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

class ExhaustiveTest : public ::testing::TestWithParam<Param> {};

TEST_P(ExhaustiveTest, AllFloatsWithinBound) {
  const auto* k = catalog::FindUnary(GetParam().kernel);
  ASSERT_NE(k, nullptr);
  ScopedTarget target(GetParam().target);
  const auto start = std::chrono::steady_clock::now();
  const auto r = catalog::SweepBits(*k, 0, 1ull << 32, 1, false,
                                    catalog::DefaultThreads());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  printf(
      "exhaustive %-12s %-8s max_ulp=%.4f at x=%a (0x%08x) mean=%.4f "
      "correctly_rounded=%.4f%% %.1fs\n",
      k->name.c_str(), GetParam().target.c_str(), r.max_ulp,
      static_cast<double>(r.worst_x), ToBits(r.worst_x),
      r.sum_ulp / static_cast<double>(r.count),
      100.0 * static_cast<double>(r.correctly_rounded) /
          static_cast<double>(r.count),
      secs);
  EXPECT_EQ(r.count, 1ull << 32);
  EXPECT_EQ(r.nan_mismatches, 0u);
  EXPECT_LE(r.max_ulp, k->max_ulp) << "x=" << r.worst_x;
}

std::string ParamName(const ::testing::TestParamInfo<Param>& i) {
  std::string name = i.param.kernel + "_" + i.param.target;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(KernelTarget, ExhaustiveTest,
                         ::testing::ValuesIn(AllParams()), ParamName);

}  // namespace
}  // namespace test
}  // namespace actkern
