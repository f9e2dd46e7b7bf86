// ULP sweeps of a catalogued unary kernel over float bit patterns, on the
// currently selected target, multithreaded. Used by the tests and tools.
#ifndef ACTKERN_TOOLS_SWEEP_H_
#define ACTKERN_TOOLS_SWEEP_H_

#include <stdint.h>

#include <atomic>
#include <vector>

#include "catalog.h"

namespace actkern {
namespace catalog {

// Error envelope buckets: one per (sign, biased exponent, top mantissa bit).
constexpr int kEnvelopeBuckets = 2 * 256 * 2;
int EnvelopeBucket(uint32_t bits);
// The smallest |x| in a bucket, with the bucket's sign (for plotting).
float EnvelopeBucketStart(int bucket);
// The envelope value of a bucket no input fell in.
constexpr double kEnvelopeEmpty = -1.0;

struct SweepResult {
  uint64_t count = 0;              // inputs checked
  double max_ulp = 0.0;            // worst ULP error (inf for NaN mismatches)
  float worst_x = 0.0f;            // input at the worst error (first one found)
  float worst_y = 0.0f;            // kernel output there
  double worst_ref = 0.0;          // reference there
  double sum_ulp = 0.0;            // for the mean (finite errors only)
  uint64_t correctly_rounded = 0;  // errors <= 0.5 ULP
  uint64_t nan_mismatches = 0;     // NaN where the reference is a number or
                                   // vice versa
  uint64_t kernel_failures = 0;    // calls that returned a non-OK status
  // Neighbouring inputs (in value order) whose outputs break the kernel's
  // documented monotonicity (only counted for kMonotone* kernels).
  uint64_t monotonicity_violations = 0;
  float first_monotonicity_x = 0.0f;
  // f(-x) != -f(x) bit for bit (only counted for kOdd kernels).
  uint64_t symmetry_violations = 0;
  float first_symmetry_x = 0.0f;
  // Max ULP error per EnvelopeBucket (empty unless asked for);
  // kEnvelopeEmpty where no input fell.
  std::vector<double> envelope;

  double mean_ulp() const {
    const uint64_t finite = count - nan_mismatches;
    return finite ? sum_ulp / static_cast<double>(finite) : 0.0;
  }
  void Merge(const SweepResult& o);
};

struct SweepOptions {
  uint64_t begin = 0;         // first bit pattern
  uint64_t end = 1ull << 32;  // one past the last
  uint64_t stride = 1;
  bool with_specials = true;
  bool envelope = false;
  int threads = 1;
  // Optional: incremented by the number of inputs done; sweep stops early
  // (result covers what was done) when *stop becomes true.
  std::atomic<uint64_t>* progress = nullptr;
  const std::atomic<bool>* stop = nullptr;
};

// Sweeps on the current target.
SweepResult Sweep(const UnaryKernel& k, const SweepOptions& options);

// Sweeps on each of `targets` (names as actkern_target_name gives them),
// computing the double reference only once per input for all of them: the
// reference is most of the cost, so N targets cost little more than one.
// Switches dispatch with actkern_set_max_target (not thread-safe against
// other callers) and lifts the restriction at the end.
std::vector<SweepResult> SweepTargets(const UnaryKernel& k,
                                      const std::vector<std::string>& targets,
                                      const SweepOptions& options);

// Checks every input with bit pattern begin, begin + stride, ... < end (as
// uint32 bit patterns, end <= 2^32) plus, if with_specials, the special
// values (+-0, +-inf, NaNs, +-min/max normal and subnormal, +-1).
SweepResult SweepBits(const UnaryKernel& k, uint64_t begin, uint64_t end,
                      uint64_t stride, bool with_specials, int threads);

// Number of hardware threads to use (at least 1).
int DefaultThreads();

}  // namespace catalog
}  // namespace actkern

#endif  // ACTKERN_TOOLS_SWEEP_H_
