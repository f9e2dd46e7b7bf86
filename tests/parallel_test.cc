// The _par entry points (actkern/common.h, "execution") on every runnable
// target: for every elementwise entry point of the catalogue and every
// function of the softmax family, the results with the caller's pool are bit
// for bit those of the plain call for 1 to 8 threads, for a pool that runs
// the chunks in reverse order and for one that runs them in a random order;
// long softmax rows (column blocks) are bit-identical across every pool and
// thread count and within 1 ULP of the plain call. Errors are found before
// any task runs (a recording pool sees no call; output canaries stay), and
// small calls never reach the pool. The row kernels come from
// tests/hardening/row_kernels.h as well as from the local cases below. The
// ThreadSanitizer build (scripts/ci-sanitizers.sh) runs this file
// (Target/Parallel.*).
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "actkern/thread_pool.h"
#include "hardening/inputs.h"
#include "hardening/row_kernels.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

constexpr size_t kChunk = ACTKERN_PAR_ELEMENT_CHUNK;

// Runs the tasks one after the other on the calling thread, last first.
struct ReversePool {
  static void ParallelFor(void*, size_t count, actkern_task_fn task,
                          void* context) {
    for (size_t i = count; i-- > 0;) task(context, i);
  }
};

// Runs the tasks on the calling thread in a random order (its own seed per
// call, from the pool object).
struct RandomPool {
  uint64_t seed;
  static void ParallelFor(void* pool, size_t count, actkern_task_fn task,
                          void* context) {
    Rng rng(static_cast<RandomPool*>(pool)->seed++);
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    for (size_t i = count; i > 1; --i) {
      std::swap(order[i - 1], order[rng.Below(static_cast<uint32_t>(i))]);
    }
    for (size_t i : order) task(context, i);
  }
};

// Counts parallel_for calls and tasks, then runs the tasks in order.
struct RecordingPool {
  std::atomic<size_t> calls{0}, tasks{0};
  static void ParallelFor(void* pool, size_t count, actkern_task_fn task,
                          void* context) {
    auto* p = static_cast<RecordingPool*>(pool);
    p->calls.fetch_add(1);
    for (size_t i = 0; i < count; ++i) {
      p->tasks.fetch_add(1);
      task(context, i);
    }
  }
};

// The execution contexts every bit-identity test runs: real pools of 1..8
// threads (the pool of 1 runs inline: num_threads 1), the reverse and random
// orders (claiming 4 threads, so the chunks are made), and NULL. With
// ACTKERN_TEST_POOLS=short (the sanitizer runs, where the full sweep costs
// tens of minutes) the contexts are real pools of 2 and 3 threads (an even
// and an uneven split) and the random order, which reaches any chunk
// schedule the other pools could.
bool ShortPoolSet() {
  const char* v = std::getenv("ACTKERN_TEST_POOLS");
  return v != nullptr && std::string(v) == "short";
}

class Execs {
 public:
  Execs() {
    const bool short_set = ShortPoolSet();
    for (size_t t = short_set ? 2 : 1; t <= (short_set ? 3 : 8); ++t) {
      pools_.push_back(std::make_unique<ThreadPool>(t));
      add("threads" + std::to_string(t), pools_.back()->Exec());
    }
    if (!short_set) {
      add("reverse", actkern_exec{&ReversePool::ParallelFor, nullptr, 4});
    }
    add("random", actkern_exec{&RandomPool::ParallelFor, &random_, 4});
  }
  size_t size() const { return execs_.size(); }
  // Checked: an index beyond the set (the short one has three) throws, and
  // the test fails, rather than reading past the end.
  const actkern_exec* exec(size_t i) const { return &execs_.at(i); }
  const std::string& name(size_t i) const { return names_.at(i); }

 private:
  void add(const std::string& name, actkern_exec e) {
    names_.push_back(name);
    execs_.push_back(e);
  }
  std::vector<std::unique_ptr<ThreadPool>> pools_;
  RandomPool random_{12345};
  std::vector<actkern_exec> execs_;
  std::vector<std::string> names_;
};

const Execs& AllExecs() {
  static const Execs* execs = new Execs();
  return *execs;
}

// Roughly normal values, one in 97 replaced by random bits (NaN, inf,
// subnormals...) unless finite_only.
std::vector<float> Inputs(size_t n, uint64_t seed, int sigma_log2,
                          bool finite_only = false) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = i % 97 == 0 && !finite_only ? BitsToFloat(rng.Bits32())
                                       : Normalish(rng, sigma_log2);
  }
  return v;
}

// Index of the first element whose bits differ, or SIZE_MAX.
size_t FirstDifference(const std::vector<float>& a,
                       const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameFloat(a[i], b[i])) return i;
  }
  return SIZE_MAX;
}

class Parallel : public PerTarget {};

// ---------------------------------------------------------------- elementwise

TEST_P(Parallel, ElementwiseBitIdenticalForEveryPool) {
  const Execs& execs = AllExecs();
  // Odd sizes around the chunk boundaries; the largest has 5 chunks.
  const size_t sizes[] = {1,
                          17,
                          kChunk - 1,
                          kChunk,
                          kChunk + 1,
                          2 * kChunk + 33,
                          4 * kChunk + 4093};
  const size_t kMax = 4 * kChunk + 4093;
  const std::vector<float> in0 = Inputs(kMax, 1, 2), in1 = Inputs(kMax, 2, 0);
  for (const catalog::EntryPoint& e : catalog::EntryPoints()) {
    const float* p = e.valid_params.data();
    for (size_t n : sizes) {
      std::vector<float> want(n);
      ASSERT_EQ(e.call(in0.data(), in1.data(), want.data(), n, p), ACTKERN_OK)
          << e.name;
      for (size_t k = 0; k < execs.size(); ++k) {
        std::vector<float> got(n, 1234.5f);
        ASSERT_EQ(
            e.call_par(execs.exec(k), in0.data(), in1.data(), got.data(), n, p),
            ACTKERN_OK)
            << e.name;
        const size_t d = FirstDifference(want, got);
        ASSERT_EQ(d, SIZE_MAX) << e.name << " n=" << n << " " << execs.name(k)
                               << " first difference at " << d;
      }
      // In place (y == x, the one aliasing allowed), on the last pool.
      std::vector<float> inplace(in0.begin(), in0.begin() + n);
      ASSERT_EQ(e.call_par(execs.exec(execs.size() - 1), inplace.data(),
                           in1.data(), inplace.data(), n, p),
                ACTKERN_OK);
      if (!e.backward) {  // backward in place aliases dx with in: same rule
        ASSERT_EQ(FirstDifference(want, inplace), SIZE_MAX)
            << e.name << " in place";
      }
    }
  }
}

// The 16-bit forms (bf16, f16) of every entry point likewise, over 16-bit
// values covering every pattern (NaN, inf, subnormals included).
TEST_P(Parallel, ElementwiseHalfBitIdenticalForEveryPool) {
  const Execs& execs = AllExecs();
  const size_t sizes[] = {1, kChunk + 1, 2 * kChunk + 33, 4 * kChunk + 4093};
  const size_t kMax = 4 * kChunk + 4093;
  std::vector<uint16_t> in0(kMax), in1(kMax);
  for (size_t i = 0; i < kMax; ++i) {
    in0[i] = static_cast<uint16_t>(i * 40503u);
    in1[i] = static_cast<uint16_t>(0x3000 + (i * 7919u) % 0x1800);
  }
  // Index of the first difference (any two NaNs of the type are equal).
  const auto first_difference = [](int kind, const std::vector<uint16_t>& a,
                                   const std::vector<uint16_t>& b) {
    const uint16_t inf = kind == catalog::kBf16 ? 0x7F80 : 0x7C00;
    for (size_t i = 0; i < a.size(); ++i) {
      const bool nans = (a[i] & 0x7FFF) > inf && (b[i] & 0x7FFF) > inf;
      if (a[i] != b[i] && !nans) return i;
    }
    return SIZE_MAX;
  };
  for (const catalog::EntryPoint& e : catalog::EntryPoints()) {
    if (e.call_half[0] == nullptr) continue;
    const float* p = e.valid_params.data();
    for (int kind : {catalog::kBf16, catalog::kF16}) {
      for (size_t n : sizes) {
        std::vector<uint16_t> want(n);
        ASSERT_EQ(e.call_half[kind](in0.data(), in1.data(), want.data(), n, p),
                  ACTKERN_OK)
            << e.name;
        for (size_t k = 0; k < execs.size(); ++k) {
          std::vector<uint16_t> got(n, 0x5A5A);
          ASSERT_EQ(e.call_half_par[kind](execs.exec(k), in0.data(), in1.data(),
                                          got.data(), n, p),
                    ACTKERN_OK)
              << e.name;
          const size_t d = first_difference(kind, want, got);
          ASSERT_EQ(d, SIZE_MAX)
              << e.name << " " << catalog::HalfName(kind) << " n=" << n << " "
              << execs.name(k) << " first difference at " << d;
        }
      }
    }
  }
}

TEST_P(Parallel, NullExecIsThePlainCall) {
  const size_t n = 3 * kChunk + 5;
  const std::vector<float> in0 = Inputs(n, 3, 2), in1 = Inputs(n, 4, 0);
  for (const catalog::EntryPoint& e : catalog::EntryPoints()) {
    std::vector<float> want(n), got(n);
    ASSERT_EQ(
        e.call(in0.data(), in1.data(), want.data(), n, e.valid_params.data()),
        ACTKERN_OK);
    ASSERT_EQ(e.call_par(nullptr, in0.data(), in1.data(), got.data(), n,
                         e.valid_params.data()),
              ACTKERN_OK);
    EXPECT_EQ(FirstDifference(want, got), SIZE_MAX) << e.name;
  }
}

// Errors: the same status as the plain call, no task run, nothing written.
TEST_P(Parallel, ElementwiseErrorsBeforeAnyTask) {
  const size_t n = 3 * kChunk + 7;
  std::vector<float> in0 = Inputs(n + 1, 5, 1), in1 = Inputs(n, 6, 0);
  for (const catalog::EntryPoint& e : catalog::EntryPoints()) {
    const float* p = e.valid_params.data();
    struct Case {
      const char* what;
      const float* a;
      const float* b;
      float* out;
      std::vector<float> params;
    };
    std::vector<float> out(n + 1, 777.0f);
    std::vector<Case> cases = {
        {"null input", nullptr, in1.data(), out.data(), e.valid_params},
        {"null output", in0.data(), in1.data(), nullptr, e.valid_params},
        {"overlap", in0.data(), in1.data(), in0.data() + 1, e.valid_params},
    };
    if (e.backward)
      cases.push_back(
          {"null dy", in0.data(), nullptr, out.data(), e.valid_params});
    if (!e.valid_params.empty()) {
      std::vector<float> bad = e.valid_params;
      bad[0] = NAN;
      cases.push_back({"NaN parameter", nullptr, in1.data(), out.data(), bad});
    }
    for (const Case& c : cases) {
      const std::vector<float> in0_before = in0;
      const actkern_status want = e.call(c.a, c.b, c.out, n, c.params.data());
      ASSERT_NE(want, ACTKERN_OK) << e.name << " " << c.what;
      RecordingPool pool;
      const actkern_exec exec{&RecordingPool::ParallelFor, &pool, 4};
      EXPECT_EQ(e.call_par(&exec, c.a, c.b, c.out, n, c.params.data()), want)
          << e.name << " " << c.what;
      EXPECT_EQ(pool.calls.load(), 0u) << e.name << " " << c.what;
      EXPECT_EQ(pool.tasks.load(), 0u) << e.name << " " << c.what;
      for (float v : out) ASSERT_EQ(v, 777.0f) << e.name << " " << c.what;
      ASSERT_EQ(FirstDifference(in0, in0_before), SIZE_MAX)
          << e.name << " " << c.what;
    }
    (void)p;
  }
}

TEST_P(Parallel, SmallCallsNeverCallThePool) {
  const std::vector<float> in0 = Inputs(4 * kChunk, 7, 1),
                           in1 = Inputs(4 * kChunk, 8, 0);
  for (const catalog::EntryPoint& e : catalog::EntryPoints()) {
    RecordingPool pool;
    const actkern_exec exec{&RecordingPool::ParallelFor, &pool, 8};
    std::vector<float> out(4 * kChunk);
    for (size_t n :
         {size_t{0}, size_t{1}, size_t{1024}, size_t{4096}, kChunk}) {
      ASSERT_EQ(e.call_par(&exec, in0.data(), in1.data(), out.data(), n,
                           e.valid_params.data()),
                ACTKERN_OK);
    }
    EXPECT_EQ(pool.calls.load(), 0u) << e.name;
    // One thread: inline, whatever the size.
    const actkern_exec one{&RecordingPool::ParallelFor, &pool, 1};
    ASSERT_EQ(e.call_par(&one, in0.data(), in1.data(), out.data(), 4 * kChunk,
                         e.valid_params.data()),
              ACTKERN_OK);
    EXPECT_EQ(pool.calls.load(), 0u) << e.name;
    // Above one chunk: one parallel_for, one task per chunk.
    ASSERT_EQ(e.call_par(&exec, in0.data(), in1.data(), out.data(), 4 * kChunk,
                         e.valid_params.data()),
              ACTKERN_OK);
    EXPECT_EQ(pool.calls.load(), 1u) << e.name;
    EXPECT_EQ(pool.tasks.load(), 4u) << e.name;
  }
}

// A C++ callable as the pool (ExecOf): two std::threads per call, even and
// odd tasks.
TEST_P(Parallel, CxxCallablePool) {
  size_t calls = 0;
  auto two_threads = [&calls](size_t count, const Task& task) {
    ++calls;
    std::thread other([&] {
      for (size_t i = 1; i < count; i += 2) task(i);
    });
    for (size_t i = 0; i < count; i += 2) task(i);
    other.join();
  };
  const auto exec = MakeExec(two_threads, 2);
  const size_t n = 5 * kChunk + 3;
  const std::vector<float> x = Inputs(n, 9, 2);
  std::vector<float> want(n), got(n);
  ASSERT_EQ(Silu(x.data(), want.data(), n), Status::kOk);
  ASSERT_EQ(Silu(exec, x.data(), got.data(), n), Status::kOk);
  EXPECT_EQ(FirstDifference(want, got), SIZE_MAX);
  ASSERT_EQ(Swish(exec, x.data(), got.data(), n, 1.5f), Status::kOk);
  ASSERT_EQ(Swish(x.data(), want.data(), n, 1.5f), Status::kOk);
  EXPECT_EQ(FirstDifference(want, got), SIZE_MAX);
  EXPECT_EQ(calls, 2u);
  std::vector<float> y(64 * 1000), w(64 * 1000);
  const std::vector<float> z = Inputs(64 * 1000, 10, 3);
  ASSERT_EQ(Softmax(z.data(), 1000, w.data(), 1000, 64, 1000), Status::kOk);
  ASSERT_EQ(Softmax(exec, z.data(), 1000, y.data(), 1000, 64, 1000),
            Status::kOk);
  EXPECT_EQ(FirstDifference(w, y), SIZE_MAX);
  EXPECT_EQ(calls, 3u);
}

// ---------------------------------------------------------------- rows

// One function of the softmax family on a rows x cols problem, plain (exec
// unused when plain) or parallel, into `out` (every output concatenated).
using LocalRowCall = std::function<actkern_status(
    const actkern_exec* exec, bool par, std::vector<float>* out)>;

struct LocalRowCase {
  std::string name;
  LocalRowCall call;
};

// Shapes: a single chunk, several, ranges of several rows, the 256-range cap.
struct Shape {
  size_t rows, cols;
};
// ACTKERN_TEST_POOLS=short: the same kinds of split with a tenth of the
// elements (7 rows of 4099 columns still span two chunks).
std::vector<Shape> RowShapes() {
  if (ShortPoolSet())
    return {{1, 1}, {3, 1000}, {7, 4099}, {1000, 3}, {20001, 1}};
  return {{1, 1}, {3, 1000}, {37, 4099}, {1000, 33}, {70001, 1}, {19, 16385}};
}

std::vector<LocalRowCase> LocalRowCases(size_t rows, size_t cols) {
  const size_t stride = cols + 3;  // strided rows: the padding must stay
  auto z =
      std::make_shared<std::vector<float>>(Inputs(rows * stride, 11 + rows, 3));
  auto t = std::make_shared<std::vector<float>>(rows * stride);
  auto labels = std::make_shared<std::vector<int32_t>>(rows);
  {
    Rng rng(rows * 7 + cols);
    for (size_t i = 0; i < t->size(); ++i)
      (*t)[i] = static_cast<float>(rng.Below(5)) * 0.25f;
    for (size_t r = 0; r < rows; ++r) {
      (*labels)[r] =
          r % 11 == 5
              ? -100
              : static_cast<int32_t>(rng.Below(static_cast<uint32_t>(cols)));
    }
  }
  const size_t footprint = (rows - 1) * stride + cols;
  std::vector<LocalRowCase> cases;
  for (bool log : {false, true}) {
    for (float scale : {1.0f, 0.7f}) {
      cases.push_back(
          {std::string(log ? "log_softmax" : "softmax") +
               (scale != 1.0f ? "_scaled" : ""),
           [=](const actkern_exec* e, bool par, std::vector<float>* out) {
             out->assign(rows * stride, -5.0f);
             float* y = out->data();
             if (log) {
               return par ? actkern_log_softmax_f32_par(e, z->data(), stride, y,
                                                        stride, rows, cols,
                                                        scale)
                          : actkern_log_softmax_f32(z->data(), stride, y,
                                                    stride, rows, cols, scale);
             }
             return par ? actkern_softmax_f32_par(e, z->data(), stride, y,
                                                  stride, rows, cols, scale)
                        : actkern_softmax_f32(z->data(), stride, y, stride,
                                              rows, cols, scale);
           }});
    }
    cases.push_back(
        {std::string(log ? "log_softmax" : "softmax") + "_backward",
         [=](const actkern_exec* e, bool par, std::vector<float>* out) {
           out->assign(rows * stride, -5.0f);
           const float* y = t->data();
           const float* dy = z->data();
           float* dx = out->data();
           if (log) {
             return par ? actkern_log_softmax_backward_f32_par(
                              e, y, stride, dy, stride, dx, stride, rows, cols)
                        : actkern_log_softmax_backward_f32(
                              y, stride, dy, stride, dx, stride, rows, cols);
           }
           return par ? actkern_softmax_backward_f32_par(
                            e, y, stride, dy, stride, dx, stride, rows, cols)
                      : actkern_softmax_backward_f32(y, stride, dy, stride, dx,
                                                     stride, rows, cols);
         }});
  }
  for (actkern_reduction red : {ACTKERN_REDUCTION_NONE, ACTKERN_REDUCTION_MEAN,
                                ACTKERN_REDUCTION_SUM}) {
    for (float eps : {0.0f, 0.1f}) {
      for (bool soft : {false, true}) {
        for (bool grad : {false, true}) {
          const std::string name =
              std::string(soft ? "ce_soft" : "ce") + "_red" +
              std::to_string(static_cast<int>(red)) +
              (eps != 0 ? "_smooth" : "") + (grad ? "_grad" : "");
          cases.push_back(
              {name,
               [=](const actkern_exec* e, bool par, std::vector<float>* out) {
                 const size_t n_loss = red == ACTKERN_REDUCTION_NONE ? rows : 1;
                 out->assign(n_loss + (grad ? rows * stride : 0), -5.0f);
                 float* loss = out->data();
                 float* g = grad ? out->data() + n_loss : nullptr;
                 if (soft) {
                   return par ? actkern_softmax_cross_entropy_soft_f32_par(
                                    e, z->data(), stride, t->data(), stride,
                                    loss, g, stride, rows, cols, eps, red)
                              : actkern_softmax_cross_entropy_soft_f32(
                                    z->data(), stride, t->data(), stride, loss,
                                    g, stride, rows, cols, eps, red);
                 }
                 return par ? actkern_softmax_cross_entropy_f32_par(
                                  e, z->data(), stride, labels->data(), loss, g,
                                  stride, rows, cols, -100, eps, red)
                            : actkern_softmax_cross_entropy_f32(
                                  z->data(), stride, labels->data(), loss, g,
                                  stride, rows, cols, -100, eps, red);
               }});
        }
      }
    }
  }
  (void)footprint;
  return cases;
}

TEST_P(Parallel, RowsBitIdenticalForEveryPool) {
  const Execs& execs = AllExecs();
  for (const Shape& s : RowShapes()) {
    for (const LocalRowCase& c : LocalRowCases(s.rows, s.cols)) {
      std::vector<float> want, got;
      ASSERT_EQ(c.call(nullptr, false, &want), ACTKERN_OK) << c.name;
      for (size_t k = 0; k < execs.size(); ++k) {
        ASSERT_EQ(c.call(execs.exec(k), true, &got), ACTKERN_OK) << c.name;
        const size_t d = FirstDifference(want, got);
        ASSERT_EQ(d, SIZE_MAX)
            << c.name << " " << s.rows << "x" << s.cols << " " << execs.name(k)
            << " first difference at " << d;
      }
    }
  }
}

// Every row kernel of the hardening catalogue (tests/hardening/row_kernels.h:
// every softmax-family entry point with each parameter choice whose code
// path differs), strided, through its _par form: the plain call's outputs,
// losses and untouched stride gaps, for every pool.
TEST_P(Parallel, RowCatalogueBitIdenticalForEveryPool) {
  const Execs& execs = AllExecs();
  const Shape shapes[] = {{3, 1000}, {37, 4099}, {1000, 33}, {19, 16385}};
  for (const RowKernel& k : RowKernels()) {
    for (const Shape& s : shapes) {
      const size_t stride = s.cols + 3;
      const std::vector<float> raw_a = Inputs(s.rows * s.cols, 51 + s.cols, 3);
      const std::vector<float> raw_b = Inputs(s.rows * s.cols, 52 + s.cols, 0);
      RowCall want(k, s.rows, s.cols, stride, raw_a, raw_b, 53, -7.0f);
      ASSERT_EQ(k.Run(want.Args()), ACTKERN_OK) << k.name;
      for (size_t e = 0; e < execs.size(); ++e) {
        RowCall got(k, s.rows, s.cols, stride, raw_a, raw_b, 53, -7.0f);
        RowArgs args = got.Args();
        args.par = true;
        args.exec = execs.exec(e);
        ASSERT_EQ(k.Run(args), ACTKERN_OK) << k.name;
        ASSERT_EQ(FirstDifference(want.out, got.out), SIZE_MAX)
            << k.name << " " << s.rows << "x" << s.cols << " " << execs.name(e);
        ASSERT_EQ(FirstDifference(want.loss, got.loss), SIZE_MAX)
            << k.name << " loss " << s.rows << "x" << s.cols << " "
            << execs.name(e);
      }
    }
  }
}

TEST_P(Parallel, RowErrorsBeforeAnyTask) {
  const size_t rows = 64, cols = 1000;
  std::vector<float> z = Inputs(rows * cols, 21, 2);
  std::vector<int32_t> labels(rows, 3);
  labels[rows - 1] = static_cast<int32_t>(cols);  // out of range, last row
  std::vector<float> out(rows * cols, 777.0f), loss(rows, 777.0f);
  RecordingPool pool;
  const actkern_exec exec{&RecordingPool::ParallelFor, &pool, 4};
  auto untouched = [&] {
    for (float v : out)
      if (v != 777.0f) return false;
    for (float v : loss)
      if (v != 777.0f) return false;
    return true;
  };
  // Each: (plain status, parallel status).
  struct Pair {
    const char* what;
    actkern_status plain, par;
  };
  const Pair pairs[] = {
      {"softmax null",
       actkern_softmax_f32(nullptr, cols, out.data(), cols, rows, cols, 1.0f),
       actkern_softmax_f32_par(&exec, nullptr, cols, out.data(), cols, rows,
                               cols, 1.0f)},
      {"softmax stride",
       actkern_softmax_f32(z.data(), cols - 1, out.data(), cols, rows, cols,
                           1.0f),
       actkern_softmax_f32_par(&exec, z.data(), cols - 1, out.data(), cols,
                               rows, cols, 1.0f)},
      {"softmax overlap",
       actkern_softmax_f32(z.data(), cols, z.data() + 1, cols, rows, cols,
                           1.0f),
       actkern_softmax_f32_par(&exec, z.data(), cols, z.data() + 1, cols, rows,
                               cols, 1.0f)},
      {"softmax scale",
       actkern_softmax_f32(nullptr, cols, out.data(), cols, rows, cols, NAN),
       actkern_softmax_f32_par(&exec, nullptr, cols, out.data(), cols, rows,
                               cols, NAN)},
      {"long row null",
       actkern_log_softmax_f32(z.data(), 1 << 20, nullptr, 1 << 20, 1, 1 << 20,
                               1.0f),
       actkern_log_softmax_f32_par(&exec, z.data(), 1 << 20, nullptr, 1 << 20,
                                   1, 1 << 20, 1.0f)},
      {"backward overlap",
       actkern_softmax_backward_f32(z.data(), cols, z.data(), cols,
                                    z.data() + 2, cols, rows, cols),
       actkern_softmax_backward_f32_par(&exec, z.data(), cols, z.data(), cols,
                                        z.data() + 2, cols, rows, cols)},
      {"ce label",
       actkern_softmax_cross_entropy_f32(
           z.data(), cols, labels.data(), loss.data(), out.data(), cols, rows,
           cols, -100, 0.0f, ACTKERN_REDUCTION_NONE),
       actkern_softmax_cross_entropy_f32_par(
           &exec, z.data(), cols, labels.data(), loss.data(), out.data(), cols,
           rows, cols, -100, 0.0f, ACTKERN_REDUCTION_NONE)},
      {"ce reduction",
       actkern_softmax_cross_entropy_f32(
           z.data(), cols, labels.data(), loss.data(), out.data(), cols, rows,
           cols, -100, 0.0f, (actkern_reduction)7),
       actkern_softmax_cross_entropy_f32_par(
           &exec, z.data(), cols, labels.data(), loss.data(), out.data(), cols,
           rows, cols, -100, 0.0f, (actkern_reduction)7)},
      {"ce soft loss overlap",
       actkern_softmax_cross_entropy_soft_f32(
           z.data(), cols, z.data(), cols, z.data() + 5, nullptr, 0, rows, cols,
           0.0f, ACTKERN_REDUCTION_MEAN),
       actkern_softmax_cross_entropy_soft_f32_par(
           &exec, z.data(), cols, z.data(), cols, z.data() + 5, nullptr, 0,
           rows, cols, 0.0f, ACTKERN_REDUCTION_MEAN)},
  };
  for (const Pair& p : pairs) {
    EXPECT_NE(p.plain, ACTKERN_OK) << p.what;
    EXPECT_EQ(p.par, p.plain) << p.what;
  }
  EXPECT_EQ(pool.calls.load(), 0u);
  EXPECT_EQ(pool.tasks.load(), 0u);
  EXPECT_TRUE(untouched());
}

TEST_P(Parallel, SmallRowCallsNeverCallThePool) {
  RecordingPool pool;
  const actkern_exec exec{&RecordingPool::ParallelFor, &pool, 8};
  const std::vector<float> z = Inputs(16 * 1024, 31, 2);
  std::vector<float> y(16 * 1024), loss(16);
  std::vector<int32_t> labels(16, 1);
  const Shape small[] = {
      {1, 1000}, {1, 16384}, {16, 1024}, {4, 4096}, {16384, 1}};
  for (const Shape& s : small) {
    ASSERT_EQ(actkern_softmax_f32_par(&exec, z.data(), s.cols, y.data(), s.cols,
                                      s.rows, s.cols, 1.0f),
              ACTKERN_OK);
    ASSERT_EQ(actkern_log_softmax_backward_f32_par(&exec, z.data(), s.cols,
                                                   z.data(), s.cols, y.data(),
                                                   s.cols, s.rows, s.cols),
              ACTKERN_OK);
    if (s.rows <= 16) {
      ASSERT_EQ(
          actkern_softmax_cross_entropy_f32_par(
              &exec, z.data(), s.cols, labels.data(), loss.data(), y.data(),
              s.cols, s.rows, s.cols, -100, 0.0f, ACTKERN_REDUCTION_MEAN),
          ACTKERN_OK);
    }
  }
  EXPECT_EQ(pool.calls.load(), 0u);
}

// ---------------------------------------------------------------- long rows

TEST_P(Parallel, LongRowsBitIdenticalAcrossPoolsAndCloseToPlain) {
  const Execs& execs = AllExecs();
  const size_t cols = ACTKERN_PAR_LONG_ROW_COLS + 12345;  // 5 blocks of 16 Ki
  const std::vector<float> x = Inputs(2 * cols, 41, 3, true);
  std::vector<float> special = Inputs(cols, 42, 3, true);
  special[cols / 2] = INFINITY;
  std::vector<float> with_nan = Inputs(cols, 43, 3, true);
  with_nan[cols - 1] = NAN;
  // Both tiers (fast: the _fast_f32 entry points).
  for (int tier = 0; tier < 4; ++tier) {
    const bool log = (tier & 1) != 0, fast = (tier & 2) != 0;
    const auto plain_fn =
        fast ? (log ? actkern_log_softmax_fast_f32 : actkern_softmax_fast_f32)
             : (log ? actkern_log_softmax_f32 : actkern_softmax_f32);
    const auto par_fn =
        fast ? (log ? actkern_log_softmax_fast_f32_par
                    : actkern_softmax_fast_f32_par)
             : (log ? actkern_log_softmax_f32_par : actkern_softmax_f32_par);
    for (float scale : {1.0f, -0.5f}) {
      auto run = [&](const actkern_exec* e, bool par, const float* in,
                     size_t rows, std::vector<float>* out) {
        out->assign(rows * cols, 0.0f);
        return par ? par_fn(e, in, cols, out->data(), cols, rows, cols, scale)
                   : plain_fn(in, cols, out->data(), cols, rows, cols, scale);
      };
      std::vector<float> plain, first, got;
      ASSERT_EQ(run(nullptr, false, x.data(), 2, &plain), ACTKERN_OK);
      ASSERT_EQ(run(nullptr, true, x.data(), 2, &first), ACTKERN_OK);
      for (size_t k = 0; k < execs.size(); ++k) {
        ASSERT_EQ(run(execs.exec(k), true, x.data(), 2, &got), ACTKERN_OK);
        ASSERT_EQ(FirstDifference(first, got), SIZE_MAX)
            << execs.name(k) << " log=" << log << " fast=" << fast;
      }
      // Many rows: rows go in groups of whole rows' blocks (here 51 rows of 5
      // blocks per group, so two groups).
      {
        const size_t rows = 60;
        const std::vector<float> many = Inputs(rows * cols, 44, 2, true);
        std::vector<float> ref, other;
        ASSERT_EQ(run(nullptr, true, many.data(), rows, &ref), ACTKERN_OK);
        // (The short pool set has three contexts: indices are capped.)
        for (size_t k : {size_t{1}, std::min<size_t>(7, execs.size() - 1),
                         execs.size() - 2, execs.size() - 1}) {
          ASSERT_EQ(run(execs.exec(k), true, many.data(), rows, &other),
                    ACTKERN_OK);
          ASSERT_EQ(FirstDifference(ref, other), SIZE_MAX)
              << execs.name(k) << " 60 rows";
        }
      }
      // Within 1 ULP of the plain call (the sums are grouped differently).
      int64_t worst = 0;
      for (size_t i = 0; i < plain.size(); ++i) {
        const int64_t d = static_cast<int64_t>(ToBits(plain[i])) -
                          static_cast<int64_t>(ToBits(first[i]));
        worst = std::max(worst, d < 0 ? -d : d);
      }
      EXPECT_LE(worst, 1) << "log=" << log << " scale=" << scale;
      // Non-finite rows: the plain call's fallback, the same bits.
      // (With scale < 0 the +inf becomes -inf: an ordinary row.)
      for (const std::vector<float>* in : {&special, &with_nan}) {
        if (in == &special && scale < 0.0f) continue;
        ASSERT_EQ(run(nullptr, false, in->data(), 1, &plain), ACTKERN_OK);
        ASSERT_EQ(run(execs.exec(std::min<size_t>(3, execs.size() - 1)), true,
                      in->data(), 1, &got),
                  ACTKERN_OK);
        const size_t d = FirstDifference(plain, got);
        EXPECT_EQ(d, SIZE_MAX) << "log=" << log << " scale=" << scale
                               << " nan=" << (in == &with_nan) << " "
                               << (d < plain.size() ? plain[d] : 0.0f) << " vs "
                               << (d < got.size() ? got[d] : 0.0f);
      }
      // In place.
      std::vector<float> inplace(x.begin(), x.begin() + cols);
      const actkern_exec* e = execs.exec(1);
      ASSERT_EQ(
          par_fn(e, inplace.data(), cols, inplace.data(), cols, 1, cols, scale),
          ACTKERN_OK);
      EXPECT_EQ(
          FirstDifference(
              std::vector<float>(first.begin(), first.begin() + cols), inplace),
          SIZE_MAX);
    }
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(Parallel);

}  // namespace
}  // namespace test
}  // namespace actkern
