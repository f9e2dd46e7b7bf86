// actkern: the machinery of the kernel table (actkern/kernel_table.def).
//
// Every elementwise kernel is one ACTKERN_KERNEL row of kernel_table.def.
// From the rows come the C declarations and C++ wrappers of the public
// headers (below), the C entry points of each family's kernels/<family>.cc
// (kernels/internal.h), the catalogue the tests, benchmarks and tools iterate
// (tools/catalog.cc) and the README's kernel rows (tools/kernels.cc). This
// header only defines macros; it declares nothing. C99 and C++.
//
// A row, column by column:
//   name      C name: actkern_<name>_f32, actkern_<name>_backward_f32 (and
//             their parallel forms actkern_<name>_f32_par,
//             actkern_<name>_backward_f32_par, actkern/common.h), the
//             16-bit forms actkern_<name>_bf16, actkern_<name>_f16 and
//             their backward and _par forms (actkern/half.h), and the
//             double references actkern_ref_<name>,
//             actkern_ref_<name>_backward (actkern/reference.h).
//   Cxx       C++ name: actkern::<Cxx> and actkern::<Cxx>Backward wrap the
//             entry points; <Cxx>Array and <Cxx>BackwardArray are the
//             per-target kernels of kernels/<family>-inl.h.
//   np        number of float parameters: 0, 1 or 2.
//   params    their names, in parentheses: (), (beta), (lo, hi).
//   defaults  C++ default argument of each, in parentheses, "= v" or empty:
//             (), (= 1.0f), (), (= -1.0f, = 1.0f).
//   valid     the parameters' domain: an expression over their names, 1 for
//             none (ACTKERN_KT_IS_FINITE(v) tests finiteness without
//             <math.h>). Any other value is ACTKERN_ERROR_INVALID_ARGUMENT (see
//             the error order in actkern/common.h). NaN never passes.
//   bound     documented max ULP error of the forward kernel, whole range.
//   props     catalogue properties (catalog::Property bits, e.g.
//             kMonotoneIncreasing | kOdd), or kNone.
//   lo, hi    benchmark input range, uniform in [lo, hi].
//   naive     the plain std:: formula a user would write, a float
//             expression over x and the parameters (benchmark baseline:
//             the catalogue's naive loop, which the compiler may vectorise).
//   variants  the catalogued parameter values, a parenthesised list of
//             {"label", {values}}: ({"exp", {}}), ({"elu", {1.0f}},
//             {"elu_alpha0.5", {0.5f}}). The exhaustive sweep, the golden
//             file and every generic test see each variant under its label.
//   note      the README's short note on the forward kernel.
//   input     the backward kernel's first input: X (the forward input), Y
//             (the forward output), or NONE (no backward kernel).
//   abs       NONE, or TERMS(e): e (over x, the backward input, and the
//             parameters) is the sum of the magnitudes of the derivative's
//             terms; where |dx - ref| > bwd_bound ULP the absolute bound
//             |dx - ref| <= 4 * 2^-24 * |dy| * e applies instead (near the
//             derivative's zeros; 0 where it does not apply).
//   bwd_bound documented max ULP error of the backward kernel.
//   bwd_naive the plain std:: formula of the gradient (benchmark baseline), a
//             float expression over the backward input (x, or y for Y), dy
//             and the parameters, in parentheses; 0.0f for NONE.
//   measured  the backward kernel's measured max ULP (sampled sweeps; not
//             in the golden file), as the README prints it.
//   bwd_note  the README's short note on the backward kernel.
//   fast      the fast tier, FAST(bound, props), or NONE: the forward kernel
//             again as actkern_<name>_fast_f32 (and _fast_f32_par; C++
//             actkern::fast::<Cxx>), same signature, cheaper formulas, a
//             documented max ULP error `bound` over every float input
//             (proven like the precise bound) and every special value of the
//             row's contract exactly as the precise kernel gives it; props
//             as above for the fast kernel. Its per-target kernel is
//             <Cxx>FastArray over <Cxx>FastOp. The choice of tier is made at
//             each call: there is no global accuracy mode.
//
// Families: kernel_table.def is split into sections, one per family; define
// ACTKERN_TABLE_<FAMILY> (or ACTKERN_TABLE_ALL) and ACTKERN_KERNEL before
// including it. It undefines them at its end, so it can be included again.
#ifndef ACTKERN_KERNEL_TABLE_H_
#define ACTKERN_KERNEL_TABLE_H_

#include <stddef.h>

// ------------------------------------------------------------ helpers
// ACTKERN_KT_*: the table's own machinery (kernel table), named apart so
// that no user macro collides with it.
#define ACTKERN_KT_CAT_I(a, b) a##b
#define ACTKERN_KT_CAT(a, b) ACTKERN_KT_CAT_I(a, b)
#define ACTKERN_KT_UNPACK(...) __VA_ARGS__
#define ACTKERN_KT_APPLY(m, args) m args

// Finite (not NaN, not infinite) without <math.h>: NaN fails both tests.
#define ACTKERN_KT_IS_FINITE(v) \
  ((v) >= -0x1.fffffep127f && (v) <= 0x1.fffffep127f)

// ", float a, float b" for the C declarations and definitions.
#define ACTKERN_KT_PARAM_DECLS_0()
#define ACTKERN_KT_PARAM_DECLS_1(a) , float a
#define ACTKERN_KT_PARAM_DECLS_2(a, b) , float a, float b
#define ACTKERN_KT_PARAM_DECLS(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_PARAM_DECLS_, np) params

// ", a, b": the parameters passed on.
#define ACTKERN_KT_PARAM_ARGS_0()
#define ACTKERN_KT_PARAM_ARGS_1(a) , a
#define ACTKERN_KT_PARAM_ARGS_2(a, b) , a, b
#define ACTKERN_KT_PARAM_ARGS(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_PARAM_ARGS_, np) params

// ", p[0], p[1]": the parameters taken from an array p.
#define ACTKERN_KT_PARAM_FROM_ARRAY_0(p)
#define ACTKERN_KT_PARAM_FROM_ARRAY_1(p) , p[0]
#define ACTKERN_KT_PARAM_FROM_ARRAY_2(p) , p[0], p[1]
#define ACTKERN_KT_PARAM_FROM_ARRAY(np, p) \
  ACTKERN_KT_CAT(ACTKERN_KT_PARAM_FROM_ARRAY_, np)(p)

// ", float a = 1.0f": C++ declarations with their defaults.
#define ACTKERN_KT_CXX_PARAM_DECLS_0(unused_name, unused_default)
#define ACTKERN_KT_CXX_PARAM_DECLS_1(a, da) , float a da
#define ACTKERN_KT_CXX_PARAM_DECLS_2(a, b, da, db) , float a da, float b db
#define ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)            \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_KT_CXX_PARAM_DECLS_, np), \
                   (ACTKERN_KT_UNPACK params, ACTKERN_KT_UNPACK defaults))

// The backward kernel's first input, by the row's `input` column.
#define ACTKERN_KT_INPUT_NAME_X x
#define ACTKERN_KT_INPUT_NAME_Y y
#define ACTKERN_KT_INPUT_NAME(input) \
  ACTKERN_KT_CAT(ACTKERN_KT_INPUT_NAME_, input)
// Emits its arguments only for rows with a fast tier: ACTKERN_KT_IF_FAST_##fast
// (code...) expands to code for FAST(bound, props) and to nothing for NONE.
#define ACTKERN_KT_DROP(...)
#define ACTKERN_KT_IF_FAST_NONE ACTKERN_KT_DROP
#define ACTKERN_KT_IF_FAST_FAST(bound, props) ACTKERN_KT_UNPACK
#define ACTKERN_KT_FAST_BOUND_NONE 0.0
#define ACTKERN_KT_FAST_BOUND_FAST(bound, props) bound
#define ACTKERN_KT_FAST_PROPS_NONE 0
#define ACTKERN_KT_FAST_PROPS_FAST(bound, props) props
#define ACTKERN_KT_HAS_FAST_NONE 0
#define ACTKERN_KT_HAS_FAST_FAST(bound, props) 1
// Emits its arguments only for rows with a backward kernel.
#define ACTKERN_KT_IF_BACKWARD_X(...) __VA_ARGS__
#define ACTKERN_KT_IF_BACKWARD_Y(...) __VA_ARGS__
#define ACTKERN_KT_IF_BACKWARD_NONE(...)

// ------------------------------------------------------------ C declarations
#define ACTKERN_DECLARE_C(name, Cxx, np, params, defaults, valid, bound,       \
                          props, lo, hi, naive, variants, note, input, abs,    \
                          bwd_bound, bwd_naive, measured, bwd_note, fast)      \
  actkern_status actkern_##name##_f32(                                         \
      const float* x, float* y, size_t n ACTKERN_KT_PARAM_DECLS(np, params));  \
  actkern_status actkern_##name##_f32_par(                                     \
      const actkern_exec* exec, const float* x, float* y,                      \
      size_t n ACTKERN_KT_PARAM_DECLS(np, params));                            \
  ACTKERN_KT_IF_FAST_##fast(actkern_status actkern_##name##_fast_f32(          \
                                const float* x, float* y,                      \
                                size_t n ACTKERN_KT_PARAM_DECLS(np, params));  \
                            actkern_status actkern_##name##_fast_f32_par(      \
                                const actkern_exec* exec, const float* x,      \
                                float* y,                                      \
                                size_t n ACTKERN_KT_PARAM_DECLS(np, params));) \
      ACTKERN_KT_IF_BACKWARD_##input(                                          \
          actkern_status actkern_##name##_backward_f32(                        \
              const float* ACTKERN_KT_INPUT_NAME(input), const float* dy,      \
              float* dx, size_t n ACTKERN_KT_PARAM_DECLS(np, params));         \
          actkern_status actkern_##name##_backward_f32_par(                    \
              const actkern_exec* exec,                                        \
              const float* ACTKERN_KT_INPUT_NAME(input), const float* dy,      \
              float* dx, size_t n ACTKERN_KT_PARAM_DECLS(np, params));)        \
          ACTKERN_KT_DECLARE_HALF_C(name, actkern_bf16, bf16, np, params,      \
                                    input)                                     \
              ACTKERN_KT_DECLARE_HALF_C(name, actkern_f16, f16, np, params,    \
                                        input)

// The 16-bit forms of a row (actkern/half.h): actkern_<name>_<suffix> and
// actkern_<name>_backward_<suffix>, storage type T, and their _par forms.
#define ACTKERN_KT_DECLARE_HALF_C(name, T, suffix, np, params, input)      \
  actkern_status actkern_##name##_##suffix(                                \
      const T* x, T* y, size_t n ACTKERN_KT_PARAM_DECLS(np, params));      \
  actkern_status actkern_##name##_##suffix##_par(                          \
      const actkern_exec* exec, const T* x, T* y,                          \
      size_t n ACTKERN_KT_PARAM_DECLS(np, params));                        \
  ACTKERN_KT_IF_BACKWARD_##input(                                          \
      actkern_status actkern_##name##_backward_##suffix(                   \
          const T* ACTKERN_KT_INPUT_NAME(input), const T* dy, T* dx,       \
          size_t n ACTKERN_KT_PARAM_DECLS(np, params));                    \
      actkern_status actkern_##name##_backward_##suffix##_par(             \
          const actkern_exec* exec, const T* ACTKERN_KT_INPUT_NAME(input), \
          const T* dy, T* dx, size_t n ACTKERN_KT_PARAM_DECLS(np, params));)

// ------------------------------------------------------------ C++ wrappers
// Inside namespace actkern: Status <Cxx>(x, y, n, params...) and
// <Cxx>Backward(in, dy, dx, n, params...), and the same with a leading
// const actkern_exec& (the _par entry points; actkern::ExecOf wraps any
// callable pool, actkern/common.h); for rows with a fast tier also
// actkern::fast::<Cxx>(x, y, n, params...) and its exec form.
#define ACTKERN_DECLARE_CXX(name, Cxx, np, params, defaults, valid, bound,      \
                            props, lo, hi, naive, variants, note, input, abs,   \
                            bwd_bound, bwd_naive, measured, bwd_note, tier)     \
  inline Status Cxx(                                                            \
      const float* x, float* y,                                                 \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {              \
    return ToStatus(                                                            \
        actkern_##name##_f32(x, y, n ACTKERN_KT_PARAM_ARGS(np, params)));       \
  }                                                                             \
  ACTKERN_KT_IF_BACKWARD_##input(inline Status Cxx##Backward(                   \
      const float* ACTKERN_KT_INPUT_NAME(input), const float* dy, float* dx,    \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {              \
    return ToStatus(                                                            \
        actkern_##name##_backward_f32(ACTKERN_KT_INPUT_NAME(input), dy, dx,     \
                                      n ACTKERN_KT_PARAM_ARGS(np, params)));    \
  }) inline Status                                                              \
  Cxx(const actkern_exec& exec, const float* x, float* y,                       \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {              \
    return ToStatus(actkern_##name##_f32_par(                                   \
        &exec, x, y, n ACTKERN_KT_PARAM_ARGS(np, params)));                     \
  }                                                                             \
  ACTKERN_KT_IF_BACKWARD_##input(inline Status Cxx##Backward(                 \
      const actkern_exec& exec, const float* ACTKERN_KT_INPUT_NAME(input),    \
      const float* dy, float* dx,                                             \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {            \
    return ToStatus(actkern_##name##_backward_f32_par(                        \
        &exec, ACTKERN_KT_INPUT_NAME(input), dy, dx,                          \
        n ACTKERN_KT_PARAM_ARGS(np, params)));                                \
  }) \
  ACTKERN_KT_IF_FAST_##tier(namespace fast {                                  \
    inline Status Cxx(                                                        \
        const float* x, float* y,                                             \
        size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {          \
      return ToStatus(actkern_##name##_fast_f32(                              \
          x, y, n ACTKERN_KT_PARAM_ARGS(np, params)));                          \
  }                                                                             \
  inline Status Cxx(                                                            \
      const actkern_exec& exec, const float* x, float* y,                       \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {              \
    return ToStatus(actkern_##name##_fast_f32_par(                              \
        &exec, x, y, n ACTKERN_KT_PARAM_ARGS(np, params)));                     \
  }                                                                             \
  })                                                                            \
  namespace bf16 {                                                              \
    ACTKERN_KT_DECLARE_HALF_CXX(name, Cxx, actkern_bf16, bf16, np, params,      \
                                defaults, input)                                \
  }                                                                             \
  namespace f16 {                                                               \
  ACTKERN_KT_DECLARE_HALF_CXX(name, Cxx, actkern_f16, f16, np, params,          \
                              defaults, input)                                  \
  }

// Inside namespace actkern::bf16 or actkern::f16: <Cxx>(x, y, n, params...),
// <Cxx>Backward(in, dy, dx, n, params...) and their exec forms over the
// 16-bit entry points (both storage types are uint16_t, so the type is the
// namespace rather than an overload).
#define ACTKERN_KT_DECLARE_HALF_CXX(name, Cxx, T, suffix, np, params,          \
                                    defaults, input)                           \
  inline Status Cxx(                                                           \
      const T* x, T* y,                                                        \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {             \
    return ToStatus(                                                           \
        actkern_##name##_##suffix(x, y, n ACTKERN_KT_PARAM_ARGS(np, params))); \
  }                                                                            \
  inline Status Cxx(                                                           \
      const actkern_exec& exec, const T* x, T* y,                              \
      size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {             \
    return ToStatus(actkern_##name##_##suffix##_par(                           \
        &exec, x, y, n ACTKERN_KT_PARAM_ARGS(np, params)));                    \
  }                                                                            \
  ACTKERN_KT_IF_BACKWARD_##input(                                              \
      inline Status Cxx##Backward(                                             \
          const T* ACTKERN_KT_INPUT_NAME(input), const T* dy, T* dx,           \
          size_t n ACTKERN_KT_CXX_PARAM_DECLS(np, params, defaults)) {         \
        return ToStatus(actkern_##name##_backward_##suffix(                    \
            ACTKERN_KT_INPUT_NAME(input), dy, dx,                              \
            n ACTKERN_KT_PARAM_ARGS(np, params)));                             \
      } inline Status Cxx##Backward(const actkern_exec& exec,                  \
                                    const T* ACTKERN_KT_INPUT_NAME(input),     \
                                    const T* dy, T* dx,                        \
                                    size_t n ACTKERN_KT_CXX_PARAM_DECLS(       \
                                        np, params, defaults)) {               \
        return ToStatus(actkern_##name##_backward_##suffix##_par(              \
            &exec, ACTKERN_KT_INPUT_NAME(input), dy, dx,                       \
            n ACTKERN_KT_PARAM_ARGS(np, params)));                             \
      })

// ------------------------------------------------------------ references
// The double references of actkern/reference.h: parameters as doubles.
#define ACTKERN_KT_REF_PARAM_DECLS_0()
#define ACTKERN_KT_REF_PARAM_DECLS_1(a) , double a
#define ACTKERN_KT_REF_PARAM_DECLS_2(a, b) , double a, double b
#define ACTKERN_KT_REF_PARAM_DECLS(np, params) \
  ACTKERN_KT_CAT(ACTKERN_KT_REF_PARAM_DECLS_, np) params
#define ACTKERN_KT_CXX_REF_PARAM_DECLS_0(unused_name, unused_default)
#define ACTKERN_KT_CXX_REF_PARAM_DECLS_1(a, da) , double a da
#define ACTKERN_KT_CXX_REF_PARAM_DECLS_2(a, b, da, db) \
  , double a da, double b db
#define ACTKERN_KT_CXX_REF_PARAM_DECLS(np, params, defaults)            \
  ACTKERN_KT_APPLY(ACTKERN_KT_CAT(ACTKERN_KT_CXX_REF_PARAM_DECLS_, np), \
                   (ACTKERN_KT_UNPACK params, ACTKERN_KT_UNPACK defaults))

#define ACTKERN_DECLARE_REFERENCE_C(name, Cxx, np, params, defaults, valid,   \
                                    bound, props, lo, hi, naive, variants,    \
                                    note, input, abs, bwd_bound, bwd_naive,   \
                                    measured, bwd_note, fast)                 \
  double actkern_ref_##name(double x ACTKERN_KT_REF_PARAM_DECLS(np, params)); \
  ACTKERN_KT_IF_BACKWARD_##input(                                             \
      double actkern_ref_##name##_backward(                                   \
          double ACTKERN_KT_INPUT_NAME(input),                                \
          double dy ACTKERN_KT_REF_PARAM_DECLS(np, params));)

// Inside namespace actkern::ref.
#define ACTKERN_DECLARE_REFERENCE_CXX(name, Cxx, np, params, defaults, valid, \
                                      bound, props, lo, hi, naive, variants,  \
                                      note, input, abs, bwd_bound, bwd_naive, \
                                      measured, bwd_note, fast)               \
  inline double Cxx(                                                          \
      double x ACTKERN_KT_CXX_REF_PARAM_DECLS(np, params, defaults)) {        \
    return actkern_ref_##name(x ACTKERN_KT_PARAM_ARGS(np, params));           \
  }                                                                           \
  ACTKERN_KT_IF_BACKWARD_##input(inline double Cxx##Backward(                 \
      double ACTKERN_KT_INPUT_NAME(input),                                    \
      double dy ACTKERN_KT_CXX_REF_PARAM_DECLS(np, params, defaults)) {       \
    return actkern_ref_##name##_backward(                                     \
        ACTKERN_KT_INPUT_NAME(input), dy ACTKERN_KT_PARAM_ARGS(np, params));  \
  })

#endif  // ACTKERN_KERNEL_TABLE_H_
