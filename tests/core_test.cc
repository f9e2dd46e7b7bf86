// Tests of the shared math core (kernels/core/) on its own, once per target
// compiled in and supported by this CPU: the error-free transformations are
// exact on random and adversarial inputs, the float-float operations meet
// their stated error, the power-of-two helpers are exact (or round once) for
// every exponent they document, Horner evaluates in its documented order, and
// the exp range reduction is exact.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tests/core_test.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/tests/hwy_gtest.h"
#include "kernels/core/eft-inl.h"
#include "kernels/core/exp-inl.h"
#include "kernels/core/poly-inl.h"
#include "kernels/core/pow2-inl.h"

// Per-target part: compiled once per target.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <random>
#include <vector>

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::ScalableTag<float>;
using DI = hn::RebindToSigned<D>;

// Random floats with exponents in [emin, emax], random sign and mantissa.
std::vector<float> RandomFloats(size_t n, int emin, int emax, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> e(emin, emax);
  std::uniform_int_distribution<uint32_t> m(0, (1u << 23) - 1);
  std::vector<float> v(n);
  for (float& f : v) {
    f = std::ldexp(1.0f + static_cast<float>(m(rng)) * 0x1p-23f, e(rng));
    if (rng() & 1) f = -f;
  }
  return v;
}

// Adversarial pairs for sums: equal magnitudes, opposite signs, one ulp
// apart, powers of two, 1 +- tiny, values whose sum is exactly representable.
void AddAdversarial(std::vector<float>& a, std::vector<float>& b) {
  const float s[] = {1.0f, -1.0f,     0x1.fffffep0f, 0x1p-20f, -0x1.000002p0f,
                     3.0f, 0x1.8p23f, 0.0f,          -0.0f,    1e-6f};
  for (float x : s) {
    for (float y : s) {
      a.push_back(x);
      b.push_back(y);
      a.push_back(x);
      b.push_back(-y * 0x1p-12f);
    }
  }
}

// Applies f(d, va, vb, out0, out1) over vectors of inputs.
template <class F>
void ForVectors(const std::vector<float>& a, const std::vector<float>& b,
                std::vector<float>& r0, std::vector<float>& r1, const F& f) {
  const D d;
  const size_t N = hn::Lanes(d);
  std::vector<float> pa(a), pb(b);
  while (pa.size() % N) {
    pa.push_back(1.0f);
    pb.push_back(1.0f);
  }
  r0.assign(pa.size(), 0.0f);
  r1.assign(pa.size(), 0.0f);
  for (size_t i = 0; i < pa.size(); i += N) {
    hn::Vec<D> o0, o1;
    f(d, hn::LoadU(d, pa.data() + i), hn::LoadU(d, pb.data() + i), o0, o1);
    hn::StoreU(o0, d, r0.data() + i);
    hn::StoreU(o1, d, r1.data() + i);
  }
}

void TestTwoSum() {
  // Exponent spans up to 40 bits: a + b is exact in long double (64 bits on
  // x86, 113 on AArch64).
  std::vector<float> a = RandomFloats(4096, -20, 20, 1);
  std::vector<float> b = RandomFloats(4096, -20, 20, 2);
  AddAdversarial(a, b);
  std::vector<float> s, e;
  ForVectors(a, b, s, e,
             [](D, hn::Vec<D> x, hn::Vec<D> y, hn::Vec<D>& o0, hn::Vec<D>& o1) {
               o0 = TwoSum(x, y, o1);
             });
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(s[i], a[i] + b[i]) << i;
    const long double exact = static_cast<long double>(a[i]) + b[i];
    ASSERT_EQ(static_cast<long double>(s[i]) + e[i], exact)
        << a[i] << " + " << b[i];
  }
}

void TestFastTwoSum() {
  std::vector<float> a = RandomFloats(4096, -20, 20, 3);
  std::vector<float> b = RandomFloats(4096, -20, 20, 4);
  AddAdversarial(a, b);
  for (size_t i = 0; i < a.size(); ++i) {  // precondition |a| >= |b|
    if (std::fabs(a[i]) < std::fabs(b[i])) std::swap(a[i], b[i]);
  }
  std::vector<float> s, e;
  ForVectors(a, b, s, e,
             [](D, hn::Vec<D> x, hn::Vec<D> y, hn::Vec<D>& o0, hn::Vec<D>& o1) {
               o0 = FastTwoSum(x, y, o1);
             });
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(s[i], a[i] + b[i]) << i;
    const long double exact = static_cast<long double>(a[i]) + b[i];
    ASSERT_EQ(static_cast<long double>(s[i]) + e[i], exact)
        << a[i] << " + " << b[i];
  }
}

void TestSplit() {
  std::vector<float> a = RandomFloats(4096, -100, 100, 5);
  a.push_back(0x1.fffffep127f);
  a.push_back(0x1p-126f);
  std::vector<float> hi, lo;
  ForVectors(a, a, hi, lo,
             [](D d, hn::Vec<D> x, hn::Vec<D>, hn::Vec<D>& o0, hn::Vec<D>& o1) {
               Split(d, x, o0, o1);
             });
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(hi[i] + lo[i], a[i]);
    uint32_t bh;
    memcpy(&bh, &hi[i], 4);
    ASSERT_EQ(bh & 0xFFFu, 0u);  // 12 significant bits
    // lo has at most 12 significant bits: lo * 2^k is an integer < 2^12 for
    // the k that makes a's last bit the unit.
    int ea;
    std::frexp(a[i], &ea);
    const double scaled = std::ldexp(static_cast<double>(lo[i]), 24 - ea);
    ASSERT_EQ(scaled, std::trunc(scaled));
    ASSERT_LT(std::fabs(scaled), 4096.0);
  }
}

// TwoProd (no FMA, any target) and TwoProdFma (MulSub where native): the same
// exact error, the product of two floats being exact in double.
void TestTwoProd() {
  std::vector<float> a = RandomFloats(4096, -40, 40, 6);
  std::vector<float> b = RandomFloats(4096, -40, 40, 7);
  AddAdversarial(a, b);
  for (int variant = 0; variant < 3; ++variant) {
    std::vector<float> p, e;
    ForVectors(a, b, p, e,
               [variant](D d, hn::Vec<D> x, hn::Vec<D> y, hn::Vec<D>& o0,
                         hn::Vec<D>& o1) {
                 if (variant == 0) o0 = TwoProd(d, x, y, o1);
                 if (variant == 1) o0 = TwoProdFma(d, x, y, o1);
                 if (variant == 2) {
                   // Parameter form: y's first lane split once.
                   const SplitParam sp = SplitScalar(hn::GetLane(y));
                   o0 = TwoProd(d, x, sp, o1);
                 }
               });
    const size_t N = hn::Lanes(D());
    for (size_t i = 0; i < a.size(); ++i) {
      const float bi = variant == 2 ? b[i - i % N] : b[i];
      ASSERT_EQ(p[i], a[i] * bi) << variant;
      const double exact = static_cast<double>(a[i]) * bi;
      ASSERT_EQ(static_cast<double>(p[i]) + e[i], exact)
          << "variant " << variant << ": " << a[i] << " * " << bi;
    }
  }
}

// Float-float operations against double: MulFF and AddFF within 2^-44 of
// the exact result (relative), DivFF within a hair of correct rounding,
// LongDiv within 2^-33 (about 2^-34 with FMA; 2^-33.97 measured without).
void TestFloatFloat() {
  std::vector<float> a = RandomFloats(4096, -10, 10, 8);
  std::vector<float> b = RandomFloats(4096, -10, 10, 9);
  const D d;
  const size_t N = hn::Lanes(d);
  for (size_t i = 0; i + N <= a.size(); i += N) {
    const auto va = hn::LoadU(d, a.data() + i), vb = hn::LoadU(d, b.data() + i);
    // Pairs: (a, a * 2^-30) and (b, b * 2^-31), so each carries 30+ bits.
    const auto al = hn::Mul(va, hn::Set(d, 0x1.3p-30f));
    const auto bl = hn::Mul(vb, hn::Set(d, -0x1.7p-31f));
    hn::Vec<D> ph, pl, sh, sl, q1, q2;
    MulFF(d, va, al, vb, bl, ph, pl);
    AddFF(va, al, vb, bl, sh, sl);
    const auto q = DivFF(d, va, al, vb, bl);
    LongDiv(d, va, al, vb, bl, hn::Div(hn::Set(d, 1.0f), vb), q1, q2);
    for (size_t k = 0; k < N; ++k) {
      const double A = static_cast<double>(a[i + k]) +
                       static_cast<double>(hn::ExtractLane(al, k));
      const double B = static_cast<double>(b[i + k]) +
                       static_cast<double>(hn::ExtractLane(bl, k));
      const double prod =
          static_cast<double>(hn::ExtractLane(ph, k)) + hn::ExtractLane(pl, k);
      ASSERT_LE(std::fabs(prod - A * B), 0x1p-44 * std::fabs(A * B));
      const double sum =
          static_cast<double>(hn::ExtractLane(sh, k)) + hn::ExtractLane(sl, k);
      ASSERT_LE(std::fabs(sum - (A + B)),
                0x1p-44 * std::fabs(A) + 0x1p-44 * std::fabs(B));
      const double quot = A / B;
      const float qf = hn::ExtractLane(q, k);
      ASSERT_LE(std::fabs(qf - quot),
                std::ldexp(std::fabs(quot), -24) * (1.0 + 0x1p-15));
      const double ql =
          static_cast<double>(hn::ExtractLane(q1, k)) + hn::ExtractLane(q2, k);
      ASSERT_LE(std::fabs(ql - quot), 0x1p-33 * std::fabs(quot));
    }
  }
}

// Pow2I exact for [-126, 127]; Pow2Halves and Pow2Thirds normal factors whose
// product is 2^n; ScalePow2 correctly rounded v 2^n for every n it documents
// ([-378, 381], which includes the issue's [-160, 130]).
void TestPowersOfTwo() {
  const D d;
  const DI di;
  for (int n = -126; n <= 127; ++n) {
    ASSERT_EQ(hn::GetLane(Pow2I(d, hn::Set(di, n))), std::ldexp(1.0f, n)) << n;
  }
  for (int n = -252; n <= 254; ++n) {
    hn::Vec<D> s1, s2;
    Pow2Halves(d, hn::Set(di, n), s1, s2);
    const float f1 = hn::GetLane(s1), f2 = hn::GetLane(s2);
    ASSERT_TRUE(std::isnormal(f1) && std::isnormal(f2)) << n;
    ASSERT_EQ(static_cast<double>(f1) * f2, std::ldexp(1.0, n)) << n;
  }
  for (int floor0 : {-126, -100}) {
    for (int n = -378; n <= 127; ++n) {
      if (n - std::max(n, floor0) < -252)
        continue;  // outside the halves' range
      hn::Vec<D> s0, s1, s2;
      Pow2Thirds(d, hn::Set(di, n), floor0, s0, s1, s2);
      const float f0 = hn::GetLane(s0), f1 = hn::GetLane(s1),
                  f2 = hn::GetLane(s2);
      ASSERT_TRUE(std::isnormal(f0) && std::isnormal(f1) && std::isnormal(f2))
          << n;
      ASSERT_EQ(static_cast<double>(f0) * f1 * f2, std::ldexp(1.0, n)) << n;
    }
  }
  const float vs[] = {1.0f,          1.5f, 0x1.fffffep0f, 0.7f, -0x1.234568p-3f,
                      0x1.000002p0f, -3.0f};
  for (float v : vs) {
    for (int n = -378; n <= 381; ++n) {
      const float want =
          static_cast<float>(std::ldexp(static_cast<double>(v), n));
      // Both the per-vector fast case (all lanes alike) and the split case
      // (a lane that forces it) must give the same bits.
      const auto nv = hn::Set(di, n);
      ASSERT_EQ(hn::GetLane(ScalePow2(d, hn::Set(d, v), nv)), want)
          << v << " 2^" << n;
      const auto mixed = hn::InsertLane(nv, hn::Lanes(d) - 1, -300);
      if (hn::Lanes(d) > 1) {
        ASSERT_EQ(hn::GetLane(ScalePow2(d, hn::Set(d, v), mixed)), want)
            << v << " 2^" << n;
      }
    }
  }
  // ExpScaleSplit: p 2^n, n encoded in t, rounded once for n in [-150, 128]
  // (p in the exp polynomial's range).
  const float ps[] = {0.70710677f, 1.0f, 1.4142135f, 0x1.6a09e6p-1f,
                      0x1.ffffeep-1f};
  for (float p : ps) {
    for (int n = -150; n <= 128; ++n) {
      const uint32_t tb = static_cast<uint32_t>(kRoundMagicBits + n);
      float t;
      memcpy(&t, &tb, 4);
      const float want =
          static_cast<float>(std::ldexp(static_cast<double>(p), n));
      ASSERT_EQ(hn::GetLane(ExpScaleSplit(d, hn::Set(d, p), hn::Set(d, t))),
                want)
          << p << " 2^" << n;
    }
  }
}

// Horner's documented order: acc = c[K-1], acc = MulAdd(acc, x, c[k]); on
// FMA targets each step is one fused operation, elsewhere two roundings.
void TestHorner() {
  const float c[5] = {0.5f, -0.25f, 0x1.555556p-3f, 0x1.fffffep-1f, -0x1.0p-7f};
  std::vector<float> xs = RandomFloats(1024, -4, 2, 10);
  const D d;
  for (float x : xs) {
    float acc = c[4];
    for (int k = 3; k >= 0; --k) {
#if HWY_NATIVE_FMA
      acc = std::fma(acc, x, c[k]);
#else
      acc = acc * x + c[k];
#endif
    }
    ASSERT_EQ(hn::GetLane(Horner(d, hn::Set(d, x), c)), acc) << x;
  }
}

// ExpReduce: r_hi = x - n kLn2Hi exactly, n = round(x / ln 2) (ties to even)
// for |x| up to 511 ln2 (gelu's and the gradients' widest arguments).
void TestExpReduce() {
  const D d;
  std::vector<float> xs = RandomFloats(8192, -30, 8, 11);
  for (float& x : xs) x = std::fmod(x, 354.0f);
  xs.push_back(0.0f);
  xs.push_back(-354.0f);
  xs.push_back(88.72283f);
  xs.push_back(-103.97f);
  for (float x : xs) {
    hn::Vec<D> t, r_hi, r_lo;
    ExpReduce(d, hn::Set(d, x), t, r_hi, r_lo);
    const int n = hn::GetLane(ExpN(d, t));
    const double nx =
        std::nearbyint(static_cast<double>(static_cast<float>(x * kLog2E)));
    ASSERT_LE(std::fabs(n - nx), 1.0) << x;
    const double exact =
        static_cast<double>(x) - static_cast<double>(n) * kLn2Hi;
    ASSERT_EQ(static_cast<double>(hn::GetLane(r_hi)), exact) << x;
    // r = r_hi + r_lo within ln2 / 2 (plus the rounding of x / ln2); r_lo is
    // -n kLn2Lo, up to 7e-4 for |n| = 511.
    ASSERT_EQ(hn::GetLane(r_lo), static_cast<float>(n) * -kLn2Lo) << x;
    ASSERT_LE(
        std::fabs(static_cast<double>(hn::GetLane(r_hi)) + hn::GetLane(r_lo)),
        0.34658)
        << x;
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actkern {
HWY_BEFORE_TEST(CoreTest);
HWY_EXPORT_AND_TEST_P(CoreTest, TestTwoSum);
HWY_EXPORT_AND_TEST_P(CoreTest, TestFastTwoSum);
HWY_EXPORT_AND_TEST_P(CoreTest, TestSplit);
HWY_EXPORT_AND_TEST_P(CoreTest, TestTwoProd);
HWY_EXPORT_AND_TEST_P(CoreTest, TestFloatFloat);
HWY_EXPORT_AND_TEST_P(CoreTest, TestPowersOfTwo);
HWY_EXPORT_AND_TEST_P(CoreTest, TestHorner);
HWY_EXPORT_AND_TEST_P(CoreTest, TestExpReduce);
}  // namespace actkern
#endif
