// Scalar double pieces of the softmax family: the per-row log1p of the sum,
// and the limits for the rows the vector path does not take (NaN, +inf, all
// -inf, or scale * x overflowing float).
//
// Plain double arithmetic compiled once (no per-target code): +, -, *, / and
// frexp are exact or correctly rounded IEEE operations, and the library is
// built with -ffp-contract=off, so these give the same bits on every target.
// Only the fallback rows call libm (exp and log), whose bits are those of the
// platform's libm.
#ifndef ACTKERN_KERNELS_SOFTMAX_SCALAR_H_
#define ACTKERN_KERNELS_SOFTMAX_SCALAR_H_

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmath>

#include "kernels/core/exp_f64_constants.h"

namespace actkern {
namespace softmax_scalar {

// 2 atanh(s) = log((1 + s) / (1 - s)) for |s| <= 0.1716 (3 - 2 sqrt 2): the
// series 2 s (1 + s^2/3 + s^4/5 + ...), 12 terms, truncation below 2^-60.
inline double TwoAtanh(double s) {
  const double s2 = s * s;
  double p = 1.0 / 23.0;
  for (int k = 10; k >= 0; --k) p = p * s2 + 1.0 / (2.0 * k + 1.0);
  return 2.0 * s * p;
}

// log(1 + a) for a >= 0 (or NaN) in double, relative error about 2^-50,
// without libm (libm's log1p may differ between platforms; this is the one
// double log of a row, so its bits must not). For small a it never forms
// 1 + a, so a tiny a (the sum of the non-max terms of a row) keeps its full
// relative precision. Double, unlike the log core's float Log1p: the
// cross-entropy loss is formed from it in double, and log-softmax rounds it
// once more.
inline double Log1p(double a) {
  if (a < 0.41421356237309503) return TwoAtanh(a / (2.0 + a));
  int e = 0;
  double m = std::frexp(1.0 + a, &e);  // 1 + a = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654757) {
    m *= 2.0;
    --e;
  }
  const double f = m - 1.0;  // exact (Sterbenz)
  return static_cast<double>(e) * 0x1.62e42fefa39efp-1 +
         TwoAtanh(f / (2.0 + f));
}

// A row that the vector path does not handle, with its logits taken as the
// exact double products scale * x: Init scans the row once, then P and LogP
// give each output. The limits: NaN anywhere gives NaN; k > 0 entries at
// +inf get 1/k (log: -log k) and the others 0 (-inf); an all -inf row gives
// 0 (-inf); otherwise (finite logits whose float product overflowed) the
// double softmax with libm's exp and log.
struct FallbackRow {
  bool nan = false;
  size_t kinf = 0;  // number of +inf logits
  bool all_neginf = true;
  double m = 0.0;      // max (finite case)
  double log_s = 0.0;  // log sum e^(z - m) (finite case)
  double inv_s = 0.0;

  void Init(const float* x, size_t n, float scale) {
    InitWith([x](size_t i) { return x[i]; }, n, scale);
  }
  // The same over the floats get(i), i < n (the 16-bit rows widen each
  // element as they go).
  template <class Get>
  void InitWith(const Get& get, size_t n, float scale) {
    double mx = -HUGE_VAL;
    for (size_t i = 0; i < n; ++i) {
      const double z = static_cast<double>(get(i)) * scale;
      if (std::isnan(z)) nan = true;
      if (z == HUGE_VAL) ++kinf;
      if (z != -HUGE_VAL) all_neginf = false;
      if (z > mx) mx = z;
    }
    m = mx;
    if (nan || kinf != 0 || all_neginf) return;
    double s = 0.0;
    for (size_t i = 0; i < n; ++i) {
      s += std::exp(static_cast<double>(get(i)) * scale - m);
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

// sum = count + w, with count the number of entries equal to the max (each
// e^0 = 1) and w the sum of the other terms: log(sum) = log1p(count - 1 + w),
// which keeps w's relative precision when count is 1. Returns log(sum) and
// sets *inv_s = 1 / sum.
inline double LogOfSum(double count, double w, double* inv_s) {
  *inv_s = 1.0 / (count + w);
  return Log1p((count - 1.0) + w);
}

// e^t for t <= 0 (or NaN) in double without libm: t = k ln 2 + r with
// |r| <= ln 2 / 2 (ln 2 split so that k * kLn2Hi is exact for |k| < 2^11),
// then the Taylor series of e^r to degree 13 (truncation below 2^-57
// relative) and the scaling by 2^k. Relative error about 2^-52; used only
// where logsumexp cancels, where a float e^x is not accurate enough.
inline double ExpNonPositive(double t) {
  if (t < -745.2) return 0.0;         // below half the smallest subnormal
  if (std::isnan(t)) return t + 1.0;  // quiet, before any cast to int
  using exp_f64::kInvFact;
  using exp_f64::kInvLn2;
  using exp_f64::kLn2Hi;
  using exp_f64::kLn2Lo;
  const double k = std::floor(t * kInvLn2 + 0.5);
  const double r = (t - k * kLn2Hi) - k * kLn2Lo;
  double p = kInvFact[0];
  for (int i = 1; i < exp_f64::kTerms; ++i) p = p * r + kInvFact[i];
  p = p * r + 1.0;
  const int ki = static_cast<int>(k);
  if (ki >= -1021) {
    // 2^k is a normal double and so is p 2^k (p >= 1/2): the product is
    // exact, ldexp's value without the call.
    const uint64_t bits = static_cast<uint64_t>(ki + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, sizeof(scale));
    return p * scale;
  }
  return std::ldexp(p, ki);  // rounds into the subnormals
}

// logsumexp of a row whose max m = max z is finite, from the vector pass's
// count of max entries and sum w of the other terms e^(z - m): m + log S in
// double, rounded once. The vector terms carry about 2^-24 relative error
// each, so log S is off by up to about 2^-23 absolutely: harmless against a
// result of magnitude 2 or more (below 1 ULP of it), not where m + log S
// cancels towards 0. There the row is summed again from the float logits
// z = fl(scale * x) with ExpNonPositive, in double.
inline float FinishLogSumExp(float m, double count, double w, const float* x,
                             size_t n, float scale, bool scaled) {
  double unused;
  const double r = static_cast<double>(m) + LogOfSum(count, w, &unused);
  if (!(std::fabs(r) < 2.0)) return static_cast<float>(r);  // NaN included
  double count_d = 0.0, w_d = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const float z = scaled ? x[i] * scale : x[i];
    if (z == m) {
      count_d += 1.0;
    } else {
      w_d += ExpNonPositive(static_cast<double>(z) - m);  // z - m exact
    }
  }
  return static_cast<float>(static_cast<double>(m) +
                            LogOfSum(count_d, w_d, &unused));
}

// logsumexp of a row the vector pass does not take (a max that is not
// finite, or an overflowing scale * x): NaN anywhere gives NaN, else a +inf
// gives +inf, all -inf gives -inf, else the double row of FallbackRow.
inline float LogSumExpFallback(const float* x, size_t n, float scale) {
  FallbackRow fb;
  fb.Init(x, n, scale);
  if (fb.nan) return NAN;
  if (fb.kinf != 0) return HUGE_VALF;
  if (fb.all_neginf) return -HUGE_VALF;
  return static_cast<float>(fb.m + fb.log_s);
}

}  // namespace softmax_scalar
}  // namespace actkern

#endif  // ACTKERN_KERNELS_SOFTMAX_SCALAR_H_
