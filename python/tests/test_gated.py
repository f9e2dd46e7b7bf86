"""Gated activations: both layouts, both tiers, backward, against the
elementwise kernels they are built on and PyTorch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actkern
from actkern import reference as ref

F32 = np.float32
GATED = actkern.GATED


def pair(seed, shape=(16, 96)):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-6, 6, shape).astype(F32), rng.uniform(-3, 3, shape).astype(F32))


def params_of(g):
    return {"swishglu": (1.5,)}.get(g["name"], ())


@pytest.mark.parametrize("g", GATED, ids=lambda g: g["name"])
def test_forward_is_act_times_up(g):
    gate, up = pair(1)
    p = params_of(g)
    act = getattr(actkern, g["act"])
    for fast in (False, True) if g["has_fast"] else (False,):
        y = getattr(actkern, g["name"])(gate, up, *p, fast=fast)
        # The activation is the elementwise kernel itself, the product one
        # IEEE multiplication: bit for bit.
        np.testing.assert_array_equal(y, act(gate, *p, fast=fast) * up)
        # One tensor, F.glu's layout: up first, then the gate.
        x = np.concatenate([up, gate], -1)
        np.testing.assert_array_equal(getattr(actkern, g["name"])(x, None, *p, fast=fast), y)


def test_glu_matches_torch():
    gate, up = pair(2)
    x = np.concatenate([up, gate], -1)
    np.testing.assert_allclose(actkern.glu(x), F.glu(torch.from_numpy(x), -1).numpy(), rtol=1e-6)


@pytest.mark.parametrize("g", GATED, ids=lambda g: g["name"])
def test_backward(g):
    gate, up = pair(3)
    dy = np.random.default_rng(4).uniform(-2, 2, gate.shape).astype(F32)
    p = params_of(g)
    d_gate, d_up = getattr(actkern, g["name"] + "_backward")(gate, up, dy, *p)
    np.testing.assert_array_equal(d_up, getattr(actkern, g["act"])(gate, *p) * dy)
    torch_act = {"silu": F.silu, "swish": lambda t, b: t * torch.sigmoid(b * t), "gelu": F.gelu,
                 "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"), "relu": F.relu,
                 "sigmoid": torch.sigmoid}[g["act"]]
    t = dy * up  # fl(dy * up), what the activation's backward kernel is given
    if g["act"] != "sigmoid":
        # d_gate is the activation's backward kernel at fl(dy * up).
        np.testing.assert_array_equal(
            d_gate, getattr(actkern, g["act"] + "_backward")(gate, t, *p))
    # Against the double reference of dy * up * act'(gate) and PyTorch: the
    # bound of gated.h (the activation's backward bound + 1 ULP, glu's 4B + 3,
    # or the absolute bound near the derivative's zero), and torch within
    # its own error.
    k = next(k for k in actkern.KERNELS if k["name"] == g["act"])
    g64 = gate.astype(np.float64)
    first = 1 / (1 + np.exp(-g64)) if g["act"] == "sigmoid" else g64
    r = getattr(ref, g["act"] + "_backward")(first, dy.astype(np.float64) * up, *p)
    err = ref.ulp_error(d_gate, r)
    bound = 4 * 1.5 + 3 if g["name"] == "glu" else k["backward_bound"] + 1
    ok = err <= bound
    if k["abs_terms"]:
        terms = getattr(ref, g["act"] + "_abs_terms")(g64, *p)
        ok |= (terms > 0) & (np.abs(d_gate - r) <= 4 * 2.0 ** -24 * np.abs(t) * terms * 1.01)
    assert ok.all(), f"{g['name']}: {err[~ok].max():.2f} ULP"
    gt = torch.from_numpy(gate).requires_grad_()
    (tg,) = torch.autograd.grad(torch_act(gt, *p) * torch.from_numpy(up), gt, torch.from_numpy(dy))
    tg = tg.numpy().astype(np.float64)
    assert (np.abs(d_gate - tg) <= np.abs(tg - r) + 1e-5 * np.abs(r) + 1e-30).all()
    # One tensor: dx = [d_up | d_gate].
    x = np.concatenate([up, gate], -1)
    dx = getattr(actkern, g["name"] + "_backward")(x, None, dy, *p)
    np.testing.assert_array_equal(dx, np.concatenate([d_up, d_gate], -1))


def test_gated_errors():
    gate, up = pair(5)
    out = np.full(gate.shape, 7.0, F32)
    with pytest.raises(ValueError, match="shape"):
        actkern.swiglu(gate, up[:, :10], out=out)
    with pytest.raises(ValueError, match="even"):
        actkern.swiglu(gate[:, :95])
    with pytest.raises(TypeError):  # operands of different types
        actkern.swiglu(gate.astype(np.float16), up)
    with pytest.raises(actkern.Error, match="invalid"):
        actkern.swishglu(gate, up, -1.0, out=out)
    with pytest.raises(ValueError, match="no fast tier"):
        actkern.reglu(gate, up, fast=True)
    x = np.concatenate([up, gate], -1)
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.swiglu(x, None, out=x[:, :96])
    assert (out == 7).all()
    # y may be the gate or up itself.
    expect = actkern.swiglu(gate, up)
    assert actkern.swiglu(gate, up, out=up) is up
    np.testing.assert_array_equal(up, expect)


HALF = {
    "bfloat16": (actkern.bfloat16.to_bf16, actkern.bfloat16.from_bf16,
                 actkern.bfloat16.from_double, "bfloat16"),
    "float16": (lambda a: actkern.float16.to_f16(a).view(np.float16), actkern.float16.from_f16,
                lambda a: actkern.float16.from_double(a).view(np.float16), None),
}


@pytest.mark.parametrize("t", HALF)
@pytest.mark.parametrize("g", GATED, ids=lambda g: g["name"])
def test_half_forward_correctly_rounded_both_layouts(g, t):
    to, widen, from_double, dt = HALF[t]
    gate32, up32 = pair(5)
    gate, up = to(gate32), to(up32)
    p = params_of(g)
    fn = getattr(actkern, g["name"])
    y = fn(gate, up, *p, dtype=dt)
    assert y.dtype == gate.dtype
    act_ref = getattr(ref, g["act"])(widen(gate).astype(np.float64), *p)
    want = from_double(act_ref * widen(up).astype(np.float64))
    np.testing.assert_array_equal(y.view(np.uint16), want.view(np.uint16))
    x = np.concatenate([up, gate], axis=-1)  # F.glu's layout: up | gate
    np.testing.assert_array_equal(fn(x, None, *p, dtype=dt), y)
    # d_up correctly rounded; d_gate within 1 ULP of the type.
    dy = to(pair(6)[1])
    d_gate, d_up = getattr(actkern, g["name"] + "_backward")(gate, up, dy, *p, dtype=dt)
    want_up = from_double(act_ref * widen(dy).astype(np.float64))
    np.testing.assert_array_equal(d_up.view(np.uint16), want_up.view(np.uint16))
    bwd_ref = getattr(ref, g["act"] + "_backward")
    gd = widen(gate).astype(np.float64)
    t_up = widen(dy).astype(np.float64) * widen(up).astype(np.float64)
    if g["act"] == "sigmoid":  # its backward reference takes y
        r_gate = t_up * ref.sigmoid(gd) * ref.sigmoid(-gd)
    else:
        r_gate = bwd_ref(gd, t_up, *p)
    ulp = ref.ulp_error_bf16 if t == "bfloat16" else ref.ulp_error_f16
    assert ulp(d_gate, r_gate).max() <= 1.0


def test_half_errors():
    gate, up = pair(7, (2, 8))
    g16, u16 = actkern.bfloat16.to_bf16(gate), actkern.bfloat16.to_bf16(up)
    with pytest.raises(TypeError, match="bfloat16"):
        actkern.swiglu(g16, u16)  # uint16 without dtype="bfloat16"
    with pytest.raises(TypeError):
        actkern.swiglu(g16, up, dtype="bfloat16")  # up float32
    out = np.full_like(g16, 7)
    with pytest.raises(actkern.Error, match="OVERLAP|overlap"):
        actkern.swiglu(g16, u16, out=g16[::-1], dtype="bfloat16")
    with pytest.raises(actkern.Error, match="invalid"):
        actkern.swishglu(g16, u16, -1.0, out=out, dtype="bfloat16")
    assert np.all(out == 7)
