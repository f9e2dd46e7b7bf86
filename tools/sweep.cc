#include "sweep.h"

#include <string.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "actkern/reference.h"

namespace actkern {
namespace catalog {
namespace {

float FromBits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof(f));
  return f;
}
uint32_t ToBits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}

void Score(const UnaryKernel& k, const float* x, const float* y, size_t n,
           SweepResult* r) {
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
    if (!r->envelope.empty()) {
      double& b =
          r->envelope[static_cast<size_t>(EnvelopeBucket(ToBits(x[i])))];
      b = std::max(b, e);
    }
  }
}

// Monotonicity between neighbours in value order. x holds consecutive
// sampled bit patterns of one sign: increasing bits mean increasing value for
// positive floats and decreasing value for negative ones.
void CheckMonotone(const UnaryKernel& k, const float* x, const float* y,
                   size_t n, SweepResult* r) {
  const bool inc = (k.properties & kMonotoneIncreasing) != 0;
  const bool dec = (k.properties & kMonotoneDecreasing) != 0;
  if (!inc && !dec) return;
  for (size_t i = 1; i < n; ++i) {
    const bool neg = std::signbit(x[i]);
    if (neg != std::signbit(x[i - 1]) || std::isnan(x[i]) ||
        std::isnan(x[i - 1]) || std::isnan(y[i]) || std::isnan(y[i - 1])) {
      continue;
    }
    // lo/hi in value order.
    const float y_lo = neg ? y[i] : y[i - 1];
    const float y_hi = neg ? y[i - 1] : y[i];
    const bool bad = inc ? (y_lo > y_hi) : (y_lo < y_hi);
    if (bad) {
      if (r->monotonicity_violations++ == 0) r->first_monotonicity_x = x[i];
    }
  }
}

void CheckOdd(const UnaryKernel& k, const float* x, const float* y, float* xn,
              float* yn, size_t n, SweepResult* r) {
  if ((k.properties & kOdd) == 0) return;
  for (size_t i = 0; i < n; ++i) xn[i] = -x[i];
  if (k.run(xn, yn, n) != ACTKERN_OK) return;
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i])) continue;
    if (ToBits(yn[i]) != ToBits(-y[i])) {
      if (r->symmetry_violations++ == 0) r->first_symmetry_x = x[i];
    }
  }
}

}  // namespace

int EnvelopeBucket(uint32_t bits) {
  return static_cast<int>(((bits >> 31) << 9) | ((bits >> 23) & 0xFF) << 1 |
                          ((bits >> 22) & 1));
}

float EnvelopeBucketStart(int bucket) {
  const uint32_t b = static_cast<uint32_t>(bucket);
  return FromBits(((b >> 9) << 31) | ((b >> 1) & 0xFF) << 23 | (b & 1) << 22);
}

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
  if (o.monotonicity_violations && !monotonicity_violations) {
    first_monotonicity_x = o.first_monotonicity_x;
  }
  monotonicity_violations += o.monotonicity_violations;
  if (o.symmetry_violations && !symmetry_violations) {
    first_symmetry_x = o.first_symmetry_x;
  }
  symmetry_violations += o.symmetry_violations;
  if (!o.envelope.empty()) {
    if (envelope.empty()) envelope.assign(o.envelope.size(), kEnvelopeEmpty);
    for (size_t i = 0; i < envelope.size(); ++i) {
      envelope[i] = std::max(envelope[i], o.envelope[i]);
    }
  }
}

int DefaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

namespace {

// Runs fn(thread_index, begin, end) over [0, n) split into `threads` slices.
template <class Fn>
void ParallelSlices(size_t n, int threads, const Fn& fn) {
  const size_t t = static_cast<size_t>(std::max(threads, 1));
  const size_t per = (n + t - 1) / t;
  std::vector<std::thread> pool;
  for (size_t i = 1; i < t; ++i) {
    const size_t b = std::min(n, i * per), e = std::min(n, (i + 1) * per);
    pool.emplace_back([&fn, i, b, e] { fn(i, b, e); });
  }
  fn(0, 0, std::min(n, per));
  for (auto& th : pool) th.join();
}

}  // namespace

std::vector<SweepResult> SweepTargets(const UnaryKernel& k,
                                      const std::vector<std::string>& targets,
                                      const SweepOptions& o) {
  // Chunks of inputs: the reference is computed once per chunk, then every
  // target runs the kernel over it and is scored. Index 0 of x/y is the last
  // input of the previous chunk, so monotonicity is checked across chunks.
  constexpr size_t kChunk = size_t{1} << 21;
  const size_t nt = std::max<size_t>(targets.size(), 1);
  const int threads = std::max(o.threads, 1);
  const uint64_t stride = std::max<uint64_t>(o.stride, 1);
  const uint64_t total =
      o.end > o.begin ? (o.end - o.begin + stride - 1) / stride : 0;
  std::vector<std::vector<SweepResult>> part(
      nt, std::vector<SweepResult>(static_cast<size_t>(threads)));
  for (auto& per_target : part) {
    for (auto& r : per_target) {
      if (o.envelope) r.envelope.assign(kEnvelopeBuckets, kEnvelopeEmpty);
    }
  }
  std::vector<float> x(kChunk + 1), y(kChunk + 1);
  std::vector<double> ref(kChunk + 1);
  std::vector<std::vector<float>> xn(static_cast<size_t>(threads)),
      yn(static_cast<size_t>(threads));
  for (uint64_t first = 0; first < total; first += kChunk) {
    if (o.stop != nullptr && o.stop->load(std::memory_order_relaxed)) break;
    const size_t n =
        static_cast<size_t>(std::min<uint64_t>(kChunk, total - first));
    const size_t lead = first > 0 ? 1 : 0;
    const size_t m = n + lead;
    ParallelSlices(m, threads, [&](size_t, size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) {
        x[i] = FromBits(
            static_cast<uint32_t>(o.begin + (first + i - lead) * stride));
        ref[i] = k.reference(static_cast<double>(x[i]));
      }
    });
    for (size_t t = 0; t < nt; ++t) {
      if (!targets.empty()) actkern_set_max_target(targets[t].c_str());
      bool ok = true;
      ParallelSlices(m, threads, [&](size_t, size_t b, size_t e) {
        if (k.run(x.data() + b, y.data() + b, e - b) != ACTKERN_OK) ok = false;
      });
      if (!ok) {
        part[t][0].kernel_failures += n;
        continue;
      }
      ParallelSlices(n, threads, [&](size_t ti, size_t b, size_t e) {
        SweepResult& r = part[t][ti];
        const float* xs = x.data() + lead + b;
        const float* ys = y.data() + lead + b;
        const double* rs = ref.data() + lead + b;
        const size_t len = e - b;
        for (size_t i = 0; i < len; ++i) {
          const double err = actkern_ulp_error(ys[i], rs[i]);
          ++r.count;
          if (std::isinf(err)) {
            ++r.nan_mismatches;
          } else {
            r.sum_ulp += err;
            if (err <= 0.5) ++r.correctly_rounded;
          }
          if (err > r.max_ulp) {
            r.max_ulp = err;
            r.worst_x = xs[i];
            r.worst_y = ys[i];
            r.worst_ref = rs[i];
          }
          if (!r.envelope.empty()) {
            double& bk =
                r.envelope[static_cast<size_t>(EnvelopeBucket(ToBits(xs[i])))];
            bk = std::max(bk, err);
          }
        }
        // Neighbours, including the one before this slice.
        const size_t from = lead + b > 0 ? lead + b - 1 : 0;
        CheckMonotone(k, x.data() + from, y.data() + from, lead + e - from, &r);
        auto& bx = xn[ti];
        auto& by = yn[ti];
        bx.resize(len);
        by.resize(len);
        CheckOdd(k, xs, ys, bx.data(), by.data(), len, &r);
      });
    }
    if (o.progress != nullptr) *o.progress += n * nt;
  }
  if (!targets.empty()) actkern_set_max_target(nullptr);
  std::vector<SweepResult> out(nt);
  for (size_t t = 0; t < nt; ++t) {
    for (const auto& r : part[t]) out[t].Merge(r);
  }
  if (o.with_specials) {
    const float inf = std::numeric_limits<float>::infinity();
    const float specials[] = {0.0f,
                              -0.0f,
                              inf,
                              -inf,
                              std::numeric_limits<float>::quiet_NaN(),
                              -std::numeric_limits<float>::quiet_NaN(),
                              FromBits(0x7F800001u),
                              FromBits(0xFFC00001u),
                              std::numeric_limits<float>::min(),
                              -std::numeric_limits<float>::min(),
                              std::numeric_limits<float>::max(),
                              -std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::denorm_min(),
                              -std::numeric_limits<float>::denorm_min(),
                              1.0f,
                              -1.0f};
    const size_t n = sizeof(specials) / sizeof(specials[0]);
    for (size_t t = 0; t < nt; ++t) {
      if (!targets.empty()) actkern_set_max_target(targets[t].c_str());
      std::vector<float> ys(n);
      SweepResult r;
      if (o.envelope) r.envelope.assign(kEnvelopeBuckets, kEnvelopeEmpty);
      if (k.run(specials, ys.data(), n) == ACTKERN_OK) {
        Score(k, specials, ys.data(), n, &r);
      } else {
        r.kernel_failures += n;
      }
      out[t].Merge(r);
    }
    if (!targets.empty()) actkern_set_max_target(nullptr);
  }
  return out;
}

SweepResult Sweep(const UnaryKernel& k, const SweepOptions& o) {
  return SweepTargets(k, {}, o)[0];
}

SweepResult SweepBits(const UnaryKernel& k, uint64_t begin, uint64_t end,
                      uint64_t stride, bool with_specials, int threads) {
  SweepOptions o;
  o.begin = begin;
  o.end = end;
  o.stride = stride;
  o.with_specials = with_specials;
  o.threads = threads;
  return Sweep(k, o);
}

}  // namespace catalog
}  // namespace actkern
