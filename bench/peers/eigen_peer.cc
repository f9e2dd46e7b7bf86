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
const char* const kNote = "";
}  // namespace

void AddEigen(Registry* r) {
  r->libraries->push_back("eigen " ACTKERN_EIGEN_VERSION);
  __builtin_cpu_init();
  if (__builtin_cpu_supports("sse4.2"))
    AddPeerTable(r, actkern_peer_eigen_sse4(), "SSE4", kNote);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    AddPeerTable(r, actkern_peer_eigen_avx2(), "AVX2", kNote);
  }
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl")) {
    AddPeerTable(r, actkern_peer_eigen_avx512(), "AVX3", kNote);
  }
}

}  // namespace peers
}  // namespace actkern
