// The catalogue of actkern's elementwise kernels: public entry point, double
// reference, documented bound and properties, expanded from the kernel table
// (include/actkern/kernel_table.def) and shared by the tests, the benchmarks
// and the tools, so that adding a row there puts the kernel under every
// generic check. Not installed.
#ifndef ACTKERN_TOOLS_CATALOG_H_
#define ACTKERN_TOOLS_CATALOG_H_

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "actkern/actkern.h"

namespace actkern {
namespace catalog {

enum Property : unsigned {
  kNone = 0,
  kMonotoneIncreasing = 1u << 0,  // f(a) <= f(b) for a < b
  kMonotoneDecreasing = 1u << 1,
  kOdd = 1u << 2,  // f(-x) == -f(x) bit for bit
};

struct UnaryKernel {
  std::string name;  // as in the C name actkern_<name>_f32 (params bound)
  actkern_status (*run)(const float* x, float* y, size_t n);
  double (*reference)(double x);
  float (*naive)(float x);  // the plain std:: scalar formula, for benchmarks
  double max_ulp;           // documented bound, whole float range
  unsigned properties;
  // Typical input distribution for benchmarks: uniform in [lo, hi].
  float bench_lo, bench_hi;
  // The naive loop y[i] = naive(x[i]) for i < n, the formula inlined (the
  // table's `naive` column): the plain std:: loop a user would write, which
  // the compiler may vectorise. The benchmarks' one baseline policy.
  void (*naive_loop)(const float* x, float* y, size_t n);
  // The fast tier (actkern_<row>_fast_f32, the kernel table's `fast`
  // column) rather than the precise one.
  bool fast;
  // The precise variant's name: this kernel's own for a precise kernel, the
  // one it is the fast tier of for a fast kernel (same reference, same
  // special values).
  std::string precise;
  // The 16-bit forms, actkern_<row>_bf16 and _f16 with this variant's
  // parameters (index: HalfKind); nullptr for fast-tier entries (a row has
  // one pair of 16-bit forms, listed with its precise variant).
  actkern_status (*run_half[2])(const uint16_t* x, uint16_t* y, size_t n);
  // The bias-fused form (actkern/bias.h), this variant's tier and
  // parameters: y = act(x + bias) on a (pointer, row stride) matrix; exec
  // NULL for the plain entry point, else its _par form.
  actkern_status (*run_bias)(const actkern_exec* exec, const float* x,
                             size_t x_stride, const float* bias, float* y,
                             size_t y_stride, size_t rows, size_t cols);
};

// The 16-bit storage types, as the catalogue indexes them.
enum HalfKind : int { kBf16 = 0, kF16 = 1 };
inline const char* HalfName(int kind) { return kind == kBf16 ? "bf16" : "f16"; }

// A backward (gradient) kernel: dx[i] = f'(.) * dy[i], where the first input
// is x, or the forward output y for kernels that document so (sigmoid, tanh).
struct BackwardKernel {
  std::string name;     // as in actkern_<name>_f32, e.g. "sigmoid_backward"
  std::string forward;  // name of the forward UnaryKernel
  bool takes_y;         // first input is y = forward(x) rather than x
  actkern_status (*run)(const float* in, const float* dy, float* dx, size_t n);
  // The analytic derivative in double at the kernel's input (x, or y when
  // takes_y), times dy.
  double (*reference)(double in, double dy);
  // Sum of the magnitudes of the derivative's terms at `in` (times |dy| by the
  // caller), for kernels whose derivative has zeros: there the bound is
  // absolute, |dx - ref| <= 4 * 2^-24 * |dy| * abs_terms(in). nullptr when the
  // ULP bound applies everywhere.
  double (*abs_terms)(double in);
  double max_ulp;  // documented ULP bound (4 unless stated)
  // dx[i] = the table's `bwd_naive` formula at (in[i], dy[i]), inlined: the
  // gradient as a framework's hand-written std:: loop computes it.
  void (*naive_loop)(const float* in, const float* dy, float* dx, size_t n);
  // The 16-bit forms, actkern_<row>_backward_bf16 and _f16 (index: HalfKind).
  actkern_status (*run_half[2])(const uint16_t* in, const uint16_t* dy,
                                uint16_t* dx, size_t n);
};

// One public elementwise C function, as the kernel table declares it (one per
// function, not per catalogued variant): for tests of the entry path itself.
struct EntryPoint {
  std::string name;  // as in actkern_<name>_f32, e.g. "swish_backward",
                     // "elu_fast"
  bool backward;     // (in, dy, dx, n, params...) rather than (x, y, n, ...)
  bool takes_y;      // backward only: the first input is the forward output
  std::vector<float> valid_params;  // the first catalogued variant's values
  // Calls the function; in1 is ignored for a forward kernel, params holds
  // valid_params.size() floats.
  actkern_status (*call)(const float* in0, const float* in1, float* out,
                         size_t n, const float* params);
  // The table's validity rule for the parameters.
  bool (*params_valid)(const float* params);
  // The parallel form (actkern_<name>_f32_par), same arguments after exec.
  actkern_status (*call_par)(const actkern_exec* exec, const float* in0,
                             const float* in1, float* out, size_t n,
                             const float* params);
  // The 16-bit forms (index: HalfKind) and their parallel forms, the same
  // arguments over 16-bit values; nullptr for fast-tier entries.
  actkern_status (*call_half[2])(const uint16_t* in0, const uint16_t* in1,
                                 uint16_t* out, size_t n, const float* params);
  actkern_status (*call_half_par[2])(const actkern_exec* exec,
                                     const uint16_t* in0, const uint16_t* in1,
                                     uint16_t* out, size_t n,
                                     const float* params);
};

// A gated activation (actkern/gated.h): y = act(gate) * up over rows x cols
// matrices with row strides; the activation is the catalogued variant
// `activation` (its reference, bound and backward kernel are the
// catalogue's), with that variant's parameters bound here.
struct GatedKernel {
  std::string name;             // as in actkern_<name>_f32, e.g. "swiglu"
  std::string activation;       // the UnaryKernel, e.g. "silu", "swish_beta1.5"
  std::string activation_fast;  // its fast tier's UnaryKernel, or ""
  using Forward = actkern_status (*)(const float* gate, size_t gate_stride,
                                     const float* up, size_t up_stride,
                                     float* y, size_t y_stride, size_t rows,
                                     size_t cols);
  using ForwardPar = actkern_status (*)(const actkern_exec* exec,
                                        const float* gate, size_t gate_stride,
                                        const float* up, size_t up_stride,
                                        float* y, size_t y_stride, size_t rows,
                                        size_t cols);
  using Backward = actkern_status (*)(const float* gate, size_t gate_stride,
                                      const float* up, size_t up_stride,
                                      const float* dy, size_t dy_stride,
                                      float* d_gate, size_t d_gate_stride,
                                      float* d_up, size_t d_up_stride,
                                      size_t rows, size_t cols);
  using BackwardPar = actkern_status (*)(const actkern_exec* exec,
                                         const float* gate, size_t gate_stride,
                                         const float* up, size_t up_stride,
                                         const float* dy, size_t dy_stride,
                                         float* d_gate, size_t d_gate_stride,
                                         float* d_up, size_t d_up_stride,
                                         size_t rows, size_t cols);
  Forward run;
  Forward run_fast;  // nullptr without a fast tier
  ForwardPar run_par;
  ForwardPar run_fast_par;
  Backward run_backward;
  BackwardPar run_backward_par;
  // Calls with an invalid parameter (swishglu's beta = -1), for the error
  // tests; nullptr for rows without parameters.
  Forward run_invalid;
  // The 16-bit forms, actkern_<name>_bf16 / _f16 (index: HalfKind), with
  // this variant's parameters: the float signatures over uint16_t.
  using HalfForward = actkern_status (*)(const uint16_t* gate,
                                         size_t gate_stride, const uint16_t* up,
                                         size_t up_stride, uint16_t* y,
                                         size_t y_stride, size_t rows,
                                         size_t cols);
  using HalfForwardPar = actkern_status (*)(
      const actkern_exec* exec, const uint16_t* gate, size_t gate_stride,
      const uint16_t* up, size_t up_stride, uint16_t* y, size_t y_stride,
      size_t rows, size_t cols);
  using HalfBackward = actkern_status (*)(
      const uint16_t* gate, size_t gate_stride, const uint16_t* up,
      size_t up_stride, const uint16_t* dy, size_t dy_stride, uint16_t* d_gate,
      size_t d_gate_stride, uint16_t* d_up, size_t d_up_stride, size_t rows,
      size_t cols);
  using HalfBackwardPar = actkern_status (*)(
      const actkern_exec* exec, const uint16_t* gate, size_t gate_stride,
      const uint16_t* up, size_t up_stride, const uint16_t* dy,
      size_t dy_stride, uint16_t* d_gate, size_t d_gate_stride, uint16_t* d_up,
      size_t d_up_stride, size_t rows, size_t cols);
  HalfForward run_half[2];
  HalfForwardPar run_half_par[2];
  HalfBackward run_half_backward[2];
  HalfBackwardPar run_half_backward_par[2];
};
const std::vector<GatedKernel>& GatedKernels();

const std::vector<UnaryKernel>& UnaryKernels();
const UnaryKernel* FindUnary(const std::string& name);
const std::vector<BackwardKernel>& BackwardKernels();
const BackwardKernel* FindBackward(const std::string& name);
const std::vector<EntryPoint>& EntryPoints();

// True if dx passes the backward kernel's documented bound against ref.
bool BackwardWithinBound(const BackwardKernel& k, float in, float dy, float dx,
                         double ref, double* ulp_out);

// Targets compiled in and supported by this CPU, best first.
std::vector<std::string> RunnableTargets();

}  // namespace catalog
}  // namespace actkern

#endif  // ACTKERN_TOOLS_CATALOG_H_
