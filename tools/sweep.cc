#include "sweep.h"

#include <string.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "actkern/reference.h"

namespace actkern {
namespace catalog {
namespace {

float FromBits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof(f));
  return f;
}

void CheckBlock(const UnaryKernel& k, const float* x, float* y, size_t n,
                SweepResult* r) {
  if (k.run(x, y, n) != ACTKERN_OK) {
    r->kernel_failures += n;
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const double ref = k.reference(static_cast<double>(x[i]));
    const double e = actkern_ulp_error(y[i], ref);
    ++r->count;
    if (std::isinf(e)) {
      ++r->nan_mismatches;
    } else {
      r->sum_ulp += e;
      if (e <= 0.5) ++r->correctly_rounded;
    }
    if (e > r->max_ulp) {
      r->max_ulp = e;
      r->worst_x = x[i];
      r->worst_y = y[i];
      r->worst_ref = ref;
    }
  }
}

}  // namespace

void SweepResult::Merge(const SweepResult& o) {
  if (o.max_ulp > max_ulp) {
    max_ulp = o.max_ulp;
    worst_x = o.worst_x;
    worst_y = o.worst_y;
    worst_ref = o.worst_ref;
  }
  count += o.count;
  sum_ulp += o.sum_ulp;
  correctly_rounded += o.correctly_rounded;
  nan_mismatches += o.nan_mismatches;
  kernel_failures += o.kernel_failures;
}

int DefaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

SweepResult SweepBits(const UnaryKernel& k, uint64_t begin, uint64_t end,
                      uint64_t stride, bool with_specials, int threads) {
  constexpr size_t kBlock = 1 << 14;
  const uint64_t total = end > begin ? (end - begin + stride - 1) / stride : 0;
  const uint64_t blocks = (total + kBlock - 1) / kBlock;
  std::atomic<uint64_t> next{0};
  std::vector<SweepResult> results(static_cast<size_t>(threads));
  auto work = [&](int t) {
    std::vector<float> x(kBlock), y(kBlock);
    SweepResult& r = results[static_cast<size_t>(t)];
    for (uint64_t b = next++; b < blocks; b = next++) {
      const uint64_t first = b * kBlock;
      const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, total - first));
      for (size_t i = 0; i < n; ++i) {
        x[i] = FromBits(static_cast<uint32_t>(begin + (first + i) * stride));
      }
      CheckBlock(k, x.data(), y.data(), n, &r);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  SweepResult all;
  for (const auto& r : results) all.Merge(r);
  if (with_specials) {
    const float inf = std::numeric_limits<float>::infinity();
    const float specials[] = {0.0f, -0.0f, inf, -inf,
                              std::numeric_limits<float>::quiet_NaN(),
                              -std::numeric_limits<float>::quiet_NaN(),
                              FromBits(0x7F800001u), FromBits(0xFFC00001u),
                              std::numeric_limits<float>::min(),
                              -std::numeric_limits<float>::min(),
                              std::numeric_limits<float>::max(),
                              -std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::denorm_min(),
                              -std::numeric_limits<float>::denorm_min(), 1.0f,
                              -1.0f};
    const size_t n = sizeof(specials) / sizeof(specials[0]);
    std::vector<float> y(n);
    SweepResult r;
    CheckBlock(k, specials, y.data(), n, &r);
    all.Merge(r);
  }
  return all;
}

}  // namespace catalog
}  // namespace actkern
