// Bias-fused activations (actkern/bias.h), every catalogued kernel (both
// tiers) on every runnable target: y = act(x + bias) bit for bit the
// activation's own entry point on the float sums, on awkward widths across
// the 512-column blocks, strided, in place, through _par on pools of several
// sizes, against guard pages, with the special sums (NaN, inf - inf) and the
// error order (nothing written).
#include <stdint.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "actkern/bias.h"
#include "actkern/thread_pool.h"
#include "hardening/guarded.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kCanary = -7777.0f;

// One test per target, each looping over every catalogued kernel (a test
// per kernel and target would be a thousand processes under CTest, mostly
// start-up time).
class Bias : public PerTarget {};

std::vector<float> Uniform(size_t n, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = d(rng);
  return v;
}

// The expected outputs: the activation's entry point on the float sums.
std::vector<float> Expected(const catalog::UnaryKernel& k,
                            const std::vector<float>& x, size_t xs,
                            const std::vector<float>& b, size_t rows,
                            size_t cols) {
  std::vector<float> sum(cols), out(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) sum[c] = x[r * xs + c] + b[c];
    EXPECT_EQ(k.run(sum.data(), out.data() + r * cols, cols), ACTKERN_OK);
  }
  return out;
}

TEST_P(Bias, SameBitsAsTheActivationOfTheSum) {
  for (const catalog::UnaryKernel& k : catalog::UnaryKernels()) {
    SCOPED_TRACE(k.name);
    for (size_t cols : {1u, 15u, 16u, 17u, 511u, 512u, 513u, 1100u}) {
      const size_t rows = 3, xs = cols + 3, ys = cols + 5;
      auto x = Uniform(rows * xs, k.bench_lo, k.bench_hi,
                       static_cast<uint32_t>(cols));
      auto b = Uniform(cols, -1.0f, 1.0f, static_cast<uint32_t>(cols + 1));
      if (cols >= 4) {               // special sums
        x[0] = kInf, b[0] = -kInf;   // inf - inf: NaN
        x[1] = std::nanf("");        // NaN + b
        x[2] = 3e38f, b[2] = 3e38f;  // overflowing sum: +inf
        x[3] = -0.0f, b[3] = -0.0f;  // -0 + -0 = -0
      }
      const auto want = Expected(k, x, xs, b, rows, cols);
      std::vector<float> y(rows * ys, kCanary);
      ASSERT_EQ(
          k.run_bias(nullptr, x.data(), xs, b.data(), y.data(), ys, rows, cols),
          ACTKERN_OK);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < ys; ++c) {
          const float got = y[r * ys + c];
          if (c >= cols) {
            ASSERT_EQ(ToBits(got), ToBits(kCanary)) << "gap written";
            continue;
          }
          ASSERT_TRUE(SameFloat(got, want[r * cols + c]))
              << k.name << " cols=" << cols << " r=" << r << " c=" << c;
        }
      }
      // In place (y == x, same stride).
      std::vector<float> z(x);
      ASSERT_EQ(
          k.run_bias(nullptr, z.data(), xs, b.data(), z.data(), xs, rows, cols),
          ACTKERN_OK);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols; ++c) {
          ASSERT_TRUE(SameFloat(z[r * xs + c], want[r * cols + c]))
              << "in place";
        }
      }
    }
  }
}

TEST_P(Bias, ParBitIdentical) {
  for (const catalog::UnaryKernel& k : catalog::UnaryKernels()) {
    SCOPED_TRACE(k.name);
    const size_t rows = 70, cols = 700;  // several row ranges
    const auto x = Uniform(rows * cols, k.bench_lo, k.bench_hi, 3);
    const auto b = Uniform(cols, -2.0f, 2.0f, 4);
    std::vector<float> want(rows * cols);
    ASSERT_EQ(k.run_bias(nullptr, x.data(), cols, b.data(), want.data(), cols,
                         rows, cols),
              ACTKERN_OK);
    for (size_t threads : {1u, 2u, 3u}) {
      ThreadPool pool(threads);
      const actkern_exec exec = pool.Exec();
      std::vector<float> y(rows * cols, kCanary);
      ASSERT_EQ(k.run_bias(&exec, x.data(), cols, b.data(), y.data(), cols,
                           rows, cols),
                ACTKERN_OK);
      for (size_t i = 0; i < y.size(); ++i) {
        ASSERT_TRUE(SameFloat(y[i], want[i])) << threads;
      }
    }
  }
}

// x, bias and y each end (or start) exactly at a guard page.
TEST_P(Bias, GuardPages) {
  for (const catalog::UnaryKernel& k : catalog::UnaryKernels()) {
    SCOPED_TRACE(k.name);
    for (size_t cols : {1u, 7u, 513u}) {
      const size_t rows = 2, n = rows * cols;
      const auto src = Uniform(n, k.bench_lo, k.bench_hi, 9);
      const auto bsrc = Uniform(cols, -1.0f, 1.0f, 10);
      const auto want = Expected(k, src, cols, bsrc, rows, cols);
      GuardedRegion rx(n * sizeof(float)), rb(cols * sizeof(float)),
          ry(n * sizeof(float));
      for (int at_begin = 0; at_begin < 2; ++at_begin) {
        float* x = at_begin ? rx.FloatsAtBegin(n) : rx.FloatsAtEnd(n);
        float* b = at_begin ? rb.FloatsAtBegin(cols) : rb.FloatsAtEnd(cols);
        float* y = at_begin ? ry.FloatsAtBegin(n) : ry.FloatsAtEnd(n);
        std::copy(src.begin(), src.end(), x);
        std::copy(bsrc.begin(), bsrc.end(), b);
        ASSERT_EQ(k.run_bias(nullptr, x, cols, b, y, cols, rows, cols),
                  ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) ASSERT_TRUE(SameFloat(y[i], want[i]));
      }
    }
  }
}

TEST_P(Bias, BadArgumentsWriteNothing) {
  for (const catalog::UnaryKernel& k : catalog::UnaryKernels()) {
    SCOPED_TRACE(k.name);
    const size_t rows = 3, cols = 8;
    std::vector<float> buf(64, 0.5f);
    const float* x = buf.data();
    const float* b = buf.data() + 24;
    std::vector<float> y(24, kCanary);
    const std::vector<float> before_y(y), before_buf(buf);
    EXPECT_EQ(
        k.run_bias(nullptr, nullptr, cols, nullptr, nullptr, cols, 0, cols),
        ACTKERN_OK);
    EXPECT_EQ(k.run_bias(nullptr, x, cols, nullptr, y.data(), cols, rows, cols),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(k.run_bias(nullptr, nullptr, cols, b, y.data(), cols, rows, cols),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(k.run_bias(nullptr, x, cols - 1, b, y.data(), cols, rows, cols),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(
        k.run_bias(nullptr, x, cols, b, y.data(), cols, SIZE_MAX / 8, cols),
        ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(y, before_y);
    // bias inside y; y one element past x.
    EXPECT_EQ(k.run_bias(nullptr, x, cols, buf.data() + 30, buf.data() + 30,
                         cols, 1, cols),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(k.run_bias(nullptr, x, cols, b, buf.data() + 1, cols, 2, cols),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(buf, before_buf);
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(Bias);

}  // namespace
}  // namespace test
}  // namespace actkern
