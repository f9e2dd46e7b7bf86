// Fuzzes the gated activations (actkern/gated.h), float and 16-bit, forward
// and backward: bytes -> (row, target, type, layout, rows, cols, values).
// Checks the documented semantics, not just "no crash":
//  - float forward: y = fl(act(gate) * up), act the activation's own
//    elementwise kernel (precise or fast tier), bit for bit;
//  - float backward: d_up = fl(dy * act(gate)) and d_gate the activation's
//    backward kernel on fl(dy * up) (GLU: (t * sigmoid(g)) * sigmoid(-g)),
//    bit for bit;
//  - 16-bit forward and d_up: the double reference correctly rounded to the
//    type (any NaN for a NaN reference); 16-bit d_gate within 1 ULP of the
//    type (NaN for a NaN reference);
//  - both layouts (separate gate and up with gaps after each output row, and
//    F.glu's one tensor [up | gate]) and in place (y over gate or up; d_gate
//    over gate, d_up over up); nothing in the gaps is written.
//
// Layout: [row][target][flags: bits 0-1 type (0 precise, 1 fast, 2 bf16,
//         3 f16), bits 2-3 layout (0 separate, 1 one tensor, 2 y = gate,
//         3 y = up), bit 4 backward, bits 5-6 rows - 1][cols - 1]
//         [values: gate, up, dy as floats or 16-bit patterns...]
#include <vector>

#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

namespace fz = actkern::fuzz;
namespace cat = actkern::catalog;

namespace {

constexpr uint32_t kCanary = 0x7FA5A5A5u;  // a NaN pattern no kernel writes
constexpr uint16_t kCanary16 = 0x5A5A;

// The operands of one call: gate, up, dy, and the outputs, each rows x cols
// with its own stride, in separate vectors or one shared one (in place and
// the one-tensor layout).
template <class T>
struct Operands {
  std::vector<T> gate, up, dy, out, out2;  // out2: d_up (backward)
  T *g = nullptr, *u = nullptr, *d = nullptr, *y = nullptr, *y2 = nullptr;
  size_t gs = 0, us = 0, ds = 0, ys = 0, y2s = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& rows_table = cat::GatedKernels();
  if (rows_table.empty() || size < 4) return 0;
  fz::Bytes in(data, size);
  const fz::Header h = fz::ReadHeader(in, rows_table.size());
  const cat::GatedKernel& k = rows_table[h.kernel];
  const int type = h.flags & 3;
  const int layout = (h.flags >> 2) & 3;
  const bool backward = (h.flags & 16) != 0;
  const size_t rows = 1 + ((h.flags >> 5) & 3);
  const size_t cols = 1 + in.U8() % 160;
  const size_t n = rows * cols;
  const cat::UnaryKernel* act = cat::FindUnary(k.activation);
  const cat::UnaryKernel* act_fast =
      k.activation_fast.empty() ? nullptr : cat::FindUnary(k.activation_fast);
  const cat::BackwardKernel* bwd =
      cat::FindBackward(k.activation + "_backward");
  FUZZ_CHECK(act != nullptr && bwd != nullptr, "%s", k.name.c_str());
  const bool fast = type == 1 && k.run_fast != nullptr;

  if (type <= 1) {
    // ---------------------------------------------------------------- float
    std::vector<float> g(n), u(n), d(n);
    for (size_t i = 0; i < n; ++i) g[i] = in.F32();
    for (size_t i = 0; i < n; ++i) u[i] = in.F32();
    for (size_t i = 0; i < n; ++i) d[i] = in.F32();
    // Expected values from the activation's own kernels, row by row.
    std::vector<float> a(n), t(n), want(n), want2(n), s(n);
    const cat::UnaryKernel* fwd_act = fast && !backward ? act_fast : act;
    FUZZ_CHECK(fwd_act->run(g.data(), a.data(), n) == ACTKERN_OK, "act");
    if (!backward) {
      for (size_t i = 0; i < n; ++i) want[i] = a[i] * u[i];
    } else {
      for (size_t i = 0; i < n; ++i) t[i] = d[i] * u[i];
      for (size_t i = 0; i < n; ++i) want2[i] = d[i] * a[i];  // d_up
      if (bwd->takes_y) {
        for (size_t i = 0; i < n; ++i) s[i] = -g[i];
        FUZZ_CHECK(act->run(s.data(), s.data(), n) == ACTKERN_OK, "act");
        for (size_t i = 0; i < n; ++i) want[i] = (t[i] * a[i]) * s[i];
      } else {
        FUZZ_CHECK(bwd->run(g.data(), t.data(), want.data(), n) == ACTKERN_OK,
                   "bwd");
      }
    }
    // Lay out the operands.
    const size_t gap = 3, os = cols + gap;
    std::vector<float> x, y(rows * os, fz::FromBits(kCanary)),
        y2(rows * os, fz::FromBits(kCanary));
    const float *gp, *up;
    size_t gs, us;
    float* yp = y.data();
    size_t ys = os;
    std::vector<float> gi = g, ui = u;  // in-place copies
    if (layout == 1) {                  // one tensor [up | gate]
      x.resize(rows * 2 * cols);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols; ++c) {
          x[r * 2 * cols + c] = u[r * cols + c];
          x[r * 2 * cols + cols + c] = g[r * cols + c];
        }
      }
      up = x.data();
      gp = x.data() + cols;
      gs = us = 2 * cols;
    } else {
      gp = gi.data();
      up = ui.data();
      gs = us = cols;
      if (layout == 2 && !backward) yp = gi.data(), ys = cols;
      if (layout == 3 && !backward) yp = ui.data(), ys = cols;
    }
    if (!backward) {
      const auto run = fast ? k.run_fast : k.run;
      FUZZ_CHECK(run(gp, gs, up, us, yp, ys, rows, cols) == ACTKERN_OK,
                 "%s rows=%zu cols=%zu", k.name.c_str(), rows, cols);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < ys; ++c) {
          const float got = yp[r * ys + c];
          if (c < cols) {
            FUZZ_CHECK(fz::Same(got, want[r * cols + c]),
                       "%s%s (%zu,%zu): 0x%08x, want 0x%08x on %s",
                       k.name.c_str(), fast ? " fast" : "", r, c, fz::Bits(got),
                       fz::Bits(want[r * cols + c]), h.target->c_str());
          } else {
            FUZZ_CHECK(fz::Bits(got) == kCanary, "%s wrote a gap",
                       k.name.c_str());
          }
        }
      }
      return 0;
    }
    // Backward: d_gate over gate and d_up over up for layouts 2-3.
    float* dg = y.data();
    float* du = y2.data();
    size_t dgs = os, dus = os;
    if (layout >= 2) dg = gi.data(), du = ui.data(), dgs = dus = cols;
    FUZZ_CHECK(k.run_backward(gp, gs, up, us, d.data(), cols, dg, dgs, du, dus,
                              rows, cols) == ACTKERN_OK,
               "%s backward", k.name.c_str());
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        const size_t i = r * cols + c;
        FUZZ_CHECK(fz::Same(dg[r * dgs + c], want[i]),
                   "%s d_gate (%zu,%zu): 0x%08x, want 0x%08x on %s",
                   k.name.c_str(), r, c, fz::Bits(dg[r * dgs + c]),
                   fz::Bits(want[i]), h.target->c_str());
        FUZZ_CHECK(fz::Same(du[r * dus + c], want2[i]),
                   "%s d_up (%zu,%zu): 0x%08x, want 0x%08x on %s",
                   k.name.c_str(), r, c, fz::Bits(du[r * dus + c]),
                   fz::Bits(want2[i]), h.target->c_str());
      }
      for (size_t c = cols; layout < 2 && c < os; ++c) {
        FUZZ_CHECK(fz::Bits(y[r * os + c]) == kCanary &&
                       fz::Bits(y2[r * os + c]) == kCanary,
                   "%s backward wrote a gap", k.name.c_str());
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------ 16-bit
  const int kind = type == 2 ? cat::kBf16 : cat::kF16;
  auto read16 = [&] {
    const uint16_t lo = in.U8();
    return static_cast<uint16_t>(lo | (in.U8() << 8));
  };
  std::vector<uint16_t> g(n), u(n), d(n);
  for (auto& v : g) v = read16();
  for (auto& v : u) v = read16();
  for (auto& v : d) v = read16();
  auto ref_act = [&](uint16_t x) {
    return act->reference(fz::Widen16(kind, x));
  };
  const size_t gap = 3, os = cols + gap;
  std::vector<uint16_t> x, y(rows * os, kCanary16), y2(rows * os, kCanary16);
  std::vector<uint16_t> gi = g, ui = u;
  const uint16_t *gp = gi.data(), *up = ui.data();
  size_t gs = cols, us = cols;
  if (layout == 1) {
    x.resize(rows * 2 * cols);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        x[r * 2 * cols + c] = u[r * cols + c];
        x[r * 2 * cols + cols + c] = g[r * cols + c];
      }
    }
    up = x.data();
    gp = x.data() + cols;
    gs = us = 2 * cols;
  }
  const char* tn = cat::HalfName(kind);
  if (!backward) {
    uint16_t* yp = y.data();
    size_t ys = os;
    if (layout == 2) yp = gi.data(), ys = cols;
    if (layout == 3) yp = ui.data(), ys = cols;
    FUZZ_CHECK(
        k.run_half[kind](gp, gs, up, us, yp, ys, rows, cols) == ACTKERN_OK,
        "%s %s", k.name.c_str(), tn);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < ys; ++c) {
        const uint16_t got = yp[r * ys + c];
        if (c >= cols) {
          FUZZ_CHECK(got == kCanary16, "%s %s wrote a gap", k.name.c_str(), tn);
          continue;
        }
        const size_t i = r * cols + c;
        const uint16_t want = fz::Round16(
            kind, ref_act(g[i]) * static_cast<double>(fz::Widen16(kind, u[i])));
        FUZZ_CHECK(fz::Same16(kind, got, want),
                   "%s %s(0x%04x, 0x%04x) = 0x%04x, correctly rounded 0x%04x "
                   "on %s",
                   k.name.c_str(), tn, g[i], u[i], got, want,
                   h.target->c_str());
      }
    }
    return 0;
  }
  uint16_t* dg = y.data();
  uint16_t* du = y2.data();
  size_t dgs = os, dus = os;
  if (layout >= 2) dg = gi.data(), du = ui.data(), dgs = dus = cols;
  FUZZ_CHECK(k.run_half_backward[kind](gp, gs, up, us, d.data(), cols, dg, dgs,
                                       du, dus, rows, cols) == ACTKERN_OK,
             "%s %s backward", k.name.c_str(), tn);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const size_t i = r * cols + c;
      const double gd = fz::Widen16(kind, g[i]);
      const double dd = fz::Widen16(kind, d[i]);
      const double tu = dd * static_cast<double>(fz::Widen16(kind, u[i]));
      const uint16_t want_up = fz::Round16(kind, ref_act(g[i]) * dd);
      FUZZ_CHECK(fz::Same16(kind, du[r * dus + c], want_up),
                 "%s %s d_up (0x%04x, 0x%04x): 0x%04x, correctly rounded "
                 "0x%04x on %s",
                 k.name.c_str(), tn, g[i], d[i], du[r * dus + c], want_up,
                 h.target->c_str());
      const double rg = bwd->takes_y
                            ? (tu * act->reference(gd)) * act->reference(-gd)
                            : bwd->reference(gd, tu);
      const uint16_t got = dg[r * dgs + c];
      if (std::isnan(rg)) {
        FUZZ_CHECK(fz::IsNan16(kind, got), "%s %s d_gate: NaN expected",
                   k.name.c_str(), tn);
        continue;
      }
      const double e = kind == cat::kBf16 ? actkern_ulp_error_bf16(got, rg)
                                          : actkern_ulp_error_f16(got, rg);
      FUZZ_CHECK(e <= 1.0,
                 "%s %s d_gate (0x%04x, 0x%04x, 0x%04x): 0x%04x is %g ULP "
                 "from %g on %s",
                 k.name.c_str(), tn, g[i], u[i], d[i], got, e, rg,
                 h.target->c_str());
    }
    for (size_t c = cols; layout < 2 && c < os; ++c) {
      FUZZ_CHECK(y[r * os + c] == kCanary16 && y2[r * os + c] == kCanary16,
                 "%s %s backward wrote a gap", k.name.c_str(), tn);
    }
  }
  return 0;
}
