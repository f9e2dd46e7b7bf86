// Fuzzes every catalogued backward kernel: bytes -> (kernel, target,
// misalignment, aliasing mode, pairs of float bit patterns (in, dy); for
// kernels that take y, in is mapped through the forward kernel). Checks:
// status OK; NaN in either input -> NaN out; every output within the
// documented bound (ULP, or the documented absolute bound near the
// derivative's zeros: catalog::BackwardWithinBound); dx aliasing dy or the
// first input gives the same bits; nothing past the output is written.
//
// Flags bits 6-7 pick a 16-bit form (1 bf16, 2 f16): the pairs are then
// 16-bit patterns, and every result must be within 1 ULP of the type.
//
// Layout: [kernel][target][flags: bits 0-3 offset, bits 4-5 alias mode,
//         bits 6-7 type][in0, dy pairs...]
#include <vector>

#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

namespace fz = actkern::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& kernels = actkern::catalog::BackwardKernels();
  // With no backward kernel catalogued yet there is nothing to fuzz.
  if (kernels.empty() || size < 3) return 0;
  fz::Bytes in(data, size);
  const fz::Header h = fz::ReadHeader(in, kernels.size());
  const auto& k = kernels[h.kernel];
  const int alias = (h.flags >> 4) & 3;  // 0 none, 1 dx == dy, 2 dx == in
  const int type = (h.flags >> 6) & 3;
  if (type == 1 || type == 2) {
    const int kind = type - 1;
    const char* tname = actkern::catalog::HalfName(kind);
    const size_t n = std::min<size_t>(in.left() / 4, 2048);
    const uint16_t kCanary16 = 0xA5A5;
    std::vector<uint16_t> a(n), g(n), out(n + 1, kCanary16);
    for (size_t i = 0; i < n; ++i) {
      const uint16_t a0 = in.U8();
      a[i] = static_cast<uint16_t>(a0 | (in.U8() << 8));
      const uint16_t g0 = in.U8();
      g[i] = static_cast<uint16_t>(g0 | (in.U8() << 8));
    }
    if (k.takes_y) {  // a y the forward kernel can give
      const actkern::catalog::UnaryKernel* fwd =
          actkern::catalog::FindUnary(k.forward);
      FUZZ_CHECK(fwd != nullptr && fwd->run_half[kind] != nullptr, "forward");
      FUZZ_CHECK(fwd->run_half[kind](a.data(), a.data(), n) == ACTKERN_OK,
                 "forward");
    }
    FUZZ_CHECK(
        k.run_half[kind](a.data(), g.data(), out.data(), n) == ACTKERN_OK,
        "%s %s n=%zu", k.name.c_str(), tname, n);
    FUZZ_CHECK(out[n] == kCanary16, "%s %s wrote past n=%zu", k.name.c_str(),
               tname, n);
    for (size_t i = 0; i < n; ++i) {
      const float av = fz::Widen16(kind, a[i]), gv = fz::Widen16(kind, g[i]);
      if (std::isnan(av) || std::isnan(gv)) {
        FUZZ_CHECK(fz::IsNan16(kind, out[i]), "%s %s NaN in, 0x%04x out",
                   k.name.c_str(), tname, out[i]);
        continue;
      }
      const double ref = k.reference(av, gv);
      const double ulp = kind == actkern::catalog::kBf16
                             ? actkern_ulp_error_bf16(out[i], ref)
                             : actkern_ulp_error_f16(out[i], ref);
      FUZZ_CHECK(ulp <= 1.0,
                 "%s %s(0x%04x, dy 0x%04x) = 0x%04x, ref %.17g: %g ULP on %s",
                 k.name.c_str(), tname, a[i], g[i], out[i], ref, ulp,
                 h.target->c_str());
    }
    if (alias != 0) {
      std::vector<uint16_t> a2(a), g2(g);
      uint16_t* dst = alias == 1 ? g2.data() : a2.data();
      FUZZ_CHECK(k.run_half[kind](a2.data(), g2.data(), dst, n) == ACTKERN_OK,
                 "alias");
      for (size_t i = 0; i < n; ++i)
        FUZZ_CHECK(fz::Same16(kind, dst[i], out[i]), "%s %s alias %d at %zu",
                   k.name.c_str(), tname, alias, i);
    }
    actkern_set_max_target(nullptr);
    return 0;
  }
  const size_t n = std::min<size_t>(in.left() / 8, 2048);

  const float kCanary = -4321.0f;
  std::vector<float> a(n + h.offset), g(n + h.offset),
      out(n + h.offset + 1, kCanary);
  for (size_t i = 0; i < n; ++i) {
    a[h.offset + i] = in.F32();
    g[h.offset + i] = in.F32();
  }
  // Kernels that take y = forward(x) get such a y (its image, e.g. [0, 1]
  // for sigmoid): the bound is documented for those only.
  if (k.takes_y) {
    const actkern::catalog::UnaryKernel* fwd =
        actkern::catalog::FindUnary(k.forward);
    FUZZ_CHECK(fwd != nullptr, "%s: no forward %s", k.name.c_str(),
               k.forward.c_str());
    FUZZ_CHECK(
        fwd->run(a.data() + h.offset, a.data() + h.offset, n) == ACTKERN_OK,
        "forward");
  }
  const float* as = a.data() + h.offset;
  const float* gs = g.data() + h.offset;
  float* os = out.data() + h.offset;
  FUZZ_CHECK(k.run(as, gs, os, n) == ACTKERN_OK, "%s n=%zu", k.name.c_str(), n);
  FUZZ_CHECK(fz::Bits(os[n]) == fz::Bits(kCanary), "%s wrote past n=%zu",
             k.name.c_str(), n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(as[i]) || std::isnan(gs[i])) {
      FUZZ_CHECK(std::isnan(os[i]),
                 "%s(0x%08x, dy 0x%08x) = 0x%08x, want NaN on %s",
                 k.name.c_str(), fz::Bits(as[i]), fz::Bits(gs[i]),
                 fz::Bits(os[i]), h.target->c_str());
      continue;
    }
    const double ref = k.reference(as[i], gs[i]);
    double ulp = 0;
    FUZZ_CHECK(actkern::catalog::BackwardWithinBound(k, as[i], gs[i], os[i],
                                                     ref, &ulp),
               "%s(0x%08x = %.9g, dy 0x%08x = %.9g) = 0x%08x (%.9g), ref "
               "%.17g, %g ULP on %s",
               k.name.c_str(), fz::Bits(as[i]), as[i], fz::Bits(gs[i]), gs[i],
               fz::Bits(os[i]), os[i], ref, ulp, h.target->c_str());
  }
  if (alias != 0) {
    std::vector<float> a2(a), g2(g);
    float* dst = alias == 1 ? g2.data() + h.offset : a2.data() + h.offset;
    FUZZ_CHECK(
        k.run(a2.data() + h.offset, g2.data() + h.offset, dst, n) == ACTKERN_OK,
        "alias");
    for (size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(fz::Same(dst[i], os[i]), "%s alias mode %d differs at %zu",
                 k.name.c_str(), alias, i);
    }
  }
  actkern_set_max_target(nullptr);
  return 0;
}
