"""IEEE binary16 conversions by actkern's own routines (include/actkern/half.h).
NumPy's float16 holds the same bits: the f16 kernels take np.float16 arrays.
"""
import numpy as _np

from . import _actkern


def to_f16(x):
    """float32 (or float64) array -> numpy.float16, rounded once to nearest
    even."""
    return _actkern._to_f16(x).view(_np.float16)


def from_f16(h):
    """numpy.float16 (or its uint16 bits) -> float32, exact."""
    return _actkern._from_f16(h)


def from_double(x):
    """float64 array -> float16, correctly rounded."""
    return _actkern._reference.f16_from_double(x).view(_np.float16)
