// Memory safety of every catalogued kernel, on every runnable target.
//
// Guard pages: inputs and outputs are placed so that they end exactly where
// an inaccessible page begins (and, separately, start exactly where one
// ends), for n = 1 .. 3 * 16 + 1 (three full vectors plus one element at the
// widest lane count, 16 floats for AVX-512 and SVE-512) and a few larger n.
// Any read or write outside [0, n) faults and kills the test; the results
// must also equal those of an ordinary call.
//
// Bad arguments: for every entry point, null pointers with work to do,
// sizes whose byte count overflows and partially overlapping buffers (at
// every element offset and at byte offsets) give the documented status, and
// the outputs and inputs, filled with a canary pattern, stay byte-identical.
//
// ---- softmax family (softmax): hook. Row kernels add here: guarded rows
// (each row ending at the guard page, stride > cols), and the bad arguments
// of their entry points: stride < cols, rows * stride overflowing, labels
// outside [0, cols) other than the ignore index -> the documented status,
// canaries untouched.
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "hardening/guarded.h"
#include "hardening/inputs.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

std::vector<size_t> GuardSizes() {
  std::vector<size_t> n;
  for (size_t i = 1; i <= 3 * 16 + 1; ++i) n.push_back(i);
  for (size_t i : {63, 64, 65, 100, 193, 255, 256, 257, 1000, 1024, 4097}) n.push_back(i);
  return n;
}

std::vector<float> Mixed(size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = i % 4 == 0 ? BitsToFloat(r.Bits32()) : Normalish(r, 3);
  }
  return v;
}

// The guard is real: touching the byte after the last float faults.
TEST(GuardedRegionDeathTest, PastTheEndFaults) {
  // Fork only, no re-exec: under qemu-user without binfmt_misc the child
  // could not exec an aarch64 binary.
  GTEST_FLAG_SET(death_test_style, "fast");
  GuardedRegion r(100 * sizeof(float));
  float* p = r.FloatsAtEnd(100);
  p[99] = 1.0f;  // the last element is fine
  EXPECT_DEATH({ reinterpret_cast<volatile float*>(p)[100] = 2.0f; }, "");
  EXPECT_DEATH({ (void)reinterpret_cast<volatile float*>(r.FloatsAtBegin(1))[-1]; }, "");
}

class GuardPages : public PerTarget {};

TEST_P(GuardPages, UnaryKernels) {
  const size_t kMax = 4097;
  const std::vector<float> x = Mixed(kMax, 11);
  GuardedRegion rx(kMax * sizeof(float)), ry(kMax * sizeof(float));
  for (const auto& k : catalog::UnaryKernels()) {
    std::vector<float> expected(kMax);
    ASSERT_EQ(k.run(x.data(), expected.data(), kMax), ACTKERN_OK);
    for (size_t n : GuardSizes()) {
      for (int at_begin = 0; at_begin < 2; ++at_begin) {
        float* gx = at_begin ? rx.FloatsAtBegin(n) : rx.FloatsAtEnd(n);
        float* gy = at_begin ? ry.FloatsAtBegin(n) : ry.FloatsAtEnd(n);
        memcpy(gx, x.data(), n * sizeof(float));
        ASSERT_EQ(k.run(gx, gy, n), ACTKERN_OK) << k.name << " n=" << n;
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameFloat(gy[i], expected[i])) << k.name << " n=" << n << " i=" << i;
        }
        // In place, against the same guard.
        ASSERT_EQ(k.run(gx, gx, n), ACTKERN_OK) << k.name << " in place n=" << n;
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameFloat(gx[i], expected[i])) << k.name << " in place n=" << n;
        }
      }
    }
  }
}

TEST_P(GuardPages, BackwardKernels) {
  const size_t kMax = 4097;
  const std::vector<float> a = Mixed(kMax, 12), dy = Mixed(kMax, 13);
  GuardedRegion ra(kMax * sizeof(float)), rd(kMax * sizeof(float)),
      ro(kMax * sizeof(float));
  for (const auto& k : catalog::BackwardKernels()) {
    std::vector<float> expected(kMax);
    ASSERT_EQ(k.run(a.data(), dy.data(), expected.data(), kMax), ACTKERN_OK);
    for (size_t n : GuardSizes()) {
      for (int at_begin = 0; at_begin < 2; ++at_begin) {
        float* ga = at_begin ? ra.FloatsAtBegin(n) : ra.FloatsAtEnd(n);
        float* gd = at_begin ? rd.FloatsAtBegin(n) : rd.FloatsAtEnd(n);
        float* go = at_begin ? ro.FloatsAtBegin(n) : ro.FloatsAtEnd(n);
        memcpy(ga, a.data(), n * sizeof(float));
        memcpy(gd, dy.data(), n * sizeof(float));
        ASSERT_EQ(k.run(ga, gd, go, n), ACTKERN_OK) << k.name << " n=" << n;
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameFloat(go[i], expected[i])) << k.name << " n=" << n << " i=" << i;
        }
        // dx aliasing dy, then the first input, against the guard.
        ASSERT_EQ(k.run(ga, gd, gd, n), ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) ASSERT_TRUE(SameFloat(gd[i], expected[i]));
        memcpy(gd, dy.data(), n * sizeof(float));
        ASSERT_EQ(k.run(ga, gd, ga, n), ACTKERN_OK);
        for (size_t i = 0; i < n; ++i) ASSERT_TRUE(SameFloat(ga[i], expected[i]));
      }
    }
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(GuardPages);

// ------------------------------------------------------------ bad arguments

// An arena of bytes with a recognisable pattern (signalling-NaN-like words
// and odd bytes), and a copy to compare against byte for byte.
class Arena {
 public:
  explicit Arena(size_t floats) : bytes_(floats * sizeof(float)) {
    for (size_t i = 0; i < bytes_.size(); ++i) {
      bytes_[i] = static_cast<unsigned char>(0xA5 ^ (i * 37));
    }
    copy_ = bytes_;
  }
  float* At(size_t float_index, size_t byte_offset = 0) {
    return reinterpret_cast<float*>(bytes_.data() + float_index * sizeof(float) +
                                    byte_offset);
  }
  bool Untouched() const { return bytes_ == copy_; }

 private:
  std::vector<unsigned char> bytes_, copy_;
};

// The sizes that overflow n * sizeof(float) (or the internal limit on it).
const size_t kOverflowSizes[] = {SIZE_MAX, SIZE_MAX / 2, SIZE_MAX / 4 + 1,
                                 SIZE_MAX / sizeof(float) / 2 + 1};

class BadArguments : public PerTarget {};

TEST_P(BadArguments, UnaryKernels) {
  for (const auto& k : catalog::UnaryKernels()) {
    for (size_t n : {size_t{1}, size_t{7}, size_t{64}}) {
      Arena arena(4 * n + 64);
      float* x = arena.At(0);
      float* y = arena.At(2 * n + 32);
      EXPECT_EQ(k.run(nullptr, y, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(x, nullptr, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(nullptr, nullptr, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
      // n == 0 is a no-op, with or without pointers.
      EXPECT_EQ(k.run(nullptr, nullptr, 0), ACTKERN_OK);
      EXPECT_EQ(k.run(x, y, 0), ACTKERN_OK);
      EXPECT_TRUE(arena.Untouched());
      for (size_t big : kOverflowSizes) {
        EXPECT_EQ(k.run(x, y, big), ACTKERN_ERROR_INVALID_ARGUMENT) << k.name << " " << big;
        EXPECT_EQ(k.run(x, x, big), ACTKERN_ERROR_INVALID_ARGUMENT) << k.name << " " << big;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name;
      // Partial overlap at every element offset, in both directions, and at
      // byte offsets (misaligned pointers: rejected before any access).
      float* base = arena.At(n + 16);
      for (ptrdiff_t d = 1; d < static_cast<ptrdiff_t>(n); ++d) {
        EXPECT_EQ(k.run(base, base + d, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
        EXPECT_EQ(k.run(base + d, base, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
      }
      for (size_t byte = 1; byte < 4; ++byte) {
        EXPECT_EQ(k.run(base, arena.At(n + 16, byte), n), ACTKERN_ERROR_OVERLAP) << k.name;
        EXPECT_EQ(k.run(arena.At(n + 16, byte), base, n), ACTKERN_ERROR_OVERLAP) << k.name;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
    }
  }
}

TEST_P(BadArguments, BackwardKernels) {
  for (const auto& k : catalog::BackwardKernels()) {
    for (size_t n : {size_t{1}, size_t{7}, size_t{64}}) {
      Arena arena(6 * n + 96);
      float* a = arena.At(0);
      float* b = arena.At(2 * n + 32);
      float* o = arena.At(4 * n + 64);
      EXPECT_EQ(k.run(nullptr, b, o, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(a, nullptr, o, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(a, b, nullptr, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(nullptr, nullptr, nullptr, n), ACTKERN_ERROR_NULL_POINTER) << k.name;
      EXPECT_EQ(k.run(nullptr, nullptr, nullptr, 0), ACTKERN_OK);
      EXPECT_EQ(k.run(a, b, o, 0), ACTKERN_OK);
      for (size_t big : kOverflowSizes) {
        EXPECT_EQ(k.run(a, b, o, big), ACTKERN_ERROR_INVALID_ARGUMENT) << k.name << " " << big;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
      // dx partially overlapping either input.
      for (ptrdiff_t d = 1; d < static_cast<ptrdiff_t>(n); ++d) {
        EXPECT_EQ(k.run(a, b, a + d, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
        EXPECT_EQ(k.run(a + d, b, a, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
        EXPECT_EQ(k.run(a, b, b + d, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
        EXPECT_EQ(k.run(a, b + d, b, n), ACTKERN_ERROR_OVERLAP) << k.name << " d=" << d;
      }
      for (size_t byte = 1; byte < 4; ++byte) {
        EXPECT_EQ(k.run(a, b, arena.At(0, byte), n), ACTKERN_ERROR_OVERLAP) << k.name;
        EXPECT_EQ(k.run(a, b, arena.At(2 * n + 32, byte), n), ACTKERN_ERROR_OVERLAP)
            << k.name;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
    }
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(BadArguments);

}  // namespace
}  // namespace test
}  // namespace actkern
