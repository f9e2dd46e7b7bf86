// actkern-report: the README's main job. For this CPU it prints the target
// dispatch picked, and for every kernel the max ULP error of a sampled sweep
// and the throughput next to the naive std:: scalar loop (median of repeated
// timings, as a ratio measured in the same run).
//
// Usage: actkern-report [--stride K] [--n N] [--help]
// Exit status: 0 every kernel within its bound; 1 a bound exceeded; 2 a bad
// argument (one line naming it, before any work starts).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "args.h"
#include "catalog.h"
#include "sweep.h"

namespace {

using Clock = std::chrono::steady_clock;

// Median over `reps` timings of `body`, each repeated until it runs >= 2 ms.
template <class F>
double MedianNsPerCall(F body, int reps = 15) {
  int inner = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (int i = 0; i < inner; ++i) body();
    if (Clock::now() - t0 > std::chrono::milliseconds(2)) break;
    inner *= 2;
  }
  std::vector<double> ns;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    for (int i = 0; i < inner; ++i) body();
    ns.push_back(
        std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
        inner);
  }
  std::sort(ns.begin(), ns.end());
  return ns[ns.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t stride = 251;
  size_t n = 16 * 1024;
  actkern::tools::ArgReader in(argv[0], argc, argv);
  while (in.Next()) {
    if (in.name() == "--stride") {
      stride = in.U64(1, uint64_t{1} << 32);
    } else if (in.name() == "--n") {
      // Two buffers of n floats; beyond 2^28 (2 GiB) the report would only
      // measure the machine's memory.
      n = in.U64(1, uint64_t{1} << 28);
    } else if (in.name() == "--help" || in.name() == "-h") {
      printf("usage: %s [--stride K] [--n N]\n", in.prog().c_str());
      return 0;
    } else {
      in.Unknown();
    }
  }
  using actkern::catalog::UnaryKernels;
  printf("actkern report\n");
  printf("dispatched target: %s\n", actkern_active_target());
  printf("runnable targets:");
  for (const auto& t : actkern::catalog::RunnableTargets())
    printf(" %s", t.c_str());
  printf(
      "\n\naccuracy: every %llu-th float bit pattern + special values, "
      "against the double reference\n",
      static_cast<unsigned long long>(stride));
  printf(
      "speed: %zu floats per call, median of 15, inputs uniform in the "
      "kernel's typical range\n\n",
      n);
  printf(
      "| kernel | bound (ULP) | max ULP (sampled) | worst input | "
      "actkern Gfloat/s | std:: loop Gfloat/s | speed-up |\n");
  printf("|---|---|---|---|---|---|---|\n");
  int failures = 0;
  std::mt19937 rng(1);
  for (const auto& k : UnaryKernels()) {
    const auto r = actkern::catalog::SweepBits(
        k, 0, 1ull << 32, stride, true, actkern::catalog::DefaultThreads());
    std::vector<float> x(n), y(n);
    std::uniform_real_distribution<float> dist(k.bench_lo, k.bench_hi);
    for (float& v : x) v = dist(rng);
    const double ns_kernel =
        MedianNsPerCall([&] { k.run(x.data(), y.data(), n); });
    const double ns_naive = MedianNsPerCall([&] {
      for (size_t i = 0; i < n; ++i) y[i] = k.naive(x[i]);
      __asm__ __volatile__("" : : "r"(y.data()) : "memory");
    });
    const bool ok = r.max_ulp <= k.max_ulp && r.nan_mismatches == 0;
    if (!ok) ++failures;
    printf("| %s | %.1f | %.3f%s | %a |  %.2f | %.2f | %.1fx |\n",
           k.name.c_str(), k.max_ulp, r.max_ulp, ok ? "" : " (OVER BOUND)",
           static_cast<double>(r.worst_x), n / ns_kernel, n / ns_naive,
           ns_naive / ns_kernel);
  }
  return failures == 0 ? 0 : 1;
}
