// Fuzzes every catalogued elementwise kernel: bytes -> (kernel, target,
// misalignment, in place or not, float bit patterns). Checks the documented
// semantics, not just "no crash": status OK; NaN in -> NaN out; every output
// within the kernel's documented ULP bound of the double reference (which
// also covers the documented inf/overflow/underflow limits); in place gives
// the same bits as out of place; each element's bits do not depend on its
// position (a single-element call agrees); nothing around the output is
// written.
//
// Flags bits 5-6 pick a 16-bit form (1 bf16, 2 f16) for kernels that have
// one: then the values are 16-bit patterns and every result must be the
// double reference correctly rounded to the type (bit for bit; any NaN for a
// NaN reference).
//
// Flags bit 7 (with bits 5-6 clear) runs the bias-fused form instead
// (actkern/bias.h): the floats are a matrix of 1 + (offset & 3) rows, then
// its bias row; every output must be the kernel's own result on the float
// sum, bit for bit, within its bound of the reference of that sum, and the
// stride gaps untouched.
//
// Layout: [kernel][target][flags: bits 0-3 offset, bit 4 in place,
//         bits 5-6 type, bit 7 bias][floats or 16-bit values...]
#include <vector>

#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

namespace fz = actkern::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& kernels = actkern::catalog::UnaryKernels();
  if (kernels.empty() || size < 3) return 0;
  fz::Bytes in(data, size);
  const fz::Header h = fz::ReadHeader(in, kernels.size());
  const auto& k = kernels[h.kernel];
  const bool in_place = (h.flags & 16) != 0;
  const int type = (h.flags >> 5) & 3;
  if ((type == 1 || type == 2) && k.run_half[type - 1] != nullptr) {
    const int kind = type - 1;
    const size_t n = std::min<size_t>(in.left() / 2, 4096);
    const uint16_t kCanary16 = 0x5A5A;
    std::vector<uint16_t> x(n + h.offset), y(n + h.offset + 1, kCanary16);
    for (size_t i = 0; i < n; ++i) {
      const uint16_t lo = in.U8();
      x[h.offset + i] = static_cast<uint16_t>(lo | (in.U8() << 8));
    }
    const uint16_t* xs = x.data() + h.offset;
    uint16_t* ys = y.data() + h.offset;
    FUZZ_CHECK(k.run_half[kind](xs, ys, n) == ACTKERN_OK, "%s %s n=%zu",
               k.name.c_str(), actkern::catalog::HalfName(kind), n);
    for (size_t i = 0; i < h.offset; ++i)
      FUZZ_CHECK(y[i] == kCanary16, "before");
    FUZZ_CHECK(ys[n] == kCanary16, "%s wrote past n=%zu", k.name.c_str(), n);
    for (size_t i = 0; i < n; ++i) {
      const uint16_t want =
          fz::Round16(kind, k.reference(fz::Widen16(kind, xs[i])));
      FUZZ_CHECK(fz::Same16(kind, ys[i], want),
                 "%s %s(0x%04x) = 0x%04x, correctly rounded 0x%04x on %s",
                 k.name.c_str(), actkern::catalog::HalfName(kind), xs[i], ys[i],
                 want, h.target->c_str());
    }
    if (in_place) {
      std::vector<uint16_t> z(x);
      FUZZ_CHECK(k.run_half[kind](z.data() + h.offset, z.data() + h.offset,
                                  n) == ACTKERN_OK,
                 "in place");
      for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(fz::Same16(kind, z[h.offset + i], ys[i]), "in place %zu", i);
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  const float kCanary = 1234.5f;
  if (type == 0 && (h.flags & 128) != 0) {
    const size_t rows = 1 + (h.offset & 3);
    const size_t cols = std::min<size_t>(in.left() / 4, 4096) / (rows + 1);
    if (cols == 0) return 0;
    const size_t stride = cols + 1;
    std::vector<float> x(rows * stride, kCanary), b(cols),
        y(rows * stride, kCanary);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) x[r * stride + c] = in.F32();
    }
    for (float& v : b) v = in.F32();
    FUZZ_CHECK(k.run_bias(nullptr, x.data(), stride, b.data(), y.data(), stride,
                          rows, cols) == ACTKERN_OK,
               "%s bias", k.name.c_str());
    std::vector<float> sum(cols), want(cols);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) sum[c] = x[r * stride + c] + b[c];
      FUZZ_CHECK(k.run(sum.data(), want.data(), cols) == ACTKERN_OK, "sum");
      FUZZ_CHECK(fz::Bits(y[r * stride + cols]) == fz::Bits(kCanary),
                 "%s bias wrote into a gap", k.name.c_str());
      for (size_t c = 0; c < cols; ++c) {
        const float got = y[r * stride + c];
        FUZZ_CHECK(fz::Same(got, want[c]),
                   "%s bias (%zu,%zu): 0x%08x, kernel of the sum 0x%08x on %s",
                   k.name.c_str(), r, c, fz::Bits(got), fz::Bits(want[c]),
                   h.target->c_str());
        if (!std::isnan(sum[c])) {
          const double ulp =
              actkern_ulp_error(got, k.reference(static_cast<double>(sum[c])));
          FUZZ_CHECK(ulp <= k.max_ulp, "%s bias: %g ULP on %s", k.name.c_str(),
                     ulp, h.target->c_str());
        }
      }
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  const size_t n = std::min<size_t>(in.left() / 4, 4096);

  std::vector<float> x(n + h.offset), y(n + h.offset + 1, kCanary);
  for (size_t i = 0; i < n; ++i) x[h.offset + i] = in.F32();
  const float* xs = x.data() + h.offset;
  float* ys = y.data() + h.offset;
  FUZZ_CHECK(k.run(xs, ys, n) == ACTKERN_OK, "%s n=%zu", k.name.c_str(), n);
  for (size_t i = 0; i < h.offset; ++i)
    FUZZ_CHECK(fz::Bits(y[i]) == fz::Bits(kCanary), "before");
  FUZZ_CHECK(fz::Bits(ys[n]) == fz::Bits(kCanary), "%s wrote past n=%zu",
             k.name.c_str(), n);

  for (size_t i = 0; i < n; ++i) {
    const double ref = k.reference(static_cast<double>(xs[i]));
    if (std::isnan(xs[i])) {
      FUZZ_CHECK(std::isnan(ys[i]), "%s(NaN 0x%08x) = 0x%08x on %s",
                 k.name.c_str(), fz::Bits(xs[i]), fz::Bits(ys[i]),
                 h.target->c_str());
      continue;
    }
    const double ulp = actkern_ulp_error(ys[i], ref);
    FUZZ_CHECK(
        ulp <= k.max_ulp,
        "%s(0x%08x = %.9g) = 0x%08x (%.9g), ref %.17g: %g ULP > %g on %s",
        k.name.c_str(), fz::Bits(xs[i]), xs[i], fz::Bits(ys[i]), ys[i], ref,
        ulp, k.max_ulp, h.target->c_str());
  }
  // Position independence (bounded work per input).
  for (size_t i = 0; i < n && i < 64; ++i) {
    float one = 0.0f;
    FUZZ_CHECK(k.run(xs + i, &one, 1) == ACTKERN_OK, "single");
    FUZZ_CHECK(fz::Same(one, ys[i]),
               "%s element %zu: 0x%08x alone, 0x%08x in the array on %s",
               k.name.c_str(), i, fz::Bits(one), fz::Bits(ys[i]),
               h.target->c_str());
  }
  if (in_place) {
    std::vector<float> z(x);
    FUZZ_CHECK(k.run(z.data() + h.offset, z.data() + h.offset, n) == ACTKERN_OK,
               "in place");
    for (size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(fz::Same(z[h.offset + i], ys[i]), "%s in place differs at %zu",
                 k.name.c_str(), i);
    }
  }
  actkern_set_max_target(nullptr);
  return 0;
}
