// Threads racing on the very first call into actkern, while the dispatcher
// initialises (ACTKERN_TARGET read once, Highway's target chosen, per-kernel
// dispatch tables filled). Each round is a fresh process (fork) in which
// nothing has touched actkern yet: kThreads threads are released together
// and each starts with a different kernel (then runs all of them). Afterwards
// every result must equal the single-threaded result, and every thread must
// have seen the same active target: the best runnable one, or the one named
// by ACTKERN_TARGET. Run under ThreadSanitizer in CI
// (scripts/ci-sanitizers.sh).
//
//   first_call_race [rounds]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "catalog.h"
#include "hardening/inputs.h"

namespace {

using actkern::test::BitsToFloat;
using actkern::test::FloatToBits;
using actkern::test::Normalish;
using actkern::test::Rng;

constexpr size_t kThreads = 8;
constexpr size_t kN = 1027;

bool Same(float a, float b) {
  return (a != a && b != b) || FloatToBits(a) == FloatToBits(b);
}

// One kernel of the catalogue by index (unary first, then backward).
actkern_status RunKernel(size_t k, const float* in, const float* dy, float* out,
                         size_t n) {
  const auto& u = actkern::catalog::UnaryKernels();
  if (k < u.size()) return u[k].run(in, out, n);
  return actkern::catalog::BackwardKernels()[k - u.size()].run(in, dy, out, n);
}

// One round, in a process where actkern has not been called yet. 0 if good.
int Round(int round) {
  const size_t kernels = actkern::catalog::UnaryKernels().size() +
                         actkern::catalog::BackwardKernels().size();
  Rng rng(1000 + round);
  std::vector<float> in(kN), dy(kN);
  for (size_t i = 0; i < kN; ++i) {
    in[i] = i % 7 == 0 ? BitsToFloat(rng.Bits32()) : Normalish(rng, 3);
    dy[i] = Normalish(rng, 0);
  }
  std::vector<std::vector<std::vector<float>>> got(
      kThreads,
      std::vector<std::vector<float>>(kernels, std::vector<float>(kN)));
  std::vector<const char*> seen(kThreads, nullptr);
  std::atomic<size_t> errors{0};
  std::atomic<size_t> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      // Yield while waiting: under qemu, spinning threads starve the one
      // still creating the others.
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (size_t j = 0; j < kernels; ++j) {
        const size_t k = (j + t) % kernels;  // a different first kernel each
        if (RunKernel(k, in.data(), dy.data(), got[t][k].data(), kN) !=
            ACTKERN_OK)
          ++errors;
      }
      seen[t] = actkern_active_target();
    });
  }
  while (ready.load() != kThreads) std::this_thread::yield();
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();

  int bad = errors.load() != 0;
  const char* active = actkern_active_target();
  const char* env = getenv("ACTKERN_TARGET");
  const char* want =
      env != nullptr && env[0] != '\0' ? env : actkern_target_name(0);
  if (strcasecmp(active, want) != 0) {
    fprintf(stderr, "round %d: active target %s, expected %s\n", round, active,
            want);
    bad = 1;
  }
  // The emulated runs also name the target this CPU must dispatch to.
  const char* expect = getenv("ACTKERN_EXPECT_TARGET");
  if (expect != nullptr && expect[0] != '\0' &&
      strcasecmp(active, expect) != 0) {
    fprintf(stderr, "round %d: active target %s, ACTKERN_EXPECT_TARGET=%s\n",
            round, active, expect);
    bad = 1;
  }
  for (size_t t = 0; t < kThreads; ++t) {
    if (seen[t] == nullptr || strcmp(seen[t], active) != 0) {
      fprintf(stderr, "round %d: thread %zu saw target %s, main %s\n", round, t,
              seen[t] ? seen[t] : "(none)", active);
      bad = 1;
    }
  }
  std::vector<float> expected(kN);
  for (size_t k = 0; k < kernels; ++k) {
    if (RunKernel(k, in.data(), dy.data(), expected.data(), kN) != ACTKERN_OK)
      bad = 1;
    for (size_t t = 0; t < kThreads; ++t) {
      for (size_t i = 0; i < kN; ++i) {
        if (!Same(got[t][k][i], expected[i])) {
          fprintf(stderr,
                  "round %d: kernel %zu thread %zu element %zu differs\n",
                  round, k, t, i);
          bad = 1;
          break;
        }
      }
    }
  }
  if (round == 0)
    printf("first_call_race: %zu kernels, target %s\n", kernels, active);
  fflush(stdout);
  return bad;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? atoi(argv[1]) : 10;
  int failed = 0;
  for (int r = 0; r < rounds; ++r) {
    fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      return 2;
    }
    if (pid == 0) _exit(Round(r));
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      fprintf(stderr, "first_call_race: round %d failed (status 0x%x)\n", r,
              status);
      ++failed;
    }
  }
  printf("first_call_race: %d of %d rounds passed\n", rounds - failed, rounds);
  return failed == 0 && rounds > 0 ? 0 : 1;
}
