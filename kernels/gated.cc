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

#include <math.h>
#include <stdint.h>

#include "actkern/exp_activations.h"
#include "actkern/gelu.h"
#include "actkern/piecewise.h"
#include "actkern/reference.h"
#include "kernels/half.h"
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
  // The double references, for the 16-bit forms' exact lanes: act(x) and,
  // for an activation whose backward takes x, dx = act'(x) dy.
  double (*ref)(double x, const float* params);
  double (*ref_backward)(double x, double dy, const float* params);
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

// ------------------------------------------------------------ 16-bit forms
// Blocks of kHalfBlock columns widened exactly to float, the float gated
// arithmetic above, one rounding to the type by NarrowHalf, and the double
// reference for the lanes NarrowHalf reports near a midpoint.
//
// The float bounds the slacks are made from: the activations of the gated
// rows have fast tiers of 4 ULP (reglu's relu is exact) and precise tiers
// and backward kernels of at most 4 ULP (actkern/kernel_table.def), so a
// product act * up is within 2 * 4 + 0.5 float ULP, and d_gate within about
// 4 + 4 + 1 (glu: two sigmoids and two products). A float ULP is 2^-13 of a
// binary16 ULP (2^-16 of a bfloat16 one): the slacks flag a tiny share of
// the lanes.
constexpr int32_t kGatedHalfSlack = HalfSlack(2 * 4.0 + 0.5);
constexpr int32_t kGatedHalfGradSlack = HalfSlack(4.0 + 4.0 + 1.0);

// True if t = dy * up in float is not the exact product (it under- or
// overflowed float: possible for bfloat16, which has float's exponent
// range; a product of two binary16 values is always exact in float).
// Branch-free (the block loops vectorize): a NaN t, or a zero factor, is
// exact; an infinite t is exact only from an infinite factor; a zero or
// subnormal t of nonzero factors lost digits.
inline bool InexactProduct(float t, float d, float u) {
  const float mt = std::fabs(t);
  const bool over = (mt == HUGE_VALF) & (std::fabs(d) != HUGE_VALF) &
                    (std::fabs(u) != HUGE_VALF);
  return (d != 0.0f) & (u != 0.0f) & ((mt < 0x1p-126f) | over);
}

// True if the float product a * v (a = act(gate) from the float kernel, v
// = up or dy) may be off by more than the slack: a subnormal a carries an
// absolute error (B ULP of 2^-149) that a large v scales past it; an a that
// underflowed to 0 loses a product that bfloat16 (float's exponent range)
// could still hold when |v| >= 2^12, and times an infinite v gives NaN where
// the exact act(gate) may be positive (then the product is an infinity).
// Such lanes take the double reference, which also decides an exact zero
// times inf (NaN, as in the float forms). The sign of a zero a is the
// reference's (the activations' 16-bit forms are correctly rounded, zeros
// included), so the zero product's sign is right when it stays.
// Branch-free, so that the loops over a block vectorize.
inline bool TinyFactor(HalfType type, float a, float v) {
  const float v_limit = type == HalfType::kBf16 ? 0x1p12f : HUGE_VALF;
  const float m = std::fabs(a);
  return (m < 0x1p-126f) & ((m != 0.0f) | (std::fabs(v) >= v_limit));
}

// Every NaN of out[0, m) as the type's positive quiet NaN: the sign and
// payload of a NaN made by arithmetic differ between CPUs (x86's default NaN
// is negative, Arm's positive), and the 16-bit gated forms give the same
// bits on every target.
void CanonicalNaNs(HalfType type, uint16_t* out, size_t m) {
  const uint16_t inf = HalfInfBits(type), quiet = HalfQuietNaN(type);
  for (size_t j = 0; j < m; ++j) {
    const uint16_t v = out[j];
    out[j] = (v & 0x7FFF) > inf ? quiet : v;
  }
}

// out[j] = a[j] * v[j] rounded once to the type (a, v floats): the lanes
// near a midpoint and those with a tiny factor from exact(j).
template <class Exact>
void HalfProduct(HalfType type, const float* a, const float* v, float* prod,
                 uint16_t* out, uint16_t* near, size_t m, const Exact& exact) {
  int tiny = 0;
  for (size_t j = 0; j < m; ++j) {
    tiny |= TinyFactor(type, a[j], v[j]);
    prod[j] = a[j] * v[j];
  }
  const size_t k = NarrowHalf(type, prod, out, near, m, kGatedHalfSlack);
  for (size_t i = 0; i < k; ++i) out[near[i]] = exact(near[i]);
  for (size_t j = 0; tiny && j < m; ++j) {
    if (TinyFactor(type, a[j], v[j])) out[j] = exact(j);
  }
  CanonicalNaNs(type, out, m);
}

void GatedForwardRowsHalf(HalfType type, const GatedActivation& act,
                          const float* params, const uint16_t* gate, size_t gs,
                          const uint16_t* up, size_t us, uint16_t* y, size_t ys,
                          size_t first, size_t count, size_t cols) {
  alignas(64) float g[kHalfBlock];
  alignas(64) float u[kHalfBlock];
  alignas(64) float a[kHalfBlock];
  alignas(64) float prod[kHalfBlock];
  uint16_t near[kHalfBlock];
  for (size_t r = first; r < first + count; ++r) {
    for (size_t c = 0; c < cols; c += kHalfBlock) {
      const size_t m = cols - c < kHalfBlock ? cols - c : kHalfBlock;
      WidenHalf(type, gate + r * gs + c, g, m);
      WidenHalf(type, up + r * us + c, u, m);
      (void)act.forward(g, a, m, params);
      // y may be gate or up: both blocks were read.
      HalfProduct(type, a, u, prod, y + r * ys + c, near, m, [&](size_t j) {
        return RoundHalf(type,
                         act.ref(g[j], params) * static_cast<double>(u[j]));
      });
    }
  }
}

// As GatedBackwardRows, per block: act(gate) and t = dy * up in float, d_up
// = dy * act(gate) and d_gate = act'(gate) t, each rounded once to the type,
// the lanes near a midpoint (and d_gate's lanes whose t is inexact) from the
// double references. Outputs are written after the block's inputs are read
// (widened), so the aliases of GatedBackward hold.
void GatedBackwardRowsHalf(HalfType type, const GatedActivation& act,
                           const float* params, const uint16_t* gate, size_t gs,
                           const uint16_t* up, size_t us, const uint16_t* dy,
                           size_t dys, uint16_t* d_gate, size_t dgs,
                           uint16_t* d_up, size_t dus, size_t first,
                           size_t count, size_t cols) {
  alignas(64) float g[kHalfBlock];
  alignas(64) float u[kHalfBlock];
  alignas(64) float d[kHalfBlock];
  alignas(64) float a[kHalfBlock];
  alignas(64) float t[kHalfBlock];
  alignas(64) float b[kHalfBlock];
  uint16_t near[kHalfBlock];
  uint8_t flag[kHalfBlock];  // lanes of d_gate for the double reference
  for (size_t r = first; r < first + count; ++r) {
    for (size_t c = 0; c < cols; c += kHalfBlock) {
      const size_t m = cols - c < kHalfBlock ? cols - c : kHalfBlock;
      WidenHalf(type, gate + r * gs + c, g, m);
      WidenHalf(type, up + r * us + c, u, m);
      WidenHalf(type, dy + r * dys + c, d, m);
      (void)act.forward(g, a, m, params);
      for (size_t j = 0; j < m; ++j) t[j] = d[j] * u[j];
      // d_gate in float into b. The sigmoid form's act(gate) and act(-gate)
      // are factors as in TinyFactor: a subnormal one (|gate| above about
      // 87) scaled by a large t may be off by more than the slack, so those
      // lanes are flagged for the exact d_gate.
      if (act.takes_y) {
        for (size_t j = 0; j < m; ++j) b[j] = -g[j];
        (void)act.forward(b, b, m, params);
        for (size_t j = 0; j < m; ++j) {
          flag[j] = TinyFactor(type, a[j], t[j]) | TinyFactor(type, b[j], t[j]);
          b[j] = (t[j] * a[j]) * b[j];
        }
      } else {
        (void)act.backward(g, t, b, m, params);
        for (size_t j = 0; j < m; ++j) flag[j] = 0;
      }
      uint16_t* du = d_up + r * dus + c;
      uint16_t* dg = d_gate + r * dgs + c;
      // The exact d_gate: dy * up is exact in double.
      auto exact_d_gate = [&](size_t j) {
        const double tj = static_cast<double>(d[j]) * static_cast<double>(u[j]);
        if (act.takes_y) {
          return RoundHalf(type,
                           (tj * act.ref(g[j], params)) *
                               act.ref(-static_cast<double>(g[j]), params));
        }
        return RoundHalf(type, act.ref_backward(g[j], tj, params));
      };
      const size_t k = NarrowHalf(type, b, dg, near, m, kGatedHalfGradSlack);
      for (size_t i = 0; i < k; ++i) dg[near[i]] = exact_d_gate(near[i]);
      // Also from the reference: a zero float d_gate of a nonzero t (it may
      // have lost a tiny product, and its sign, to underflow), a NaN one of
      // an infinite t (an underflowed act'(gate) times inf), an inexact t.
      int any = 0;
      for (size_t j = 0; j < m; ++j) {
        const bool lost = ((b[j] == 0.0f) & (t[j] != 0.0f)) |
                          ((b[j] != b[j]) & (std::fabs(t[j]) == HUGE_VALF));
        flag[j] |= lost | InexactProduct(t[j], d[j], u[j]);
        any |= flag[j];
      }
      for (size_t j = 0; any && j < m; ++j) {
        if (flag[j]) dg[j] = exact_d_gate(j);
      }
      CanonicalNaNs(type, dg, m);
      // d_up = dy act(gate), b free again.
      HalfProduct(type, a, d, b, du, near, m, [&](size_t j) {
        return RoundHalf(type,
                         act.ref(g[j], params) * static_cast<double>(d[j]));
      });
    }
  }
}

actkern_status GatedForwardHalf(const actkern_exec* exec, HalfType type,
                                const GatedActivation& act, const float* params,
                                bool valid, const uint16_t* gate, size_t gs,
                                const uint16_t* up, size_t us, uint16_t* y,
                                size_t ys, size_t rows, size_t cols) {
  const Operand ops[] = {Input(gate, gs, rows, cols, kAliasGroup, 2),
                         Input(up, us, rows, cols, kAliasGroup, 2),
                         Output(y, ys, rows, cols, kAliasGroup, 2)};
  return Enter(valid, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
    RunRowChunks(exec, rows, cols, [&](size_t first, size_t count) {
      GatedForwardRowsHalf(type, act, params, gate, gs, up, us, y, ys, first,
                           count, cols);
    });
    return ACTKERN_OK;
  });
}

actkern_status GatedBackwardHalf(const actkern_exec* exec, HalfType type,
                                 const GatedActivation& act,
                                 const float* params, bool valid,
                                 const uint16_t* gate, size_t gs,
                                 const uint16_t* up, size_t us,
                                 const uint16_t* dy, size_t dys,
                                 uint16_t* d_gate, size_t dgs, uint16_t* d_up,
                                 size_t dus, size_t rows, size_t cols) {
  const Operand ops[] = {Input(gate, gs, rows, cols, kGateGroup, 2),
                         Input(up, us, rows, cols, kUpGroup, 2),
                         Input(dy, dys, rows, cols, kUpGroup, 2),
                         Output(d_gate, dgs, rows, cols, kGateGroup, 2),
                         Output(d_up, dus, rows, cols, kUpGroup, 2)};
  return Enter(valid, rows == 0 || cols == 0, ops, [&]() -> actkern_status {
    RunRowChunks(exec, rows, cols, [&](size_t first, size_t count) {
      GatedBackwardRowsHalf(type, act, params, gate, gs, up, us, dy, dys,
                            d_gate, dgs, d_up, dus, first, count, cols);
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
        ACTKERN_KT_GATED_TAKES_Y_##input,                                     \
        [](double x, [[maybe_unused]] const float* p) {                       \
          return actkern_ref_##act(x ACTKERN_KT_PARAM_FROM_ARRAY(np, p));     \
        },                                                                    \
        ACTKERN_KT_GATED_REF_BACKWARD_##input(act, np)                        \
  }

// The activation's double backward reference where it takes x; where it
// takes y (sigmoid) the 16-bit backward forms d_gate from act itself.
#define ACTKERN_KT_GATED_REF_BACKWARD_X(act, np)             \
  [](double x, double dy, [[maybe_unused]] const float* p) { \
    return actkern_ref_##act##_backward(                     \
        x, dy ACTKERN_KT_PARAM_FROM_ARRAY(np, p));           \
  }
#define ACTKERN_KT_GATED_REF_BACKWARD_Y(act, np) nullptr

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

// One 16-bit type's entry points of a row: the forward on the activation's
// fast tier (its precise one for reglu), the backward on the precise one, as
// the float forms.
#define ACTKERN_KT_GATED_HALF(name, act, fwd_suffix, T, suffix, htype, np,    \
                              params, valid, input)                           \
  extern "C" actkern_status actkern_##name##_##suffix##_par(                  \
      const actkern_exec* exec,                                               \
      ACTKERN_KT_GATED_HALF_FWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)) { \
    static constexpr ::actkern::internal::GatedActivation kAct =              \
        ACTKERN_KT_GATED_ACTIVATION(act, fwd_suffix, np, input);              \
    const float p[] = ACTKERN_KT_GATED_PARAM_ARRAY(np, params);               \
    return ::actkern::internal::GatedForwardHalf(                             \
        exec, ::actkern::internal::HalfType::htype, kAct, p,                  \
        static_cast<bool>(valid), gate, gate_stride, up, up_stride, y,        \
        y_stride, rows, cols);                                                \
  }                                                                           \
  extern "C" actkern_status actkern_##name##_##suffix(                        \
      ACTKERN_KT_GATED_HALF_FWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)) { \
    return actkern_##name##_##suffix##_par(                                   \
        nullptr, gate, gate_stride, up, up_stride, y, y_stride, rows,         \
        cols ACTKERN_KT_PARAM_ARGS(np, params));                              \
  }                                                                           \
  extern "C" actkern_status actkern_##name##_backward_##suffix##_par(         \
      const actkern_exec* exec,                                               \
      ACTKERN_KT_GATED_HALF_BWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)) { \
    static constexpr ::actkern::internal::GatedActivation kAct =              \
        ACTKERN_KT_GATED_ACTIVATION(act, _f32, np, input);                    \
    const float p[] = ACTKERN_KT_GATED_PARAM_ARRAY(np, params);               \
    return ::actkern::internal::GatedBackwardHalf(                            \
        exec, ::actkern::internal::HalfType::htype, kAct, p,                  \
        static_cast<bool>(valid), gate, gate_stride, up, up_stride, dy,       \
        dy_stride, d_gate, d_gate_stride, d_up, d_up_stride, rows, cols);     \
  }                                                                           \
  extern "C" actkern_status actkern_##name##_backward_##suffix(               \
      ACTKERN_KT_GATED_HALF_BWD_ARGS(T) ACTKERN_KT_PARAM_DECLS(np, params)) { \
    return actkern_##name##_backward_##suffix##_par(                          \
        nullptr, gate, gate_stride, up, up_stride, dy, dy_stride, d_gate,     \
        d_gate_stride, d_up, d_up_stride, rows,                               \
        cols ACTKERN_KT_PARAM_ARGS(np, params));                              \
  }
#define ACTKERN_KT_GATED_FWD_SUFFIX_FAST _fast_f32
#define ACTKERN_KT_GATED_FWD_SUFFIX_NONE _f32
#define ACTKERN_KT_GATED_HALF_BOTH(name, act, fwd_suffix, np, params, valid,  \
                                   input)                                     \
  ACTKERN_KT_GATED_HALF(name, act, fwd_suffix, actkern_bf16, bf16, kBf16, np, \
                        params, valid, input)                                 \
  ACTKERN_KT_GATED_HALF(name, act, fwd_suffix, actkern_f16, f16, kF16, np,    \
                        params, valid, input)
#define ACTKERN_KT_GATED_HALF_BOTH_I(name, act, fwd_suffix, np, params, valid, \
                                     input)                                    \
  ACTKERN_KT_GATED_HALF_BOTH(name, act, fwd_suffix, np, params, valid, input)

#define ACTKERN_DEFINE_GATED(name, Cxx, act, np, params, defaults, valid,      \
                             input, fast)                                      \
  ACTKERN_KT_GATED_HALF_BOTH_I(name, act, ACTKERN_KT_GATED_FWD_SUFFIX_##fast,  \
                               np, params, valid, input)                       \
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
