// The error order of actkern/common.h, for every entry point of every family:
// the elementwise ones straight from the kernel table
// (catalog::EntryPoints()), the softmax family by hand. Each call is built
// from a combination of faults (bad parameter, no work, one NULL pointer,
// oversized footprint, partial overlap, bad label); every combination is
// tried, so the precedence between any two faults is checked, and the status
// must be the one of the first fault in the documented order. On any error,
// and for calls with no work, no byte of any buffer may change.
#include <stdint.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "catalog.h"
#include "gtest/gtest.h"

namespace actkern {
namespace test {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// The faults of one call.
struct Faults {
  bool bad_param = false;
  bool empty = false;     // n == 0, or rows == 0
  int null_slot = -1;     // index of the required pointer passed as NULL
  bool oversize = false;  // a footprint whose byte size overflows
  bool overlap = false;   // an output partially over another argument
  bool bad_label = false;
};

std::string Describe(const Faults& f) {
  std::ostringstream s;
  s << "bad_param=" << f.bad_param << " empty=" << f.empty
    << " null_slot=" << f.null_slot << " oversize=" << f.oversize
    << " overlap=" << f.overlap << " bad_label=" << f.bad_label;
  return s.str();
}

// The documented order (actkern/common.h). bad_label stands for the index
// check of step 6: a class label, or a masked softmax's row length, whose
// status is `index_status`.
actkern_status Expected(const Faults& f, actkern_status index_status =
                                             ACTKERN_ERROR_LABEL_OUT_OF_RANGE) {
  if (f.bad_param) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (f.empty) return ACTKERN_OK;
  if (f.null_slot >= 0) return ACTKERN_ERROR_NULL_POINTER;
  if (f.oversize) return ACTKERN_ERROR_INVALID_ARGUMENT;
  if (f.overlap) return ACTKERN_ERROR_OVERLAP;
  if (f.bad_label) return index_status;
  return ACTKERN_OK;
}

// Every buffer of a call lives in one arena (and the labels), filled with a
// canary so that any write shows.
struct Buffers {
  static constexpr size_t kFloats = 1024;
  std::vector<float> arena;
  std::vector<int32_t> labels;
  std::vector<int64_t> lengths;  // of a masked softmax
  Buffers() : arena(kFloats), labels{0, 4, -100}, lengths{5, 0, 3} {
    for (size_t i = 0; i < kFloats; ++i)
      arena[i] = 0.25f + static_cast<float>(i % 7);
  }
  float* At(size_t i) { return arena.data() + i; }
};

bool SameBytes(const Buffers& a, const Buffers& b) {
  return std::memcmp(a.arena.data(), b.arena.data(),
                     a.arena.size() * sizeof(float)) == 0 &&
         a.labels == b.labels && a.lengths == b.lengths;
}

// An entry point under test: how many pointers it requires, whether it has
// parameters and labels, and how to call it with given faults.
struct Subject {
  std::string name;
  int required_pointers;
  bool has_params;
  bool has_labels;  // labels, or a masked softmax's lengths
  std::function<actkern_status(const Faults&, Buffers*)> call;
  actkern_status index_status = ACTKERN_ERROR_LABEL_OUT_OF_RANGE;
};

// Elementwise: in0 at 0, in1 at 64, out at 128 (16 floats each), or out one
// float after in0 (overlap); n = SIZE_MAX / 4 overflows the byte count.
Subject Elementwise(const catalog::EntryPoint& e) {
  Subject s;
  s.name = e.name;
  s.required_pointers = e.backward ? 3 : 2;
  s.has_params = !e.valid_params.empty();
  s.has_labels = false;
  s.call = [e](const Faults& f, Buffers* b) {
    std::vector<float> params = e.valid_params;
    if (f.bad_param) params[0] = kNaN;
    const size_t n = f.empty ? 0 : f.oversize ? SIZE_MAX / 4 : 16;
    const float* in0 = b->At(0);
    const float* in1 = e.backward ? b->At(64) : nullptr;
    float* out = f.overlap ? b->At(1) : b->At(128);
    // Slots: in0, (in1,) out.
    const int out_slot = e.backward ? 2 : 1;
    if (f.null_slot == 0) in0 = nullptr;
    if (e.backward && f.null_slot == 1) in1 = nullptr;
    if (f.null_slot == out_slot) out = nullptr;
    return e.call(in0, in1, out, n, params.data());
  };
  return s;
}

std::vector<Subject> SoftmaxFamily() {
  constexpr size_t kRows = 3, kCols = 5;
  const size_t huge_stride = SIZE_MAX / 4;
  std::vector<Subject> out;
  // Both tiers of each forward entry point (fast: the _fast_f32 form).
  for (int fast = 0; fast < 2; ++fast) {
    for (int log = 0; log < 2; ++log) {
      const auto f =
          fast ? (log ? actkern_log_softmax_fast_f32 : actkern_softmax_fast_f32)
               : (log ? actkern_log_softmax_f32 : actkern_softmax_f32);
      const std::string name =
          std::string(log ? "log_softmax" : "softmax") + (fast ? "_fast" : "");
      out.push_back({name, 2, true, false, [=](const Faults& ft, Buffers* b) {
                       const float* x = ft.null_slot == 0 ? nullptr : b->At(0);
                       float* y = ft.null_slot == 1 ? nullptr
                                  : ft.overlap      ? b->At(1)
                                                    : b->At(64);
                       return f(x, ft.oversize ? huge_stride : kCols, y, kCols,
                                ft.empty ? 0 : kRows, kCols,
                                ft.bad_param ? kNaN : 1.0f);
                     }});
    }
  }
  for (int log = 0; log < 2; ++log) {
    const auto f =
        log ? actkern_log_softmax_backward_f32 : actkern_softmax_backward_f32;
    out.push_back({log ? "log_softmax_backward" : "softmax_backward", 3, false,
                   false, [=](const Faults& ft, Buffers* b) {
                     const float* y = ft.null_slot == 0 ? nullptr : b->At(0);
                     const float* dy = ft.null_slot == 1 ? nullptr : b->At(64);
                     float* dx = ft.null_slot == 2 ? nullptr
                                 : ft.overlap      ? b->At(66)
                                                   : b->At(128);
                     return f(y, kCols, dy, ft.oversize ? huge_stride : kCols,
                              dx, kCols, ft.empty ? 0 : kRows, kCols);
                   }});
  }
  for (int fast = 0; fast < 2; ++fast) {
    const auto hard = fast ? actkern_softmax_cross_entropy_fast_f32
                           : actkern_softmax_cross_entropy_f32;
    const auto soft = fast ? actkern_softmax_cross_entropy_soft_fast_f32
                           : actkern_softmax_cross_entropy_soft_f32;
    const std::string suffix = fast ? "_fast" : "";
    // Hard labels: z at 0, loss at 64 (kRows floats), grad at 128 or one float
    // into z (overlap), labels {0, 4, ignored}; a bad label is cols.
    out.push_back({"softmax_cross_entropy" + suffix, 3, true, true,
                   [=](const Faults& ft, Buffers* b) {
                     if (ft.bad_label)
                       b->labels[1] = static_cast<int32_t>(kCols);
                     const float* z = ft.null_slot == 0 ? nullptr : b->At(0);
                     const int32_t* labels =
                         ft.null_slot == 1 ? nullptr : b->labels.data();
                     float* loss = ft.null_slot == 2 ? nullptr : b->At(64);
                     float* grad = ft.overlap ? b->At(1) : b->At(128);
                     const actkern_status st = hard(
                         z, ft.oversize ? huge_stride : kCols, labels, loss,
                         grad, kCols, ft.empty ? 0 : kRows, kCols, -100,
                         ft.bad_param ? kNaN : 0.1f, ACTKERN_REDUCTION_NONE);
                     b->labels[1] = 4;  // the label array itself is compared
                     return st;
                   }});
    // Soft targets: z at 0, t at 32, loss at 64, grad at 128; overlap: loss
    // one float into t (loss may overlap nothing).
    out.push_back({"softmax_cross_entropy_soft" + suffix, 3, true, false,
                   [=](const Faults& ft, Buffers* b) {
                     const float* z = ft.null_slot == 0 ? nullptr : b->At(0);
                     const float* t = ft.null_slot == 1 ? nullptr : b->At(32);
                     float* loss = ft.null_slot == 2 ? nullptr
                                   : ft.overlap      ? b->At(33)
                                                     : b->At(64);
                     return soft(z, ft.oversize ? huge_stride : kCols, t, kCols,
                                 loss, b->At(128), kCols, ft.empty ? 0 : kRows,
                                 kCols, ft.bad_param ? kNaN : 0.0f,
                                 ACTKERN_REDUCTION_MEAN);
                   }});
  }
  // Masked rows, both tiers: x at 0, y at 64 or one float into x; lengths
  // {5, 0, 3} (a bad one: cols + 1), causal; scale is the parameter.
  for (int fast = 0; fast < 2; ++fast) {
    for (int log = 0; log < 2; ++log) {
      const auto f = fast ? (log ? actkern_log_softmax_masked_fast_f32
                                 : actkern_softmax_masked_fast_f32)
                          : (log ? actkern_log_softmax_masked_f32
                                 : actkern_softmax_masked_f32);
      Subject sub{std::string(log ? "log_softmax_masked" : "softmax_masked") +
                      (fast ? "_fast" : ""),
                  2, true, true, [=](const Faults& ft, Buffers* b) {
                    if (ft.bad_label) b->lengths[2] = kCols + 1;
                    const float* x = ft.null_slot == 0 ? nullptr : b->At(0);
                    float* y = ft.null_slot == 1 ? nullptr
                               : ft.overlap      ? b->At(1)
                                                 : b->At(64);
                    const actkern_status st =
                        f(x, ft.oversize ? huge_stride : kCols, y, kCols,
                          ft.empty ? 0 : kRows, kCols,
                          ft.bad_param ? kNaN : 1.0f, b->lengths.data(), 1, 1);
                    b->lengths[2] = 3;  // the lengths themselves are compared
                    return st;
                  }};
      sub.index_status = ACTKERN_ERROR_LENGTH_OUT_OF_RANGE;
      out.push_back(sub);
    }
  }
  // logsumexp: x at 0, out at 64 (kRows floats) or one float into x.
  out.push_back(
      {"logsumexp", 2, true, false, [=](const Faults& ft, Buffers* b) {
         const float* x = ft.null_slot == 0 ? nullptr : b->At(0);
         float* o = ft.null_slot == 1 ? nullptr
                    : ft.overlap      ? b->At(1)
                                      : b->At(64);
         return actkern_logsumexp_f32(x, ft.oversize ? huge_stride : kCols, o,
                                      ft.empty ? 0 : kRows, kCols,
                                      ft.bad_param ? kNaN : 1.0f);
       }});
  return out;
}

// Bias-fused (actkern/bias.h), every catalogued variant and tier: x at 0
// (3 x 5), bias at 32 (5 floats), y at 64 or over the bias (overlap); the
// parameters are the variant's, always valid.
Subject BiasFused(const catalog::UnaryKernel& k) {
  constexpr size_t kRows = 3, kCols = 5;
  const size_t huge_stride = SIZE_MAX / 4;
  Subject s;
  s.name = k.name + "_bias";
  s.required_pointers = 3;
  s.has_params = false;
  s.has_labels = false;
  s.call = [&k, huge_stride](const Faults& ft, Buffers* b) {
    const float* x = ft.null_slot == 0 ? nullptr : b->At(0);
    const float* bias = ft.null_slot == 1 ? nullptr : b->At(32);
    float* y = ft.null_slot == 2 ? nullptr : ft.overlap ? b->At(30) : b->At(64);
    return k.run_bias(nullptr, x, ft.oversize ? huge_stride : kCols, bias, y,
                      kCols, ft.empty ? 0 : kRows, kCols);
  };
  return s;
}

std::vector<Subject> AllSubjects() {
  std::vector<Subject> out;
  for (const auto& e : catalog::EntryPoints()) out.push_back(Elementwise(e));
  for (const auto& k : catalog::UnaryKernels()) out.push_back(BiasFused(k));
  for (auto& s : SoftmaxFamily()) out.push_back(std::move(s));
  return out;
}

// Every combination of faults the subject can have.
TEST(ErrorOrder, EveryEntryPointEveryCombination) {
  size_t calls = 0;
  for (const Subject& s : AllSubjects()) {
    for (int bad_param = 0; bad_param <= (s.has_params ? 1 : 0); ++bad_param) {
      for (int empty = 0; empty <= 1; ++empty) {
        for (int null_slot = -1; null_slot < s.required_pointers; ++null_slot) {
          for (int oversize = 0; oversize <= 1; ++oversize) {
            for (int overlap = 0; overlap <= 1; ++overlap) {
              for (int bad_label = 0; bad_label <= (s.has_labels ? 1 : 0);
                   ++bad_label) {
                const Faults f{bad_param != 0, empty != 0,   null_slot,
                               oversize != 0,  overlap != 0, bad_label != 0};
                Buffers b;
                const Buffers before = b;
                const actkern_status want = Expected(f, s.index_status);
                const actkern_status got = s.call(f, &b);
                ++calls;
                EXPECT_EQ(got, want) << s.name << ": " << Describe(f);
                if (want != ACTKERN_OK || f.empty) {
                  EXPECT_TRUE(SameBytes(b, before))
                      << s.name << " wrote on " << Describe(f);
                }
              }
            }
          }
        }
      }
    }
  }
  // 57 elementwise functions (22 forward, 14 fast-tier forward, 21 backward)
  // and the 15 of the softmax family (6, and the fast tier of 4; masked
  // softmax and log-softmax in both tiers; logsumexp).
  // Then the bias-fused form of every catalogued variant.
  EXPECT_EQ(AllSubjects().size(), 72u + catalog::UnaryKernels().size());
  EXPECT_GT(calls, 1000u);
}

// Each elementwise parameter against the table's validity rule, with work to
// do and without (parameters are checked for empty calls too).
TEST(ErrorOrder, ParametersFollowTheTableRule) {
  const float probes[] = {
      kNaN,    -kNaN,          kInf,     -kInf,     0.0f,     -0.0f,
      1.0f,    -1.0f,          0.5f,     1.5f,      0x1p-25f, 0x1p-24f,
      0x1p24f, 0x1.000002p24f, 0x1p-64f, -0x1p-64f, 0x1p-65f, 0x1p64f,
      0x1p65f, -0x1p65f,       3e38f,    -3e38f,    1e-45f};
  size_t checked = 0;
  for (const auto& e : catalog::EntryPoints()) {
    ASSERT_TRUE(e.params_valid(e.valid_params.data())) << e.name;
    for (size_t j = 0; j < e.valid_params.size(); ++j) {
      for (float v : probes) {
        std::vector<float> p = e.valid_params;
        p[j] = v;
        const actkern_status want = e.params_valid(p.data())
                                        ? ACTKERN_OK
                                        : ACTKERN_ERROR_INVALID_ARGUMENT;
        Buffers b;
        EXPECT_EQ(e.call(b.At(0), b.At(64), b.At(128), 8, p.data()), want)
            << e.name << " param " << j << " = " << v;
        EXPECT_EQ(e.call(nullptr, nullptr, nullptr, 0, p.data()), want)
            << e.name << " (n = 0) param " << j << " = " << v;
        if (std::isnan(v)) {
          EXPECT_EQ(want, ACTKERN_ERROR_INVALID_ARGUMENT) << e.name;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0u);
}

// Softmax-family parameters: scale, label smoothing and reduction.
TEST(ErrorOrder, SoftmaxParametersCheckedFirst) {
  Buffers b;
  const Buffers before = b;
  for (float scale : {kNaN, kInf, -kInf, 0.0f, -0.0f}) {
    EXPECT_EQ(actkern_softmax_f32(nullptr, 0, nullptr, 0, 0, 0, scale),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_log_softmax_f32(nullptr, 4, b.At(0), 4, 2, 4, scale),
              ACTKERN_ERROR_INVALID_ARGUMENT);
  }
  for (float eps : {kNaN, -0.1f, 1.5f}) {
    EXPECT_EQ(actkern_softmax_cross_entropy_f32(nullptr, 0, nullptr, nullptr,
                                                nullptr, 0, 0, 0, -100, eps,
                                                ACTKERN_REDUCTION_NONE),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(actkern_softmax_cross_entropy_soft_f32(
                  nullptr, 0, nullptr, 0, nullptr, nullptr, 0, 2, 4, eps,
                  ACTKERN_REDUCTION_SUM),
              ACTKERN_ERROR_INVALID_ARGUMENT);
  }
  const auto bad = static_cast<actkern_reduction>(7);
  EXPECT_EQ(
      actkern_softmax_cross_entropy_f32(nullptr, 0, nullptr, nullptr, nullptr,
                                        0, 0, 0, -100, 0.0f, bad),
      ACTKERN_ERROR_INVALID_ARGUMENT);
  // A stride below cols is a size error, after the pointers.
  EXPECT_EQ(actkern_softmax_f32(b.At(0), 4, b.At(64), 5, 2, 5, 1.0f),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_softmax_f32(nullptr, 4, b.At(64), 5, 2, 5, 1.0f),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(actkern_softmax_f32(nullptr, 4, nullptr, 5, 0, 5, 1.0f),
            ACTKERN_OK);
  EXPECT_TRUE(SameBytes(b, before));
  // A NULL gradient is optional, not an error.
  EXPECT_EQ(actkern_softmax_cross_entropy_f32(b.At(0), 5, b.labels.data(),
                                              b.At(64), nullptr, 0, 3, 5, -100,
                                              0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_OK);
  EXPECT_TRUE(std::memcmp(b.At(0), before.arena.data(), 64 * sizeof(float)) ==
              0);
}

}  // namespace
}  // namespace test
}  // namespace actkern
