// Double references of the log activations (see reference.h). Written from
// the definitions, in the forms that stay accurate in double: softplus as
// max(x, 0) + log1p(e^(-beta |x|)) / beta (beta x is exact in double for
// float arguments), mish's derivative from tanh/sigmoid of the definition.
#include <cmath>

#include "actkern/reference.h"

namespace {

double Sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

// tanh(softplus(x)) and x sigmoid(x) sech^2(softplus(x)), mish's derivative
// terms, for finite x.
void MishTerms(double x, double* t, double* u) {
  const double sp = actkern_ref_softplus(x, 1.0);
  *t = std::tanh(sp);
  *u = x * Sigmoid(x) * (1.0 - *t * *t);
}

}  // namespace

extern "C" {

double actkern_ref_log(double x) { return std::log(x); }

double actkern_ref_log1p(double x) { return std::log1p(x); }

double actkern_ref_softplus(double x, double beta) {
  if (std::isnan(x)) return x;
  return std::fmax(x, 0.0) + std::log1p(std::exp(-beta * std::fabs(x))) / beta;
}

double actkern_ref_log_sigmoid(double x) {
  return -actkern_ref_softplus(-x, 1.0);
}

double actkern_ref_mish(double x) {
  if (std::isnan(x)) return x;
  if (x == -HUGE_VAL) return -0.0;
  return x * std::tanh(actkern_ref_softplus(x, 1.0));
}

double actkern_ref_log_backward(double x, double dy) { return dy / x; }

double actkern_ref_log1p_backward(double x, double dy) {
  return dy / (1.0 + x);
}

double actkern_ref_softplus_backward(double x, double dy, double beta) {
  if (std::isnan(x)) return x;
  // sigmoid > 0 for finite x even where double's exp underflows: dy = +-inf
  // gives +-inf there, not inf * 0.
  if (std::isinf(dy) && std::isfinite(x)) return dy;
  return dy * Sigmoid(beta * x);
}

double actkern_ref_log_sigmoid_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  if (std::isinf(dy) && std::isfinite(x)) return dy;  // as softplus's
  return dy * Sigmoid(-x);
}

double actkern_ref_mish_backward(double x, double dy) {
  if (std::isnan(x)) return x;
  if (x == HUGE_VAL) return dy;
  if (x == -HUGE_VAL) return 0.0 * dy;
  double t, u;
  MishTerms(x, &t, &u);
  // mish' is about x e^x < 0 where double's exp underflows (x < -745): an
  // infinite dy still gives an infinity, of the opposite sign.
  if (t + u == 0 && std::isinf(dy)) return -dy;
  return dy * (t + u);
}

double actkern_ref_mish_backward_abs_terms(double x) {
  if (std::isnan(x)) return x;
  if (x == HUGE_VAL) return 1.0;
  if (x == -HUGE_VAL) return 0.0;
  double t, u;
  MishTerms(x, &t, &u);
  return std::fabs(t) + std::fabs(u);
}

}  // extern "C"
