// Double references of the exp-family activations (see reference.h). Each is
// the textbook formula in double, arranged so that double itself does not
// cancel or overflow where the float result is meaningful: sigmoid from
// e^-|x|, 1 - sigmoid(x) as sigmoid(-x), expm1 from the C library.
#include <cmath>

#include "actkern/reference.h"

namespace {

const double kSeluLambda = 1.0507009873554804934193349852946;
const double kSeluAlpha = 1.6732632423543772848170429916717;

double Sigma(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}

// dy e^z. For finite z, e^z is a positive number even where double's exp
// over- or underflows (|z| > 709), so dy = 0 gives 0 and dy = +-inf gives
// +-inf rather than 0 * inf; z = +-inf gives dy * inf, dy * 0 (IEEE).
double DyTimesExp(double dy, double z) {
  if (std::isfinite(z) && (dy == 0 || std::isinf(dy))) return dy;
  return dy * std::exp(z);
}

}  // namespace

extern "C" {

double actkern_ref_expm1(double x) { return std::expm1(x); }
double actkern_ref_sigmoid(double x) { return Sigma(x); }
double actkern_ref_tanh(double x) { return std::tanh(x); }

double actkern_ref_swish(double x, double beta) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  return x * Sigma(beta * x);
}
double actkern_ref_silu(double x) { return actkern_ref_swish(x, 1.0); }

double actkern_ref_elu(double x, double alpha) {
  return x >= 0 ? x : alpha * std::expm1(x);
}
double actkern_ref_selu(double x) {
  return kSeluLambda * actkern_ref_elu(x, kSeluAlpha);
}
double actkern_ref_celu(double x, double alpha) {
  return x >= 0 ? x : alpha * std::expm1(x / alpha);
}

double actkern_ref_expm1_backward(double x, double dy) {
  return DyTimesExp(dy, x);
}
double actkern_ref_sigmoid_backward(double y, double dy) {
  return dy * y * (1.0 - y);
}
double actkern_ref_tanh_backward(double y, double dy) {
  return dy * ((1.0 - y) * (1.0 + y));
}

double actkern_ref_swish_backward(double x, double dy, double beta) {
  if (std::isinf(x)) return x > 0 ? dy : dy * 0.0;
  const double t = beta * x;
  const double g = Sigma(t) * (1.0 + t * Sigma(-t));
  // g is about t e^t (< 0) where double's e^t underflows (t < -745): an
  // infinite dy still gives an infinity, of the opposite sign.
  if (g == 0 && std::isinf(dy)) return -dy;
  return dy * g;
}
double actkern_ref_silu_backward(double x, double dy) {
  return actkern_ref_swish_backward(x, dy, 1.0);
}
double actkern_ref_swish_backward_terms(double x, double beta) {
  if (std::isinf(x)) return 1.0;
  const double t = beta * x;
  const double s = Sigma(t);
  return std::fabs(s) + std::fabs(t * s * Sigma(-t));
}

double actkern_ref_elu_backward(double x, double dy, double alpha) {
  return x > 0 ? dy : DyTimesExp(dy * alpha, x);
}
double actkern_ref_selu_backward(double x, double dy) {
  return x > 0 ? dy * kSeluLambda
               : DyTimesExp(dy * (kSeluLambda * kSeluAlpha), x);
}
double actkern_ref_celu_backward(double x, double dy, double alpha) {
  return x > 0 ? dy : DyTimesExp(dy, x / alpha);
}

}  // extern "C"
