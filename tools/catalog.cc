#include "catalog.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <utility>

#include "actkern/reference.h"

namespace actkern {
namespace catalog {

namespace {

// ------------------------------------------------------------ table rows
// Each ACTKERN_KERNEL row of actkern/kernel_table.def becomes a struct
// Row_<name> with the row's data as functions of a parameter array; each
// catalogued variant binds that array to its values.

template <size_t kNumParams>
struct Variant {
  const char* name;
  std::array<float, kNumParams> params;
};

#define ACTKERN_KT_ABS_HAS_NONE false
#define ACTKERN_KT_ABS_HAS_TERMS(e) true
#define ACTKERN_KT_ABS_EXPR_NONE 0.0
#define ACTKERN_KT_ABS_EXPR_TERMS(e) (e)
#define ACTKERN_KT_TAKES_Y_X false
#define ACTKERN_KT_TAKES_Y_Y true
#define ACTKERN_KT_TAKES_Y_NONE false
#define ACTKERN_KT_HAS_BACKWARD_X true
#define ACTKERN_KT_HAS_BACKWARD_Y true
#define ACTKERN_KT_HAS_BACKWARD_NONE false

// The parameters as named locals, from p.
#define ACTKERN_KT_BIND_PARAMS_0(p, unused)
#define ACTKERN_KT_BIND_PARAMS_1(p, a) [[maybe_unused]] const float a = p[0];
#define ACTKERN_KT_BIND_PARAMS_2(p, a, b) \
  [[maybe_unused]] const float a = p[0];  \
  [[maybe_unused]] const float b = p[1];
#define ACTKERN_KT_BIND_PARAMS(np, p, params)                   \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_KT_BIND_PARAMS_, np), \
                   (p, ACTKERN_KT_UNPACK params))

#define ACTKERN_KERNEL(name, Cxx, np, params, defaults, valid, fwd_bound,         \
                       props, lo, hi, naive, variants, note, input, abs,          \
                       bwd_bound, bwd_naive, measured, bwd_note, fast)            \
  struct Row_##name {                                                             \
    static constexpr size_t kNumParams = np;                                      \
    static constexpr Variant<np> kVariants[] = {ACTKERN_KT_UNPACK variants};      \
    static constexpr double kBound = fwd_bound;                                   \
    static constexpr unsigned kProperties = props;                                \
    static constexpr float kBenchLo = lo, kBenchHi = hi;                          \
    static constexpr bool kHasBackward = ACTKERN_KT_HAS_BACKWARD_##input;         \
    static constexpr bool kTakesY = ACTKERN_KT_TAKES_Y_##input;                   \
    static constexpr bool kHasAbsTerms = ACTKERN_KT_ABS_HAS_##abs;                \
    static constexpr double kBackwardBound = bwd_bound;                           \
    static constexpr bool kHasFast = ACTKERN_KT_HAS_FAST_##fast;                  \
    static constexpr double kFastBound = ACTKERN_KT_FAST_BOUND_##fast;            \
    static constexpr unsigned kFastProperties = ACTKERN_KT_FAST_PROPS_##fast;     \
    static actkern_status RunFast([[maybe_unused]] const float* x,                \
                                  [[maybe_unused]] float* y,                      \
                                  [[maybe_unused]] size_t n,                      \
                                  [[maybe_unused]] const float* p) {              \
      ACTKERN_KT_IF_FAST_##fast(                                                  \
          return actkern_##name##_fast_f32(                                       \
                     x, y,                                                        \
                     n ACTKERN_KT_PARAM_FROM_ARRAY(                               \
                         np, p));) return ACTKERN_ERROR_INVALID_ARGUMENT;         \
    }                                                                             \
    static actkern_status RunFastPar(                                             \
        [[maybe_unused]] const actkern_exec* exec,                                \
        [[maybe_unused]] const float* x, [[maybe_unused]] float* y,               \
        [[maybe_unused]] size_t n, [[maybe_unused]] const float* p) {             \
      ACTKERN_KT_IF_FAST_##fast(                                                  \
          return actkern_##name##_fast_f32_par(                                   \
                     exec, x, y,                                                  \
                     n ACTKERN_KT_PARAM_FROM_ARRAY(                               \
                         np, p));) return ACTKERN_ERROR_INVALID_ARGUMENT;         \
    }                                                                             \
    static actkern_status RunBias(const actkern_exec* exec, bool fast_tier,       \
                                  const float* x, size_t xs, const float* b,      \
                                  float* y, size_t ys, size_t rows,               \
                                  size_t cols,                                    \
                                  [[maybe_unused]] const float* p) {              \
      ACTKERN_KT_IF_FAST_##fast(                                                  \
          if (fast_tier) return actkern_##name##_bias_fast_f32_par(               \
              exec, x, xs, b, y, ys, rows,                                        \
              cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));)(void) fast_tier;         \
      return actkern_##name##_bias_f32_par(                                       \
          exec, x, xs, b, y, ys, rows,                                            \
          cols ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                               \
    }                                                                             \
    static bool Valid([[maybe_unused]] const float* p) {                          \
      ACTKERN_KT_BIND_PARAMS(np, p, params)                                       \
      return valid;                                                               \
    }                                                                             \
    static actkern_status Run(const float* x, float* y, size_t n,                 \
                              [[maybe_unused]] const float* p) {                  \
      return actkern_##name##_f32(x, y, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));    \
    }                                                                             \
    static actkern_status RunPar(const actkern_exec* exec, const float* x,        \
                                 float* y, size_t n,                              \
                                 [[maybe_unused]] const float* p) {               \
      return actkern_##name##_f32_par(exec, x, y,                                 \
                                      n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
    }                                                                             \
    static actkern_status RunBf16(const uint16_t* x, uint16_t* y, size_t n,       \
                                  [[maybe_unused]] const float* p) {              \
      return actkern_##name##_bf16(x, y,                                          \
                                   n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));         \
    }                                                                             \
    static actkern_status RunF16(const uint16_t* x, uint16_t* y, size_t n,        \
                                 [[maybe_unused]] const float* p) {               \
      return actkern_##name##_f16(x, y, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));    \
    }                                                                             \
    static actkern_status RunBf16Par(const actkern_exec* exec,                    \
                                     const uint16_t* x, uint16_t* y, size_t n,    \
                                     [[maybe_unused]] const float* p) {           \
      return actkern_##name##_bf16_par(exec, x, y,                                \
                                       n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));     \
    }                                                                             \
    static actkern_status RunF16Par(const actkern_exec* exec,                     \
                                    const uint16_t* x, uint16_t* y, size_t n,     \
                                    [[maybe_unused]] const float* p) {            \
      return actkern_##name##_f16_par(exec, x, y,                                 \
                                      n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
    }                                                                             \
    static double Reference(double x, [[maybe_unused]] const float* p) {          \
      return actkern_ref_##name(x ACTKERN_KT_PARAM_FROM_ARRAY(np, p));            \
    }                                                                             \
    static float Naive(float x, [[maybe_unused]] const float* p) {                \
      ACTKERN_KT_BIND_PARAMS(np, p, params)                                       \
      return naive;                                                               \
    }                                                                             \
    static void NaiveLoop(const float* in, float* out, size_t n,                  \
                          [[maybe_unused]] const float* p) {                      \
      ACTKERN_KT_BIND_PARAMS(np, p, params)                                       \
      for (size_t i = 0; i < n; ++i) {                                            \
        const float x = in[i];                                                    \
        out[i] = naive;                                                           \
      }                                                                           \
    }                                                                             \
    ACTKERN_KT_IF_BACKWARD_##input(static void NaiveBackwardLoop(                 \
        const float* in, const float* dyp, float* out, size_t n,                  \
        [[maybe_unused]] const float* p) {                                        \
      ACTKERN_KT_BIND_PARAMS(np, p, params)                                       \
      for (size_t i = 0; i < n; ++i) {                                            \
        const float ACTKERN_KT_INPUT_NAME(input) = in[i];                         \
        const float dy = dyp[i];                                                  \
        out[i] = bwd_naive;                                                       \
      }                                                                           \
    }) ACTKERN_KT_IF_BACKWARD_NONE_                                               \
        ##input(static void NaiveBackwardLoop(                                    \
            const float*, const float*, float*, size_t,                           \
            const float*){}) static double AbsTerms([[maybe_unused]] double x,    \
                                                    [[maybe_unused]] const float* \
                                                        p) {                      \
      ACTKERN_KT_BIND_PARAMS(np, p, params)                                       \
      return ACTKERN_KT_ABS_EXPR_##abs;                                           \
    }                                                                             \
    ACTKERN_KT_IF_BACKWARD_##input(                                               \
        static actkern_status RunBackward(const float* in, const float* dy,       \
                                          float* dx, size_t n,                    \
                                          [[maybe_unused]] const float* p) {      \
          return actkern_##name##_backward_f32(                                   \
              in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                  \
        } static actkern_status RunBackwardPar(const actkern_exec* exec,          \
                                               const float* in,                   \
                                               const float* dy, float* dx,        \
                                               size_t n,                          \
                                               [[maybe_unused]] const float*      \
                                                   p) {                           \
          return actkern_##name##_backward_f32_par(                               \
              exec, in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));            \
        } static actkern_status RunBackwardBf16(const uint16_t* in,               \
                                                const uint16_t* dy,               \
                                                uint16_t* dx, size_t n,           \
                                                [[maybe_unused]] const float*     \
                                                    p) {                          \
          return actkern_##name##_backward_bf16(                                  \
              in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                  \
        } static actkern_status RunBackwardF16(const uint16_t* in,                \
                                               const uint16_t* dy,                \
                                               uint16_t* dx, size_t n,            \
                                               [[maybe_unused]] const float*      \
                                                   p) {                           \
          return actkern_##name##_backward_f16(                                   \
              in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                  \
        } static actkern_status                                                   \
            RunBackwardBf16Par(const actkern_exec* exec, const uint16_t* in,      \
                               const uint16_t* dy, uint16_t* dx, size_t n,        \
                               [[maybe_unused]] const float* p) {                 \
              return actkern_##name##_backward_bf16_par(                          \
                  exec, in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));        \
            } static actkern_status                                               \
                RunBackwardF16Par(const actkern_exec* exec,                       \
                                  const uint16_t* in, const uint16_t* dy,         \
                                  uint16_t* dx, size_t n,                         \
                                  [[maybe_unused]] const float* p) {              \
                  return actkern_##name##_backward_f16_par(                       \
                      exec, in, dy, dx, n ACTKERN_KT_PARAM_FROM_ARRAY(np, p));    \
                } static double                                                   \
                    BackwardReference(double in, double dy,                       \
                                      [[maybe_unused]] const float* p) {          \
                      return actkern_ref_##name##_backward(                       \
                          in, dy ACTKERN_KT_PARAM_FROM_ARRAY(np, p));             \
                    }) ACTKERN_KT_IF_BACKWARD_NONE_                               \
        ##input(                                                                  \
            static actkern_status RunBackward(const float*, const float*,         \
                                              float*, size_t, const float*) {     \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static actkern_status RunBackwardPar(const actkern_exec*,           \
                                                   const float*, const float*,    \
                                                   float*, size_t,                \
                                                   const float*) {                \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static actkern_status RunBackwardBf16(const uint16_t*,              \
                                                    const uint16_t*,              \
                                                    uint16_t*, size_t,            \
                                                    const float*) {               \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static actkern_status RunBackwardF16(const uint16_t*,               \
                                                   const uint16_t*, uint16_t*,    \
                                                   size_t, const float*) {        \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static actkern_status RunBackwardBf16Par(const actkern_exec*,       \
                                                       const uint16_t*,           \
                                                       const uint16_t*,           \
                                                       uint16_t*, size_t,         \
                                                       const float*) {            \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static actkern_status RunBackwardF16Par(const actkern_exec*,        \
                                                      const uint16_t*,            \
                                                      const uint16_t*,            \
                                                      uint16_t*, size_t,          \
                                                      const float*) {             \
              return ACTKERN_ERROR_INVALID_ARGUMENT;                              \
            } static double BackwardReference(double, double, const float*) {     \
              return 0.0;                                                         \
            }) static constexpr const char* kName = #name;                        \
  };
#define ACTKERN_KT_IF_BACKWARD_NONE_X(...)
#define ACTKERN_KT_IF_BACKWARD_NONE_Y(...)
#define ACTKERN_KT_IF_BACKWARD_NONE_NONE(...) __VA_ARGS__
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"

// Plain functions (the catalogue's function pointers) of variant I of Row.
template <class Row, size_t I>
struct Bound {
  static const float* P() { return Row::kVariants[I].params.data(); }
  static actkern_status Run(const float* x, float* y, size_t n) {
    return Row::Run(x, y, n, P());
  }
  static actkern_status RunFast(const float* x, float* y, size_t n) {
    return Row::RunFast(x, y, n, P());
  }
  template <bool kFast>
  static actkern_status RunBias(const actkern_exec* exec, const float* x,
                                size_t xs, const float* b, float* y, size_t ys,
                                size_t rows, size_t cols) {
    return Row::RunBias(exec, kFast, x, xs, b, y, ys, rows, cols, P());
  }
  static actkern_status RunBf16(const uint16_t* x, uint16_t* y, size_t n) {
    return Row::RunBf16(x, y, n, P());
  }
  static actkern_status RunF16(const uint16_t* x, uint16_t* y, size_t n) {
    return Row::RunF16(x, y, n, P());
  }
  static actkern_status RunBackwardBf16(const uint16_t* in, const uint16_t* dy,
                                        uint16_t* dx, size_t n) {
    return Row::RunBackwardBf16(in, dy, dx, n, P());
  }
  static actkern_status RunBackwardF16(const uint16_t* in, const uint16_t* dy,
                                       uint16_t* dx, size_t n) {
    return Row::RunBackwardF16(in, dy, dx, n, P());
  }
  static double Reference(double x) { return Row::Reference(x, P()); }
  static float Naive(float x) { return Row::Naive(x, P()); }
  static void NaiveLoop(const float* x, float* y, size_t n) {
    Row::NaiveLoop(x, y, n, P());
  }
  static void NaiveBackwardLoop(const float* in, const float* dy, float* dx,
                                size_t n) {
    Row::NaiveBackwardLoop(in, dy, dx, n, P());
  }
  static actkern_status RunBackward(const float* in, const float* dy, float* dx,
                                    size_t n) {
    return Row::RunBackward(in, dy, dx, n, P());
  }
  static double BackwardReference(double in, double dy) {
    return Row::BackwardReference(in, dy, P());
  }
  static double AbsTerms(double in) { return Row::AbsTerms(in, P()); }
};

// The fast tier's label of a variant: "_fast" after the row's name, as in
// its C name (elu_alpha0.5 -> elu_fast_alpha0.5).
std::string FastLabel(const std::string& row, const std::string& label) {
  return row + "_fast" + label.substr(row.size());
}

template <class Row, size_t... I>
void AddUnary(std::vector<UnaryKernel>* out, std::index_sequence<I...>) {
  (out->push_back(UnaryKernel{Row::kVariants[I].name,
                              &Bound<Row, I>::Run,
                              &Bound<Row, I>::Reference,
                              &Bound<Row, I>::Naive,
                              Row::kBound,
                              Row::kProperties,
                              Row::kBenchLo,
                              Row::kBenchHi,
                              &Bound<Row, I>::NaiveLoop,
                              false,
                              Row::kVariants[I].name,
                              {&Bound<Row, I>::RunBf16, &Bound<Row, I>::RunF16},
                              &Bound<Row, I>::template RunBias<false>}),
   ...);
  if (!Row::kHasFast) return;
  (out->push_back(UnaryKernel{FastLabel(Row::kName, Row::kVariants[I].name),
                              &Bound<Row, I>::RunFast,
                              &Bound<Row, I>::Reference,
                              &Bound<Row, I>::Naive,
                              Row::kFastBound,
                              Row::kFastProperties,
                              Row::kBenchLo,
                              Row::kBenchHi,
                              &Bound<Row, I>::NaiveLoop,
                              true,
                              Row::kVariants[I].name,
                              {nullptr, nullptr},
                              &Bound<Row, I>::template RunBias<true>}),
   ...);
}

template <class Row, size_t... I>
void AddBackward(std::vector<BackwardKernel>* out, std::index_sequence<I...>) {
  if (!Row::kHasBackward) return;
  (out->push_back(BackwardKernel{
       std::string(Row::kVariants[I].name) + "_backward",
       Row::kVariants[I].name,
       Row::kTakesY,
       &Bound<Row, I>::RunBackward,
       &Bound<Row, I>::BackwardReference,
       Row::kHasAbsTerms ? &Bound<Row, I>::AbsTerms : nullptr,
       Row::kBackwardBound,
       &Bound<Row, I>::NaiveBackwardLoop,
       {&Bound<Row, I>::RunBackwardBf16, &Bound<Row, I>::RunBackwardF16}}),
   ...);
}

template <class Row>
constexpr auto Variants() {
  return std::make_index_sequence<std::size(Row::kVariants)>{};
}

// One EntryPoint per C function of Row (forward, and backward if any).
template <class Row>
void AddEntryPoints(std::vector<EntryPoint>* out) {
  const auto& v = Row::kVariants[0].params;
  std::vector<float> params(v.begin(), v.end());
  out->push_back(EntryPoint{
      Row::kName,
      false,
      false,
      params,
      [](const float* in, const float*, float* out, size_t n, const float* p) {
        return Row::Run(in, out, n, p);
      },
      &Row::Valid,
      [](const actkern_exec* exec, const float* in, const float*, float* out,
         size_t n, const float* p) { return Row::RunPar(exec, in, out, n, p); },
      {[](const uint16_t* in, const uint16_t*, uint16_t* out, size_t n,
          const float* p) { return Row::RunBf16(in, out, n, p); },
       [](const uint16_t* in, const uint16_t*, uint16_t* out, size_t n,
          const float* p) { return Row::RunF16(in, out, n, p); }},
      {[](const actkern_exec* exec, const uint16_t* in, const uint16_t*,
          uint16_t* out, size_t n,
          const float* p) { return Row::RunBf16Par(exec, in, out, n, p); },
       [](const actkern_exec* exec, const uint16_t* in, const uint16_t*,
          uint16_t* out, size_t n,
          const float* p) { return Row::RunF16Par(exec, in, out, n, p); }}});
  if (Row::kHasFast) {
    out->push_back(EntryPoint{
        std::string(Row::kName) + "_fast",
        false,
        false,
        params,
        [](const float* in, const float*, float* out, size_t n,
           const float* p) { return Row::RunFast(in, out, n, p); },
        &Row::Valid,
        [](const actkern_exec* exec, const float* in, const float*, float* out,
           size_t n,
           const float* p) { return Row::RunFastPar(exec, in, out, n, p); },
        {nullptr, nullptr},
        {nullptr, nullptr}});
  }
  if (Row::kHasBackward) {
    out->push_back(
        EntryPoint{std::string(Row::kName) + "_backward",
                   true,
                   Row::kTakesY,
                   params,
                   &Row::RunBackward,
                   &Row::Valid,
                   &Row::RunBackwardPar,
                   {&Row::RunBackwardBf16, &Row::RunBackwardF16},
                   {&Row::RunBackwardBf16Par, &Row::RunBackwardF16Par}});
  }
}

}  // namespace

// ------------------------------------------------------------ gated rows
#define ACTKERN_KT_GATED_FAST_FN_FAST(f) &f
#define ACTKERN_KT_GATED_FAST_FN_NONE(f) nullptr
#define ACTKERN_KT_GATED_HAS_FAST_FAST true
#define ACTKERN_KT_GATED_HAS_FAST_NONE false
#define ACTKERN_KT_GATED_INVALID_0 nullptr
#define ACTKERN_KT_GATED_INVALID_1 &RunInvalid
#define ACTKERN_KT_GATED_INVALID_2 &RunInvalid
// A gated row's 16-bit entry points of one type with the row's parameters.
#define ACTKERN_KT_GATED_HALF_FNS(gname, suffix, np)                           \
  static actkern_status Half_##suffix(                                         \
      const uint16_t* g, size_t gs, const uint16_t* u, size_t us, uint16_t* y, \
      size_t ys, size_t r, size_t c) {                                         \
    [[maybe_unused]] const float* p = P();                                     \
    return actkern_##gname##_##suffix(g, gs, u, us, y, ys, r,                  \
                                      c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));   \
  }                                                                            \
  static actkern_status HalfPar_##suffix(                                      \
      const actkern_exec* e, const uint16_t* g, size_t gs, const uint16_t* u,  \
      size_t us, uint16_t* y, size_t ys, size_t r, size_t c) {                 \
    [[maybe_unused]] const float* p = P();                                     \
    return actkern_##gname##_##suffix##_par(                                   \
        e, g, gs, u, us, y, ys, r, c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
  }                                                                            \
  static actkern_status HalfBackward_##suffix(                                 \
      const uint16_t* g, size_t gs, const uint16_t* u, size_t us,              \
      const uint16_t* d, size_t ds, uint16_t* dg, size_t dgs, uint16_t* du,    \
      size_t dus, size_t r, size_t c) {                                        \
    [[maybe_unused]] const float* p = P();                                     \
    return actkern_##gname##_backward_##suffix(                                \
        g, gs, u, us, d, ds, dg, dgs, du, dus, r,                              \
        c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                                 \
  }                                                                            \
  static actkern_status HalfBackwardPar_##suffix(                              \
      const actkern_exec* e, const uint16_t* g, size_t gs, const uint16_t* u,  \
      size_t us, const uint16_t* d, size_t ds, uint16_t* dg, size_t dgs,       \
      uint16_t* du, size_t dus, size_t r, size_t c) {                          \
    [[maybe_unused]] const float* p = P();                                     \
    return actkern_##gname##_backward_##suffix##_par(                          \
        e, g, gs, u, us, d, ds, dg, dgs, du, dus, r,                           \
        c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                                 \
  }
#define ACTKERN_GATED(gname, Cxx, act, np, gparams, defaults, valid, input,    \
                      fast)                                                    \
  struct Gated_##gname {                                                       \
    static const float* P() { return Row_##act::kVariants[0].params.data(); }  \
    static actkern_status Run(const float* g, size_t gs, const float* u,       \
                              size_t us, float* y, size_t ys, size_t r,        \
                              size_t c) {                                      \
      [[maybe_unused]] const float* p = P();                                   \
      return actkern_##gname##_f32(g, gs, u, us, y, ys, r,                     \
                                   c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
    }                                                                          \
    static actkern_status RunPar(const actkern_exec* e, const float* g,        \
                                 size_t gs, const float* u, size_t us,         \
                                 float* y, size_t ys, size_t r, size_t c) {    \
      [[maybe_unused]] const float* p = P();                                   \
      return actkern_##gname##_f32_par(e, g, gs, u, us, y, ys, r,              \
                                       c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));  \
    }                                                                          \
    ACTKERN_KT_IF_GATED_FAST_##fast(                                           \
        static actkern_status RunFast(const float* g, size_t gs,               \
                                      const float* u, size_t us, float* y,     \
                                      size_t ys, size_t r, size_t c) {         \
          [[maybe_unused]] const float* p = P();                               \
          return actkern_##gname##_fast_f32(                                   \
              g, gs, u, us, y, ys, r, c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));   \
        } static actkern_status RunFastPar(const actkern_exec* e,              \
                                           const float* g, size_t gs,          \
                                           const float* u, size_t us,          \
                                           float* y, size_t ys, size_t r,      \
                                           size_t c) {                         \
          [[maybe_unused]] const float* p = P();                               \
          return actkern_##gname##_fast_f32_par(                               \
              e, g, gs, u, us, y, ys, r,                                       \
              c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                           \
        }) static actkern_status                                               \
        RunInvalid(const float* g, size_t gs, const float* u, size_t us,       \
                   float* y, size_t ys, size_t r, size_t c) {                  \
      [[maybe_unused]] const float p[2] = {-1.0f, -1.0f};                      \
      return actkern_##gname##_f32(g, gs, u, us, y, ys, r,                     \
                                   c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));      \
    }                                                                          \
    static actkern_status RunBackward(const float* g, size_t gs,               \
                                      const float* u, size_t us,               \
                                      const float* d, size_t ds, float* dg,    \
                                      size_t dgs, float* du, size_t dus,       \
                                      size_t r, size_t c) {                    \
      [[maybe_unused]] const float* p = P();                                   \
      return actkern_##gname##_backward_f32(                                   \
          g, gs, u, us, d, ds, dg, dgs, du, dus, r,                            \
          c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                               \
    }                                                                          \
    static actkern_status RunBackwardPar(const actkern_exec* e,                \
                                         const float* g, size_t gs,            \
                                         const float* u, size_t us,            \
                                         const float* d, size_t ds, float* dg, \
                                         size_t dgs, float* du, size_t dus,    \
                                         size_t r, size_t c) {                 \
      [[maybe_unused]] const float* p = P();                                   \
      return actkern_##gname##_backward_f32_par(                               \
          e, g, gs, u, us, d, ds, dg, dgs, du, dus, r,                         \
          c ACTKERN_KT_PARAM_FROM_ARRAY(np, p));                               \
    }                                                                          \
    ACTKERN_KT_GATED_HALF_FNS(gname, bf16, np)                                 \
    ACTKERN_KT_GATED_HALF_FNS(gname, f16, np)                                  \
    static GatedKernel Entry() {                                               \
      const std::string variant = Row_##act::kVariants[0].name;                \
      return GatedKernel{                                                      \
          #gname,                                                              \
          variant,                                                             \
          ACTKERN_KT_GATED_HAS_FAST_##fast ? FastLabel(#act, variant) : "",    \
          &Run,                                                                \
          ACTKERN_KT_GATED_FAST_FN_##fast(RunFast),                            \
          &RunPar,                                                             \
          ACTKERN_KT_GATED_FAST_FN_##fast(RunFastPar),                         \
          &RunBackward,                                                        \
          &RunBackwardPar,                                                     \
          ACTKERN_KT_CAT(ACTKERN_KT_GATED_INVALID_, np),                       \
          {&Half_bf16, &Half_f16},                                             \
          {&HalfPar_bf16, &HalfPar_f16},                                       \
          {&HalfBackward_bf16, &HalfBackward_f16},                             \
          {&HalfBackwardPar_bf16, &HalfBackwardPar_f16}};                      \
    }                                                                          \
  };
#define ACTKERN_TABLE_GATED
#include "actkern/kernel_table.def"

const std::vector<GatedKernel>& GatedKernels() {
  static const std::vector<GatedKernel> kernels = [] {
    std::vector<GatedKernel> v;
#define ACTKERN_GATED(name, ...) v.push_back(Gated_##name::Entry());
#define ACTKERN_TABLE_GATED
#include "actkern/kernel_table.def"
    return v;
  }();
  return kernels;
}

const std::vector<UnaryKernel>& UnaryKernels() {
  static const std::vector<UnaryKernel> kernels = [] {
    std::vector<UnaryKernel> v;
#define ACTKERN_KERNEL(name, ...) \
  AddUnary<Row_##name>(&v, Variants<Row_##name>());
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"
    return v;
  }();
  return kernels;
}

const std::vector<BackwardKernel>& BackwardKernels() {
  static const std::vector<BackwardKernel> kernels = [] {
    std::vector<BackwardKernel> v;
#define ACTKERN_KERNEL(name, ...) \
  AddBackward<Row_##name>(&v, Variants<Row_##name>());
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"
    return v;
  }();
  return kernels;
}

const std::vector<EntryPoint>& EntryPoints() {
  static const std::vector<EntryPoint> entries = [] {
    std::vector<EntryPoint> v;
#define ACTKERN_KERNEL(name, ...) AddEntryPoints<Row_##name>(&v);
#define ACTKERN_TABLE_ALL
#include "actkern/kernel_table.def"
    return v;
  }();
  return entries;
}

const BackwardKernel* FindBackward(const std::string& name) {
  for (const BackwardKernel& k : BackwardKernels()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

bool BackwardWithinBound(const BackwardKernel& k, float in, float dy, float dx,
                         double ref, double* ulp_out) {
  const double ulp = actkern_ulp_error(dx, ref);
  if (ulp_out != nullptr) *ulp_out = ulp;
  if (ulp <= k.max_ulp) return true;
  if (k.abs_terms == nullptr || std::isnan(dx) || std::isnan(ref)) return false;
  const double allowed = 4.0 * std::ldexp(1.0, -24) *
                         std::fabs(static_cast<double>(dy)) *
                         k.abs_terms(static_cast<double>(in));
  return std::fabs(static_cast<double>(dx) - ref) <= allowed;
}

const UnaryKernel* FindUnary(const std::string& name) {
  for (const UnaryKernel& k : UnaryKernels()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::vector<std::string> RunnableTargets() {
  std::vector<std::string> names;
  for (size_t i = 0; i < actkern_target_count(); ++i) {
    names.emplace_back(actkern_target_name(i));
  }
  return names;
}

}  // namespace catalog
}  // namespace actkern
