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

inline uint32_t Bits(float f) {
  uint32_t b;
  memcpy(&b, &f, sizeof(b));
  return b;
}
inline bool Same(float a, float b) {
  return (a != a && b != b) || Bits(a) == Bits(b);
}

}  // namespace fuzz
}  // namespace actkern

#endif  // ACTKERN_FUZZ_FUZZ_UTIL_H_
