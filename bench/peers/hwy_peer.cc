// Highway's own contrib math (hwy/contrib/math/math-inl.h): Exp, Expm1, Log,
// Log1p, Tanh, compiled for every Highway target with foreach_target (dynamic
// dispatch compile; GCC 12's -march=haswell alone would give the SSSE3 static
// target) and registered per target by calling each target's namespace
// directly, so actkern_set_max_target (which restricts Highway's global
// dispatch) does not change which code runs. A plain one-vector loop, the way
// a Highway user calls these. Known behaviour (Highway 1.0.3): Exp returns 0
// for NaN and is not clamped for large inputs; it is a speed peer.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bench/peers/hwy_peer.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <string.h>

#include <string>

#include "bench/peers/peers.h"
#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace peers {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class Op>
HWY_INLINE void Apply(const float* x, float* y, size_t n, const Op& op) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(op(d, hn::LoadU(d, x + i)), d, y + i);
  if (i < n) {
    HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)] = {};
    memcpy(buf, x + i, (n - i) * sizeof(float));
    hn::Store(op(d, hn::Load(d, buf)), d, buf);
    memcpy(y + i, buf, (n - i) * sizeof(float));
  }
}

#define ACTKERN_HWY_PEER(Name)                                              \
  HWY_NOINLINE void Name##Array(const float* x, float* y, size_t n) {       \
    Apply(x, y, n, [](auto d, auto v) HWY_ATTR { return hn::Name(d, v); }); \
  }
ACTKERN_HWY_PEER(Exp)
ACTKERN_HWY_PEER(Expm1)
ACTKERN_HWY_PEER(Log)
ACTKERN_HWY_PEER(Log1p)
ACTKERN_HWY_PEER(Tanh)
#undef ACTKERN_HWY_PEER

void Register(Registry* r) {
  const std::string isa = hwy::TargetName(HWY_TARGET);
  const int rank = IsaRank(isa);
  // Only the levels the other peers and actkern's table line up on.
  if (rank < IsaRank("SSE4") || rank > r->max_rank) return;
  r->unary->push_back({"exp", "hwy_contrib", isa, &ExpArray, "NaN -> 0"});
  r->unary->push_back({"expm1", "hwy_contrib", isa, &Expm1Array, ""});
  r->unary->push_back({"log", "hwy_contrib", isa, &LogArray, ""});
  r->unary->push_back({"log1p", "hwy_contrib", isa, &Log1pArray, ""});
  r->unary->push_back({"tanh", "hwy_contrib", isa, &TanhArray, ""});
}

}  // namespace HWY_NAMESPACE
}  // namespace peers
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actkern {
namespace peers {

void AddHwyContrib(Registry* r) {
  r->libraries->push_back("highway contrib " + std::to_string(HWY_MAJOR) + "." +
                          std::to_string(HWY_MINOR) + "." +
                          std::to_string(HWY_PATCH));
  const int64_t supported = hwy::SupportedTargets();
#define ACTKERN_HWY_REGISTER(TARGET, NS) \
  if ((HWY_TARGETS & TARGET) && (supported & TARGET)) NS::Register(r);
#if HWY_TARGETS & HWY_AVX3
  ACTKERN_HWY_REGISTER(HWY_AVX3, N_AVX3)
#endif
#if HWY_TARGETS & HWY_AVX2
  ACTKERN_HWY_REGISTER(HWY_AVX2, N_AVX2)
#endif
#if HWY_TARGETS & HWY_SSE4
  ACTKERN_HWY_REGISTER(HWY_SSE4, N_SSE4)
#endif
#undef ACTKERN_HWY_REGISTER
}

}  // namespace peers
}  // namespace actkern
#endif  // HWY_ONCE
