// actkern gated activations (actkern/gated.h): y = act(gate) * up over row
// blocks of kGatedBlock columns, the activation computed by its elementwise
// kernel (its dispatched entry point, so every target's code and bits) into
// a stack buffer, the product formed while the block is in L1. One pass over
// each operand in memory, against two passes (and a temporary the size of
// the input) for the activation followed by a multiply. No per-target code
// of its own: the products are plain IEEE multiplications, the same bits on
// every target.
#include "actkern/gated.h"

#include <stddef.h>

#include "actkern/exp_activations.h"
#include "actkern/gelu.h"
#include "actkern/piecewise.h"
#include "kernels/internal.h"

namespace actkern {
namespace internal {
namespace {

// Columns per block: three float buffers of this size (6 KiB) stay in L1,
// and the per-block calls of the activation's entry point cost little
// against 512 elements of work.
constexpr size_t kGatedBlock = 512;

// The activation of a row: forward (x -> y, n <= kGatedBlock), backward
// (in, dy -> dx; `in` is x, or the forward output when takes_y), with the
// row's parameters bound by the caller.
struct GatedActivation {
  actkern_status (*forward)(const float* x, float* y, size_t n,
                            const float* params);
  actkern_status (*backward)(const float* in, const float* dy, float* dx,
                             size_t n, const float* params);
  bool takes_y;
};

// Rows [first, first + count) of a validated forward call.
void GatedForwardRows(const GatedActivation& act, const float* params,
                      const float* gate, size_t gs, const float* up, size_t us,
                      float* y, size_t ys, size_t first, size_t count,
                      size_t cols) {
  alignas(64) float a[kGatedBlock];
  for (size_t r = first; r < first + count; ++r) {
    const float* g = gate + r * gs;
    const float* u = up + r * us;
    float* out = y + r * ys;
    for (size_t c = 0; c < cols; c += kGatedBlock) {
      const size_t m = cols - c < kGatedBlock ? cols - c : kGatedBlock;
      (void)act.forward(g + c, a, m, params);
      for (size_t j = 0; j < m; ++j) out[c + j] = a[j] * u[c + j];
    }
  }
}

// Rows [first, first + count) of a validated backward call. Order within a
// block: act(gate) and dy * up first, then d_up (which may be up or dy),
// then d_gate (which may be gate). An activation whose backward kernel takes
// its output (sigmoid: y (1 - y)) would lose the derivative's relative
// accuracy where 1 - y cancels (|gate| above about 8: the rounding of y is
// then a large part of 1 - y); the gated form instead multiplies by
// sigmoid(-gate), computed as accurately as sigmoid(gate): d_gate =
// (dy up) sigmoid(gate) sigmoid(-gate).
void GatedBackwardRows(const GatedActivation& act, const float* params,
                       const float* gate, size_t gs, const float* up, size_t us,
                       const float* dy, size_t dys, float* d_gate, size_t dgs,
                       float* d_up, size_t dus, size_t first, size_t count,
                       size_t cols) {
  alignas(64) float a[kGatedBlock];
  alignas(64) float t[kGatedBlock];
  alignas(64) float b[kGatedBlock];
  for (size_t r = first; r < first + count; ++r) {
    const float* g = gate + r * gs;
    const float* u = up + r * us;
    const float* d = dy + r * dys;
    float* dg = d_gate + r * dgs;
    float* du = d_up + r * dus;
    for (size_t c = 0; c < cols; c += kGatedBlock) {
      const size_t m = cols - c < kGatedBlock ? cols - c : kGatedBlock;
      (void)act.forward(g + c, a, m, params);
      for (size_t j = 0; j < m; ++j) t[j] = d[c + j] * u[c + j];
      for (size_t j = 0; j < m; ++j) du[c + j] = d[c + j] * a[j];
      if (act.takes_y) {
        for (size_t j = 0; j < m; ++j) b[j] = -g[c + j];
        (void)act.forward(b, b, m, params);
        for (size_t j = 0; j < m; ++j) dg[c + j] = (t[j] * a[j]) * b[j];
      } else {
        (void)act.backward(g + c, t, dg + c, m, params);
      }
    }
  }
}

actkern_status GatedForward(const actkern_exec* exec,
                            const GatedActivation& act, const float* params,
                            bool valid, const float* gate, size_t gs,
                            const float* up, size_t us, float* y, size_t ys,
                            size_t rows, size_t cols) {
  const Operand ops[] = {Input(gate, gs, rows, cols), Input(up, us, rows, cols),
                         Output(y, ys, rows, cols)};
  return Enter(valid, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
    RunRowChunks(exec, rows, cols, [&](size_t first, size_t count) {
      GatedForwardRows(act, params, gate, gs, up, us, y, ys, first, count,
                       cols);
    });
    return ACTKERN_OK;
  });
}

constexpr int kGateGroup = 1;
constexpr int kUpGroup = 2;

actkern_status GatedBackward(const actkern_exec* exec,
                             const GatedActivation& act, const float* params,
                             bool valid, const float* gate, size_t gs,
                             const float* up, size_t us, const float* dy,
                             size_t dys, float* d_gate, size_t dgs, float* d_up,
                             size_t dus, size_t rows, size_t cols) {
  const Operand ops[] = {Input(gate, gs, rows, cols, kGateGroup),
                         Input(up, us, rows, cols, kUpGroup),
                         Input(dy, dys, rows, cols, kUpGroup),
                         Output(d_gate, dgs, rows, cols, kGateGroup),
                         Output(d_up, dus, rows, cols, kUpGroup)};
  return Enter(valid, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
    RunRowChunks(exec, rows, cols, [&](size_t first, size_t count) {
      GatedBackwardRows(act, params, gate, gs, up, us, dy, dys, d_gate, dgs,
                        d_up, dus, first, count, cols);
    });
    return ACTKERN_OK;
  });
}

}  // namespace
}  // namespace internal
}  // namespace actkern

// ------------------------------------------------------------ entry points
#define ACTKERN_KT_GATED_TAKES_Y_X false
#define ACTKERN_KT_GATED_TAKES_Y_Y true

// The activation's entry points, parameters from an array.
#define ACTKERN_KT_GATED_ACTIVATION(act, suffix, np, input)                   \
  ::actkern::internal::GatedActivation {                                      \
    [](const float* x, float* y, size_t n, [[maybe_unused]] const float* p) { \
      return actkern_##act##suffix(x, y,                                      \
                                   n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));     \
    },                                                                        \
        [](const float* in, const float* dy, float* dx, size_t n,             \
           [[maybe_unused]] const float* p) {                                 \
          return actkern_##act##_backward_f32(                                \
              in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));              \
        },                                                                    \
        ACTKERN_KT_GATED_TAKES_Y_##input                                      \
  }

// "{a, b}": the parameters as an array (one element at least).
#define ACTKERN_KT_GATED_PARAM_ARRAY_0() \
  { 0.0f }
#define ACTKERN_KT_GATED_PARAM_ARRAY_1(a) \
  { a }
#define ACTKERN_KT_GATED_PARAM_ARRAY_2(a, b) \
  { a, b }
#define ACTKERN_KT_GATED_PARAM_ARRAY(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_GATED_PARAM_ARRAY_, np) params

#define ACTKERN_KT_GATED_FORWARD(cname, act, suffix, np, params, valid, input) \
  extern "C" actkern_status cname##_par(                                       \
      const actkern_exec* exec,                                                \
      ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {          \
    static constexpr ::actkern::internal::GatedActivation kAct =               \
        ACTKERN_KT_GATED_ACTIVATION(act, suffix, np, input);                   \
    const float p[] = ACTKERN_KT_GATED_PARAM_ARRAY(np, params);                \
    return ::actkern::internal::GatedForward(                                  \
        exec, kAct, p, static_cast<bool>(valid), gate, gate_stride, up,        \
        up_stride, y, y_stride, rows, cols);                                   \
  }                                                                            \
  extern "C" actkern_status cname(                                             \
      ACTKERN_KT_GATED_FWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {          \
    return cname##_par(nullptr, gate, gate_stride, up, up_stride, y, y_stride, \
                       rows, cols ACTKERN_KT_PARAM_ARGS(np, params));          \
  }

#define ACTKERN_DEFINE_GATED(name, Cxx, act, np, params, defaults, valid,      \
                             input, fast)                                      \
  ACTKERN_KT_GATED_FORWARD(actkern_##name##_f32, act, _f32, np, params, valid, \
                           input)                                              \
  ACTKERN_KT_IF_GATED_FAST_##fast(ACTKERN_KT_GATED_FORWARD(                    \
      actkern_##name##_fast_f32, act, _fast_f32, np, params, valid,            \
      input)) extern "C" actkern_status                                        \
      actkern_##name##_backward_f32_par(                                       \
          const actkern_exec* exec,                                            \
          ACTKERN_KT_GATED_BWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {      \
    static constexpr ::actkern::internal::GatedActivation kAct =               \
        ACTKERN_KT_GATED_ACTIVATION(act, _f32, np, input);                     \
    const float p[] = ACTKERN_KT_GATED_PARAM_ARRAY(np, params);                \
    return ::actkern::internal::GatedBackward(                                 \
        exec, kAct, p, static_cast<bool>(valid), gate, gate_stride, up,        \
        up_stride, dy, dy_stride, d_gate, d_gate_stride, d_up, d_up_stride,    \
        rows, cols);                                                           \
  }                                                                            \
  extern "C" actkern_status actkern_##name##_backward_f32(                     \
      ACTKERN_KT_GATED_BWD_ARGS ACTKERN_KT_PARAM_DECLS(np, params)) {          \
    return actkern_##name##_backward_f32_par(                                  \
        nullptr, gate, gate_stride, up, up_stride, dy, dy_stride, d_gate,      \
        d_gate_stride, d_up, d_up_stride, rows,                                \
        cols ACTKERN_KT_PARAM_ARGS(np, params));                               \
  }

#define ACTKERN_TABLE_GATED
#define ACTKERN_GATED ACTKERN_DEFINE_GATED
#include "actkern/kernel_table.def"
