// Fuzzes every catalogued elementwise kernel: bytes -> (kernel, target,
// misalignment, in place or not, float bit patterns). Checks the documented
// semantics, not just "no crash": status OK; NaN in -> NaN out; every output
// within the kernel's documented ULP bound of the double reference (which
// also covers the documented inf/overflow/underflow limits); in place gives
// the same bits as out of place; each element's bits do not depend on its
// position (a single-element call agrees); nothing around the output is
// written.
//
// Layout: [kernel][target][flags: bits 0-3 offset, bit 4 in place][floats...]
#include <vector>

#include "actkern/reference.h"
#include "catalog.h"
#include "fuzz_util.h"

using actkern::fuzz::Bits;
using actkern::fuzz::Bytes;
using actkern::fuzz::Same;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& kernels = actkern::catalog::UnaryKernels();
  static const std::vector<std::string> targets =
      actkern::catalog::RunnableTargets();
  if (kernels.empty() || size < 3) return 0;
  Bytes in(data, size);
  const auto& k = kernels[in.U8() % kernels.size()];
  const std::string& target = targets[in.U8() % targets.size()];
  const uint8_t flags = in.U8();
  const size_t offset = flags & 15;
  const bool in_place = (flags & 16) != 0;
  const size_t n = std::min<size_t>(in.left() / 4, 4096);
  FUZZ_CHECK(actkern_set_max_target(target.c_str()) == ACTKERN_OK, "%s",
             target.c_str());

  const float kCanary = 1234.5f;
  std::vector<float> x(n + offset), y(n + offset + 1, kCanary);
  for (size_t i = 0; i < n; ++i) x[offset + i] = in.F32();
  const float* xs = x.data() + offset;
  float* ys = y.data() + offset;
  FUZZ_CHECK(k.run(xs, ys, n) == ACTKERN_OK, "%s n=%zu", k.name.c_str(), n);
  for (size_t i = 0; i < offset; ++i)
    FUZZ_CHECK(Bits(y[i]) == Bits(kCanary), "before");
  FUZZ_CHECK(Bits(ys[n]) == Bits(kCanary), "%s wrote past n=%zu",
             k.name.c_str(), n);

  for (size_t i = 0; i < n; ++i) {
    const double ref = k.reference(static_cast<double>(xs[i]));
    if (std::isnan(xs[i])) {
      FUZZ_CHECK(std::isnan(ys[i]), "%s(NaN 0x%08x) = 0x%08x on %s",
                 k.name.c_str(), Bits(xs[i]), Bits(ys[i]), target.c_str());
      continue;
    }
    const double ulp = actkern_ulp_error(ys[i], ref);
    FUZZ_CHECK(
        ulp <= k.max_ulp,
        "%s(0x%08x = %.9g) = 0x%08x (%.9g), ref %.17g: %g ULP > %g on %s",
        k.name.c_str(), Bits(xs[i]), xs[i], Bits(ys[i]), ys[i], ref, ulp,
        k.max_ulp, target.c_str());
  }
  // Position independence (bounded work per input).
  for (size_t i = 0; i < n && i < 64; ++i) {
    float one = 0.0f;
    FUZZ_CHECK(k.run(xs + i, &one, 1) == ACTKERN_OK, "single");
    FUZZ_CHECK(Same(one, ys[i]),
               "%s element %zu: 0x%08x alone, 0x%08x in the array on %s",
               k.name.c_str(), i, Bits(one), Bits(ys[i]), target.c_str());
  }
  if (in_place) {
    std::vector<float> z(x);
    FUZZ_CHECK(k.run(z.data() + offset, z.data() + offset, n) == ACTKERN_OK,
               "in place");
    for (size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(Same(z[offset + i], ys[i]), "%s in place differs at %zu",
                 k.name.c_str(), i);
    }
  }
  actkern_set_max_target(nullptr);
  return 0;
}
