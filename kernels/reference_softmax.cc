// Double-precision references for the softmax family (see reference.h).
#include <math.h>
#include <stddef.h>

#include <cmath>
#include <vector>

#include "actkern/reference.h"

namespace {

// The logits of a row as the kernels define them, and the row's limits.
struct RefRow {
  std::vector<double> z;
  bool nan = false;
  size_t kinf = 0;
  bool all_neginf = true;
  double m = -HUGE_VAL;
  double w = 0.0;  // sum of e^(z - m) over z != m, plus (count(z == m) - 1)
  double s = 0.0;  // sum of e^(z - m)

  RefRow(const float* x, size_t n, float scale) : z(n) {
    float fmax = -HUGE_VALF;
    bool fnan = false;
    for (size_t i = 0; i < n; ++i) {
      const float f = x[i] * scale;
      fnan |= std::isnan(f);
      if (f > fmax) fmax = f;
    }
    const bool exact = fnan || !std::isfinite(fmax);
    for (size_t i = 0; i < n; ++i) {
      z[i] = exact ? static_cast<double>(x[i]) * scale
                   : static_cast<double>(x[i] * scale);
      if (std::isnan(z[i])) nan = true;
      if (z[i] == HUGE_VAL) ++kinf;
      if (z[i] != -HUGE_VAL) all_neginf = false;
      if (z[i] > m) m = z[i];
    }
    if (nan || kinf != 0 || all_neginf) return;
    double count = 0.0, rest = 0.0;
    for (size_t i = 0; i < n; ++i) {
      if (z[i] == m) {
        count += 1.0;
      } else {
        rest += std::exp(z[i] - m);
      }
    }
    w = (count - 1.0) + rest;
    s = count + rest;
  }
  double P(size_t i) const {
    if (nan) return NAN;
    if (kinf != 0)
      return z[i] == HUGE_VAL ? 1.0 / static_cast<double>(kinf) : 0.0;
    if (all_neginf) return 0.0;
    return std::exp(z[i] - m) / s;
  }
  double LogP(size_t i) const {
    if (nan) return NAN;
    if (kinf != 0) {
      return z[i] == HUGE_VAL ? -std::log(static_cast<double>(kinf))
                              : -HUGE_VAL;
    }
    if (all_neginf) return -HUGE_VAL;
    return (z[i] - m) - std::log1p(w);
  }
};

double CrossEntropy(const float* z, const float* t, size_t n, int label,
                    float eps, double* grad) {
  const RefRow row(z, n, 1.0f);
  const double q0 = static_cast<double>(eps) / static_cast<double>(n);
  auto q = [&](size_t i) {
    const double base = t != nullptr
                            ? static_cast<double>(t[i])
                            : (static_cast<int>(i) == label ? 1.0 : 0.0);
    return (1.0 - eps) * base + q0;
  };
  double loss = 0.0, sum_q = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double qi = q(i);
    sum_q += qi;
    if (qi != 0.0) loss -= qi * row.LogP(i);
  }
  if (row.nan) loss = NAN;
  if (grad != nullptr) {
    for (size_t i = 0; i < n; ++i) grad[i] = row.P(i) * sum_q - q(i);
  }
  return loss;
}

}  // namespace

extern "C" {

double actkern_ref_logsumexp(const float* x, size_t n, float scale) {
  const RefRow row(x, n, scale);
  if (row.nan) return NAN;
  if (row.kinf != 0) return HUGE_VAL;
  if (row.all_neginf) return -HUGE_VAL;
  return row.m + std::log1p(row.w);
}

void actkern_ref_softmax(const float* x, size_t n, float scale, double* y) {
  const RefRow row(x, n, scale);
  for (size_t i = 0; i < n; ++i) y[i] = row.P(i);
}

void actkern_ref_log_softmax(const float* x, size_t n, float scale, double* y) {
  const RefRow row(x, n, scale);
  for (size_t i = 0; i < n; ++i) y[i] = row.LogP(i);
}

void actkern_ref_softmax_backward(const float* y, const float* dy, size_t n,
                                  double* dx) {
  double dot = 0.0;
  for (size_t i = 0; i < n; ++i) dot += static_cast<double>(y[i]) * dy[i];
  for (size_t i = 0; i < n; ++i) dx[i] = y[i] * (dy[i] - dot);
}

void actkern_ref_log_softmax_backward(const float* y, const float* dy, size_t n,
                                      double* dx) {
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += dy[i];
  for (size_t i = 0; i < n; ++i) dx[i] = dy[i] - std::exp(y[i]) * sum;
}

double actkern_ref_softmax_cross_entropy(const float* z, size_t n, int label,
                                         float eps, double* grad) {
  return CrossEntropy(z, nullptr, n, label, eps, grad);
}

double actkern_ref_softmax_cross_entropy_soft(const float* z, const float* t,
                                              size_t n, float eps,
                                              double* grad) {
  return CrossEntropy(z, t, n, -1, eps, grad);
}

}  // extern "C"
