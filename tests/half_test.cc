// The 16-bit (bf16, f16) forms of every elementwise kernel, on every runnable
// target: all 65,536 inputs of every catalogued forward kernel give the
// double reference correctly rounded (the oracle below rounds by its own
// method: a search for the two neighbours, not the library's scaling), the
// backward kernels stay within 1 ULP of the 16-bit type for a fixed set of
// dy, and the conversions, edge sizes, in-place calls and bad arguments
// behave as documented (actkern/half.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/thread_pool.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

using catalog::HalfName;
using catalog::kBf16;
using catalog::kF16;

// ------------------------------------------------------------ the oracle
// The value of a 16-bit pattern, decoded field by field.
double Decode(int kind, uint16_t h) {
  const int mbits = kind == kBf16 ? 7 : 10;
  const int ebits = 15 - mbits;
  const int bias = (1 << (ebits - 1)) - 1;
  const int ex = (h >> mbits) & ((1 << ebits) - 1);
  const int mant = h & ((1 << mbits) - 1);
  const double s = (h & 0x8000) ? -1.0 : 1.0;
  if (ex == (1 << ebits) - 1) return mant ? std::nan("") : s * HUGE_VAL;
  if (ex == 0) return s * std::ldexp(mant, 1 - bias - mbits);
  return s * std::ldexp(mant + (1 << mbits), ex - bias - mbits);
}

bool IsNan16(int kind, uint16_t h) {
  const uint16_t inf = kind == kBf16 ? 0x7F80 : 0x7C00;
  return (h & 0x7FFF) > inf;
}
bool IsQuietNan16(int kind, uint16_t h) {
  return IsNan16(kind, h) && (h & (kind == kBf16 ? 0x0040 : 0x0200)) != 0;
}

// r rounded to nearest even in the 16-bit type: the largest pattern whose
// value is <= |r| by binary search over the (monotone) positive patterns,
// then the nearer of it and its successor; past the largest finite value
// the successor is the next power of two, which stands for inf.
uint16_t Oracle(int kind, double r) {
  if (std::isnan(r)) return 0x7FFF;  // any NaN: compared as "is NaN"
  const uint16_t sign = std::signbit(r) ? 0x8000 : 0;
  const double a = std::fabs(r);
  const uint16_t inf = kind == kBf16 ? 0x7F80 : 0x7C00;
  if (a == 0.0) return sign;
  uint32_t lo = 0, hi = inf;  // value(lo) <= a < value(hi) (or hi == inf)
  if (a >= Decode(kind, inf)) return sign | inf;
  while (hi - lo > 1) {
    const uint32_t mid = (lo + hi) / 2;
    if (Decode(kind, static_cast<uint16_t>(mid)) <= a) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const double vlo = Decode(kind, static_cast<uint16_t>(lo));
  const double vhi = hi == inf ? std::ldexp(1.0, kind == kBf16 ? 128 : 16)
                               : Decode(kind, static_cast<uint16_t>(hi));
  const double dlo = a - vlo, dhi = vhi - a;
  uint32_t pick;
  if (dlo < dhi) {
    pick = lo;
  } else if (dhi < dlo) {
    pick = hi;
  } else {
    pick = (lo % 2 == 0) ? lo : hi;
  }
  return static_cast<uint16_t>(sign | pick);
}

bool SameHalf(int kind, uint16_t a, uint16_t b) {
  return (IsNan16(kind, a) && IsNan16(kind, b)) || a == b;
}

std::vector<uint16_t> AllPatterns() {
  std::vector<uint16_t> v(65536);
  for (uint32_t i = 0; i < 65536; ++i) v[i] = static_cast<uint16_t>(i);
  return v;
}

float Widen(int kind, uint16_t h) {
  return kind == kBf16 ? actkern_bf16_to_f32(h) : actkern_f16_to_f32(h);
}

// ------------------------------------------------------------ conversions
class HalfConversions : public PerTarget {};

TEST_P(HalfConversions, WidenIsExactForEveryPattern) {
  const std::vector<uint16_t> x = AllPatterns();
  std::vector<float> y(x.size());
  for (int kind : {kBf16, kF16}) {
    ASSERT_EQ(kind == kBf16
                  ? actkern_bf16_to_f32_array(x.data(), y.data(), x.size())
                  : actkern_f16_to_f32_array(x.data(), y.data(), x.size()),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      const double want = Decode(kind, x[i]);
      if (std::isnan(want)) {
        ASSERT_TRUE(std::isnan(y[i])) << HalfName(kind) << " " << i;
      } else {
        ASSERT_EQ(static_cast<double>(y[i]), want)
            << HalfName(kind) << " " << i;
        ASSERT_EQ(std::signbit(y[i]), std::signbit(want)) << i;
      }
      ASSERT_TRUE(SameFloat(y[i], Widen(kind, x[i]))) << i;
    }
  }
}

// Rounding of floats: a strided sweep over every float bit pattern plus the
// hard cases (midpoints and their neighbours, the f16 overflow threshold,
// f16 subnormal midpoints, NaN, -0).
TEST_P(HalfConversions, NarrowRoundsToNearestEven) {
  std::vector<float> x;
  // Every 4093rd pattern natively; emulated runs set a coarser sampled-sweep
  // stride (tests/hardening/CMakeLists.txt), which this sweep follows.
  const char* env = std::getenv("ACTKERN_TEST_SWEEP_STRIDE");
  const uint64_t stride = std::max<uint64_t>(
      4093, env != nullptr ? std::strtoull(env, nullptr, 10) : 0);
  for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += stride) {
    x.push_back(FromBits(static_cast<uint32_t>(b)));
  }
  for (uint32_t m : {0x8000u, 0x7FFFu, 0x8001u, 0x18000u, 0x1000u, 0x0FFFu,
                     0x1001u, 0x3000u}) {
    for (uint32_t e : {0x3F800000u, 0x00000000u, 0x33000000u, 0x38800000u,
                       0x477FE000u, 0x7F000000u, 0x33800000u, 0x35000000u}) {
      x.push_back(FromBits(e | m));
      x.push_back(-FromBits(e | m));
    }
  }
  for (float v : {65504.0f,
                  65519.0f,
                  65519.996f,
                  65520.0f,
                  65520.004f,
                  65535.0f,
                  65536.0f,
                  0x1p-24f,
                  0x1p-25f,
                  0x1.000002p-25f,
                  0x1.fffffep-26f,
                  0x1.8p-24f,
                  0x1.4p-24f,
                  0x1p-14f,
                  0x1.ffcp-15f,
                  0x1.ffep-15f,
                  -0.0f,
                  HUGE_VALF,
                  -HUGE_VALF,
                  0x1.fffffep127f,
                  0x1.ff8p127f,
                  0x1.ff7fffp127f,
                  std::nanf(""),
                  -std::nanf(""),
                  FromBits(0x7F800001u),
                  FromBits(0xFFA00000u)}) {
    x.push_back(v);
  }
  std::vector<uint16_t> y(x.size());
  for (int kind : {kBf16, kF16}) {
    ASSERT_EQ(kind == kBf16
                  ? actkern_f32_to_bf16_array(x.data(), y.data(), x.size())
                  : actkern_f32_to_f16_array(x.data(), y.data(), x.size()),
              ACTKERN_OK);
    for (size_t i = 0; i < x.size(); ++i) {
      const uint16_t want = Oracle(kind, static_cast<double>(x[i]));
      if (std::isnan(x[i])) {
        ASSERT_TRUE(IsQuietNan16(kind, y[i])) << HalfName(kind) << " " << y[i];
        ASSERT_EQ(y[i] & 0x8000, std::signbit(x[i]) ? 0x8000 : 0);
        continue;
      }
      ASSERT_EQ(y[i], want) << HalfName(kind) << " x=" << x[i] << " bits 0x"
                            << std::hex << ToBits(x[i]);
      const uint16_t scalar = kind == kBf16 ? actkern_bf16_from_double(x[i])
                                            : actkern_f16_from_double(x[i]);
      ASSERT_EQ(scalar, want) << HalfName(kind) << " x=" << x[i];
    }
  }
}

TEST_P(HalfConversions, ScalarRoundingOfDoubles) {
  // Values between floats: the double rounding through float would get
  // these wrong (one rounding here).
  const double cases[] = {1.0 + 0x1p-8 + 0x1p-40,
                          1.0 + 0x1p-8 - 0x1p-40,
                          1.0 + 0x1p-11 + 0x1p-45,
                          65520.0 - 0x1p-30,
                          0x1p-25 + 0x1p-60,
                          0x1p-25,
                          0x1p-134,
                          0x1p-134 + 0x1p-170,
                          3.0e38,
                          1e300,
                          -1e-300};
  for (double r : cases) {
    EXPECT_EQ(actkern_bf16_from_double(r), Oracle(kBf16, r)) << r;
    EXPECT_EQ(actkern_f16_from_double(r), Oracle(kF16, r)) << r;
  }
}

TEST_P(HalfConversions, UlpErrorOfCorrectlyRoundedIsAtMostHalf) {
  for (double r : {1.0 / 3.0, -2.0 / 3.0, 1e-6, 70000.0, 1e-40, 3.3e38}) {
    EXPECT_LE(actkern_ulp_error_bf16(actkern_bf16_from_double(r), r), 0.5) << r;
    EXPECT_LE(actkern_ulp_error_f16(actkern_f16_from_double(r), r), 0.5) << r;
  }
  EXPECT_EQ(actkern_ulp_error_f16(0x3C01, 1.0), 1.0);  // one f16 step above 1
  EXPECT_EQ(actkern_ulp_error_bf16(0x3F81, 1.0), 1.0);
  EXPECT_EQ(actkern_ulp_error_f16(0x7E00, std::nan("")), 0.0);
  EXPECT_EQ(actkern_ulp_error_f16(0x3C00, std::nan("")), HUGE_VAL);
}

ACTKERN_INSTANTIATE_PER_TARGET(HalfConversions);

// ------------------------------------------------------------ forward kernels
std::vector<catalog::UnaryKernel> HalfForwardKernels() {
  std::vector<catalog::UnaryKernel> ks;
  for (const auto& k : catalog::UnaryKernels()) {
    if (k.run_half[kBf16] != nullptr) ks.push_back(k);
  }
  return ks;
}

class HalfForward : public PerKernelTarget {
 protected:
  void SetUp() override {
    kernel_ = catalog::FindUnary(GetParam().kernel);
    ASSERT_NE(kernel_, nullptr);
    PinTarget();
  }
  const catalog::UnaryKernel* kernel_ = nullptr;
};

// The oracle's answer for every input of a kernel, computed once per
// process (the same for every target).
const std::vector<uint16_t>& Expected(const catalog::UnaryKernel& k, int kind) {
  static std::map<std::pair<std::string, int>, std::vector<uint16_t>> cache;
  std::vector<uint16_t>& e = cache[{k.name, kind}];
  if (e.empty()) {
    e.resize(65536);
    for (uint32_t i = 0; i < 65536; ++i) {
      e[i] = Oracle(kind, k.reference(Widen(kind, static_cast<uint16_t>(i))));
    }
  }
  return e;
}

// Every input, both types: the correctly rounded double reference.
TEST_P(HalfForward, CorrectlyRoundedOnEveryInput) {
  const std::vector<uint16_t> x = AllPatterns();
  std::vector<uint16_t> y(x.size());
  for (int kind : {kBf16, kF16}) {
    ASSERT_EQ(kernel_->run_half[kind](x.data(), y.data(), x.size()),
              ACTKERN_OK);
    const std::vector<uint16_t>& expected = Expected(*kernel_, kind);
    size_t wrong = 0;
    std::string first;
    for (size_t i = 0; i < x.size(); ++i) {
      const uint16_t want = expected[i];
      if (want == 0x7FFF) {  // the oracle's NaN
        if (!IsQuietNan16(kind, y[i])) ++wrong;
        continue;
      }
      if (y[i] != want) {
        if (wrong++ == 0) {
          char buf[96];
          snprintf(buf, sizeof(buf), "x=0x%04x got 0x%04x want 0x%04x", x[i],
                   y[i], want);
          first = buf;
        }
      }
    }
    EXPECT_EQ(wrong, 0u) << HalfName(kind) << ": first " << first;
  }
}

// Edge sizes, unaligned pointers and in place give the same bits as the
// whole-array call (results do not depend on position).
TEST_P(HalfForward, EdgeSizesUnalignedAndInPlace) {
  const std::vector<uint16_t> all = AllPatterns();
  for (int kind : {kBf16, kF16}) {
    std::vector<uint16_t> whole(all.size());
    ASSERT_EQ(kernel_->run_half[kind](all.data(), whole.data(), all.size()),
              ACTKERN_OK);
    for (size_t n :
         {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{8}, size_t{9},
          size_t{15}, size_t{16}, size_t{17}, size_t{31}, size_t{33},
          size_t{511}, size_t{512}, size_t{513}, size_t{1500}}) {
      for (size_t off : {size_t{0}, size_t{1}, size_t{3}}) {
        const size_t start = (n * 7919 + off * 104729) % (all.size() - n - 8);
        std::vector<uint16_t> buf(n + 8, 0xABCD);
        std::vector<uint16_t> out(n + 8, 0xABCD);
        std::memcpy(buf.data() + off, all.data() + start, n * 2);
        ASSERT_EQ(
            kernel_->run_half[kind](buf.data() + off, out.data() + off, n),
            ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameHalf(kind, out[off + i], whole[start + i]))
              << HalfName(kind) << " n=" << n << " i=" << i;
        }
        for (size_t i = 0; i < off; ++i) ASSERT_EQ(out[i], 0xABCD);
        for (size_t i = off + n; i < out.size(); ++i) ASSERT_EQ(out[i], 0xABCD);
        // In place.
        ASSERT_EQ(
            kernel_->run_half[kind](buf.data() + off, buf.data() + off, n),
            ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameHalf(kind, buf[off + i], whole[start + i])) << i;
        }
      }
    }
  }
}

TEST_P(HalfForward, BadArgumentsLeaveOutputUntouched) {
  std::vector<uint16_t> x(64, 0x3F80), y(64, 0x1234);
  for (int kind : {kBf16, kF16}) {
    EXPECT_EQ(kernel_->run_half[kind](nullptr, y.data(), 4),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(kernel_->run_half[kind](x.data(), nullptr, 4),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(kernel_->run_half[kind](nullptr, nullptr, 0), ACTKERN_OK);
    // Partial overlap (one element apart) in both directions.
    EXPECT_EQ(kernel_->run_half[kind](y.data(), y.data() + 1, 8),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(kernel_->run_half[kind](y.data() + 1, y.data(), 8),
              ACTKERN_ERROR_OVERLAP);
    EXPECT_EQ(kernel_->run_half[kind](x.data(), y.data(), SIZE_MAX / 2),
              ACTKERN_ERROR_INVALID_ARGUMENT);
    for (uint16_t v : y) ASSERT_EQ(v, 0x1234);
  }
}

ACTKERN_INSTANTIATE_PER_KERNEL_TARGET(HalfForward, HalfForwardKernels());

// ------------------------------------------------------------ backward
class HalfBackward : public PerKernelTarget {
 protected:
  void SetUp() override {
    kernel_ = catalog::FindBackward(GetParam().kernel);
    ASSERT_NE(kernel_, nullptr);
    PinTarget();
  }
  const catalog::BackwardKernel* kernel_ = nullptr;
};

// Every input (x, or y for kernels that take the forward output, there over
// the range the forward kernel can give) with a fixed set of dy: within
// 1 ULP of the 16-bit type.
TEST_P(HalfBackward, WithinOneUlpOnEveryInput) {
  const std::vector<uint16_t> in = AllPatterns();
  std::vector<uint16_t> dy(in.size()), dx(in.size());
  for (int kind : {kBf16, kF16}) {
    // Emulated runs (ACTKERN_EXPECT_TARGET set, tests/hardening) take two of
    // the four dy values: the double references dominate under qemu.
    const bool emulated = std::getenv("ACTKERN_EXPECT_TARGET") != nullptr;
    const std::vector<double> dys =
        emulated ? std::vector<double>{1.0, -0.75}
                 : std::vector<double>{1.0, -0.75, 3.0, 0.01};
    for (double dyv : dys) {
      const uint16_t d16 = kind == kBf16 ? actkern_bf16_from_double(dyv)
                                         : actkern_f16_from_double(dyv);
      std::fill(dy.begin(), dy.end(), d16);
      ASSERT_EQ(
          kernel_->run_half[kind](in.data(), dy.data(), dx.data(), in.size()),
          ACTKERN_OK);
      double worst = 0.0;
      size_t worst_i = 0;
      for (size_t i = 0; i < in.size(); ++i) {
        const float v = Widen(kind, in[i]);
        if (kernel_->takes_y) {
          const bool tanh_like = kernel_->forward == "tanh";
          if (!(v >= (tanh_like ? -1.0f : 0.0f) && v <= 1.0f)) continue;
        }
        const double r = kernel_->reference(v, Widen(kind, d16));
        const double e = kind == kBf16 ? actkern_ulp_error_bf16(dx[i], r)
                                       : actkern_ulp_error_f16(dx[i], r);
        if (e > worst) {
          worst = e;
          worst_i = i;
        }
      }
      EXPECT_LE(worst, 1.0) << HalfName(kind) << " dy=" << dyv << " at input 0x"
                            << std::hex << worst_i;
    }
  }
}

TEST_P(HalfBackward, InPlaceMatches) {
  std::vector<uint16_t> in(700), dy(700), dx(700);
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint16_t>(0x3C00 + i * 37);
    dy[i] = static_cast<uint16_t>(0x3800 + i * 11);
  }
  for (int kind : {kBf16, kF16}) {
    ASSERT_EQ(
        kernel_->run_half[kind](in.data(), dy.data(), dx.data(), in.size()),
        ACTKERN_OK);
    std::vector<uint16_t> a = in, b = dy;
    ASSERT_EQ(kernel_->run_half[kind](a.data(), dy.data(), a.data(), a.size()),
              ACTKERN_OK);
    ASSERT_EQ(kernel_->run_half[kind](in.data(), b.data(), b.data(), b.size()),
              ACTKERN_OK);
    for (size_t i = 0; i < in.size(); ++i) {
      ASSERT_TRUE(SameHalf(kind, a[i], dx[i])) << i;
      ASSERT_TRUE(SameHalf(kind, b[i], dx[i])) << i;
    }
    EXPECT_EQ(kernel_->run_half[kind](in.data(), nullptr, dx.data(), 4),
              ACTKERN_ERROR_NULL_POINTER);
    EXPECT_EQ(kernel_->run_half[kind](in.data(), dx.data() + 1, dx.data(), 8),
              ACTKERN_ERROR_OVERLAP);
  }
}

ACTKERN_INSTANTIATE_PER_KERNEL_TARGET(HalfBackward, catalog::BackwardKernels());

// Threads: the _par forms over a pool give the plain call's bits for every
// thread count (chunking is by size only), and concurrent plain calls from
// several threads agree with a single-threaded call.
TEST(HalfThreads, ParFormsAndConcurrentCalls) {
  const size_t n = 3 * ACTKERN_PAR_ELEMENT_CHUNK + 777;
  std::vector<uint16_t> x(n), dy(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<uint16_t>(i * 40503u);
    dy[i] = static_cast<uint16_t>(0x3C00 + (i % 512));
  }
  std::vector<uint16_t> want(n), got(n), want_b(n), got_b(n);
  ASSERT_EQ(actkern_silu_bf16(x.data(), want.data(), n), ACTKERN_OK);
  ASSERT_EQ(actkern_gelu_backward_f16(x.data(), dy.data(), want_b.data(), n),
            ACTKERN_OK);
  for (size_t threads : {size_t{2}, size_t{3}, size_t{5}}) {
    ThreadPool pool(threads);
    const actkern_exec exec = pool.Exec();
    ASSERT_EQ(actkern_silu_bf16_par(&exec, x.data(), got.data(), n),
              ACTKERN_OK);
    EXPECT_EQ(got, want) << threads;
    ASSERT_EQ(actkern_gelu_backward_f16_par(&exec, x.data(), dy.data(),
                                            got_b.data(), n),
              ACTKERN_OK);
    EXPECT_EQ(got_b, want_b) << threads;
    EXPECT_EQ(actkern_silu_bf16_par(&exec, nullptr, got.data(), n),
              ACTKERN_ERROR_NULL_POINTER);
  }
  std::vector<std::vector<uint16_t>> outs(4, std::vector<uint16_t>(n));
  std::vector<std::thread> ts;
  for (size_t t = 0; t < outs.size(); ++t) {
    ts.emplace_back([&, t] {
      for (int rep = 0; rep < 3; ++rep)
        actkern_silu_bf16(x.data(), outs[t].data(), n);
    });
  }
  for (auto& t : ts) t.join();
  for (const auto& o : outs) EXPECT_EQ(o, want);
}

// Parameters are checked first, also for the 16-bit forms.
TEST(HalfParams, InvalidParameterIsInvalidArgument) {
  uint16_t x[4] = {0x3F80, 0, 0, 0}, y[4] = {1, 2, 3, 4};
  EXPECT_EQ(actkern_swish_bf16(x, y, 4, -1.0f), ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_swish_f16(nullptr, nullptr, 0, std::nanf("")),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(actkern_elu_backward_f16(x, x, y, 4, HUGE_VALF),
            ACTKERN_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(y[0], 1);
  EXPECT_EQ(y[3], 4);
}

// The C++ namespaces reach the same entry points.
TEST(HalfParams, CxxWrappers) {
  const uint16_t x[3] = {0x3F80, 0xBF80, 0x0000};
  uint16_t a[3], b[3];
  ASSERT_EQ(actkern::bf16::Sigmoid(x, a, 3), Status::kOk);
  ASSERT_EQ(actkern_sigmoid_bf16(x, b, 3), ACTKERN_OK);
  EXPECT_EQ(0, std::memcmp(a, b, sizeof(a)));
  ASSERT_EQ(actkern::f16::Swish(x, a, 3, 1.5f), Status::kOk);
  ASSERT_EQ(actkern_swish_f16(x, b, 3, 1.5f), ACTKERN_OK);
  EXPECT_EQ(0, std::memcmp(a, b, sizeof(a)));
  EXPECT_EQ(a[2], 0x0000);  // swish(+0) = +0
}

}  // namespace
}  // namespace test
}  // namespace actkern
