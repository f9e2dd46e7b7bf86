// Fuzzes every catalogued backward kernel: bytes -> (kernel, target,
// misalignment, aliasing mode, pairs of float bit patterns (in, dy); for
// kernels that take y, in is mapped through the forward kernel). Checks:
// status OK; NaN in either input -> NaN out; every output within the
// documented bound (ULP, or the documented absolute bound near the
// derivative's zeros: catalog::BackwardWithinBound); dx aliasing dy or the
// first input gives the same bits; nothing past the output is written.
//
// Layout: [kernel][target][flags: bits 0-3 offset, bits 4-5 alias mode]
//         [in0, dy pairs...]
#include <vector>

#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

using actkern::fuzz::Bits;
using actkern::fuzz::Bytes;
using actkern::fuzz::Same;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& kernels = actkern::catalog::BackwardKernels();
  static const std::vector<std::string> targets =
      actkern::catalog::RunnableTargets();
  // With no backward kernel catalogued yet there is nothing to fuzz.
  if (kernels.empty() || size < 3) return 0;
  Bytes in(data, size);
  const auto& k = kernels[in.U8() % kernels.size()];
  const std::string& target = targets[in.U8() % targets.size()];
  const uint8_t flags = in.U8();
  const size_t offset = flags & 15;
  const int alias = (flags >> 4) & 3;  // 0 none, 1 dx == dy, 2 dx == in
  const size_t n = std::min<size_t>(in.left() / 8, 2048);
  FUZZ_CHECK(actkern_set_max_target(target.c_str()) == ACTKERN_OK, "%s",
             target.c_str());

  const float kCanary = -4321.0f;
  std::vector<float> a(n + offset), g(n + offset), out(n + offset + 1, kCanary);
  for (size_t i = 0; i < n; ++i) {
    a[offset + i] = in.F32();
    g[offset + i] = in.F32();
  }
  // Kernels that take y = forward(x) get such a y (its image, e.g. [0, 1]
  // for sigmoid): the bound is documented for those only.
  if (k.takes_y) {
    const actkern::catalog::UnaryKernel* fwd =
        actkern::catalog::FindUnary(k.forward);
    FUZZ_CHECK(fwd != nullptr, "%s: no forward %s", k.name.c_str(),
               k.forward.c_str());
    FUZZ_CHECK(fwd->run(a.data() + offset, a.data() + offset, n) == ACTKERN_OK,
               "forward");
  }
  const float* as = a.data() + offset;
  const float* gs = g.data() + offset;
  float* os = out.data() + offset;
  FUZZ_CHECK(k.run(as, gs, os, n) == ACTKERN_OK, "%s n=%zu", k.name.c_str(), n);
  FUZZ_CHECK(Bits(os[n]) == Bits(kCanary), "%s wrote past n=%zu",
             k.name.c_str(), n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(as[i]) || std::isnan(gs[i])) {
      FUZZ_CHECK(std::isnan(os[i]),
                 "%s(0x%08x, dy 0x%08x) = 0x%08x, want NaN on %s",
                 k.name.c_str(), Bits(as[i]), Bits(gs[i]), Bits(os[i]),
                 target.c_str());
      continue;
    }
    const double ref = k.reference(as[i], gs[i]);
    double ulp = 0;
    FUZZ_CHECK(actkern::catalog::BackwardWithinBound(k, as[i], gs[i], os[i],
                                                     ref, &ulp),
               "%s(0x%08x = %.9g, dy 0x%08x = %.9g) = 0x%08x (%.9g), ref "
               "%.17g, %g ULP on %s",
               k.name.c_str(), Bits(as[i]), as[i], Bits(gs[i]), gs[i],
               Bits(os[i]), os[i], ref, ulp, target.c_str());
  }
  if (alias != 0) {
    std::vector<float> a2(a), g2(g);
    float* dst = alias == 1 ? g2.data() + offset : a2.data() + offset;
    FUZZ_CHECK(
        k.run(a2.data() + offset, g2.data() + offset, dst, n) == ACTKERN_OK,
        "alias");
    for (size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(Same(dst[i], os[i]), "%s alias mode %d differs at %zu",
                 k.name.c_str(), alias, i);
    }
  }
  actkern_set_max_target(nullptr);
  return 0;
}
