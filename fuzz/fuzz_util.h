// Shared decoding for the libFuzzer targets: a cursor over the fuzzer's
// bytes, and a CHECK that aborts with a message (libFuzzer then saves the
// input as a crash).
#ifndef ACTKERN_FUZZ_FUZZ_UTIL_H_
#define ACTKERN_FUZZ_FUZZ_UTIL_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmath>
#include <string>
#include <vector>

#include "actkern/actkern.h"
#include "catalog.h"

#define FUZZ_CHECK(cond, ...)                            \
  do {                                                   \
    if (!(cond)) {                                       \
      fprintf(stderr, "FUZZ_CHECK failed: %s: ", #cond); \
      fprintf(stderr, __VA_ARGS__);                      \
      fprintf(stderr, "\n");                             \
      abort();                                           \
    }                                                    \
  } while (0)

namespace actkern {
namespace fuzz {

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), left_(size) {}
  uint8_t U8() {
    if (left_ == 0) return 0;
    --left_;
    return *p_++;
  }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(U8()) << (8 * i);
    return v;
  }
  uint64_t U64() { return U32() | static_cast<uint64_t>(U32()) << 32; }
  float F32() {
    const uint32_t b = U32();
    float f;
    memcpy(&f, &b, sizeof(f));
    return f;
  }
  size_t left() const { return left_; }

 private:
  const uint8_t* p_;
  size_t left_;
};

// The 16-bit types (catalog::HalfKind): widening, the correctly rounded
// value of a double, NaN test.
inline float Widen16(int kind, uint16_t h) {
  return kind == catalog::kBf16 ? actkern_bf16_to_f32(h)
                                : actkern_f16_to_f32(h);
}
inline uint16_t Round16(int kind, double v) {
  return kind == catalog::kBf16 ? actkern_bf16_from_double(v)
                                : actkern_f16_from_double(v);
}
inline bool IsNan16(int kind, uint16_t h) {
  return (h & 0x7FFF) > (kind == catalog::kBf16 ? 0x7F80 : 0x7C00);
}
inline bool Same16(int kind, uint16_t a, uint16_t b) {
  return a == b || (IsNan16(kind, a) && IsNan16(kind, b));
}

inline uint32_t Bits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}
inline float FromBits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof(f));
  return f;
}
inline bool Same(float a, float b) {
  return (a != a && b != b) || Bits(a) == Bits(b);
}

// The first three bytes of an elementwise kernel's input:
// [kernel][target][flags], flags' bits 0-3 the misalignment. Reading them
// pins dispatch to the chosen target.
struct Header {
  size_t kernel;
  const std::string* target;  // one of catalog::RunnableTargets()
  uint8_t flags;
  size_t offset;
};
inline Header ReadHeader(Bytes& in, size_t kernels) {
  static const std::vector<std::string> targets = catalog::RunnableTargets();
  Header h;
  h.kernel = in.U8() % kernels;
  h.target = &targets[in.U8() % targets.size()];
  h.flags = in.U8();
  h.offset = h.flags & 15;
  FUZZ_CHECK(actkern_set_max_target(h.target->c_str()) == ACTKERN_OK, "%s",
             h.target->c_str());
  return h;
}

}  // namespace fuzz
}  // namespace actkern

#endif  // ACTKERN_FUZZ_FUZZ_UTIL_H_
