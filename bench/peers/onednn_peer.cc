// oneDNN peers: eltwise forward/backward primitives for every activation it
// has, and softmax / log-softmax (softmax_v2) forward and backward.
//
// Used as a framework uses it: one primitive per shape, created once and
// cached; each call only rebinds the data pointers
// (dnnl_memory_set_data_handle) and executes on a CPU stream. oneDNN runs its
// OpenMP runtime pinned to one thread here (see InitOnednn) so it is compared
// single-threaded, like every other implementation in the benchmark.
#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>

#include <map>
#include <string>
#include <utility>

#include "peers.h"

extern "C" void omp_set_num_threads(int);  // libgomp, oneDNN's runtime here

namespace actkern {
namespace peers {
namespace {

void Check(dnnl_status_t s, const char* what) {
  if (s != dnnl_success) {
    fprintf(stderr, "oneDNN peer: %s failed (status %d)\n", what,
            static_cast<int>(s));
    abort();
  }
}

struct Context {
  dnnl_engine_t engine = nullptr;
  dnnl_stream_t stream = nullptr;
};
Context& Ctx() {
  static Context c = [] {
    Context r;
    Check(dnnl_engine_create(&r.engine, dnnl_cpu, 0), "engine");
    Check(dnnl_stream_create(&r.stream, r.engine, dnnl_stream_default_flags),
          "stream");
    return r;
  }();
  return c;
}

// One executable primitive plus one memory object per argument, whose data
// handles are rebound per call.
struct Prim {
  dnnl_primitive_t prim = nullptr;
  int nargs = 0;
  dnnl_exec_arg_t args[3];
};

dnnl_memory_desc_t Desc(size_t rows, size_t cols) {
  dnnl_memory_desc_t md;
  if (rows == 0) {
    const dnnl_dims_t dims = {static_cast<dnnl_dim_t>(cols)};
    Check(dnnl_memory_desc_init_by_tag(&md, 1, dims, dnnl_f32, dnnl_a), "md");
  } else {
    const dnnl_dims_t dims = {static_cast<dnnl_dim_t>(rows),
                              static_cast<dnnl_dim_t>(cols)};
    Check(dnnl_memory_desc_init_by_tag(&md, 2, dims, dnnl_f32, dnnl_ab), "md");
  }
  return md;
}

void Bind(Prim* p, const int* arg_ids, int nargs,
          const dnnl_memory_desc_t& md) {
  p->nargs = nargs;
  for (int i = 0; i < nargs; ++i) {
    p->args[i].arg = arg_ids[i];
    Check(dnnl_memory_create(&p->args[i].memory, &md, Ctx().engine,
                             DNNL_MEMORY_NONE),
          "memory");
  }
}

Prim Finish(const void* desc, const_dnnl_primitive_desc_t hint) {
  dnnl_primitive_desc_t pd;
  Check(dnnl_primitive_desc_create(&pd, desc, nullptr, Ctx().engine, hint),
        "pd");
  Prim p;
  Check(dnnl_primitive_create(&p.prim, pd), "primitive");
  dnnl_primitive_desc_destroy(pd);
  return p;
}

void Run(Prim& p, const void* a0, const void* a1, const void* a2 = nullptr) {
  const void* ptrs[3] = {a0, a1, a2};
  for (int i = 0; i < p.nargs; ++i) {
    Check(dnnl_memory_set_data_handle(p.args[i].memory,
                                      const_cast<void*>(ptrs[i])),
          "set_data_handle");
  }
  Check(dnnl_primitive_execute(p.prim, Ctx().stream, p.nargs, p.args),
        "execute");
  Check(dnnl_stream_wait(Ctx().stream), "wait");
}

// ---------------------------------------------------------------- eltwise
struct EltwiseAlg {
  const char* kernel;  // actkern catalogue name
  dnnl_alg_kind_t fwd;
  dnnl_alg_kind_t bwd;  // dnnl_alg_kind_undef: no backward peer
  bool bwd_takes_y;     // bwd is a *_use_dst_for_bwd variant
  float alpha;
};
constexpr EltwiseAlg kEltwise[] = {
    {"exp", dnnl_eltwise_exp, dnnl_alg_kind_undef, false, 0.0f},
    {"sigmoid", dnnl_eltwise_logistic, dnnl_eltwise_logistic_use_dst_for_bwd,
     true, 0.0f},
    {"tanh", dnnl_eltwise_tanh, dnnl_eltwise_tanh_use_dst_for_bwd, true, 0.0f},
    {"gelu", dnnl_eltwise_gelu_erf, dnnl_eltwise_gelu_erf, false, 0.0f},
    {"gelu_tanh", dnnl_eltwise_gelu_tanh, dnnl_eltwise_gelu_tanh, false, 0.0f},
    // swish(x) = x * sigmoid(alpha x); alpha = 1 is SiLU.
    {"silu", dnnl_eltwise_swish, dnnl_eltwise_swish, false, 1.0f},
    {"elu", dnnl_eltwise_elu, dnnl_eltwise_elu, false, 1.0f},
    // soft_relu in oneDNN 2.6 is log(1 + e^x) (no beta).
    {"softplus", dnnl_eltwise_soft_relu, dnnl_eltwise_soft_relu, false, 0.0f},
    {"mish", dnnl_eltwise_mish, dnnl_eltwise_mish, false, 0.0f},
    {"log_sigmoid", dnnl_eltwise_logsigmoid, dnnl_eltwise_logsigmoid, false,
     0.0f},
    {"log", dnnl_eltwise_log, dnnl_eltwise_log, false, 0.0f},
};
constexpr size_t kNumEltwise = sizeof(kEltwise) / sizeof(kEltwise[0]);

template <size_t kI>
void EltwiseFwd(const float* x, float* y, size_t n) {
  static std::map<size_t, Prim> cache;
  auto it = cache.find(n);
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(0, n);
    dnnl_eltwise_desc_t d;
    Check(dnnl_eltwise_forward_desc_init(&d, dnnl_forward_inference,
                                         kEltwise[kI].fwd, &md,
                                         kEltwise[kI].alpha, 0.0f),
          "eltwise fwd desc");
    Prim p = Finish(&d, nullptr);
    const int ids[2] = {DNNL_ARG_SRC, DNNL_ARG_DST};
    Bind(&p, ids, 2, md);
    it = cache.emplace(n, p).first;
  }
  Run(it->second, x, y);
}

template <size_t kI>
void EltwiseBwd(const float* in, const float* dy, float* dx, size_t n) {
  static std::map<size_t, Prim> cache;
  auto it = cache.find(n);
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(0, n);
    const EltwiseAlg& a = kEltwise[kI];
    dnnl_eltwise_desc_t fd;
    Check(dnnl_eltwise_forward_desc_init(&fd, dnnl_forward_training, a.bwd, &md,
                                         a.alpha, 0.0f),
          "eltwise fwd-hint desc");
    dnnl_primitive_desc_t hint;
    Check(
        dnnl_primitive_desc_create(&hint, &fd, nullptr, Ctx().engine, nullptr),
        "hint pd");
    dnnl_eltwise_desc_t d;
    Check(dnnl_eltwise_backward_desc_init(&d, a.bwd, &md, &md, a.alpha, 0.0f),
          "eltwise bwd desc");
    Prim p = Finish(&d, hint);
    dnnl_primitive_desc_destroy(hint);
    const int ids[3] = {a.bwd_takes_y ? DNNL_ARG_DST : DNNL_ARG_SRC,
                        DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
    Bind(&p, ids, 3, md);
    it = cache.emplace(n, p).first;
  }
  Run(it->second, in, dy, dx);
}

// ---------------------------------------------------------------- softmax
template <bool kLog>
void SoftmaxFwd(const float* x, float* y, size_t rows, size_t cols) {
  static std::map<std::pair<size_t, size_t>, Prim> cache;
  auto it = cache.find({rows, cols});
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(rows, cols);
    dnnl_softmax_v2_desc_t d;
    Check(dnnl_softmax_v2_forward_desc_init(
              &d, dnnl_forward_inference,
              kLog ? dnnl_softmax_log : dnnl_softmax_accurate, &md, &md, 1),
          "softmax fwd desc");
    Prim p = Finish(&d, nullptr);
    const int ids[2] = {DNNL_ARG_SRC, DNNL_ARG_DST};
    Bind(&p, ids, 2, md);
    it = cache.emplace(std::make_pair(rows, cols), p).first;
  }
  Run(it->second, x, y);
}

template <bool kLog>
void SoftmaxBwd(const float* y, const float* dy, float* dx, size_t rows,
                size_t cols) {
  static std::map<std::pair<size_t, size_t>, Prim> cache;
  auto it = cache.find({rows, cols});
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(rows, cols);
    const dnnl_alg_kind_t alg = kLog ? dnnl_softmax_log : dnnl_softmax_accurate;
    dnnl_softmax_v2_desc_t fd;
    Check(dnnl_softmax_v2_forward_desc_init(&fd, dnnl_forward_training, alg,
                                            &md, &md, 1),
          "softmax fwd-hint desc");
    dnnl_primitive_desc_t hint;
    Check(
        dnnl_primitive_desc_create(&hint, &fd, nullptr, Ctx().engine, nullptr),
        "hint pd");
    dnnl_softmax_v2_desc_t d;
    Check(dnnl_softmax_v2_backward_desc_init(&d, alg, &md, &md, &md, 1),
          "softmax bwd desc");
    Prim p = Finish(&d, hint);
    dnnl_primitive_desc_destroy(hint);
    const int ids[3] = {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC};
    Bind(&p, ids, 3, md);
    it = cache.emplace(std::make_pair(rows, cols), p).first;
  }
  Run(it->second, y, dy, dx);
}

std::string g_isa = "native";

template <size_t... kI>
void AddEltwise(Registry* r, std::index_sequence<kI...>) {
  (r->unary->push_back(
       {kEltwise[kI].kernel, "onednn", g_isa, &EltwiseFwd<kI>, ""}),
   ...);
  ((kEltwise[kI].bwd != dnnl_alg_kind_undef
        ? r->backward->push_back(
              {std::string(kEltwise[kI].kernel) + "_backward", "onednn", g_isa,
               kEltwise[kI].bwd_takes_y, &EltwiseBwd<kI>})
        : void()),
   ...);
}

}  // namespace

void InitOnednn(const std::string& max_isa) {
  omp_set_num_threads(1);
  dnnl_cpu_isa_t cap = dnnl_cpu_isa_all;
  if (max_isa == "SSE4") cap = dnnl_cpu_isa_sse41;
  if (max_isa == "AVX2") cap = dnnl_cpu_isa_avx2;
  if (max_isa == "AVX3") cap = dnnl_cpu_isa_avx512_core;
  // AVX3_DL and above: oneDNN's avx512_core_* levels add VNNI/BF16, which no
  // float eltwise uses, so "all" is equivalent.
  if (cap != dnnl_cpu_isa_all)
    Check(dnnl_set_max_cpu_isa(cap), "set_max_cpu_isa");
  g_isa = max_isa.empty() ? "native" : max_isa;
}

void AddOnednn(Registry* r) {
  const dnnl_version_t* v = dnnl_version();
  r->libraries->push_back("onednn " + std::to_string(v->major) + "." +
                          std::to_string(v->minor) + "." +
                          std::to_string(v->patch));
  AddEltwise(r, std::make_index_sequence<kNumEltwise>());
  r->rows->push_back({"softmax", "onednn", g_isa, &SoftmaxFwd<false>});
  r->rows->push_back({"log_softmax", "onednn", g_isa, &SoftmaxFwd<true>});
  r->rows_backward->push_back(
      {"softmax_backward", "onednn", g_isa, &SoftmaxBwd<false>});
  r->rows_backward->push_back(
      {"log_softmax_backward", "onednn", g_isa, &SoftmaxBwd<true>});
}

}  // namespace peers
}  // namespace actkern
