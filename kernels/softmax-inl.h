// actkern softmax family, compiled once per Highway target (see softmax.cc).
//
// Reproducible bits. Max is exact and order-independent, sums are not. Every
// sum over a row therefore goes through a fixed *logical* block of kSmBlock =
// 32 partial sums: element c always goes to partial c mod 32, each partial is
// accumulated in increasing c (compensated), and the 32 partials are merged
// by a fixed halving tree (j + 16, j + 8, ..., TwoSum at each step). A target
// with N lanes holds the 32 partials as 32 / N vectors (AVX-512: 2, AVX2: 4,
// NEON and SSE4: 8, scalar: 32 scalars); the row tail is a 32-element block
// whose padding lanes are taken out exactly; so every target performs the
// same operations on the same logical lanes: same bits wherever MulAdd is
// fused. Only IEEE-exact operations are used (see math-inl.h).
//
// Per-row scalar work (1 / S, log S) is done in IEEE double with +, -, *, /
// only (no libm), just as reproducible, and its error is negligible. Rows
// whose max is not finite (NaN, +inf, all -inf, or scale * x overflowing)
// go to a scalar double path that implements the limits (with libm's log
// for -log k, and libm's exp and log for the overflowing-product rows).
#if defined(ACTKERN_KERNELS_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_SOFTMAX_INL_H_
#undef ACTKERN_KERNELS_SOFTMAX_INL_H_
#else
#define ACTKERN_KERNELS_SOFTMAX_INL_H_
#endif

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmath>
#include <limits>

#include "kernels/math-inl.h"
#include "kernels/softmax_args.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {

// Logical width of every reduction (see the file comment).
constexpr size_t kSmBlock = 32;
// Chunk of the streaming (online-normaliser) pass: small enough to stay in
// L1 between its max pass and its exp pass, a multiple of kSmBlock so the
// logical lanes are the same as in the three-pass algorithm.
constexpr size_t kSmChunk = 2048;

// At most 16 lanes (512 bits): 32 / N is then an integer >= 2 on every
// target (Highway lane counts are powers of two).
using SmD = hn::CappedTag<float, 16>;
using SmV = hn::Vec<SmD>;

HWY_INLINE size_t SmNumVec(SmD d) { return kSmBlock / hn::Lanes(d); }

// The 32 logical partials of one sum, as 32 / N vectors.
#if HWY_HAVE_SCALABLE || HWY_ARCH_ARM
// SVE vectors are sizeless and cannot live in arrays: keep them in memory.
// On NEON too: GCC 12 cannot inline the implicit constructor of a class
// holding NEON vectors under Highway's per-target attributes.
class SmPartials {
 public:
  HWY_INLINE void Init(SmD d, float v) {
    for (size_t i = 0; i < kSmBlock; i += hn::Lanes(d)) {
      hn::Store(hn::Set(d, v), d, mem_ + i);
    }
  }
  HWY_INLINE SmV Get(SmD d, size_t k) const {
    return hn::Load(d, mem_ + k * hn::Lanes(d));
  }
  HWY_INLINE void Put(SmD d, size_t k, SmV v) {
    hn::Store(v, d, mem_ + k * hn::Lanes(d));
  }
  HWY_INLINE void StoreAll(SmD /*d*/, float* out) const {
    memcpy(out, mem_, sizeof(mem_));
  }

 private:
  HWY_ALIGN float mem_[kSmBlock];
};
#else
class SmPartials {
 public:
  HWY_INLINE void Init(SmD d, float v) {
    for (size_t k = 0; k < kNumVec; ++k) v_[k] = hn::Set(d, v);
  }
  HWY_INLINE SmV Get(SmD /*d*/, size_t k) const { return v_[k]; }
  HWY_INLINE void Put(SmD /*d*/, size_t k, SmV v) { v_[k] = v; }
  HWY_INLINE void StoreAll(SmD d, float* out) const {
    for (size_t k = 0; k < kNumVec; ++k) {
      hn::StoreU(v_[k], d, out + k * hn::MaxLanes(d));
    }
  }

 private:
  static constexpr size_t kNumVec = kSmBlock / hn::MaxLanes(SmD());
  SmV v_[kNumVec];
};
#endif

// Compensated summation: s + c is the running sum, c collecting the exact
// rounding error of every addition (TwoSum, Neumaier's form). Plain Kahan
// loses the error exactly when a large term follows small ones (the max's
// e = 1), and a Max/Min-ordered Fast2Sum would drop NaN on x86. The chain
// through s is one addition.
template <class V>
HWY_INLINE void SmSumAdd(V v, V& s, V& c) {
  const V t = hn::Add(s, v);
  const V bp = hn::Sub(t, s);
  const V err = hn::Add(hn::Sub(s, hn::Sub(t, bp)), hn::Sub(v, bp));
  c = hn::Add(c, err);
  s = t;
}

// hi + lo = z - m exactly (TwoSum; no ordering of |z|, |m| needed). lo is
// NaN where hi is infinite; callers mask it.
//
// Some additions are written as a * 1 + b (SmAddF / SmSubF): the same
// correctly rounded result, bit for bit, with or without FMA, but executed on
// the multiply-add pipes. On Zen 4 additions and FMAs have separate pipes and
// this loop is otherwise add-bound.
template <class V>
HWY_INLINE V SmAddF(V a, V b) {
  return hn::MulAdd(a, hn::Set(hn::DFromV<V>(), 1.0f), b);
}
template <class V>
HWY_INLINE V SmSubF(V a, V b) {
  return hn::NegMulAdd(b, hn::Set(hn::DFromV<V>(), 1.0f), a);
}
template <class V>
HWY_INLINE void SmTwoDiff(V z, V m, V& hi, V& lo) {
  hi = hn::Sub(z, m);
  const V bb = SmSubF(hi, z);
  lo = hn::Sub(SmSubF(z, hn::Sub(hi, bb)), SmAddF(m, bb));
}

// e^(hi + lo) for hi <= 0 (or NaN, -inf), |lo| <= ulp(hi) / 2: the shared exp
// core with lo folded into the reduced argument's low part. Without lo, the
// rounding of z - m alone (up to |z - m| * 2^-24 absolute) would cost up to
// |z - m| / 2 ULP. Both paths give the same bits where both apply.
//
// kShift64: returns e^(hi + lo) 2^64 instead (the power of two joins n, so the
// same bits scaled). Log-softmax and cross-entropy sum the non-max terms w
// this way: unscaled, terms below 2^-126 would be rounded as subnormals, and
// many of them can make up a normal w that the max element's output (-log1p
// w, about -w) needs to 2 ULP. Arguments are then clamped at -149 (where the
// scaled result still rounds to 0, as e^-104 does unscaled).
// t (ExpReduce's, see kRoundMagic) with n raised by 64: e^x 2^64 from the
// same reduction.
template <class D, class V>
HWY_INLINE V SmRaiseN64(D d, V t) {
  const hn::RebindToSigned<D> di;
  return hn::BitCast(d, hn::Add(hn::BitCast(di, t), hn::Set(di, 64)));
}

template <bool kShift64 = false, class D, class V>
HWY_NOINLINE V SmExpSlow(D d, V hi, V lo) {
  const float clamp = kShift64 ? -149.0f : kExpClampLo;
  const V lo_ok = hn::IfThenElseZero(hn::Gt(hi, hn::Set(d, clamp)), lo);
  const V xc = hn::Max(hi, hn::Set(d, clamp));
  V t, r_hi, r_lo;
  ExpReduce(d, xc, t, r_hi, r_lo);
  if (kShift64) t = SmRaiseN64(d, t);
  const V y = ExpScaleSplit(d, ExpPoly6(d, r_hi, hn::Add(r_lo, lo_ok)), t);
  return hn::IfThenElse(hn::IsNaN(hi), hn::Add(hi, hi), y);
}

// Without the range check: for rows whose smallest z - m is known to be
// above -kExpFastBound (and NaN, which propagates).
template <bool kShift64 = false, class D, class V>
HWY_INLINE V SmExpFast(D d, V hi, V lo) {
  V t, r_hi, r_lo;
  ExpReduce(d, hi, t, r_hi, r_lo);
  if (kShift64) t = SmRaiseN64(d, t);
  return hn::Mul(ExpPoly6(d, r_hi, hn::Add(r_lo, lo)), ExpScaleFromT(d, t));
}

template <bool kShift64 = false, class D, class V>
HWY_INLINE V SmExp(D d, V hi, V lo) {
  if (HWY_LIKELY(hn::AllTrue(d, hn::Gt(hi, hn::Set(d, -kExpFastBound))))) {
    return SmExpFast<kShift64>(d, hi, lo);
  }
  return SmExpSlow<kShift64>(d, hi, lo);
}

// ------------------------------------------------------------ scalar helpers

// (s, c) += (s2, c2), lane by lane: TwoSum of the sums, the error joins the
// compensations.
template <class V>
HWY_INLINE void SmMerge(V& s, V& c, V s2, V c2) {
  const V t = hn::Add(s, s2);
  const V bp = hn::Sub(t, s);
  const V err = hn::Add(hn::Sub(s, hn::Sub(t, bp)), hn::Sub(s2, bp));
  c = hn::Add(hn::Add(c, c2), err);
  s = t;
}

// Reduces the lanes of (s, c) by the halving tree (lane j merges lane
// j + N/2, and so on) and returns s + c in double.
template <class D, class V>
HWY_INLINE double SmReduceLanes(D d, V s, V c) {
#if HWY_HAVE_SCALABLE || HWY_TARGET == HWY_SCALAR
  HWY_ALIGN float sa[kSmBlock];
  HWY_ALIGN float ca[kSmBlock];
  hn::Store(s, d, sa);
  hn::Store(c, d, ca);
  for (size_t w = hn::Lanes(d) / 2; w >= 1; w /= 2) {
    for (size_t j = 0; j < w; ++j) {
      const float t = sa[j] + sa[j + w];
      const float bp = t - sa[j];
      const float err = (sa[j] - (t - bp)) + (sa[j + w] - bp);
      ca[j] = (ca[j] + ca[j + w]) + err;
      sa[j] = t;
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
    SmMerge(sl, cl, hn::UpperHalf(dh, s), hn::UpperHalf(dh, c));
    return SmReduceLanes(dh, sl, cl);
  }
#endif
}

// The 32 logical partials (s - offset) + c summed by the fixed halving tree
// (partial j merges partial j + 16, then j + 8, ...), whatever the lane
// count: across vectors first, then within the last vector. Exact offsets
// (s >= offset, s - offset exact) only.
HWY_INLINE double SmReduce(SmPartials s, SmPartials c, float offset) {
  const SmD d;
  size_t num = SmNumVec(d);
  if (offset != 0.0f) {
    for (size_t k = 0; k < num; ++k) {
      s.Put(d, k, hn::Sub(s.Get(d, k), hn::Set(d, offset)));
    }
  }
  for (; num > 1; num /= 2) {
    for (size_t k = 0; k < num / 2; ++k) {
      SmV a = s.Get(d, k), ac = c.Get(d, k);
      SmMerge(a, ac, s.Get(d, k + num / 2), c.Get(d, k + num / 2));
      s.Put(d, k, a);
      c.Put(d, k, ac);
    }
  }
  return SmReduceLanes(d, s.Get(d, 0), c.Get(d, 0));
}

// 2 atanh(s) = log((1 + s) / (1 - s)) for |s| <= 0.1716 (3 - 2 sqrt 2): the
// series 2 s (1 + s^2/3 + s^4/5 + ...), 12 terms, truncation below 2^-60.
// Double +, *, / only: the same bits on every platform.
HWY_INLINE double SmAtanh2(double s) {
  const double s2 = s * s;
  double p = 1.0 / 23.0;
  for (int k = 10; k >= 0; --k) p = p * s2 + 1.0 / (2.0 * k + 1.0);
  return 2.0 * s * p;
}

// log(1 + a) for a >= 0 (or NaN) in double, relative error about 2^-50,
// without libm. For small a it never forms 1 + a, so a tiny a (the sum of the
// non-max terms of a row) keeps its full relative precision.
HWY_INLINE double SmLog1p(double a) {
  if (a < 0.41421356237309503) return SmAtanh2(a / (2.0 + a));
  int e = 0;
  double m = std::frexp(1.0 + a, &e);  // 1 + a = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654757) {
    m *= 2.0;
    --e;
  }
  const double f = m - 1.0;  // exact (Sterbenz)
  return static_cast<double>(e) * 0x1.62e42fefa39efp-1 +
         SmAtanh2(f / (2.0 + f));
}

// Rows that the vector path does not handle: NaN anywhere, +inf entries, all
// -inf, or scale * x overflowing float. Scalar double, logits taken as the
// exact double products scale * x.
struct SmFallback {
  bool nan = false;
  size_t kinf = 0;      // number of +inf logits
  bool all_neginf = true;
  double m = 0.0;       // max (finite case)
  double log_s = 0.0;   // log sum e^(z - m) (finite case)
  double inv_s = 0.0;

  void Init(const float* x, size_t n, float scale) {
    double mx = -HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
      const double z = static_cast<double>(x[i]) * scale;
      if (std::isnan(z)) nan = true;
      if (z == HUGE_VAL) ++kinf;
      if (z != -HUGE_VAL) all_neginf = false;
      if (z > mx) mx = z;
    }
    m = mx;
    if (nan || kinf != 0 || all_neginf) return;
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) {
      s += std::exp(static_cast<double>(x[i]) * scale - m);
    }
    log_s = std::log(s);
    inv_s = 1.0 / s;
  }
  double P(float x, float scale) const {
    const double z = static_cast<double>(x) * scale;
    if (nan) return NAN;
    if (kinf != 0) return z == HUGE_VAL ? 1.0 / static_cast<double>(kinf) : 0.0;
    if (all_neginf) return 0.0;
    return std::exp(z - m) * inv_s;
  }
  double LogP(float x, float scale) const {
    const double z = static_cast<double>(x) * scale;
    if (nan) return NAN;
    if (kinf != 0) {
      return z == HUGE_VAL ? -std::log(static_cast<double>(kinf)) : -HUGE_VAL;
    }
    if (all_neginf) return -HUGE_VAL;
    return (z - m) - log_s;
  }
};

// ------------------------------------------------------------ vector passes

// max over i < n of fl(scale * x[i]) (kScaled) or x[i]. NaN lanes may or may
// not win (Max differs between ISAs); callers only rely on a NaN in the row
// making the sum NaN.
// The smallest z of the row too: when min - max > -kExpFastBound, the exp
// pass needs no per-vector range check (Min is as order-independent as Max;
// this pass is load-bound, so the extra Min is free).
struct SmMinMax {
  float max, min;
};
template <bool kScaled>
HWY_INLINE SmMinMax SmRowMax(const float* HWY_RESTRICT x, size_t n,
                             float scale) {
  const SmD d;
  const size_t N = hn::Lanes(d);
  const SmV sc = hn::Set(d, scale);
  SmV m0 = hn::Set(d, -HUGE_VALF), m1 = m0, m2 = m0, m3 = m0;
  SmV l0 = hn::Set(d, HUGE_VALF), l1 = l0;
  auto z = [&](SmV v) { return kScaled ? hn::Mul(v, sc) : v; };
  size_t i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      const SmV v0 = z(hn::LoadU(d, x + i));
      const SmV v1 = z(hn::LoadU(d, x + i + N));
      const SmV v2 = z(hn::LoadU(d, x + i + 2 * N));
      const SmV v3 = z(hn::LoadU(d, x + i + 3 * N));
      m0 = hn::Max(m0, v0);
      m1 = hn::Max(m1, v1);
      m2 = hn::Max(m2, v2);
      m3 = hn::Max(m3, v3);
      l0 = hn::Min(l0, hn::Min(v0, v1));
      l1 = hn::Min(l1, hn::Min(v2, v3));
    }
  }
  for (; i + N <= n; i += N) {
    const SmV v = z(hn::LoadU(d, x + i));
    m0 = hn::Max(m0, v);
    l0 = hn::Min(l0, v);
  }
  if (i < n) {
    // Padding with a real element of the row: neutral for both.
    HWY_ALIGN float buf[hn::MaxLanes(SmD())];
    for (size_t j = 0; j < N; ++j) buf[j] = x[i];
    memcpy(buf, x + i, (n - i) * sizeof(float));
    const SmV v = z(hn::Load(d, buf));
    m1 = hn::Max(m1, v);
    l1 = hn::Min(l1, v);
  }
  m0 = hn::Max(hn::Max(m0, m1), hn::Max(m2, m3));
  l0 = hn::Min(l0, l1);
#if HWY_TARGET == HWY_EMU128
  // Across lanes in scalar code there: Highway 1.0.3's emulated MaxOfLanes
  // starts at -FLT_MAX, so a fully masked (all -inf) row got max -FLT_MAX
  // and softmax NaN. (Max is exact: the same result as the vector reduction.)
  HWY_ALIGN float mb[hn::MaxLanes(SmD())];
  HWY_ALIGN float lb[hn::MaxLanes(SmD())];
  hn::Store(m0, d, mb);
  hn::Store(l0, d, lb);
  float mx = mb[0], mn = lb[0];
  for (size_t j = 1; j < N; ++j) {
    mx = mb[j] > mx ? mb[j] : mx;
    mn = lb[j] < mn ? lb[j] : mn;
  }
  return {mx, mn};
#else
  return {hn::GetLane(hn::MaxOfLanes(d, m0)), hn::GetLane(hn::MinOfLanes(d, l0))};
#endif
}

// True if every z - m of a row with this min is above -kExpFastBound.
HWY_INLINE bool SmFastRow(float min, float m) {
  return min - m > -kExpFastBound;
}

// The exp-and-sum pass over 32-element logical blocks. With the row shift m:
// e = e^(z - m) with z - m = hi + lo exactly;
//  kStore: e is written to out;
//  kMask:  elements with z == m (e exactly 1) are counted in cnt instead of
//          summed, so that sum = count + (sum of the others) keeps the others'
//          full relative precision (log-softmax of the max element);
//  kSumD:  also sum z - m (label smoothing);
//  kSoft:  also sum t and t (z - m) (soft labels; t == 0 contributes 0).
// Softmax (!kMask): the sum of e runs in partials that start at 1 (taken out
// at the end); with s >= 1 >= e, Fast2Sum captures every rounding error
// exactly in c at 4 operations per vector, and the sum is >= 1 so c's own
// rounding is negligible. kMask: the sum of the non-max terms can be tiny and
// needs its relative precision, so the partials start at 0 and use TwoSum.
template <bool kScaled, bool kStore, bool kMask, bool kSumD, bool kSoft>
class SmAccumulator {
 public:
  void Init(float scale, float m) {
    const SmD d;
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

  // 32 elements at x (and t), e written to out (kStore). kTail: only the
  // first `rest` are real; the others get z = m (e = 1 and d = 0, taken out
  // of the results exactly) and t = 0, and x, t, out are 32-element buffers.
  template <bool kTail, bool kFast>
  HWY_INLINE void Block(const float* HWY_RESTRICT x, const float* t,
                        float* out, size_t rest) {
    const SmD d;
    const size_t N = hn::Lanes(d);
    const SmV m = hn::Set(d, m_);
    const SmV zero = hn::Zero(d);
    for (size_t k = 0; k < SmNumVec(d); ++k) {
      SmV z = hn::LoadU(d, x + k * N);
      if (kScaled) z = hn::Mul(z, hn::Set(d, scale_));
      if (kTail) {
        const size_t have = rest > k * N ? rest - k * N : 0;
        z = hn::IfThenElse(hn::FirstN(d, have), z, m);
      }
      SmV hi, lo;
      SmTwoDiff(z, m, hi, lo);
      // kMask: e 2^64 (see SmExpSlow); the stored e is unscaled, with the
      // same bits as an unscaled exp (the scaled value is exact).
      SmV e = kFast ? SmExpFast<kMask>(d, hi, lo) : SmExp<kMask>(d, hi, lo);
      if (kStore) {
        hn::StoreU(kMask ? hn::Mul(e, hn::Set(d, 0x1p-64f)) : e, d, out + k * N);
      }
      if (kMask) {
        const auto eq = hn::Eq(hi, zero);
        cnt_.Put(d, k, hn::Add(cnt_.Get(d, k),
                               hn::IfThenElseZero(eq, hn::Set(d, 1.0f))));
        e = hn::IfThenZeroElse(eq, e);
      }
      SmV s = s_.Get(d, k), c = c_.Get(d, k);
      if (kMask) {
        SmSumAdd(e, s, c);
      } else {  // Fast2Sum, s >= 1 >= e.
        const SmV ts = hn::Add(s, e);
        c = SmAddF(c, SmSubF(e, hn::Sub(ts, s)));
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
        SmV dh, dl;
        SmTwoDiff(hn::Mul(z, hn::Set(d, 0x1p-64f)), hn::Set(d, m_scaled_), dh, dl);
        const auto fin =
            hn::Ge(dh, hn::Set(d, -std::numeric_limits<float>::max()));
        SmV w = hn::IfThenElseZero(fin, dh);
        SmV wl = hn::IfThenElseZero(fin, dl);
        auto inf_here = hn::Eq(dh, hn::Set(d, -HUGE_VALF));
        if (kSoft) {
          const SmV tv = hn::LoadU(d, t + k * N);
          const auto tz = hn::Eq(tv, zero);
          w = hn::IfThenZeroElse(tz, hn::Mul(tv, w));
          wl = hn::IfThenZeroElse(tz, hn::Mul(tv, wl));
          inf_here = hn::AndNot(tz, inf_here);
          SmV tsum = ts_.Get(d, k), tc = tc_.Get(d, k);
          SmSumAdd(tv, tsum, tc);
          ts_.Put(d, k, tsum);
          tc_.Put(d, k, tc);
        }
        SmV ds = ds_.Get(d, k), dc = dc_.Get(d, k);
        SmSumAdd(w, ds, dc);
        ds_.Put(d, k, ds);
        dc_.Put(d, k, hn::Add(dc, wl));  // lo joins the error term
        dinf_.Put(d, k, hn::Add(dinf_.Get(d, k), hn::IfThenElseZero(
                                                     inf_here, hn::Set(d, 1.0f))));
      }
    }
  }

  // The whole row [0, n) (t: targets row for kSoft).
  // fast: SmFastRow holds for the row (no per-vector range check).
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
    for (; i + kSmBlock <= n; i += kSmBlock) {
      Block<false, kFast>(x + i, kSoft ? t + i : nullptr,
                          kStore ? out + i : nullptr, kSmBlock);
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
    HWY_ALIGN float xb[kSmBlock] = {};
    HWY_ALIGN float tb[kSmBlock] = {};
    memcpy(xb, x, rest * sizeof(float));
    if (kSoft) memcpy(tb, t, rest * sizeof(float));
    n_pad_ += kSmBlock - rest;
    Block<true, kFast>(xb, tb, xb, rest);
    if (kStore) memcpy(out, xb, rest * sizeof(float));
  }

  // Multiplies the state by f = e^(m_old - m_new) (streaming rescale): the
  // elements counted at the old max become f each.
  HWY_INLINE void Rescale(float f, float m_new) {
    static_assert(kMask && !kSumD && !kSoft, "streaming uses the plain mask");
    const SmD d;
    const SmV fv = hn::Set(d, f);
    for (size_t k = 0; k < SmNumVec(d); ++k) {
      SmV s = hn::Mul(s_.Get(d, k), fv);
      SmV c = hn::Mul(c_.Get(d, k), fv);
      // The counted elements become f each, in the sum's 2^64 scale.
      SmSumAdd(hn::Mul(cnt_.Get(d, k), hn::Set(d, f * 0x1p64f)), s, c);
      s_.Put(d, k, s);
      c_.Put(d, k, c);
      cnt_.Put(d, k, hn::Zero(d));
    }
    m_ = m_new;
    m_scaled_ = m_new * 0x1p-64f;
  }

  // Results, in double. Sum: the sum of e (kMask: over z != m), padding
  // excluded. Count: the number of z == m.
  double Sum() const {
    const double t = SmReduce(s_, c_, kMask ? 0.0f : 1.0f);
    return kMask ? std::ldexp(t, -64) : t - static_cast<double>(n_pad_);
  }
  double Count() const {
    SmPartials zero;
    zero.Init(SmD(), 0.0f);
    return SmReduce(cnt_, zero, 0.0f) - static_cast<double>(n_pad_);
  }
  // Sum of z - m (kSoft: of t (z - m)), -inf if some z is -inf.
  double SumD() const { return std::ldexp(SumWithInf(ds_, dc_), 64); }
  double SumT() const { return Sum(ts_, tc_); }

 private:
  static double Sum(const SmPartials& s, const SmPartials& c) {
    return SmReduce(s, c, 0.0f);
  }
  double SumWithInf(const SmPartials& s, const SmPartials& c) const {
    float a[kSmBlock];
    dinf_.StoreAll(SmD(), a);
    for (size_t j = 0; j < kSmBlock; ++j) {
      if (a[j] != 0.0f) return -HUGE_VAL;
    }
    return Sum(s, c);
  }

  float scale_ = 1.0f;
  float m_ = 0.0f;
  float m_scaled_ = 0.0f;  // m 2^-64, for the sum of z - m
  size_t n_pad_ = 0;
  SmPartials s_, c_, cnt_, ds_, dc_, dinf_, ts_, tc_;
};

// y[i] = op(x[i]) over [0, n), x == y allowed: like UnaryArray (math-inl.h),
// but on SmD (at most 16 lanes, so the tail always fits the 64-float buffer,
// also on wide SVE) with bounds the compiler can see on every target.
template <class Op>
HWY_INLINE void SmUnaryArray(const float* x, float* y, size_t n, const Op& op) {
  const SmD d;  // at most 16 lanes: the tail fits the buffer
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  if (n >= 2 * N) {
    for (; i <= n - 2 * N; i += 2 * N) {
      const auto v0 = hn::LoadU(d, x + i);
      const auto v1 = hn::LoadU(d, x + i + N);
      hn::StoreU(op(d, v0), d, y + i);
      hn::StoreU(op(d, v1), d, y + i + N);
    }
  }
  for (; i + N <= n; i += N) hn::StoreU(op(d, hn::LoadU(d, x + i)), d, y + i);
  if (i < n) {
    HWY_ALIGN float buf[kSmBlock * 2] = {};
    const size_t rest = HWY_MIN(n - i, kSmBlock);
    memcpy(buf, x + i, rest * sizeof(float));
    hn::Store(op(d, hn::Load(d, buf)), d, buf);
    memcpy(y + i, buf, rest * sizeof(float));
  }
}

// Elementwise pass over two arrays with a stack-buffered tail (nothing
// outside [0, n) is touched; out may alias a or b exactly).
template <class Op>
HWY_INLINE void SmBinaryArray(const float* a, const float* b, float* out,
                              size_t n, const Op& op) {
  const SmD d;  // at most 16 lanes: the tail fits the buffer
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  if (n >= 2 * N) {
    for (; i <= n - 2 * N; i += 2 * N) {
      const auto a0 = hn::LoadU(d, a + i), b0 = hn::LoadU(d, b + i);
      const auto a1 = hn::LoadU(d, a + i + N), b1 = hn::LoadU(d, b + i + N);
      hn::StoreU(op(d, a0, b0), d, out + i);
      hn::StoreU(op(d, a1, b1), d, out + i + N);
    }
  }
  for (; i + N <= n; i += N) {
    hn::StoreU(op(d, hn::LoadU(d, a + i), hn::LoadU(d, b + i)), d, out + i);
  }
  if (i < n) {
    HWY_ALIGN float ab[kSmBlock * 2] = {};
    HWY_ALIGN float bb[kSmBlock * 2] = {};
    const size_t rest = HWY_MIN(n - i, kSmBlock);
    memcpy(ab, a + i, rest * sizeof(float));
    memcpy(bb, b + i, rest * sizeof(float));
    hn::Store(op(d, hn::Load(d, ab), hn::Load(d, bb)), d, ab);
    memcpy(out + i, ab, rest * sizeof(float));
  }
}

// y = e * (1 / S), e already in y. FMA targets: r = r_hi + r_lo and
// e r_hi + e r_lo rounds once. Targets without FMA multiply in double.
HWY_INLINE void SmNormalize(float* y, size_t n, double inv_s) {
#if HWY_NATIVE_FMA
  const float r_hi = static_cast<float>(inv_s);
  const float r_lo = static_cast<float>(inv_s - r_hi);
  SmUnaryArray(y, y, n, [r_hi, r_lo](auto d, auto e) {
    return hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo)));
  });
#else
  for (size_t i = 0; i < n; ++i) {
    y[i] = static_cast<float>(static_cast<double>(y[i]) * inv_s);
  }
#endif
}

// y = (z - m) - L for log-softmax; |y| >= max(z - m, L) so nothing cancels
// and the two roundings plus the dropped low parts stay within 1.5 ULP.
template <bool kScaled>
HWY_INLINE void SmLogWrite(const float* x, float* y, size_t n, float scale,
                           float m, float lse) {
  SmUnaryArray(x, y, n, [scale, m, lse](auto d, auto v) {
    if (kScaled) v = hn::Mul(v, hn::Set(d, scale));
    return hn::Sub(hn::Sub(v, hn::Set(d, m)), hn::Set(d, lse));
  });
}

// softmax y = e^(z - m) * (1 / S) from x, for the streaming write pass.
template <bool kScaled>
HWY_INLINE void SmExpWrite(const float* x, float* y, size_t n, float scale,
                           float m, double inv_s) {
#if HWY_NATIVE_FMA
  const float r_hi = static_cast<float>(inv_s);
  const float r_lo = static_cast<float>(inv_s - r_hi);
  SmUnaryArray(x, y, n, [=](auto d, auto v) {
    if (kScaled) v = hn::Mul(v, hn::Set(d, scale));
    decltype(v) hi, lo;
    SmTwoDiff(v, hn::Set(d, m), hi, lo);
    const auto e = SmExp(d, hi, lo);
    return hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo)));
  });
#else
  SmUnaryArray(x, y, n, [=](auto d, auto v) {
    if (kScaled) v = hn::Mul(v, hn::Set(d, scale));
    decltype(v) hi, lo;
    SmTwoDiff(v, hn::Set(d, m), hi, lo);
    return SmExp(d, hi, lo);
  });
  for (size_t i = 0; i < n; ++i) {
    y[i] = static_cast<float>(static_cast<double>(y[i]) * inv_s);
  }
#endif
}

// ------------------------------------------------------------ softmax rows

template <bool kScaled>
HWY_INLINE void SmFallbackRow(const float* x, float* y, size_t n, float scale,
                              bool log) {
  SmFallback fb;
  fb.Init(x, n, kScaled ? scale : 1.0f);
  for (size_t i = 0; i < n; ++i) {
    const float xi = x[i];  // read before the write (in place)
    y[i] = static_cast<float>(log ? fb.LogP(xi, scale) : fb.P(xi, scale));
  }
}

// sum = count + w, with w the sum of the non-max terms: log(sum) =
// log1p(count - 1 + w). Returns log(sum); *inv_s = 1 / sum.
HWY_INLINE double SmLogSum(double count, double w, double* inv_s) {
  *inv_s = 1.0 / (count + w);
  return SmLog1p((count - 1.0) + w);
}

// Cache-resident rows: max pass; exp pass (storing e for softmax); scale or
// log pass.
template <bool kScaled>
HWY_INLINE void SmRowThreePass(const float* x, float* y, size_t n, float scale,
                               bool log) {
  const SmMinMax mm = SmRowMax<kScaled>(x, n, scale);
  const float m = mm.max;
  if (!std::isfinite(m)) return SmFallbackRow<kScaled>(x, y, n, scale, log);
  const bool fast = SmFastRow(mm.min, m);
  if (!log) {
    SmAccumulator<kScaled, true, false, false, false> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, y, n, fast);
    const double s = acc.Sum();
    if (std::isnan(s)) {  // a NaN that Max did not report
      for (size_t i = 0; i < n; ++i) y[i] = NAN;
      return;
    }
    SmNormalize(y, n, 1.0 / s);
  } else {
    SmAccumulator<kScaled, false, true, false, false> acc;
    acc.Init(scale, m);
    acc.Row(x, nullptr, nullptr, n, fast);
    double inv_s;
    const double lse = SmLogSum(acc.Count(), acc.Sum(), &inv_s);
    SmLogWrite<kScaled>(x, y, n, scale, m, static_cast<float>(lse));
  }
}

// Two short rows at once (AVX-512 only, where two rows' partials fit in the
// registers): each row's dependency chain (max -> exp and sum -> reduction
// -> 1 / S -> scale) is long compared with its work, so interleaving the exp
// passes of two rows hides it. Each row gets exactly the operations of
// SmRowThreePass, so the bits are the same.
template <bool kScaled, bool kLog>
HWY_INLINE void SmRowPairThreePass(const float* x0, float* y0, const float* x1,
                                   float* y1, size_t n, float scale) {
  const SmMinMax a = SmRowMax<kScaled>(x0, n, scale);
  const SmMinMax b = SmRowMax<kScaled>(x1, n, scale);
  if (!std::isfinite(a.max) || !std::isfinite(b.max) ||
      !SmFastRow(a.min, a.max) || !SmFastRow(b.min, b.max)) {
    SmRowThreePass<kScaled>(x0, y0, n, scale, kLog);
    SmRowThreePass<kScaled>(x1, y1, n, scale, kLog);
    return;
  }
  SmAccumulator<kScaled, !kLog, kLog, false, false> acc0, acc1;
  acc0.Init(scale, a.max);
  acc1.Init(scale, b.max);
  size_t i = 0;
  for (; i + kSmBlock <= n; i += kSmBlock) {
    acc0.template Block<false, true>(x0 + i, nullptr, kLog ? nullptr : y0 + i,
                                     kSmBlock);
    acc1.template Block<false, true>(x1 + i, nullptr, kLog ? nullptr : y1 + i,
                                     kSmBlock);
  }
  if (i < n) {
    acc0.template Tail<true>(x0 + i, nullptr, kLog ? nullptr : y0 + i, n - i);
    acc1.template Tail<true>(x1 + i, nullptr, kLog ? nullptr : y1 + i, n - i);
  }
  const float* xs[2] = {x0, x1};
  float* ys[2] = {y0, y1};
  const float ms[2] = {a.max, b.max};
  for (int r = 0; r < 2; ++r) {
    const auto& acc = r == 0 ? acc0 : acc1;
    if (!kLog) {
      const double sum = acc.Sum();
      if (std::isnan(sum)) {
        for (size_t j = 0; j < n; ++j) ys[r][j] = NAN;
        continue;
      }
      SmNormalize(ys[r], n, 1.0 / sum);
    } else {
      double inv_s;
      const double lse = SmLogSum(acc.Count(), acc.Sum(), &inv_s);
      SmLogWrite<kScaled>(xs[r], ys[r], n, scale, ms[r],
                          static_cast<float>(lse));
    }
  }
}

// Rows beyond the cache: an online normaliser. Per kSmChunk chunk: chunk max
// from memory, rescale the partials if it grew, exp-and-sum from L1.
//  - log-softmax, and softmax in place: nothing is written in that pass; one
//    write pass follows (y = z - M - L, or e^(z - M) / S recomputed): 12
//    bytes per element.
//  - softmax out of place (kKeepE): the read pass also stores e = e^(z - R)
//    into y, R the running max. Chunks from the last rise of the max on hold
//    e^(z - M) already and are only scaled by 1 / S; the chunks before are
//    recomputed from x (their e is relative to an older max, and rescaling it
//    would add a rounding). 16 bytes per element, one exp per element after
//    the last rise of the max, two before it.
template <bool kScaled, bool kKeepE>
HWY_INLINE void SmRowStreamingT(const float* x, float* y, size_t n,
                                float scale, bool log) {
  SmAccumulator<kScaled, kKeepE, true, false, false> acc;
  float m = -HUGE_VALF;
  size_t last_rise = 0;
  acc.Init(scale, m);
  const SmD d;
  for (size_t i = 0; i < n; i += kSmChunk) {
    const size_t len = HWY_MIN(kSmChunk, n - i);
    const SmMinMax cmm = SmRowMax<kScaled>(x + i, len, scale);
    const float cm = cmm.max;
    if (cm == -HUGE_VALF) {  // contributes nothing, unless Max hid a NaN
      for (size_t j = i; j < i + len; ++j) {
        if (std::isnan(x[j])) return SmFallbackRow<kScaled>(x, y, n, scale, log);
      }
      if (kKeepE) memset(y + i, 0, len * sizeof(float));
      continue;
    }
    if (!std::isfinite(cm)) return SmFallbackRow<kScaled>(x, y, n, scale, log);
    if (cm > m) {
      float f = 0.0f;
      if (m != -HUGE_VALF) {
        SmV hi, lo;
        SmTwoDiff(hn::Set(d, m), hn::Set(d, cm), hi, lo);
        f = hn::GetLane(SmExp(d, hi, lo));
      }
      acc.Rescale(f, cm);
      m = cm;
      last_rise = i;
    }
    acc.Row(x + i, nullptr, kKeepE ? y + i : nullptr, len,
            SmFastRow(cmm.min, m));
  }
  if (m == -HUGE_VALF) return SmFallbackRow<kScaled>(x, y, n, scale, log);
  double inv_s;
  const double sum = acc.Sum();
  if (std::isnan(sum)) {
    for (size_t i = 0; i < n; ++i) y[i] = NAN;
    return;
  }
  const double lse = SmLogSum(acc.Count(), sum, &inv_s);
  if (log) {
    SmLogWrite<kScaled>(x, y, n, scale, m, static_cast<float>(lse));
  } else if (kKeepE) {
    SmExpWrite<kScaled>(x, y, last_rise, scale, m, inv_s);
    SmNormalize(y + last_rise, n - last_rise, inv_s);
  } else {
    SmExpWrite<kScaled>(x, y, n, scale, m, inv_s);
  }
}

template <bool kScaled>
HWY_INLINE void SmRowStreaming(const float* x, float* y, size_t n, float scale,
                               bool log) {
  if (!log && x != y) {
    SmRowStreamingT<kScaled, true>(x, y, n, scale, log);
  } else {
    SmRowStreamingT<kScaled, false>(x, y, n, scale, log);
  }
}

inline void SoftmaxRows(const SoftmaxArgs* a) {
  const bool scaled = a->scale != 1.0f;
  size_t r = 0;
  // Short rows in pairs where the registers allow it (see SmRowPairThreePass).
  if (hn::MaxLanes(SmD()) >= 16 && a->cols <= 2048 && a->cols < a->stream_cols) {
    for (; r + 2 <= a->rows; r += 2) {
      const float* x0 = a->x + r * a->x_stride;
      float* y0 = a->y + r * a->y_stride;
      const float* x1 = x0 + a->x_stride;
      float* y1 = y0 + a->y_stride;
      if (scaled) {
        if (a->log) {
          SmRowPairThreePass<true, true>(x0, y0, x1, y1, a->cols, a->scale);
        } else {
          SmRowPairThreePass<true, false>(x0, y0, x1, y1, a->cols, a->scale);
        }
      } else if (a->log) {
        SmRowPairThreePass<false, true>(x0, y0, x1, y1, a->cols, a->scale);
      } else {
        SmRowPairThreePass<false, false>(x0, y0, x1, y1, a->cols, a->scale);
      }
    }
  }
  for (; r < a->rows; ++r) {
    const float* x = a->x + r * a->x_stride;
    float* y = a->y + r * a->y_stride;
    if (a->cols >= a->stream_cols) {
      if (scaled) {
        SmRowStreaming<true>(x, y, a->cols, a->scale, a->log);
      } else {
        SmRowStreaming<false>(x, y, a->cols, a->scale, a->log);
      }
    } else if (scaled) {
      SmRowThreePass<true>(x, y, a->cols, a->scale, a->log);
    } else {
      SmRowThreePass<false>(x, y, a->cols, a->scale, a->log);
    }
  }
}

// ------------------------------------------------------------ backward

// Compensated sum over a row of op(a[i], b[i]) through the 32 logical partials.
template <class Op>
HWY_INLINE double SmRowDot(const float* a, const float* b, size_t n,
                           const Op& op, float pad_a = 0.0f) {
  const SmD d;
  const size_t N = hn::Lanes(d);
  SmPartials s, c;
  s.Init(d, 0.0f);
  c.Init(d, 0.0f);
  auto block = [&](const float* pa, const float* pb) {
    for (size_t k = 0; k < SmNumVec(d); ++k) {
      SmV sv = s.Get(d, k), cv = c.Get(d, k);
      SmSumAdd(op(hn::LoadU(d, pa + k * N), hn::LoadU(d, pb + k * N)), sv, cv);
      s.Put(d, k, sv);
      c.Put(d, k, cv);
    }
  };
  size_t i = 0;
  for (; i + kSmBlock <= n; i += kSmBlock) block(a + i, b + i);
  if (i < n) {
    // Padding: b = 0 and a = pad_a, chosen by the caller so op gives 0.
    HWY_ALIGN float ab[kSmBlock];
    HWY_ALIGN float bb[kSmBlock] = {};
    for (size_t j = 0; j < kSmBlock; ++j) ab[j] = pad_a;
    memcpy(ab, a + i, (n - i) * sizeof(float));
    memcpy(bb, b + i, (n - i) * sizeof(float));
    block(ab, bb);
  }
  return SmReduce(s, c, 0.0f);
}

inline void SoftmaxBackwardRows(const BackwardArgs* a) {
  for (size_t r = 0; r < a->rows; ++r) {
    const float* y = a->y + r * a->y_stride;
    const float* dy = a->dy + r * a->dy_stride;
    float* dx = a->dx + r * a->dx_stride;
    const size_t n = a->cols;
    if (!a->log) {
      // dx = y (dy - sum y dy)
      const float dot = static_cast<float>(
          SmRowDot(y, dy, n, [](SmV u, SmV v) { return hn::Mul(u, v); }));
      SmBinaryArray(y, dy, dx, n, [dot](auto d, auto yv, auto g) {
        return hn::Mul(yv, hn::Sub(g, hn::Set(d, dot)));
      });
    } else {
      // dx = dy - e^y sum dy
      const float sum = static_cast<float>(
          SmRowDot(dy, dy, n, [](SmV u, SmV) { return u; }));
      SmBinaryArray(y, dy, dx, n, [sum](auto d, auto yv, auto g) {
        return hn::NegMulAdd(Exp(d, yv), hn::Set(d, sum), g);
      });
    }
  }
}

// ------------------------------------------------------------ cross-entropy

// One row of fused cross-entropy. Returns the row loss (double); writes the
// gradient row (times gscale) when g != nullptr.
template <bool kSmooth, bool kSoft, bool kGrad>
HWY_INLINE double SmCrossEntropyRow(const float* z, const float* t,
                                    int32_t label, float* g, size_t n,
                                    float eps, double gscale) {
  const SmMinMax mm = SmRowMax<false>(z, n, 1.0f);
  const float m = mm.max;
  const double q0 = static_cast<double>(eps) / static_cast<double>(n);
  if (!std::isfinite(m)) {
    SmFallback fb;
    fb.Init(z, n, 1.0f);
    double sum_q = 0.0, loss = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const double q = kSoft ? (1.0 - eps) * t[i] + q0
                             : (static_cast<int64_t>(i) == label ? 1.0 - eps : 0.0) + q0;
      sum_q += q;
      if (q != 0.0) loss -= q * fb.LogP(z[i], 1.0f);
    }
    if (kGrad) {
      for (size_t i = 0; i < n; ++i) {
        const double q = kSoft ? (1.0 - eps) * t[i] + q0
                               : (static_cast<int64_t>(i) == label ? 1.0 - eps : 0.0) + q0;
        g[i] = static_cast<float>((fb.P(z[i], 1.0f) * sum_q - q) * gscale);
      }
    }
    return loss;
  }
  const float z_label = kSoft ? 0.0f : z[label];  // before g overwrites z
  // Soft labels with smoothing also need sum (z - m), taken before g (which
  // may alias z) is written. An -inf logit makes it -inf (TwoSum would give
  // NaN).
  double sum_d = 0.0;
  if (kSoft && kSmooth) {
    // At 2^-64, as in SmAccumulator: z - m and its sums can exceed FLT_MAX.
    const float mm = m, ms = m * 0x1p-64f;
    sum_d = std::ldexp(SmRowDot(
                           z, z, n,
                           [ms](SmV u, SmV) {
                             const SmD d;
                             return hn::Sub(hn::Mul(u, hn::Set(d, 0x1p-64f)), hn::Set(d, ms));
                           },
                           mm),
                       64);
    if (std::isnan(sum_d)) sum_d = -HUGE_VAL;  // NaN logits: w is NaN below
  }
  SmAccumulator<false, kGrad, true, kSmooth, kSoft> acc;
  acc.Init(1.0f, m);
  acc.Row(z, t, g, n, SmFastRow(mm.min, m));
  const double count = acc.Count();
  const double w = acc.Sum();
  double inv_s;
  const double lse = SmLogSum(count, w, &inv_s);
  double loss, sum_q;
  if (kSoft) {
    // sum q (L - d) = L sum q - sum q d, q = (1 - eps) t + eps / n.
    sum_q = (1.0 - eps) * acc.SumT() + eps;
    double sum_qd = (1.0 - eps) * acc.SumD();  // SumD holds sum t d here
    if (kSmooth) sum_qd += q0 * sum_d;
    loss = lse * sum_q - sum_qd;
  } else {
    sum_q = 1.0;
    const double d_label =
        static_cast<double>(z_label) - static_cast<double>(m);
    loss = lse - (1.0 - eps) * d_label;
    if (kSmooth) loss -= q0 * acc.SumD();
  }
  if (std::isnan(w)) loss = NAN;
  if (kGrad) {
    if (std::isnan(w)) {
      for (size_t i = 0; i < n; ++i) g[i] = NAN;
      return loss;
    }
    // g = e * (sum_q gscale / S) - q gscale, with q = (1 - eps) t + q0.
    const double rs = sum_q * gscale * inv_s;
    const float r_hi = static_cast<float>(rs);
    const float r_lo = static_cast<float>(rs - r_hi);
    const float qc = static_cast<float>(q0 * gscale);
    const float tc = static_cast<float>((1.0 - eps) * gscale);
    if (kSoft) {
      SmBinaryArray(g, t, g, n, [=](auto d, auto e, auto tv) {
        const auto q = hn::MulAdd(tv, hn::Set(d, tc), hn::Set(d, qc));
        return hn::Sub(hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo))),
                       q);
      });
    } else {
      const double e_label = g[label];
      SmUnaryArray(g, g, n, [=](auto d, auto e) {
        return hn::Sub(hn::MulAdd(e, hn::Set(d, r_hi), hn::Mul(e, hn::Set(d, r_lo))),
                       hn::Set(d, qc));
      });
      // p_l - 1 without cancellation: for the max element S - e_l = count - 1
      // + w exactly; otherwise p_l <= 1/2.
      const double p_minus_1 = (z_label == m)
                                   ? -((count - 1.0) + w) * inv_s
                                   : e_label * inv_s - 1.0;
      g[label] = static_cast<float>((p_minus_1 + eps - q0) * gscale);
    }
  }
  return loss;
}

template <bool kSmooth, bool kSoft, bool kGrad>
HWY_INLINE void SmCrossEntropyRowsT(const CrossEntropyArgs* a, double* total) {
  for (size_t r = 0; r < a->rows; ++r) {
    const float* z = a->z + r * a->z_stride;
    const float* t = kSoft ? a->t + r * a->t_stride : nullptr;
    float* g = kGrad ? a->grad + r * a->g_stride : nullptr;
    int32_t label = 0;
    if (!kSoft) {
      label = a->labels[r];
      if (label == a->ignore_index) {
        if (kGrad) memset(g, 0, a->cols * sizeof(float));
        if (a->reduction == 0) a->loss[r] = 0.0f;
        continue;
      }
    }
    const double loss = SmCrossEntropyRow<kSmooth, kSoft, kGrad>(
        z, t, label, g, a->cols, a->eps, a->gscale);
    if (a->reduction == 0) {
      a->loss[r] = static_cast<float>(loss);
    } else {
      *total += loss;
    }
  }
}

template <bool kSoft>
HWY_INLINE void SmCrossEntropyDispatch(const CrossEntropyArgs* a,
                                       double* total) {
  const bool smooth = a->eps != 0.0f;
  const bool grad = a->grad != nullptr;
  if (smooth) {
    if (grad) return SmCrossEntropyRowsT<true, kSoft, true>(a, total);
    return SmCrossEntropyRowsT<true, kSoft, false>(a, total);
  }
  if (grad) return SmCrossEntropyRowsT<false, kSoft, true>(a, total);
  return SmCrossEntropyRowsT<false, kSoft, false>(a, total);
}

// Returns the sum of the row losses (unused for reduction none).
inline double CrossEntropyRows(const CrossEntropyArgs* a) {
  double total = 0.0;
  if (a->t != nullptr) {
    SmCrossEntropyDispatch<true>(a, &total);
  } else {
    SmCrossEntropyDispatch<false>(a, &total);
  }
  return total;
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_SOFTMAX_INL_H_ per-target guard
