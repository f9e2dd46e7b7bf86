// Portable, seeded test inputs for the hardening tests. Everything here is
// built from integer arithmetic and exact float operations, so the same seed
// gives the same bits on x86 and Arm, with any compiler and any
// -ffp-contract setting (std::normal_distribution would not: it is
// implementation-defined and goes through libm).
#ifndef ACTKERN_TESTS_HARDENING_INPUTS_H_
#define ACTKERN_TESTS_HARDENING_INPUTS_H_

#include <stdint.h>
#include <string.h>

#include <cmath>
#include <vector>

namespace actkern {
namespace test {

// SplitMix64: tiny, fully specified, good enough for test inputs.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t Bits32() { return static_cast<uint32_t>(Next() >> 32); }
  // Uniform integer in [0, n).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>((Next() >> 32) * n >> 32);
  }

 private:
  uint64_t state_;
};

inline float BitsToFloat(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof(f));
  return f;
}
inline uint32_t FloatToBits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}

// A value on the 2^-21 grid in [lo, hi) (|lo|, |hi| <= 2^10): an integer
// (correctly rounded to float, as every IEEE conversion is) times a power of
// two (exact). No fused or library operation, so the same bits everywhere.
inline float Uniform(Rng& rng, int lo, int hi) {
  const uint64_t span = static_cast<uint64_t>(hi - lo) << 21;  // < 2^32
  const int64_t k = static_cast<int64_t>((rng.Next() >> 32) * span >> 32);
  const int64_t fixed = static_cast<int64_t>(lo) * (int64_t{1} << 21) + k;
  return static_cast<float>(fixed) * 0x1p-21f;
}

// Roughly normal with standard deviation about 2^sigma_log2: the sum of four
// 21-bit uniforms, centred, is exactly representable (below 2^24) and then
// scaled by a power of two.
inline float Normalish(Rng& rng, int sigma_log2) {
  int64_t s = 0;
  for (int i = 0; i < 4; ++i)
    s += static_cast<int64_t>(rng.Next() >> 43);  // 21 bits
  s -= int64_t{2} << 21;  // centre: mean of the sum is 4 * 2^20
  // Standard deviation of the sum: 2 * 2^21 / sqrt(12) ~ 2^20.2.
  return std::ldexp(static_cast<float>(s), sigma_log2 - 20);
}

// Special and threshold values every kernel is fed: zeros, infinities, NaNs
// (quiet, signalling, either sign, payloads), subnormal and normal extremes,
// small integers and the neighbourhoods of common overflow/underflow limits.
inline std::vector<float> SpecialValues() {
  const uint32_t bits[] = {
      0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u,  // +-0, +-inf
      0x7FC00000u, 0xFFC00000u, 0x7F800001u, 0xFF800001u,  // NaNs
      0x7FFFFFFFu, 0xFFFFFFFFu, 0x7FA00000u, 0x7FC12345u,  // NaN payloads
      0x00000001u, 0x80000001u, 0x007FFFFFu, 0x807FFFFFu,  // subnormals
      0x00800000u, 0x80800000u, 0x7F7FFFFFu, 0xFF7FFFFFu,  // min/max normal
      0x3F800000u, 0xBF800000u, 0x3F000000u, 0xBF000000u,  // +-1, +-0.5
      0x40000000u, 0xC0000000u, 0x3F317218u, 0xBF317218u,  // +-2, +-ln2
      0x42B17217u, 0x42B17218u, 0xC2AEAC4Fu, 0xC2AEAC50u,  // exp limits
      0xC2CFF1B4u, 0xC2CFF1B5u, 0xC2D00000u, 0x42B00000u,  // underflow edge
      0x33D6BF95u, 0xB3D6BF95u, 0x0DA24260u, 0x8DA24260u,  // 1e-7, 1e-30
      0x41200000u, 0xC1200000u, 0x41A00000u, 0xC1A00000u,  // +-10, +-20
      0x4B000000u, 0xCB000000u, 0x4B800000u, 0x5F000000u,  // 2^23, 2^24, 2^63
      0x3EFFFFFFu, 0x3F000001u, 0x3F7FFFFFu, 0x3F800001u,  // around 0.5, 1
  };
  std::vector<float> v;
  for (uint32_t b : bits) v.push_back(BitsToFloat(b));
  return v;
}

// One float per (sign, biased exponent, mantissa class): every exponent,
// including subnormals and inf/NaN, with mantissa 0, 1, mid, all ones and a
// random one.
inline std::vector<float> BitClassValues(uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v;
  for (uint32_t sign = 0; sign < 2; ++sign) {
    for (uint32_t e = 0; e < 256; ++e) {
      const uint32_t mant[] = {0u, 1u, 0x400000u, 0x7FFFFFu,
                               rng.Bits32() & 0x7FFFFFu};
      for (uint32_t m : mant)
        v.push_back(BitsToFloat(sign << 31 | e << 23 | m));
    }
  }
  return v;
}

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_HARDENING_INPUTS_H_
