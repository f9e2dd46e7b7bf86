// Double-precision references for the GELU and piecewise families (see
// reference.h). These define what the kernels are measured against, so they
// are written for accuracy in double (stable forms, no cancellation), never
// for speed.
#include <cmath>

#include "actkern/reference.h"

namespace {

constexpr double kSqrtHalf = 0.70710678118654752440;    // 1/sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1/sqrt(2 pi)
// gelu_tanh constants, as in the usual definition; the kernel holds the
// same doubles as float pairs (kernels/gelu-inl.h).
constexpr double kSqrt2OverPi = 0.7978845608028654;  // sqrt(2/pi)
constexpr double kGeluTanhA = 0.044715;

double Phi(double x) { return 0.5 * std::erfc(-x * kSqrtHalf); }
double PhiDensity(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }

// v = 2u = 2 sqrt(2/pi) (x + A x^3) and its derivative.
double GeluTanhV(double x) {
  return 2.0 * kSqrt2OverPi * (x + kGeluTanhA * x * x * x);
}
double GeluTanhDv(double x) {
  return 2.0 * kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhA * x * x);
}

// sigmoid(v) and 1 - sigmoid(v) without overflow or cancellation.
void Sigmoid2(double v, double* s, double* one_minus_s) {
  if (v >= 0) {
    const double e = std::exp(-v);
    *s = 1.0 / (1.0 + e);
    *one_minus_s = e / (1.0 + e);
  } else {
    const double e = std::exp(v);
    *s = e / (1.0 + e);
    *one_minus_s = 1.0 / (1.0 + e);
  }
}

}  // namespace

// g dy for a GELU derivative g at finite x. Far in the negative tail (x <
// -38 for erf, -104 for tanh) g is a negative number that double underflows
// to 0: an infinite dy gives an infinity of the opposite sign there, not
// 0 * inf. (g has no exact zero at a float x elsewhere.)
static double TimesDy(double g, double dy) {
  if (g == 0 && std::isinf(dy)) return -dy;
  return g * dy;
}

extern "C" {

double actkern_ref_gelu(double x) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  return 0.5 * x * std::erfc(-x * kSqrtHalf);
}

double actkern_ref_gelu_backward(double x, double dy) {
  if (std::isinf(x)) return (x > 0 ? 1.0 : 0.0) * dy;
  return TimesDy(Phi(x) + x * PhiDensity(x), dy);
}

double actkern_ref_gelu_backward_abs_terms(double x) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return std::fabs(Phi(x)) + std::fabs(x * PhiDensity(x));
}

double actkern_ref_gelu_tanh(double x) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  double s, one_minus_s;
  Sigmoid2(GeluTanhV(x), &s, &one_minus_s);
  return x * s;
}

double actkern_ref_gelu_tanh_backward(double x, double dy) {
  if (std::isinf(x)) return (x > 0 ? 1.0 : 0.0) * dy;
  double s, one_minus_s;
  Sigmoid2(GeluTanhV(x), &s, &one_minus_s);
  return TimesDy(s + x * s * one_minus_s * GeluTanhDv(x), dy);
}

double actkern_ref_gelu_tanh_backward_abs_terms(double x) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  double s, one_minus_s;
  Sigmoid2(GeluTanhV(x), &s, &one_minus_s);
  return std::fabs(s) + std::fabs(x * s * one_minus_s * GeluTanhDv(x));
}

double actkern_ref_relu(double x) {
  if (std::isnan(x)) return x;
  return x > 0 ? x : 0.0;
}

double actkern_ref_leaky_relu(double x, double slope) {
  return x > 0 ? x : slope * x;
}

double actkern_ref_relu6(double x) {
  if (std::isnan(x)) return x;
  return x <= 0 ? 0.0 : (x > 6 ? 6.0 : x);
}

double actkern_ref_hardtanh(double x, double lo, double hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

double actkern_ref_hardsigmoid(double x) {
  if (std::isnan(x)) return x;
  return x <= -3 ? 0.0 : (x >= 3 ? 1.0 : (x + 3.0) / 6.0);
}

double actkern_ref_hardswish(double x) {
  if (std::isnan(x)) return x;
  return x <= -3 ? -0.0 : (x >= 3 ? x : x * (x + 3.0) / 6.0);
}

double actkern_ref_relu_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  return (x > 0 ? 1.0 : 0.0) * dy;
}

double actkern_ref_leaky_relu_backward(double x, double dy, double slope) {
  if (std::isnan(x)) return x;
  return (x > 0 ? 1.0 : slope) * dy;
}

double actkern_ref_relu6_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  return (x > 0 && x < 6 ? 1.0 : 0.0) * dy;
}

double actkern_ref_hardtanh_backward(double x, double dy, double lo,
                                     double hi) {
  if (std::isnan(x)) return x;
  return (x > lo && x < hi ? 1.0 : 0.0) * dy;
}

double actkern_ref_hardsigmoid_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  return x > -3 && x < 3 ? dy / 6.0 : 0.0 * dy;
}

double actkern_ref_hardswish_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  const double f = x <= -3 ? 0.0 : (x < 3 ? (2.0 * x + 3.0) / 6.0 : 1.0);
  return f * dy;
}

}  // extern "C"
