// The _par entry points on the caller's pool (actkern::ThreadPool), against
// the plain single-thread entry points, in one binary so that the ratios come
// from one run:
//  - Elementwise/<kernel>/<n>/<threads>: compute-bound kernels, both tiers
//    (<kernel>_fast), and relu, the bandwidth reference, at 64 Ki, 1 Mi and 16
//    Mi floats; threads 0 is the plain entry point, 1 and 2 the _par entry
//    point on a pool of that size.
//  - Softmax/<rows>x<cols>/<threads>: 1024x1000, 128x32000 (row ranges) and
//    1x32Mi (one row in column blocks: the 1-thread _par case is the same
//    algorithm as the 2-thread one, the plain case is the single-pass row).
//  - Small/<kernel>/<n>/<threads>: 1 Ki and 4 Ki floats, plain against _par
//    on the 2-thread pool (inline: the small-call overhead).
//  - SmallPaired/<kernel>/<n>: the same, as the median per-round ratio of
//    interleaved rounds (par_over_plain; 1.0 is no overhead).
//  - PoolOverhead/<tasks>/2: the pool's own cost per call (empty tasks).
//  - Grain/<kernel>/<chunk>: 1 Mi floats in chunks of plain calls on the
//    2-thread pool, the measurement behind ACTKERN_PAR_ELEMENT_CHUNK.
// Items are elements. This machine is shared: compare within one run, as
// medians of interleaved repetitions:
//   parallel_bench --benchmark_repetitions=7
//     --benchmark_enable_random_interleaving=true
//     --benchmark_report_aggregates_only=true --benchmark_min_time=0.2
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/thread_pool.h"
#include "catalog.h"

namespace {

actkern::ThreadPool& Pool(size_t threads) {
  static actkern::ThreadPool* pools[3] = {nullptr, new actkern::ThreadPool(1),
                                          new actkern::ThreadPool(2)};
  return *pools[threads];
}

std::vector<float> Inputs(size_t n, float lo, float hi) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// CPU time of the whole process (every thread), in seconds. On a shared
// machine, where the pool's second thread may not get a core of its own, the
// work it did still shows here: proc_cpu_per_iter_us (2 threads) close to the
// 1-thread value means the split costs little beyond the work itself.
double ProcessCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

void SetProcessCpu(benchmark::State& state, double cpu0) {
  state.counters["proc_cpu_per_iter_us"] =
      1e6 * (ProcessCpuSeconds() - cpu0) /
      static_cast<double>(state.iterations());
}

const actkern::catalog::EntryPoint* Find(const std::string& name) {
  for (const auto& e : actkern::catalog::EntryPoints()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// threads 0: the plain entry point; else _par on a pool of `threads`.
void Elementwise(benchmark::State& state, const actkern::catalog::EntryPoint* e,
                 const actkern::catalog::UnaryKernel* k, size_t n,
                 size_t threads) {
  const std::vector<float> x = Inputs(n, k->bench_lo, k->bench_hi);
  std::vector<float> y(n);
  const actkern_exec exec =
      threads == 0 ? actkern::InlineExec() : Pool(threads).Exec();
  const float* p = e->valid_params.data();
  const double cpu0 = ProcessCpuSeconds();
  for (auto _ : state) {
    const actkern_status s =
        threads == 0 ? e->call(x.data(), nullptr, y.data(), n, p)
                     : e->call_par(&exec, x.data(), nullptr, y.data(), n, p);
    if (s != ACTKERN_OK) state.SkipWithError("call failed");
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetProcessCpu(state, cpu0);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void Softmax(benchmark::State& state, size_t rows, size_t cols,
             size_t threads) {
  const size_t n = rows * cols;
  const std::vector<float> x = Inputs(n, -8.0f, 8.0f);
  std::vector<float> y(n);
  const actkern_exec exec =
      threads == 0 ? actkern::InlineExec() : Pool(threads).Exec();
  const double cpu0 = ProcessCpuSeconds();
  for (auto _ : state) {
    const actkern_status s =
        threads == 0 ? actkern_softmax_f32(x.data(), cols, y.data(), cols, rows,
                                           cols, 1.0f)
                     : actkern_softmax_f32_par(&exec, x.data(), cols, y.data(),
                                               cols, rows, cols, 1.0f);
    if (s != ACTKERN_OK) state.SkipWithError("call failed");
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  SetProcessCpu(state, cpu0);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

// The pool's own cost: one ParallelFor of `tasks` empty tasks (the grain
// argument of docs/design.md: per-call and per-task overhead against the
// work of one chunk).
void PoolOverhead(benchmark::State& state, size_t tasks, size_t threads) {
  const actkern_exec exec = Pool(threads).Exec();
  auto empty = [](void*, size_t) {};
  for (auto _ : state) exec.parallel_for(exec.pool, tasks, empty, nullptr);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * tasks));
}

// The grain experiment behind ACTKERN_PAR_ELEMENT_CHUNK: 1 Mi floats of a
// kernel cut into chunks of `chunk` plain calls, run as tasks of the
// 2-thread pool.
void Grain(benchmark::State& state, const actkern::catalog::EntryPoint* e,
           size_t chunk) {
  const size_t n = size_t{1} << 20;
  const std::vector<float> x = Inputs(n, -8.0f, 8.0f);
  std::vector<float> y(n);
  const actkern_exec exec = Pool(2).Exec();
  struct Job {
    const actkern::catalog::EntryPoint* e;
    const float* x;
    float* y;
    size_t n, chunk;
  } job{e, x.data(), y.data(), n, chunk};
  auto task = [](void* context, size_t i) {
    const Job& j = *static_cast<const Job*>(context);
    const size_t begin = i * j.chunk;
    const size_t len = j.n - begin < j.chunk ? j.n - begin : j.chunk;
    j.e->call(j.x + begin, nullptr, j.y + begin, len, j.e->valid_params.data());
  };
  for (auto _ : state) {
    exec.parallel_for(exec.pool, (n + chunk - 1) / chunk, task, &job);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

// Small-call overhead measured in pairs, robust against a load that drifts
// (the shared machine): each round times 32 plain calls, then 32 _par calls
// on the 2-thread pool (inline: one chunk), and the counter is the median
// over rounds of the per-round time ratio _par / plain.
void SmallPaired(benchmark::State& state, const actkern::catalog::EntryPoint* e,
                 size_t n) {
  const std::vector<float> x = Inputs(n, -8.0f, 8.0f);
  std::vector<float> y(n);
  const actkern_exec exec = Pool(2).Exec();
  const float* p = e->valid_params.data();
  std::vector<double> ratios;
  using Clock = std::chrono::steady_clock;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    for (int i = 0; i < 32; ++i) e->call(x.data(), nullptr, y.data(), n, p);
    benchmark::ClobberMemory();
    const auto t1 = Clock::now();
    for (int i = 0; i < 32; ++i)
      e->call_par(&exec, x.data(), nullptr, y.data(), n, p);
    benchmark::ClobberMemory();
    const auto t2 = Clock::now();
    ratios.push_back(std::chrono::duration<double>(t2 - t1).count() /
                     std::chrono::duration<double>(t1 - t0).count());
  }
  std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2,
                   ratios.end());
  state.counters["par_over_plain"] = ratios[ratios.size() / 2];
}

std::string SizeName(size_t n) {
  if (n % (size_t{1} << 20) == 0) return std::to_string(n >> 20) + "Mi";
  if (n % 1024 == 0) return std::to_string(n >> 10) + "Ki";
  return std::to_string(n);
}

const char* const kComputeBound[] = {"exp",  "expm1",    "sigmoid",   "tanh",
                                     "silu", "gelu",     "gelu_tanh", "mish",
                                     "log",  "softplus", "elu",       "relu"};

int Register() {
  std::vector<std::string> names;
  for (const char* name : kComputeBound) {
    names.push_back(name);
    // The fast tier beside the precise kernel, where it exists.
    if (Find(std::string(name) + "_fast") != nullptr)
      names.push_back(std::string(name) + "_fast");
  }
  for (const std::string& name : names) {
    const auto* e = Find(name);
    const auto* k = actkern::catalog::FindUnary(name);
    if (e == nullptr || k == nullptr) continue;
    for (size_t n : {size_t{1} << 16, size_t{1} << 20, size_t{1} << 24}) {
      for (size_t threads : {0, 1, 2}) {
        benchmark::RegisterBenchmark(
            ("Elementwise/" + name + "/" + SizeName(n) + "/" +
             std::to_string(threads))
                .c_str(),
            Elementwise, e, k, n, threads)
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  struct Shape {
    size_t rows, cols;
  };
  for (Shape s :
       {Shape{1024, 1000}, Shape{128, 32000}, Shape{1, size_t{32} << 20}}) {
    for (size_t threads : {0, 1, 2}) {
      benchmark::RegisterBenchmark(
          ("Softmax/" + std::to_string(s.rows) + "x" + SizeName(s.cols) + "/" +
           std::to_string(threads))
              .c_str(),
          Softmax, s.rows, s.cols, threads)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (const char* name : {"exp", "silu", "gelu"}) {
    const auto* e = Find(name);
    const auto* k = actkern::catalog::FindUnary(name);
    for (size_t n : {size_t{1024}, size_t{4096}}) {
      for (size_t threads : {0, 2}) {
        benchmark::RegisterBenchmark(
            ("Small/" + std::string(name) + "/" + SizeName(n) + "/" +
             std::to_string(threads))
                .c_str(),
            Elementwise, e, k, n, threads)
            ->UseRealTime();
      }
    }
  }
  for (const char* name : {"exp", "silu", "gelu"}) {
    for (size_t n : {size_t{1024}, size_t{4096}}) {
      benchmark::RegisterBenchmark(
          ("SmallPaired/" + std::string(name) + "/" + SizeName(n)).c_str(),
          SmallPaired, Find(name), n);
    }
  }
  for (const char* name : {"exp", "silu"}) {
    for (size_t chunk : {size_t{1024}, size_t{4096}, size_t{16384},
                         size_t{65536}, size_t{262144}}) {
      benchmark::RegisterBenchmark(
          ("Grain/" + std::string(name) + "/" + SizeName(chunk)).c_str(), Grain,
          Find(name), chunk)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (size_t tasks : {2, 64}) {
    benchmark::RegisterBenchmark(
        ("PoolOverhead/" + std::to_string(tasks) + "/2").c_str(), PoolOverhead,
        tasks, 2)
        ->UseRealTime();
  }
  return 0;
}

const int kRegistered = Register();

}  // namespace

BENCHMARK_MAIN();
