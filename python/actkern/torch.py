"""PyTorch drop-ins running actkern's kernels (forward and backward) on CPU
tensors, without copying them.

    import actkern.torch as akt
    y = akt.gelu(x)                    # autograd-aware; backward is actkern's
    model = ...; akt.replace_activations(model)   # nn.GELU -> akt.GELU, ...

Every elementwise kernel of the table is a function here,
``actkern.torch.<name>(x, *params, fast=False)``, differentiable through
its backward kernel (kernels without one, exp, are forward only). Modules:
GELU, SiLU, Mish, Sigmoid, Tanh, ELU, Softplus, Softmax, LogSoftmax, with
torch.nn's constructor arguments.

Fallback rule: a tensor that is not on the CPU, or whose dtype actkern does
not take (float32, float16, bfloat16), runs
PyTorch's own function instead, with the same arguments, and so does a
module whose arguments actkern's kernel does not implement (Softplus with a
threshold below 20, Softmax(dim=None)). Second derivatives
(create_graph=True through these functions) are not supported: backward
raises if asked to be differentiated again. docs/python.md has the rules and
the documented differences from PyTorch.
"""
import torch as _torch
import torch.nn.functional as _F
from torch.autograd.function import once_differentiable as _once_differentiable

from . import _actkern

_HALF_TYPES = (_torch.float16, _torch.bfloat16)
_ELEMENTWISE_TYPES = (_torch.float32,) + _HALF_TYPES


def _runs_elementwise(x):
    return x.device.type == "cpu" and x.dtype in _ELEMENTWISE_TYPES


def _runs_rows(x):
    return _runs_elementwise(x)


def _numpy(t):
    """A NumPy view of a CPU tensor (no copy) and the dtype= actkern needs."""
    t = t.detach()
    if t.dtype == _torch.bfloat16:
        # NumPy has no bfloat16: the same bits as int16 (torch 1.13 has no
        # uint16), named by dtype="bfloat16".
        return t.view(_torch.int16).numpy(), "bfloat16"
    return t.numpy(), None


def _empty_like(t):
    return _torch.empty(t.shape, dtype=t.dtype, device=t.device)


def _unary(fn, x, params, fast):
    y = _empty_like(x)
    xn, dtype = _numpy(x)
    yn, _ = _numpy(y)
    if dtype is None:
        fn(xn, *params, out=yn, fast=fast)
    else:
        fn(xn, *params, out=yn, fast=fast, dtype=dtype)
    return y


def _binary(fn, a, dy, params):
    dx = _empty_like(a)
    an, dtype = _numpy(a)
    dyn, _ = _numpy(dy)
    dxn, _ = _numpy(dx)
    if dtype is None:
        fn(an, dyn, *params, out=dxn)
    else:
        fn(an, dyn, *params, out=dxn, dtype=dtype)
    return dx


def _make_function(info):
    name = info["name"]
    forward_fn = getattr(_actkern, name)
    backward_fn = getattr(_actkern, name + "_backward", None)
    takes_y = info["backward_input"] == "y"

    class Function(_torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, fast, *params):
            y = _unary(forward_fn, x, params, fast)
            ctx.params = params
            if backward_fn is not None:
                ctx.save_for_backward(y if takes_y else x)
            return y

        @staticmethod
        @_once_differentiable
        def backward(ctx, dy):
            if backward_fn is None:
                raise RuntimeError(f"actkern.torch.{name}: no backward kernel")
            (saved,) = ctx.saved_tensors
            dx = _binary(backward_fn, saved, dy.to(saved.dtype), ctx.params)
            return (dx, None) + (None,) * len(ctx.params)

    Function.__name__ = Function.__qualname__ = "Actkern" + name.title().replace("_", "")
    return Function


# One autograd Function per row of the kernel table.
_FUNCTIONS = {info["name"]: _make_function(info) for info in _actkern.KERNELS}


def _make_wrapper(info):
    name = info["name"]
    function = _FUNCTIONS[name]
    names = info["params"]
    defaults = info["defaults"]

    def wrapper(x, *params, fast=False, **kw):
        values = list(params)
        for i in range(len(values), len(names)):
            if names[i] in kw:
                values.append(kw.pop(names[i]))
            elif defaults[i] is not None:
                values.append(defaults[i])
            else:
                raise TypeError(f"{name}() missing argument '{names[i]}'")
        if kw:
            raise TypeError(f"{name}() got unexpected arguments {sorted(kw)}")
        if len(values) > len(names):
            raise TypeError(f"{name}() takes {len(names)} parameters")
        if not _runs_elementwise(x):
            raise TypeError(
                f"actkern.torch.{name}: CPU float32/float16/bfloat16 tensors only "
                f"(got {x.dtype} on {x.device}); the modules fall back to torch")
        return function.apply(x, fast, *[float(v) for v in values])

    wrapper.__name__ = name
    wrapper.__doc__ = (
        f"actkern's {name} on a CPU tensor (float32, float16, bfloat16), "
        f"differentiable through actkern's backward kernel.\n\n"
        + (getattr(_actkern, name).__doc__ or ""))
    return wrapper


for _info in _actkern.KERNELS:
    globals()[_info["name"]] = _make_wrapper(_info)
del _info


# ------------------------------------------------------------ softmax
class _SoftmaxFunction(_torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim, log, fast):
        y = _empty_like(x)
        fn = _actkern.log_softmax if log else _actkern.softmax
        xn, dtype = _numpy(x)
        fn(xn, dim, fast=fast, out=_numpy(y)[0], dtype=dtype)
        ctx.dim, ctx.log = dim, log
        ctx.save_for_backward(y)
        return y

    @staticmethod
    @_once_differentiable
    def backward(ctx, dy):
        (y,) = ctx.saved_tensors
        dx = _empty_like(y)
        fn = _actkern.log_softmax_backward if ctx.log else _actkern.softmax_backward
        yn, dtype = _numpy(y)
        fn(yn, _numpy(dy.to(y.dtype))[0], ctx.dim, out=_numpy(dx)[0], dtype=dtype)
        return dx, None, None, None


def softmax(x, dim=-1, fast=False):
    """actkern's softmax along dim (float32, float16 and bfloat16 CPU tensors;
    else torch.softmax). A row of all -inf gives 0 (torch: NaN). The 16-bit
    results are within 0.51 ULP of their type (fast= changes nothing)."""
    if not _runs_rows(x) or x.dim() == 0:
        return _torch.softmax(x, dim)
    return _SoftmaxFunction.apply(x, dim, False, fast)


def log_softmax(x, dim=-1, fast=False):
    """actkern's log_softmax along dim (float32, float16 and bfloat16 CPU
    tensors; else torch's). A row of all -inf gives -inf (torch: NaN)."""
    if not _runs_rows(x) or x.dim() == 0:
        return _torch.log_softmax(x, dim)
    return _SoftmaxFunction.apply(x, dim, True, fast)


# ------------------------------------------------------------ modules
class _Elementwise(_torch.nn.Module):
    """An elementwise actkern kernel with torch's function as the fallback."""

    def __init__(self, kernel, params, fallback, fast=False):
        super().__init__()
        self.kernel, self.params, self.fast = kernel, tuple(params), fast
        self._fallback = fallback

    def forward(self, x):
        if not _runs_elementwise(x) or self._fallback_only():
            return self._fallback(x)
        return _FUNCTIONS[self.kernel].apply(x, self.fast, *self.params)

    def _fallback_only(self):
        return False

    def extra_repr(self):
        p = ", ".join(f"{v:g}" for v in self.params)
        return f"actkern {self.kernel}({p})" + (", fast" if self.fast else "")


class GELU(_Elementwise):
    """torch.nn.GELU: approximate='none' is actkern's gelu (erf form),
    'tanh' its gelu_tanh."""

    def __init__(self, approximate="none", fast=False):
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate must be 'none' or 'tanh', not {approximate!r}")
        self.approximate = approximate
        super().__init__("gelu" if approximate == "none" else "gelu_tanh", (),
                         lambda x: _F.gelu(x, approximate=approximate), fast)


class SiLU(_Elementwise):
    def __init__(self, inplace=False, fast=False):
        # inplace is accepted for torch.nn.SiLU's signature; the result is
        # always a new tensor (autograd keeps x for the backward kernel).
        super().__init__("silu", (), _F.silu, fast)


class Mish(_Elementwise):
    def __init__(self, inplace=False, fast=False):
        super().__init__("mish", (), _F.mish, fast)


class Sigmoid(_Elementwise):
    def __init__(self, fast=False):
        super().__init__("sigmoid", (), _torch.sigmoid, fast)


class Tanh(_Elementwise):
    def __init__(self, fast=False):
        super().__init__("tanh", (), _torch.tanh, fast)


class ELU(_Elementwise):
    def __init__(self, alpha=1.0, inplace=False, fast=False):
        self.alpha = float(alpha)
        super().__init__("elu", (self.alpha,), lambda x: _F.elu(x, self.alpha), fast)


class Softplus(_Elementwise):
    """torch.nn.Softplus(beta, threshold). actkern's softplus has no
    threshold: it is (1/beta) log(1 + e^(beta x)) everywhere, where torch
    returns x itself for beta x > threshold. For threshold >= 20 (torch's
    default) the two agree in float: beyond the threshold the exact softplus
    rounds to x. A smaller threshold changes torch's function visibly, so
    such a module runs torch's softplus (the fallback)."""

    def __init__(self, beta=1.0, threshold=20.0, fast=False):
        self.beta, self.threshold = float(beta), float(threshold)
        super().__init__("softplus", (self.beta,),
                         lambda x: _F.softplus(x, self.beta, self.threshold), fast)

    def _fallback_only(self):
        return self.threshold < 20.0


class Softmax(_torch.nn.Module):
    """torch.nn.Softmax(dim). A row of all -inf gives 0 (torch: NaN).
    dim=None (torch's implicit, deprecated choice) runs torch's softmax."""

    def __init__(self, dim=None, fast=False):
        super().__init__()
        self.dim, self.fast = dim, fast

    def forward(self, x):
        if self.dim is None:
            return _F.softmax(x, self.dim, _stacklevel=5)
        return softmax(x, self.dim, self.fast)

    def extra_repr(self):
        return f"actkern, dim={self.dim}" + (", fast" if self.fast else "")


class LogSoftmax(_torch.nn.Module):
    """torch.nn.LogSoftmax(dim). A row of all -inf gives -inf (torch: NaN)."""

    def __init__(self, dim=None, fast=False):
        super().__init__()
        self.dim, self.fast = dim, fast

    def forward(self, x):
        if self.dim is None:
            return _F.log_softmax(x, self.dim, _stacklevel=5)
        return log_softmax(x, self.dim, self.fast)

    def extra_repr(self):
        return f"actkern, dim={self.dim}" + (", fast" if self.fast else "")


def _replacement(m, fast):
    nn = _torch.nn
    if isinstance(m, nn.GELU):
        return GELU(m.approximate, fast=fast)
    if isinstance(m, nn.SiLU):
        return SiLU(fast=fast)
    if isinstance(m, nn.Mish):
        return Mish(fast=fast)
    if isinstance(m, nn.Sigmoid):
        return Sigmoid(fast=fast)
    if isinstance(m, nn.Tanh):
        return Tanh(fast=fast)
    if isinstance(m, nn.ELU):
        return ELU(m.alpha, fast=fast)
    if isinstance(m, nn.Softplus):
        return Softplus(m.beta, m.threshold, fast=fast)
    if isinstance(m, nn.Softmax):
        return Softmax(m.dim, fast=fast)
    if isinstance(m, nn.LogSoftmax):
        return LogSoftmax(m.dim, fast=fast)
    return None


def replace_activations(model, fast=False):
    """Swaps model's nn.GELU, nn.SiLU, nn.Mish, nn.Sigmoid, nn.Tanh, nn.ELU,
    nn.Softplus, nn.Softmax and nn.LogSoftmax submodules (at any depth) for
    the actkern modules above, in place. Returns how many were replaced.
    Activations called as functions (F.gelu in a forward method) are not
    modules and stay as they are."""
    count = 0
    for parent in list(model.modules()):
        for child_name, child in list(parent.named_children()):
            new = _replacement(child, fast)
            if new is not None:
                new.train(child.training)
                setattr(parent, child_name, new)
                count += 1
    return count


__all__ = sorted(list(_FUNCTIONS) + [
    "softmax", "log_softmax", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "ELU",
    "Softplus", "Softmax", "LogSoftmax", "replace_activations"])
