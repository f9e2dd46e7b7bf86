// softmax family throughput. In the same binary, for every shape:
//  - softmax / log_softmax on every runnable target (actkern_set_max_target);
//  - actkern exp over the same number of elements (the cost floor of the
//    cache-resident algorithm: one exp pass);
//  - a plain read-twice-write-once kernel (sum a row, then write x * c): the
//    bandwidth bound of a one-read-pass (online-normaliser) softmax, 12 bytes
//    per element;
//  - fused cross-entropy against log_softmax followed by a gather;
//  - at 1 x 16 Ki, the naive std:: loop softmax;
//  - long rows, 1 x N up to 32 Mi: softmax against that bound;
//  - masked rows (actkern_softmax_masked_f32 and _fast, per target):
//    "softmax_masked_lengths" (lengths[r] = 1 + splitmix64(r) mod cols,
//    random in [1, cols]), "softmax_masked_causal" (causal_offset 0; shapes
//    with more than one row) and "softmax_masked_none" (every length ==
//    cols: the masked entry point doing the unmasked work, against
//    "softmax" at the same shape); log_softmax_masked_lengths / _causal on
//    the dispatched target; at every shape above plus 2048 x 2048 (where
//    softmax itself is timed too). Counters: valid_frac, the fraction of
//    elements not masked, and valid_items, unmasked elements per second
//    (if masked elements cost nothing, valid_items of lengths / causal
//    matches items of "softmax" at the same shape);
//  - logsumexp (actkern_logsumexp_f32, per target) at the same shapes (an
//    in-place shape is timed as that shape: the output is a float a row);
//  - every row entry point called by name as a user calls it, 128 x 128 on
//    the dispatched target: "entry/<name>" (the elementwise ones are in
//    elementwise_bench; the masked ones with random lengths).
// Items are the elements of the full matrix, masked ones included; bytes
// count one read and one write per element (logsumexp: one read).
// Compare cases only within one run (shared, noisy machines):
//   softmax_bench --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true
//     --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <stdint.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

namespace {

struct Shape {
  size_t rows, cols;
  bool in_place;
  std::string Name() const {
    return std::to_string(rows) + "x" + std::to_string(cols) +
           (in_place ? "_inplace" : "");
  }
};

std::vector<float> Logits(size_t n) {
  std::mt19937 rng(123);
  std::normal_distribution<float> dist(0.0f, 3.0f);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

void SetCounters(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 8));
}

class TargetScope {
 public:
  explicit TargetScope(const std::string& t) {
    ok_ = t.empty() || actkern_set_max_target(t.c_str()) == ACTKERN_OK;
  }
  ~TargetScope() { actkern_set_max_target(nullptr); }
  bool ok() const { return ok_; }

 private:
  bool ok_;
};

// The timed loop of every shape case: `body` per iteration, `out` kept
// alive, then the counters of n elements per iteration.
template <class Body>
void TimeRows(benchmark::State& state, size_t n, const void* out,
              const Body& body) {
  for (auto _ : state) {
    body();
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  SetCounters(state, n);
}

// One hard label a row, spread over the classes.
std::vector<int32_t> Labels(const Shape& s) {
  std::vector<int32_t> labels(s.rows);
  for (size_t r = 0; r < s.rows; ++r)
    labels[r] = static_cast<int32_t>(r * 7 % s.cols);
  return labels;
}

// fast: the fast tier's entry points (actkern_softmax_fast_f32 ...).
void BM_Softmax(benchmark::State& state, Shape s, std::string target, bool log,
                bool fast) {
  const size_t n = s.rows * s.cols;
  auto x = Logits(n);
  std::vector<float> y(s.in_place ? 0 : n);
  float* out = s.in_place ? x.data() : y.data();
  TargetScope scope(target);
  if (!scope.ok()) return state.SkipWithError("target not runnable");
  const auto f =
      fast ? (log ? actkern_log_softmax_fast_f32 : actkern_softmax_fast_f32)
           : (log ? actkern_log_softmax_f32 : actkern_softmax_f32);
  TimeRows(state, n, out, [&] {
    // In place: softmax of a softmax is still a well-formed input.
    f(x.data(), s.cols, out, s.cols, s.rows, s.cols, 1.0f);
  });
}

void BM_Exp(benchmark::State& state, Shape s) {
  const size_t n = s.rows * s.cols;
  auto x = Logits(n);
  for (float& v : x) v = -std::fabs(v);
  std::vector<float> y(n);
  TimeRows(state, n, y.data(), [&] { actkern_exp_f32(x.data(), y.data(), n); });
}

// f(x_row, y_row) for every row of a dense rows x cols pair.
// Times row(x_row, y_row) over every row of dense random logits of shape s.
template <class F>
void TimeEveryRow(benchmark::State& state, const Shape& s, const F& row) {
  const size_t n = s.rows * s.cols;
  const auto x = Logits(n);
  std::vector<float> y(n);
  TimeRows(state, n, y.data(), [&] {
    for (size_t r = 0; r < s.rows; ++r) {
      row(x.data() + r * s.cols, y.data() + r * s.cols);
    }
  });
}

// The bandwidth bound: per row, one read pass (a sum) and one read-and-write
// pass (y = x * c), the traffic of a one-read-pass softmax.
void BM_ReadTwiceWriteOnce(benchmark::State& state, Shape s) {
  TimeEveryRow(state, s, [&](const float* xr, float* yr) {
    float acc[16] = {};
    size_t i = 0;
    for (; i + 16 <= s.cols; i += 16) {
      for (size_t j = 0; j < 16; ++j) acc[j] += xr[i + j];
    }
    float sum = 0.0f;
    for (; i < s.cols; ++i) sum += xr[i];
    for (size_t j = 0; j < 16; ++j) sum += acc[j];
    const float c = 1.0f / (sum + 1.0f);
    for (size_t k = 0; k < s.cols; ++k) yr[k] = xr[k] * c;
  });
}

void BM_CrossEntropy(benchmark::State& state, Shape s, bool grad, bool fast) {
  const size_t n = s.rows * s.cols;
  const auto x = Logits(n);
  const std::vector<int32_t> labels = Labels(s);
  std::vector<float> loss(s.rows), g(grad ? n : 0);
  const auto f = fast ? actkern_softmax_cross_entropy_fast_f32
                      : actkern_softmax_cross_entropy_f32;
  TimeRows(state, n, loss.data(), [&] {
    f(x.data(), s.cols, labels.data(), loss.data(), grad ? g.data() : nullptr,
      s.cols, s.rows, s.cols, -100, 0.0f, ACTKERN_REDUCTION_NONE);
  });
}

void BM_LogSoftmaxGather(benchmark::State& state, Shape s) {
  const size_t n = s.rows * s.cols;
  const auto x = Logits(n);
  const std::vector<int32_t> labels = Labels(s);
  std::vector<float> y(n), loss(s.rows);
  TimeRows(state, n, loss.data(), [&] {
    actkern_log_softmax_f32(x.data(), s.cols, y.data(), s.cols, s.rows, s.cols,
                            1.0f);
    for (size_t r = 0; r < s.rows; ++r) loss[r] = -y[r * s.cols + labels[r]];
  });
}

void BM_NaiveSoftmax(benchmark::State& state, Shape s) {
  TimeEveryRow(state, s, [&](const float* xr, float* yr) {
    const float m = *std::max_element(xr, xr + s.cols);
    float sum = 0.0f;
    for (size_t i = 0; i < s.cols; ++i) sum += (yr[i] = std::exp(xr[i] - m));
    for (size_t i = 0; i < s.cols; ++i) yr[i] /= sum;
  });
}

// ------------------------------------------------------------ masks
// lengths[r] = 1 + splitmix64(r) mod cols: random in [1, cols], the same as
// peers_bench's and scripts/torch_compare.py's.
std::vector<int64_t> RandomLengths(size_t rows, size_t cols) {
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

enum class Mask { kNone, kLengths, kCausal };

// The masked entry points; kNone passes lengths all == cols.
void BM_Masked(benchmark::State& state, Shape s, std::string target, Mask mask,
               bool log, bool fast) {
  const size_t n = s.rows * s.cols;
  auto x = Logits(n);
  std::vector<float> y(s.in_place ? 0 : n);
  float* out = s.in_place ? x.data() : y.data();
  std::vector<int64_t> lengths;
  if (mask == Mask::kLengths) lengths = RandomLengths(s.rows, s.cols);
  if (mask == Mask::kNone) lengths.assign(s.rows, static_cast<int64_t>(s.cols));
  const int32_t causal = mask == Mask::kCausal ? 1 : 0;
  size_t valid = 0;
  for (size_t r = 0; r < s.rows; ++r) {
    const size_t v =
        causal ? std::min(r + 1, s.cols) : static_cast<size_t>(lengths[r]);
    valid += v;
  }
  TargetScope scope(target);
  if (!scope.ok()) return state.SkipWithError("target not runnable");
  const auto f = fast ? (log ? actkern_log_softmax_masked_fast_f32
                             : actkern_softmax_masked_fast_f32)
                      : (log ? actkern_log_softmax_masked_f32
                             : actkern_softmax_masked_f32);
  const int64_t* len = lengths.empty() ? nullptr : lengths.data();
  TimeRows(state, n, out, [&] {
    // In place, as BM_Softmax (a log-softmax output's -inf at masked columns
    // is never read: masked columns are not).
    f(x.data(), s.cols, out, s.cols, s.rows, s.cols, 1.0f, len, causal, 0);
  });
  state.counters["valid_frac"] = static_cast<double>(valid) / n;
  state.counters["valid_items"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * valid,
                         benchmark::Counter::kIsRate);
}

void BM_LogSumExp(benchmark::State& state, Shape s, std::string target) {
  const size_t n = s.rows * s.cols;
  const auto x = Logits(n);
  std::vector<float> out(s.rows);
  TargetScope scope(target);
  if (!scope.ok()) return state.SkipWithError("target not runnable");
  TimeRows(state, n, out.data(), [&] {
    actkern_logsumexp_f32(x.data(), s.cols, out.data(), s.rows, s.cols, 1.0f);
  });
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * 4));
}

// The masked and logsumexp cases of shape s on targets (see the header).
void RegisterMaskedAndLse(const Shape& s,
                          const std::vector<std::string>& targets) {
  const std::string sn = s.Name();
  struct Kind {
    const char* name;
    Mask mask;
  };
  const Kind kinds[] = {{"lengths", Mask::kLengths},
                        {"causal", Mask::kCausal},
                        {"none", Mask::kNone}};
  for (const Kind& k : kinds) {
    if (k.mask == Mask::kCausal && s.rows == 1) continue;  // one element
    const std::string base = std::string("softmax_masked_") + k.name;
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark((base + "/" + sn + "/" + t).c_str(),
                                   BM_Masked, s, t, k.mask, false, false);
      benchmark::RegisterBenchmark((base + "_fast/" + sn + "/" + t).c_str(),
                                   BM_Masked, s, t, k.mask, false, true);
    }
    if (k.mask == Mask::kNone) continue;
    benchmark::RegisterBenchmark(("log_" + base + "/" + sn).c_str(), BM_Masked,
                                 s, std::string(), k.mask, true, false);
    benchmark::RegisterBenchmark(("log_" + base + "_fast/" + sn).c_str(),
                                 BM_Masked, s, std::string(), k.mask, true,
                                 true);
  }
  const Shape dense{s.rows, s.cols, false};
  for (const auto& t : targets) {
    benchmark::RegisterBenchmark(
        ("logsumexp/" + dense.Name() + "/" + t).c_str(), BM_LogSumExp, dense,
        t);
  }
}

// ------------------------------------------------------------ by name
void BM_Entry(benchmark::State& state, std::function<actkern_status()> call,
              size_t items) {
  for (auto _ : state) {
    if (call() != ACTKERN_OK) {
      state.SkipWithError("call failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items));
}

// Every public row entry point, by name, on 128 x 128 Normal(0, 3) logits
// (the backward passes take them as y and dy: the speed does not depend on
// y being a real forward output).
void RegisterEntryPoints() {
  static constexpr size_t R = 128, C = 128, N = R * C;
  static std::vector<float> xs = Logits(N), dys = Logits(N), ys(N), dxs(N),
                            loss(R), targets(N, 1.0f / C);
  static std::vector<int32_t> labels(R);
  for (size_t r = 0; r < R; ++r) labels[r] = static_cast<int32_t>(r % C);
  const float* x = xs.data();
  const float* dy = dys.data();
  const float* t = targets.data();
  const int32_t* l = labels.data();
  float* y = ys.data();
  float* dx = dxs.data();
  float* lo = loss.data();
  auto reg = [](const char* name, std::function<actkern_status()> call) {
    benchmark::RegisterBenchmark((std::string("entry/") + name).c_str(),
                                 BM_Entry, call, N);
  };
  reg("actkern_softmax_f32",
      [=] { return actkern_softmax_f32(x, C, y, C, R, C, 1.0f); });
  reg("actkern_log_softmax_f32",
      [=] { return actkern_log_softmax_f32(x, C, y, C, R, C, 1.0f); });
  reg("actkern_softmax_backward_f32",
      [=] { return actkern_softmax_backward_f32(x, C, dy, C, dx, C, R, C); });
  reg("actkern_log_softmax_backward_f32", [=] {
    return actkern_log_softmax_backward_f32(x, C, dy, C, dx, C, R, C);
  });
  reg("actkern_softmax_cross_entropy_f32", [=] {
    return actkern_softmax_cross_entropy_f32(x, C, l, lo, dx, C, R, C, -100,
                                             0.0f, ACTKERN_REDUCTION_MEAN);
  });
  reg("actkern_softmax_cross_entropy_soft_f32", [=] {
    return actkern_softmax_cross_entropy_soft_f32(x, C, t, C, lo, dx, C, R, C,
                                                  0.0f, ACTKERN_REDUCTION_MEAN);
  });
  reg("actkern_softmax_fast_f32",
      [=] { return actkern_softmax_fast_f32(x, C, y, C, R, C, 1.0f); });
  reg("actkern_log_softmax_fast_f32",
      [=] { return actkern_log_softmax_fast_f32(x, C, y, C, R, C, 1.0f); });
  reg("actkern_softmax_cross_entropy_fast_f32", [=] {
    return actkern_softmax_cross_entropy_fast_f32(
        x, C, l, lo, dx, C, R, C, -100, 0.0f, ACTKERN_REDUCTION_MEAN);
  });
  reg("actkern_softmax_cross_entropy_soft_fast_f32", [=] {
    return actkern_softmax_cross_entropy_soft_fast_f32(
        x, C, t, C, lo, dx, C, R, C, 0.0f, ACTKERN_REDUCTION_MEAN);
  });
  static const std::vector<int64_t> lengths = RandomLengths(R, C);
  const int64_t* len = lengths.data();
  reg("actkern_softmax_masked_f32", [=] {
    return actkern_softmax_masked_f32(x, C, y, C, R, C, 1.0f, len, 0, 0);
  });
  reg("actkern_log_softmax_masked_f32", [=] {
    return actkern_log_softmax_masked_f32(x, C, y, C, R, C, 1.0f, len, 0, 0);
  });
  reg("actkern_softmax_masked_fast_f32", [=] {
    return actkern_softmax_masked_fast_f32(x, C, y, C, R, C, 1.0f, len, 0, 0);
  });
  reg("actkern_log_softmax_masked_fast_f32", [=] {
    return actkern_log_softmax_masked_fast_f32(x, C, y, C, R, C, 1.0f, len, 0,
                                               0);
  });
  reg("actkern_logsumexp_f32",
      [=] { return actkern_logsumexp_f32(x, C, lo, R, C, 1.0f); });
  // The 16-bit rows: logits rounded to the type once, outside the timing.
  static std::vector<uint16_t> h16[2], o16(N), d16(N);
  for (int k = 0; k < 2; ++k) {
    h16[k].resize(N);
    for (size_t i = 0; i < N; ++i) {
      h16[k][i] = k == 0 ? actkern_bf16_from_double(xs[i])
                         : actkern_f16_from_double(xs[i]);
    }
  }
  const uint16_t* hb = h16[0].data();
  const uint16_t* hf = h16[1].data();
  uint16_t* o = o16.data();
  uint16_t* d = d16.data();
  reg("actkern_softmax_bf16",
      [=] { return actkern_softmax_bf16(hb, C, o, C, R, C, 1.0f); });
  reg("actkern_log_softmax_bf16",
      [=] { return actkern_log_softmax_bf16(hb, C, o, C, R, C, 1.0f); });
  reg("actkern_softmax_f16",
      [=] { return actkern_softmax_f16(hf, C, o, C, R, C, 1.0f); });
  reg("actkern_log_softmax_f16",
      [=] { return actkern_log_softmax_f16(hf, C, o, C, R, C, 1.0f); });
  reg("actkern_softmax_backward_bf16",
      [=] { return actkern_softmax_backward_bf16(hb, C, hb, C, d, C, R, C); });
  reg("actkern_log_softmax_backward_bf16", [=] {
    return actkern_log_softmax_backward_bf16(hb, C, hb, C, d, C, R, C);
  });
  reg("actkern_softmax_backward_f16",
      [=] { return actkern_softmax_backward_f16(hf, C, hf, C, d, C, R, C); });
  reg("actkern_log_softmax_backward_f16", [=] {
    return actkern_log_softmax_backward_f16(hf, C, hf, C, d, C, R, C);
  });
  reg("actkern_softmax_cross_entropy_bf16", [=] {
    return actkern_softmax_cross_entropy_bf16(hb, C, l, lo, d, C, R, C, -100,
                                              0.0f, ACTKERN_REDUCTION_MEAN);
  });
  reg("actkern_softmax_cross_entropy_f16", [=] {
    return actkern_softmax_cross_entropy_f16(hf, C, l, lo, d, C, R, C, -100,
                                             0.0f, ACTKERN_REDUCTION_MEAN);
  });
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<Shape> shapes = {
      {4096, 128, false},    {1024, 1000, false},  {128, 32000, false},
      {1, 256 << 10, false}, {1, 32 << 20, false}, {8192, 128, true},
      {1, 16 << 10, false}};
  const auto targets = actkern::catalog::RunnableTargets();
  for (const Shape& s : shapes) {
    const std::string sn = s.Name();
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("softmax/" + sn + "/" + t).c_str(),
                                   BM_Softmax, s, t, false, false);
      benchmark::RegisterBenchmark(("softmax_fast/" + sn + "/" + t).c_str(),
                                   BM_Softmax, s, t, false, true);
    }
    benchmark::RegisterBenchmark(("log_softmax/" + sn).c_str(), BM_Softmax, s,
                                 std::string(), true, false);
    benchmark::RegisterBenchmark(("log_softmax_fast/" + sn).c_str(), BM_Softmax,
                                 s, std::string(), true, true);
    benchmark::RegisterBenchmark(("exp_same_n/" + sn).c_str(), BM_Exp, s);
    benchmark::RegisterBenchmark(("read2_write1/" + sn).c_str(),
                                 BM_ReadTwiceWriteOnce, s);
    if (!s.in_place && s.rows > 1) {
      benchmark::RegisterBenchmark(("cross_entropy/" + sn).c_str(),
                                   BM_CrossEntropy, s, false, false);
      benchmark::RegisterBenchmark(("cross_entropy_grad/" + sn).c_str(),
                                   BM_CrossEntropy, s, true, false);
      benchmark::RegisterBenchmark(("cross_entropy_grad_fast/" + sn).c_str(),
                                   BM_CrossEntropy, s, true, true);
      benchmark::RegisterBenchmark(("log_softmax_gather/" + sn).c_str(),
                                   BM_LogSoftmaxGather, s);
    }
    if (s.cols == (16 << 10)) {
      benchmark::RegisterBenchmark(("naive_std_softmax/" + sn).c_str(),
                                   BM_NaiveSoftmax, s);
    }
  }
  for (const Shape& s : shapes) RegisterMaskedAndLse(s, targets);
  {
    // The 2048 x 2048 causal block, beside unmasked softmax at that shape.
    const Shape s{2048, 2048, false};
    for (const auto& t : targets) {
      benchmark::RegisterBenchmark(("softmax/" + s.Name() + "/" + t).c_str(),
                                   BM_Softmax, s, t, false, false);
      benchmark::RegisterBenchmark(
          ("softmax_fast/" + s.Name() + "/" + t).c_str(), BM_Softmax, s, t,
          false, true);
    }
    RegisterMaskedAndLse(s, targets);
  }
  // Long rows: softmax against the read-twice-write-once bound.
  for (size_t n : {size_t{32} << 10, size_t{128} << 10, size_t{256} << 10,
                   size_t{512} << 10, size_t{1} << 20, size_t{4} << 20,
                   size_t{32} << 20}) {
    const Shape s{1, n, false};
    benchmark::RegisterBenchmark(("long_row/" + s.Name()).c_str(), BM_Softmax,
                                 s, std::string(), false, false);
    benchmark::RegisterBenchmark(("long_row_fast/" + s.Name()).c_str(),
                                 BM_Softmax, s, std::string(), false, true);
    benchmark::RegisterBenchmark(("long_row_read2_write1/" + s.Name()).c_str(),
                                 BM_ReadTwiceWriteOnce, s);
  }
  RegisterEntryPoints();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
