// Registers the Eigen wrappers of every ISA shared object the CPU can run.
#include <string>

#include "peer_table.h"
#include "peers.h"

extern "C" const actkern::peers::PeerEntry* actkern_peer_eigen_sse4();
extern "C" const actkern::peers::PeerEntry* actkern_peer_eigen_avx2();
extern "C" const actkern::peers::PeerEntry* actkern_peer_eigen_avx512();

namespace actkern {
namespace peers {

namespace {
void AddTable(Registry* r, const PeerEntry* table, const char* isa) {
  if (IsaRank(isa) > r->max_rank) return;
  for (const PeerEntry* e = table; e->kernel != nullptr; ++e) {
    r->unary->push_back({e->kernel, e->impl, isa, e->run, ""});
  }
}
}  // namespace

void AddEigen(Registry* r) {
  r->libraries->push_back("eigen " ACTKERN_EIGEN_VERSION);
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.2"))
    AddTable(r, actkern_peer_eigen_sse4(), "SSE4");
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    AddTable(r, actkern_peer_eigen_avx2(), "AVX2");
  }
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl")) {
    AddTable(r, actkern_peer_eigen_avx512(), "AVX3");
  }
}

}  // namespace peers
}  // namespace actkern
