"""bfloat16 as uint16 bit patterns (NumPy has no bfloat16 dtype), converted
by actkern's own routines (include/actkern/half.h).

    bits = actkern.bfloat16.to_bf16(np.float32 array)  # uint16, nearest even
    x = actkern.bfloat16.from_bf16(bits)                 # float32, exact
    actkern.gelu(bits, dtype="bfloat16")                 # a bf16 kernel call
"""
from . import _actkern


def to_bf16(x):
    """float32 (or float64) array -> uint16 bfloat16 bit patterns, rounded
    once to nearest even (NaN stays a quiet NaN; float64 is rounded from the
    double itself)."""
    return _actkern._to_bf16(x)


def from_bf16(bits):
    """uint16 (or int16) bfloat16 bit patterns -> float32, exact."""
    return _actkern._from_bf16(bits)


def from_double(x):
    """float64 array -> bfloat16 bits, correctly rounded: what the bf16
    kernels return for a reference value."""
    return _actkern._reference.bf16_from_double(x)
