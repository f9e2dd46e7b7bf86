// Many threads calling every catalogued kernel at once, on every runnable
// target: each thread runs all kernels (in its own rotation, on its own
// buffers, with sizes that hit full vectors and tails) for several rounds,
// all released together, and every result must equal the single-threaded
// one bit for bit. The ThreadSanitizer build (scripts/ci-sanitizers.sh) runs
// this and tests/hardening/first_call_race.cc, which races on the very first
// call while dispatch initialises (that needs a fresh process).
//
// The row kernels (every softmax-family entry point with the parameter
// choices of tests/hardening/row_kernels.h) race the same way in
// RowKernelsAtOnceGiveSingleThreadedBits: each thread calls them on its own
// copies of shared inputs (strided matrices, single rows, long rows, in place
// among them) and must reproduce the single-threaded outputs.
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "hardening/inputs.h"
#include "hardening/row_kernels.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

// One kernel call: in -> out of size n, deterministic.
struct Job {
  std::string name;
  std::function<actkern_status(const float* in, const float* dy, float* out,
                               size_t n)>
      run;
};

std::vector<Job> Jobs() {
  std::vector<Job> jobs;
  for (const auto& k : catalog::UnaryKernels()) {
    jobs.push_back({k.name, [&k](const float* in, const float*, float* out,
                                 size_t n) { return k.run(in, out, n); }});
  }
  for (const auto& k : catalog::BackwardKernels()) {
    jobs.push_back({k.name, [&k](const float* in, const float* dy, float* out,
                                 size_t n) { return k.run(in, dy, out, n); }});
  }
  return jobs;
}

class Threads : public PerTarget {};

TEST_P(Threads, EveryKernelAtOnceGivesSingleThreadedBits) {
  const std::vector<Job> jobs = Jobs();
  const size_t kThreads = 8, kRounds = 4;
  const size_t sizes[] = {1, 15, 16, 17, 63, 64, 65, 1000, 4099};
  const size_t kMax = 4099;
  Rng rng(21);
  std::vector<float> in(kMax), dy(kMax);
  for (size_t i = 0; i < kMax; ++i) {
    in[i] = i % 5 == 0 ? BitsToFloat(rng.Bits32()) : Normalish(rng, 3);
    dy[i] = Normalish(rng, 0);
  }
  // Expected: one thread, one call per (job, size).
  std::vector<std::vector<std::vector<float>>> expected(jobs.size());
  for (size_t j = 0; j < jobs.size(); ++j) {
    for (size_t n : sizes) {
      std::vector<float> out(n);
      ASSERT_EQ(jobs[j].run(in.data(), dy.data(), out.data(), n), ACTKERN_OK);
      expected[j].push_back(out);
    }
  }
  std::atomic<bool> go{false};
  std::atomic<size_t> mismatches{0}, errors{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> out(kMax);
      // Yield while waiting: under qemu, spinning threads starve the one
      // still creating the others.
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (size_t round = 0; round < kRounds; ++round) {
        for (size_t jj = 0; jj < jobs.size(); ++jj) {
          const size_t j = (jj + t) % jobs.size();
          for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); ++si) {
            const size_t idx =
                (si + t + round) % (sizeof(sizes) / sizeof(sizes[0]));
            const size_t n = sizes[idx];
            if (jobs[j].run(in.data(), dy.data(), out.data(), n) != ACTKERN_OK)
              ++errors;
            for (size_t i = 0; i < n; ++i) {
              if (!SameFloat(out[i], expected[j][idx][i])) {
                ++mismatches;
                break;
              }
            }
          }
        }
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0u);
  EXPECT_EQ(mismatches.load(), 0u) << GetParam();
}

// One row case: a kernel on one shape, optionally in place (the output on
// the first input).
struct RowCase {
  const RowKernel* k;
  size_t rows, cols, stride;
  bool in_place;
};

TEST_P(Threads, RowKernelsAtOnceGiveSingleThreadedBits) {
  const size_t kThreads = 8, kRounds = 3;
  const size_t shapes[][3] = {{1, 1, 1},   {3, 17, 19},     {5, 32, 40},
                              {2, 67, 67}, {2, 1000, 1001}, {1, 4097, 4097}};
  std::vector<float> raw_a(2 * 4097), raw_b(2 * 4097);
  Rng rng(22);
  for (size_t i = 0; i < raw_a.size(); ++i) {
    raw_a[i] = i % 11 == 0 ? BitsToFloat(rng.Bits32()) : Normalish(rng, 3);
    raw_b[i] = Normalish(rng, 0);
  }
  std::vector<RowCase> cases;
  for (const RowKernel& k : RowKernels()) {
    for (const auto& s : shapes) {
      cases.push_back({&k, s[0], s[1], s[2], false});
      if (k.writes_out) cases.push_back({&k, s[0], s[1], s[2], true});
    }
  }
  // Each case's buffers, filled once; every thread copies them.
  std::vector<RowCall> inputs;
  std::vector<std::vector<float>> expected;
  auto run = [](const RowCase& c, RowCall& call) {
    RowArgs args = call.Args();
    if (c.in_place) args.out = call.a.data();
    const actkern_status st = c.k->run(args);
    if (c.in_place) call.out = call.a;
    return st;
  };
  for (const RowCase& c : cases) {
    inputs.emplace_back(*c.k, c.rows, c.cols, c.stride, raw_a, raw_b, c.cols,
                        0.0f);
    RowCall call = inputs.back();
    ASSERT_EQ(run(c, call), ACTKERN_OK) << c.k->name;
    expected.push_back(call.Outputs());
  }
  std::atomic<bool> go{false};
  std::atomic<size_t> mismatches{0}, errors{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (size_t round = 0; round < kRounds; ++round) {
        for (size_t ii = 0; ii < cases.size(); ++ii) {
          const size_t i = (ii * (t + 1) + round) % cases.size();
          RowCall call = inputs[i];
          if (run(cases[i], call) != ACTKERN_OK) ++errors;
          const std::vector<float> got = call.Outputs();
          for (size_t j = 0; j < got.size(); ++j) {
            if (!SameFloat(got[j], expected[i][j])) {
              ++mismatches;
              break;
            }
          }
        }
      }
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0u);
  EXPECT_EQ(mismatches.load(), 0u) << GetParam();
}

ACTKERN_INSTANTIATE_PER_TARGET(Threads);

}  // namespace
}  // namespace test
}  // namespace actkern
