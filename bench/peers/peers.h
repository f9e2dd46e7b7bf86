// The peers actkern is benchmarked against: other libraries' implementations
// of the same kernels, registered under the SAME kernel names as actkern's
// catalogue (tools/catalog.h), so that a benchmark or accuracy case exists for
// (kernel, implementation) exactly when the catalogue has the kernel and a
// peer provides it. Kernels that land later in the catalogue are picked up
// with no edit here.
//
// Each peer library is optional: bench/CMakeLists.txt compiles its wrapper
// only when the library is found and defines ACTKERN_PEER_<NAME>.
#ifndef ACTKERN_BENCH_PEERS_PEERS_H_
#define ACTKERN_BENCH_PEERS_PEERS_H_

#include <stddef.h>

#include <string>
#include <vector>

namespace actkern {
namespace peers {

// y[i] = f(x[i]) for i in [0, n).
using UnaryFn = void (*)(const float* x, float* y, size_t n);
// dx[i] = f'(in[i]) * dy[i]; `in` is y = f(x) for kernels that take y
// (sigmoid, tanh, as in actkern's catalogue), x otherwise.
using BackwardFn = void (*)(const float* in, const float* dy, float* dx,
                            size_t n);
// Row-wise over a dense rows x cols matrix (row stride = cols):
// softmax / log_softmax forward: y = f(x).
using RowsFn = void (*)(const float* x, float* y, size_t rows, size_t cols);
// softmax_backward: dx = y * (dy - sum(y * dy)); log_softmax_backward:
// dx = dy - exp(y) * sum(dy). `y` is the forward output.
using RowsBackwardFn = void (*)(const float* y, const float* dy, float* dx,
                                size_t rows, size_t cols);
// Masked softmax as an engine composes it without a masked kernel:
// y = softmax(x + mask) row-wise, `mask` a dense rows x cols additive tensor
// of 0 (kept) and -inf (masked), precomputed by the caller.
using MaskedRowsFn = void (*)(const float* x, const float* mask, float* y,
                              size_t rows, size_t cols);
// A row reduction: out[r] = f(x[r, :]) for each of `rows` rows ("logsumexp").
using ReduceRowsFn = void (*)(const float* x, float* out, size_t rows,
                              size_t cols);

// The instruction set a peer implementation runs, in actkern's target names
// so that results line up with actkern's per-target cases: "SSE4", "AVX2",
// "AVX3" (AVX-512). Runtime-dispatched peers (oneDNN, XNNPACK) report the cap
// they were given (see Init).
struct UnaryPeer {
  std::string kernel;  // catalogue name, e.g. "exp", "sigmoid"
  std::string impl;    // e.g. "sleef_u10", "onednn", "eigen"
  std::string isa;
  UnaryFn run;
  std::string note;  // accuracy/behaviour remarks worth printing
};
struct BackwardPeer {
  std::string kernel;  // e.g. "sigmoid_backward"
  std::string impl;
  std::string isa;
  bool takes_y;
  BackwardFn run;
};
struct RowsPeer {
  std::string kernel;  // "softmax" or "log_softmax"
  std::string impl;
  std::string isa;
  RowsFn run;
};
struct RowsBackwardPeer {
  std::string kernel;  // "softmax_backward" or "log_softmax_backward"
  std::string impl;
  std::string isa;
  RowsBackwardFn run;
};
struct MaskedRowsPeer {
  std::string kernel;  // "softmax_masked"
  std::string impl;
  std::string isa;
  MaskedRowsFn run;
  std::string note;  // what the composition is
};
struct ReduceRowsPeer {
  std::string kernel;  // "logsumexp"
  std::string impl;
  std::string isa;
  ReduceRowsFn run;
  std::string note;  // what the composition is
};

// Must be called once, before any peer runs. `max_isa` is "SSE4", "AVX2",
// "AVX3" or "" (no cap): runtime-dispatched peers are capped there (oneDNN via
// dnnl_set_max_cpu_isa, XNNPACK by hiding the CPU features above it from
// cpuinfo before xnn_initialize), and statically compiled variants above it
// are not registered. Also pins oneDNN's OpenMP to one thread: every
// implementation here runs single-threaded, as actkern does. Returns false if
// max_isa is unknown.
bool Init(const std::string& max_isa);

// The peers compiled in, available on this CPU and within the cap.
const std::vector<UnaryPeer>& UnaryPeers();
const std::vector<BackwardPeer>& BackwardPeers();
const std::vector<RowsPeer>& RowsPeers();
const std::vector<RowsBackwardPeer>& RowsBackwardPeers();
const std::vector<MaskedRowsPeer>& MaskedRowsPeers();
const std::vector<ReduceRowsPeer>& ReduceRowsPeers();

// Names of the peer libraries compiled in, with versions, e.g.
// "sleef 3.5.1", for the benchmark context.
std::vector<std::string> Libraries();

// Rank of an ISA name (SCALAR/EMU128 0, SSSE3 1, SSE4 2, AVX2 3, AVX3 4,
// AVX3_DL 5 and above); -1 if unknown.
int IsaRank(const std::string& isa);

// ---- registration, one function per peer library (internal)
struct Registry {
  int max_rank;  // IsaRank of the cap (large when uncapped)
  std::vector<UnaryPeer>* unary;
  std::vector<BackwardPeer>* backward;
  std::vector<RowsPeer>* rows;
  std::vector<RowsBackwardPeer>* rows_backward;
  std::vector<std::string>* libraries;
  std::vector<MaskedRowsPeer>* masked_rows;
  std::vector<ReduceRowsPeer>* reduce_rows;
};
void InitOnednn(const std::string& max_isa);
void InitXnnpack(const std::string& max_isa);
struct PeerEntry;
// Aborts with "<library> peer: <what> failed (status <status>)" unless ok: a
// peer that cannot be set up must not produce figures.
void CheckPeer(bool ok, const char* library, const char* what, int status);
// Registers every kernel of a wrapper table (peer_table.h) compiled for isa,
// unless isa is above the cap; note goes with each.
void AddPeerTable(Registry* r, const PeerEntry* table, const char* isa,
                  const char* note);
void AddSleef(Registry* r);
void AddEigen(Registry* r);
void AddOnednn(Registry* r);
void AddXnnpack(Registry* r);
void AddHwyContrib(Registry* r);
void AddScalar(Registry* r);  // plain scalar loops (always present)

}  // namespace peers
}  // namespace actkern

#endif  // ACTKERN_BENCH_PEERS_PEERS_H_
