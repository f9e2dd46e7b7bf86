// Bit-identical results across targets. For every catalogued kernel (unary
// and backward), fixed seeded inputs (tests/hardening/inputs.h: the same bits
// on every architecture) are run on every runnable target and each output set
// is hashed (FNV-1a 64 over the output bits, every NaN canonicalised, since
// NaN payloads are not part of any contract). The hashes are compared with
// tests/golden/bit_identity.txt:
//   - every target with fused multiply-add (AVX2, AVX3, AVX3_DL, NEON, SVE,
//     SVE2, SVE_256, SVE2_128) must give the one "fma" hash;
//   - targets without FMA (SSSE3, SSE4, EMU128, SCALAR) are exempt from the
//     FMA hash: their MulAdd is a multiply and an add, rounded twice, so
//     results may differ in the last bit. Each is checked against its own
//     golden hash (a line per target), and the test prints whether they
//     agree with each other and with the FMA targets.
// On a mismatch the test names the kernel, input set and target and prints
// the first element that differs from another target of the same group.
//
// Row kernels (the softmax family: every entry point with the parameter
// choices of tests/hardening/row_kernels.h, i.e. each scale kind, every
// cross-entropy reduction, label smoothing, ignore_index, with and without a
// gradient) are held to the same rule through the same comparison, with their
// hashes in tests/golden/bit_identity_rows.txt (same format): strided
// matrices (stride > cols, gaps that must stay untouched) of awkward lengths
// 1..67 and around powers of two up to 4097; special values and the
// documented limits; random bits; rows built to expose any change of the
// 32-partial summation order; and for softmax and log-softmax a
// 65536-element row.
//
// Regenerate the files (after adding a kernel, or on purpose after changing
// one) with
//   ACTKERN_UPDATE_BIT_IDENTITY=1 build/tests/bit_identity_test
// which rewrites the groups computed on this machine and keeps the others
// (run it on x86 for SSSE3/SSE4/SCALAR and the fma group; the emulated Arm
// run then checks that NEON and SVE give the same fma hash).
// ACTKERN_BIT_IDENTITY_FILE and ACTKERN_BIT_IDENTITY_ROWS_FILE override the
// files' paths.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "hardening/inputs.h"
#include "hardening/row_kernels.h"
#include "test_util.h"

#if !defined(ACTKERN_BIT_IDENTITY_GOLDEN) || \
    !defined(ACTKERN_BIT_IDENTITY_ROWS_GOLDEN)
#error \
    "tests/hardening/CMakeLists.txt defines ACTKERN_BIT_IDENTITY_(ROWS_)GOLDEN"
#endif

namespace actkern {
namespace test {
namespace {

// Two groups (IsFmaTarget: tests/test_util.h): with FMA, and without (SSE4,
// SSSE3, SCALAR with GCC, EMU128 with clang), where MulAdd rounds twice. Every
// target of a group gives the same bits.
std::string Group(const std::string& target) {
  return IsFmaTarget(target) ? "fma" : "nofma";
}

uint32_t Canonical(float f) {
  return std::isnan(f) ? 0x7FC00000u : FloatToBits(f);
}

uint64_t Hash(const std::vector<float>& v) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (float f : v) {
    const uint32_t b = Canonical(f);
    for (int byte = 0; byte < 4; ++byte) {
      h ^= (b >> (8 * byte)) & 0xFF;
      h *= 0x100000001B3ull;
    }
  }
  return h;
}

std::string Hex(uint64_t h) {
  char buf[17];
  snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// One input set: in0 (x, or y for backward kernels that take y) and, for
// backward kernels, dy. `calls` lists (offset, n) pieces; an empty list means
// one call over the whole set.
struct InputSet {
  std::string name;
  std::vector<float> in0, in1;
  std::vector<std::pair<size_t, size_t>> calls;
};

int FloorInt(float v) {
  return static_cast<int>(std::max(-1024.0f, std::floor(v)));
}
int CeilInt(float v) {
  return static_cast<int>(std::min(1024.0f, std::ceil(v)));
}

std::vector<InputSet> MakeSets(bool backward, float lo, float hi) {
  const size_t kN = 4096;
  std::vector<InputSet> sets;
  auto dy_for = [&](size_t n, uint64_t seed) {
    Rng r(seed);
    std::vector<float> dy(n);
    for (auto& v : dy) v = Normalish(r, 0);
    return dy;
  };
  {
    InputSet s{"normal", {}, {}, {}};
    Rng r(1);
    for (size_t i = 0; i < kN; ++i)
      s.in0.push_back(Normalish(r, i % 2 ? 2 : 5));
    sets.push_back(s);
  }
  {
    InputSet s{"uniform", {}, {}, {}};
    Rng r(2);
    int a = FloorInt(lo), b = CeilInt(hi);
    if (b <= a) b = a + 1;
    for (size_t i = 0; i < kN; ++i) s.in0.push_back(Uniform(r, a, b));
    sets.push_back(s);
  }
  {
    InputSet s{"wide", {}, {}, {}};
    Rng r(3);
    for (size_t i = 0; i < kN; ++i) s.in0.push_back(Uniform(r, -1000, 1000));
    sets.push_back(s);
  }
  {
    InputSet s{"bits", {}, {}, {}};
    Rng r(4);
    for (size_t i = 0; i < kN; ++i) s.in0.push_back(BitsToFloat(r.Bits32()));
    sets.push_back(s);
  }
  {
    InputSet s{"classes", BitClassValues(5), {}, {}};
    sets.push_back(s);
  }
  {
    InputSet s{"specials", {}, {}, {}};
    const std::vector<float> sp = SpecialValues();
    if (!backward) {
      s.in0 = sp;
    } else {
      for (float a : sp) {
        for (float b : sp) {
          s.in0.push_back(a);
          s.in1.push_back(b);
        }
      }
    }
    sets.push_back(s);
  }
  {
    // Every n in 1..67 at misalignments 1..3 (and 0), from a mixed pool.
    InputSet s{"edges", {}, {}, {}};
    Rng r(6);
    for (size_t i = 0; i < 80; ++i) {
      s.in0.push_back(i % 3 == 0 ? BitsToFloat(r.Bits32()) : Normalish(r, 3));
    }
    for (size_t n = 1; n <= 67; ++n) {
      for (size_t off = 0; off < 4; ++off) s.calls.push_back({off, n});
    }
    sets.push_back(s);
  }
  if (backward) {
    uint64_t seed = 100;
    for (auto& s : sets) {
      if (s.in1.empty()) s.in1 = dy_for(s.in0.size(), seed++);
    }
  }
  return sets;
}

// A kernel, unary or backward, behind one calling convention.
struct AnyKernel {
  std::string name;
  const catalog::UnaryKernel* unary = nullptr;
  const catalog::BackwardKernel* backward = nullptr;
};

std::vector<AnyKernel> AllKernels() {
  std::vector<AnyKernel> out;
  for (const auto& k : catalog::UnaryKernels())
    out.push_back({k.name, &k, nullptr});
  for (const auto& k : catalog::BackwardKernels())
    out.push_back({k.name, nullptr, &k});
  return out;
}

std::vector<InputSet> SetsFor(const AnyKernel& k) {
  if (k.unary != nullptr)
    return MakeSets(false, k.unary->bench_lo, k.unary->bench_hi);
  const catalog::UnaryKernel* f = catalog::FindUnary(k.backward->forward);
  return MakeSets(true, f ? f->bench_lo : -10.0f, f ? f->bench_hi : 10.0f);
}

// Runs k on the current target over one set; the outputs of all calls, in
// order. Unaligned pieces are copied to the same misalignment first, so the
// kernel sees unaligned pointers for both input and output.
std::vector<float> Run(const AnyKernel& k, const InputSet& s) {
  std::vector<std::pair<size_t, size_t>> calls = s.calls;
  if (calls.empty()) calls.push_back({0, s.in0.size()});
  std::vector<float> out;
  for (const auto& c : calls) {
    const size_t off = c.first, n = c.second;
    std::vector<float> a(off + n), b(off + n), y(off + n + 1);
    std::copy_n(s.in0.begin(), n, a.begin() + off);
    if (!s.in1.empty())
      std::copy_n(s.in1.begin() + (s.in1.size() - n), n, b.begin() + off);
    actkern_status st;
    if (k.unary != nullptr) {
      st = k.unary->run(a.data() + off, y.data() + off, n);
    } else {
      st = k.backward->run(a.data() + off, b.data() + off, y.data() + off, n);
    }
    EXPECT_EQ(st, ACTKERN_OK) << k.name << "/" << s.name;
    out.insert(out.end(), y.begin() + off, y.begin() + off + n);
  }
  return out;
}

// The input(s) behind output element i of set s, for messages.
std::string DescribeInput(const InputSet& s, size_t i) {
  size_t idx = i, which = 0;
  if (!s.calls.empty()) {
    for (const auto& c : s.calls) {
      if (idx < c.second) break;
      idx -= c.second;
      ++which;
    }
  }
  std::ostringstream os;
  os << std::hex;
  os << "in0=0x" << FloatToBits(s.in0[idx]) << " (" << std::dec << s.in0[idx]
     << ")";
  if (!s.in1.empty()) {
    const size_t j =
        s.calls.empty() ? idx : s.in1.size() - s.calls[which].second + idx;
    os << " dy=0x" << std::hex << FloatToBits(s.in1[j]) << " (" << std::dec
       << s.in1[j] << ")";
  }
  if (!s.calls.empty()) {
    os << " [call n=" << s.calls[which].second
       << " offset=" << s.calls[which].first << "]";
  }
  return os.str();
}

size_t FirstDiff(const std::vector<float>& a, const std::vector<float>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (Canonical(a[i]) != Canonical(b[i])) return i;
  }
  return a.size() == b.size() ? SIZE_MAX : std::min(a.size(), b.size());
}

// ------------------------------------------------------------ row kernels

// One matrix of a row input set: its shape and raw values, rows * cols each
// (tests/hardening/row_kernels.h turns them into each kernel's inputs:
// logits, a forward output, dy, soft targets, labels from label_seed).
struct RowMatrix {
  size_t rows, cols, stride;
  std::vector<float> a, b;
  uint64_t label_seed;
};

struct RowSet {
  std::string name;
  std::vector<RowMatrix> matrices;
  // Only for softmax and log-softmax, whose algorithm depends on the row
  // length (pairs of rows up to 2048 elements on 16-lane targets): the other
  // kernels' long rows run the code 4097 already runs.
  bool forward_only = false;
};

bool Applies(const RowSet& s, const RowKernel& k) {
  return !s.forward_only || (k.input == RowInput::kLogits && !k.writes_loss);
}

std::vector<size_t> AwkwardCols() {
  std::vector<size_t> v;
  for (size_t c = 1; c <= 67; ++c) v.push_back(c);
  for (size_t c : {96, 97, 100, 127, 128, 129, 191, 192, 193, 255, 256, 257,
                   300, 1000, 1023, 1025, 2048, 2049, 4097}) {
    v.push_back(c);
  }
  return v;
}
// Short rows in taller matrices: targets may process several short rows per
// vector, and every row position (first, middle, last) must come out right.
size_t RowsFor(size_t cols) { return cols <= 32 ? 5 : 3; }
// Always a gap after each row, of 1..7 elements.
size_t StrideFor(size_t cols) { return cols + 1 + cols % 7; }

// A matrix whose raw values come from gen_a(row, col) and gen_b(row, col).
template <class A, class B>
RowMatrix Matrix(size_t rows, size_t cols, size_t stride, A gen_a, B gen_b) {
  RowMatrix m{rows, cols, stride, {}, {}, rows * 1000003 + cols};
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      m.a.push_back(gen_a(r, c));
      m.b.push_back(gen_b(r, c));
    }
  }
  return m;
}

std::vector<RowSet> MakeRowSets() {
  std::vector<RowSet> sets;
  const std::vector<float> sp = SpecialValues();
  const size_t nsp = sp.size();
  {
    // Logits of standard deviation about 2^-1, 2^2, 2^5 and 2^8.
    RowSet s{"normal", {}};
    Rng r(201);
    const int sigma[] = {-1, 2, 5, 8};
    for (size_t cols : AwkwardCols()) {
      s.matrices.push_back(Matrix(
          RowsFor(cols), cols, StrideFor(cols),
          [&](size_t, size_t) { return Normalish(r, sigma[cols % 4]); },
          [&](size_t, size_t) { return Normalish(r, 0); }));
    }
    sets.push_back(s);
  }
  {
    RowSet s{"wide", {}};
    Rng r(202);
    for (size_t cols : AwkwardCols()) {
      s.matrices.push_back(Matrix(
          RowsFor(cols), cols, StrideFor(cols),
          [&](size_t, size_t) { return Uniform(r, -1000, 1000); },
          [&](size_t, size_t) { return Uniform(r, -16, 16); }));
    }
    sets.push_back(s);
  }
  {
    // Random bit patterns: NaN, infinities, huge and subnormal logits.
    RowSet s{"bits", {}};
    Rng r(203);
    for (size_t cols = 1; cols <= 67; ++cols) {
      s.matrices.push_back(Matrix(
          RowsFor(cols), cols, StrideFor(cols),
          [&](size_t, size_t) { return BitsToFloat(r.Bits32()); },
          [&](size_t, size_t) { return BitsToFloat(r.Bits32()); }));
    }
    sets.push_back(s);
  }
  {
    // Row j holds special value j (and another one) among ordinary logits.
    RowSet s{"specials", {}};
    Rng r(204);
    for (size_t cols : {1, 2, 3, 5, 8, 16, 17, 33, 67}) {
      s.matrices.push_back(Matrix(
          nsp, cols, cols + 3,
          [&](size_t j, size_t c) {
            if (c == j % cols) return sp[j];
            if (cols > 2 && c == (j * 3 + 1) % cols)
              return sp[(j * 7 + 3) % nsp];
            return Normalish(r, 2);
          },
          [&](size_t j, size_t c) {
            return c == (j * 5) % cols ? sp[(j + 11) % nsp] : Normalish(r, 0);
          }));
    }
    sets.push_back(s);
  }
  {
    // The documented limits, row by row: fully masked, +inf entries, NaN,
    // the largest finite logits (whose scaled products may overflow),
    // constant rows and subnormal-only rows.
    RowSet s{"limits", {}};
    Rng r(205);
    const float inf = BitsToFloat(0x7F800000u), max = BitsToFloat(0x7F7FFFFFu),
                nan = BitsToFloat(0x7FC00000u), sub = BitsToFloat(0x00000003u);
    for (size_t cols : {1, 2, 7, 40}) {
      s.matrices.push_back(Matrix(
          12, cols, cols + 2,
          [&](size_t j, size_t c) -> float {
            switch (j) {
              case 0:
                return -inf;
              case 1:
                return inf;
              case 2:
                return c == cols / 2 ? inf : Normalish(r, 3);
              case 3:
                return c % 3 == 0 ? inf : -inf;
              case 4:
                return c == cols - 1 ? nan : Normalish(r, 3);
              case 5:
                return c % 2 ? max : -max;
              case 6:
                return max;
              case 7:
                return c == 0 ? 0.0f : -max;
              case 8:
                return c == cols - 1 ? max : -inf;
              case 9:
                return 0.0f;
              case 10:
                return c % 2 ? sub : -sub;
              default:
                return c % 2 ? -inf : Normalish(r, 1);
            }
          },
          [&](size_t j, size_t c) {
            return j == 9 && c == 0 ? inf : Normalish(r, 1);
          }));
    }
    sets.push_back(s);
  }
  {
    // Rows longer than 32 elements whose sums depend on the summation order:
    // terms of very different sizes in different partials (element c joins
    // partial c mod 32), a ramp, alternating magnitudes, a constant row with
    // the max last, a big term in the last partial, three scales (1, about
    // 2^-24, about 2^-52: below what one compensated partial keeps) and
    // terms spread over e^-60..1; dy alternating +-1 (sums that cancel) or
    // one huge entry per 32 among tiny ones.
    RowSet s{"reduction", {}};
    Rng r(206);
    for (size_t cols : {33, 63, 64, 65, 96, 127, 160, 1000, 2049}) {
      s.matrices.push_back(Matrix(
          8, cols, StrideFor(cols),
          [&](size_t p, size_t c) -> float {
            switch (p) {
              case 0:
                return c % 32 == 0 ? 0.0f : -16.625f;
              case 1:
                return -static_cast<float>(c % 32) * 0.75f;
              case 2:
                return c % 2 ? -20.0f : 10.0f;
              case 3:
                return -static_cast<float>(c) * 0.015625f;
              case 4:
                return c == cols - 1 ? 5.0f : 0.0f;
              case 5:
                return Normalish(r, -3) + (c % 32 == 31 ? 8.0f : 0.0f);
              case 6:
                return c % 32 == 0 ? 0.0f : c % 32 < 16 ? -16.625f : -36.0f;
              default:
                return Uniform(r, -60, 0);
            }
          },
          [&](size_t p, size_t c) -> float {
            if (p % 2 == 0) return c % 2 ? 1.0f : -1.0f;
            return c % 32 == (3 * p) % 32 ? 1024.0f : Normalish(r, -10);
          }));
    }
    sets.push_back(s);
  }
  {
    RowSet s{"long", {}, true};
    Rng r(208);
    s.matrices.push_back(Matrix(
        1, 65536, 65536, [&](size_t, size_t) { return Normalish(r, 3); },
        [&](size_t, size_t) { return Normalish(r, 0); }));
    sets.push_back(s);
  }
  {
    // A row of 2^18 + 1031 columns with a long run of -inf and the max near
    // the end.
    RowSet s{"long_masked", {}, true};
    Rng r(209);
    const size_t cols = (size_t{1} << 18) + 1031;
    const float inf = BitsToFloat(0x7F800000u);
    s.matrices.push_back(Matrix(
        1, cols, cols,
        [&](size_t, size_t c) -> float {
          if (c >= 3000 && c < 7000) return -inf;
          return c == cols - 5 ? 40.0f : Normalish(r, 3);
        },
        [&](size_t, size_t) { return Normalish(r, 0); }));
    sets.push_back(s);
  }
  return sets;
}

// Filled into every stride gap and output before a call: a signalling NaN,
// which no kernel produces.
const float kRowFill = BitsToFloat(0x7FA5A5A5u);

// Runs k on the current target over every matrix of s; all the outputs (the
// output rows, then the losses, per matrix) in order.
std::vector<float> RunRows(const RowKernel& k, const RowSet& s) {
  std::vector<float> out;
  for (const RowMatrix& m : s.matrices) {
    RowCall call(k, m.rows, m.cols, m.stride, m.a, m.b, m.label_seed, kRowFill);
    EXPECT_EQ(k.Run(call.Args()), ACTKERN_OK)
        << k.name << "/" << s.name << " " << m.rows << "x" << m.cols;
    for (size_t r = 0; r + 1 < m.rows && k.writes_out; ++r) {
      for (size_t c = m.cols; c < m.stride; ++c) {
        EXPECT_EQ(FloatToBits(call.out[r * m.stride + c]),
                  FloatToBits(kRowFill))
            << k.name << "/" << s.name << ": gap written, " << m.rows << "x"
            << m.cols << " row " << r << " col " << c;
      }
    }
    const std::vector<float> o = call.Outputs();
    out.insert(out.end(), o.begin(), o.end());
  }
  return out;
}

// The inputs behind output element i of set s, for messages.
std::string DescribeRowInput(const RowKernel& k, const RowSet& s, size_t i) {
  for (size_t mi = 0; mi < s.matrices.size(); ++mi) {
    const RowMatrix& m = s.matrices[mi];
    const size_t n_out = k.writes_out ? m.rows * m.cols : 0;
    const size_t n = n_out + k.LossCount(m.rows);
    if (i >= n) {
      i -= n;
      continue;
    }
    std::ostringstream os;
    os << "matrix " << mi << " (" << m.rows << "x" << m.cols << ", stride "
       << m.stride << "): ";
    const size_t row =
        i < n_out ? i / m.cols : (k.loss_per_row ? i - n_out : 0);
    if (i < n_out) {
      const size_t c = i % m.cols;
      os << "row " << row << " col " << c << " a=0x" << std::hex
         << FloatToBits(MakeRowInput(k, m.a[i])) << std::dec;
      if (k.uses_b)
        os << " b=0x" << std::hex << FloatToBits(MakeRowSecond(k, m.b[i]))
           << std::dec;
    } else {
      os << (k.loss_per_row ? "loss of row " + std::to_string(row)
                            : std::string("loss"));
    }
    if (k.uses_labels) {
      os << " label=" << MakeLabels(k, m.rows, m.cols, m.label_seed)[row];
    }
    return os.str();
  }
  return "past the end";
}

// ------------------------------------------------------------ golden files
using Key =
    std::tuple<std::string, std::string, std::string>;  // kernel, set, group

// A golden file: the variable that overrides its path, its path, and the
// comment block Update writes at its top.
struct GoldenFile {
  const char* env;
  const char* path;
  const char* header;
};

const GoldenFile kElementwiseGolden = {
    "ACTKERN_BIT_IDENTITY_FILE", ACTKERN_BIT_IDENTITY_GOLDEN,
    "# actkern bit-identity hashes: FNV-1a 64 over each output set's bits, "
    "NaN\n"
    "# canonicalised. Group fma: every FMA target (AVX2, AVX3, AVX3_DL, NEON,\n"
    "# SVE, SVE2, SVE_256, SVE2_128). Group nofma: every target without FMA\n"
    "# (SSE4, SSSE3, SCALAR, EMU128: MulAdd rounds twice). Generated by\n"
    "#   ACTKERN_UPDATE_BIT_IDENTITY=1 build/tests/bit_identity_test\n"
    "# kernel set group hash\n"};

const GoldenFile kRowsGolden = {
    "ACTKERN_BIT_IDENTITY_ROWS_FILE", ACTKERN_BIT_IDENTITY_ROWS_GOLDEN,
    "# actkern bit-identity hashes of the row kernels (softmax family, with "
    "the\n"
    "# parameter choices of tests/hardening/row_kernels.h): FNV-1a 64 over "
    "each\n"
    "# input set's output rows and losses, NaN canonicalised. Groups as in\n"
    "# bit_identity.txt: fma (AVX2, AVX3, AVX3_DL, NEON, SVE, SVE2, SVE_256,\n"
    "# SVE2_128) and nofma (SSE4, SSSE3, SCALAR, EMU128). Generated by\n"
    "#   ACTKERN_UPDATE_BIT_IDENTITY=1 build/tests/bit_identity_test\n"
    "# kernel set group hash\n"};

std::string GoldenPath(const GoldenFile& g) {
  const char* env = getenv(g.env);
  return env != nullptr && env[0] != '\0' ? env : g.path;
}

std::map<Key, std::string> ReadGolden(const GoldenFile& g) {
  std::map<Key, std::string> m;
  std::ifstream f(GoldenPath(g));
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string kernel, set, group, hash;
    if (is >> kernel >> set >> group >> hash) m[Key(kernel, set, group)] = hash;
  }
  return m;
}

bool Updating() {
  const char* env = getenv("ACTKERN_UPDATE_BIT_IDENTITY");
  return env != nullptr && env[0] != '\0' && env[0] != '0';
}

// Every target's outputs for every input set of one kernel, elementwise or
// row, and a description of the input(s) behind output element i of a set.
struct KernelResults {
  std::string kernel;
  std::vector<std::string> set_names;
  std::vector<std::string> targets;
  std::vector<std::vector<std::vector<float>>> out;  // [target][set]
  std::function<std::string(size_t set, size_t i)> describe;
};

// Runs run(set) for every set on every runnable target; describe(set, i)
// names the input behind output element i.
template <class Set, class RunFn, class DescribeFn>
KernelResults RunOnEveryTarget(const std::string& kernel,
                               std::shared_ptr<std::vector<Set>> sets,
                               const RunFn& run, const DescribeFn& describe) {
  KernelResults r;
  r.kernel = kernel;
  for (const auto& s : *sets) r.set_names.push_back(s.name);
  r.targets = catalog::RunnableTargets();
  for (const auto& t : r.targets) {
    ScopedTarget scoped(t);
    std::vector<std::vector<float>> per_set;
    for (const auto& s : *sets) per_set.push_back(run(s));
    r.out.push_back(per_set);
  }
  r.describe = [sets, describe](size_t si, size_t i) {
    return describe((*sets)[si], i);
  };
  return r;
}

KernelResults Compute(const AnyKernel& k) {
  return RunOnEveryTarget(
      k.name, std::make_shared<std::vector<InputSet>>(SetsFor(k)),
      [&k](const InputSet& s) { return Run(k, s); },
      [](const InputSet& s, size_t i) { return DescribeInput(s, i); });
}

KernelResults ComputeRows(const RowKernel& k) {
  auto sets = std::make_shared<std::vector<RowSet>>();
  for (RowSet& s : MakeRowSets()) {
    if (Applies(s, k)) sets->push_back(std::move(s));
  }
  const RowKernel* kp = &k;
  return RunOnEveryTarget(
      k.name, sets, [kp](const RowSet& s) { return RunRows(*kp, s); },
      [kp](const RowSet& s, size_t i) { return DescribeRowInput(*kp, s, i); });
}

// Checks every (set, target) hash of r against golden file g; on a mismatch
// names the first element that differs from another target of the group.
void Compare(const KernelResults& r, const GoldenFile& g) {
  const auto golden = ReadGolden(g);
  for (size_t si = 0; si < r.set_names.size(); ++si) {
    const std::string& set = r.set_names[si];
    for (size_t ti = 0; ti < r.targets.size(); ++ti) {
      const std::string& t = r.targets[ti];
      const std::string h = Hex(Hash(r.out[ti][si]));
      printf("%s %s %s: %s\n", r.kernel.c_str(), set.c_str(), t.c_str(),
             h.c_str());
      const auto it = golden.find(Key(r.kernel, set, Group(t)));
      if (it == golden.end()) {
        ADD_FAILURE() << "no golden hash for " << r.kernel << " " << set << " "
                      << Group(t) << " in " << GoldenPath(g)
                      << "; regenerate with ACTKERN_UPDATE_BIT_IDENTITY=1 "
                         "build/tests/bit_identity_test";
        continue;
      }
      if (it->second == h) continue;
      // Find the first element that differs from another target of the same
      // group (one that matches the golden hash if there is one).
      std::ostringstream detail;
      bool found = false;
      for (size_t oj = 0; oj < r.targets.size() && !found; ++oj) {
        if (oj == ti || Group(r.targets[oj]) != Group(t)) continue;
        const size_t i = FirstDiff(r.out[ti][si], r.out[oj][si]);
        if (i == SIZE_MAX) continue;
        detail << "first element differing from " << r.targets[oj]
               << ": i=" << i << " "
               << (i < r.out[ti][si].size() && i < r.out[oj][si].size()
                       ? r.describe(si, i)
                       : std::string("(lengths differ)"));
        if (i < r.out[ti][si].size() && i < r.out[oj][si].size()) {
          detail << ": " << t << " gave 0x" << std::hex
                 << FloatToBits(r.out[ti][si][i]) << ", " << r.targets[oj]
                 << " gave 0x" << FloatToBits(r.out[oj][si][i]) << std::dec;
        }
        found = true;
      }
      if (!found) {
        detail
            << "every " << Group(t)
            << " target here gives the same bits: the kernel's results changed "
               "(or this architecture differs from the one that wrote the "
               "file)";
      }
      ADD_FAILURE() << r.kernel << " " << set << " on " << t << ": hash " << h
                    << ", golden (" << Group(t) << ") " << it->second << "; "
                    << detail.str();
    }
  }

  // Informational: do the non-FMA targets agree with each other and with the
  // FMA ones?
  for (size_t ti = 0; ti < r.targets.size(); ++ti) {
    if (IsFmaTarget(r.targets[ti])) continue;
    for (size_t oj = 0; oj < r.targets.size(); ++oj) {
      if (oj == ti) continue;
      size_t differing_sets = 0;
      for (size_t si = 0; si < r.set_names.size(); ++si) {
        differing_sets += FirstDiff(r.out[ti][si], r.out[oj][si]) != SIZE_MAX;
      }
      printf(
          "%s: %s vs %s: %s\n", r.kernel.c_str(), r.targets[ti].c_str(),
          r.targets[oj].c_str(),
          differing_sets
              ? (std::to_string(differing_sets) + " input sets differ").c_str()
              : "bit-identical");
    }
  }
}

template <class Kernels>
std::vector<std::string> NamesOf(const Kernels& kernels) {
  std::vector<std::string> names;
  for (const auto& k : kernels) names.push_back(k.name);
  return names;
}
std::vector<std::string> KernelNames() { return NamesOf(AllKernels()); }
std::vector<std::string> RowKernelNames() { return NamesOf(RowKernels()); }

std::string Name(const ::testing::TestParamInfo<std::string>& i) {
  std::string n = i.param;
  for (char& c : n) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

// The whole body of a MatchesGoldenOnEveryTarget test: computes the kernel
// of `kernels` named `name` on every target and compares it with `golden`.
template <class Kernels, class ComputeFn>
void MatchGolden(const Kernels& kernels, const std::string& name,
                 const ComputeFn& compute, const GoldenFile& golden) {
  if (Updating())
    GTEST_SKIP()
        << "ACTKERN_UPDATE_BIT_IDENTITY set: BitIdentityFile.Update writes";
  for (const auto& k : kernels) {
    if (k.name == name) return Compare(compute(k), golden);
  }
  FAIL() << "no kernel " << name;
}

class BitIdentity : public ::testing::TestWithParam<std::string> {};

TEST_P(BitIdentity, MatchesGoldenOnEveryTarget) {
  MatchGolden(AllKernels(), GetParam(), Compute, kElementwiseGolden);
}

INSTANTIATE_TEST_SUITE_P(Kernel, BitIdentity,
                         ::testing::ValuesIn(KernelNames()), Name);

class BitIdentityRows : public ::testing::TestWithParam<std::string> {};

TEST_P(BitIdentityRows, MatchesGoldenOnEveryTarget) {
  MatchGolden(RowKernels(), GetParam(), ComputeRows, kRowsGolden);
}

INSTANTIATE_TEST_SUITE_P(Kernel, BitIdentityRows,
                         ::testing::ValuesIn(RowKernelNames()), Name);

// The golden files name no kernel that is no longer tested.
TEST(BitIdentityFile, NoStaleKernels) {
  const std::pair<const GoldenFile*, std::vector<std::string>> files[] = {
      {&kElementwiseGolden, KernelNames()}, {&kRowsGolden, RowKernelNames()}};
  for (const auto& f : files) {
    for (const auto& e : ReadGolden(*f.first)) {
      EXPECT_NE(
          std::find(f.second.begin(), f.second.end(), std::get<0>(e.first)),
          f.second.end())
          << GoldenPath(*f.first) << " has " << std::get<0>(e.first)
          << ", which is not tested any more; regenerate it";
    }
  }
}

// Rewrites golden file g: the groups computed here from compute(i) for every
// kernel names[i]; the other groups of those kernels kept; nothing else.
void WriteGolden(const GoldenFile& g, const std::vector<std::string>& names,
                 const std::function<KernelResults(size_t)>& compute) {
  auto golden = ReadGolden(g);
  std::map<Key, std::string> next;
  std::set<std::string> computed_groups;
  for (const auto& t : catalog::RunnableTargets())
    computed_groups.insert(Group(t));
  for (const auto& e : golden) {
    const bool tested = std::find(names.begin(), names.end(),
                                  std::get<0>(e.first)) != names.end();
    if (tested && !computed_groups.count(std::get<2>(e.first))) next.insert(e);
  }
  for (size_t ki = 0; ki < names.size(); ++ki) {
    const KernelResults r = compute(ki);
    for (size_t ti = 0; ti < r.targets.size(); ++ti) {
      for (size_t si = 0; si < r.set_names.size(); ++si) {
        const Key key(r.kernel, r.set_names[si], Group(r.targets[ti]));
        const std::string h = Hex(Hash(r.out[ti][si]));
        const auto it = next.find(key);
        if (it != next.end() && it->second != h) {
          ADD_FAILURE() << "targets of group " << std::get<2>(key)
                        << " disagree on " << r.kernel << " " << r.set_names[si]
                        << " (" << r.targets[ti] << "): not writing "
                        << GoldenPath(g);
          return;
        }
        next[key] = h;
      }
    }
  }
  std::ofstream f(GoldenPath(g));
  ASSERT_TRUE(f.good()) << GoldenPath(g);
  f << g.header;
  for (const auto& e : next) {
    f << std::get<0>(e.first) << " " << std::get<1>(e.first) << " "
      << std::get<2>(e.first) << " " << e.second << "\n";
  }
  printf("wrote %zu hashes to %s\n", next.size(), GoldenPath(g).c_str());
}

// ACTKERN_UPDATE_BIT_IDENTITY=1: rewrites both files.
TEST(BitIdentityFile, Update) {
  if (!Updating())
    GTEST_SKIP() << "set ACTKERN_UPDATE_BIT_IDENTITY=1 to regenerate";
  const std::vector<AnyKernel> kernels = AllKernels();
  WriteGolden(kElementwiseGolden, KernelNames(),
              [&](size_t i) { return Compute(kernels[i]); });
  WriteGolden(kRowsGolden, RowKernelNames(),
              [](size_t i) { return ComputeRows(RowKernels()[i]); });
}

}  // namespace
}  // namespace test
}  // namespace actkern
