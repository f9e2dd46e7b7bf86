// actkern core: the fixed-order 32-partial reduction, compiled once per
// Highway target. Every sum over a row of the library goes through it.
//
// Contract.
//  - Order. A sum over elements c = 0, 1, ..., n - 1 is held as kNumPartials
//    = 32 logical partials: element c always goes to partial c mod 32, and
//    each partial accumulates its elements in increasing c. The 32 partials
//    are then combined by a fixed halving tree: partial j merges partial
//    j + 16, then j + 8, j + 4, j + 2, j + 1, and the result is partial 0.
//  - Why the order is fixed. A target with N float lanes holds the 32
//    partials as 32 / N vectors (AVX-512: 2, AVX2: 4, NEON and SSE4: 8,
//    scalar: 32 one-lane vectors). Lane l of vector k is partial k N + l, so
//    the halving tree is first across vectors (k merges k + 32 / (2N)), then
//    within the last vector (lane l merges lane l + N / 2). Every target thus
//    performs the same IEEE operations on the same logical partials in the
//    same order: the same bits on every vector width. Only additions and
//    subtractions are used (no MulAdd), so the reduction itself also gives
//    the same bits on targets without FMA; whatever differs there comes from
//    the summed terms.
//  - Compensation. Each partial is a pair (s, c): s the running float sum, c
//    the sum of the exact rounding errors of the additions into s. TwoSum
//    gives each error exactly, for any order of magnitudes and without
//    branches (a Max/Min-ordered Fast2Sum would drop NaN on x86; plain Kahan
//    loses the error when a large term follows small ones). Merging two
//    pairs is TwoSum of the sums, the error joining the compensations.
//  - Error. The result, s + c of partial 0 added in double, is the exact sum
//    up to the roundings of the compensation terms and of that last double
//    addition (Ogita, Rump and Oishi's bound for this compensated sum): with
//    u = 2^-24 and m the number of additions into one partial's chain (about
//    n / 32 + 5), |result - sum| <= 2^-53 |sum| + (m u)^2 (sum |x_c|) to
//    first order: as accurate as a sum in twice the working precision. The
//    error stays below half a float ULP of the sum unless the terms cancel,
//    that is unless sum |x_c| / |sum| exceeds about 2^23 / m^2.
//  - Preconditions. No intermediate overflow: every partial sum of |x_c|
//    below FLT_MAX (an inf or NaN term makes the result inf or NaN, as the
//    plain sum would; TwoSum turns an infinite sum into a NaN error, so
//    callers that need -inf must count infinite terms apart). The offset of
//    ReducePartials must be exact: s - offset exact for every partial.
//
// SVE vectors are sizeless (no arrays, struct members or by-value lambda
// captures): there the partials live in memory (Partials below), and vectors
// come back through references.
#if defined(ACTKERN_KERNELS_CORE_REDUCE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_REDUCE_INL_H_
#undef ACTKERN_KERNELS_CORE_REDUCE_INL_H_
#else
#define ACTKERN_KERNELS_CORE_REDUCE_INL_H_
#endif

#include <stddef.h>
#include <string.h>

#include "hwy/highway.h"
#include "kernels/core/eft-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Logical width of every reduction.
constexpr size_t kNumPartials = 32;

// At most 16 lanes (512 bits): 32 / N is then an integer >= 2 on every
// target (Highway lane counts are powers of two), also on wide SVE.
using ReduceD = hn::CappedTag<float, 16>;
using ReduceV = hn::Vec<ReduceD>;

// Vectors holding the 32 partials on this target.
HWY_INLINE size_t PartialVectors(ReduceD d) {
  return kNumPartials / hn::Lanes(d);
}

// The 32 logical partials of one sum (one float each), as PartialVectors(d)
// vectors.
#if HWY_HAVE_SCALABLE || HWY_ARCH_ARM
// SVE vectors are sizeless and cannot live in arrays: keep them in memory.
// On NEON too: GCC 12 cannot inline the implicit constructor of a class
// holding NEON vectors under Highway's per-target attributes.
class Partials {
 public:
  HWY_INLINE void Init(ReduceD d, float v) {
    for (size_t i = 0; i < kNumPartials; i += hn::Lanes(d)) {
      hn::Store(hn::Set(d, v), d, mem_ + i);
    }
  }
  HWY_INLINE ReduceV Get(ReduceD d, size_t k) const {
    return hn::Load(d, mem_ + k * hn::Lanes(d));
  }
  HWY_INLINE void Put(ReduceD d, size_t k, ReduceV v) {
    hn::Store(v, d, mem_ + k * hn::Lanes(d));
  }
  // The 32 partials in logical order.
  HWY_INLINE void StoreAll(ReduceD /*d*/, float* out) const {
    memcpy(out, mem_, sizeof(mem_));
  }

 private:
  HWY_ALIGN float mem_[kNumPartials];
};
#else
class Partials {
 public:
  HWY_INLINE void Init(ReduceD d, float v) {
    for (size_t k = 0; k < kNumVec; ++k) v_[k] = hn::Set(d, v);
  }
  HWY_INLINE ReduceV Get(ReduceD /*d*/, size_t k) const { return v_[k]; }
  HWY_INLINE void Put(ReduceD /*d*/, size_t k, ReduceV v) { v_[k] = v; }
  HWY_INLINE void StoreAll(ReduceD d, float* out) const {
    for (size_t k = 0; k < kNumVec; ++k) {
      hn::StoreU(v_[k], d, out + k * hn::MaxLanes(d));
    }
  }

 private:
  static constexpr size_t kNumVec = kNumPartials / hn::MaxLanes(ReduceD());
  ReduceV v_[kNumVec];
};
#endif

// (s, c) += v, lane by lane: s + c is the running sum, c collecting the exact
// rounding error of every addition (TwoSum, Neumaier's form). The dependency
// chain through s is one addition.
template <class V>
HWY_INLINE void CompensatedAdd(V v, V& s, V& c) {
  V err;
  s = TwoSum(s, v, err);
  c = hn::Add(c, err);
}

// (s, c) += (s2, c2), lane by lane: TwoSum of the sums, the error joins the
// compensations.
template <class V>
HWY_INLINE void CompensatedMerge(V& s, V& c, V s2, V c2) {
  V err;
  s = TwoSum(s, s2, err);
  c = hn::Add(hn::Add(c, c2), err);
}

// Reduces the lanes of (s, c) by the halving tree (lane j merges lane
// j + N/2, and so on) and returns s + c of lane 0 in double.
template <class D, class V>
HWY_INLINE double ReduceLanes(D d, V s, V c) {
#if HWY_HAVE_SCALABLE || HWY_TARGET == HWY_SCALAR
  // Through memory (no Half<> of a sizeless vector), merging one-lane
  // vectors: the same operations on the same lanes as the halving below.
  const hn::CappedTag<float, 1> d1;
  HWY_ALIGN float sa[kNumPartials];
  HWY_ALIGN float ca[kNumPartials];
  hn::Store(s, d, sa);
  hn::Store(c, d, ca);
  for (size_t w = hn::Lanes(d) / 2; w >= 1; w /= 2) {
    for (size_t j = 0; j < w; ++j) {
      auto sj = hn::LoadU(d1, sa + j);
      auto cj = hn::LoadU(d1, ca + j);
      CompensatedMerge(sj, cj, hn::LoadU(d1, sa + j + w),
                       hn::LoadU(d1, ca + j + w));
      hn::StoreU(sj, d1, sa + j);
      hn::StoreU(cj, d1, ca + j);
    }
  }
  return static_cast<double>(sa[0]) + static_cast<double>(ca[0]);
#else
  if constexpr (hn::MaxLanes(D()) == 1) {
    (void)d;
    return static_cast<double>(hn::GetLane(s)) +
           static_cast<double>(hn::GetLane(c));
  } else {
    const hn::Half<D> dh;
    auto sl = hn::LowerHalf(dh, s);
    auto cl = hn::LowerHalf(dh, c);
    CompensatedMerge(sl, cl, hn::UpperHalf(dh, s), hn::UpperHalf(dh, c));
    return ReduceLanes(dh, sl, cl);
  }
#endif
}

// The sum of the 32 logical partials (s - offset) + c by the fixed halving
// tree, whatever the lane count: across vectors first, then within the last
// vector. offset lets a caller start every partial at a value (e.g. 1, so
// that Fast2Sum applies) and take it out exactly here.
HWY_INLINE double ReducePartials(Partials s, Partials c, float offset) {
  const ReduceD d;
  size_t num = PartialVectors(d);
  if (offset != 0.0f) {
    for (size_t k = 0; k < num; ++k) {
      s.Put(d, k, hn::Sub(s.Get(d, k), hn::Set(d, offset)));
    }
  }
  for (; num > 1; num /= 2) {
    for (size_t k = 0; k < num / 2; ++k) {
      ReduceV a = s.Get(d, k), ac = c.Get(d, k);
      CompensatedMerge(a, ac, s.Get(d, k + num / 2), c.Get(d, k + num / 2));
      s.Put(d, k, a);
      c.Put(d, k, ac);
    }
  }
  return ReduceLanes(d, s.Get(d, 0), c.Get(d, 0));
}

// sum over i < n of op(a[i], b[i]) in the fixed order, compensated; op maps
// two ReduceV to one, lane by lane. The last partial block is read through
// stack buffers (nothing outside [0, n) is read) padded with b = 0 and
// a = pad_a, which the caller chooses so that op gives exactly 0 there.
template <class Op>
HWY_INLINE double FixedOrderSum(const float* a, const float* b, size_t n,
                                const Op& op, float pad_a = 0.0f) {
  const ReduceD d;
  const size_t N = hn::Lanes(d);
  Partials s, c;
  s.Init(d, 0.0f);
  c.Init(d, 0.0f);
  auto block = [&](const float* pa, const float* pb) {
    for (size_t k = 0; k < PartialVectors(d); ++k) {
      ReduceV sv = s.Get(d, k), cv = c.Get(d, k);
      CompensatedAdd(op(hn::LoadU(d, pa + k * N), hn::LoadU(d, pb + k * N)), sv,
                     cv);
      s.Put(d, k, sv);
      c.Put(d, k, cv);
    }
  };
  size_t i = 0;
  for (; i + kNumPartials <= n; i += kNumPartials) block(a + i, b + i);
  if (i < n) {
    HWY_ALIGN float ab[kNumPartials];
    HWY_ALIGN float bb[kNumPartials] = {};
    for (size_t j = 0; j < kNumPartials; ++j) ab[j] = pad_a;
    memcpy(ab, a + i, (n - i) * sizeof(float));
    memcpy(bb, b + i, (n - i) * sizeof(float));
    block(ab, bb);
  }
  return ReducePartials(s, c, 0.0f);
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_REDUCE_INL_H_ per-target guard
