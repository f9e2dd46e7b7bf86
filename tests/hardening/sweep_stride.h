// The stride of the tests' sampled bit-pattern sweeps, overridable with the
// environment variable ACTKERN_TEST_SWEEP_STRIDE. Under qemu (45-160x slower)
// the emulated runs set a coarser stride; the default is the native one.
#ifndef ACTKERN_TESTS_HARDENING_SWEEP_STRIDE_H_
#define ACTKERN_TESTS_HARDENING_SWEEP_STRIDE_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

namespace actkern {
namespace test {

// `native` unless ACTKERN_TEST_SWEEP_STRIDE holds a positive integer. Odd
// strides reach every low-bit pattern; an even one is accepted as given.
inline uint64_t SweepStride(uint64_t native) {
  const char* env = getenv("ACTKERN_TEST_SWEEP_STRIDE");
  if (env == nullptr || env[0] == '\0') return native;
  char* end = nullptr;
  const unsigned long long v = strtoull(env, &end, 10);
  if (end == env || *end != '\0' || v == 0) {
    fprintf(
        stderr,
        "ACTKERN_TEST_SWEEP_STRIDE=%s is not a positive integer; using %llu\n",
        env, static_cast<unsigned long long>(native));
    return native;
  }
  return v;
}

}  // namespace test
}  // namespace actkern

#endif  // ACTKERN_TESTS_HARDENING_SWEEP_STRIDE_H_
