// See machine_limits.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bench/peers/machine_limits.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "bench/peers/machine_limits.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace peers {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

HWY_NOINLINE void CopyLoop(const float* x, float* y, size_t n) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      const auto v0 = hn::LoadU(d, x + i);
      const auto v1 = hn::LoadU(d, x + i + N);
      const auto v2 = hn::LoadU(d, x + i + 2 * N);
      const auto v3 = hn::LoadU(d, x + i + 3 * N);
      hn::StoreU(v0, d, y + i);
      hn::StoreU(v1, d, y + i + N);
      hn::StoreU(v2, d, y + i + 2 * N);
      hn::StoreU(v3, d, y + i + 3 * N);
    }
  }
  for (; i < n; ++i) y[i] = x[i];
}

HWY_NOINLINE void Read2Write1(const float* x, float* y, size_t n) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  auto s0 = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d), s3 = hn::Zero(d);
  size_t i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      s0 = hn::Add(s0, hn::LoadU(d, x + i));
      s1 = hn::Add(s1, hn::LoadU(d, x + i + N));
      s2 = hn::Add(s2, hn::LoadU(d, x + i + 2 * N));
      s3 = hn::Add(s3, hn::LoadU(d, x + i + 3 * N));
    }
  }
  float sum =
      hn::GetLane(hn::SumOfLanes(d, hn::Add(hn::Add(s0, s1), hn::Add(s2, s3))));
  for (; i < n; ++i) sum += x[i];
  // Any scale that depends on pass 1, so the passes cannot be fused.
  const auto c = hn::Set(d, 1.0f / (1.0f + sum * sum));
  i = 0;
  if (n >= 4 * N) {
    for (; i <= n - 4 * N; i += 4 * N) {
      hn::StoreU(hn::Mul(hn::LoadU(d, x + i), c), d, y + i);
      hn::StoreU(hn::Mul(hn::LoadU(d, x + i + N), c), d, y + i + N);
      hn::StoreU(hn::Mul(hn::LoadU(d, x + i + 2 * N), c), d, y + i + 2 * N);
      hn::StoreU(hn::Mul(hn::LoadU(d, x + i + 3 * N), c), d, y + i + 3 * N);
    }
  }
  for (; i < n; ++i) y[i] = x[i] * hn::GetLane(c);
}

constexpr size_t kChains = 12;

HWY_NOINLINE float FmaLoop(size_t iters) {
  const hn::ScalableTag<float> d;
  const auto m = hn::Set(d, 0.999999f);
  const auto a = hn::Set(d, 1e-7f);
  auto v0 = hn::Set(d, 1.0f), v1 = hn::Set(d, 1.1f), v2 = hn::Set(d, 1.2f),
       v3 = hn::Set(d, 1.3f), v4 = hn::Set(d, 1.4f), v5 = hn::Set(d, 1.5f),
       v6 = hn::Set(d, 1.6f), v7 = hn::Set(d, 1.7f), v8 = hn::Set(d, 1.8f),
       v9 = hn::Set(d, 1.9f), v10 = hn::Set(d, 2.0f), v11 = hn::Set(d, 2.1f);
  for (size_t i = 0; i < iters; ++i) {
    v0 = hn::MulAdd(v0, m, a);
    v1 = hn::MulAdd(v1, m, a);
    v2 = hn::MulAdd(v2, m, a);
    v3 = hn::MulAdd(v3, m, a);
    v4 = hn::MulAdd(v4, m, a);
    v5 = hn::MulAdd(v5, m, a);
    v6 = hn::MulAdd(v6, m, a);
    v7 = hn::MulAdd(v7, m, a);
    v8 = hn::MulAdd(v8, m, a);
    v9 = hn::MulAdd(v9, m, a);
    v10 = hn::MulAdd(v10, m, a);
    v11 = hn::MulAdd(v11, m, a);
  }
  const auto s = hn::Add(hn::Add(hn::Add(hn::Add(v0, v1), hn::Add(v2, v3)),
                                 hn::Add(hn::Add(v4, v5), hn::Add(v6, v7))),
                         hn::Add(hn::Add(v8, v9), hn::Add(v10, v11)));
  return hn::GetLane(hn::SumOfLanes(d, s));
}

Limits Make() {
  const hn::ScalableTag<float> d;
  return Limits{hwy::TargetName(HWY_TARGET), &CopyLoop, &Read2Write1, &FmaLoop,
                2 * hn::Lanes(d) * kChains};
}

}  // namespace HWY_NAMESPACE
}  // namespace peers
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actkern {
namespace peers {

const std::vector<Limits>& AllLimits() {
  static const std::vector<Limits> all = [] {
    std::vector<Limits> v;
    const int64_t supported = hwy::SupportedTargets();
#define ACTKERN_LIMITS_ADD(TARGET, NS) \
  if (supported & TARGET) v.push_back(NS::Make());
#if HWY_TARGETS & HWY_AVX3_DL
    ACTKERN_LIMITS_ADD(HWY_AVX3_DL, N_AVX3_DL)
#endif
#if HWY_TARGETS & HWY_AVX3
    ACTKERN_LIMITS_ADD(HWY_AVX3, N_AVX3)
#endif
#if HWY_TARGETS & HWY_AVX2
    ACTKERN_LIMITS_ADD(HWY_AVX2, N_AVX2)
#endif
#if HWY_TARGETS & HWY_SSE4
    ACTKERN_LIMITS_ADD(HWY_SSE4, N_SSE4)
#endif
#if HWY_TARGETS & HWY_SSSE3
    ACTKERN_LIMITS_ADD(HWY_SSSE3, N_SSSE3)
#endif
#if HWY_TARGETS & HWY_EMU128
    ACTKERN_LIMITS_ADD(HWY_EMU128, N_EMU128)
#endif
#if HWY_TARGETS & HWY_SCALAR
    ACTKERN_LIMITS_ADD(HWY_SCALAR, N_SCALAR)
#endif
#undef ACTKERN_LIMITS_ADD
    return v;
  }();
  return all;
}

const Limits* FindLimits(const std::string& isa) {
  for (const Limits& l : AllLimits()) {
    if (l.isa == isa) return &l;
  }
  return nullptr;
}

}  // namespace peers
}  // namespace actkern
#endif  // HWY_ONCE
