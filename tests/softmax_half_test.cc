// The 16-bit softmax rows (actkern/softmax.h, "16-bit types"), once per
// runnable target and type: every output within 0.51 ULP of the 16-bit type
// against the double reference of the widened logits, row sums within the
// 16-bit rounding of their terms, the float family's special values, strides,
// in place, errors with nothing written, and _par bit identity.
#include <math.h>
#include <stdint.h>

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
  float (*widen)(uint16_t);
  uint16_t (*round)(double);
  double (*ulp)(uint16_t, double);
};
const Type kTypes[] = {
    {"bf16", actkern_softmax_bf16, actkern_log_softmax_bf16,
     actkern_softmax_bf16_par, actkern_log_softmax_bf16_par,
     actkern_softmax_backward_bf16, actkern_log_softmax_backward_bf16,
     actkern_softmax_backward_bf16_par, actkern_bf16_to_f32,
     actkern_bf16_from_double, actkern_ulp_error_bf16},
    {"f16", actkern_softmax_f16, actkern_log_softmax_f16,
     actkern_softmax_f16_par, actkern_log_softmax_f16_par,
     actkern_softmax_backward_f16, actkern_log_softmax_backward_f16,
     actkern_softmax_backward_f16_par, actkern_f16_to_f32,
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

// Every input and output against a guard page, at both ends of its region:
// nothing outside a row's footprint is touched (a stray access faults).
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
  constexpr uint64_t kFmaHash = 0xa06cdefbf0a6aeccull;
  if (!IsFmaTarget(GetParam())) {
    printf("[%s] (no FMA: own bits) hash %016llx\n", GetParam().c_str(),
           static_cast<unsigned long long>(h));
    return;
  }
  EXPECT_EQ(h, kFmaHash) << std::hex << "hash 0x" << h;
}

ACTKERN_INSTANTIATE_PER_TARGET(SoftmaxHalf);

}  // namespace
}  // namespace test
}  // namespace actkern
