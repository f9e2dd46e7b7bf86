// XNNPACK peers (the 2022 snapshot Debian 12 ships): its f32 sigmoid and ELU
// operators and softmax. It has no f32 exp, tanh or GELU operator. Operators
// are created once (per row length for softmax), set up per call with the
// call's pointers, and run with a null thread pool (on the calling thread).
#include <cpuinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <xnnpack.h>

#include <map>
#include <string>

#include "peers.h"

namespace actkern {
namespace peers {
namespace {

void Check(xnn_status s, const char* what) {
  if (s != xnn_status_success) {
    fprintf(stderr, "XNNPACK peer: %s failed (status %d)\n", what,
            static_cast<int>(s));
    abort();
  }
}

xnn_operator_t g_sigmoid = nullptr;
xnn_operator_t g_elu = nullptr;

// Unary operators with channels = 1 and unit strides: XNNPACK sees a
// contiguous batch of n elements and runs its microkernel over it in one go.
void Sigmoid(const float* x, float* y, size_t n) {
  Check(xnn_setup_sigmoid_nc_f32(g_sigmoid, n, x, y, nullptr), "setup sigmoid");
  Check(xnn_run_operator(g_sigmoid, nullptr), "run sigmoid");
}

void Elu(const float* x, float* y, size_t n) {
  Check(xnn_setup_elu_nc_f32(g_elu, n, x, y, nullptr), "setup elu");
  Check(xnn_run_operator(g_elu, nullptr), "run elu");
}

void Softmax(const float* x, float* y, size_t rows, size_t cols) {
  static std::map<size_t, xnn_operator_t> ops;
  auto it = ops.find(cols);
  if (it == ops.end()) {
    xnn_operator_t op = nullptr;
    Check(xnn_create_softmax_nc_f32(cols, cols, cols, 0, &op),
          "create softmax");
    it = ops.emplace(cols, op).first;
  }
  Check(xnn_setup_softmax_nc_f32(it->second, rows, x, y, nullptr),
        "setup softmax");
  Check(xnn_run_operator(it->second, nullptr), "run softmax");
}

std::string g_isa = "native";
bool g_ok = false;

}  // namespace

void InitXnnpack(const std::string& max_isa) {
  // XNNPACK picks its microkernels from cpuinfo's feature flags once, in
  // xnn_initialize. To run it as it would on a CPU without the features above
  // the cap, clear them in cpuinfo's (writable, process-wide) table first.
  if (!cpuinfo_initialize()) return;
  if (!max_isa.empty()) {
    const int rank = IsaRank(max_isa);
    cpuinfo_x86_isa& isa = cpuinfo_isa;
    if (rank < IsaRank("AVX3_DL")) {
      isa.avx512vbmi = isa.avx512vbmi2 = isa.avx512bitalg =
          isa.avx512vpopcntdq = isa.avx512vnni = isa.avx512bf16 =
              isa.avx512ifma = isa.vaes = isa.vpclmulqdq = isa.gfni = false;
    }
    if (rank < IsaRank("AVX3")) {
      isa.avx512f = isa.avx512cd = isa.avx512dq = isa.avx512bw = isa.avx512vl =
          isa.avx512pf = isa.avx512er = false;
    }
    if (rank < IsaRank("AVX2")) {
      isa.avx = isa.avx2 = isa.fma3 = isa.fma4 = isa.f16c = isa.xop = false;
    }
    if (rank < IsaRank("SSE4")) isa.sse4_1 = isa.sse4_2 = false;
  }
  g_isa = max_isa.empty() ? "native" : max_isa;
  Check(xnn_initialize(nullptr), "initialize");
  Check(xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &g_sigmoid), "create sigmoid");
  Check(xnn_create_elu_nc_f32(1, 1, 1, 1.0f, 0, &g_elu), "create elu");
  g_ok = true;
}

void AddXnnpack(Registry* r) {
  if (!g_ok) return;
  r->libraries->push_back("xnnpack (Debian 0.0~git20220216)");
  r->unary->push_back({"sigmoid", "xnnpack", g_isa, &Sigmoid, ""});
  r->unary->push_back({"elu", "xnnpack", g_isa, &Elu, "alpha = 1"});
  r->rows->push_back({"softmax", "xnnpack", g_isa, &Softmax});
}

}  // namespace peers
}  // namespace actkern
