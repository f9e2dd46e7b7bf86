// oneDNN peers: eltwise forward/backward primitives for every activation it
// has, softmax / log-softmax (softmax_v2) forward and backward, masked
// softmax as binary add of a mask tensor + softmax, and logsumexp as
// compositions (oneDNN has no logsumexp primitive; see below).
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
#include <vector>

#include "peers.h"

extern "C" void omp_set_num_threads(int);  // libgomp, oneDNN's runtime here

namespace actkern {
namespace peers {
namespace {

void Check(dnnl_status_t s, const char* what) {
  CheckPeer(s == dnnl_success, "oneDNN", what, static_cast<int>(s));
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

Prim FinishWithAttr(const void* desc, const_dnnl_primitive_attr_t attr) {
  dnnl_primitive_desc_t pd;
  Check(dnnl_primitive_desc_create(&pd, desc, attr, Ctx().engine, nullptr),
        "pd");
  Prim p;
  Check(dnnl_primitive_create(&p.prim, pd), "primitive");
  dnnl_primitive_desc_destroy(pd);
  return p;
}

// One memory object per argument, each with its own descriptor.
void BindEach(Prim* p, const int* arg_ids, const dnnl_memory_desc_t* mds,
              int nargs) {
  p->nargs = nargs;
  for (int i = 0; i < nargs; ++i) {
    p->args[i].arg = arg_ids[i];
    Check(dnnl_memory_create(&p->args[i].memory, &mds[i], Ctx().engine,
                             DNNL_MEMORY_NONE),
          "memory");
  }
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

// ---------------------------------------------------------------- masks
// y = softmax(x + mask): a binary add of the additive mask tensor into y,
// then softmax in place on y. Two primitives, timed together: what an engine
// without a masked softmax does.
void MaskedSoftmaxAddMask(const float* x, const float* mask, float* y,
                          size_t rows, size_t cols) {
  static std::map<std::pair<size_t, size_t>, Prim> cache;
  auto it = cache.find({rows, cols});
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(rows, cols);
    dnnl_binary_desc_t d;
    Check(dnnl_binary_desc_init(&d, dnnl_binary_add, &md, &md, &md),
          "binary add desc");
    Prim p = Finish(&d, nullptr);
    const int ids[3] = {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST};
    Bind(&p, ids, 3, md);
    it = cache.emplace(std::make_pair(rows, cols), p).first;
  }
  Run(it->second, x, mask, y);
  SoftmaxFwd<false>(y, y, rows, cols);
}

// ---------------------------------------------------------------- logsumexp
// oneDNN 2.6 has no logsumexp primitive (its reductions are max, min, sum,
// mul, mean and the Lp norms). Two compositions, both exact for any finite
// logits (the max shift), each with its scratch allocated once per shape:
//
// onednn_reduce: m = reduce_max(x); t = exp(x - m) (a broadcast binary sub
// with an eltwise exp post-op); out = log(reduce_sum(t)) + m (a sum reduction
// with eltwise log and binary add post-ops). Three primitives.
struct LseReduce {
  Prim max, sub_exp, sum_log_add;
  std::vector<float> m, t;
};
void LogSumExpReduce(const float* x, float* out, size_t rows, size_t cols) {
  static std::map<std::pair<size_t, size_t>, LseReduce> cache;
  auto it = cache.find({rows, cols});
  if (it == cache.end()) {
    const dnnl_memory_desc_t md = Desc(rows, cols), md1 = Desc(rows, 1);
    LseReduce l;
    l.m.resize(rows);
    l.t.resize(rows * cols);
    {
      dnnl_reduction_desc_t d;
      Check(dnnl_reduction_desc_init(&d, dnnl_reduction_max, &md, &md1, 0.0f,
                                     0.0f),
            "reduction max desc");
      l.max = FinishWithAttr(&d, nullptr);
      const int ids[2] = {DNNL_ARG_SRC, DNNL_ARG_DST};
      const dnnl_memory_desc_t mds[2] = {md, md1};
      BindEach(&l.max, ids, mds, 2);
    }
    {
      dnnl_binary_desc_t d;
      Check(dnnl_binary_desc_init(&d, dnnl_binary_sub, &md, &md1, &md),
            "binary sub desc");
      dnnl_post_ops_t po;
      Check(dnnl_post_ops_create(&po), "post_ops");
      Check(dnnl_post_ops_append_eltwise(po, 1.0f, dnnl_eltwise_exp, 0, 0),
            "post_ops exp");
      dnnl_primitive_attr_t attr;
      Check(dnnl_primitive_attr_create(&attr), "attr");
      Check(dnnl_primitive_attr_set_post_ops(attr, po), "set_post_ops");
      l.sub_exp = FinishWithAttr(&d, attr);
      dnnl_primitive_attr_destroy(attr);
      dnnl_post_ops_destroy(po);
      const int ids[3] = {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST};
      const dnnl_memory_desc_t mds[3] = {md, md1, md};
      BindEach(&l.sub_exp, ids, mds, 3);
    }
    {
      dnnl_reduction_desc_t d;
      Check(dnnl_reduction_desc_init(&d, dnnl_reduction_sum, &md, &md1, 0.0f,
                                     0.0f),
            "reduction sum desc");
      dnnl_post_ops_t po;
      Check(dnnl_post_ops_create(&po), "post_ops");
      Check(dnnl_post_ops_append_eltwise(po, 1.0f, dnnl_eltwise_log, 0, 0),
            "post_ops log");
      Check(dnnl_post_ops_append_binary(po, dnnl_binary_add, &md1),
            "post_ops add");
      dnnl_primitive_attr_t attr;
      Check(dnnl_primitive_attr_create(&attr), "attr");
      Check(dnnl_primitive_attr_set_post_ops(attr, po), "set_post_ops");
      l.sum_log_add = FinishWithAttr(&d, attr);
      dnnl_primitive_attr_destroy(attr);
      dnnl_post_ops_destroy(po);
      const int ids[3] = {DNNL_ARG_SRC, DNNL_ARG_DST,
                          DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1};
      const dnnl_memory_desc_t mds[3] = {md, md1, md1};
      BindEach(&l.sum_log_add, ids, mds, 3);
    }
    it = cache.emplace(std::make_pair(rows, cols), std::move(l)).first;
  }
  LseReduce& l = it->second;
  Run(l.max, x, l.m.data());
  Run(l.sub_exp, x, l.m.data(), l.t.data());
  Run(l.sum_log_add, l.t.data(), out, l.m.data());
}

// onednn_log_softmax: one log-softmax primitive into a scratch matrix t, then
// out[r] = x[r, 0] - t[r, 0] (log_softmax(x)_c = x_c - logsumexp(x) for every
// c). One primitive plus a scalar per row, but it writes the whole matrix.
void LogSumExpViaLogSoftmax(const float* x, float* out, size_t rows,
                            size_t cols) {
  static std::map<std::pair<size_t, size_t>, std::vector<float>> scratch;
  std::vector<float>& t = scratch[{rows, cols}];
  if (t.size() != rows * cols) t.resize(rows * cols);
  SoftmaxFwd<true>(x, t.data(), rows, cols);
  for (size_t r = 0; r < rows; ++r) out[r] = x[r * cols] - t[r * cols];
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
  r->masked_rows->push_back(
      {"softmax_masked", "onednn_add_mask", g_isa, &MaskedSoftmaxAddMask,
       "binary add of a 0/-inf mask tensor, then softmax in place"});
  r->reduce_rows->push_back(
      {"logsumexp", "onednn_reduce", g_isa, &LogSumExpReduce,
       "reduce max; binary sub + exp post-op; reduce sum + log, add post-ops"});
  r->reduce_rows->push_back({"logsumexp", "onednn_log_softmax", g_isa,
                             &LogSumExpViaLogSoftmax,
                             "log-softmax into scratch, then x[r,0] - y[r,0]"});
}

}  // namespace peers
}  // namespace actkern
