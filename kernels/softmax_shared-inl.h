// Row pieces shared by the softmax family's forward rows
// (softmax_rows-inl.h) and cross-entropy (cross_entropy-inl.h), compiled once
// per Highway target: e^(z - m) from the exact difference, the max pass, and
// the exp-and-sum accumulator.
//
// Reproducible bits. Max and Min are exact and order-independent; every sum
// goes through the fixed-order 32-partial reduction (core/reduce-inl.h), and
// the row tail is a whole 32-element block whose padding lanes are taken out
// exactly. So every target performs the same operations on the same logical
// lanes: the same bits wherever MulAdd is fused. Only IEEE-exact operations
// are used (see core/exp-inl.h).
#if defined(ACTKERN_KERNELS_SOFTMAX_SHARED_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_SOFTMAX_SHARED_INL_H_
#undef ACTKERN_KERNELS_SOFTMAX_SHARED_INL_H_
#else
#define ACTKERN_KERNELS_SOFTMAX_SHARED_INL_H_
#endif

#include <math.h>
#include <stddef.h>
#include <string.h>

#include <cmath>
#include <limits>

#include "kernels/core/exp-inl.h"
#include "kernels/core/reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// ------------------------------------------------- e^(z - m), exactly shifted

// a + b and a - b written as a * 1 + b and b * -1 + a: the same correctly
// rounded result, bit for bit, with or without FMA, but executed on the
// multiply-add pipes. On Zen 4 additions and FMAs have separate pipes and the
// exp-and-sum loop is otherwise add-bound.
template <class V>
HWY_INLINE V AddOnFmaPipe(V a, V b) {
  return hn::MulAdd(a, hn::Set(hn::DFromV<V>(), 1.0f), b);
}
template <class V>
HWY_INLINE V SubOnFmaPipe(V a, V b) {
  return hn::NegMulAdd(b, hn::Set(hn::DFromV<V>(), 1.0f), a);
}

// hi + lo = z - m exactly (TwoSum of z and -m: no ordering of |z|, |m|
// needed). lo is NaN where hi is infinite; callers mask it. The core's
// TwoSum(z, -m) computes the same error, but with every operation on the add
// pipes (and a zero lo may get the other sign), so this variant stays here,
// the one place that needs it.
template <class V>
HWY_INLINE void ExactDifference(V z, V m, V& hi, V& lo) {
  hi = hn::Sub(z, m);
  const V bb = SubOnFmaPipe(hi, z);
  lo = hn::Sub(SubOnFmaPipe(z, hn::Sub(hi, bb)), AddOnFmaPipe(m, bb));
}

// e^(hi + lo), for hi <= 0 (or NaN, -inf) and |lo| <= ulp(hi) / 2 (hi + lo
// the exact z - m of ExactDifference): the exp core (ExpReduce, ExpPoly6,
// and ExpScaleSplit or ExpScaleFromT) with lo folded into the reduced
// argument's low part. Without lo, the rounding of z - m alone (up to
// |z - m| 2^-24 absolute) would cost up to |z - m| / 2 ULP. The error is
// then the exp core's (0.5 ULP and a little). ExpHiLoFull and ExpHiLoFast
// give the same bits where both apply.
//
// kTimes2p64: returns e^(hi + lo) 2^64 instead (ExpRaiseN<64> adds 64 to
// the reduction's n, so the same bits scaled). Log-softmax and cross-entropy
// sum the non-max terms w this way: unscaled, terms below 2^-126 would be
// rounded as subnormals, and many of them can make up a normal w that the max
// element's output (-log1p w, about -w) needs to 2 ULP. Arguments are then
// clamped at -149 (where the scaled result still rounds to 0, as e^-104 does
// unscaled).

// Any hi <= 0: the clamp, the split scaling and the NaN fix.
template <bool kTimes2p64 = false, class D, class V>
HWY_NOINLINE V ExpHiLoFull(D d, V hi, V lo) {
  const float clamp = kTimes2p64 ? -149.0f : kExpClampLo;
  const V lo_ok = hn::IfThenElseZero(hn::Gt(hi, hn::Set(d, clamp)), lo);
  const V xc = hn::Max(hi, hn::Set(d, clamp));
  V t, r_hi, r_lo;
  ExpReduce(d, xc, t, r_hi, r_lo);
  if (kTimes2p64) t = ExpRaiseN<64>(d, t);
  const V y = ExpScaleSplit(d, ExpPoly6(d, r_hi, hn::Add(r_lo, lo_ok)), t);
  return hn::IfThenElse(hn::IsNaN(hi), hn::Add(hi, hi), y);
}

// hi > -kExpFastBound in every lane (or NaN, which propagates): one
// multiplication by a normal power of two.
template <bool kTimes2p64 = false, class D, class V>
HWY_INLINE V ExpHiLoFast(D d, V hi, V lo) {
  V t, r_hi, r_lo;
  ExpReduce(d, hi, t, r_hi, r_lo);
  if (kTimes2p64) t = ExpRaiseN<64>(d, t);
  return hn::Mul(ExpPoly6(d, r_hi, hn::Add(r_lo, lo)), ExpScaleFromT(d, t));
}

// Either, decided per vector.
template <bool kTimes2p64 = false, class D, class V>
HWY_INLINE V ExpHiLo(D d, V hi, V lo) {
  if (HWY_LIKELY(hn::AllTrue(d, hn::Gt(hi, hn::Set(d, -kExpFastBound))))) {
    return ExpHiLoFast<kTimes2p64>(d, hi, lo);
  }
  return ExpHiLoFull<kTimes2p64>(d, hi, lo);
}

// The fast tier's e^(hi + lo), hi > -kExpFastBound in every lane (or NaN):
// ExpApproxLo, lo folded into the reduced argument (about 1 ULP against the
// 0.5 and a little of ExpHiLoFast, at about 13 vector operations against
// about 21: no pair for r, no Fast2Sum around the polynomial). Results
// are normal there (e^-87 > 2^-126), so kTimes2p64 is one exact
// multiplication.
template <bool kTimes2p64 = false, class D, class V>
HWY_INLINE V ExpHiLoApproxFast(D d, V hi, V lo) {
  const V e = ExpApproxLo(d, hi, lo);
  return kTimes2p64 ? hn::Mul(e, hn::Set(d, 0x1p64f)) : e;
}

// Any hi <= 0 (or NaN, -inf): ExpHiLoApproxFast where it applies, the
// precise ExpHiLoFull in the other lanes, decided per lane (so the bits do
// not depend on which lanes share a vector).
template <bool kTimes2p64 = false, class D, class V>
HWY_INLINE V ExpHiLoApprox(D d, V hi, V lo) {
  const auto ok = hn::Gt(hi, hn::Set(d, -kExpFastBound));
  if (HWY_LIKELY(hn::AllTrue(d, ok))) {
    return ExpHiLoApproxFast<kTimes2p64>(d, hi, lo);
  }
  const V lo_ok = hn::IfThenElseZero(ok, lo);
  const V hi_ok = hn::IfThenElseZero(ok, hi);
  return hn::IfThenElse(ok, ExpHiLoApproxFast<kTimes2p64>(d, hi_ok, lo_ok),
                        ExpHiLoFull<kTimes2p64>(d, hi, lo));
}

// ------------------------------------------------------------ the max pass

// The largest and the smallest logit of a row.
struct RowMinMax {
  float max, min;
};

// max and min over i < n of fl(scale * x[i]) (kScaled) or x[i]. NaN lanes
// may or may not win (Max differs between ISAs); callers only rely on a NaN
// in the row making the sum NaN. The min tells whether the exp pass needs a
// per-vector range check (FastExpRow); Min is as order-independent as Max,
// and this pass is load-bound, so it is free.
template <bool kScaled>
HWY_INLINE RowMinMax RowMax(const float* HWY_RESTRICT x, size_t n,
                            float scale) {
  const ReduceD d;
  const size_t N = hn::Lanes(d);
  const ReduceV sc = hn::Set(d, scale);
  ReduceV m0 = hn::Set(d, -HUGE_VALF), m1 = m0, m2 = m0, m3 = m0;
  ReduceV l0 = hn::Set(d, HUGE_VALF), l1 = l0;
  auto z = [&](ReduceV v) { return kScaled ? hn::Mul(v, sc) : v; };
  size_t i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      const ReduceV v0 = z(hn::LoadU(d, x + i));
      const ReduceV v1 = z(hn::LoadU(d, x + i + N));
      const ReduceV v2 = z(hn::LoadU(d, x + i + 2 * N));
      const ReduceV v3 = z(hn::LoadU(d, x + i + 3 * N));
      m0 = hn::Max(m0, v0);
      m1 = hn::Max(m1, v1);
      m2 = hn::Max(m2, v2);
      m3 = hn::Max(m3, v3);
      l0 = hn::Min(l0, hn::Min(v0, v1));
      l1 = hn::Min(l1, hn::Min(v2, v3));
    }
  }
  for (; i + N <= n; i += N) {
    const ReduceV v = z(hn::LoadU(d, x + i));
    m0 = hn::Max(m0, v);
    l0 = hn::Min(l0, v);
  }
  if (i < n) {
    // Padding with a real element of the row: neutral for both.
    HWY_ALIGN float buf[hn::MaxLanes(ReduceD())];
    for (size_t j = 0; j < N; ++j) buf[j] = x[i];
    memcpy(buf, x + i, (n - i) * sizeof(float));
    const ReduceV v = z(hn::Load(d, buf));
    m1 = hn::Max(m1, v);
    l1 = hn::Min(l1, v);
  }
  m0 = hn::Max(hn::Max(m0, m1), hn::Max(m2, m3));
  l0 = hn::Min(l0, l1);
#if HWY_TARGET == HWY_EMU128
  // Across lanes in scalar code there: Highway 1.0.3's emulated MaxOfLanes
  // starts at -FLT_MAX, so a fully masked (all -inf) row got max -FLT_MAX
  // and softmax NaN. (Max is exact: the same result as the vector reduction.)
  HWY_ALIGN float mb[hn::MaxLanes(ReduceD())];
  HWY_ALIGN float lb[hn::MaxLanes(ReduceD())];
  hn::Store(m0, d, mb);
  hn::Store(l0, d, lb);
  float mx = mb[0], mn = lb[0];
  for (size_t j = 1; j < N; ++j) {
    mx = mb[j] > mx ? mb[j] : mx;
    mn = lb[j] < mn ? lb[j] : mn;
  }
  return {mx, mn};
#else
  return {hn::GetLane(hn::MaxOfLanes(d, m0)),
          hn::GetLane(hn::MinOfLanes(d, l0))};
#endif
}

// True if every z - m of a row with this min is above -kExpFastBound: the exp
// pass may then use ExpHiLoFast throughout.
HWY_INLINE bool FastExpRow(float min, float m) {
  return min - m > -kExpFastBound;
}

// ------------------------------------------------ the exp-and-sum pass

// What an ExpSumAccumulator does besides summing e = e^(z - m); its template
// argument is a bitwise or of these.
enum ExpSumFlags : unsigned {
  // z = fl(scale * x) rather than x.
  kScaledLogits = 1u,
  // e is written to the output row.
  kStoreExp = 2u,
  // Elements with z == m (e exactly 1) are counted instead of summed, so
  // that sum = count + (sum of the others) keeps the others' full relative
  // precision (log-softmax of the max element, the cross-entropy loss). The
  // sum is then of e 2^64 (ExpHiLo<true>); a stored e is unscaled.
  kCountMax = 4u,
  // Also the sum of z - m (label smoothing).
  kSumDiff = 8u,
  // Also the sums of t and t (z - m), t a target row (soft labels; t == 0
  // contributes 0, also where z = -inf).
  kSoftTargets = 16u,
  // e from the fast exp core (ExpHiLoApprox: about 1 ULP; the fast tier,
  // actkern_<kernel>_fast_f32) instead of ExpHiLo.
  kFastExp = 32u,
};

// The exp-and-sum pass over 32-element logical blocks, with the row shift m:
// e = e^(z - m) from z - m = hi + lo exactly. Without kCountMax (softmax) the
// sum of e runs in partials that start at 1 (taken out at the end): with
// s >= 1 >= e, Fast2Sum captures every rounding error exactly in c at 4
// operations per vector, and the sum is >= 1 so c's own rounding is
// negligible. With kCountMax the sum of the non-max terms can be tiny and
// needs its relative precision, so the partials start at 0 and use TwoSum.
template <unsigned kFlags>
class ExpSumAccumulator {
  static constexpr bool kScaled = (kFlags & kScaledLogits) != 0;
  static constexpr bool kStore = (kFlags & kStoreExp) != 0;
  static constexpr bool kMask = (kFlags & kCountMax) != 0;
  static constexpr bool kSoft = (kFlags & kSoftTargets) != 0;
  static constexpr bool kSumD = (kFlags & kSumDiff) != 0;
  static constexpr bool kApprox = (kFlags & kFastExp) != 0;

 public:
  void Init(float scale, float m) {
    const ReduceD d;
    scale_ = scale;
    m_ = m;
    m_scaled_ = m * 0x1p-64f;
    n_pad_ = 0;
    s_.Init(d, kMask ? 0.0f : 1.0f);
    c_.Init(d, 0.0f);
    if (kMask) cnt_.Init(d, 0.0f);
    if (kSumD || kSoft) {
      ds_.Init(d, 0.0f);
      dc_.Init(d, 0.0f);
      dinf_.Init(d, 0.0f);
    }
    if (kSoft) {
      ts_.Init(d, 0.0f);
      tc_.Init(d, 0.0f);
    }
  }

  // 32 elements at x (and t), e written to out (kStoreExp). kTail: only the
  // first `rest` are real; the others get z = m (e = 1 and z - m = 0, taken
  // out of the results exactly) and t = 0, and x, t, out are 32-element
  // buffers. kFast: FastExpRow holds.
  template <bool kTail, bool kFast>
  HWY_INLINE void Block(const float* HWY_RESTRICT x, const float* t, float* out,
                        size_t rest) {
    const ReduceD d;
    const size_t N = hn::Lanes(d);
    const ReduceV m = hn::Set(d, m_);
    const ReduceV zero = hn::Zero(d);
    for (size_t k = 0; k < PartialVectors(d); ++k) {
      ReduceV z = hn::LoadU(d, x + k * N);
      if (kScaled) z = hn::Mul(z, hn::Set(d, scale_));
      if (kTail) {
        const size_t have = rest > k * N ? rest - k * N : 0;
        z = hn::IfThenElse(hn::FirstN(d, have), z, m);
      }
      ReduceV hi, lo;
      ExactDifference(z, m, hi, lo);
      // kMask: e 2^64; the stored e is unscaled, with the same bits as an
      // unscaled exp (the scaled value is exact).
      ReduceV e;
      if (kApprox) {
        e = kFast ? ExpHiLoApproxFast<kMask>(d, hi, lo)
                  : ExpHiLoApprox<kMask>(d, hi, lo);
      } else {
        e = kFast ? ExpHiLoFast<kMask>(d, hi, lo) : ExpHiLo<kMask>(d, hi, lo);
      }
      if (kStore) {
        hn::StoreU(kMask ? hn::Mul(e, hn::Set(d, 0x1p-64f)) : e, d,
                   out + k * N);
      }
      if (kMask) {
        const auto eq = hn::Eq(hi, zero);
        cnt_.Put(
            d, k,
            hn::Add(cnt_.Get(d, k), hn::IfThenElseZero(eq, hn::Set(d, 1.0f))));
        e = hn::IfThenZeroElse(eq, e);
      }
      ReduceV s = s_.Get(d, k), c = c_.Get(d, k);
      if (kMask) {
        CompensatedAdd(e, s, c);
      } else {
        // FastTwoSum (s >= 1 >= e) with the error's operations on the FMA
        // pipes.
        const ReduceV ts = hn::Add(s, e);
        c = AddOnFmaPipe(c, SubOnFmaPipe(e, hn::Sub(ts, s)));
        s = ts;
      }
      s_.Put(d, k, s);
      c_.Put(d, k, c);
      if (kSumD || kSoft) {
        // z - m summed at 2^-64 (exact scalings; SumD scales back in double):
        // z - m itself can exceed FLT_MAX (z = -3e38, m = 3e38), and so can
        // a partial sum of such terms. What the scaling loses below 2^-149
        // is under 2^-85 per element. An infinite difference (z = -inf) is
        // counted apart: TwoSum turns inf into NaN.
        ReduceV dh, dl;
        ExactDifference(hn::Mul(z, hn::Set(d, 0x1p-64f)), hn::Set(d, m_scaled_),
                        dh, dl);
        const auto fin =
            hn::Ge(dh, hn::Set(d, -std::numeric_limits<float>::max()));
        ReduceV w = hn::IfThenElseZero(fin, dh);
        ReduceV wl = hn::IfThenElseZero(fin, dl);
        auto inf_here = hn::Eq(dh, hn::Set(d, -HUGE_VALF));
        if (kSoft) {
          const ReduceV tv = hn::LoadU(d, t + k * N);
          const auto tz = hn::Eq(tv, zero);
          w = hn::IfThenZeroElse(tz, hn::Mul(tv, w));
          wl = hn::IfThenZeroElse(tz, hn::Mul(tv, wl));
          inf_here = hn::AndNot(tz, inf_here);
          ReduceV tsum = ts_.Get(d, k), tc = tc_.Get(d, k);
          CompensatedAdd(tv, tsum, tc);
          ts_.Put(d, k, tsum);
          tc_.Put(d, k, tc);
        }
        ReduceV ds = ds_.Get(d, k), dc = dc_.Get(d, k);
        CompensatedAdd(w, ds, dc);
        ds_.Put(d, k, ds);
        dc_.Put(d, k, hn::Add(dc, wl));  // lo joins the error term
        dinf_.Put(d, k,
                  hn::Add(dinf_.Get(d, k),
                          hn::IfThenElseZero(inf_here, hn::Set(d, 1.0f))));
      }
    }
  }

  // The whole row [0, n) (t: the target row for kSoftTargets).
  // fast: FastExpRow holds for the row (no per-vector range check).
  HWY_INLINE void Row(const float* HWY_RESTRICT x, const float* t, float* out,
                      size_t n, bool fast) {
    if (fast) {
      RowT<true>(x, t, out, n);
    } else {
      RowT<false>(x, t, out, n);
    }
  }
  template <bool kFast>
  HWY_INLINE void RowT(const float* HWY_RESTRICT x, const float* t, float* out,
                       size_t n) {
    size_t i = 0;
    for (; i + kNumPartials <= n; i += kNumPartials) {
      Block<false, kFast>(x + i, kSoft ? t + i : nullptr,
                          kStore ? out + i : nullptr, kNumPartials);
    }
    if (i < n) {
      Tail<kFast>(x + i, kSoft ? t + i : nullptr, kStore ? out + i : nullptr,
                  n - i);
    }
  }

  // A last partial block, through stack buffers (nothing outside the row is
  // read or written), processed as a whole block on every target.
  template <bool kFast>
  HWY_INLINE void Tail(const float* x, const float* t, float* out,
                       size_t rest) {
    HWY_ALIGN float xb[kNumPartials] = {};
    HWY_ALIGN float tb[kNumPartials] = {};
    memcpy(xb, x, rest * sizeof(float));
    if (kSoft) memcpy(tb, t, rest * sizeof(float));
    n_pad_ += kNumPartials - rest;
    Block<true, kFast>(xb, tb, xb, rest);
    if (kStore) memcpy(out, xb, rest * sizeof(float));
  }

  // Results, in double. Sum: the sum of e (kCountMax: over z != m), padding
  // excluded. Count: the number of z == m.
  double Sum() const {
    const double t = ReducePartials(s_, c_, kMask ? 0.0f : 1.0f);
    return kMask ? std::ldexp(t, -64) : t - static_cast<double>(n_pad_);
  }
  double Count() const {
    Partials zero;
    zero.Init(ReduceD(), 0.0f);
    return ReducePartials(cnt_, zero, 0.0f) - static_cast<double>(n_pad_);
  }
  // Sum of z - m (kSoftTargets: of t (z - m)), -inf if some z is -inf.
  double SumD() const { return std::ldexp(SumWithInf(ds_, dc_), 64); }
  double SumT() const { return ReducePartials(ts_, tc_, 0.0f); }

 private:
  double SumWithInf(const Partials& s, const Partials& c) const {
    float a[kNumPartials];
    dinf_.StoreAll(ReduceD(), a);
    for (size_t j = 0; j < kNumPartials; ++j) {
      if (a[j] != 0.0f) return -HUGE_VAL;
    }
    return ReducePartials(s, c, 0.0f);
  }

  float scale_ = 1.0f;
  float m_ = 0.0f;
  float m_scaled_ = 0.0f;  // m 2^-64, for the sum of z - m
  size_t n_pad_ = 0;
  Partials s_, c_, cnt_, ds_, dc_, dinf_, ts_, tc_;
};

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_SOFTMAX_SHARED_INL_H_ per-target guard
