// The machine's limits, measured in the same benchmark binary as the kernels:
//   copy         y[i] = x[i] with plain vector loads and stores (no
//                non-temporal stores, like the kernels' own stores): 8 bytes
//                per element moved (4 read + 4 written). The memory bound of
//                an elementwise kernel.
//   memcpy       glibc's memcpy of the same buffer (may use non-temporal
//                stores above its threshold), for reference.
//   read2write1  two read passes and one write pass over x, as a two-pass
//                (online-normaliser) softmax does: pass 1 sums x, pass 2
//                writes y[i] = x[i] * c. 12 bytes per element (the issue's
//                "12 vs 20 bytes" model; a three-pass softmax moves 20). The
//                memory bound of a streaming softmax.
//   fma          a pure-FMA loop with 12 independent accumulator chains
//                (enough to cover 2 FMA pipes x 4-5 cycles latency): the
//                compute bound, in FLOP/s (an FMA counts 2).
// Written once against Highway ops, compiled for every target; one set per
// target, called directly (actkern_set_max_target does not affect them).
#ifndef ACTKERN_BENCH_PEERS_MACHINE_LIMITS_H_
#define ACTKERN_BENCH_PEERS_MACHINE_LIMITS_H_

#include <stddef.h>

#include <string>
#include <vector>

namespace actkern {
namespace peers {

struct Limits {
  std::string isa;  // "SSE4", "AVX2", "AVX3", ...
  void (*copy)(const float* x, float* y, size_t n);
  void (*read2write1)(const float* x, float* y, size_t n);
  // Runs `iters` iterations; returns a value that depends on all of them.
  float (*fma)(size_t iters);
  size_t fma_flops_per_iter;  // 2 * lanes * chains
};

// One entry per compiled target this CPU runs, best first.
const std::vector<Limits>& AllLimits();
const Limits* FindLimits(const std::string& isa);

}  // namespace peers
}  // namespace actkern

#endif  // ACTKERN_BENCH_PEERS_MACHINE_LIMITS_H_
