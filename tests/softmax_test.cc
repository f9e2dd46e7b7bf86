// softmax family: accuracy against the double references, documented limits,
// bad arguments (nothing written), strides, in place, scale, cross-entropy
// options, backward passes; every test once per runnable target and tier
// (the precise entry points and the _fast_f32 ones, each against its own
// bounds). Their bits
// across targets are held by tests/bit_identity_test.cc (BitIdentityRows).
#include "actkern/softmax.h"

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
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kCanary = -12345.0f;

// The entry points and bounds of one tier.
struct Tier {
  const char* name;
  decltype(&actkern_softmax_f32) softmax, log_softmax;
  decltype(&actkern_softmax_cross_entropy_f32) ce;
  decltype(&actkern_softmax_cross_entropy_soft_f32) ce_soft;
  double bound;      // max ULP of every output and of the loss
  double sum_bound;  // |softmax row sum - 1|
};
const Tier kPreciseTier{"precise",
                        actkern_softmax_f32,
                        actkern_log_softmax_f32,
                        actkern_softmax_cross_entropy_f32,
                        actkern_softmax_cross_entropy_soft_f32,
                        2.0,
                        0x1p-22};
const Tier kFastTier{"fast",
                     actkern_softmax_fast_f32,
                     actkern_log_softmax_fast_f32,
                     actkern_softmax_cross_entropy_fast_f32,
                     actkern_softmax_cross_entropy_soft_fast_f32,
                     4.0,
                     0x1p-21};
const Tier* g_tier = &kPreciseTier;  // set by SoftmaxTest::SetUp
const Tier& T() { return *g_tier; }

std::vector<float> Normal(size_t n, float sigma, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<float> x(n);
  for (float& v : x) v = dist(rng);
  return x;
}

// Checks one softmax / log-softmax row against the reference: every output
// within max_ulp, and (softmax) the row sum within the tier's bound of 1.
struct RowCheck {
  double worst_ulp = 0.0;
  double worst_sum = 0.0;
};

void CheckRow(const float* x, const float* y, size_t n, float scale, bool log,
              double max_ulp, RowCheck* rc, const std::string& what) {
  std::vector<double> ref(n);
  if (log) {
    actkern_ref_log_softmax(x, n, scale, ref.data());
  } else {
    actkern_ref_softmax(x, n, scale, ref.data());
  }
  double sum = 0.0;
  bool finite = true;
  for (size_t i = 0; i < n; ++i) {
    const double u = actkern_ulp_error(y[i], ref[i]);
    rc->worst_ulp = std::max(rc->worst_ulp, u);
    if (u > max_ulp) {
      ADD_FAILURE() << what << " n=" << n << " i=" << i << " x=" << x[i]
                    << " y=" << y[i] << " ref=" << ref[i] << " ulp=" << u;
      return;
    }
    sum += y[i];
    finite &= std::isfinite(ref[i]);
  }
  if (!log && finite) {
    const double e = std::fabs(sum - 1.0);
    rc->worst_sum = std::max(rc->worst_sum, e);
    EXPECT_LE(e, T().sum_bound) << what << " n=" << n;
  }
}

void RunAndCheck(const std::vector<float>& x, size_t rows, size_t cols,
                 float scale, bool log, RowCheck* rc, const std::string& what) {
  std::vector<float> y(rows * cols, kCanary);
  const auto f = log ? T().log_softmax : T().softmax;
  ASSERT_EQ(f(x.data(), cols, y.data(), cols, rows, cols, scale), ACTKERN_OK);
  for (size_t r = 0; r < rows; ++r) {
    CheckRow(x.data() + r * cols, y.data() + r * cols, cols, scale, log,
             T().bound, rc, what);
  }
}

// Parameter: a target name, with "_fast" appended for the fast tier.
class SoftmaxTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string target = GetParam();
    const std::string suffix = "_fast";
    g_tier = &kPreciseTier;
    if (target.size() > suffix.size() &&
        target.compare(target.size() - suffix.size(), suffix.size(), suffix) ==
            0) {
      target.resize(target.size() - suffix.size());
      g_tier = &kFastTier;
    }
    scoped_ = std::make_unique<ScopedTarget>(target);
  }
  void TearDown() override {
    scoped_.reset();
    g_tier = &kPreciseTier;
  }

 private:
  std::unique_ptr<ScopedTarget> scoped_;
};

std::vector<std::string> TargetsAndTiers() {
  std::vector<std::string> out;
  for (const std::string& t : catalog::RunnableTargets()) {
    out.push_back(t);
    out.push_back(t + "_fast");
  }
  return out;
}

// Normal logits of sigma 0.01, 1, 10, 1000 on many row lengths.
TEST_P(SoftmaxTest, AccuracyNormalRows) {
  const size_t kCols[] = {1,   2,   3,   5,    8,    15,    16,
                          17,  31,  32,  33,   63,   64,    100,
                          128, 129, 255, 1000, 4097, 20000, 65536};
  RowCheck rc[2];
  uint32_t seed = 1;
  for (float sigma : {0.01f, 1.0f, 10.0f, 1000.0f}) {
    for (size_t cols : kCols) {
      const size_t rows =
          std::max<size_t>(1, std::min<size_t>(8, 20000 / cols));
      const auto x = Normal(rows * cols, sigma, seed++);
      for (int log = 0; log < 2; ++log) {
        RunAndCheck(x, rows, cols, 1.0f, log, &rc[log],
                    "sigma=" + std::to_string(sigma));
      }
    }
  }
  RecordProperty("softmax_max_ulp", std::to_string(rc[0].worst_ulp));
  RecordProperty("log_softmax_max_ulp", std::to_string(rc[1].worst_ulp));
  RecordProperty("max_sum_error", std::to_string(rc[0].worst_sum));
  printf("[%s] softmax max %.3f ULP, log_softmax max %.3f ULP, sum err %.3g\n",
         GetParam().c_str(), rc[0].worst_ulp, rc[1].worst_ulp, rc[0].worst_sum);
}

// Adversarial rows.
TEST_P(SoftmaxTest, AccuracyAdversarialRows) {
  RowCheck rc[2];
  std::vector<std::vector<float>> rows_list;
  for (size_t n : {2u, 7u, 33u, 1000u, 65536u}) {
    std::vector<float> a(n, 1e-3f);  // one huge logit among tiny ones
    a[n / 2] = 30.0f;
    rows_list.push_back(a);
    std::vector<float> b(n, 0.25f);  // all equal
    rows_list.push_back(b);
    std::vector<float> c(n);  // alternating +-1e30
    for (size_t i = 0; i < n; ++i) c[i] = (i & 1) ? -1e30f : 1e30f;
    rows_list.push_back(c);
    // The max and many terms e^-88.5 (subnormal floats) whose sum is a
    // normal number: log-softmax of the max is about -that sum, which the
    // subnormal roundings would spoil (found by softmax_fuzz: 3.9 ULP).
    std::vector<float> s(n, -88.5f);
    s[0] = 0.0f;
    rows_list.push_back(s);
    std::vector<float> d(n, -25.0f);  // max whose others are tiny (~1e-11)
    d[n - 1] = 0.0f;
    rows_list.push_back(d);
    std::vector<float> e(n, -60.0f);  // log-softmax of the max ~ -1e-26 n
    e[0] = 3.0f;
    rows_list.push_back(e);
    std::vector<float> f(n);  // +-3e38 and everything between
    for (size_t i = 0; i < n; ++i) {
      f[i] = (i % 3 == 0) ? 3e38f : (i % 3 == 1) ? -3e38f : 3e38f * (i % 7) / 7;
    }
    rows_list.push_back(f);
    std::vector<float> g(n);  // a ramp: many distinct exponents
    for (size_t i = 0; i < n; ++i) g[i] = -100.0f + 110.0f * i / n;
    rows_list.push_back(g);
    std::vector<float> h(n, 1.0f);  // ties of the max plus tiny terms
    for (size_t i = 0; i < n; i += 2) h[i] = -40.0f;
    rows_list.push_back(h);
  }
  for (const auto& row : rows_list) {
    for (int log = 0; log < 2; ++log) {
      RunAndCheck(row, 1, row.size(), 1.0f, log, &rc[log], "adversarial");
    }
  }
  printf("[%s] adversarial: softmax max %.3f ULP, log_softmax max %.3f ULP\n",
         GetParam().c_str(), rc[0].worst_ulp, rc[1].worst_ulp);
}

// Rows of 2^18 columns and more (each partial sums 8 Ki terms), both tiers
// against the reference, with special rows: a long run of -inf, NaN, +inf,
// the max near the end, tiny terms whose sum matters for log-softmax.
TEST_P(SoftmaxTest, LongRows) {
  RowCheck rc[2];
  const size_t n = (size_t{1} << 18) + 4099;
  std::vector<std::vector<float>> rows_list;
  rows_list.push_back(Normal(n, 1.0f, 91));
  rows_list.push_back(Normal(n, 10.0f, 92));
  std::vector<float> masked = Normal(n, 3.0f, 93);
  for (size_t i = 4096; i < 3 * 4096; ++i) masked[i] = -kInf;
  rows_list.push_back(masked);
  std::vector<float> tiny(n, -88.5f);
  tiny[n - 1] = 0.0f;
  rows_list.push_back(tiny);
  std::vector<float> ramp(n);
  for (size_t i = 0; i < n; ++i) ramp[i] = -100.0f + 110.0f * i / n;
  rows_list.push_back(ramp);
  std::vector<float> ties(n, 2.0f);
  for (size_t i = 0; i < n; i += 3) ties[i] = -30.0f;
  rows_list.push_back(ties);
  for (const auto& row : rows_list) {
    for (int log = 0; log < 2; ++log) {
      RunAndCheck(row, 1, n, 1.0f, log, &rc[log], "long row");
      RunAndCheck(row, 1, n, -0.5f, log, &rc[log], "long row, scale -0.5");
    }
  }
  // Special rows: the reference's limits, and in place the same bits.
  std::vector<float> with_inf = Normal(n, 1.0f, 94);
  with_inf[n / 2] = kInf;
  std::vector<float> with_nan = Normal(n, 1.0f, 95);
  with_nan[n - 3] = kNaN;
  std::vector<float> all_neg(n, -kInf);
  for (const std::vector<float>* row : {&with_inf, &with_nan, &all_neg}) {
    for (int log = 0; log < 2; ++log) {
      std::vector<float> y(n), io = *row;
      std::vector<double> ref(n);
      const auto f = log ? T().log_softmax : T().softmax;
      ASSERT_EQ(f(row->data(), n, y.data(), n, 1, n, 1.0f), ACTKERN_OK);
      ASSERT_EQ(f(io.data(), n, io.data(), n, 1, n, 1.0f), ACTKERN_OK);
      (log ? actkern_ref_log_softmax : actkern_ref_softmax)(row->data(), n,
                                                            1.0f, ref.data());
      for (size_t i = 0; i < n; ++i) {
        ASSERT_LE(actkern_ulp_error(y[i], ref[i]), T().bound)
            << "long special row, log=" << log << " i=" << i << " y=" << y[i];
        ASSERT_TRUE(SameFloat(y[i], io[i])) << i;
      }
    }
  }
  printf(
      "[%s] long rows: softmax max %.3f ULP, log_softmax max %.3f ULP, "
      "sum err %.3g\n",
      GetParam().c_str(), rc[0].worst_ulp, rc[1].worst_ulp, rc[0].worst_sum);
}

TEST_P(SoftmaxTest, ScaleAndSoftmin) {
  RowCheck rc;
  const auto x = Normal(4 * 300, 3.0f, 7);
  for (float scale : {-1.0f, 0.125f, 0.0883883f, 3.0f, -1e-3f}) {
    for (int log = 0; log < 2; ++log) {
      RunAndCheck(x, 4, 300, scale, log, &rc, "scale=" + std::to_string(scale));
    }
  }
  // scale = -1 is softmin: the same as softmax of -x, bit for bit.
  std::vector<float> neg(x.size()), a(x.size()), b(x.size());
  for (size_t i = 0; i < x.size(); ++i) neg[i] = -x[i];
  ASSERT_EQ(T().softmax(x.data(), 300, a.data(), 300, 4, 300, -1.0f),
            ACTKERN_OK);
  ASSERT_EQ(T().softmax(neg.data(), 300, b.data(), 300, 4, 300, 1.0f),
            ACTKERN_OK);
  for (size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(SameFloat(a[i], b[i])) << i;
  // A product overflowing float: the row is computed from exact products.
  std::vector<float> big = {3e38f, 2.9e38f, -1.0f};
  std::vector<float> y(3);
  for (int log = 0; log < 2; ++log) {
    const auto f = log ? T().log_softmax : T().softmax;
    ASSERT_EQ(f(big.data(), 3, y.data(), 3, 1, 3, 4.0f), ACTKERN_OK);
    CheckRow(big.data(), y.data(), 3, 4.0f, log, T().bound, &rc,
             "overflowing scale");
  }
  EXPECT_EQ(y[0], 0.0f);  // log-softmax of the max: exactly 0 (1 - 0)
}

TEST_P(SoftmaxTest, SpecialRows) {
  const size_t cols = 37;
  std::vector<float> x(5 * cols, 0.5f);
  for (size_t i = 0; i < cols; ++i) x[i] = 0.01f * i;  // row 0: normal
  x[1 * cols + 20] = kNaN;                             // row 1: a NaN
  x[2 * cols + 3] = kInf;                              // row 2: 3 +inf
  x[2 * cols + 17] = kInf;
  x[2 * cols + 36] = kInf;
  x[2 * cols + 5] = 1e30f;                                    // finite
  for (size_t i = 0; i < cols; ++i) x[3 * cols + i] = -kInf;  // row 3
  x[4 * cols + 0] = kInf;  // row 4: +inf and -inf
  x[4 * cols + 1] = -kInf;
  std::vector<float> y(x.size()), ly(x.size());
  ASSERT_EQ(T().softmax(x.data(), cols, y.data(), cols, 5, cols, 1.0f),
            ACTKERN_OK);
  ASSERT_EQ(T().log_softmax(x.data(), cols, ly.data(), cols, 5, cols, 1.0f),
            ACTKERN_OK);
  RowCheck rc;
  CheckRow(x.data(), y.data(), cols, 1.0f, false, T().bound, &rc, "row 0");
  for (size_t i = 0; i < cols; ++i) {
    EXPECT_TRUE(std::isnan(y[cols + i]));
    EXPECT_TRUE(std::isnan(ly[cols + i]));
    const bool inf = i == 3 || i == 17 || i == 36;
    EXPECT_EQ(y[2 * cols + i], inf ? 1.0f / 3.0f : 0.0f) << i;
    EXPECT_EQ(ly[2 * cols + i],
              inf ? static_cast<float>(-std::log(3.0)) : -kInf);
    EXPECT_EQ(y[3 * cols + i], 0.0f);
    EXPECT_EQ(ly[3 * cols + i], -kInf);
    EXPECT_EQ(y[4 * cols + i], i == 0 ? 1.0f : 0.0f);
    EXPECT_EQ(ly[4 * cols + i], i == 0 ? 0.0f : -kInf);
  }
  // cols = 1: exactly 1 and +0 for any finite x.
  for (float v : {0.0f, -3e38f, 3e38f, 1e-40f, -7.5f}) {
    float o = kCanary, lo = kCanary;
    ASSERT_EQ(T().softmax(&v, 1, &o, 1, 1, 1, 1.0f), ACTKERN_OK);
    ASSERT_EQ(T().log_softmax(&v, 1, &lo, 1, 1, 1, 1.0f), ACTKERN_OK);
    EXPECT_EQ(ToBits(o), ToBits(1.0f)) << v;
    EXPECT_EQ(ToBits(lo), ToBits(0.0f)) << v;
  }
  // A NaN among -inf entries, which Max may not report: the sum finds it.
  {
    std::vector<float> r(5000, -kInf);
    r[4000] = 1.0f;
    r[10] = kNaN;
    std::vector<float> o(r.size());
    ASSERT_EQ(
        T().softmax(r.data(), r.size(), o.data(), r.size(), 1, r.size(), 1.0f),
        ACTKERN_OK);
    for (float v : o) ASSERT_TRUE(std::isnan(v));
  }
}

TEST_P(SoftmaxTest, EmptyIsNoOp) {
  EXPECT_EQ(T().softmax(nullptr, 0, nullptr, 0, 0, 5, 1.0f), ACTKERN_OK);
  EXPECT_EQ(T().softmax(nullptr, 0, nullptr, 0, 5, 0, 1.0f), ACTKERN_OK);
  EXPECT_EQ(T().log_softmax(nullptr, 0, nullptr, 0, 0, 0, 1.0f), ACTKERN_OK);
  EXPECT_EQ(
      actkern_softmax_backward_f32(nullptr, 0, nullptr, 0, nullptr, 0, 0, 3),
      ACTKERN_OK);
  EXPECT_EQ(T().ce(nullptr, 0, nullptr, nullptr, nullptr, 0, 3, 0, -100, 0.0f,
                   ACTKERN_REDUCTION_MEAN),
            ACTKERN_OK);
}

TEST_P(SoftmaxTest, StridesAndInPlace) {
  const size_t rows = 6, cols = 45, xs = 50, ys = 64;
  auto x = Normal(rows * xs, 2.0f, 11);
  std::vector<float> y(rows * ys, kCanary);
  for (int log = 0; log < 2; ++log) {
    std::fill(y.begin(), y.end(), kCanary);
    const auto f = log ? T().log_softmax : T().softmax;
    ASSERT_EQ(f(x.data(), xs, y.data(), ys, rows, cols, 1.0f), ACTKERN_OK);
    RowCheck rc;
    for (size_t r = 0; r < rows; ++r) {
      CheckRow(x.data() + r * xs, y.data() + r * ys, cols, 1.0f, log, T().bound,
               &rc, "strided");
      for (size_t c = cols; c < ys && r * ys + c < y.size(); ++c) {
        EXPECT_EQ(y[r * ys + c], kCanary);  // gaps untouched
      }
    }
    // In place (same pointer, same stride): same bits as out of place.
    std::vector<float> z = x, o(rows * xs, kCanary);
    ASSERT_EQ(f(x.data(), xs, o.data(), xs, rows, cols, 1.0f), ACTKERN_OK);
    ASSERT_EQ(f(z.data(), xs, z.data(), xs, rows, cols, 1.0f), ACTKERN_OK);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < xs; ++c) {
        const size_t i = r * xs + c;
        if (c < cols) {
          ASSERT_TRUE(SameFloat(z[i], o[i])) << i;
        } else {
          ASSERT_EQ(ToBits(z[i]), ToBits(x[i]));  // gaps untouched
        }
      }
    }
  }
}

// Rows are independent and computed identically whatever their neighbours
// (short rows may be processed two at a time): a matrix call gives, row by
// row, the bits of single-row calls. Includes rows that take the special
// path next to ordinary ones.
TEST_P(SoftmaxTest, MatrixRowsMatchSingleRows) {
  for (size_t cols : {1u, 5u, 32u, 100u, 128u, 1000u, 3000u}) {
    const size_t rows = 7;
    auto x = Normal(rows * cols, 4.0f, static_cast<uint32_t>(cols));
    x[2 * cols] = kInf;                       // a special row
    if (cols > 1) x[4 * cols + 1] = -200.0f;  // a row with a far-out value
    for (int log = 0; log < 2; ++log) {
      for (float scale : {1.0f, -0.5f}) {
        const auto f = log ? T().log_softmax : T().softmax;
        std::vector<float> y(rows * cols), one(cols);
        ASSERT_EQ(f(x.data(), cols, y.data(), cols, rows, cols, scale),
                  ACTKERN_OK);
        for (size_t r = 0; r < rows; ++r) {
          ASSERT_EQ(
              f(x.data() + r * cols, cols, one.data(), cols, 1, cols, scale),
              ACTKERN_OK);
          for (size_t c = 0; c < cols; ++c) {
            ASSERT_TRUE(SameFloat(y[r * cols + c], one[c]))
                << "cols=" << cols << " r=" << r << " c=" << c;
          }
        }
      }
    }
  }
}

TEST_P(SoftmaxTest, BadArgumentsWriteNothing) {
  std::vector<float> buf(1000, 1.0f);
  std::vector<float> out(1000, kCanary);
  auto untouched = [&] {
    for (float v : out) {
      if (ToBits(v) != ToBits(kCanary)) return false;
    }
    return true;
  };
  for (int log = 0; log < 2; ++log) {
    const auto f = log ? T().log_softmax : T().softmax;
    EXPECT_EQ(f(buf.data(), 9, out.data(), 10, 4, 10, 1.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);  // x stride < cols
    EXPECT_EQ(f(buf.data(), 10, out.data(), 9, 4, 10, 1.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);  // y stride < cols
    EXPECT_EQ(f(nullptr, 10, out.data(), 10, 4, 10, 1.0f),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(f(buf.data(), 10, nullptr, 10, 4, 10, 1.0f),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(f(buf.data(), SIZE_MAX / 2, out.data(), 10, 4, 10, 1.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);  // rows * stride overflows
    EXPECT_EQ(f(buf.data(), 10, out.data(), 10, SIZE_MAX / 8, 10, 1.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    for (float s : {kNaN, kInf, -kInf, 0.0f, -0.0f}) {
      EXPECT_EQ(f(buf.data(), 10, out.data(), 10, 4, 10, s),
                ACTKERN_ERROR_INVALID_ARGUMENT);
    }
    EXPECT_TRUE(untouched());
    // Partial overlaps (out shifted by one element, or same pointer with a
    // different stride).
    std::vector<float> io(200, kCanary);
    EXPECT_EQ(f(io.data(), 10, io.data() + 1, 10, 4, 10, 1.0f),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(f(io.data(), 10, io.data(), 12, 4, 10, 1.0f),
              ACTKERN_ERROR_OVERLAP);
    for (float v : io) EXPECT_EQ(ToBits(v), ToBits(kCanary));
  }
  // Backward.
  EXPECT_EQ(actkern_softmax_backward_f32(buf.data(), 10, buf.data() + 500, 10,
                                         out.data(), 9, 4, 10),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_log_softmax_backward_f32(buf.data(), 10, nullptr, 10,
                                             out.data(), 10, 4, 10),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(actkern_softmax_backward_f32(buf.data(), 10, buf.data() + 500, 10,
                                         buf.data() + 5, 10, 4, 10),
            ACTKERN_ERROR_OVERLAP);
  EXPECT_TRUE(untouched());
  // Cross-entropy: a bad label in the last row, bad eps, bad reduction.
  std::vector<int32_t> labels = {1, 2, -100, 10};
  float loss[4] = {kCanary, kCanary, kCanary, kCanary};
  EXPECT_EQ(T().ce(buf.data(), 10, labels.data(), loss, out.data(), 10, 4, 10,
                   -100, 0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_ERROR_LABEL_OUT_OF_RANGE);
  labels[3] = -1;
  EXPECT_EQ(T().ce(buf.data(), 10, labels.data(), loss, out.data(), 10, 4, 10,
                   -100, 0.0f, ACTKERN_REDUCTION_MEAN),
            ACTKERN_ERROR_LABEL_OUT_OF_RANGE);
  labels[3] = 0;
  for (float eps : {-0.1f, 1.5f, kNaN}) {
    EXPECT_EQ(T().ce(buf.data(), 10, labels.data(), loss, out.data(), 10, 4, 10,
                     -100, eps, ACTKERN_REDUCTION_NONE),
              ACTKERN_ERROR_INVALID_ARGUMENT);
  }
  EXPECT_EQ(T().ce(buf.data(), 10, labels.data(), loss, out.data(), 10, 4, 10,
                   -100, 0.0f, static_cast<actkern_reduction>(7)),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(T().ce(buf.data(), 10, nullptr, loss, out.data(), 10, 4, 10, -100,
                   0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_ERROR_NULL_POINTER);
  // loss inside the logits; grad partially over the logits.
  EXPECT_EQ(T().ce(buf.data(), 10, labels.data(), buf.data() + 3, nullptr, 0, 4,
                   10, -100, 0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_ERROR_OVERLAP);
  std::vector<float> lg(100, 0.5f);
  EXPECT_EQ(T().ce(lg.data(), 10, labels.data(), loss, lg.data() + 2, 10, 4, 10,
                   -100, 0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_ERROR_OVERLAP);
  for (float v : lg) EXPECT_EQ(v, 0.5f);
  // Soft: targets overlapping grad.
  EXPECT_EQ(T().ce_soft(buf.data(), 10, out.data(), 10, loss, out.data(), 10, 4,
                        10, 0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_ERROR_OVERLAP);
  for (float v : loss) EXPECT_EQ(ToBits(v), ToBits(kCanary));
  EXPECT_TRUE(untouched());
}

// |got - ref| within max_ulp ULP or within 2^-21 * scale (absolute, for
// values that are differences of larger terms).
::testing::AssertionResult Close(float got, double ref, double scale,
                                 double max_ulp = 0.0) {
  if (max_ulp == 0.0) max_ulp = T().bound;
  if (actkern_ulp_error(got, ref) <= max_ulp)
    return ::testing::AssertionSuccess();
  if (std::fabs(got - ref) <= std::ldexp(scale, -21)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "got " << got << " ref " << ref << " ulp "
         << actkern_ulp_error(got, ref) << " scale " << scale;
}

TEST_P(SoftmaxTest, CrossEntropyHard) {
  double worst = 0.0;
  uint32_t seed = 50;
  for (size_t cols : {1u, 2u, 10u, 33u, 1000u, 32000u}) {
    for (float sigma : {0.01f, 1.0f, 10.0f, 100.0f}) {
      const size_t rows = std::max<size_t>(2, 40000 / cols / 4);
      auto z = Normal(rows * cols, sigma, seed++);
      std::mt19937 rng(seed);
      std::vector<int32_t> labels(rows);
      for (size_t r = 0; r < rows; ++r) {
        labels[r] = static_cast<int32_t>(rng() % cols);
        // Confident rows: the label is the max by far (tiny loss).
        if (r % 3 == 0) z[r * cols + labels[r]] = 40.0f * sigma + 30.0f;
      }
      labels[rows - 1] = -7;  // ignored
      for (float eps : {0.0f, 0.1f}) {
        std::vector<float> loss(rows, kCanary), grad(rows * cols, kCanary);
        ASSERT_EQ(
            T().ce(z.data(), cols, labels.data(), loss.data(), grad.data(),
                   cols, rows, cols, -7, eps, ACTKERN_REDUCTION_NONE),
            ACTKERN_OK);
        std::vector<double> rg(cols);
        double total = 0.0;
        for (size_t r = 0; r < rows; ++r) {
          if (labels[r] == -7) {
            EXPECT_EQ(ToBits(loss[r]), 0u);
            for (size_t c = 0; c < cols; ++c)
              EXPECT_EQ(grad[r * cols + c], 0.0f);
            continue;
          }
          const double ref = actkern_ref_softmax_cross_entropy(
              z.data() + r * cols, cols, labels[r], eps, rg.data());
          total += ref;
          const double u = actkern_ulp_error(loss[r], ref);
          worst = std::max(worst, u);
          ASSERT_LE(u, T().bound)
              << "cols=" << cols << " sigma=" << sigma << " eps=" << eps
              << " r=" << r << " loss=" << loss[r] << " ref=" << ref;
          for (size_t c = 0; c < cols; ++c) {
            ASSERT_TRUE(Close(grad[r * cols + c], rg[c], 1.0))
                << "cols=" << cols << " r=" << r << " c=" << c;
          }
        }
        // Mean and sum reductions; grad of the mean; grad in place.
        float mean = kCanary, sum = kCanary;
        std::vector<float> zg = z;
        ASSERT_EQ(T().ce(zg.data(), cols, labels.data(), &mean, zg.data(), cols,
                         rows, cols, -7, eps, ACTKERN_REDUCTION_MEAN),
                  ACTKERN_OK);
        ASSERT_EQ(T().ce(z.data(), cols, labels.data(), &sum, nullptr, 0, rows,
                         cols, -7, eps, ACTKERN_REDUCTION_SUM),
                  ACTKERN_OK);
        EXPECT_LE(actkern_ulp_error(mean, total / (rows - 1)), T().bound);
        EXPECT_LE(actkern_ulp_error(sum, total), T().bound);
        for (size_t i = 0; i < zg.size(); ++i) {
          ASSERT_TRUE(Close(zg[i], grad[i] / (rows - 1.0), 1.0 / (rows - 1)))
              << i;
        }
      }
    }
  }
  printf("[%s] cross-entropy loss max %.3f ULP\n", GetParam().c_str(), worst);
}

TEST_P(SoftmaxTest, CrossEntropySpecialRows) {
  const size_t cols = 5;
  std::vector<float> z = {
      1,     2,     kNaN,  4,     5,      // NaN row
      1,     kInf,  3,     kInf,  0,      // two +inf, label at one
      -kInf, -kInf, -kInf, -kInf, -kInf,  // all masked
      1,     2,     3,     4,     5};     // all ignored -> mean NaN?
  std::vector<int32_t> labels = {0, 1, 2, 3};
  std::vector<float> loss(4), grad(z.size());
  ASSERT_EQ(T().ce(z.data(), cols, labels.data(), loss.data(), grad.data(),
                   cols, 4, cols, -100, 0.0f, ACTKERN_REDUCTION_NONE),
            ACTKERN_OK);
  EXPECT_TRUE(std::isnan(loss[0]));
  for (size_t c = 0; c < cols; ++c) EXPECT_TRUE(std::isnan(grad[c]));
  EXPECT_EQ(loss[1], static_cast<float>(std::log(2.0)));
  EXPECT_EQ(grad[5 + 1], -0.5f);
  EXPECT_EQ(grad[5 + 3], 0.5f);
  EXPECT_EQ(grad[5 + 0], 0.0f);
  EXPECT_EQ(loss[2], kInf);
  EXPECT_EQ(grad[10 + 2], -1.0f);
  EXPECT_EQ(grad[10 + 0], 0.0f);
  // Every row ignored: the mean is NaN (PyTorch), gradients 0.
  std::vector<int32_t> ign(4, -100);
  float mean = 0.0f;
  ASSERT_EQ(T().ce(z.data(), cols, ign.data(), &mean, grad.data(), cols, 4,
                   cols, -100, 0.0f, ACTKERN_REDUCTION_MEAN),
            ACTKERN_OK);
  EXPECT_TRUE(std::isnan(mean));
  for (float g : grad) EXPECT_EQ(g, 0.0f);
}

TEST_P(SoftmaxTest, CrossEntropySoft) {
  double worst = 0.0;
  uint32_t seed = 900;
  for (size_t cols : {1u, 3u, 40u, 1000u, 5000u}) {
    const size_t rows = 5;
    auto z = Normal(rows * cols, 3.0f, seed++);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<float> t(rows * cols);
    for (size_t r = 0; r < rows; ++r) {
      double s = 0.0;
      for (size_t c = 0; c < cols; ++c) {
        t[r * cols + c] = (c % 4 == 1) ? 0.0f : u(rng);
        s += t[r * cols + c];
      }
      for (size_t c = 0; c < cols; ++c) {
        t[r * cols + c] =
            static_cast<float>(t[r * cols + c] / std::max(s, 1e-30));
      }
    }
    if (cols > 3) z[1] = -kInf;  // t there is 0: contributes 0
    for (float eps : {0.0f, 0.2f}) {
      std::vector<float> loss(rows), grad(rows * cols);
      ASSERT_EQ(
          T().ce_soft(z.data(), cols, t.data(), cols, loss.data(), grad.data(),
                      cols, rows, cols, eps, ACTKERN_REDUCTION_NONE),
          ACTKERN_OK);
      std::vector<double> rg(cols);
      for (size_t r = 0; r < rows; ++r) {
        const double ref = actkern_ref_softmax_cross_entropy_soft(
            z.data() + r * cols, t.data() + r * cols, cols, eps, rg.data());
        if (std::isinf(ref)) {
          EXPECT_EQ(loss[r], static_cast<float>(ref));
          continue;
        }
        const double ul = actkern_ulp_error(loss[r], ref);
        worst = std::max(worst, ul);
        ASSERT_LE(ul, T().bound)
            << "cols=" << cols << " r=" << r << " eps=" << eps;
        for (size_t c = 0; c < cols; ++c) {
          ASSERT_TRUE(Close(grad[r * cols + c], rg[c], 1.0)) << c;
        }
      }
    }
  }
  printf("[%s] soft cross-entropy loss max %.3f ULP\n", GetParam().c_str(),
         worst);
}

TEST_P(SoftmaxTest, Backward) {
  uint32_t seed = 300;
  for (size_t cols : {1u, 7u, 32u, 100u, 1000u, 20000u}) {
    const size_t rows = 3;
    const auto x = Normal(rows * cols, 2.0f, seed++);
    const auto dy = Normal(rows * cols, 1.0f, seed++);
    std::vector<float> y(rows * cols), ly(rows * cols), dx(rows * cols),
        ldx(rows * cols);
    ASSERT_EQ(T().softmax(x.data(), cols, y.data(), cols, rows, cols, 1.0f),
              ACTKERN_OK);
    ASSERT_EQ(
        T().log_softmax(x.data(), cols, ly.data(), cols, rows, cols, 1.0f),
        ACTKERN_OK);
    ASSERT_EQ(actkern_softmax_backward_f32(y.data(), cols, dy.data(), cols,
                                           dx.data(), cols, rows, cols),
              ACTKERN_OK);
    ASSERT_EQ(actkern_log_softmax_backward_f32(ly.data(), cols, dy.data(), cols,
                                               ldx.data(), cols, rows, cols),
              ACTKERN_OK);
    std::vector<double> r1(cols), r2(cols);
    for (size_t r = 0; r < rows; ++r) {
      const float* yr = y.data() + r * cols;
      const float* lyr = ly.data() + r * cols;
      const float* dyr = dy.data() + r * cols;
      actkern_ref_softmax_backward(yr, dyr, cols, r1.data());
      actkern_ref_log_softmax_backward(lyr, dyr, cols, r2.data());
      double dot_abs = 0.0, sum_abs = 0.0;
      for (size_t c = 0; c < cols; ++c) {
        dot_abs += std::fabs(yr[c] * dyr[c]);
        sum_abs += std::fabs(dyr[c]);
      }
      for (size_t c = 0; c < cols; ++c) {
        ASSERT_TRUE(Close(dx[r * cols + c], r1[c],
                          std::fabs(yr[c]) * (std::fabs(dyr[c]) + dot_abs),
                          4.0))
            << "softmax_backward cols=" << cols << " c=" << c;
        ASSERT_TRUE(Close(ldx[r * cols + c], r2[c],
                          std::fabs(dyr[c]) + std::exp(lyr[c]) * sum_abs, 4.0))
            << "log_softmax_backward cols=" << cols << " c=" << c;
      }
    }
    // dx aliasing dy and y exactly: same bits.
    std::vector<float> a = dy, b = y;
    ASSERT_EQ(actkern_softmax_backward_f32(y.data(), cols, a.data(), cols,
                                           a.data(), cols, rows, cols),
              ACTKERN_OK);
    ASSERT_EQ(actkern_softmax_backward_f32(b.data(), cols, dy.data(), cols,
                                           b.data(), cols, rows, cols),
              ACTKERN_OK);
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_TRUE(SameFloat(a[i], dx[i]));
      ASSERT_TRUE(SameFloat(b[i], dx[i]));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Target, SoftmaxTest,
                         ::testing::ValuesIn(TargetsAndTiers()),
                         TargetParamName);

}  // namespace
}  // namespace test
}  // namespace actkern
