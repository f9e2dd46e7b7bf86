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
// Row kernels (the softmax family, every entry point and the parameter
// choices of tests/hardening/row_kernels.h) get the same treatment: every
// input and output buffer (matrices, labels, losses) ends at a guard page,
// and separately starts at one, for 1 and 3 rows of 1..67, 1000 and 4097
// columns (3 rows: stride > cols), out of place and in place; the gaps
// between rows must stay untouched. Their bad arguments (null pointers,
// stride < cols, footprints that overflow, labels out of range, partial
// overlap) give the documented status with every buffer untouched.
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "hardening/guarded.h"
#include "hardening/inputs.h"
#include "hardening/row_kernels.h"
#include "test_util.h"

namespace actkern {
namespace test {
namespace {

std::vector<size_t> GuardSizes() {
  std::vector<size_t> n;
  for (size_t i = 1; i <= 3 * 16 + 1; ++i) n.push_back(i);
  for (size_t i : {63, 64, 65, 100, 193, 255, 256, 257, 1000, 1024, 4097})
    n.push_back(i);
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
  EXPECT_DEATH(
      { (void)reinterpret_cast<volatile float*>(r.FloatsAtBegin(1))[-1]; }, "");
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
          ASSERT_TRUE(SameFloat(gy[i], expected[i]))
              << k.name << " n=" << n << " i=" << i;
        }
        // In place, against the same guard.
        ASSERT_EQ(k.run(gx, gx, n), ACTKERN_OK)
            << k.name << " in place n=" << n;
        for (size_t i = 0; i < n; ++i) {
          ASSERT_TRUE(SameFloat(gx[i], expected[i]))
              << k.name << " in place n=" << n;
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
          ASSERT_TRUE(SameFloat(go[i], expected[i]))
              << k.name << " n=" << n << " i=" << i;
        }
        // dx aliasing dy, then the first input, against the guard.
        ASSERT_EQ(k.run(ga, gd, gd, n), ACTKERN_OK);
        for (size_t i = 0; i < n; ++i)
          ASSERT_TRUE(SameFloat(gd[i], expected[i]));
        memcpy(gd, dy.data(), n * sizeof(float));
        ASSERT_EQ(k.run(ga, gd, ga, n), ACTKERN_OK);
        for (size_t i = 0; i < n; ++i)
          ASSERT_TRUE(SameFloat(ga[i], expected[i]));
      }
    }
  }
}

// The 16-bit forms (bf16 and f16) of every kernel, forward and backward,
// against the same guards, out of place and in place.
std::vector<uint16_t> MixedHalf(size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<uint16_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint16_t>(r.Bits32());
  return v;
}

TEST_P(GuardPages, HalfKernels) {
  const size_t kMax = 4097;
  const std::vector<uint16_t> x = MixedHalf(kMax, 21), dy = MixedHalf(kMax, 22);
  const size_t bytes = kMax * sizeof(uint16_t);
  GuardedRegion ra(bytes), rd(bytes), ro(bytes);
  const auto same = [](uint16_t a, uint16_t b, int kind) {
    const uint16_t inf = kind == catalog::kBf16 ? 0x7F80 : 0x7C00;
    return a == b || ((a & 0x7FFF) > inf && (b & 0x7FFF) > inf);
  };
  for (int kind : {catalog::kBf16, catalog::kF16}) {
    for (const auto& k : catalog::UnaryKernels()) {
      if (k.run_half[kind] == nullptr) continue;
      std::vector<uint16_t> expected(kMax);
      ASSERT_EQ(k.run_half[kind](x.data(), expected.data(), kMax), ACTKERN_OK);
      for (size_t n : GuardSizes()) {
        for (int at_begin = 0; at_begin < 2; ++at_begin) {
          uint16_t* gx =
              at_begin ? ra.AtBegin<uint16_t>() : ra.AtEnd<uint16_t>(n);
          uint16_t* gy =
              at_begin ? ro.AtBegin<uint16_t>() : ro.AtEnd<uint16_t>(n);
          memcpy(gx, x.data(), n * sizeof(uint16_t));
          ASSERT_EQ(k.run_half[kind](gx, gy, n), ACTKERN_OK) << k.name;
          for (size_t i = 0; i < n; ++i)
            ASSERT_TRUE(same(gy[i], expected[i], kind)) << k.name << " " << i;
          ASSERT_EQ(k.run_half[kind](gx, gx, n), ACTKERN_OK) << k.name;
          for (size_t i = 0; i < n; ++i)
            ASSERT_TRUE(same(gx[i], expected[i], kind)) << k.name << " " << i;
        }
      }
    }
    for (const auto& k : catalog::BackwardKernels()) {
      std::vector<uint16_t> expected(kMax);
      ASSERT_EQ(k.run_half[kind](x.data(), dy.data(), expected.data(), kMax),
                ACTKERN_OK);
      for (size_t n : GuardSizes()) {
        for (int at_begin = 0; at_begin < 2; ++at_begin) {
          uint16_t* ga =
              at_begin ? ra.AtBegin<uint16_t>() : ra.AtEnd<uint16_t>(n);
          uint16_t* gd =
              at_begin ? rd.AtBegin<uint16_t>() : rd.AtEnd<uint16_t>(n);
          uint16_t* go =
              at_begin ? ro.AtBegin<uint16_t>() : ro.AtEnd<uint16_t>(n);
          memcpy(ga, x.data(), n * sizeof(uint16_t));
          memcpy(gd, dy.data(), n * sizeof(uint16_t));
          ASSERT_EQ(k.run_half[kind](ga, gd, go, n), ACTKERN_OK) << k.name;
          for (size_t i = 0; i < n; ++i)
            ASSERT_TRUE(same(go[i], expected[i], kind)) << k.name << " " << i;
          ASSERT_EQ(k.run_half[kind](ga, gd, gd, n), ACTKERN_OK);
          for (size_t i = 0; i < n; ++i)
            ASSERT_TRUE(same(gd[i], expected[i], kind)) << k.name << " " << i;
        }
      }
    }
  }
}

// Gated activations: gate, up and the outputs each end at (or start right
// after) a guard page, one row and three rows with a gap after each.
TEST_P(GuardPages, GatedKernels) {
  for (const auto& k : catalog::GatedKernels()) {
    for (size_t cols : {size_t{1}, size_t{17}, size_t{511}, size_t{513}}) {
      for (size_t rows : {size_t{1}, size_t{3}}) {
        const size_t stride = rows == 1 ? cols : cols + 3;
        const size_t n = (rows - 1) * stride + cols;
        const std::vector<float> g = Mixed(n, 31), u = Mixed(n, 32),
                                 d = Mixed(n, 33);
        std::vector<float> want(n, 0.0f), want_dg(n, 0.0f), want_du(n, 0.0f);
        ASSERT_EQ(k.run(g.data(), stride, u.data(), stride, want.data(), stride,
                        rows, cols),
                  ACTKERN_OK);
        ASSERT_EQ(k.run_backward(g.data(), stride, u.data(), stride, d.data(),
                                 stride, want_dg.data(), stride, want_du.data(),
                                 stride, rows, cols),
                  ACTKERN_OK);
        GuardedRegion rg(n * sizeof(float)), ru(n * sizeof(float)),
            rd(n * sizeof(float)), ro(n * sizeof(float)),
            ro2(n * sizeof(float));
        for (int at_begin = 0; at_begin < 2; ++at_begin) {
          float* gg = at_begin ? rg.FloatsAtBegin(n) : rg.FloatsAtEnd(n);
          float* gu = at_begin ? ru.FloatsAtBegin(n) : ru.FloatsAtEnd(n);
          float* gd = at_begin ? rd.FloatsAtBegin(n) : rd.FloatsAtEnd(n);
          float* go = at_begin ? ro.FloatsAtBegin(n) : ro.FloatsAtEnd(n);
          float* go2 = at_begin ? ro2.FloatsAtBegin(n) : ro2.FloatsAtEnd(n);
          memcpy(gg, g.data(), n * sizeof(float));
          memcpy(gu, u.data(), n * sizeof(float));
          memcpy(gd, d.data(), n * sizeof(float));
          memset(go, 0, n * sizeof(float));
          memset(go2, 0, n * sizeof(float));
          ASSERT_EQ(k.run(gg, stride, gu, stride, go, stride, rows, cols),
                    ACTKERN_OK);
          for (size_t i = 0; i < n; ++i)
            ASSERT_TRUE(SameFloat(go[i], want[i])) << k.name << " " << i;
          ASSERT_EQ(k.run_backward(gg, stride, gu, stride, gd, stride, go,
                                   stride, go2, stride, rows, cols),
                    ACTKERN_OK);
          for (size_t i = 0; i < n; ++i) {
            ASSERT_TRUE(SameFloat(go[i], want_dg[i])) << k.name << " " << i;
            ASSERT_TRUE(SameFloat(go2[i], want_du[i])) << k.name << " " << i;
          }
        }
      }
    }
  }
}

// The 16-bit gated forms likewise (bf16 and f16, forward and backward).
TEST_P(GuardPages, GatedKernelsHalf) {
  std::mt19937 rng(34);
  for (const auto& k : catalog::GatedKernels()) {
    for (int kind : {catalog::kBf16, catalog::kF16}) {
      for (size_t cols : {size_t{1}, size_t{17}, size_t{511}, size_t{513}}) {
        for (size_t rows : {size_t{1}, size_t{3}}) {
          const size_t stride = rows == 1 ? cols : cols + 3;
          const size_t n = (rows - 1) * stride + cols;
          // Finite 16-bit values of both types (exponent field below max).
          std::vector<uint16_t> g(n), u(n), d(n);
          for (auto* v : {&g, &u, &d}) {
            for (auto& x : *v) x = static_cast<uint16_t>(rng() & 0xB7FF);
          }
          std::vector<uint16_t> want(n), want_dg(n), want_du(n);
          ASSERT_EQ(k.run_half[kind](g.data(), stride, u.data(), stride,
                                     want.data(), stride, rows, cols),
                    ACTKERN_OK);
          ASSERT_EQ(
              k.run_half_backward[kind](
                  g.data(), stride, u.data(), stride, d.data(), stride,
                  want_dg.data(), stride, want_du.data(), stride, rows, cols),
              ACTKERN_OK);
          const size_t bytes = n * sizeof(uint16_t);
          GuardedRegion rg(bytes), ru(bytes), rd(bytes), ro(bytes), ro2(bytes);
          for (int at_begin = 0; at_begin < 2; ++at_begin) {
            auto at = [&](const GuardedRegion& r) {
              return at_begin ? r.AtBegin<uint16_t>() : r.AtEnd<uint16_t>(n);
            };
            uint16_t *gg = at(rg), *gu = at(ru), *gd = at(rd), *go = at(ro),
                     *go2 = at(ro2);
            memcpy(gg, g.data(), bytes);
            memcpy(gu, u.data(), bytes);
            memcpy(gd, d.data(), bytes);
            memset(go, 0, bytes);
            memset(go2, 0, bytes);
            ASSERT_EQ(k.run_half[kind](gg, stride, gu, stride, go, stride, rows,
                                       cols),
                      ACTKERN_OK);
            ASSERT_EQ(0, memcmp(go, want.data(), bytes)) << k.name;
            ASSERT_EQ(
                k.run_half_backward[kind](gg, stride, gu, stride, gd, stride,
                                          go, stride, go2, stride, rows, cols),
                ACTKERN_OK);
            ASSERT_EQ(0, memcmp(go, want_dg.data(), bytes)) << k.name;
            ASSERT_EQ(0, memcmp(go2, want_du.data(), bytes)) << k.name;
          }
        }
      }
    }
  }
}

// Row shapes: (rows, cols, stride). One row (stride == cols) and three rows
// with a gap after each row (stride > cols), for every awkward length.
struct RowShape {
  size_t rows, cols, stride;
};
std::vector<RowShape> RowGuardShapes() {
  std::vector<RowShape> v;
  std::vector<size_t> cols;
  for (size_t c = 1; c <= 67; ++c) cols.push_back(c);
  cols.push_back(1000);
  cols.push_back(4097);
  for (size_t c : cols) {
    v.push_back({1, c, c});
    v.push_back({3, c, c + 1 + c % 5});
  }
  return v;
}

// n elements (floats, int32 or int64) of a guarded region, against its
// leading or trailing guard page.
template <class T>
T* Place(const GuardedRegion& r, size_t n, bool at_begin) {
  static_assert(sizeof(T) % sizeof(float) == 0, "whole floats per element");
  const size_t floats = n * (sizeof(T) / sizeof(float));
  return reinterpret_cast<T*>(at_begin ? r.FloatsAtBegin(floats)
                                       : r.FloatsAtEnd(floats));
}

TEST_P(GuardPages, RowKernels) {
  const size_t kMaxRows = 3,
               kMaxFootprint = Footprint(3, 4097, 4097 + 1 + 4097 % 5);
  const std::vector<float> raw_a = Mixed(3 * 4097, 14),
                           raw_b = Mixed(3 * 4097, 15);
  // A signalling NaN in the stride gaps and unwritten outputs.
  const float kFill = FromBits(0x7FA5A5A5u);
  GuardedRegion ra(kMaxFootprint * sizeof(float)),
      rb(kMaxFootprint * sizeof(float)), ro(kMaxFootprint * sizeof(float)),
      rl(kMaxRows * sizeof(int32_t)), rs(kMaxRows * sizeof(float)),
      rn(kMaxRows * sizeof(int64_t));
  for (const RowKernel& k : RowKernels()) {
    for (const RowShape& sh : RowGuardShapes()) {
      RowCall want(k, sh.rows, sh.cols, sh.stride, raw_a, raw_b, sh.cols,
                   kFill);
      ASSERT_EQ(k.Run(want.Args()), ACTKERN_OK) << k.name;
      const std::vector<float> expected = want.Outputs();
      const size_t n = want.a.size();
      for (int at_begin = 0; at_begin < 2; ++at_begin) {
        const std::string where = k.name + " rows=" + std::to_string(sh.rows) +
                                  " cols=" + std::to_string(sh.cols) +
                                  " stride=" + std::to_string(sh.stride) +
                                  (at_begin ? " at begin" : " at end");
        // Copies of want's inputs (and its gap-filled outputs) in guarded
        // memory; the call through them must give want's results.
        float* ga = Place<float>(ra, n, at_begin);
        float* gb = Place<float>(rb, n, at_begin);
        float* go = Place<float>(ro, n, at_begin);
        int32_t* gl = Place<int32_t>(rl, sh.rows, at_begin);
        float* gs = Place<float>(rs, want.loss.size(), at_begin);
        int64_t* gn = Place<int64_t>(rn, want.lengths.size(), at_begin);
        RowCall fresh(k, sh.rows, sh.cols, sh.stride, raw_a, raw_b, sh.cols,
                      kFill);
        auto load = [&] {
          std::copy(fresh.a.begin(), fresh.a.end(), ga);
          std::copy(fresh.b.begin(), fresh.b.end(), gb);
          std::copy(fresh.out.begin(), fresh.out.end(), go);
          std::copy(fresh.labels.begin(), fresh.labels.end(), gl);
          std::copy(fresh.loss.begin(), fresh.loss.end(), gs);
          std::copy(fresh.lengths.begin(), fresh.lengths.end(), gn);
        };
        RowArgs args = fresh.Args();
        args.a = ga;
        if (k.uses_b) args.b = gb;
        if (k.uses_labels) args.labels = gl;
        if (k.uses_lengths) args.lengths = gn;
        if (k.writes_out) args.out = go;
        if (k.writes_loss) args.loss = gs;
        // Reads back what the call wrote (rows of m, then the losses), and
        // checks that m's stride gaps still hold the fill.
        auto check = [&](const float* m, const std::string& what) {
          std::vector<float> v;
          for (size_t r = 0; r < sh.rows; ++r) {
            if (k.writes_out)
              v.insert(v.end(), m + r * sh.stride, m + r * sh.stride + sh.cols);
            for (size_t c = sh.cols;
                 k.writes_out && r + 1 < sh.rows && c < sh.stride; ++c) {
              ASSERT_EQ(ToBits(m[r * sh.stride + c]), ToBits(kFill))
                  << where << what << ": gap written at row " << r << " col "
                  << c;
            }
          }
          v.insert(v.end(), gs, gs + fresh.loss.size());
          ASSERT_EQ(v.size(), expected.size());
          for (size_t i = 0; i < v.size(); ++i) {
            ASSERT_TRUE(SameFloat(v[i], expected[i]))
                << where << what << " i=" << i;
          }
        };
        load();
        ASSERT_EQ(k.Run(args), ACTKERN_OK) << where;
        check(go, "");
        if (!k.writes_out) continue;
        // In place: the output is the first input (same pointer and stride).
        load();
        RowArgs in_place = args;
        in_place.out = ga;
        ASSERT_EQ(k.Run(in_place), ACTKERN_OK) << where << " in place";
        check(ga, " in place");
        if (k.out_may_alias_b) {
          load();
          in_place = args;
          in_place.out = gb;
          ASSERT_EQ(k.Run(in_place), ACTKERN_OK) << where << " dx == dy";
          check(gb, " dx == dy");
        }
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
    return reinterpret_cast<float*>(bytes_.data() +
                                    float_index * sizeof(float) + byte_offset);
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
      EXPECT_EQ(k.run(nullptr, nullptr, n), ACTKERN_ERROR_NULL_POINTER)
          << k.name;
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
      // n == 0 is a no-op, with or without pointers.
      EXPECT_EQ(k.run(nullptr, nullptr, 0), ACTKERN_OK);
      EXPECT_EQ(k.run(x, y, 0), ACTKERN_OK);
      EXPECT_TRUE(arena.Untouched());
      for (size_t big : kOverflowSizes) {
        EXPECT_EQ(k.run(x, y, big), ACTKERN_ERROR_INVALID_ARGUMENT)
            << k.name << " " << big;
        EXPECT_EQ(k.run(x, x, big), ACTKERN_ERROR_INVALID_ARGUMENT)
            << k.name << " " << big;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name;
      // Partial overlap at every element offset, in both directions, and at
      // byte offsets (misaligned pointers: rejected before any access).
      float* base = arena.At(n + 16);
      for (ptrdiff_t d = 1; d < static_cast<ptrdiff_t>(n); ++d) {
        EXPECT_EQ(k.run(base, base + d, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
        EXPECT_EQ(k.run(base + d, base, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
      }
      for (size_t byte = 1; byte < 4; ++byte) {
        EXPECT_EQ(k.run(base, arena.At(n + 16, byte), n), ACTKERN_ERROR_OVERLAP)
            << k.name;
        EXPECT_EQ(k.run(arena.At(n + 16, byte), base, n), ACTKERN_ERROR_OVERLAP)
            << k.name;
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
      EXPECT_EQ(k.run(nullptr, nullptr, nullptr, n), ACTKERN_ERROR_NULL_POINTER)
          << k.name;
      EXPECT_EQ(k.run(nullptr, nullptr, nullptr, 0), ACTKERN_OK);
      EXPECT_EQ(k.run(a, b, o, 0), ACTKERN_OK);
      for (size_t big : kOverflowSizes) {
        EXPECT_EQ(k.run(a, b, o, big), ACTKERN_ERROR_INVALID_ARGUMENT)
            << k.name << " " << big;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
      // dx partially overlapping either input.
      for (ptrdiff_t d = 1; d < static_cast<ptrdiff_t>(n); ++d) {
        EXPECT_EQ(k.run(a, b, a + d, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
        EXPECT_EQ(k.run(a + d, b, a, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
        EXPECT_EQ(k.run(a, b, b + d, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
        EXPECT_EQ(k.run(a, b + d, b, n), ACTKERN_ERROR_OVERLAP)
            << k.name << " d=" << d;
      }
      for (size_t byte = 1; byte < 4; ++byte) {
        EXPECT_EQ(k.run(a, b, arena.At(0, byte), n), ACTKERN_ERROR_OVERLAP)
            << k.name;
        EXPECT_EQ(k.run(a, b, arena.At(2 * n + 32, byte), n),
                  ACTKERN_ERROR_OVERLAP)
            << k.name;
      }
      EXPECT_TRUE(arena.Untouched()) << k.name << " n=" << n;
    }
  }
}

// Each bad argument alone, on a 3 x 7 matrix with stride 9 whose buffers are
// otherwise valid (labels in range): the documented status, and not a byte
// of any buffer changed.
TEST_P(BadArguments, RowKernels) {
  const size_t kRows = 3, kCols = 7, kStride = 9, kAt[] = {0, 40, 80, 120, 130};
  for (const RowKernel& k : RowKernels()) {
    Arena arena(160);
    const std::vector<float> raw = Mixed(kRows * kCols, 16);
    RowCall valid(k, kRows, kCols, kStride, raw, raw, 17, 0.5f);
    // The valid call's buffers, copied into the arena, then its snapshot.
    std::vector<unsigned char> bytes(160 * sizeof(float));
    memcpy(bytes.data(), arena.At(0), bytes.size());
    auto put = [&](size_t at, const void* src, size_t n) {
      if (n != 0)
        memcpy(bytes.data() + at * sizeof(float), src, n * sizeof(float));
    };
    put(kAt[0], valid.a.data(), valid.a.size());
    put(kAt[1], valid.b.data(), valid.b.size());
    put(kAt[2], valid.out.data(), valid.out.size());
    put(kAt[3], valid.labels.data(), valid.labels.size());
    // Lengths (never with labels) in the same place: 2 floats' bytes each.
    put(kAt[3], valid.lengths.data(), 2 * valid.lengths.size());
    put(kAt[4], valid.loss.data(), valid.loss.size());
    memcpy(arena.At(0), bytes.data(), bytes.size());
    auto untouched = [&] {
      return memcmp(arena.At(0), bytes.data(), bytes.size()) == 0;
    };
    RowArgs ok;
    ok.a = arena.At(kAt[0]);
    ok.a_stride = kStride;
    ok.b = k.uses_b ? arena.At(kAt[1]) : nullptr;
    ok.b_stride = kStride;
    ok.out = k.writes_out ? arena.At(kAt[2]) : nullptr;
    ok.out_stride = kStride;
    ok.labels = k.uses_labels
                    ? reinterpret_cast<const int32_t*>(arena.At(kAt[3]))
                    : nullptr;
    ok.lengths = k.uses_lengths
                     ? reinterpret_cast<const int64_t*>(arena.At(kAt[3]))
                     : nullptr;
    ok.loss = k.writes_loss ? arena.At(kAt[4]) : nullptr;
    ok.rows = kRows;
    ok.cols = kCols;
    auto expect = [&](RowArgs r, actkern_status want, const char* what) {
      EXPECT_EQ(k.Run(r), want) << k.name << ": " << what;
      EXPECT_TRUE(untouched()) << k.name << ": " << what << " wrote";
    };
    // The valid arguments with one of them changed by `bad`.
    auto expect_bad = [&](const std::function<void(RowArgs&)>& bad,
                          actkern_status want, const char* what) {
      RowArgs r = ok;
      bad(r);
      expect(r, want, what);
    };
    const actkern_status kNull = ACTKERN_ERROR_NULL_POINTER,
                         kInvalid = ACTKERN_ERROR_INVALID_ARGUMENT,
                         kOverlap = ACTKERN_ERROR_OVERLAP;
    expect_bad([](RowArgs& r) { r.a = nullptr; }, kNull, "first input NULL");
    if (k.uses_b) {
      expect_bad([](RowArgs& r) { r.b = nullptr; }, kNull, "second input NULL");
      expect_bad([&](RowArgs& r) { r.b_stride = kCols - 1; }, kInvalid,
                 "second stride < cols");
    }
    if (k.writes_out && !k.writes_loss) {  // cross-entropy's grad may be NULL
      expect_bad([](RowArgs& r) { r.out = nullptr; }, kNull, "output NULL");
    }
    if (k.writes_loss) {
      expect_bad([](RowArgs& r) { r.loss = nullptr; }, kNull, "loss NULL");
    }
    expect_bad([&](RowArgs& r) { r.a_stride = kCols - 1; }, kInvalid,
               "stride < cols");
    if (k.writes_out) {
      expect_bad([&](RowArgs& r) { r.out_stride = kCols - 1; }, kInvalid,
                 "output stride < cols");
    }
    for (size_t rows :
         {SIZE_MAX, SIZE_MAX / kStride, SIZE_MAX / sizeof(float) / kStride}) {
      expect_bad([rows](RowArgs& r) { r.rows = rows; }, kInvalid,
                 "footprint overflows");
    }
    if (k.uses_labels) {
      for (int32_t bad :
           {static_cast<int32_t>(kCols), -1, INT32_MIN, INT32_MAX}) {
        if (bad == k.ignore_index) continue;
        int32_t* labels = reinterpret_cast<int32_t*>(arena.At(kAt[3]));
        labels[kRows - 1] = bad;  // the last row: every label is checked first
        memcpy(bytes.data() + kAt[3] * sizeof(float), labels,
               kRows * sizeof(int32_t));
        expect(ok, ACTKERN_ERROR_LABEL_OUT_OF_RANGE, "label out of range");
        labels[kRows - 1] = valid.labels[kRows - 1];
        memcpy(bytes.data() + kAt[3] * sizeof(float), labels,
               kRows * sizeof(int32_t));
      }
    }
    if (k.uses_lengths) {
      for (int64_t bad : {static_cast<int64_t>(kCols) + 1, int64_t{-1},
                          INT64_MIN, INT64_MAX}) {
        int64_t* lengths = reinterpret_cast<int64_t*>(arena.At(kAt[3]));
        lengths[kRows - 1] = bad;  // the last row: every length is checked
        memcpy(bytes.data() + kAt[3] * sizeof(float), lengths,
               kRows * sizeof(int64_t));
        expect(ok, ACTKERN_ERROR_LENGTH_OUT_OF_RANGE, "length out of range");
        lengths[kRows - 1] = valid.lengths[kRows - 1];
        memcpy(bytes.data() + kAt[3] * sizeof(float), lengths,
               kRows * sizeof(int64_t));
      }
      expect_bad([&](RowArgs& r) { r.out = arena.At(kAt[3] - kStride * 2); },
                 kOverlap, "output over the lengths");
    }
    if (k.writes_out) {
      expect_bad([&](RowArgs& r) { r.out = arena.At(kAt[0] + 1); }, kOverlap,
                 "output one element past the first input");
      expect_bad(
          [&](RowArgs& r) {
            r.out = arena.At(kAt[0]);
            r.out_stride = kStride + 1;
          },
          kOverlap, "output at the first input, other stride");
      if (k.uses_b) {
        expect_bad([&](RowArgs& r) { r.out = arena.At(kAt[1] + 2); }, kOverlap,
                   "output two elements past the second input");
      }
      if (k.soft_targets) {
        expect_bad([&](RowArgs& r) { r.out = arena.At(kAt[1]); }, kOverlap,
                   "gradient on the targets");
      }
    }
    if (k.writes_loss) {
      expect_bad([&](RowArgs& r) { r.loss = arena.At(kAt[0] + 3); }, kOverlap,
                 "loss inside the logits");
    }
  }
}

ACTKERN_INSTANTIATE_PER_TARGET(BadArguments);

}  // namespace
}  // namespace test
}  // namespace actkern
