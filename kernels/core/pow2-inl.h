// Powers of two and scaling by them, compiled once per Highway target. Each
// helper does one job: build 2^n, or split a large power of two into factors
// that are each a normal float, so that a product with them rounds only once
// (overflow and gradual underflow included) and no intermediate over- or
// underflows.

#if defined(ACTKERN_KERNELS_CORE_POW2_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_CORE_POW2_INL_H_
#undef ACTKERN_KERNELS_CORE_POW2_INL_H_
#else
#define ACTKERN_KERNELS_CORE_POW2_INL_H_
#endif

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// 2^n as a float for integer lanes n in [-126, 127] (the exponent field
// n + 127; other n give garbage, never UB).
template <class D, class VI>
HWY_INLINE hn::Vec<D> Pow2I(D d, VI n) {
  const hn::RebindToSigned<D> di;
  return hn::BitCast(d, hn::ShiftLeft<23>(hn::Add(n, hn::Set(di, 127))));
}

// 2^n = s1 s2 with s1 = 2^floor(n/2), s2 = 2^ceil(n/2): both normal for n in
// [-252, 254]. m s1 is exact whenever m s1 s2 is at least the smallest
// normal, so (m s1) s2 rounds once.
template <class D, class VI, class V = hn::Vec<D>>
HWY_INLINE void Pow2Halves(D d, VI n, V& s1, V& s2) {
  const VI n1 = hn::ShiftRight<1>(n);  // arithmetic: floor(n / 2)
  s1 = Pow2I(d, n1);
  s2 = Pow2I(d, hn::Sub(n, n1));
}

// 2^n = s0 s1 s2 for n <= 127: s0 = 2^max(n, floor0) carries the first part
// (floor0 >= -126), the rest (in [-252 - 126 - floor0..., 0]) is split in
// halves (Pow2Halves). For products m s0 ... where m s0 must stay exact and
// a large factor (a gradient dy, say) may come in between.
template <class D, class VI, class V = hn::Vec<D>>
HWY_INLINE void Pow2Thirds(D d, VI n, int floor0, V& s0, V& s1, V& s2) {
  const hn::RebindToSigned<D> di;
  const VI n0 = hn::Max(n, hn::Set(di, floor0));
  s0 = Pow2I(d, n0);
  Pow2Halves(d, hn::Sub(n, n0), s1, s2);
}

// v 2^n rounded once, for n in [-378, 381]: three normal power-of-two
// factors, the one applied last carrying the bulk of the exponent. When the
// exact result is at least 2^-150 every intermediate product is a normal
// float (so exact) and only the last multiplication rounds: overflow to inf
// and gradual underflow come out correctly rounded. The same bits as
// v * Pow2I(n) whenever 2^n is a single normal factor (the common case,
// checked per vector).
template <class D, class V = hn::Vec<D>, class VI>
HWY_INLINE V ScalePow2(D d, V v, VI n) {
  const hn::RebindToSigned<D> di;
  const VI lo = hn::Set(di, -126), hi = hn::Set(di, 127);
  if (HWY_LIKELY(hn::AllTrue(di, hn::And(hn::Gt(n, hn::Set(di, -127)),
                                         hn::Lt(n, hn::Set(di, 128)))))) {
    return hn::Mul(v, Pow2I(d, n));
  }
  const VI n3 = hn::Min(hn::Max(n, lo), hi);
  const VI rest = hn::Sub(n, n3);
  const VI n2 = hn::Min(hn::Max(rest, lo), hi);
  const VI n1 = hn::Sub(rest, n2);
  return hn::Mul(hn::Mul(hn::Mul(v, Pow2I(d, n1)), Pow2I(d, n2)), Pow2I(d, n3));
}

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_CORE_POW2_INL_H_ per-target guard
