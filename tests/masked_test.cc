// Masked softmax / log-softmax rows and logsumexp rows (actkern/softmax.h):
// every test once per runnable target (and, for the masked rows, per tier).
// Masked rows are held to being the unmasked function of their valid prefix,
// bit for bit, with the rest exactly +0 / -inf; logsumexp to its 1.5 ULP
// bound against the double reference, cancelling rows included, and to its
// special values. Errors follow the common order, nothing written.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "actkern/reference.h"
#include "actkern/softmax.h"
#include "actkern/thread_pool.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kCanary = -12345.0f;

using SoftmaxFn = decltype(&actkern_softmax_f32);
using MaskedFn = decltype(&actkern_softmax_masked_f32);
using MaskedParFn = decltype(&actkern_softmax_masked_f32_par);

// One masked entry point beside the unmasked one it must match.
struct MaskedForm {
  const char* name;
  MaskedFn masked;
  MaskedParFn masked_par;
  SoftmaxFn plain;
  bool log;
};
const MaskedForm kForms[] = {
    {"softmax", actkern_softmax_masked_f32, actkern_softmax_masked_f32_par,
     actkern_softmax_f32, false},
    {"log_softmax", actkern_log_softmax_masked_f32,
     actkern_log_softmax_masked_f32_par, actkern_log_softmax_f32, true},
    {"softmax_fast", actkern_softmax_masked_fast_f32,
     actkern_softmax_masked_fast_f32_par, actkern_softmax_fast_f32, false},
    {"log_softmax_fast", actkern_log_softmax_masked_fast_f32,
     actkern_log_softmax_masked_fast_f32_par, actkern_log_softmax_fast_f32,
     true},
};

std::vector<float> Normal(size_t n, float sigma, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

// The valid length of row r as actkern/softmax.h defines it, computed here
// in 128-bit-free long double arithmetic independently of the library.
size_t Valid(const int64_t* lengths, bool causal, int64_t offset, size_t r,
             size_t cols) {
  long double n = static_cast<long double>(cols);
  if (lengths != nullptr) n = std::min(n, static_cast<long double>(lengths[r]));
  if (causal) {
    const long double c = std::clamp(
        static_cast<long double>(r) + static_cast<long double>(offset) + 1.0L,
        0.0L, static_cast<long double>(cols));
    n = std::min(n, c);
  }
  return static_cast<size_t>(n);
}

// Checks y (rows x cols, stride ys) against the unmasked form run on each
// row's valid prefix alone: same bits there, exact fill after.
void ExpectMaskedRows(const MaskedForm& f, const float* x, size_t xs,
                      const float* y, size_t ys, size_t rows, size_t cols,
                      float scale, const int64_t* lengths, bool causal,
                      int64_t offset, const std::string& what) {
  const float fill = f.log ? -kInf : 0.0f;
  std::vector<float> want(cols);
  for (size_t r = 0; r < rows; ++r) {
    const size_t n = Valid(lengths, causal, offset, r, cols);
    if (n != 0) {
      ASSERT_EQ(f.plain(x + r * xs, n, want.data(), n, 1, n, scale),
                ACTKERN_OK);
    }
    for (size_t c = 0; c < cols; ++c) {
      const float got = y[r * ys + c];
      const float exp = c < n ? want[c] : fill;
      ASSERT_TRUE(SameFloat(got, exp))
          << what << " " << f.name << " r=" << r << " c=" << c << " n=" << n
          << " got=" << got << " want=" << exp;
      if (c >= n) {
        ASSERT_EQ(ToBits(got), ToBits(fill)) << "fill must be +0 / -inf";
      }
    }
  }
}

class Masked : public PerTarget {};

TEST_P(Masked, LengthsMatchPrefixes) {
  std::mt19937 rng(7);
  for (size_t cols : {1u, 2u, 15u, 16u, 17u, 33u, 100u, 1000u, 3000u}) {
    const size_t rows = 9;
    const auto x = Normal(rows * cols, 3.0f, static_cast<uint32_t>(cols));
    std::vector<int64_t> lengths(rows);
    for (size_t r = 0; r < rows; ++r) {
      lengths[r] = std::uniform_int_distribution<int64_t>(
          0, static_cast<int64_t>(cols))(rng);
    }
    lengths[0] = 0;
    lengths[1] = static_cast<int64_t>(cols);
    // Equal neighbours take the two-row path on AVX-512.
    lengths[3] = lengths[2];
    for (const MaskedForm& f : kForms) {
      for (float scale : {1.0f, 0.125f, -1.0f}) {
        std::vector<float> y(rows * cols, kCanary);
        ASSERT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, scale,
                           lengths.data(), 0, 0),
                  ACTKERN_OK);
        ExpectMaskedRows(f, x.data(), cols, y.data(), cols, rows, cols, scale,
                         lengths.data(), false, 0, "lengths");
      }
    }
  }
}

TEST_P(Masked, CausalMatchesPrefixes) {
  const size_t rows = 24;
  for (size_t cols : {1u, 7u, 24u, 40u, 513u}) {
    const auto x = Normal(rows * cols, 2.0f, static_cast<uint32_t>(100 + cols));
    const int64_t offsets[] = {0,
                               -1,
                               -30,
                               static_cast<int64_t>(cols) - 24,
                               static_cast<int64_t>(cols),
                               std::numeric_limits<int64_t>::max(),
                               std::numeric_limits<int64_t>::min()};
    for (const MaskedForm& f : kForms) {
      for (int64_t off : offsets) {
        std::vector<float> y(rows * cols, kCanary);
        ASSERT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                           nullptr, 1, off),
                  ACTKERN_OK);
        ExpectMaskedRows(f, x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                         nullptr, true, off,
                         "causal off=" + std::to_string(off));
        // Lengths and causal together: the smaller limit wins.
        std::vector<int64_t> lengths(rows);
        for (size_t r = 0; r < rows; ++r) lengths[r] = (r * 5) % (cols + 1);
        ASSERT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                           lengths.data(), 1, off),
                  ACTKERN_OK);
        ExpectMaskedRows(f, x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                         lengths.data(), true, off, "both");
      }
    }
  }
}

// No mask at all is the unmasked call (row by row bits included).
TEST_P(Masked, NoMaskIsSoftmax) {
  const size_t rows = 6, cols = 77;
  const auto x = Normal(rows * cols, 1.0f, 3);
  for (const MaskedForm& f : kForms) {
    std::vector<float> y(rows * cols), want(rows * cols);
    ASSERT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                       nullptr, 0, 0),
              ACTKERN_OK);
    ASSERT_EQ(f.plain(x.data(), cols, want.data(), cols, rows, cols, 1.0f),
              ACTKERN_OK);
    for (size_t i = 0; i < y.size(); ++i) ASSERT_TRUE(SameFloat(y[i], want[i]));
  }
}

// Masked columns are never read: NaN there changes nothing. Special values
// inside the prefix follow the unmasked rules.
TEST_P(Masked, MaskedColumnsNotRead) {
  const size_t rows = 4, cols = 50;
  auto x = Normal(rows * cols, 1.0f, 5);
  const int64_t lengths[rows] = {10, 0, 50, 31};
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = static_cast<size_t>(lengths[r]); c < cols; ++c) {
      x[r * cols + c] = kNaN;
    }
  }
  x[2 * cols + 4] = kInf;  // +inf in a full row: the limit 1 / 0
  x[3 * cols + 1] = kNaN;  // NaN inside the prefix: NaN prefix
  for (const MaskedForm& f : kForms) {
    std::vector<float> y(rows * cols, kCanary);
    ASSERT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                       lengths, 0, 0),
              ACTKERN_OK);
    ExpectMaskedRows(f, x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                     lengths, false, 0, "nan outside");
    EXPECT_EQ(y[2 * cols + 4], f.log ? 0.0f : 1.0f);
    EXPECT_TRUE(std::isnan(y[3 * cols]));
    EXPECT_EQ(ToBits(y[3 * cols + 31]), ToBits(f.log ? -kInf : 0.0f));
  }
}

TEST_P(Masked, StridesAndInPlace) {
  const size_t rows = 5, cols = 37, xs = 41, ys = 45;
  const auto x = Normal(rows * xs, 2.0f, 9);
  const int64_t lengths[rows] = {37, 1, 0, 20, 36};
  for (const MaskedForm& f : kForms) {
    std::vector<float> y(rows * ys, kCanary);
    ASSERT_EQ(
        f.masked(x.data(), xs, y.data(), ys, rows, cols, 1.0f, lengths, 1, 30),
        ACTKERN_OK);
    ExpectMaskedRows(f, x.data(), xs, y.data(), ys, rows, cols, 1.0f, lengths,
                     true, 30, "strided");
    for (size_t r = 0; r < rows; ++r) {  // padding untouched
      for (size_t c = cols; c < ys && r * ys + c < y.size(); ++c) {
        ASSERT_EQ(y[r * ys + c], kCanary);
      }
    }
    std::vector<float> inplace(x);
    ASSERT_EQ(f.masked(inplace.data(), xs, inplace.data(), xs, rows, cols, 1.0f,
                       lengths, 1, 30),
              ACTKERN_OK);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        ASSERT_TRUE(SameFloat(inplace[r * xs + c], y[r * ys + c]));
      }
    }
  }
}

TEST_P(Masked, BadArgumentsWriteNothing) {
  const size_t rows = 3, cols = 8;
  const auto x = Normal(rows * cols, 1.0f, 11);
  for (const MaskedForm& f : kForms) {
    std::vector<float> y(rows * cols, kCanary);
    auto untouched = [&] {
      for (float v : y) {
        if (v != kCanary) return false;
      }
      return true;
    };
    const int64_t good[rows] = {1, 8, 0};
    const int64_t too_long[rows] = {1, 9, 0};
    const int64_t negative[rows] = {1, 2, -1};
    EXPECT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                       too_long, 0, 0),
              ACTKERN_ERROR_LENGTH_OUT_OF_RANGE);
    EXPECT_EQ(f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f,
                       negative, 1, 0),
              ACTKERN_ERROR_LENGTH_OUT_OF_RANGE);
    // Parameters first, even with no work; then no work; then pointers.
    EXPECT_EQ(
        f.masked(x.data(), cols, y.data(), cols, rows, cols, 1.0f, good, 2, 0),
        ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(
        f.masked(nullptr, cols, nullptr, cols, 0, cols, 1.0f, nullptr, -1, 0),
        ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(
        f.masked(x.data(), cols, y.data(), cols, rows, cols, kNaN, good, 0, 0),
        ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(
        f.masked(nullptr, cols, nullptr, cols, 0, cols, 1.0f, too_long, 0, 0),
        ACTKERN_OK);
    EXPECT_EQ(
        f.masked(nullptr, cols, y.data(), cols, rows, cols, 1.0f, good, 0, 0),
        ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(f.masked(x.data(), cols - 1, y.data(), cols, rows, cols, 1.0f,
                       good, 0, 0),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    // NULL pointer before a bad length.
    EXPECT_EQ(f.masked(x.data(), cols, nullptr, cols, rows, cols, 1.0f,
                       too_long, 0, 0),
              ACTKERN_ERROR_NULL_POINTER);
    // lengths overlapping y.
    std::vector<float> buf(rows * cols + 8, kCanary);
    int64_t* in_y = reinterpret_cast<int64_t*>(buf.data());
    const std::vector<float> before(buf);
    EXPECT_EQ(f.masked(x.data(), cols, buf.data(), cols, rows, cols, 1.0f, in_y,
                       0, 0),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(0, memcmp(before.data(), buf.data(), buf.size() * sizeof(float)));
    // Partial overlap of x and y.
    std::vector<float> xy(x);
    xy.resize(rows * cols + 1);
    EXPECT_EQ(f.masked(xy.data(), cols, xy.data() + 1, cols, rows, cols, 1.0f,
                       good, 0, 0),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_TRUE(untouched());
    // The _par form checks the same way, before any task.
    ThreadPool pool(2);
    const actkern_exec exec = pool.Exec();
    EXPECT_EQ(f.masked_par(&exec, x.data(), cols, y.data(), cols, rows, cols,
                           1.0f, too_long, 0, 0),
              ACTKERN_ERROR_LENGTH_OUT_OF_RANGE);
    EXPECT_TRUE(untouched());
  }
}

TEST_P(Masked, ParBitIdentical) {
  const size_t rows = 96, cols = 1000;  // several row ranges
  const auto x = Normal(rows * cols, 2.0f, 21);
  std::vector<int64_t> lengths(rows);
  for (size_t r = 0; r < rows; ++r) lengths[r] = (r * 37) % (cols + 1);
  for (const MaskedForm& f : kForms) {
    std::vector<float> want(rows * cols);
    ASSERT_EQ(f.masked(x.data(), cols, want.data(), cols, rows, cols, 1.0f,
                       lengths.data(), 1, 900),
              ACTKERN_OK);
    for (size_t threads : {1u, 2u, 3u, 8u}) {
      ThreadPool pool(threads);
      const actkern_exec exec = pool.Exec();
      std::vector<float> y(rows * cols, kCanary);
      ASSERT_EQ(f.masked_par(&exec, x.data(), cols, y.data(), cols, rows, cols,
                             1.0f, lengths.data(), 1, 900),
                ACTKERN_OK);
      for (size_t i = 0; i < y.size(); ++i) {
        ASSERT_TRUE(SameFloat(y[i], want[i])) << f.name << " " << threads;
      }
    }
  }
}

// ------------------------------------------------------------ logsumexp

class LogSumExp : public PerTarget {};

// The documented bound: 1.5 ULP where |result| >= 2^-28; closer to 0 an
// absolute 2^-50 (a result that small is the difference of m and log S to
// more bits than double carries, in the kernel and in the reference alike).
constexpr double kLseTiny = 0x1p-28;
constexpr double kLseAbs = 0x1p-50;

// Runs logsumexp over `rows` rows and checks every result against the
// reference; returns the worst ULP error of the results at or above
// kLseTiny (*worst_abs: the worst absolute error below it).
double CheckLse(const std::vector<float>& x, size_t rows, size_t cols,
                float scale, const std::string& what,
                double* worst_abs = nullptr) {
  std::vector<float> out(rows + 1, kCanary);
  EXPECT_EQ(
      actkern_logsumexp_f32(x.data(), cols, out.data(), rows, cols, scale),
      ACTKERN_OK);
  EXPECT_EQ(out[rows], kCanary) << "wrote past rows";
  double worst = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const double ref = actkern_ref_logsumexp(x.data() + r * cols, cols, scale);
    if (std::fabs(ref) < kLseTiny) {
      const double e = std::fabs(out[r] - ref);
      if (worst_abs != nullptr) *worst_abs = std::max(*worst_abs, e);
      EXPECT_LE(e, kLseAbs) << what << " cols=" << cols << " r=" << r
                            << " got=" << out[r] << " ref=" << ref;
      continue;
    }
    const double u = actkern_ulp_error(out[r], ref);
    worst = std::max(worst, u);
    EXPECT_LE(u, 1.5) << what << " cols=" << cols << " r=" << r
                      << " got=" << out[r] << " ref=" << ref;
  }
  return worst;
}

TEST_P(LogSumExp, AccuracyNormalRows) {
  double worst = 0.0;
  uint32_t seed = 1;
  for (float sigma : {0.01f, 1.0f, 10.0f, 1000.0f}) {
    for (size_t cols :
         {1u, 2u, 3u, 16u, 17u, 33u, 100u, 1000u, 4097u, 65536u}) {
      const size_t rows =
          std::max<size_t>(1, std::min<size_t>(16, 40000 / cols));
      const auto x = Normal(rows * cols, sigma, seed++);
      for (float scale : {1.0f, 0.088f}) {
        worst = std::max(worst, CheckLse(x, rows, cols, scale, "normal"));
      }
    }
  }
  RecordProperty("logsumexp_max_ulp", std::to_string(worst));
  printf("[%s] logsumexp normal rows: max %.3f ULP\n", GetParam().c_str(),
         worst);
}

// Rows whose result cancels towards 0 (m < 0, log S close to -m), where a
// float sum alone would lose the result's leading bits.
TEST_P(LogSumExp, CancellingRows) {
  double worst = 0.0;
  std::mt19937 rng(5);
  for (size_t cols : {2u, 3u, 10u, 100u, 1000u, 5000u}) {
    const size_t rows = 32;
    std::vector<float> x(rows * cols);
    const float base = -std::log(static_cast<float>(cols));
    std::normal_distribution<float> noise(0.0f, 1e-3f);
    for (size_t r = 0; r < rows; ++r) {
      const float spread = std::ldexp(1.0f, -static_cast<int>(r % 16));
      for (size_t c = 0; c < cols; ++c) {
        x[r * cols + c] = base + spread * noise(rng);
      }
    }
    worst = std::max(worst, CheckLse(x, rows, cols, 1.0f, "cancelling"));
    // Results near each side of the exact path's threshold (|lse| = 2) and
    // beyond, from logits spread by up to 2 around t - log(cols).
    std::uniform_real_distribution<float> spread(-2.0f, 2.0f);
    for (float t : {-2.5f, -1.9f, -0.5f, 0.5f, 1.9f, 2.1f, 3.0f, 6.0f}) {
      std::vector<float> y(rows * cols);
      for (size_t r = 0; r < rows; ++r) {
        const float width = std::ldexp(1.0f, -static_cast<int>(r % 8));
        for (size_t c = 0; c < cols; ++c) {
          y[r * cols + c] = t + base + width * spread(rng);
        }
      }
      worst = std::max(worst, CheckLse(y, rows, cols, 1.0f, "near threshold"));
    }
  }
  // Two-element rows e^a + e^b ~ 1.
  std::vector<float> pairs;
  std::uniform_real_distribution<float> ua(-3.0f, -0.01f);
  for (int i = 0; i < 2000; ++i) {
    const float a = ua(rng);
    pairs.push_back(a);
    pairs.push_back(static_cast<float>(std::log1p(-std::exp(double{a}))));
  }
  double worst_abs = 0.0;
  worst = std::max(
      worst, CheckLse(pairs, pairs.size() / 2, 2, 1.0f, "pairs", &worst_abs));
  RecordProperty("logsumexp_cancelling_max_ulp", std::to_string(worst));
  printf(
      "[%s] logsumexp cancelling rows: max %.3f ULP (|lse| >= 2^-28), "
      "max abs error %.3g below\n",
      GetParam().c_str(), worst, worst_abs);
}

TEST_P(LogSumExp, SpecialRows) {
  const size_t cols = 5;
  const std::vector<float> x = {
      1,      2,      kNaN,   4,      kInf,    // NaN wins over +inf
      1,      kInf,   -kInf,  3,      4,       // +inf
      -kInf,  -kInf,  -kInf,  -kInf,  -kInf,   // all -inf
      3e38f,  3e38f,  3e38f,  -3e38f, 1,       // no overflow
      -kInf,  2.5f,   -kInf,  -kInf,  -kInf,   // one finite entry
      -3e38f, -3e38f, -3e38f, -3e38f, -3e38f,  // all hugely negative
  };
  const size_t rows = x.size() / cols;
  std::vector<float> out(rows, kCanary);
  ASSERT_EQ(actkern_logsumexp_f32(x.data(), cols, out.data(), rows, cols, 1.0f),
            ACTKERN_OK);
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_EQ(out[1], kInf);
  EXPECT_EQ(out[2], -kInf);
  EXPECT_LE(actkern_ulp_error(out[3], actkern_ref_logsumexp(&x[15], cols, 1)),
            1.5);
  EXPECT_TRUE(std::isfinite(out[3]));
  EXPECT_EQ(out[4], 2.5f);
  EXPECT_LE(actkern_ulp_error(out[5], actkern_ref_logsumexp(&x[25], cols, 1)),
            1.5);
  // A product scale * x that overflows float: exact double logits.
  const float big[2] = {3e38f, 1e38f};
  float o = kCanary;
  ASSERT_EQ(actkern_logsumexp_f32(big, 2, &o, 1, 2, 4.0f), ACTKERN_OK);
  EXPECT_LE(actkern_ulp_error(o, actkern_ref_logsumexp(big, 2, 4.0f)), 1.5);
  // cols == 1 gives z exactly.
  const std::vector<float> one = Normal(64, 30.0f, 3);
  std::vector<float> o1(64);
  ASSERT_EQ(actkern_logsumexp_f32(one.data(), 1, o1.data(), 64, 1, 0.5f),
            ACTKERN_OK);
  for (size_t i = 0; i < 64; ++i) ASSERT_EQ(o1[i], one[i] * 0.5f);
}

TEST_P(LogSumExp, StridesParAndErrors) {
  const size_t rows = 70, cols = 300, xs = 311;
  const auto x = Normal(rows * xs, 4.0f, 17);
  std::vector<float> want(rows);
  ASSERT_EQ(actkern_logsumexp_f32(x.data(), xs, want.data(), rows, cols, 1.0f),
            ACTKERN_OK);
  for (size_t r = 0; r < rows; ++r) {
    std::vector<float> row(x.begin() + r * xs, x.begin() + r * xs + cols);
    float one;
    ASSERT_EQ(actkern_logsumexp_f32(row.data(), cols, &one, 1, cols, 1.0f),
              ACTKERN_OK);
    ASSERT_EQ(ToBits(one), ToBits(want[r]));
  }
  for (size_t threads : {1u, 2u, 5u}) {
    ThreadPool pool(threads);
    const actkern_exec exec = pool.Exec();
    std::vector<float> out(rows, kCanary);
    ASSERT_EQ(actkern_logsumexp_f32_par(&exec, x.data(), xs, out.data(), rows,
                                        cols, 1.0f),
              ACTKERN_OK);
    for (size_t r = 0; r < rows; ++r)
      ASSERT_EQ(ToBits(out[r]), ToBits(want[r]));
  }
  std::vector<float> out(rows, kCanary);
  EXPECT_EQ(actkern_logsumexp_f32(x.data(), xs, out.data(), rows, cols, 0.0f),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_logsumexp_f32(nullptr, xs, nullptr, 0, cols, kInf),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_logsumexp_f32(nullptr, xs, nullptr, rows, 0, 1.0f),
            ACTKERN_OK);
  EXPECT_EQ(actkern_logsumexp_f32(x.data(), xs, nullptr, rows, cols, 1.0f),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(
      actkern_logsumexp_f32(x.data(), cols - 1, out.data(), rows, cols, 1.0f),
      ACTKERN_ERROR_INVALID_ARGUMENT);
  for (float v : out) ASSERT_EQ(v, kCanary);
  // out inside x (even exactly at x) overlaps.
  std::vector<float> xx(x);
  const std::vector<float> before(xx);
  EXPECT_EQ(actkern_logsumexp_f32(xx.data(), xs, xx.data(), rows, cols, 1.0f),
            ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(
      actkern_logsumexp_f32(xx.data(), xs, xx.data() + 5, rows, cols, 1.0f),
      ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(xx, before);
}

ACTKERN_INSTANTIATE_PER_TARGET(Masked);
ACTKERN_INSTANTIATE_PER_TARGET(LogSumExp);

}  // namespace
}  // namespace test
}  // namespace actkern
