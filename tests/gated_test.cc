// Gated activations (actkern/gated.h) on every runnable target: forward
// (both tiers) and backward against the double references of the
// activation (y = act(gate) * up, d_gate = dy * up * act'(gate),
// d_up = dy * act(gate)), within 2B + 0.5 ULP (B the activation's bound);
// special values; both layouts (two tensors, and F.glu's one tensor with the
// gate in its second half); edge sizes, strides and in place; bad arguments
// leave every output untouched; the _par forms give the plain call's bits
// for every pool.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/reference.h"
#include "actkern/thread_pool.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

using catalog::GatedKernel;

class Gated : public PerKernelTarget {
 protected:
  void SetUp() override {
    for (const auto& k : catalog::GatedKernels()) {
      if (k.name == GetParam().kernel) kernel_ = &k;
    }
    ASSERT_NE(kernel_, nullptr);
    act_ = catalog::FindUnary(kernel_->activation);
    ASSERT_NE(act_, nullptr);
    if (!kernel_->activation_fast.empty()) {
      act_fast_ = catalog::FindUnary(kernel_->activation_fast);
      ASSERT_NE(act_fast_, nullptr);
    }
    bwd_ = catalog::FindBackward(kernel_->activation + "_backward");
    ASSERT_NE(bwd_, nullptr);
    PinTarget();
  }
  const GatedKernel* kernel_ = nullptr;
  const catalog::UnaryKernel* act_ = nullptr;
  const catalog::UnaryKernel* act_fast_ = nullptr;
  const catalog::BackwardKernel* bwd_ = nullptr;
};

// Gates over the activation's interesting range and beyond, with a few
// random bit patterns; up values of every magnitude and sign.
std::vector<float> Gates(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-12.0f, 12.0f);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = i % 53 == 0 ? FromBits(rng() & 0xBF7FFFFFu) : u(rng);  // finite
  }
  return v;
}
std::vector<float> Ups(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> m(1.0f, 2.0f);
  std::uniform_int_distribution<int> e(-20, 20);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = std::ldexp(m(rng), e(rng)) * ((rng() & 1) ? -1.0f : 1.0f);
  }
  return v;
}

TEST_P(Gated, ForwardWithinBound) {
  const size_t rows = 7, cols = 1500;
  const std::vector<float> g = Gates(rows * cols, 1), u = Ups(rows * cols, 2);
  std::vector<float> y(rows * cols);
  for (int fast = 0; fast < 2; ++fast) {
    if (fast && kernel_->run_fast == nullptr) continue;
    const catalog::UnaryKernel* a = fast ? act_fast_ : act_;
    const auto run = fast ? kernel_->run_fast : kernel_->run;
    ASSERT_EQ(run(g.data(), cols, u.data(), cols, y.data(), cols, rows, cols),
              ACTKERN_OK);
    const double bound = 2.0 * a->max_ulp + 0.5;
    double worst = 0.0;
    for (size_t i = 0; i < y.size(); ++i) {
      const double ra = a->reference(g[i]);
      const double r = ra * static_cast<double>(u[i]);
      const double e = actkern_ulp_error(y[i], r);
      // Where act(gate) is subnormal its error is absolute (B ULP of
      // 2^-149), and so is the product's: B 2^-149 |up| + half a ULP of y.
      if (std::fabs(ra) < 0x1p-126) {
        ASSERT_LE(std::fabs(static_cast<double>(y[i]) - r),
                  a->max_ulp * 0x1p-149 * std::fabs(u[i]) +
                      0.5 * std::max(0x1p-149, std::fabs(r) * 0x1p-23))
            << kernel_->name << " gate=" << g[i] << " up=" << u[i];
        continue;
      }
      worst = std::max(worst, e);
      ASSERT_LE(e, bound) << kernel_->name << (fast ? " fast" : "")
                          << " gate=" << g[i] << " up=" << u[i];
    }
    RecordProperty(fast ? "max_ulp_fast" : "max_ulp", std::to_string(worst));
  }
}

TEST_P(Gated, BackwardWithinBound) {
  const size_t rows = 5, cols = 1100;
  const std::vector<float> g = Gates(rows * cols, 3), u = Ups(rows * cols, 4),
                           dy = Ups(rows * cols, 5);
  std::vector<float> dg(rows * cols), du(rows * cols);
  ASSERT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            dg.data(), cols, du.data(), cols, rows, cols),
      ACTKERN_OK);
  for (size_t i = 0; i < dg.size(); ++i) {
    const double a = act_->reference(g[i]);
    // d_up = dy * act(gate) (absolute where act(gate) is subnormal, as in
    // the forward test).
    if (std::fabs(a) >= 0x1p-126) {
      ASSERT_LE(actkern_ulp_error(du[i], static_cast<double>(dy[i]) * a),
                2.0 * act_->max_ulp + 0.5)
          << kernel_->name << " d_up gate=" << g[i];
    }
    if (bwd_->takes_y) {
      // glu: d_gate = (dy up) sigmoid(gate) sigmoid(-gate), three
      // roundings and two sigmoids of B ULP each: (4B + 3) ULP at most.
      const double ref = static_cast<double>(dy[i]) *
                         static_cast<double>(u[i]) * a *
                         act_->reference(-static_cast<double>(g[i]));
      if (std::fabs(ref) >= 0x1p-126) {
        ASSERT_LE(actkern_ulp_error(dg[i], ref), 4.0 * act_->max_ulp + 3.0)
            << kernel_->name << " d_gate gate=" << g[i] << " up=" << u[i]
            << " dy=" << dy[i];
      }
      continue;
    }
    // d_gate: the activation's backward kernel at t = fl(dy * up): its bound
    // (ULP, or absolute near the derivative's zeros) plus t's rounding
    // (2^-24 relative: 1 ULP, or |ref| 2^-24 in the absolute form).
    const float t = dy[i] * u[i];
    const double in = static_cast<double>(g[i]);
    const double ref = bwd_->reference(
        in, static_cast<double>(dy[i]) * static_cast<double>(u[i]));
    double ulp = actkern_ulp_error(dg[i], ref);
    bool ok = ulp <= bwd_->max_ulp + 1.0;
    if (!ok && bwd_->abs_terms != nullptr) {
      ok = std::fabs(static_cast<double>(dg[i]) - ref) <=
           4.0 * std::ldexp(1.0, -24) * std::fabs(static_cast<double>(t)) *
                   bwd_->abs_terms(in) +
               std::fabs(ref) * std::ldexp(1.0, -24);
    }
    ASSERT_TRUE(ok) << kernel_->name << " d_gate gate=" << g[i]
                    << " up=" << u[i] << " dy=" << dy[i] << " got " << dg[i]
                    << " ref " << ref << " (" << ulp << " ULP)";
  }
}

// NaN in either operand gives NaN; act(gate) = 0 times inf is NaN; inf
// gates follow the activation's limits.
TEST_P(Gated, SpecialValues) {
  const float kNan = std::numeric_limits<float>::quiet_NaN();
  const float kInf = HUGE_VALF;
  const std::vector<float> g = {kNan, 1.0f, kInf, -kInf, -kInf, 0.0f, 2.0f};
  const std::vector<float> u = {1.0f, kNan, 2.0f, 3.0f, kInf, kInf, -0.0f};
  std::vector<float> y(g.size());
  ASSERT_EQ(kernel_->run(g.data(), g.size(), u.data(), u.size(), y.data(),
                         y.size(), 1, g.size()),
            ACTKERN_OK);
  std::vector<float> a(g.size());
  ASSERT_EQ(act_->run(g.data(), a.data(), g.size()), ACTKERN_OK);
  for (size_t i = 0; i < g.size(); ++i) {
    EXPECT_TRUE(SameFloat(y[i], a[i] * u[i]))
        << kernel_->name << " gate=" << g[i] << " up=" << u[i] << ": " << y[i];
  }
  EXPECT_TRUE(std::isnan(y[0]) && std::isnan(y[1]));
  EXPECT_TRUE(std::isnan(y[4]));  // act(-inf) = 0 (or -0) times inf
}

// The one-tensor layout of F.glu: rows x 2 cols, value in the first half,
// gate in the second; the same bits as the two-tensor call. Also strides
// above cols, every edge size, and in place (y == gate, y == up).
TEST_P(Gated, LayoutsEdgeSizesInPlace) {
  for (size_t cols : {size_t{1}, size_t{3}, size_t{15}, size_t{16}, size_t{17},
                      size_t{511}, size_t{512}, size_t{513}, size_t{1031}}) {
    const size_t rows = 3;
    const std::vector<float> g = Gates(rows * cols, 7), u = Ups(rows * cols, 8);
    std::vector<float> want(rows * cols);
    ASSERT_EQ(kernel_->run(g.data(), cols, u.data(), cols, want.data(), cols,
                           rows, cols),
              ACTKERN_OK);
    // One tensor [rows, 2 cols]: up | gate; output with a gap after each row.
    std::vector<float> x(rows * 2 * cols);
    for (size_t r = 0; r < rows; ++r) {
      std::copy(u.begin() + r * cols, u.begin() + (r + 1) * cols,
                x.begin() + r * 2 * cols);
      std::copy(g.begin() + r * cols, g.begin() + (r + 1) * cols,
                x.begin() + r * 2 * cols + cols);
    }
    const size_t ys = cols + 5;
    std::vector<float> y(rows * ys, 1234.5f);
    ASSERT_EQ(kernel_->run(x.data() + cols, 2 * cols, x.data(), 2 * cols,
                           y.data(), ys, rows, cols),
              ACTKERN_OK);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < ys; ++c) {
        if (c < cols) {
          ASSERT_TRUE(SameFloat(y[r * ys + c], want[r * cols + c]))
              << kernel_->name << " cols=" << cols;
        } else {
          ASSERT_EQ(y[r * ys + c], 1234.5f) << "gap written";
        }
      }
    }
    std::vector<float> gi = g, ui = u;
    ASSERT_EQ(kernel_->run(gi.data(), cols, u.data(), cols, gi.data(), cols,
                           rows, cols),
              ACTKERN_OK);
    ASSERT_EQ(kernel_->run(g.data(), cols, ui.data(), cols, ui.data(), cols,
                           rows, cols),
              ACTKERN_OK);
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_TRUE(SameFloat(gi[i], want[i])) << "y == gate";
      ASSERT_TRUE(SameFloat(ui[i], want[i])) << "y == up";
    }
  }
}

TEST_P(Gated, BackwardInPlace) {
  const size_t rows = 2, cols = 700;
  const std::vector<float> g = Gates(rows * cols, 9), u = Ups(rows * cols, 10),
                           dy = Ups(rows * cols, 11);
  std::vector<float> dg(rows * cols), du(rows * cols);
  ASSERT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            dg.data(), cols, du.data(), cols, rows, cols),
      ACTKERN_OK);
  // d_gate == gate, d_up == up.
  std::vector<float> g2 = g, u2 = u, d2 = dy;
  ASSERT_EQ(
      kernel_->run_backward(g2.data(), cols, u2.data(), cols, dy.data(), cols,
                            g2.data(), cols, u2.data(), cols, rows, cols),
      ACTKERN_OK);
  // d_up == dy.
  std::vector<float> dg3(rows * cols);
  ASSERT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, d2.data(), cols,
                            dg3.data(), cols, d2.data(), cols, rows, cols),
      ACTKERN_OK);
  for (size_t i = 0; i < dg.size(); ++i) {
    ASSERT_TRUE(SameFloat(g2[i], dg[i])) << i;
    ASSERT_TRUE(SameFloat(u2[i], du[i])) << i;
    ASSERT_TRUE(SameFloat(dg3[i], dg[i])) << i;
    ASSERT_TRUE(SameFloat(d2[i], du[i])) << i;
  }
}

// Bad arguments give the documented status and write nothing.
TEST_P(Gated, BadArgumentsLeaveOutputsUntouched) {
  const size_t cols = 8;
  std::vector<float> g(4 * cols, 1.0f), u(4 * cols, 2.0f), y(4 * cols, 7.0f),
      dy(4 * cols, 3.0f), dg(4 * cols, 5.0f), du(4 * cols, 6.0f);
  const auto untouched = [&] {
    for (float v : y) ASSERT_EQ(v, 7.0f);
    for (float v : dg) ASSERT_EQ(v, 5.0f);
    for (float v : du) ASSERT_EQ(v, 6.0f);
  };
  EXPECT_EQ(
      kernel_->run(nullptr, cols, u.data(), cols, y.data(), cols, 2, cols),
      ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(
      kernel_->run(g.data(), cols, u.data(), cols, nullptr, cols, 2, cols),
      ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(kernel_->run(nullptr, 0, nullptr, 0, nullptr, 0, 0, cols),
            ACTKERN_OK);
  EXPECT_EQ(
      kernel_->run(g.data(), cols - 1, u.data(), cols, y.data(), cols, 2, cols),
      ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(kernel_->run(g.data(), cols, u.data(), cols, y.data(), cols,
                         SIZE_MAX / 16, cols),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  // y overlapping gate by one element; y overlapping up with another stride.
  EXPECT_EQ(
      kernel_->run(y.data() + 1, cols, u.data(), cols, y.data(), cols, 2, cols),
      ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(
      kernel_->run(g.data(), cols, y.data(), 2 * cols, y.data(), cols, 2, cols),
      ACTKERN_ERROR_OVERLAP);
  untouched();
  if (kernel_->run_invalid != nullptr) {
    EXPECT_EQ(kernel_->run_invalid(g.data(), cols, u.data(), cols, y.data(),
                                   cols, 2, cols),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    EXPECT_EQ(kernel_->run_invalid(nullptr, 0, nullptr, 0, nullptr, 0, 0, 0),
              ACTKERN_ERROR_INVALID_ARGUMENT);  // parameters first
  }
  // Backward: NULL, d_gate on up, d_up on gate, d_gate on d_up.
  EXPECT_EQ(kernel_->run_backward(g.data(), cols, u.data(), cols, nullptr, cols,
                                  dg.data(), cols, du.data(), cols, 2, cols),
            ACTKERN_ERROR_NULL_POINTER);
  EXPECT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            u.data(), cols, du.data(), cols, 2, cols),
      ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            dg.data(), cols, g.data(), cols, 2, cols),
      ACTKERN_ERROR_OVERLAP);
  EXPECT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            dg.data(), cols, dg.data(), cols, 2, cols),
      ACTKERN_ERROR_OVERLAP);
  untouched();
  for (float v : g) ASSERT_EQ(v, 1.0f);
  for (float v : u) ASSERT_EQ(v, 2.0f);
}

// The _par forms: the plain call's bits for pools of 1 to 4 threads (row
// ranges depend on the shape only).
TEST_P(Gated, ParBitIdentical) {
  const size_t rows = 40, cols = 1000;
  const std::vector<float> g = Gates(rows * cols, 12), u = Ups(rows * cols, 13),
                           dy = Ups(rows * cols, 14);
  std::vector<float> want(rows * cols), dg(rows * cols), du(rows * cols);
  ASSERT_EQ(kernel_->run(g.data(), cols, u.data(), cols, want.data(), cols,
                         rows, cols),
            ACTKERN_OK);
  ASSERT_EQ(
      kernel_->run_backward(g.data(), cols, u.data(), cols, dy.data(), cols,
                            dg.data(), cols, du.data(), cols, rows, cols),
      ACTKERN_OK);
  for (size_t threads = 1; threads <= 4; ++threads) {
    ThreadPool pool(threads);
    const actkern_exec exec = pool.Exec();
    std::vector<float> y(rows * cols), dg2(rows * cols), du2(rows * cols);
    ASSERT_EQ(kernel_->run_par(&exec, g.data(), cols, u.data(), cols, y.data(),
                               cols, rows, cols),
              ACTKERN_OK);
    ASSERT_EQ(kernel_->run_backward_par(&exec, g.data(), cols, u.data(), cols,
                                        dy.data(), cols, dg2.data(), cols,
                                        du2.data(), cols, rows, cols),
              ACTKERN_OK);
    for (size_t i = 0; i < y.size(); ++i) {
      ASSERT_TRUE(SameFloat(y[i], want[i])) << threads;
      ASSERT_TRUE(SameFloat(dg2[i], dg[i])) << threads;
      ASSERT_TRUE(SameFloat(du2[i], du[i])) << threads;
    }
    if (kernel_->run_fast_par != nullptr) {
      std::vector<float> f1(rows * cols), f2(rows * cols);
      ASSERT_EQ(kernel_->run_fast(g.data(), cols, u.data(), cols, f1.data(),
                                  cols, rows, cols),
                ACTKERN_OK);
      ASSERT_EQ(kernel_->run_fast_par(&exec, g.data(), cols, u.data(), cols,
                                      f2.data(), cols, rows, cols),
                ACTKERN_OK);
      for (size_t i = 0; i < f1.size(); ++i)
        ASSERT_TRUE(SameFloat(f1[i], f2[i])) << threads;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    KernelTarget, Gated,
    ::testing::ValuesIn(KernelTargets(catalog::GatedKernels())),
    KernelTargetName);

// The C++ wrappers and F.glu's layout through them.
TEST(GatedCxx, Wrappers) {
  const float x[4] = {1.0f, -2.0f, 0.5f, 3.0f};  // one row: up | gate
  float a[2], b[2];
  ASSERT_EQ(actkern::Glu(x + 2, 4, x, 4, a, 2, 1, 2), Status::kOk);
  ASSERT_EQ(actkern_glu_f32(x + 2, 4, x, 4, b, 2, 1, 2), ACTKERN_OK);
  EXPECT_EQ(0, std::memcmp(a, b, sizeof(a)));
  EXPECT_NEAR(a[0], 1.0 / (1.0 + std::exp(-0.5)), 1e-6);
  ASSERT_EQ(actkern::fast::Swiglu(x + 2, 4, x, 4, a, 2, 1, 2), Status::kOk);
  ASSERT_EQ(actkern::Swishglu(x + 2, 4, x, 4, b, 2, 1, 2, 1.0f), Status::kOk);
  EXPECT_NEAR(a[1], b[1], 1e-5);
}

}  // namespace
}  // namespace test
}  // namespace actkern
