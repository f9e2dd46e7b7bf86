// A constant table of wrappers (kernel name, implementation, function),
// exported by translation units or shared objects compiled for one ISA.
#ifndef ACTKERN_BENCH_PEERS_PEER_TABLE_H_
#define ACTKERN_BENCH_PEERS_PEER_TABLE_H_

#include <stddef.h>

namespace actkern {
namespace peers {
struct PeerEntry {
  const char* kernel;
  const char* impl;
  void (*run)(const float* x, float* y, size_t n);
};
}  // namespace peers
}  // namespace actkern

extern const actkern::peers::PeerEntry kSleefSse4[];
extern const actkern::peers::PeerEntry kSleefAvx2[];
extern const actkern::peers::PeerEntry kSleefAvx512[];

#endif  // ACTKERN_BENCH_PEERS_PEER_TABLE_H_
