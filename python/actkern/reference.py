"""actkern's double-precision references (include/actkern/reference.h):
``reference.<kernel>(x, *params)`` and ``reference.<kernel>_backward(in, dy,
*params)`` in float64 for every row of the kernel table,
``reference.<kernel>_abs_terms`` where the backward kernel has an absolute
bound near its zero, the softmax family's row references, and the ULP
measures the bounds are stated in (``ulp_error``, ``ulp_error_bf16``,
``ulp_error_f16``)."""
from ._actkern import _reference as _ref

globals().update({k: getattr(_ref, k) for k in dir(_ref) if not k.startswith("_")})
__all__ = [k for k in dir(_ref) if not k.startswith("_")]
