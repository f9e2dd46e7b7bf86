// The peer registry: collects what each compiled-in peer library provides.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "peer_table.h"
#include "peers.h"

namespace actkern {
namespace peers {

namespace {

struct State {
  bool initialized = false;
  std::string max_isa;
  std::vector<UnaryPeer> unary;
  std::vector<BackwardPeer> backward;
  std::vector<RowsPeer> rows;
  std::vector<RowsBackwardPeer> rows_backward;
  std::vector<std::string> libraries;
  std::vector<MaskedRowsPeer> masked_rows;
  std::vector<ReduceRowsPeer> reduce_rows;
};
State& S() {
  static State s;
  return s;
}

// Plain scalar row-wise references (three passes, double accumulation for
// the sum): the "naive loop" beside which softmax peers and actkern run.
void ScalarSoftmaxImpl(const float* x, float* y, size_t rows, size_t cols,
                       bool log) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    float m = -INFINITY;
    for (size_t c = 0; c < cols; ++c) m = std::max(m, xr[c]);
    float sum = 0.0f;
    for (size_t c = 0; c < cols; ++c) sum += expf(xr[c] - m);
    if (log) {
      const float lse = m + logf(sum);
      for (size_t c = 0; c < cols; ++c) yr[c] = xr[c] - lse;
    } else {
      const float inv = 1.0f / sum;
      for (size_t c = 0; c < cols; ++c) yr[c] = expf(xr[c] - m) * inv;
    }
  }
}
void ScalarSoftmax(const float* x, float* y, size_t rows, size_t cols) {
  ScalarSoftmaxImpl(x, y, rows, cols, false);
}
void ScalarLogSoftmax(const float* x, float* y, size_t rows, size_t cols) {
  ScalarSoftmaxImpl(x, y, rows, cols, true);
}
void ScalarSoftmaxBackward(const float* y, const float* dy, float* dx,
                           size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; ++r) {
    const size_t o = r * cols;
    float dot = 0.0f;
    for (size_t c = 0; c < cols; ++c) dot += y[o + c] * dy[o + c];
    for (size_t c = 0; c < cols; ++c) dx[o + c] = y[o + c] * (dy[o + c] - dot);
  }
}
void ScalarLogSoftmaxBackward(const float* y, const float* dy, float* dx,
                              size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; ++r) {
    const size_t o = r * cols;
    float sum = 0.0f;
    for (size_t c = 0; c < cols; ++c) sum += dy[o + c];
    for (size_t c = 0; c < cols; ++c)
      dx[o + c] = dy[o + c] - expf(y[o + c]) * sum;
  }
}

}  // namespace

void AddScalar(Registry* r) {
  r->rows->push_back({"softmax", "std_loop", "SCALAR", &ScalarSoftmax});
  r->rows->push_back({"log_softmax", "std_loop", "SCALAR", &ScalarLogSoftmax});
  r->rows_backward->push_back(
      {"softmax_backward", "std_loop", "SCALAR", &ScalarSoftmaxBackward});
  r->rows_backward->push_back({"log_softmax_backward", "std_loop", "SCALAR",
                               &ScalarLogSoftmaxBackward});
}

void CheckPeer(bool ok, const char* library, const char* what, int status) {
  if (ok) return;
  fprintf(stderr, "%s peer: %s failed (status %d)\n", library, what, status);
  abort();
}

void AddPeerTable(Registry* r, const PeerEntry* table, const char* isa,
                  const char* note) {
  if (IsaRank(isa) > r->max_rank) return;
  for (const PeerEntry* e = table; e->kernel != nullptr; ++e) {
    r->unary->push_back({e->kernel, e->impl, isa, e->run, note});
  }
}

int IsaRank(const std::string& isa) {
  static const char* const kOrder[] = {"SCALAR", "SSSE3", "SSE4",
                                       "AVX2",   "AVX3",  "AVX3_DL"};
  if (isa == "EMU128") return 0;
  for (int i = 0; i < 6; ++i) {
    if (isa == kOrder[i]) return i;
  }
  return -1;
}

bool Init(const std::string& max_isa) {
  State& s = S();
  if (s.initialized) return s.max_isa == max_isa;
  if (!max_isa.empty() && IsaRank(max_isa) < 0) return false;
  s.initialized = true;
  s.max_isa = max_isa;
  Registry r{max_isa.empty() ? 1000 : IsaRank(max_isa),
             &s.unary,
             &s.backward,
             &s.rows,
             &s.rows_backward,
             &s.libraries,
             &s.masked_rows,
             &s.reduce_rows};
  AddScalar(&r);
#ifdef ACTKERN_PEER_SLEEF
  AddSleef(&r);
#endif
#ifdef ACTKERN_PEER_EIGEN
  AddEigen(&r);
#endif
#ifdef ACTKERN_PEER_ONEDNN
  InitOnednn(max_isa);
  AddOnednn(&r);
#endif
#ifdef ACTKERN_PEER_XNNPACK
  InitXnnpack(max_isa);
  AddXnnpack(&r);
#endif
#ifdef ACTKERN_PEER_HWY
  AddHwyContrib(&r);
#endif
  return true;
}

const std::vector<UnaryPeer>& UnaryPeers() { return S().unary; }
const std::vector<BackwardPeer>& BackwardPeers() { return S().backward; }
const std::vector<RowsPeer>& RowsPeers() { return S().rows; }
const std::vector<RowsBackwardPeer>& RowsBackwardPeers() {
  return S().rows_backward;
}
const std::vector<MaskedRowsPeer>& MaskedRowsPeers() { return S().masked_rows; }
const std::vector<ReduceRowsPeer>& ReduceRowsPeers() { return S().reduce_rows; }
std::vector<std::string> Libraries() { return S().libraries; }

}  // namespace peers
}  // namespace actkern
