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

#include <cmath>

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

// sum = count + w, with count the number of entries equal to the max (each
// e^0 = 1) and w the sum of the other terms: log(sum) = log1p(count - 1 + w),
// which keeps w's relative precision when count is 1. Returns log(sum) and
// sets *inv_s = 1 / sum.
inline double LogOfSum(double count, double w, double* inv_s) {
  *inv_s = 1.0 / (count + w);
  return Log1p((count - 1.0) + w);
}

}  // namespace softmax_scalar
}  // namespace actkern

#endif  // ACTKERN_KERNELS_SOFTMAX_SCALAR_H_
