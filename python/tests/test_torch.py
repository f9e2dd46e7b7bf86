"""actkern.torch: autograd Functions (forward and backward through actkern,
no copies), the nn.Module drop-ins, replace_activations and the fallback
rule."""
import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import actkern
import actkern.torch as akt

from test_elementwise import TORCH


@pytest.mark.parametrize("k", actkern.KERNELS, ids=lambda k: k["name"])
def test_every_kernel_is_a_differentiable_function(k):
    lo, hi = (0.05, 20.0) if k["name"] in ("log", "log1p") else (-6.0, 6.0)
    x = torch.empty(64, 33).uniform_(lo, hi, generator=torch.Generator().manual_seed(1))
    params = k["variants"][0][1]
    xa = x.clone().requires_grad_()
    xt = x.clone().requires_grad_()
    ya = getattr(akt, k["name"])(xa, *params)
    yt = TORCH[k["name"]](xt, *params)
    torch.testing.assert_close(ya, yt, rtol=1e-5, atol=1e-6)
    if not k["backward_input"]:
        with pytest.raises(RuntimeError, match="no backward"):
            ya.sum().backward()
        return
    dy = torch.randn(x.shape, generator=torch.Generator().manual_seed(2))
    (ga,) = torch.autograd.grad(ya, xa, dy)
    (gt,) = torch.autograd.grad(yt, xt, dy)
    torch.testing.assert_close(ga, gt, rtol=1e-4, atol=1e-5)


def test_forward_and_backward_do_not_copy():
    x = torch.randn(128, 64, requires_grad=True)
    before = actkern._copies()
    y = akt.gelu(x)
    y.backward(torch.ones_like(y))
    s = akt.softmax(x, -1)
    s.backward(torch.randn_like(s))
    assert actkern._copies() == before
    # dy of sum() is an expanded (stride 0) tensor: copied, and correct.
    x.grad = None
    akt.silu(x).sum().backward()
    torch.testing.assert_close(x.grad, torch.autograd.grad(F.silu(x).sum(), x)[0])


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_half_tensors(dtype):
    x = torch.linspace(-5, 5, 1001).to(dtype)
    for name in ("gelu", "silu", "tanh", "sigmoid", "mish"):
        got = getattr(akt, name)(x)
        assert got.dtype == dtype
        # Correctly rounded: the float32 kernel's result of the same input
        # rounded to the type is never more than 1 ULP of it away.
        expect = getattr(actkern, name)(x.float().numpy())
        diff = (got.float() - torch.from_numpy(expect)).abs()
        # 1 ULP of the type: relative 2^-7 (bf16) or 2^-10 (f16), and at
        # least the subnormal spacing.
        rel, tiny = (2.0 ** -7, 2.0 ** -133) if dtype == torch.bfloat16 else (2.0 ** -10, 2.0 ** -24)
        spacing = (torch.from_numpy(expect).abs() * rel).clamp(min=tiny)
        assert (diff <= spacing).all(), name
    xg = x.clone().requires_grad_()
    akt.gelu(xg).float().sum().backward()
    assert xg.grad.dtype == dtype


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("log", [False, True], ids=["softmax", "log_softmax"])
def test_half_softmax(dtype, log):
    # torch 1.13 has no CPU float16 softmax at all ("not implemented for
    # 'Half'"); actkern's runs, within 0.51 ULP of the type, so within one
    # ULP of the float32 result rounded to the type.
    x = (torch.randn(16, 77, generator=torch.Generator().manual_seed(5)) * 3).to(dtype)
    x.requires_grad_()
    fn = akt.log_softmax if log else akt.softmax
    y = fn(x, -1)
    assert y.dtype == dtype
    want = (torch.log_softmax if log else torch.softmax)(x.detach().float(), -1)
    rel, tiny = (2.0 ** -7, 2.0 ** -133) if dtype == torch.bfloat16 else (2.0 ** -10, 2.0 ** -24)
    assert ((y.detach().float() - want).abs() <= (want.abs() * rel).clamp(min=tiny)).all()
    dy = torch.randn(y.shape, generator=torch.Generator().manual_seed(6)).to(dtype)
    (g,) = torch.autograd.grad(y, x, dy)
    assert g.dtype == dtype
    # The backward of the stored 16-bit y, in double: within 1 ULP of the type
    # (float32 autograd from x would differ by y's own rounding, which the
    # 16-bit y carries).
    yd, dyd = y.detach().double(), dy.double()
    if log:
        want_g = dyd - yd.exp() * dyd.sum(-1, keepdim=True)
    else:
        want_g = yd * (dyd - (yd * dyd).sum(-1, keepdim=True))
    assert ((g.double() - want_g).abs() <= (want_g.abs() * rel).clamp(min=tiny)).all()
    assert isinstance(akt.Softmax(-1)(x.detach()), torch.Tensor)


def test_modules_match_torch_modules():
    x = torch.randn(8, 40) * 4
    pairs = [(akt.GELU(), nn.GELU()), (akt.GELU("tanh"), nn.GELU("tanh")), (akt.SiLU(), nn.SiLU()),
             (akt.Mish(), nn.Mish()), (akt.Sigmoid(), nn.Sigmoid()), (akt.Tanh(), nn.Tanh()),
             (akt.ELU(0.5), nn.ELU(0.5)), (akt.Softplus(2.0), nn.Softplus(2.0)),
             (akt.Softmax(1), nn.Softmax(1)), (akt.LogSoftmax(-1), nn.LogSoftmax(-1)),
             (akt.Softmax(0, fast=True), nn.Softmax(0))]
    for a, t in pairs:
        torch.testing.assert_close(a(x), t(x), rtol=1e-5, atol=2e-6, msg=repr(a))
    with pytest.raises(ValueError):
        akt.GELU("erf")


def test_softplus_threshold_rule():
    # Default threshold 20: beyond it torch returns x, actkern the exact
    # softplus, which rounds to x in float32.
    x = torch.tensor([19.0, 20.5, 25.0, 50.0, 1e4])
    torch.testing.assert_close(akt.Softplus()(x), F.softplus(x), rtol=0, atol=0)
    torch.testing.assert_close(akt.Softplus(beta=2.0)(x / 2), F.softplus(x / 2, beta=2.0), rtol=0, atol=0)
    # A small threshold changes torch's function: the module falls back.
    small = akt.Softplus(threshold=1.0)
    y = small(torch.tensor([1.5]))
    assert y.item() == 1.5  # torch's x, not softplus(1.5) = 1.70
    assert akt.softplus(torch.tensor([1.5])).item() == pytest.approx(1.7014132, rel=1e-6)


def test_fallback_for_unsupported_tensors():
    x64 = torch.randn(10, dtype=torch.float64, requires_grad=True)
    y = akt.GELU()(x64)  # float64: torch's function
    assert y.dtype == torch.float64
    torch.testing.assert_close(y, F.gelu(x64))
    y.sum().backward()
    assert akt.Softmax(-1)(torch.randn(3, 4, dtype=torch.float64)).dtype == torch.float64
    with pytest.raises(TypeError, match="CPU"):
        akt.gelu(x64)
    # Softmax(dim=None): torch's implicit dimension.
    x = torch.randn(3, 4)
    with pytest.warns(UserWarning):
        torch.testing.assert_close(akt.Softmax()(x), F.softmax(x, dim=1))


def test_softmax_differences_from_torch():
    x = torch.tensor([[-float("inf")] * 3, [1.0, 2.0, 3.0]], requires_grad=True)
    y = akt.softmax(x, -1)
    assert (y[0] == 0).all()
    assert torch.isnan(torch.softmax(x, -1)[0]).all()
    y[1].sum().backward()
    assert torch.isfinite(x.grad).all()


def test_replace_activations():
    model = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.Sequential(nn.SiLU(), nn.Linear(8, 8), nn.Tanh()),
                          nn.ModuleList([nn.Sigmoid(), nn.ELU(0.3), nn.Softplus(), nn.Mish()]),
                          nn.Softmax(-1), nn.ReLU())
    assert akt.replace_activations(model) == 8
    kinds = [type(m) for m in model.modules()]
    for t in (nn.GELU, nn.SiLU, nn.Tanh, nn.Sigmoid, nn.ELU, nn.Softplus, nn.Mish, nn.Softmax):
        assert t not in kinds
    assert nn.ReLU in kinds
    assert model[3][1].alpha == 0.3
    assert akt.replace_activations(model) == 0
    model.eval()
    assert not model[1].training


def test_double_backward_is_refused():
    x = torch.randn(5, requires_grad=True)
    (g,) = torch.autograd.grad(akt.gelu(x).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError):
        g.sum().backward()
