// actkern against its peers and against the machine's limits, in one binary,
// on the same inputs, sizes and run (issue 6).
//
// Cases (Google Benchmark names; the report script parses them):
//   <kernel>/<dist>/<impl>/<isa>/<n>          elementwise forward
//   <kernel>_backward/<dist>/<impl>/<isa>/<n> elementwise backward
//   <kernel>/<rows>x<cols>[_inplace]/<impl>/<isa>   softmax family
//   softmax_masked_lengths/1024x1000/<impl>/<isa>  masked rows, lengths
//   softmax_masked_causal/2048x2048/<impl>/<isa>   masked rows, causal
//   logsumexp/<rows>x<cols>/<impl>/<isa>           at the softmax shapes
//   limit/copy|memcpy|read2write1/<isa>/<n>, limit/fma/<isa>
// kernel: every catalogue kernel (tools/catalog.h); impl "actkern" on every
// runnable target (forced with actkern_set_max_target), "std_loop" (the
// catalogue's naive std:: formula), and every peer registering the same
// kernel name (bench/peers/). dist: "typical" = uniform in the catalogue's
// [bench_lo, bench_hi]; "full" = uniform in [-100, 100], saturated tails,
// overflow and underflow included. n: 4 Ki (L1), 64 Ki (L2), 16 Mi (DRAM).
//
// Masked rows: actkern_softmax_masked_f32 (impl actkern, actkern_fast)
// against "onednn_add_mask", a binary add of a precomputed 0/-inf mask
// tensor then oneDNN's softmax in place, timed together (the composition of
// an engine without a masked kernel). Lengths: lengths[r] = 1 + splitmix64(r)
// mod cols (scripts/torch_compare.py builds the same); causal: offset 0.
// logsumexp: actkern_logsumexp_f32 against two oneDNN compositions (it has no
// logsumexp primitive): "onednn_reduce" (reduce max; binary sub with an exp
// post-op; reduce sum with log and add post-ops) and "onednn_log_softmax"
// (log-softmax into scratch, then x[r,0] - y[r,0]). Items are the elements
// of the full matrix (masked ones included); every peer's output is checked
// against actkern's before it is timed.
//
// Counters: items/s, bytes/s (8 bytes per element forward, 12 backward) and,
// for actkern, of_copy / of_read2write1: its bandwidth over the bound
// kernel's, measured at start-up at the same size and target (a convenience:
// scripts/peer-report.sh recomputes every ratio from the medians of the same
// run), and fma_slots: how many vector FMA instructions the pure-FMA loop
// retires in the time the kernel spends on one vector of elements (compare
// with the kernel's vector-op count per vector from its disassembly: at the
// compute bound they match).
//
// Times are thread CPU time (Google Benchmark's default): on these shared
// machines wall-clock time mostly measures the other processes.
//
// Own flags (before Google Benchmark's):
//   --isa=NAME   actkern at target NAME only, peers capped at NAME (oneDNN and
//                XNNPACK through their ISA controls), limits at NAME. AVX2 is
//                what the goals are stated for. Default: every
//                runnable target, peers uncapped.
//   --sizes=a,b  element counts (default 4096,65536,16777216)
//   --no-full    skip the full-domain distribution
//   --no-rows    skip the softmax family
//   --all-peers  also run peers of kernels actkern's catalogue does not have
//                (yet), on uniform [-10, 10] (log, log1p: [0.01, 10]), as
//                baselines for kernels being written
//   --threads=N  multi-core comparison: every case in wall-clock time, and
//                actkern's cases through the _par entry points on an
//                actkern::ThreadPool of N threads (elementwise kernels
//                without parameters or with their first catalogued ones, and
//                softmax / log-softmax); the peers' threads are theirs to
//                set: run with OMP_NUM_THREADS=N for oneDNN (OpenMP).
// Run with repetitions and random interleaving; compare within one run:
//   peers_bench --isa=AVX2 --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true --benchmark_format=json
#include <benchmark/benchmark.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/thread_pool.h"
#include "catalog.h"
#include "peers/actkern_rows.h"
#include "peers/machine_limits.h"
#include "peers/peers.h"

namespace {

using actkern::peers::Limits;

constexpr float kFullLo = -100.0f, kFullHi = 100.0f;

struct Options {
  std::string isa;  // empty: all
  std::vector<size_t> sizes = {4096, 65536, 16777216};
  bool full = true;
  bool rows = true;
  bool all_peers = false;
  size_t threads = 0;  // 0: single-thread mode (thread CPU time)
};
Options g_opt;

actkern::ThreadPool& Pool() {
  static actkern::ThreadPool* pool = new actkern::ThreadPool(g_opt.threads);
  return *pool;
}

// Inputs, generated once per (lo, hi, n) and shared by every implementation.
const std::vector<float>& Inputs(float lo, float hi, size_t n,
                                 uint32_t seed = 123) {
  static std::map<std::tuple<float, float, size_t, uint32_t>,
                  std::vector<float>>
      cache;
  auto& v = cache[{lo, hi, n, seed}];
  if (v.size() != n) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    v.resize(n);
    for (float& x : v) x = dist(rng);
  }
  return v;
}

// ---------------------------------------------------------------- bounds
// Quick start-up medians of the limit kernels, for the of_* counters only.
// Timed in thread CPU time, like Google Benchmark's default rates: on a shared
// machine the wall clock also counts the time other processes hold the core.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}
template <class F>
double MedianSeconds(F body, int reps = 9) {
  int inner = 1;
  for (;;) {
    const double t0 = ThreadSeconds();
    for (int i = 0; i < inner; ++i) body();
    if (ThreadSeconds() - t0 > 5e-3) break;
    inner *= 2;
  }
  std::vector<double> s;
  for (int r = 0; r < reps; ++r) {
    const double t0 = ThreadSeconds();
    for (int i = 0; i < inner; ++i) body();
    s.push_back((ThreadSeconds() - t0) / inner);
  }
  std::sort(s.begin(), s.end());
  return s[s.size() / 2];
}

struct Bounds {
  std::map<std::pair<std::string, size_t>, double> copy_bps, r2w1_bps;
  std::map<std::string, double> fma_per_s;  // FMA instructions per second
};
Bounds g_bounds;

// Bytes per second of l's copy loop (8 an element: one read, one write) or
// read2write1 loop (12: two reads, one write) at n elements, measured once
// per (isa, n).
double StreamBps(const Limits& l, size_t n, bool r2w1) {
  auto& b = (r2w1 ? g_bounds.r2w1_bps : g_bounds.copy_bps)[{l.isa, n}];
  if (b == 0) {
    const auto& x = Inputs(-1, 1, n);
    std::vector<float> y(n);
    const auto loop = r2w1 ? l.read2write1 : l.copy;
    b = (r2w1 ? 12.0 : 8.0) * n / MedianSeconds([&] {
          loop(x.data(), y.data(), n);
          benchmark::DoNotOptimize(y.data());
        });
  }
  return b;
}
double FmaPerSecond(const Limits& l) {
  auto& b = g_bounds.fma_per_s[l.isa];
  if (b == 0) {
    const size_t iters = 100000;
    b = (l.fma_flops_per_iter / 2.0) * iters /
        MedianSeconds([&] { benchmark::DoNotOptimize(l.fma(iters)); });
  }
  return b;
}

// ---------------------------------------------------------------- cases
// Runs `body` under actkern's target restriction `target` (empty: none).
struct TargetScope {
  explicit TargetScope(const std::string& t) : active(!t.empty()) {
    if (active) ok = actkern_set_max_target(t.c_str()) == ACTKERN_OK;
  }
  ~TargetScope() {
    if (active) actkern_set_max_target(nullptr);
  }
  bool active, ok = true;
};

// The timed loop of every case: `call` (n elements, writing `out`) under
// actkern's target restriction, then items and bytes (bytes_per_item an
// element) processed. False: the target is not runnable here (the case is
// marked skipped).
template <class Call>
bool TimeCalls(benchmark::State& state, const std::string& actkern_target,
               size_t n, size_t bytes_per_item, const float* out,
               const Call& call) {
  TargetScope scope(actkern_target);
  if (!scope.ok) {
    state.SkipWithError("target not runnable");
    return false;
  }
  for (auto _ : state) {
    call();
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * n * bytes_per_item));
  return true;
}

// Multi-core mode times wall clock: thread CPU time would count the calling
// thread only.
benchmark::internal::Benchmark* Timed(benchmark::internal::Benchmark* b) {
  return g_opt.threads > 0 ? b->UseRealTime() : b;
}

void SetBoundCounters(benchmark::State& state, const std::string& target,
                      size_t n, double bytes_per_item, bool r2w1) {
  const Limits* l = actkern::peers::FindLimits(target);
  if (l == nullptr) return;
  const double items = static_cast<double>(state.iterations()) * n;
  const double bps = StreamBps(*l, n, r2w1);
  state.counters[r2w1 ? "of_read2write1" : "of_copy"] = benchmark::Counter(
      items * bytes_per_item / bps, benchmark::Counter::kIsRate);
  // Vector FMA instructions the FMA loop retires, per vector of elements, in
  // the time this kernel takes (lane-FMAs per element).
  state.counters["fma_slots"] = benchmark::Counter(
      items / FmaPerSecond(*l),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void RegisterUnary(const std::string& kernel, const std::string& dist, float lo,
                   float hi, const std::string& impl, const std::string& isa,
                   std::function<void(const float*, float*, size_t)> run,
                   const std::string& actkern_target) {
  for (size_t n : g_opt.sizes) {
    const std::string name =
        kernel + "/" + dist + "/" + impl + "/" + isa + "/" + std::to_string(n);
    Timed(benchmark::RegisterBenchmark(
        name.c_str(), [=](benchmark::State& state) {
          const auto& x = Inputs(lo, hi, n);
          std::vector<float> y(n);
          if (TimeCalls(state, actkern_target, n, 8, y.data(),
                        [&] { run(x.data(), y.data(), n); }) &&
              !actkern_target.empty())
            SetBoundCounters(state, actkern_target, n, 8, false);
        }));
  }
}

void RegisterBackward(
    const std::string& kernel, const std::string& dist, float lo, float hi,
    bool takes_y, const actkern::catalog::UnaryKernel* fwd,
    const std::string& impl, const std::string& isa,
    std::function<void(const float*, const float*, float*, size_t)> run,
    const std::string& actkern_target) {
  for (size_t n : g_opt.sizes) {
    const std::string name =
        kernel + "/" + dist + "/" + impl + "/" + isa + "/" + std::to_string(n);
    Timed(benchmark::RegisterBenchmark(
        name.c_str(), [=](benchmark::State& state) {
          std::vector<float> in = Inputs(lo, hi, n);
          if (takes_y && fwd != nullptr)
            fwd->run(in.data(), in.data(), n);  // y = f(x)
          const auto& dy = Inputs(-1, 1, n, 7);
          std::vector<float> dx(n);
          if (TimeCalls(state, actkern_target, n, 12, dx.data(),
                        [&] { run(in.data(), dy.data(), dx.data(), n); }) &&
              !actkern_target.empty())
            SetBoundCounters(state, actkern_target, n, 12, true);
        }));
  }
}

struct Shape {
  size_t rows, cols;
  bool in_place;
};
// The softmax issue's shapes.
const Shape kShapes[] = {{4096, 128, false},           {1024, 1000, false},
                         {128, 32000, false},          {1, 256 * 1024, false},
                         {1, 32 * 1024 * 1024, false}, {8192, 128, true}};

std::string ShapeName(const Shape& s) {
  return std::to_string(s.rows) + "x" + std::to_string(s.cols) +
         (s.in_place ? "_inplace" : "");
}

void RegisterRows(const std::string& kernel, const std::string& impl,
                  const std::string& isa, actkern::peers::RowsFn run,
                  const std::string& actkern_target) {
  for (const Shape& s : kShapes) {
    const std::string name =
        kernel + "/" + ShapeName(s) + "/" + impl + "/" + isa;
    Timed(benchmark::RegisterBenchmark(
        name.c_str(), [=](benchmark::State& state) {
          const size_t n = s.rows * s.cols;
          std::vector<float> x = Inputs(-10, 10, n);
          std::vector<float> y(s.in_place ? 0 : n);
          float* out = s.in_place ? x.data() : y.data();
          // Bytes: the minimum traffic, read x and write y (a two-pass softmax
          // reads x twice).
          if (TimeCalls(state, actkern_target, n, 8, out,
                        [&] { run(x.data(), out, s.rows, s.cols); }) &&
              !actkern_target.empty())
            SetBoundCounters(state, actkern_target, n, 12, true);
        }));
  }
}

void RegisterRowsBackward(const std::string& kernel, const std::string& impl,
                          const std::string& isa,
                          actkern::peers::RowsBackwardFn run,
                          const std::string& actkern_target) {
  for (const Shape& s : kShapes) {
    if (s.in_place) continue;
    const std::string name =
        kernel + "/" + ShapeName(s) + "/" + impl + "/" + isa;
    Timed(benchmark::RegisterBenchmark(
        name.c_str(), [=](benchmark::State& state) {
          const size_t n = s.rows * s.cols;
          const auto& y =
              Inputs(0, 1.0f / s.cols, n, 11);  // rough probabilities
          const auto& dy = Inputs(-1, 1, n, 7);
          std::vector<float> dx(n);
          TimeCalls(state, actkern_target, n, 12, dx.data(), [&] {
            run(y.data(), dy.data(), dx.data(), s.rows, s.cols);
          });
        }));
  }
}

// ---------------------------------------------------------------- masks
// The masked-row cases and their masks.
struct MaskedCase {
  const char* kernel;
  size_t rows, cols;
  bool lengths, causal;
};
const MaskedCase kMaskedCases[] = {
    {"softmax_masked_lengths", 1024, 1000, true, false},
    {"softmax_masked_causal", 2048, 2048, false, true}};

// lengths[r] = 1 + splitmix64(r) mod cols: random in [1, cols], reproducible
// from any language (scripts/torch_compare.py).
std::vector<int64_t> MaskLengths(size_t rows, size_t cols) {
  std::vector<int64_t> l(rows);
  for (size_t r = 0; r < rows; ++r) {
    uint64_t z = (r + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    l[r] = static_cast<int64_t>(1 + z % cols);
  }
  return l;
}

// Per case: its lengths (empty when it has none) and its additive mask
// tensor (0 kept, -inf masked), built once.
struct Masks {
  std::vector<int64_t> lengths;
  std::vector<float> additive;
};
const Masks& MasksOf(const MaskedCase& m) {
  static std::map<std::string, Masks> cache;
  Masks& k = cache[m.kernel];
  if (k.additive.empty()) {
    if (m.lengths) k.lengths = MaskLengths(m.rows, m.cols);
    k.additive.assign(m.rows * m.cols, 0.0f);
    for (size_t r = 0; r < m.rows; ++r) {
      size_t valid = m.lengths ? static_cast<size_t>(k.lengths[r]) : m.cols;
      if (m.causal) valid = std::min(valid, r + 1);
      for (size_t c = valid; c < m.cols; ++c)
        k.additive[r * m.cols + c] = -INFINITY;
    }
  }
  return k;
}

// run(x, additive mask, lengths or nullptr, y, case).
using MaskedRun = std::function<void(const float*, const float*, const int64_t*,
                                     float*, const MaskedCase&)>;

void RegisterMasked(const MaskedCase& m, const std::string& impl,
                    const std::string& isa, MaskedRun run,
                    const std::string& actkern_target) {
  const std::string name = std::string(m.kernel) + "/" +
                           std::to_string(m.rows) + "x" +
                           std::to_string(m.cols) + "/" + impl + "/" + isa;
  Timed(
      benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
        const size_t n = m.rows * m.cols;
        const auto& x = Inputs(-10, 10, n);
        const Masks& k = MasksOf(m);
        const int64_t* len = m.lengths ? k.lengths.data() : nullptr;
        std::vector<float> y(n, 1.0f), want(n);
        run(x.data(), k.additive.data(), len, y.data(), m);
        actkern_softmax_masked_f32(x.data(), m.cols, want.data(), m.cols,
                                   m.rows, m.cols, 1.0f, len, m.causal ? 1 : 0,
                                   0);
        for (size_t i = 0; i < n; ++i) {
          if (!(std::fabs(y[i] - want[i]) <= 1e-5f)) {
            return state.SkipWithError("output differs from actkern's");
          }
        }
        TimeCalls(state, actkern_target, n, 8, y.data(),
                  [&] { run(x.data(), k.additive.data(), len, y.data(), m); });
      }));
}

// run(x, out, rows, cols) for logsumexp, at the softmax shapes (an in-place
// shape is timed as the same shape: the output is one float a row).
void RegisterLogSumExp(
    const std::string& impl, const std::string& isa,
    std::function<void(const float*, float*, size_t, size_t)> run,
    const std::string& actkern_target) {
  for (const Shape& s : kShapes) {
    const std::string name = "logsumexp/" + std::to_string(s.rows) + "x" +
                             std::to_string(s.cols) + "/" + impl + "/" + isa;
    Timed(benchmark::RegisterBenchmark(
        name.c_str(), [=](benchmark::State& state) {
          const size_t n = s.rows * s.cols;
          const auto& x = Inputs(-10, 10, n);
          std::vector<float> out(s.rows), want(s.rows);
          run(x.data(), out.data(), s.rows, s.cols);
          actkern_logsumexp_f32(x.data(), s.cols, want.data(), s.rows, s.cols,
                                1.0f);
          // A broken wrapper is far off; a float-accumulating peer on a long
          // row is off by ~1e-5 relative (reported as max_rel_diff).
          double diff = 0;
          for (size_t r = 0; r < s.rows; ++r) {
            const double d = std::fabs(static_cast<double>(out[r]) - want[r]) /
                             std::max(1.0, std::fabs(double{want[r]}));
            diff = d == d ? std::max(diff, d) : INFINITY;
          }
          if (!(diff <= 1e-3))
            return state.SkipWithError("output differs from actkern's");
          // Bytes: one read of x.
          if (TimeCalls(state, actkern_target, n, 4, out.data(),
                        [&] { run(x.data(), out.data(), s.rows, s.cols); }))
            state.counters["max_rel_diff"] = diff;
        }));
  }
}

void RegisterLimits(const Limits& l) {
  std::vector<size_t> sizes = g_opt.sizes;
  if (g_opt.rows)
    sizes.push_back(32 * 1024 * 1024);  // the 1 x 32 Mi softmax row
  for (size_t n : sizes) {
    const std::string sfx = "/" + l.isa + "/" + std::to_string(n);
    auto one = [&](const std::string& what,
                   void (*fn)(const float*, float*, size_t), size_t bytes) {
      benchmark::RegisterBenchmark(
          ("limit/" + what + sfx).c_str(), [=](benchmark::State& st) {
            const auto& x = Inputs(-1, 1, n);
            std::vector<float> y(n);
            TimeCalls(st, "", n, bytes, y.data(),
                      [&] { fn(x.data(), y.data(), n); });
          });
    };
    if (n != 32u * 1024 * 1024) {
      one("copy", l.copy, 8);
      one(
          "memcpy",
          [](const float* x, float* y, size_t k) {
            memcpy(y, x, k * sizeof(float));
          },
          8);
    }
    one("read2write1", l.read2write1, 12);
  }
  benchmark::RegisterBenchmark(
      ("limit/fma/" + l.isa).c_str(), [l](benchmark::State& st) {
        const size_t iters = 100000;
        for (auto _ : st) benchmark::DoNotOptimize(l.fma(iters));
        const double flops =
            static_cast<double>(st.iterations()) * iters * l.fma_flops_per_iter;
        st.counters["FLOP/s"] =
            benchmark::Counter(flops, benchmark::Counter::kIsRate);
        // Lane-FMAs per second (an 8-lane vector FMA counts 8).
        st.counters["FMA/s"] =
            benchmark::Counter(flops / 2, benchmark::Counter::kIsRate);
      });
}

bool IsaSelected(const std::string& isa) {
  if (g_opt.isa.empty()) return true;
  // Runtime-dispatched peers report the cap itself; static variants their ISA.
  return isa == g_opt.isa || (isa == "SCALAR");
}

std::vector<size_t> ParseSizes(const char* s) {
  std::vector<size_t> v;
  while (*s) {
    char* end;
    v.push_back(strtoull(s, &end, 10));
    s = *end == ',' ? end + 1 : end;
    if (end == s && *s) break;
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  // Own flags first; the rest goes to Google Benchmark.
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "--isa=", 6)) {
      g_opt.isa = argv[i] + 6;
      if (g_opt.isa == "all") g_opt.isa.clear();
    } else if (!strncmp(argv[i], "--sizes=", 8)) {
      g_opt.sizes = ParseSizes(argv[i] + 8);
    } else if (!strcmp(argv[i], "--no-full")) {
      g_opt.full = false;
    } else if (!strcmp(argv[i], "--no-rows")) {
      g_opt.rows = false;
    } else if (!strcmp(argv[i], "--all-peers")) {
      g_opt.all_peers = true;
    } else if (!strncmp(argv[i], "--threads=", 10)) {
      const long t = strtol(argv[i] + 10, nullptr, 10);
      if (t < 1 || t > 256) {
        fprintf(stderr, "peers_bench: --threads: %s is out of range\n",
                argv[i] + 10);
        return 2;
      }
      g_opt.threads = static_cast<size_t>(t);
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;

  std::vector<std::string> targets;
  for (const auto& t : actkern::catalog::RunnableTargets()) {
    if (g_opt.isa.empty() || t == g_opt.isa) targets.push_back(t);
  }
  if (targets.empty()) {
    fprintf(stderr, "peers_bench: target %s is not runnable here\n",
            g_opt.isa.c_str());
    return 2;
  }
  if (!actkern::peers::Init(g_opt.isa)) {
    fprintf(stderr, "peers_bench: unknown ISA %s\n", g_opt.isa.c_str());
    return 2;
  }
  std::string libs;
  for (const auto& l : actkern::peers::Libraries())
    libs += (libs.empty() ? "" : ", ") + l;
  benchmark::AddCustomContext("peers", libs.empty() ? "none" : libs);
  benchmark::AddCustomContext("isa", g_opt.isa.empty() ? "all" : g_opt.isa);
  benchmark::AddCustomContext("actkern_targets", [&] {
    std::string s;
    for (const auto& t : targets) s += (s.empty() ? "" : " ") + t;
    return s;
  }());

  // ---- elementwise forward: catalogue x (actkern, std loop, peers)
  for (const auto& k : actkern::catalog::UnaryKernels()) {
    struct Dist {
      const char* name;
      float lo, hi;
    };
    std::vector<Dist> dists = {{"typical", k.bench_lo, k.bench_hi}};
    if (g_opt.full) dists.push_back({"full", kFullLo, kFullHi});
    for (const Dist& d : dists) {
      // The fast tier is timed in its precise kernel's group, as impl
      // actkern_fast, beside the same peers.
      for (const auto& t : targets) {
        if (g_opt.threads > 0) {
          // The _par entry point of this variant (a row's first catalogued
          // parameters only; others have no EntryPoint of their own).
          const actkern::catalog::EntryPoint* e = nullptr;
          for (const auto& ep : actkern::catalog::EntryPoints()) {
            if (!ep.backward && ep.name == k.name) e = &ep;
          }
          if (e == nullptr) continue;
          RegisterUnary(
              k.precise, d.name, d.lo, d.hi,
              k.fast ? "actkern_fast" : "actkern", t,
              [e](const float* x, float* y, size_t n) {
                const actkern_exec exec = Pool().Exec();
                e->call_par(&exec, x, nullptr, y, n, e->valid_params.data());
              },
              t);
          continue;
        }
        RegisterUnary(
            k.precise, d.name, d.lo, d.hi, k.fast ? "actkern_fast" : "actkern",
            t,
            [run = k.run](const float* x, float* y, size_t n) { run(x, y, n); },
            t);
      }
      if (k.fast) continue;
      RegisterUnary(
          k.name, d.name, d.lo, d.hi, "std_loop", "SCALAR",
          [f = k.naive](const float* x, float* y, size_t n) {
            for (size_t i = 0; i < n; ++i) y[i] = f(x[i]);
          },
          "");
      for (const auto& p : actkern::peers::UnaryPeers()) {
        if (p.kernel != k.name || !IsaSelected(p.isa)) continue;
        RegisterUnary(k.name, d.name, d.lo, d.hi, p.impl, p.isa, p.run, "");
      }
    }
  }

  // ---- peers of kernels not (yet) in the catalogue
  if (g_opt.all_peers) {
    for (const auto& p : actkern::peers::UnaryPeers()) {
      if (actkern::catalog::FindUnary(p.kernel) != nullptr ||
          !IsaSelected(p.isa))
        continue;
      const bool log_like = p.kernel == "log" || p.kernel == "log1p";
      RegisterUnary(p.kernel, "typical", log_like ? 0.01f : -10.0f, 10.0f,
                    p.impl, p.isa, p.run, "");
    }
  }

  // ---- elementwise backward
  for (const auto& k : actkern::catalog::BackwardKernels()) {
    const auto* fwd = actkern::catalog::FindUnary(k.forward);
    const float lo = fwd ? fwd->bench_lo : -5.0f,
                hi = fwd ? fwd->bench_hi : 5.0f;
    for (const auto& t : targets) {
      RegisterBackward(
          k.name, "typical", lo, hi, k.takes_y, fwd, "actkern", t,
          [run = k.run](const float* a, const float* b, float* c, size_t n) {
            run(a, b, c, n);
          },
          t);
    }
    for (const auto& p : actkern::peers::BackwardPeers()) {
      if (p.kernel != k.name || !IsaSelected(p.isa)) continue;
      if (p.takes_y != k.takes_y) continue;  // different input: not comparable
      RegisterBackward(k.name, "typical", lo, hi, k.takes_y, fwd, p.impl, p.isa,
                       p.run, "");
    }
  }

  // ---- softmax family
  if (g_opt.rows) {
    for (const char* kernel : {"softmax", "log_softmax"}) {
      std::string why;
      if (g_opt.threads > 0) {
        // The _par row entry points on the pool, both tiers.
        static const actkern::peers::RowsFn kPar[2][2] = {
            {[](const float* x, float* y, size_t r, size_t c) {
               const actkern_exec e = Pool().Exec();
               actkern_softmax_f32_par(&e, x, c, y, c, r, c, 1.0f);
             },
             [](const float* x, float* y, size_t r, size_t c) {
               const actkern_exec e = Pool().Exec();
               actkern_softmax_fast_f32_par(&e, x, c, y, c, r, c, 1.0f);
             }},
            {[](const float* x, float* y, size_t r, size_t c) {
               const actkern_exec e = Pool().Exec();
               actkern_log_softmax_f32_par(&e, x, c, y, c, r, c, 1.0f);
             },
             [](const float* x, float* y, size_t r, size_t c) {
               const actkern_exec e = Pool().Exec();
               actkern_log_softmax_fast_f32_par(&e, x, c, y, c, r, c, 1.0f);
             }}};
        const int log = std::string(kernel) == "log_softmax" ? 1 : 0;
        for (int fast = 0; fast < 2; ++fast) {
          for (const auto& t : targets)
            RegisterRows(kernel, fast ? "actkern_fast" : "actkern", t,
                         kPar[log][fast], t);
        }
      } else if (auto fn = actkern::peers::ActkernRows(kernel, &why)) {
        for (const auto& t : targets) RegisterRows(kernel, "actkern", t, fn, t);
      } else {
        fprintf(stderr, "peers_bench: no actkern %s case: %s\n", kernel,
                why.c_str());
      }
      // The fast tier in the same group, as implementation actkern_fast.
      if (g_opt.threads > 0) {
      } else if (auto fn = actkern::peers::ActkernRows(
                     std::string(kernel) + "_fast", &why)) {
        for (const auto& t : targets)
          RegisterRows(kernel, "actkern_fast", t, fn, t);
      }
      for (const auto& p : actkern::peers::RowsPeers()) {
        if (p.kernel == kernel && IsaSelected(p.isa))
          RegisterRows(kernel, p.impl, p.isa, p.run, "");
      }
    }
    for (const char* kernel : {"softmax_backward", "log_softmax_backward"}) {
      std::string why;
      if (auto fn = actkern::peers::ActkernRowsBackward(kernel, &why)) {
        for (const auto& t : targets)
          RegisterRowsBackward(kernel, "actkern", t, fn, t);
      }
      for (const auto& p : actkern::peers::RowsBackwardPeers()) {
        if (p.kernel == kernel && IsaSelected(p.isa)) {
          RegisterRowsBackward(kernel, p.impl, p.isa, p.run, "");
        }
      }
    }
  }

  // ---- masked rows and logsumexp
  if (g_opt.rows) {
    using MaskedFn =
        actkern_status (*)(const float*, size_t, float*, size_t, size_t, size_t,
                           float, const int64_t*, int32_t, int64_t);
    using MaskedParFn = actkern_status (*)(
        const actkern_exec*, const float*, size_t, float*, size_t, size_t,
        size_t, float, const int64_t*, int32_t, int64_t);
    struct Tier {
      const char* impl;
      MaskedFn plain;
      MaskedParFn par;
    };
    const Tier tiers[] = {
        {"actkern", actkern_softmax_masked_f32, actkern_softmax_masked_f32_par},
        {"actkern_fast", actkern_softmax_masked_fast_f32,
         actkern_softmax_masked_fast_f32_par}};
    for (const MaskedCase& m : kMaskedCases) {
      for (const Tier& tier : tiers) {
        for (const auto& t : targets) {
          RegisterMasked(
              m, tier.impl, t,
              [tier](const float* x, const float*, const int64_t* len, float* y,
                     const MaskedCase& mc) {
                const int32_t causal = mc.causal ? 1 : 0;
                if (g_opt.threads > 0) {
                  const actkern_exec e = Pool().Exec();
                  tier.par(&e, x, mc.cols, y, mc.cols, mc.rows, mc.cols, 1.0f,
                           len, causal, 0);
                } else {
                  tier.plain(x, mc.cols, y, mc.cols, mc.rows, mc.cols, 1.0f,
                             len, causal, 0);
                }
              },
              t);
        }
      }
      for (const auto& p : actkern::peers::MaskedRowsPeers()) {
        if (p.kernel != "softmax_masked" || !IsaSelected(p.isa)) continue;
        RegisterMasked(
            m, p.impl, p.isa,
            [run = p.run](const float* x, const float* mask, const int64_t*,
                          float* y, const MaskedCase& mc) {
              run(x, mask, y, mc.rows, mc.cols);
            },
            "");
      }
    }
    for (const auto& t : targets) {
      RegisterLogSumExp(
          "actkern", t,
          [](const float* x, float* out, size_t r, size_t c) {
            if (g_opt.threads > 0) {
              const actkern_exec e = Pool().Exec();
              actkern_logsumexp_f32_par(&e, x, c, out, r, c, 1.0f);
            } else {
              actkern_logsumexp_f32(x, c, out, r, c, 1.0f);
            }
          },
          t);
    }
    for (const auto& p : actkern::peers::ReduceRowsPeers()) {
      if (p.kernel == "logsumexp" && IsaSelected(p.isa))
        RegisterLogSumExp(p.impl, p.isa, p.run, "");
    }
  }

  // ---- limits
  for (const auto& l : actkern::peers::AllLimits()) {
    if (std::find(targets.begin(), targets.end(), l.isa) != targets.end())
      RegisterLimits(l);
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
