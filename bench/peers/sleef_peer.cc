// Registers SLEEF's wrappers for every ISA the CPU has, up to the cap.
#include <sleef.h>

#include <string>

#include "peer_table.h"
#include "peers.h"

namespace actkern {
namespace peers {

namespace {
void AddTable(Registry* r, const PeerEntry* table, const char* isa) {
  if (IsaRank(isa) > r->max_rank) return;
  for (const PeerEntry* e = table; e->kernel != nullptr; ++e) {
    r->unary->push_back(
        {e->kernel, e->impl, isa, e->run,
         "no subnormal flush; u10 = 1.0-ULP, u35 = 3.5-ULP class"});
  }
}
}  // namespace

void AddSleef(Registry* r) {
  r->libraries->push_back("sleef " + std::to_string(SLEEF_VERSION_MAJOR) + "." +
                          std::to_string(SLEEF_VERSION_MINOR) + "." +
                          std::to_string(SLEEF_VERSION_PATCHLEVEL));
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.1")) AddTable(r, kSleefSse4, "SSE4");
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    AddTable(r, kSleefAvx2, "AVX2");
  }
  if (__builtin_cpu_supports("avx512f")) AddTable(r, kSleefAvx512, "AVX3");
}

}  // namespace peers
}  // namespace actkern
