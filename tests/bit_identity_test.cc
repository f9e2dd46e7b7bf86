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
// Regenerate the file (after adding a kernel, or on purpose after changing
// one) with
//   ACTKERN_UPDATE_BIT_IDENTITY=1 build/tests/bit_identity_test
// which rewrites the groups computed on this machine and keeps the others
// (run it on x86 for SSSE3/SSE4/SCALAR and the fma group; the emulated Arm
// run then checks that NEON and SVE give the same fma hash).
// ACTKERN_BIT_IDENTITY_FILE overrides the file's path.
//
// ---- softmax family (softmax): hook. Row kernels (softmax, log-softmax,
// cross-entropy) add their input sets here: rows of awkward lengths (1..67,
// 1000, 4097) with strides > cols, computed per target and hashed with
// Hash() under the names "<kernel> <set>", through the same Compare() path.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "hardening/inputs.h"
#include "test_util.h"

#ifndef ACTKERN_BIT_IDENTITY_GOLDEN
#error "tests/CMakeLists.txt defines ACTKERN_BIT_IDENTITY_GOLDEN"
#endif

namespace actkern {
namespace test {
namespace {

bool IsFmaTarget(const std::string& t) {
  static const std::set<std::string> kFma = {"AVX2",  "AVX3", "AVX3_DL", "AVX3_ZEN4",
                                             "NEON",  "SVE",  "SVE2",    "SVE_256",
                                             "SVE2_128"};
  return kFma.count(t) != 0;
}
// Two groups: with FMA, and without (SSE4, SSSE3, SCALAR with GCC, EMU128
// with clang), where MulAdd rounds twice. Every target of a group gives the
// same bits.
std::string Group(const std::string& target) {
  return IsFmaTarget(target) ? "fma" : "nofma";
}

uint32_t Canonical(float f) { return std::isnan(f) ? 0x7FC00000u : FloatToBits(f); }

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

int FloorInt(float v) { return static_cast<int>(std::max(-1024.0f, std::floor(v))); }
int CeilInt(float v) { return static_cast<int>(std::min(1024.0f, std::ceil(v))); }

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
    for (size_t i = 0; i < kN; ++i) s.in0.push_back(Normalish(r, i % 2 ? 2 : 5));
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
  for (const auto& k : catalog::UnaryKernels()) out.push_back({k.name, &k, nullptr});
  for (const auto& k : catalog::BackwardKernels()) out.push_back({k.name, nullptr, &k});
  return out;
}

std::vector<InputSet> SetsFor(const AnyKernel& k) {
  if (k.unary != nullptr) return MakeSets(false, k.unary->bench_lo, k.unary->bench_hi);
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
    if (!s.in1.empty()) std::copy_n(s.in1.begin() + (s.in1.size() - n), n, b.begin() + off);
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
  os << "in0=0x" << FloatToBits(s.in0[idx]) << " (" << std::dec << s.in0[idx] << ")";
  if (!s.in1.empty()) {
    const size_t j = s.calls.empty() ? idx : s.in1.size() - s.calls[which].second + idx;
    os << " dy=0x" << std::hex << FloatToBits(s.in1[j]) << " (" << std::dec << s.in1[j]
       << ")";
  }
  if (!s.calls.empty()) {
    os << " [call n=" << s.calls[which].second << " offset=" << s.calls[which].first << "]";
  }
  return os.str();
}

size_t FirstDiff(const std::vector<float>& a, const std::vector<float>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (Canonical(a[i]) != Canonical(b[i])) return i;
  }
  return a.size() == b.size() ? SIZE_MAX : std::min(a.size(), b.size());
}

// ------------------------------------------------------------ golden file
using Key = std::tuple<std::string, std::string, std::string>;  // kernel, set, group

std::string GoldenPath() {
  const char* env = getenv("ACTKERN_BIT_IDENTITY_FILE");
  return env != nullptr && env[0] != '\0' ? env : ACTKERN_BIT_IDENTITY_GOLDEN;
}

std::map<Key, std::string> ReadGolden() {
  std::map<Key, std::string> m;
  std::ifstream f(GoldenPath());
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

// Every target's outputs for every set of one kernel.
struct KernelResults {
  std::vector<InputSet> sets;
  std::vector<std::string> targets;
  std::vector<std::vector<std::vector<float>>> out;  // [target][set]
};

KernelResults Compute(const AnyKernel& k) {
  KernelResults r;
  r.sets = SetsFor(k);
  r.targets = catalog::RunnableTargets();
  for (const auto& t : r.targets) {
    ScopedTarget scoped(t);
    std::vector<std::vector<float>> per_set;
    for (const auto& s : r.sets) per_set.push_back(Run(k, s));
    r.out.push_back(per_set);
  }
  return r;
}

class BitIdentity : public ::testing::TestWithParam<std::string> {};

TEST_P(BitIdentity, MatchesGoldenOnEveryTarget) {
  if (Updating()) GTEST_SKIP() << "ACTKERN_UPDATE_BIT_IDENTITY set: BitIdentityFile.Update writes";
  AnyKernel k;
  for (const auto& c : AllKernels()) {
    if (c.name == GetParam()) k = c;
  }
  ASSERT_FALSE(k.name.empty());
  const KernelResults r = Compute(k);
  const auto golden = ReadGolden();
  std::map<std::string, std::vector<std::string>> groups;  // group -> targets
  for (const auto& t : r.targets) groups[Group(t)].push_back(t);

  for (size_t si = 0; si < r.sets.size(); ++si) {
    const InputSet& s = r.sets[si];
    for (size_t ti = 0; ti < r.targets.size(); ++ti) {
      const std::string& t = r.targets[ti];
      const std::string h = Hex(Hash(r.out[ti][si]));
      printf("%s %s %s: %s\n", k.name.c_str(), s.name.c_str(), t.c_str(), h.c_str());
      const auto it = golden.find(Key(k.name, s.name, Group(t)));
      if (it == golden.end()) {
        ADD_FAILURE() << "no golden hash for " << k.name << " " << s.name << " "
                      << Group(t) << " in " << GoldenPath()
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
        detail << "first element differing from " << r.targets[oj] << ": i=" << i << " "
               << DescribeInput(s, i) << ": " << t << " gave 0x" << std::hex
               << FloatToBits(r.out[ti][si][i]) << ", " << r.targets[oj] << " gave 0x"
               << FloatToBits(r.out[oj][si][i]) << std::dec;
        found = true;
      }
      if (!found) {
        detail << "every " << Group(t)
               << " target here gives the same bits: the kernel's results changed "
                  "(or this architecture differs from the one that wrote the file)";
      }
      ADD_FAILURE() << k.name << " " << s.name << " on " << t << ": hash " << h
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
      for (size_t si = 0; si < r.sets.size(); ++si) {
        differing_sets += FirstDiff(r.out[ti][si], r.out[oj][si]) != SIZE_MAX;
      }
      printf("%s: %s vs %s: %s\n", k.name.c_str(), r.targets[ti].c_str(),
             r.targets[oj].c_str(),
             differing_sets ? (std::to_string(differing_sets) + " input sets differ").c_str()
                            : "bit-identical");
    }
  }
}

std::vector<std::string> KernelNames() {
  std::vector<std::string> names;
  for (const auto& k : AllKernels()) names.push_back(k.name);
  return names;
}

std::string Name(const ::testing::TestParamInfo<std::string>& i) {
  std::string n = i.param;
  for (char& c : n) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Kernel, BitIdentity, ::testing::ValuesIn(KernelNames()), Name);

// The golden file names no kernel that is no longer catalogued.
TEST(BitIdentityFile, NoStaleKernels) {
  const auto names = KernelNames();
  for (const auto& e : ReadGolden()) {
    EXPECT_NE(std::find(names.begin(), names.end(), std::get<0>(e.first)), names.end())
        << GoldenPath() << " has " << std::get<0>(e.first)
        << ", which is not in the catalogue; regenerate it";
  }
}

// ACTKERN_UPDATE_BIT_IDENTITY=1: rewrites the groups computed here, keeps the
// other groups of catalogued kernels, drops everything else.
TEST(BitIdentityFile, Update) {
  if (!Updating()) GTEST_SKIP() << "set ACTKERN_UPDATE_BIT_IDENTITY=1 to regenerate";
  auto golden = ReadGolden();
  std::map<Key, std::string> next;
  std::set<std::string> computed_groups;
  for (const auto& t : catalog::RunnableTargets()) computed_groups.insert(Group(t));
  const auto names = KernelNames();
  for (const auto& e : golden) {
    const bool catalogued =
        std::find(names.begin(), names.end(), std::get<0>(e.first)) != names.end();
    if (catalogued && !computed_groups.count(std::get<2>(e.first))) next.insert(e);
  }
  for (const auto& k : AllKernels()) {
    const KernelResults r = Compute(k);
    for (size_t ti = 0; ti < r.targets.size(); ++ti) {
      for (size_t si = 0; si < r.sets.size(); ++si) {
        const Key key(k.name, r.sets[si].name, Group(r.targets[ti]));
        const std::string h = Hex(Hash(r.out[ti][si]));
        const auto it = next.find(key);
        if (it != next.end() && it->second != h) {
          ADD_FAILURE() << "targets of group " << std::get<2>(key) << " disagree on "
                        << k.name << " " << r.sets[si].name << " (" << r.targets[ti]
                        << "): not writing";
          return;
        }
        next[key] = h;
      }
    }
  }
  std::ofstream f(GoldenPath());
  ASSERT_TRUE(f.good()) << GoldenPath();
  f << "# actkern bit-identity hashes: FNV-1a 64 over each output set's bits, NaN\n"
       "# canonicalised. Group fma: every FMA target (AVX2, AVX3, AVX3_DL, NEON,\n"
       "# SVE, SVE2, SVE_256, SVE2_128). Group nofma: every target without FMA\n"
       "# (SSE4, SSSE3, SCALAR, EMU128: MulAdd rounds twice). Generated by\n"
       "#   ACTKERN_UPDATE_BIT_IDENTITY=1 build/tests/bit_identity_test\n"
       "# kernel set group hash\n";
  for (const auto& e : next) {
    f << std::get<0>(e.first) << " " << std::get<1>(e.first) << " " << std::get<2>(e.first)
      << " " << e.second << "\n";
  }
  printf("wrote %zu hashes to %s\n", next.size(), GoldenPath().c_str());
}

}  // namespace
}  // namespace test
}  // namespace actkern
