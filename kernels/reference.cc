// Scalar double-precision references and the ULP measure (see reference.h).
#include "actkern/reference.h"

#include <cmath>

extern "C" {

double actkern_ulp_error(float y, double r) {
  const bool y_nan = std::isnan(y);
  const bool r_nan = std::isnan(r);
  if (y_nan || r_nan) return (y_nan && r_nan) ? 0.0 : HUGE_VAL;
  const double kCap = std::ldexp(1.0, 128);
  double yd = static_cast<double>(y);
  if (std::isinf(yd)) yd = std::copysign(kCap, yd);
  if (std::fabs(r) > kCap) r = std::copysign(kCap, r);
  if (yd == r) return 0.0;
  int k = 0;
  (void)std::frexp(r, &k);  // |r| in [2^(k-1), 2^k), or r == 0 and k == 0
  const int e = (r == 0.0) ? -127 : k - 1;
  const double u = (e < -126) ? std::ldexp(1.0, -149) : std::ldexp(1.0, e - 23);
  return std::fabs(yd - r) / u;
}

double actkern_ref_exp(double x) { return std::exp(x); }

}  // extern "C"
