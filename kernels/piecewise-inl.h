// actkern piecewise activations (relu, leaky_relu, relu6, hardtanh,
// hardsigmoid, hardswish), forward and backward, compiled once per Highway
// target (see piecewise.cc).
//
// Every forward result is correctly rounded. Selections are written as
// IfThenElse on comparisons that are false for NaN, so NaN passes through
// (Highway's Min/Max and ZeroIfNegative do not promise that). Backward
// kernels compute dx = f'(x) * dy with f' exact (0, 1, the slope) or one
// correctly rounded operation, PyTorch's conventions at the kinks.
#if defined(ACTKERN_KERNELS_PIECEWISE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTKERN_KERNELS_PIECEWISE_INL_H_
#undef ACTKERN_KERNELS_PIECEWISE_INL_H_
#else
#define ACTKERN_KERNELS_PIECEWISE_INL_H_
#endif

#include <stddef.h>

#include "kernels/core/array-inl.h"
#include "kernels/core/eft-inl.h"
#include "kernels/kernel_arrays.h"

HWY_BEFORE_NAMESPACE();
namespace actkern {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// (h + l) / 6 with a single rounding of consequence, for |l| <= ulp(h):
// q = h * fl(1/6) is within 2 ULP of h/6; 6 q = 4q + 2q is held exactly as
// P + p (FastTwoSum of two exact multiples), h - P is exact (Sterbenz: P is
// within a factor 1 + 2^-21 of h), so the remainder h + l - 6q is known to
// ~2^-24 relative, and q + remainder * fl(1/6) (a correction of a couple of
// ULP, itself good to 2^-23) rounds once: error <= 0.5 ULP + ~2^-20 ULP.
// This is what makes hardsigmoid/hardswish (nearly) correctly rounded without
// FMA, double precision or a division.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V PwDivideBy6(D d, V h, V l) {
  const V sixth = hn::Set(d, 1.0f / 6.0f);
  const V q = hn::Mul(h, sixth);
  const V q2 = hn::Add(q, q);
  V big, small;
  big = FastTwoSum(hn::Add(q2, q2), q2, small);
  const V rem = hn::Add(hn::Sub(hn::Sub(h, big), small), l);
  return hn::MulAdd(rem, sixth, q);
}

// relu(x) = x > 0 ? x : +0. relu(-0) = +0, relu(NaN) = NaN.
struct ReluOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(hn::Le(x, hn::Zero(d)), hn::Zero(d), x);
  }
};

// leaky_relu(x) = x > 0 ? x : slope * x (one correctly rounded product).
struct LeakyReluOp {
  float slope;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), x,
                          hn::Mul(x, hn::Set(d, slope)));
  }
};

// relu6(x) = min(max(x, 0), 6), relu6(-0) = +0.
struct Relu6Op {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V six = hn::Set(d, 6.0f);
    const V y = hn::IfThenElse(hn::Gt(x, six), six, x);
    return hn::IfThenElse(hn::Le(x, hn::Zero(d)), hn::Zero(d), y);
  }
};

// hardtanh(x) = x < lo ? lo : (x > hi ? hi : x); x itself (-0 included)
// when lo <= x <= hi.
struct HardtanhOp {
  float lo, hi;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    const V y = hn::IfThenElse(hn::Gt(x, hn::Set(d, hi)), hn::Set(d, hi), x);
    return hn::IfThenElse(hn::Lt(x, hn::Set(d, lo)), hn::Set(d, lo), y);
  }
};

// (x + 3) as s + e exactly, for |x| <= 3 (FastTwoSum; other lanes: garbage,
// never selected).
template <class D, class V = hn::Vec<D>>
HWY_INLINE void PwXPlus3(D d, V x, V* s, V* e) {
  *s = FastTwoSum(hn::Set(d, 3.0f), x, *e);
}

// hardsigmoid(x) = clamp(x/6 + 1/2, 0, 1) = (x + 3) / 6 on (-3, 3).
struct HardsigmoidOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    V s, e;
    PwXPlus3(d, x, &s, &e);
    V y = PwDivideBy6(d, s, e);
    y = hn::IfThenElse(hn::Ge(x, hn::Set(d, 3.0f)), hn::Set(d, 1.0f), y);
    return hn::IfThenElse(hn::Le(x, hn::Set(d, -3.0f)), hn::Zero(d), y);
  }
};

// hardswish(x) = x * hardsigmoid(x) = x (x + 3) / 6 on (-3, 3), x for
// x >= 3, and -0 for x <= -3 (the sign of x * 0, as in PyTorch).
// x (s + e) = ph + pl with ph + pl' exact (TwoProd) and x e tiny.
struct HardswishOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x) const {
    V s, e, ph, pl;
    PwXPlus3(d, x, &s, &e);
    ph = TwoProd(d, x, s, pl);
    pl = hn::MulAdd(x, e, pl);
    V y = PwDivideBy6(d, ph, pl);
    y = hn::IfThenElse(hn::Ge(x, hn::Set(d, 3.0f)), x, y);
    y = hn::IfThenElse(hn::Le(x, hn::Set(d, -3.0f)), hn::Set(d, -0.0f), y);
    // x (x + 3) / 6 has the sign of x: keeps -0 -> -0 and tiny results' sign.
    return hn::CopySign(y, x);
  }
};

// ------------------------------------------------------------ backward
// dx = f'(x) * dy; f'(NaN) = NaN, so a NaN x gives a NaN dx (and a NaN dy
// does too, through the product).

template <class M, class V>
HWY_INLINE V PwGrad(V x, V dy, M inside, V slope_in, V slope_out) {
  V f = hn::IfThenElse(inside, slope_in, slope_out);
  f = hn::IfThenElse(hn::IsNaN(x), x, f);
  return hn::Mul(f, dy);
}

// relu'(x) = x > 0 ? 1 : 0 (relu'(0) = 0).
struct ReluBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    return PwGrad(x, dy, hn::Gt(x, hn::Zero(d)), hn::Set(d, 1.0f), hn::Zero(d));
  }
};

// leaky_relu'(x) = x > 0 ? 1 : slope (slope at 0).
struct LeakyReluBackwardOp {
  float slope;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    return PwGrad(x, dy, hn::Gt(x, hn::Zero(d)), hn::Set(d, 1.0f),
                  hn::Set(d, slope));
  }
};

// relu6'(x) = 0 < x < 6 ? 1 : 0.
struct Relu6BackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const auto inside =
        hn::And(hn::Gt(x, hn::Zero(d)), hn::Lt(x, hn::Set(d, 6.0f)));
    return PwGrad(x, dy, inside, hn::Set(d, 1.0f), hn::Zero(d));
  }
};

// hardtanh'(x) = lo < x < hi ? 1 : 0.
struct HardtanhBackwardOp {
  float lo, hi;
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const auto inside =
        hn::And(hn::Gt(x, hn::Set(d, lo)), hn::Lt(x, hn::Set(d, hi)));
    return PwGrad(x, dy, inside, hn::Set(d, 1.0f), hn::Zero(d));
  }
};

// hardsigmoid'(x) = -3 < x < 3 ? 1/6 : 0; dx = dy / 6 correctly rounded.
struct HardsigmoidBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const auto inside =
        hn::And(hn::Gt(x, hn::Set(d, -3.0f)), hn::Lt(x, hn::Set(d, 3.0f)));
    const V dx = hn::IfThenElse(inside, hn::Div(dy, hn::Set(d, 6.0f)),
                                hn::Mul(dy, hn::Zero(d)));
    return hn::IfThenElse(hn::IsNaN(x), x, dx);
  }
};

// hardswish'(x) = x <= -3 ? 0 : (x < 3 ? (2x + 3) / 6 : 1). 2x + 3 is exact
// near its zero x = -1.5 (Sterbenz), so the derivative keeps its relative
// accuracy there: three roundings in all.
struct HardswishBackwardOp {
  template <class D, class V>
  HWY_INLINE V operator()(D d, V x, V dy) const {
    const V slope = hn::Div(hn::MulAdd(x, hn::Set(d, 2.0f), hn::Set(d, 3.0f)),
                            hn::Set(d, 6.0f));
    V f = hn::IfThenElse(hn::Lt(x, hn::Set(d, 3.0f)), slope, hn::Set(d, 1.0f));
    f = hn::IfThenElse(hn::Le(x, hn::Set(d, -3.0f)), hn::Zero(d), f);
    f = hn::IfThenElse(hn::IsNaN(x), x, f);
    return hn::Mul(f, dy);
  }
};

// The array functions of this family's kernel-table rows
// (kernels/kernel_arrays.h).
#define ACTKERN_TABLE_PIECEWISE
#define ACTKERN_KERNEL ACTKERN_DEFINE_ARRAYS
#include "actkern/kernel_table.def"

}  // namespace HWY_NAMESPACE
}  // namespace actkern
HWY_AFTER_NAMESPACE();

#endif  // ACTKERN_KERNELS_PIECEWISE_INL_H_ per-target guard
