// Registers SLEEF's wrappers for every ISA the CPU has, up to the cap.
#include <sleef.h>

#include <string>

#include "peer_table.h"
#include "peers.h"

namespace actkern {
namespace peers {

namespace {
const char* const kNote =
    "no subnormal flush; u10 = 1.0-ULP, u35 = 3.5-ULP class";
}  // namespace

void AddSleef(Registry* r) {
  r->libraries->push_back("sleef " + std::to_string(SLEEF_VERSION_MAJOR) + "." +
                          std::to_string(SLEEF_VERSION_MINOR) + "." +
                          std::to_string(SLEEF_VERSION_PATCHLEVEL));
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.1"))
    AddPeerTable(r, kSleefSse4, "SSE4", kNote);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    AddPeerTable(r, kSleefAvx2, "AVX2", kNote);
  }
  if (__builtin_cpu_supports("avx512f"))
    AddPeerTable(r, kSleefAvx512, "AVX3", kNote);
}

}  // namespace peers
}  // namespace actkern
