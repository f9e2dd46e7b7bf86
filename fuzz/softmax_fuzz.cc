// Fuzzes the softmax family: bytes -> (operation, target, rows, cols, row
// strides, scale, in-place mode, labels, logits as raw float bit patterns,
// so NaN, +-inf, subnormals and +-3e38 all occur). Checks against the double
// references of actkern/reference.h and the documented contract
// (actkern/softmax.h, README):
//  - softmax / log_softmax: status; every output within 2 ULP of the
//    reference (which carries the NaN-row, +inf-limit and all -inf rules);
//    in place gives the same bits; a bad scale (0, inf, NaN) is
//    INVALID_ARGUMENT with nothing written;
//  - cross-entropy, hard and soft labels: loss within 2 ULP, gradient within
//    2 ULP or 2^-21 absolute; ignored rows give 0 and a zero gradient row; a
//    label out of range is LABEL_OUT_OF_RANGE with nothing written;
//  - softmax_backward / log_softmax_backward, with y from the forward kernel
//    and dy in [-128, 128]: the README's bounds (4 ULP, or the absolute terms
//    near cancellation);
//  - always: the stride gaps between rows and the element after the last row
//    keep their canaries.
// The forward and cross-entropy operations run in either tier (the op byte
// / 6, odd: the _fast_f32 entry points, checked against the fast tier's
// 4 ULP instead of 2). For softmax / log_softmax, flags bits 4-5 pick
// instead:
//  - 1: the masked form with per-row lengths (label byte % (cols + 1); a
//    first label byte of 255 makes the last length cols + 1, which must be
//    LENGTH_OUT_OF_RANGE with nothing written);
//  - 2: the masked form, causal, offset from the first label byte (-8..7),
//    with lengths when flags bit 6 is set;
//  - masked rows: each row's valid prefix within the tier's bound of the
//    reference on that prefix, the rest exactly +0 / -inf;
//  - 3: logsumexp of each row: within 1.5 ULP of the reference (2^-50
//    absolute where |lse| < 2^-28), nothing written past the rows.
// With bits 4-5 clear and flags bit 7 set, the 16-bit form instead (bf16, or
// f16 when the first label byte is odd): the logits rounded to the type,
// every output within 0.51 ULP of the type against the reference of the
// widened logits, gaps untouched. For hard-label cross-entropy, flags bit 7
// picks the 16-bit form (f16 when bit 6 is set): loss within 4 float ULP,
// gradient within 0.51 ULP of the type (plus the smoothing cancellation
// term), the label rules and gaps as in float.
//
// Layout: [op][target][rows][cols lo][cols hi][strides][flags][scale bits x4]
//         [per row: label byte][logit bits x4 ...][dy / target bytes ...]
#include <algorithm>
#include <cmath>
#include <vector>

#include "actkern/actkern.h"
#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

using actkern::fuzz::Bits;
using actkern::fuzz::Bytes;
using actkern::fuzz::Same;

namespace {

constexpr float kCanary = -4321.0f;

// A rows x stride matrix with canaries in the gaps and one past the end.
struct Matrix {
  size_t rows, cols, stride;
  std::vector<float> v;
  Matrix(size_t r, size_t c, size_t s)
      : rows(r), cols(c), stride(s), v(r * s + 1, kCanary) {}
  float* Row(size_t r) { return v.data() + r * stride; }
  bool CanariesIntact() const {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = cols; c < stride; ++c) {
        if (Bits(v[r * stride + c]) != Bits(kCanary)) return false;
      }
    }
    return Bits(v.back()) == Bits(kCanary);
  }
};

bool Untouched(const std::vector<float>& v) {
  for (float f : v) {
    if (Bits(f) != Bits(kCanary)) return false;
  }
  return true;
}

// 2 ULP, or (gradients) an absolute bound.
bool Near(float got, double ref, double ulp_bound, double abs_bound) {
  if (std::isnan(ref)) return std::isnan(got);
  if (actkern_ulp_error(got, ref) <= ulp_bound) return true;
  return std::fabs(static_cast<double>(got) - ref) <= abs_bound;
}

// m's elements rounded to bf16 (or f16), the same layout, canaries in the
// gaps.
std::vector<uint16_t> ToHalf(const Matrix& m, bool f16, uint16_t canary) {
  std::vector<uint16_t> h(m.rows * m.stride, canary);
  for (size_t r = 0; r < m.rows; ++r) {
    for (size_t c = 0; c < m.cols; ++c) {
      const float v = m.v[r * m.stride + c];
      h[r * m.stride + c] =
          f16 ? actkern_f16_from_double(v) : actkern_bf16_from_double(v);
    }
  }
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> targets =
      actkern::catalog::RunnableTargets();
  if (size < 8) return 0;
  Bytes in(data, size);
  const uint8_t op_byte = in.U8();
  const int op = op_byte % 6;
  const bool fast = ((op_byte / 6) & 1) != 0;
  const double fwd_ulp = fast ? 4.0 : 2.0;  // the tier's bound
  const std::string& target = targets[in.U8() % targets.size()];
  const size_t rows = 1 + in.U8() % 4;
  const size_t cols = 1 + (in.U8() | (in.U8() << 8)) % 300;
  const uint8_t strides = in.U8();
  const size_t xs = cols + (strides & 3), ys = cols + ((strides >> 2) & 3);
  const uint8_t flags = in.U8();
  const bool in_place = flags & 1;
  const float eps = (flags & 2) ? 0.1f : 0.0f;
  const float scale_bits = in.F32();
  float scale = 1.0f;
  switch ((flags >> 2) & 3) {
    case 1:
      scale = -1.0f;
      break;
    case 2:
      scale = 0.125f;
      break;
    case 3:
      scale = scale_bits;
      break;
    default:
      break;
  }
  std::vector<uint8_t> label_bytes(rows);
  for (auto& b : label_bytes) b = in.U8();
  Matrix x(rows, cols, xs);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) x.Row(r)[c] = in.F32();
  }
  FUZZ_CHECK(actkern_set_max_target(target.c_str()) == ACTKERN_OK, "%s",
             target.c_str());
  std::vector<double> ref(cols), rg(cols);

  const int row_mode = (flags >> 4) & 3;
  if (op <= 1 && row_mode == 3) {  // logsumexp
    std::vector<float> out(rows + 1, kCanary);
    const actkern_status st =
        actkern_logsumexp_f32(x.Row(0), xs, out.data(), rows, cols, scale);
    if (!std::isfinite(scale) || scale == 0.0f) {
      FUZZ_CHECK(st == ACTKERN_ERROR_INVALID_ARGUMENT, "lse scale %g: %d",
                 scale, st);
      FUZZ_CHECK(Untouched(out), "bad scale wrote output");
    } else {
      FUZZ_CHECK(st == ACTKERN_OK, "logsumexp status %d", st);
      FUZZ_CHECK(Bits(out[rows]) == Bits(kCanary), "logsumexp wrote past rows");
      for (size_t r = 0; r < rows; ++r) {
        const double want = actkern_ref_logsumexp(x.Row(r), cols, scale);
        const bool tiny = std::fabs(want) < 0x1p-28;
        FUZZ_CHECK(tiny ? std::fabs(out[r] - want) <= 0x1p-50
                        : Near(out[r], want, 1.5, 0.0),
                   "logsumexp cols=%zu scale=%g row %zu: 0x%08x (%.9g), ref "
                   "%.17g, %g ULP on %s",
                   cols, scale, r, Bits(out[r]), out[r], want,
                   actkern_ulp_error(out[r], want), target.c_str());
      }
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  if (op <= 1 && row_mode == 0 && (flags & 0x80) != 0) {  // 16-bit rows
    const bool log = op == 1;
    const bool f16 = (label_bytes[0] & 1) != 0;
    const auto run =
        f16 ? (log ? actkern_log_softmax_f16 : actkern_softmax_f16)
            : (log ? actkern_log_softmax_bf16 : actkern_softmax_bf16);
    const uint16_t kCanary16 = 0x5A5A;
    const std::vector<uint16_t> x16 = ToHalf(x, f16, kCanary16);
    std::vector<uint16_t> y16(rows * ys + 1, kCanary16);
    std::vector<float> xf(cols);
    const actkern_status st =
        run(x16.data(), xs, y16.data(), ys, rows, cols, scale);
    if (!std::isfinite(scale) || scale == 0.0f) {
      FUZZ_CHECK(st == ACTKERN_ERROR_INVALID_ARGUMENT, "16-bit scale: %d", st);
      for (uint16_t v : y16) FUZZ_CHECK(v == kCanary16, "bad scale wrote");
      actkern_set_max_target(nullptr);
      return 0;
    }
    FUZZ_CHECK(st == ACTKERN_OK, "16-bit status %d", st);
    FUZZ_CHECK(y16.back() == kCanary16, "16-bit wrote past the end");
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = cols; r + 1 < rows && c < ys; ++c) {
        FUZZ_CHECK(y16[r * ys + c] == kCanary16, "16-bit wrote into a gap");
      }
      for (size_t c = 0; c < cols; ++c) {
        const uint16_t h = x16[r * xs + c];
        xf[c] = f16 ? actkern_f16_to_f32(h) : actkern_bf16_to_f32(h);
      }
      (log ? actkern_ref_log_softmax : actkern_ref_softmax)(xf.data(), cols,
                                                            scale, ref.data());
      for (size_t c = 0; c < cols; ++c) {
        const uint16_t got = y16[r * ys + c];
        const double u = f16 ? actkern_ulp_error_f16(got, ref[c])
                             : actkern_ulp_error_bf16(got, ref[c]);
        FUZZ_CHECK(u <= 0.51,
                   "%s_%s cols=%zu scale=%g row %zu col %zu: 0x%04x, ref "
                   "%.17g, %g ULP on %s",
                   log ? "log_softmax" : "softmax", f16 ? "f16" : "bf16", cols,
                   scale, r, c, got, ref[c], u, target.c_str());
      }
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  if (op <= 1 && row_mode != 0) {  // masked softmax, log_softmax
    const bool log = op == 1;
    auto run = fast ? (log ? actkern_log_softmax_masked_fast_f32
                           : actkern_softmax_masked_fast_f32)
                    : (log ? actkern_log_softmax_masked_f32
                           : actkern_softmax_masked_f32);
    const bool causal = row_mode == 2;
    const bool use_lengths = row_mode == 1 || (flags & 0x40) != 0;
    const int64_t offset = static_cast<int64_t>(label_bytes[0] % 16) - 8;
    std::vector<int64_t> lengths(rows);
    for (size_t r = 0; r < rows; ++r) lengths[r] = label_bytes[r] % (cols + 1);
    const bool bad_length = use_lengths && label_bytes[0] == 255;
    if (bad_length) lengths[rows - 1] = static_cast<int64_t>(cols) + 1;
    Matrix y(rows, cols, ys);
    const actkern_status st =
        run(x.Row(0), xs, y.Row(0), ys, rows, cols, scale,
            use_lengths ? lengths.data() : nullptr, causal ? 1 : 0, offset);
    if (!std::isfinite(scale) || scale == 0.0f || bad_length) {
      FUZZ_CHECK(st == (bad_length && std::isfinite(scale) && scale != 0.0f
                            ? ACTKERN_ERROR_LENGTH_OUT_OF_RANGE
                            : ACTKERN_ERROR_INVALID_ARGUMENT),
                 "masked bad call: status %d", st);
      FUZZ_CHECK(Untouched(y.v), "bad masked call wrote output");
      actkern_set_max_target(nullptr);
      return 0;
    }
    FUZZ_CHECK(st == ACTKERN_OK, "masked status %d", st);
    FUZZ_CHECK(y.CanariesIntact(), "masked wrote into a stride gap");
    for (size_t r = 0; r < rows; ++r) {
      size_t n = use_lengths ? static_cast<size_t>(lengths[r]) : cols;
      if (causal) {
        const int64_t end = static_cast<int64_t>(r) + offset + 1;
        n = std::min(n, static_cast<size_t>(std::clamp<int64_t>(
                            end, 0, static_cast<int64_t>(cols))));
      }
      if (n != 0) {
        (log ? actkern_ref_log_softmax : actkern_ref_softmax)(
            x.Row(r), n, scale, ref.data());
      }
      for (size_t c = 0; c < cols; ++c) {
        const float got = y.Row(r)[c];
        if (c >= n) {
          FUZZ_CHECK(Bits(got) == Bits(log ? -HUGE_VALF : 0.0f),
                     "masked col %zu of row %zu (valid %zu): 0x%08x", c, r, n,
                     Bits(got));
          continue;
        }
        FUZZ_CHECK(Near(got, ref[c], fwd_ulp, 0.0),
                   "masked %s%s n=%zu row %zu col %zu: %.9g, ref %.17g on %s",
                   log ? "log_softmax" : "softmax", fast ? "_fast" : "", n, r,
                   c, got, ref[c], target.c_str());
      }
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  if (op <= 1) {  // softmax, log_softmax
    const bool log = op == 1;
    auto run =
        fast ? (log ? actkern_log_softmax_fast_f32 : actkern_softmax_fast_f32)
             : (log ? actkern_log_softmax_f32 : actkern_softmax_f32);
    Matrix y(rows, cols, ys);
    const actkern_status st =
        run(x.Row(0), xs, y.Row(0), ys, rows, cols, scale);
    if (!std::isfinite(scale) || scale == 0.0f) {
      FUZZ_CHECK(st == ACTKERN_ERROR_INVALID_ARGUMENT, "scale %g: status %d",
                 scale, st);
      FUZZ_CHECK(Untouched(y.v), "bad scale wrote output");
      actkern_set_max_target(nullptr);
      return 0;
    }
    FUZZ_CHECK(st == ACTKERN_OK, "status %d", st);
    FUZZ_CHECK(y.CanariesIntact(), "%s wrote into a stride gap or past the end",
               log ? "log_softmax" : "softmax");
    for (size_t r = 0; r < rows; ++r) {
      (log ? actkern_ref_log_softmax : actkern_ref_softmax)(x.Row(r), cols,
                                                            scale, ref.data());
      for (size_t c = 0; c < cols; ++c) {
        FUZZ_CHECK(Near(y.Row(r)[c], ref[c], fwd_ulp, 0.0),
                   "%s%s cols=%zu scale=%g row %zu col %zu: 0x%08x (%.9g), ref "
                   "%.17g, %g ULP on %s",
                   log ? "log_softmax" : "softmax", fast ? "_fast" : "", cols,
                   scale, r, c, Bits(y.Row(r)[c]), y.Row(r)[c], ref[c],
                   actkern_ulp_error(y.Row(r)[c], ref[c]), target.c_str());
      }
    }
    if (in_place) {
      Matrix z = x;
      FUZZ_CHECK(
          run(z.Row(0), xs, z.Row(0), xs, rows, cols, scale) == ACTKERN_OK,
          "in place");
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols; ++c) {
          FUZZ_CHECK(Same(z.Row(r)[c], y.Row(r)[c]),
                     "in place differs at %zu,%zu", r, c);
        }
      }
    }
  } else if (op <= 3) {  // cross-entropy, hard or soft labels
    const bool soft = op == 3;
    const int32_t kIgnore = -100;
    std::vector<int32_t> labels(rows);
    bool bad_label = false;
    for (size_t r = 0; r < rows; ++r) {
      const uint8_t b = label_bytes[r];
      if (b < 200) {
        labels[r] = static_cast<int32_t>(b % cols);
      } else if (b < 230) {
        labels[r] = kIgnore;
      } else {
        labels[r] =
            (b & 1) ? static_cast<int32_t>(cols + (b - 230)) : -1 - (b - 230);
        bad_label = true;
      }
    }
    Matrix t(rows, cols, xs);  // soft targets: a probability row per row
    for (size_t r = 0; r < rows && soft; ++r) {
      double sum = 0;
      for (size_t c = 0; c < cols; ++c) sum += (t.Row(r)[c] = in.U8());
      for (size_t c = 0; c < cols; ++c) {
        t.Row(r)[c] = sum > 0 ? static_cast<float>(t.Row(r)[c] / sum)
                              : (c == 0 ? 1.0f : 0.0f);
      }
    }
    std::vector<float> loss(rows, kCanary);
    if (!soft && (flags & 0x80) != 0) {  // 16-bit logits and gradient
      const bool f16 = (flags & 0x40) != 0;
      const uint16_t kCanary16 = 0x5A5A;
      const std::vector<uint16_t> z16 = ToHalf(x, f16, kCanary16);
      std::vector<uint16_t> g16(rows * ys + 1, kCanary16);
      std::vector<float> zf(cols);
      const auto fn = f16 ? actkern_softmax_cross_entropy_f16
                          : actkern_softmax_cross_entropy_bf16;
      const actkern_status st =
          fn(z16.data(), xs, labels.data(), loss.data(), g16.data(), ys, rows,
             cols, kIgnore, eps, ACTKERN_REDUCTION_NONE);
      if (bad_label) {
        FUZZ_CHECK(st == ACTKERN_ERROR_LABEL_OUT_OF_RANGE,
                   "16-bit bad label: status %d", st);
        FUZZ_CHECK(Untouched(loss), "16-bit bad label wrote the loss");
        for (uint16_t v : g16) FUZZ_CHECK(v == kCanary16, "bad label wrote");
        actkern_set_max_target(nullptr);
        return 0;
      }
      FUZZ_CHECK(st == ACTKERN_OK, "16-bit cross-entropy status %d", st);
      FUZZ_CHECK(g16.back() == kCanary16, "16-bit wrote past the end");
      for (size_t r = 0; r < rows; ++r) {
        for (size_t c = cols; r + 1 < rows && c < ys; ++c) {
          FUZZ_CHECK(g16[r * ys + c] == kCanary16, "16-bit wrote into a gap");
        }
        const uint16_t* gr = g16.data() + r * ys;
        if (labels[r] == kIgnore) {
          FUZZ_CHECK(Bits(loss[r]) == 0, "16-bit ignored row loss %g", loss[r]);
          for (size_t c = 0; c < cols; ++c)
            FUZZ_CHECK(gr[c] == 0, "16-bit ignored row grad");
          continue;
        }
        for (size_t c = 0; c < cols; ++c) {
          const uint16_t h = z16[r * xs + c];
          zf[c] = f16 ? actkern_f16_to_f32(h) : actkern_bf16_to_f32(h);
        }
        const double lr = actkern_ref_softmax_cross_entropy(
            zf.data(), cols, labels[r], eps, rg.data());
        FUZZ_CHECK(Near(loss[r], lr, 4.0, 0.0),
                   "16-bit cross-entropy cols=%zu row %zu: loss %.9g, ref "
                   "%.17g on %s",
                   cols, r, loss[r], lr, target.c_str());
        // 0.51 ULP of the type; with smoothing 2^-20 (|p - q| + 2q) more
        // where p - q cancels; 2^-50 for the reference's own p_l - 1.
        for (size_t c = 0; c < cols; ++c) {
          const double q =
              (static_cast<int32_t>(c) == labels[r] ? 1.0 - eps : 0.0) +
              static_cast<double>(eps) / static_cast<double>(cols);
          const double got =
              f16 ? actkern_f16_to_f32(gr[c]) : actkern_bf16_to_f32(gr[c]);
          const double u = f16 ? actkern_ulp_error_f16(gr[c], rg[c])
                               : actkern_ulp_error_bf16(gr[c], rg[c]);
          const double slack =
              (eps != 0.0f ? 0x1p-20 * (std::fabs(rg[c]) + 2.0 * q) : 0.0) +
              0x1p-50;
          FUZZ_CHECK(u <= 0.51 || std::fabs(got - rg[c]) <= slack,
                     "16-bit cross-entropy grad cols=%zu (%zu,%zu): %.9g, ref "
                     "%.17g, %g ULP on %s",
                     cols, r, c, got, rg[c], u, target.c_str());
        }
      }
      actkern_set_max_target(nullptr);
      return 0;
    }
    Matrix g(rows, cols, ys);
    const auto soft_fn = fast ? actkern_softmax_cross_entropy_soft_fast_f32
                              : actkern_softmax_cross_entropy_soft_f32;
    const auto hard_fn = fast ? actkern_softmax_cross_entropy_fast_f32
                              : actkern_softmax_cross_entropy_f32;
    const actkern_status st =
        soft ? soft_fn(x.Row(0), xs, t.Row(0), xs, loss.data(), g.Row(0), ys,
                       rows, cols, eps, ACTKERN_REDUCTION_NONE)
             : hard_fn(x.Row(0), xs, labels.data(), loss.data(), g.Row(0), ys,
                       rows, cols, kIgnore, eps, ACTKERN_REDUCTION_NONE);
    if (!soft && bad_label) {
      FUZZ_CHECK(st == ACTKERN_ERROR_LABEL_OUT_OF_RANGE, "bad label: status %d",
                 st);
      FUZZ_CHECK(Untouched(loss) && Untouched(g.v), "bad label wrote output");
      actkern_set_max_target(nullptr);
      return 0;
    }
    FUZZ_CHECK(st == ACTKERN_OK, "cross-entropy status %d", st);
    FUZZ_CHECK(g.CanariesIntact(),
               "cross-entropy wrote into a stride gap or past the end");
    for (size_t r = 0; r < rows; ++r) {
      if (!soft && labels[r] == kIgnore) {
        FUZZ_CHECK(Bits(loss[r]) == 0, "ignored row %zu: loss %g", r, loss[r]);
        for (size_t c = 0; c < cols; ++c)
          FUZZ_CHECK(g.Row(r)[c] == 0.0f, "ignored row grad");
        continue;
      }
      const double lr = soft ? actkern_ref_softmax_cross_entropy_soft(
                                   x.Row(r), t.Row(r), cols, eps, rg.data())
                             : actkern_ref_softmax_cross_entropy(
                                   x.Row(r), cols, labels[r], eps, rg.data());
      FUZZ_CHECK(Near(loss[r], lr, fwd_ulp, 0.0),
                 "%s cross-entropy cols=%zu row %zu: loss %.9g, ref %.17g, %g "
                 "ULP on %s",
                 soft ? "soft" : "hard", cols, r, loss[r], lr,
                 actkern_ulp_error(loss[r], lr), target.c_str());
      for (size_t c = 0; c < cols; ++c) {
        FUZZ_CHECK(
            Near(g.Row(r)[c], rg[c], fwd_ulp, std::ldexp(1.0, -21)),
            "%s cross-entropy grad cols=%zu (%zu,%zu): %.9g, ref %.17g on %s",
            soft ? "soft" : "hard", cols, r, c, g.Row(r)[c], rg[c],
            target.c_str());
      }
    }
  } else {  // softmax_backward, log_softmax_backward, from the forward's y
    const bool log = op == 5;
    Matrix y(rows, cols, ys), dy(rows, cols, xs), dx(rows, cols, ys);
    const float s = std::isfinite(scale) && scale != 0.0f ? scale : 1.0f;
    FUZZ_CHECK((log ? actkern_log_softmax_f32 : actkern_softmax_f32)(
                   x.Row(0), xs, y.Row(0), ys, rows, cols, s) == ACTKERN_OK,
               "forward");
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        const int16_t v = static_cast<int16_t>(in.U8() | (in.U8() << 8));
        dy.Row(r)[c] = static_cast<float>(v) / 256.0f;
      }
    }
    const actkern_status st =
        (log ? actkern_log_softmax_backward_f32 : actkern_softmax_backward_f32)(
            y.Row(0), ys, dy.Row(0), xs, dx.Row(0), ys, rows, cols);
    FUZZ_CHECK(st == ACTKERN_OK, "backward status %d", st);
    FUZZ_CHECK(dx.CanariesIntact(),
               "backward wrote into a stride gap or past the end");
    for (size_t r = 0; r < rows; ++r) {
      (log ? actkern_ref_log_softmax_backward : actkern_ref_softmax_backward)(
          y.Row(r), dy.Row(r), cols, ref.data());
      double sum_abs = 0;  // the README's absolute terms
      for (size_t c = 0; c < cols; ++c) {
        sum_abs +=
            log ? std::fabs(dy.Row(r)[c])
                : std::fabs(static_cast<double>(y.Row(r)[c]) * dy.Row(r)[c]);
      }
      for (size_t c = 0; c < cols; ++c) {
        const double yc = y.Row(r)[c], dyc = dy.Row(r)[c];
        const double terms = log ? std::fabs(dyc) + std::exp(yc) * sum_abs
                                 : std::fabs(yc) * (std::fabs(dyc) + sum_abs);
        FUZZ_CHECK(
            Near(dx.Row(r)[c], ref[c], 4.0, std::ldexp(terms, -21)),
            "%s cols=%zu (%zu,%zu): y %.9g dy %.9g -> %.9g, ref %.17g on %s",
            log ? "log_softmax_backward" : "softmax_backward", cols, r, c,
            y.Row(r)[c], dy.Row(r)[c], dx.Row(r)[c], ref[c], target.c_str());
      }
    }
  }
  actkern_set_max_target(nullptr);
  return 0;
}
