"""actkern: SIMD activation and softmax kernels over NumPy arrays.

Every kernel of actkern's C API (include/actkern/) as a function:

    import numpy as np, actkern
    y = actkern.gelu(np.linspace(-3, 3, 7, dtype=np.float32))
    p = actkern.softmax(logits, axis=-1)

Elementwise kernels: ``actkern.<name>(x, *params, out=None, fast=False,
dtype=None)`` and ``actkern.<name>_backward(x_or_y, dy, *params, out=None,
dtype=None)``, one per row of the kernel table (``actkern.KERNELS`` lists
them with their bounds); float32, float16, and bfloat16 as uint16 bit
patterns with ``dtype="bfloat16"`` (actkern.bfloat16 converts). Softmax
family, gated activations (swiglu, geglu, ...), targets. PyTorch drop-ins:
``import actkern.torch``. The rules (layouts without copies, errors,
dtypes, differences from PyTorch) are in docs/python.md.
"""
from . import _actkern
from ._actkern import *  # noqa: F401,F403 (the kernels, generated from the table)
from ._actkern import Error, GATED, KERNELS, _copies  # noqa: F401
from . import bfloat16, float16, reference  # noqa: F401

__all__ = sorted(
    [k["name"] for k in KERNELS]
    + [k["name"] + "_backward" for k in KERNELS if k["backward_input"]]
    + [g["name"] for g in GATED]
    + [g["name"] + "_backward" for g in GATED]
    + ["softmax", "log_softmax", "softmax_backward", "log_softmax_backward",
       "softmax_cross_entropy", "softmax_cross_entropy_soft",
       "softmax_masked", "logsumexp",
       "targets", "active_target", "set_max_target",
       "Error", "KERNELS", "GATED", "bfloat16", "float16", "reference"]
)


def __getattr__(name):
    # actkern.torch only on request: importing actkern must not need torch.
    if name == "torch":
        import importlib

        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'actkern' has no attribute '{name}'")
