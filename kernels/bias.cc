// actkern bias-fused activations (actkern/bias.h): y = act(x + bias) over
// row blocks of kBiasBlock columns, the sum formed in a stack buffer (plain
// IEEE float additions, the same bits on every target) and the activation
// computed by its elementwise entry point from that buffer straight into y.
// One pass over x and y in memory, against two passes (and a temporary the
// size of x) for a bias add followed by the activation. No per-target code
// of its own.
#include "actkern/bias.h"

#include <stddef.h>

#include "actkern/exp.h"
#include "actkern/exp_activations.h"
#include "actkern/gelu.h"
#include "actkern/log_activations.h"
#include "actkern/piecewise.h"
#include "kernels/internal.h"

namespace actkern {
namespace internal {
namespace {

// Columns per block: the sum buffer (2 KiB) stays in L1 beside the
// activation's working set.
constexpr size_t kBiasBlock = 512;

// The activation over n <= kBiasBlock floats, its parameters from an array.
using BiasActivation = actkern_status (*)(const float* x, float* y, size_t n,
                                          const float* params);

actkern_status BiasForward(const actkern_exec* exec, BiasActivation act,
                           const float* params, bool valid, const float* x,
                           size_t xs, const float* bias, float* y, size_t ys,
                           size_t rows, size_t cols) {
  const Operand ops[] = {Input(x, xs, rows, cols),
                         Input(bias, cols, 1, cols, kNoAlias),
                         Output(y, ys, rows, cols)};
  return Enter(valid, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
    RunRowChunks(exec, rows, cols, [&](size_t first, size_t count) {
      alignas(64) float sum[kBiasBlock];
      for (size_t r = first; r < first + count; ++r) {
        const float* in = x + r * xs;
        float* out = y + r * ys;
        for (size_t c = 0; c < cols; c += kBiasBlock) {
          const size_t m = cols - c < kBiasBlock ? cols - c : kBiasBlock;
          for (size_t j = 0; j < m; ++j) sum[j] = in[c + j] + bias[c + j];
          (void)act(sum, out + c, m, params);
        }
      }
    });
    return ACTKERN_OK;
  });
}

}  // namespace
}  // namespace internal
}  // namespace actkern

// "{a, b}": the parameters as an array (one element at least).
#define ACTKERN_KT_BIAS_PARAM_ARRAY_0() \
  { 0.0f }
#define ACTKERN_KT_BIAS_PARAM_ARRAY_1(a) \
  { a }
#define ACTKERN_KT_BIAS_PARAM_ARRAY_2(a, b) \
  { a, b }
#define ACTKERN_KT_BIAS_PARAM_ARRAY(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_BIAS_PARAM_ARRAY_, np) params

#define ACTKERN_KT_BIAS_ENTRY(name, suffix, np, params, valid)                 \
  extern "C" actkern_status actkern_##name##_bias##suffix##_par(               \
      const actkern_exec* exec,                                                \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {               \
    const float p[] = ACTKERN_KT_BIAS_PARAM_ARRAY(np, params);                 \
    return ::actkern::internal::BiasForward(                                   \
        exec,                                                                  \
        [](const float* in, float* out, size_t n,                              \
           [[maybe_unused]] const float* q) {                                  \
          return actkern_##name##suffix(in, out,                               \
                                        n ACTKERN_KT_PARAM_FROM_ARRAY(np, q)); \
        },                                                                     \
        p, static_cast<bool>(valid), x, x_stride, bias, y, y_stride, rows,     \
        cols);                                                                 \
  }                                                                            \
  extern "C" actkern_status actkern_##name##_bias##suffix(                     \
      ACTKERN_KT_BIAS_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {               \
    return actkern_##name##_bias##suffix##_par(                                \
        nullptr, x, x_stride, bias, y, y_stride, rows,                         \
        cols ACTKERN_KT_PARAM_ARGS(np, params));                               \
  }

#define ACTKERN_DEFINE_BIAS(name, Cxx, np, params, defaults, valid, bound,    \
                            props, lo, hi, naive, variants, note, input, abs, \
                            bwd_bound, bwd_naive, measured, bwd_note, fast)   \
  ACTKERN_KT_BIAS_ENTRY(name, _f32, np, params, valid)                        \
  ACTKERN_KT_IF_FAST_##fast(                                                  \
      ACTKERN_KT_BIAS_ENTRY(name, _fast_f32, np, params, valid))

#define ACTKERN_TABLE_ALL
#define ACTKERN_KERNEL ACTKERN_DEFINE_BIAS
#include "actkern/kernel_table.def"
