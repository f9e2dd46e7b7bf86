// The 16-bit softmax rows (actkern/softmax.h, "16-bit types"), once per
// runnable target and type: every output within 0.51 ULP of the 16-bit type
// against the double reference of the widened logits, row sums within the
// 16-bit rounding of their terms, the float family's special values, strides,
// in place, errors with nothing written, and _par bit identity.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "actkern/half.h"
#include "actkern/reference.h"
#include "actkern/softmax.h"
#include "actkern/thread_pool.h"
#include "hardening/guarded.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const uint16_t kCanary16 = 0x5A5A;

// One 16-bit type: its entry points and conversions.
struct Type {
  const char* name;
  decltype(&actkern_softmax_bf16) softmax, log_softmax;
  decltype(&actkern_softmax_bf16_par) softmax_par, log_softmax_par;
  decltype(&actkern_softmax_backward_bf16) softmax_backward,
      log_softmax_backward;
  decltype(&actkern_softmax_backward_bf16_par) softmax_backward_par;
  decltype(&actkern_softmax_cross_entropy_bf16) ce;
  decltype(&actkern_softmax_cross_entropy_bf16_par) ce_par;
  float (*widen)(uint16_t);
  uint16_t (*round)(double);
  double (*ulp)(uint16_t, double);
};
const Type kTypes[] = {
    {"bf16", actkern_softmax_bf16, actkern_log_softmax_bf16,
     actkern_softmax_bf16_par, actkern_log_softmax_bf16_par,
     actkern_softmax_backward_bf16, actkern_log_softmax_backward_bf16,
     actkern_softmax_backward_bf16_par, actkern_softmax_cross_entropy_bf16,
     actkern_softmax_cross_entropy_bf16_par, actkern_bf16_to_f32,
     actkern_bf16_from_double, actkern_ulp_error_bf16},
    {"f16", actkern_softmax_f16, actkern_log_softmax_f16,
     actkern_softmax_f16_par, actkern_log_softmax_f16_par,
     actkern_softmax_backward_f16, actkern_log_softmax_backward_f16,
     actkern_softmax_backward_f16_par, actkern_softmax_cross_entropy_f16,
     actkern_softmax_cross_entropy_f16_par, actkern_f16_to_f32,
     actkern_f16_from_double, actkern_ulp_error_f16},
};

std::vector<uint16_t> Logits(const Type& t, size_t n, float sigma,
                             uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, sigma);
  std::vector<uint16_t> x(n);
  for (auto& v : x) v = t.round(dist(rng));
  return x;
}

// The spacing of the 16-bit type at |v| (v finite, nonzero): 2^(e - 7) for
// bf16, 2^(e - 10) for f16, e = floor(log2 |v|), with the subnormal floors.
double Spacing(const Type& t, double v) {
  const bool bf16 = std::string(t.name) == "bf16";
  int e = std::ilogb(v);
  e = std::max(e, bf16 ? -126 : -14);
  return std::ldexp(1.0, e - (bf16 ? 7 : 10));
}

struct Stats {
  double worst = 0.0;
  size_t count = 0, correctly_rounded = 0;
};

// Checks rows x cols outputs y (stride ys) of logits x (stride xs).
void CheckRows(const Type& t, bool log, const uint16_t* x, size_t xs,
               const uint16_t* y, size_t ys, size_t rows, size_t cols,
               float scale, Stats* st, const std::string& what) {
  std::vector<float> xf(cols);
  std::vector<double> ref(cols);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) xf[c] = t.widen(x[r * xs + c]);
    (log ? actkern_ref_log_softmax : actkern_ref_softmax)(xf.data(), cols,
                                                          scale, ref.data());
    double sum = 0.0, half_ulps = 0.0;
    bool finite = true;
    for (size_t c = 0; c < cols; ++c) {
      const uint16_t got = y[r * ys + c];
      const double u = t.ulp(got, ref[c]);
      ++st->count;
      st->correctly_rounded += got == t.round(ref[c]);
      st->worst = std::max(st->worst, u);
      ASSERT_LE(u, 0.51) << what << " " << t.name << (log ? " log" : "")
                         << " cols=" << cols << " r=" << r << " c=" << c
                         << " x=" << xf[c] << " got=" << t.widen(got)
                         << " ref=" << ref[c];
      sum += t.widen(got);
      finite &= std::isfinite(ref[c]);
      // The 16-bit rounding of the term (0.51 of its spacing).
      if (ref[c] != 0.0) half_ulps += 0.51 * Spacing(t, ref[c]);
    }
    if (!log && finite) {
      EXPECT_LE(std::fabs(sum - 1.0), half_ulps + 1e-12)
          << what << " row sum, cols=" << cols;
    }
  }
}

class SoftmaxHalf : public PerTarget {};

TEST_P(SoftmaxHalf, AccuracyAndRowSums) {
  for (const Type& t : kTypes) {
    Stats st[2];
    uint32_t seed = 1;
    for (float sigma : {0.05f, 1.0f, 4.0f, 30.0f}) {
      for (size_t cols :
           {1u, 2u, 7u, 32u, 33u, 511u, 512u, 513u, 1000u, 4099u}) {
        const size_t rows = std::max<size_t>(1, 6000 / cols);
        const auto x = Logits(t, rows * cols, sigma, seed++);
        for (int log = 0; log < 2; ++log) {
          std::vector<uint16_t> y(rows * cols, kCanary16);
          for (float scale : {1.0f, 0.125f}) {
            ASSERT_EQ((log ? t.log_softmax : t.softmax)(
                          x.data(), cols, y.data(), cols, rows, cols, scale),
                      ACTKERN_OK);
            CheckRows(t, log != 0, x.data(), cols, y.data(), cols, rows, cols,
                      scale, &st[log], "normal");
          }
        }
      }
    }
    for (int log = 0; log < 2; ++log) {
      printf("[%s] %s %s: max %.4f ULP, %.4f%% correctly rounded of %zu\n",
             GetParam().c_str(), t.name, log ? "log_softmax" : "softmax",
             st[log].worst,
             100.0 * static_cast<double>(st[log].correctly_rounded) /
                 static_cast<double>(st[log].count),
             st[log].count);
    }
  }
}

TEST_P(SoftmaxHalf, SpecialRows) {
  for (const Type& t : kTypes) {
    const size_t cols = 6;
    const float rows_f[][cols] = {
        {1, 2, NAN, 4, kInf, 0},                     // NaN: all NaN
        {1, kInf, -kInf, 3, kInf, 4},                // two +inf: 1/2 each
        {-kInf, -kInf, -kInf, -kInf, -kInf, -kInf},  // all -inf: 0 / -inf
        {-kInf, 2.5f, -kInf, -kInf, -kInf, -kInf},   // one finite: 1 / 0
        {0, 0, 0, 0, 0, 0},                          // equal: 1/6
    };
    const size_t rows = sizeof(rows_f) / sizeof(rows_f[0]);
    std::vector<uint16_t> x(rows * cols);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) x[r * cols + c] = t.round(rows_f[r][c]);
    }
    std::vector<uint16_t> y(rows * cols), ly(rows * cols);
    ASSERT_EQ(t.softmax(x.data(), cols, y.data(), cols, rows, cols, 1.0f),
              ACTKERN_OK);
    ASSERT_EQ(t.log_softmax(x.data(), cols, ly.data(), cols, rows, cols, 1.0f),
              ACTKERN_OK);
    for (size_t c = 0; c < cols; ++c) {
      EXPECT_TRUE(std::isnan(t.widen(y[c])));
      EXPECT_TRUE(std::isnan(t.widen(ly[c])));
    }
    EXPECT_EQ(t.widen(y[cols + 1]), 0.5f);
    EXPECT_EQ(t.widen(y[cols + 0]), 0.0f);
    EXPECT_EQ(ly[cols + 1], t.round(-std::log(2.0)));
    for (size_t c = 0; c < cols; ++c) {
      EXPECT_EQ(y[2 * cols + c], 0) << "all -inf: +0";
      EXPECT_EQ(t.widen(ly[2 * cols + c]), -kInf);
    }
    EXPECT_EQ(t.widen(y[3 * cols + 1]), 1.0f);
    EXPECT_EQ(ly[3 * cols + 1], 0);
    EXPECT_EQ(t.widen(ly[3 * cols]), -kInf);
    for (size_t c = 0; c < cols; ++c) {
      EXPECT_EQ(y[4 * cols + c], t.round(1.0 / 6.0));
    }
    // A product that overflows float (bf16 only reaches it): exact doubles.
    if (std::string(t.name) == "bf16") {
      const uint16_t big[2] = {t.round(3e38), t.round(1e38)};
      uint16_t o[2];
      ASSERT_EQ(t.softmax(big, 2, o, 2, 1, 2, 4.0f), ACTKERN_OK);
      std::vector<float> bf = {t.widen(big[0]), t.widen(big[1])};
      double ref[2];
      actkern_ref_softmax(bf.data(), 2, 4.0f, ref);
      EXPECT_LE(t.ulp(o[0], ref[0]), 0.51);
      EXPECT_LE(t.ulp(o[1], ref[1]), 0.51);
    }
  }
}

TEST_P(SoftmaxHalf, StridesInPlaceAndPar) {
  for (const Type& t : kTypes) {
    const size_t rows = 40, cols = 1300, xs = 1307, ys = 1311;
    const auto x = Logits(t, rows * xs, 3.0f, 77);
    for (int log = 0; log < 2; ++log) {
      const auto f = log ? t.log_softmax : t.softmax;
      const auto fp = log ? t.log_softmax_par : t.softmax_par;
      std::vector<uint16_t> y(rows * ys, kCanary16);
      ASSERT_EQ(f(x.data(), xs, y.data(), ys, rows, cols, 1.0f), ACTKERN_OK);
      for (size_t r = 0; r + 1 < rows; ++r) {
        for (size_t c = cols; c < ys; ++c) {
          ASSERT_EQ(y[r * ys + c], kCanary16) << "gap written";
        }
      }
      Stats st;
      CheckRows(t, log != 0, x.data(), xs, y.data(), ys, rows, cols, 1.0f, &st,
                "strided");
      std::vector<uint16_t> z(x);
      ASSERT_EQ(f(z.data(), xs, z.data(), xs, rows, cols, 1.0f), ACTKERN_OK);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols; ++c) {
          ASSERT_EQ(z[r * xs + c], y[r * ys + c]) << "in place";
        }
      }
      for (size_t threads : {1u, 2u, 5u}) {
        ThreadPool pool(threads);
        const actkern_exec exec = pool.Exec();
        std::vector<uint16_t> w(rows * ys, kCanary16);
        ASSERT_EQ(fp(&exec, x.data(), xs, w.data(), ys, rows, cols, 1.0f),
                  ACTKERN_OK);
        ASSERT_EQ(w, y) << t.name << " par " << threads;
      }
    }
  }
}

TEST_P(SoftmaxHalf, BadArgumentsWriteNothing) {
  for (const Type& t : kTypes) {
    const size_t rows = 3, cols = 8;
    const auto x = Logits(t, 64, 1.0f, 5);
    std::vector<uint16_t> y(64, kCanary16);
    const std::vector<uint16_t> before = y;
    EXPECT_EQ(t.softmax(x.data(), cols, y.data(), cols, rows, cols, 0.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(t.log_softmax(nullptr, cols, nullptr, cols, 0, cols, NAN),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(t.softmax(nullptr, cols, nullptr, cols, 0, cols, 1.0f),
              ACTKERN_OK);
    EXPECT_EQ(t.softmax(nullptr, cols, y.data(), cols, rows, cols, 1.0f),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(t.softmax(x.data(), cols - 1, y.data(), cols, rows, cols, 1.0f),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(
        t.softmax(x.data(), cols, y.data(), cols, SIZE_MAX / 8, cols, 1.0f),
        ACTKERN_ERROR_INVALID_ARGUMENT);
    std::vector<uint16_t> xy(x);
    const std::vector<uint16_t> xy_before = xy;
    EXPECT_EQ(
        t.log_softmax(xy.data(), cols, xy.data() + 1, cols, rows, cols, 1.0f),
        ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(xy, xy_before);
    EXPECT_EQ(y, before);
  }
}

// The backward passes from the forward outputs and random dy: within 1 ULP
// of the type against the double reference of the widened values; in place
// on y and on dy; _par bits; errors.
TEST_P(SoftmaxHalf, Backward) {
  for (const Type& t : kTypes) {
    for (int log = 0; log < 2; ++log) {
      Stats st;
      for (size_t cols : {1u, 3u, 64u, 513u, 2000u}) {
        const size_t rows = 4;
        const auto x = Logits(t, rows * cols, 3.0f, 11 + cols);
        const auto dy = Logits(t, rows * cols, 1.0f, 12 + cols);
        std::vector<uint16_t> y(rows * cols), dx(rows * cols, kCanary16);
        ASSERT_EQ((log ? t.log_softmax : t.softmax)(x.data(), cols, y.data(),
                                                    cols, rows, cols, 1.0f),
                  ACTKERN_OK);
        const auto bwd = log ? t.log_softmax_backward : t.softmax_backward;
        ASSERT_EQ(
            bwd(y.data(), cols, dy.data(), cols, dx.data(), cols, rows, cols),
            ACTKERN_OK);
        std::vector<float> yf(cols), df(cols);
        std::vector<double> ref(cols);
        for (size_t r = 0; r < rows; ++r) {
          for (size_t c = 0; c < cols; ++c) {
            yf[c] = t.widen(y[r * cols + c]);
            df[c] = t.widen(dy[r * cols + c]);
          }
          (log ? actkern_ref_log_softmax_backward
               : actkern_ref_softmax_backward)(yf.data(), df.data(), cols,
                                               ref.data());
          for (size_t c = 0; c < cols; ++c) {
            const uint16_t got = dx[r * cols + c];
            const double u = t.ulp(got, ref[c]);
            ++st.count;
            st.correctly_rounded += got == t.round(ref[c]);
            st.worst = std::max(st.worst, u);
            ASSERT_LE(u, 1.0) << t.name << (log ? " log" : "") << " backward";
          }
        }
        for (int on_dy = 0; on_dy < 2; ++on_dy) {
          std::vector<uint16_t> a(y), b(dy);
          uint16_t* out = on_dy ? b.data() : a.data();
          ASSERT_EQ(bwd(a.data(), cols, b.data(), cols, out, cols, rows, cols),
                    ACTKERN_OK);
          for (size_t i = 0; i < dx.size(); ++i) ASSERT_EQ(out[i], dx[i]);
        }
        if (!log) {
          ThreadPool pool(3);
          const actkern_exec exec = pool.Exec();
          std::vector<uint16_t> p(rows * cols);
          ASSERT_EQ(t.softmax_backward_par(&exec, y.data(), cols, dy.data(),
                                           cols, p.data(), cols, rows, cols),
                    ACTKERN_OK);
          ASSERT_EQ(p, dx);
        }
        std::vector<uint16_t> untouched(dx);
        EXPECT_EQ(
            bwd(y.data(), cols, nullptr, cols, dx.data(), cols, rows, cols),
            ACTKERN_ERROR_NULL_POINTER);
        if (cols > 1) {
          EXPECT_EQ(bwd(y.data(), cols, dy.data(), cols,
                        const_cast<uint16_t*>(y.data() + 1), cols, rows, cols),
                    ACTKERN_ERROR_OVERLAP);
        }
        EXPECT_EQ(dx, untouched);
      }
      printf("[%s] %s %s backward: max %.4f ULP, %.4f%% correctly rounded\n",
             GetParam().c_str(), t.name, log ? "log_softmax" : "softmax",
             st.worst,
             100.0 * static_cast<double>(st.correctly_rounded) /
                 static_cast<double>(st.count));
    }
  }
}

// The backward passes on special and extreme values: NaN, +-inf, +-0,
// subnormal and largest finite 16-bit values, products that underflow the
// type (bf16 dx below FLT_MIN, the exact-rounding lanes), log-softmax y far
// below 0 (e^y subnormal or 0 in double) and above it. Every output: NaN
// where the reference is NaN (the quiet NaN), the reference's infinity,
// else within 1 ULP of the type. The finite rows keep the row's sum from
// cancelling catastrophically (no +-largest values mixed with small ones in
// a sum): there any summation order in double, the reference's included,
// loses the small terms and no bound holds (see docs/kernels.md).
TEST_P(SoftmaxHalf, BackwardSpecialValues) {
  for (const Type& t : kTypes) {
    const bool bf16 = std::string(t.name) == "bf16";
    const double big = bf16 ? 0x1.fep127 : 65504.0;
    const double sub = bf16 ? 0x1p-133 : 0x1p-24;
    const std::vector<double> small = {0.0, -0.0, sub, -3 * sub, 0.5,
                                       1.0, -1.0, 3.0, 0.25};
    const std::vector<double> inf_nan = {HUGE_VAL, -HUGE_VAL, NAN};
    std::mt19937 rng(77);
    for (int log = 0; log < 2; ++log) {
      const auto bwd = log ? t.log_softmax_backward : t.softmax_backward;
      std::vector<std::vector<double>> ys, dys;
      auto pick = [&](bool special) {
        const size_t k = rng() % (small.size() + (special ? 3 : 0));
        return k < small.size() ? small[k] : inf_nan[k - small.size()];
      };
      for (size_t cols : {7u, 600u}) {
        for (int k = 0; k < 12; ++k) {
          std::vector<double> y(cols), dy(cols);
          for (size_t c = 0; c < cols; ++c) {
            y[c] = pick(k >= 6);
            dy[c] = pick(k >= 9);
            if (log && k % 3 == 0 && c % 5 == 0) y[c] = c % 2 ? -720.0 : -800.0;
          }
          ys.push_back(y);
          dys.push_back(dy);
        }
      }
      // The largest finite values: overflow of dx to inf (the reference's
      // finite double beyond the type counts as its infinity).
      ys.push_back({big, 0.5, -big});
      dys.push_back({3.0, 1.0, 0.25});
      size_t exact_from = SIZE_MAX;  // rows whose double dx is exact
      if (bf16 && !log) {
        // dx = y (dy - s) about 2^-130: bf16 subnormal, below FLT_MIN.
        ys.push_back({0x1p-100, 0x1p-110, 1.0, 0.0});
        dys.push_back({0x1p-30, 0x1p-20, 0.0, 1.0});
        // dx_0 = y0 dy0 (1 - y0) = 2.5 2^-133 (1 + 2^-20), exact in double:
        // a float rounds it onto the bf16 midpoint 2.5 2^-133 (its spacing
        // there is 2^-149), whose even neighbour 2 2^-133 is wrong; the
        // correct rounding is 3 2^-133.
        exact_from = ys.size();
        ys.push_back({-0x1p-20, 0.0});
        dys.push_back({-2.5 * 0x1p-113, 1.0});
      }
      if (log) {
        // e^y: subnormal in double, 0, and y > 0 taken as given.
        ys.push_back({-720.0, -800.0, -HUGE_VAL, 3.0, -1.0});
        dys.push_back({1.0, -1.0, 0.5, 0.25, 2.0});
      }
      for (size_t row = 0; row < ys.size(); ++row) {
        const size_t cols = ys[row].size();
        std::vector<uint16_t> y(cols), dy(cols), dx(cols, kCanary16);
        std::vector<float> yf(cols), df(cols);
        for (size_t c = 0; c < cols; ++c) {
          y[c] = t.round(ys[row][c]);
          dy[c] = t.round(dys[row][c]);
          yf[c] = t.widen(y[c]);
          df[c] = t.widen(dy[c]);
        }
        ASSERT_EQ(
            bwd(y.data(), cols, dy.data(), cols, dx.data(), cols, 1, cols),
            ACTKERN_OK);
        std::vector<double> ref(cols);
        (log ? actkern_ref_log_softmax_backward : actkern_ref_softmax_backward)(
            yf.data(), df.data(), cols, ref.data());
        for (size_t c = 0; c < cols; ++c) {
          const float got = t.widen(dx[c]);
          const std::string where =
              std::string(t.name) + (log ? " log" : "") + " row " +
              std::to_string(row) + " c " + std::to_string(c) +
              " y=" + std::to_string(yf[c]) + " dy=" + std::to_string(df[c]);
          if (std::isnan(ref[c])) {
            ASSERT_TRUE(std::isnan(got)) << where;
            ASSERT_EQ(dx[c] & 0x7FFF, bf16 ? 0x7FC0 : 0x7E00) << where;
          } else if (std::isinf(ref[c])) {
            ASSERT_EQ(got, ref[c]) << where;
          } else {
            ASSERT_LE(t.ulp(dx[c], ref[c]), 1.0)
                << where << " got " << got << " ref " << ref[c];
            if (row >= exact_from) {
              ASSERT_EQ(dx[c], t.round(ref[c])) << where << " got " << got;
            }
          }
        }
      }
    }
  }
}

// Every input and output against a guard page, at both ends of its region:
// nothing outside a row's footprint is touched (a stray access faults).
// Fused cross-entropy over 16-bit logits against the double reference of the
// widened logits: the loss within 4 float ULP, every gradient element within
// 0.51 ULP of the type without smoothing (with it, 0.51 ULP + 2^-20 (p + q)
// absolute, where softmax - q cancels); ignored rows; MEAN and SUM with the
// gradient in place.
constexpr int32_t kIgnore = -7;

// p_l - q_l of the label column as -(sum of the other terms) / S + eps -
// eps / n: the reference's p_l - 1 cancels in double when p_l is near 1
// (confident rows), this does not.
double LabelGradient(const std::vector<float>& z, int32_t label, float eps) {
  double m = -HUGE_VAL;
  for (float v : z) m = std::max(m, static_cast<double>(v));
  double others = 0.0, s = 0.0;
  for (size_t c = 0; c < z.size(); ++c) {
    const double e = std::exp(static_cast<double>(z[c]) - m);
    s += e;
    if (static_cast<int32_t>(c) != label) others += e;
  }
  return -others / s + eps - static_cast<double>(eps) / z.size();
}

TEST_P(SoftmaxHalf, CrossEntropy) {
  for (const Type& t : kTypes) {
    Stats st;
    double worst_loss = 0.0;
    uint32_t seed = 300;
    for (float sigma : {0.05f, 1.0f, 4.0f, 30.0f}) {
      for (size_t cols : {1u, 2u, 10u, 33u, 512u, 513u, 1000u, 4099u}) {
        const size_t rows = std::max<size_t>(3, 6000 / cols);
        auto z = Logits(t, rows * cols, sigma, seed++);
        std::mt19937 rng(seed);
        std::vector<int32_t> labels(rows);
        for (size_t r = 0; r < rows; ++r) {
          labels[r] = static_cast<int32_t>(rng() % cols);
          // Confident rows: the label is the max by far (p_l - 1 cancels).
          if (r % 3 == 0) z[r * cols + labels[r]] = t.round(8.0 * sigma + 6.0);
        }
        labels[rows - 1] = kIgnore;
        for (float eps : {0.0f, 0.1f}) {
          std::vector<float> loss(rows, -1.0f);
          std::vector<uint16_t> g(rows * cols, kCanary16);
          ASSERT_EQ(
              t.ce(z.data(), cols, labels.data(), loss.data(), g.data(), cols,
                   rows, cols, kIgnore, eps, ACTKERN_REDUCTION_NONE),
              ACTKERN_OK);
          std::vector<float> zf(cols);
          std::vector<double> rg(cols);
          double total = 0.0;
          size_t n_valid = 0;
          for (size_t r = 0; r < rows; ++r) {
            if (labels[r] == kIgnore) {
              EXPECT_EQ(loss[r], 0.0f);
              for (size_t c = 0; c < cols; ++c) EXPECT_EQ(g[r * cols + c], 0);
              continue;
            }
            for (size_t c = 0; c < cols; ++c) zf[c] = t.widen(z[r * cols + c]);
            const double ref = actkern_ref_softmax_cross_entropy(
                zf.data(), cols, labels[r], eps, rg.data());
            total += ref;
            ++n_valid;
            rg[labels[r]] = LabelGradient(zf, labels[r], eps);
            const double lu = actkern_ulp_error(loss[r], ref);
            worst_loss = std::max(worst_loss, lu);
            ASSERT_LE(lu, 4.0) << t.name << " cols=" << cols << " r=" << r
                               << " loss=" << loss[r] << " ref=" << ref
                               << " label=" << labels[r];
            for (size_t c = 0; c < cols; ++c) {
              const uint16_t got = g[r * cols + c];
              const double q =
                  (static_cast<int32_t>(c) == labels[r] ? 1.0 - eps : 0.0) +
                  static_cast<double>(eps) / cols;
              const double slack =
                  eps == 0.0f ? 0.0 : 0x1p-20 * (rg[c] + 2.0 * q);
              const double err = std::fabs(t.widen(got) - rg[c]);
              const double allowed =
                  (rg[c] == 0.0 ? 0.0 : 0.51 * Spacing(t, rg[c])) + slack;
              if (eps == 0.0f) {
                ++st.count;
                st.correctly_rounded += got == t.round(rg[c]);
                st.worst = std::max(st.worst, t.ulp(got, rg[c]));
              }
              ASSERT_LE(err, allowed)
                  << t.name << " eps=" << eps << " cols=" << cols << " r=" << r
                  << " c=" << c << " label=" << labels[r]
                  << " got=" << t.widen(got) << " ref=" << rg[c];
            }
          }
          // MEAN with the gradient in place, SUM without a gradient; the
          // MEAN gradient is the NONE one over n_valid, rounded once.
          float mean = -1.0f, sum = -1.0f;
          std::vector<uint16_t> zg(z);
          ASSERT_EQ(t.ce(zg.data(), cols, labels.data(), &mean, zg.data(), cols,
                         rows, cols, kIgnore, eps, ACTKERN_REDUCTION_MEAN),
                    ACTKERN_OK);
          ASSERT_EQ(t.ce(z.data(), cols, labels.data(), &sum, nullptr, 0, rows,
                         cols, kIgnore, eps, ACTKERN_REDUCTION_SUM),
                    ACTKERN_OK);
          EXPECT_LE(actkern_ulp_error(mean, total / n_valid), 4.0);
          EXPECT_LE(actkern_ulp_error(sum, total), 4.0);
          if (eps == 0.0f) {
            for (size_t r = 0; r + 1 < rows; ++r) {
              for (size_t c = 0; c < cols; ++c)
                zf[c] = t.widen(z[r * cols + c]);
              actkern_ref_softmax_cross_entropy(zf.data(), cols, labels[r],
                                                0.0f, rg.data());
              rg[labels[r]] = LabelGradient(zf, labels[r], 0.0f);
              for (size_t c = 0; c < cols; ++c) {
                ASSERT_LE(t.ulp(zg[r * cols + c], rg[c] / n_valid), 0.51)
                    << t.name << " mean grad cols=" << cols << " r=" << r;
              }
            }
          }
        }
      }
    }
    printf(
        "[%s] %s cross-entropy: loss max %.3f float ULP; gradient (no "
        "smoothing) max %.4f ULP, %.4f%% correctly rounded of %zu\n",
        GetParam().c_str(), t.name, worst_loss, st.worst,
        100.0 * static_cast<double>(st.correctly_rounded) /
            static_cast<double>(st.count),
        st.count);
  }
}

// Non-finite logits take the float family's rules: NaN -> NaN loss and
// gradient; +inf logits share the mass; an all -inf row has loss +inf.
TEST_P(SoftmaxHalf, CrossEntropySpecialRows) {
  for (const Type& t : kTypes) {
    const size_t cols = 5;
    const uint16_t inf = t.round(kInf), ninf = t.round(-kInf);
    const uint16_t one = t.round(1.0), nan = t.round(NAN);
    const std::vector<uint16_t> z = {one,  nan,  one,  one,  one,  // NaN
                                     one,  inf,  one,  inf,  one,  // +inf x2
                                     ninf, ninf, ninf, ninf, ninf};
    const std::vector<int32_t> labels = {0, 3, 2};
    std::vector<float> loss(3);
    std::vector<uint16_t> g(15, kCanary16);
    ASSERT_EQ(t.ce(z.data(), cols, labels.data(), loss.data(), g.data(), cols,
                   3, cols, -100, 0.0f, ACTKERN_REDUCTION_NONE),
              ACTKERN_OK);
    EXPECT_TRUE(std::isnan(loss[0]));
    for (size_t c = 0; c < cols; ++c) EXPECT_TRUE(std::isnan(t.widen(g[c])));
    std::vector<float> zf(cols);
    std::vector<double> rg(cols);
    for (size_t r = 1; r < 3; ++r) {
      for (size_t c = 0; c < cols; ++c) zf[c] = t.widen(z[r * cols + c]);
      const double ref = actkern_ref_softmax_cross_entropy(
          zf.data(), cols, labels[r], 0.0f, rg.data());
      EXPECT_LE(actkern_ulp_error(loss[r], ref), 4.0) << r;
      for (size_t c = 0; c < cols; ++c) {
        EXPECT_LE(t.ulp(g[r * cols + c], rg[c]), 0.51) << r << " " << c;
      }
    }
    EXPECT_EQ(loss[2], kInf);
  }
}

// The statuses of bad calls are the float function's, in the same order, and
// nothing is written; _par bits equal the plain call's for every pool.
TEST_P(SoftmaxHalf, CrossEntropyErrorsAndPar) {
  for (const Type& t : kTypes) {
    const size_t rows = 4, cols = 9;
    const auto z = Logits(t, rows * cols, 2.0f, 9);
    std::vector<float> zf(rows * cols);
    for (size_t i = 0; i < zf.size(); ++i) zf[i] = t.widen(z[i]);
    struct Call {
      std::vector<int32_t> labels;
      float eps;
      int reduction;
      size_t stride;
      bool null_loss;
    };
    const Call calls[] = {
        {{0, 1, 9, 2}, 0.0f, ACTKERN_REDUCTION_NONE, cols, false},
        {{0, 1, -1, 2}, 0.0f, ACTKERN_REDUCTION_MEAN, cols, false},
        {{0, 1, 2, 3}, 1.5f, ACTKERN_REDUCTION_NONE, cols, false},
        {{0, 1, 2, 3}, NAN, ACTKERN_REDUCTION_SUM, cols, false},
        {{0, 1, 2, 3}, 0.0f, 7, cols, false},
        {{0, 1, 2, 3}, 0.0f, ACTKERN_REDUCTION_NONE, cols - 1, false},
        {{0, 1, 2, 3}, 0.0f, ACTKERN_REDUCTION_NONE, cols, true},
    };
    for (const Call& k : calls) {
      actkern_reduction red;
      memcpy(&red, &k.reduction, sizeof(red));
      std::vector<float> loss(rows, -1.0f), loss32(rows, -1.0f);
      std::vector<uint16_t> g(rows * cols, kCanary16);
      std::vector<float> g32(rows * cols, -1.0f);
      const actkern_status got =
          t.ce(z.data(), k.stride, k.labels.data(),
               k.null_loss ? nullptr : loss.data(), g.data(), cols, rows, cols,
               -100, k.eps, red);
      const actkern_status want = actkern_softmax_cross_entropy_f32(
          zf.data(), k.stride, k.labels.data(),
          k.null_loss ? nullptr : loss32.data(), g32.data(), cols, rows, cols,
          -100, k.eps, red);
      EXPECT_NE(got, ACTKERN_OK);
      EXPECT_EQ(got, want) << t.name;
      EXPECT_EQ(loss, std::vector<float>(rows, -1.0f));
      EXPECT_EQ(g, std::vector<uint16_t>(rows * cols, kCanary16));
    }
    // Overlapping grad and loss; labels may be NULL only when rows == 0.
    std::vector<uint16_t> zz(z);
    const int32_t labels[4] = {0, 1, 2, 3};
    EXPECT_EQ(
        t.ce(zz.data(), cols, labels, reinterpret_cast<float*>(zz.data()),
             zz.data(), cols, rows, cols, -100, 0.0f, ACTKERN_REDUCTION_NONE),
        ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(zz, z);
    EXPECT_EQ(t.ce(z.data(), cols, nullptr, nullptr, nullptr, 0, 0, cols, -100,
                   0.0f, ACTKERN_REDUCTION_NONE),
              ACTKERN_OK);
    // _par: the same bits for every pool, losses included.
    const size_t big_rows = 300, big_cols = 700;
    const auto zb = Logits(t, big_rows * big_cols, 3.0f, 11);
    std::vector<int32_t> lb(big_rows);
    for (size_t r = 0; r < big_rows; ++r)
      lb[r] = static_cast<int32_t>(r * 7 % big_cols);
    for (actkern_reduction red :
         {ACTKERN_REDUCTION_NONE, ACTKERN_REDUCTION_MEAN}) {
      std::vector<float> l1(big_rows, -1.0f);
      std::vector<uint16_t> g1(zb.size());
      ASSERT_EQ(t.ce(zb.data(), big_cols, lb.data(), l1.data(), g1.data(),
                     big_cols, big_rows, big_cols, -100, 0.05f, red),
                ACTKERN_OK);
      for (size_t threads : {1u, 2u, 5u}) {
        ThreadPool pool(threads);
        const actkern_exec exec = pool.Exec();
        std::vector<float> l2(big_rows, -1.0f);
        std::vector<uint16_t> g2(zb.size());
        ASSERT_EQ(
            t.ce_par(&exec, zb.data(), big_cols, lb.data(), l2.data(),
                     g2.data(), big_cols, big_rows, big_cols, -100, 0.05f, red),
            ACTKERN_OK);
        EXPECT_EQ(g2, g1) << t.name << " " << threads;
        EXPECT_EQ(memcmp(l1.data(), l2.data(), sizeof(float) * big_rows), 0);
      }
    }
  }
}

TEST_P(SoftmaxHalf, GuardPages) {
  for (const Type& t : kTypes) {
    for (size_t cols : {1u, 7u, 512u, 513u, 1029u}) {
      const size_t rows = 2, stride = cols + 3;
      const size_t n = (rows - 1) * stride + cols;
      const auto src = Logits(t, n, 2.0f, static_cast<uint32_t>(cols));
      std::vector<uint16_t> want(n, kCanary16);
      ASSERT_EQ(
          t.softmax(src.data(), stride, want.data(), stride, rows, cols, 1.0f),
          ACTKERN_OK);
      GuardedRegion rx(n * sizeof(uint16_t)), ry(n * sizeof(uint16_t));
      for (int at_begin = 0; at_begin < 2; ++at_begin) {
        uint16_t* x = at_begin ? rx.AtBegin<uint16_t>() : rx.AtEnd<uint16_t>(n);
        uint16_t* y = at_begin ? ry.AtBegin<uint16_t>() : ry.AtEnd<uint16_t>(n);
        std::copy(src.begin(), src.end(), x);
        std::fill(y, y + n, kCanary16);
        for (int log = 0; log < 2; ++log) {
          ASSERT_EQ((log ? t.log_softmax : t.softmax)(x, stride, y, stride,
                                                      rows, cols, 1.0f),
                    ACTKERN_OK);
        }
        ASSERT_EQ(t.softmax(x, stride, y, stride, rows, cols, 1.0f),
                  ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(y[i], want[i]) << i;
        ASSERT_EQ(t.log_softmax(x, stride, x, stride, rows, cols, 1.0f),
                  ACTKERN_OK);  // in place against the guard
        // Cross-entropy: logits, gradient (in place too) and the loss
        // against guards.
        std::copy(src.begin(), src.end(), x);
        GuardedRegion rl(rows * sizeof(float)), rlab(rows * sizeof(int32_t));
        float* loss = at_begin ? rl.AtBegin<float>() : rl.AtEnd<float>(rows);
        int32_t* labels =
            at_begin ? rlab.AtBegin<int32_t>() : rlab.AtEnd<int32_t>(rows);
        labels[0] = static_cast<int32_t>(cols - 1);
        labels[1] = 0;
        ASSERT_EQ(t.ce(x, stride, labels, loss, y, stride, rows, cols, -100,
                       0.1f, ACTKERN_REDUCTION_NONE),
                  ACTKERN_OK);
        ASSERT_EQ(t.ce(x, stride, labels, loss, x, stride, rows, cols, -100,
                       0.0f, ACTKERN_REDUCTION_MEAN),
                  ACTKERN_OK);
      }
    }
  }
}

// FNV-1a 64 of the outputs of a fixed input set built from integers only
// (the same bits on every architecture): every FMA target must give
// kFmaHash, here and in the emulated Arm runs (NEON, SVE at every width).
// On a deliberate change of the arithmetic, the failure prints the new hash.
TEST_P(SoftmaxHalf, BitsMatchOnEveryFmaTarget) {
  uint64_t h = 0xcbf29ce484222325ull;
  std::mt19937 rng(2024);
  for (const Type& t : kTypes) {
    for (size_t cols : {1u, 5u, 33u, 512u, 700u, 1300u}) {
      const size_t rows = 3;
      std::vector<uint16_t> x(rows * cols), y(rows * cols);
      for (auto& v : x) {
        const int32_t i = static_cast<int16_t>(rng() & 0xFFFF);
        v = t.round(static_cast<double>(i) / 2048.0);
      }
      for (int log = 0; log < 2; ++log) {
        for (float scale : {1.0f, 0.3f}) {
          ASSERT_EQ((log ? t.log_softmax : t.softmax)(x.data(), cols, y.data(),
                                                      cols, rows, cols, scale),
                    ACTKERN_OK);
          for (uint16_t v : y) {
            h = (h ^ (v & 0xFF)) * 0x100000001b3ull;
            h = (h ^ (v >> 8)) * 0x100000001b3ull;
          }
        }
      }
    }
  }
  // The cross-entropy rows of the same kind of input: losses and gradients.
  uint64_t hc = 0xcbf29ce484222325ull;
  for (const Type& t : kTypes) {
    for (size_t cols : {1u, 5u, 33u, 512u, 700u, 1300u}) {
      const size_t rows = 3;
      std::vector<uint16_t> x(rows * cols), g(rows * cols);
      for (auto& v : x) {
        const int32_t i = static_cast<int16_t>(rng() & 0xFFFF);
        v = t.round(static_cast<double>(i) / 2048.0);
      }
      const int32_t labels[rows] = {0, static_cast<int32_t>(cols / 2),
                                    static_cast<int32_t>(cols - 1)};
      for (float eps : {0.0f, 0.1f}) {
        float loss[rows];
        ASSERT_EQ(t.ce(x.data(), cols, labels, loss, g.data(), cols, rows, cols,
                       -100, eps, ACTKERN_REDUCTION_NONE),
                  ACTKERN_OK);
        for (uint16_t v : g) {
          hc = (hc ^ (v & 0xFF)) * 0x100000001b3ull;
          hc = (hc ^ (v >> 8)) * 0x100000001b3ull;
        }
        for (float l : loss) {
          uint32_t b;
          memcpy(&b, &l, sizeof(b));
          for (int k = 0; k < 4; ++k) {
            hc = (hc ^ ((b >> (8 * k)) & 0xFF)) * 0x100000001b3ull;
          }
        }
      }
    }
  }
  // The backward passes of integer-built y and dy (not forward outputs,
  // whose bits are FMA-dependent): IEEE double operations only, so the same
  // bits on every target, FMA or not.
  uint64_t hb = 0xcbf29ce484222325ull;
  for (const Type& t : kTypes) {
    for (size_t cols : {1u, 5u, 33u, 512u, 700u, 1300u}) {
      const size_t rows = 3;
      std::vector<uint16_t> y(rows * cols), dy(rows * cols), dx(rows * cols);
      for (size_t i = 0; i < y.size(); ++i) {
        const int32_t a = static_cast<int16_t>(rng() & 0xFFFF);
        const int32_t b = static_cast<int16_t>(rng() & 0xFFFF);
        y[i] = t.round(static_cast<double>(a) / 65536.0 - 0.25);
        dy[i] = t.round(static_cast<double>(b) / 4096.0);
      }
      for (int log = 0; log < 2; ++log) {
        ASSERT_EQ(
            (log ? t.log_softmax_backward : t.softmax_backward)(
                y.data(), cols, dy.data(), cols, dx.data(), cols, rows, cols),
            ACTKERN_OK);
        for (uint16_t v : dx) {
          hb = (hb ^ (v & 0xFF)) * 0x100000001b3ull;
          hb = (hb ^ (v >> 8)) * 0x100000001b3ull;
        }
      }
    }
  }
  constexpr uint64_t kBackwardHash = 0xb916314d7844c266ull;
  EXPECT_EQ(hb, kBackwardHash) << std::hex << "backward hash 0x" << hb;
  constexpr uint64_t kFmaHash = 0xa06cdefbf0a6aeccull;
  constexpr uint64_t kCrossEntropyFmaHash = 0xcd0f69241b2ac0b5ull;
  if (!IsFmaTarget(GetParam())) {
    printf("[%s] (no FMA: own bits) hashes %016llx %016llx\n",
           GetParam().c_str(), static_cast<unsigned long long>(h),
           static_cast<unsigned long long>(hc));
    return;
  }
  EXPECT_EQ(h, kFmaHash) << std::hex << "hash 0x" << h;
  EXPECT_EQ(hc, kCrossEntropyFmaHash)
      << std::hex << "cross-entropy hash 0x" << hc;
}

ACTKERN_INSTANTIATE_PER_TARGET(SoftmaxHalf);

}  // namespace
}  // namespace test
}  // namespace actkern
