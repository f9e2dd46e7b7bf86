// Eigen 3.4 array expressions, compiled once per ISA (-msse4.2, -mavx2 -mfma,
// -mavx512f ...) into its own shared object with hidden visibility: Eigen's
// template instantiations have the same mangled names whatever the ISA, so in
// one binary the linker would keep only one of them. Only the C table below
// is exported. EIGEN_FAST_MATH is left at its default (1), as users get it.
#include <math.h>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include "peer_table.h"

namespace {

using Eigen::Array;
using Eigen::Dynamic;
using ArrayXf = Array<float, Dynamic, 1>;
using In = Eigen::Map<const ArrayXf>;
using Out = Eigen::Map<ArrayXf>;
Eigen::Index Len(size_t n) { return static_cast<Eigen::Index>(n); }

void Exp(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).exp();
}
void Tanh(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).tanh();
}
void Logistic(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).logistic();
}
void Expm1(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).expm1();
}
void Log(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).log();
}
void Log1p(const float* x, float* y, size_t n) {
  Out(y, Len(n)) = In(x, Len(n)).log1p();
}
// Composed the way an Eigen user writes them (Eigen has no such functor).
void Silu(const float* x, float* y, size_t n) {
  const In a(x, Len(n));
  Out(y, Len(n)) = a * a.logistic();
}
void Gelu(const float* x, float* y, size_t n) {
  const In a(x, Len(n));
  Out(y, Len(n)) =
      0.5f * a * (1.0f + (a * static_cast<float>(M_SQRT1_2)).erf());
}
void GeluTanh(const float* x, float* y, size_t n) {
  const In a(x, Len(n));
  const float k = 0.7978845608028654f;  // sqrt(2 / pi)
  Out(y, Len(n)) = 0.5f * a * (1.0f + (k * (a + 0.044715f * a * a * a)).tanh());
}

}  // namespace

extern "C" __attribute__((visibility("default")))
const actkern::peers::PeerEntry*
ACTKERN_EIGEN_ENTRY() {
  static const actkern::peers::PeerEntry table[] = {
      {"exp", "eigen", Exp},
      {"tanh", "eigen", Tanh},
      {"sigmoid", "eigen", Logistic},
      {"expm1", "eigen", Expm1},
      {"log", "eigen", Log},
      {"log1p", "eigen", Log1p},
      {"silu", "eigen_composed", Silu},
      {"gelu", "eigen_composed", Gelu},
      {"gelu_tanh", "eigen_composed", GeluTanh},
      {nullptr, nullptr, nullptr},
  };
  return table;
}
