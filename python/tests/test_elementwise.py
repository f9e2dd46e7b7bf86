"""Every elementwise kernel of the table (actkern.KERNELS): float32 forward
(both tiers) and backward against the library's double references within
the documented ULP bounds, special values, the 16-bit forms correctly
rounded on every input, and agreement with torch.nn.functional."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actkern
from actkern import reference as ref

from conftest import F32, kernel_inputs, random_inputs

KERNELS = actkern.KERNELS
BACKWARD = [k for k in KERNELS if k["backward_input"]]
VARIANTS = [(k, label, params) for k in KERNELS for label, params in k["variants"]]


def variant_id(v):
    return v[1]


def test_table_is_complete():
    # Every row has its Python functions, its reference and a docstring
    # that states its bound and carries the table's contract.
    assert len(KERNELS) >= 22
    for k in KERNELS:
        fn = getattr(actkern, k["name"])
        assert callable(getattr(ref, k["name"]))
        doc = fn.__doc__
        assert f"Max error: {k['bound']:g} ULP" in doc
        assert k["contract"] and k["contract"] in doc
        assert ("_backward" in k["name"]) is False
        assert hasattr(actkern, k["name"] + "_backward") == bool(k["backward_input"])
        assert k["variants"], k["name"]
    gelu_doc = actkern.gelu.__doc__
    assert "2.5 ULP" in gelu_doc and "gelu(-inf) = -0" in gelu_doc


def forward_errors(k, params, x, fast):
    y = getattr(actkern, k["name"])(x, *params, fast=fast)
    r = getattr(ref, k["name"])(x.astype(np.float64), *params)
    return y, r, ref.ulp_error(y, r)


@pytest.mark.parametrize("v", VARIANTS, ids=variant_id)
def test_forward_within_bound(v):
    k, _, params = v
    x = kernel_inputs(1)
    tiers = [(False, k["bound"])] + ([(True, k["fast_bound"])] if k["fast_bound"] else [])
    for fast, bound in tiers:
        y, r, err = forward_errors(k, params, x, fast)
        worst = int(np.argmax(err))
        assert err[worst] <= bound, (
            f"{k['name']} fast={fast}: {err[worst]:.3f} ULP at x={x[worst]!r} "
            f"(y={y[worst]!r}, ref={r[worst]!r})")
        # NaN exactly where the reference is NaN; zeros of the reference's
        # sign (the contract's +-0 and -0 limits).
        np.testing.assert_array_equal(np.isnan(y), np.isnan(r))
        zero = (r == 0) & (y == 0)
        np.testing.assert_array_equal(np.signbit(y[zero]), np.signbit(r[zero]),
                                      err_msg=f"{k['name']} fast={fast}: sign of zero")


@pytest.mark.parametrize("v", VARIANTS, ids=variant_id)
def test_forward_specials_exact(v):
    # Infinite and exactly representable limits are returned exactly.
    k, _, params = v
    x = kernel_inputs(2)
    y, r, _ = forward_errors(k, params, x, False)
    exact = np.isinf(r)
    np.testing.assert_array_equal(y[exact], r[exact].astype(F32))


@pytest.mark.parametrize("k", BACKWARD, ids=lambda k: k["name"])
def test_backward_within_bound(k):
    rng = np.random.default_rng(3)
    for _, params in k["variants"]:
        x = random_inputs(4)
        if k["backward_input"] == "y":
            x = getattr(actkern, k["name"])(x, *params)
        dy = (rng.choice([-1.0, 1.0], x.size) * 2.0 ** rng.uniform(-20, 20, x.size)).astype(F32)
        dx = getattr(actkern, k["name"] + "_backward")(x, dy, *params)
        r = getattr(ref, k["name"] + "_backward")(x.astype(np.float64),
                                                  dy.astype(np.float64), *params)
        err = ref.ulp_error(dx, r)
        ok = err <= k["backward_bound"]
        if k["abs_terms"]:
            terms = getattr(ref, k["name"] + "_abs_terms")(x.astype(np.float64), *params)
            absolute = np.abs(dx.astype(np.float64) - r) <= 4 * 2.0 ** -24 * np.abs(dy) * terms
            ok |= (terms > 0) & absolute
        bad = np.flatnonzero(~ok)
        assert bad.size == 0, (
            f"{k['name']}_backward{params}: {err[bad[0]]:.2f} ULP at "
            f"x={x[bad[0]]!r} dy={dy[bad[0]]!r}")


def all_16bit():
    return np.arange(65536, dtype=np.uint32).astype(np.uint16)


@pytest.mark.parametrize("v", VARIANTS, ids=variant_id)
def test_16bit_correctly_rounded_on_every_input(v):
    # half.h: the 16-bit forward result is the double reference at the
    # widened input, rounded once to nearest even (NaN: a NaN).
    k, _, params = v
    fn = getattr(actkern, k["name"])
    bits = all_16bit()
    for dtype, widen, rounded in (
            ("bfloat16", actkern.bfloat16.from_bf16, actkern.bfloat16.from_double),
            ("float16", actkern.float16.from_f16, actkern.float16.from_double)):
        x = bits if dtype == "bfloat16" else bits.view(np.float16)
        y = fn(x, *params, dtype=dtype)
        assert y.dtype == x.dtype
        with np.errstate(invalid="ignore"):  # widening the signaling NaNs
            r = getattr(ref, k["name"])(widen(x).astype(np.float64), *params)
        expect = rounded(r).view(np.uint16)
        got = y.view(np.uint16)
        nan = np.isnan(r)
        np.testing.assert_array_equal(np.isnan(widen(y)), nan)
        mismatch = np.flatnonzero((got != expect) & ~nan)
        assert mismatch.size == 0, (
            f"{k['name']} {dtype}: {mismatch.size} inputs not correctly rounded, "
            f"first {bits[mismatch[0]]:#06x}")
        # The tier makes no difference to a correctly rounded result.
        if k["fast_bound"]:
            np.testing.assert_array_equal(fn(x, *params, dtype=dtype, fast=True).view(np.uint16), got)


@pytest.mark.parametrize("k", BACKWARD, ids=lambda k: k["name"])
def test_16bit_backward_within_1ulp(k):
    rng = np.random.default_rng(5)
    params = k["variants"][0][1]
    x32 = rng.uniform(-8, 8, 4096).astype(F32)
    if k["backward_input"] == "y":
        x32 = getattr(actkern, k["name"])(x32, *params)
    dy32 = rng.uniform(-4, 4, x32.size).astype(F32)
    for dtype, to, widen, ulp in (
            ("bfloat16", actkern.bfloat16.to_bf16, actkern.bfloat16.from_bf16, ref.ulp_error_bf16),
            ("float16", actkern.float16.to_f16, actkern.float16.from_f16, ref.ulp_error_f16)):
        x, dy = to(x32), to(dy32)
        dx = getattr(actkern, k["name"] + "_backward")(x, dy, *params, dtype=dtype)
        r = getattr(ref, k["name"] + "_backward")(widen(x).astype(np.float64),
                                                  widen(dy).astype(np.float64), *params)
        assert ulp(dx, r).max() <= 1.0, f"{k['name']}_backward {dtype}"


def test_bf16_conversions():
    x = np.array([1.0, -2.5, np.inf, -0.0, 1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8,
                  3.4e38, 1e-40], dtype=F32)
    bits = actkern.bfloat16.to_bf16(x)
    assert bits.dtype == np.uint16
    # Nearest even at the midpoints 1 + 2^-8 (down) and 1 + 3 2^-8 (up).
    np.testing.assert_array_equal(bits[:6], [0x3F80, 0xC020, 0x7F80, 0x8000, 0x3F80, 0x3F82])
    back = actkern.bfloat16.from_bf16(bits)
    assert back.dtype == np.float32
    np.testing.assert_array_equal(back[:4], x[:4])
    assert np.isinf(back[6])  # 3.4e38 rounds up past bfloat16's largest finite
    assert np.isnan(actkern.bfloat16.from_bf16(actkern.bfloat16.to_bf16(np.float32([np.nan]))))[0]
    h = actkern.float16.to_f16(np.float32([1.0, 65520.0, 65519.0, 6e-8]))
    np.testing.assert_array_equal(h, np.float16([1.0, np.inf, 65504.0, 6e-8]))


# actkern kernel -> the PyTorch function it replaces (None: torch has none).
TORCH = {
    "exp": torch.exp, "expm1": torch.expm1, "sigmoid": torch.sigmoid,
    "tanh": torch.tanh, "silu": F.silu,
    "swish": lambda x, beta: x * torch.sigmoid(beta * x),
    "elu": lambda x, a: F.elu(x, a), "selu": F.selu,
    "celu": lambda x, a: F.celu(x, a), "log": torch.log, "log1p": torch.log1p,
    "softplus": lambda x, b: F.softplus(x, b), "log_sigmoid": F.logsigmoid,
    "mish": F.mish, "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"), "relu": F.relu,
    "leaky_relu": lambda x, s: F.leaky_relu(x, s), "relu6": F.relu6,
    "hardtanh": lambda x, lo, hi: F.hardtanh(x, lo, hi),
    "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish,
}


def test_every_kernel_has_a_torch_counterpart_listed():
    assert sorted(TORCH) == sorted(k["name"] for k in KERNELS)


def torch_inputs(name):
    rng = np.random.default_rng(6)
    lo, hi = (0.01, 100.0) if name == "log" else (-0.9, 100.0) if name == "log1p" else (-12.0, 12.0)
    return rng.uniform(lo, hi, 20000).astype(F32)


# PyTorch's own float32 kernels are not correctly rounded, and some lose
# accuracy (F.elu's e^x - 1 cancels near 0): actkern must agree with torch
# to a few float ULP (TORCH_RTOL, relative) plus torch's own error against
# the double reference, plus 1e-30 for subnormal results.
TORCH_RTOL = 2e-6


def assert_close_to_torch(got, expect, r, rtol, what):
    torch_error = np.abs(expect.astype(np.float64) - r)
    allowed = rtol * np.maximum(np.abs(expect), np.abs(r)) + torch_error + 1e-30
    diff = np.abs(got.astype(np.float64) - expect)
    bad = np.flatnonzero(~(diff <= allowed))
    assert bad.size == 0, (f"{what}: {bad.size} values differ from torch beyond "
                           f"its own error, first {got[bad[0]]!r} vs {expect[bad[0]]!r}")


@pytest.mark.parametrize("v", VARIANTS, ids=variant_id)
def test_forward_matches_torch(v):
    k, _, params = v
    x = torch_inputs(k["name"])
    expect = TORCH[k["name"]](torch.from_numpy(x), *params).numpy()
    for fast in (False, True) if k["fast_bound"] else (False,):
        got = getattr(actkern, k["name"])(x, *params, fast=fast)
        r = getattr(ref, k["name"])(x.astype(np.float64), *params)
        assert_close_to_torch(got, expect, r, TORCH_RTOL * (2 if fast else 1),
                              f"{k['name']} fast={fast}")


@pytest.mark.parametrize("k", BACKWARD, ids=lambda k: k["name"])
def test_backward_matches_torch_autograd(k):
    params = k["variants"][0][1]
    x = torch_inputs(k["name"])
    rng = np.random.default_rng(7)
    dy = rng.uniform(-2, 2, x.size).astype(F32)
    xt = torch.from_numpy(x).requires_grad_()
    yt = TORCH[k["name"]](xt, *params)
    (expect,) = torch.autograd.grad(yt, xt, torch.from_numpy(dy))
    first = yt.detach().numpy() if k["backward_input"] == "y" else x
    got = getattr(actkern, k["name"] + "_backward")(first, dy, *params)
    r = getattr(ref, k["name"] + "_backward")(first.astype(np.float64),
                                              dy.astype(np.float64), *params)
    # Backward bounds are 4 ULP (absolute near the derivative's zeros).
    assert_close_to_torch(got, expect.numpy(), r, 4 * TORCH_RTOL, k["name"] + "_backward")


@pytest.mark.parametrize("v", VARIANTS, ids=variant_id)
def test_bias_is_the_kernel_of_the_float_sum(v):
    # bias=: actkern_<name>_bias_f32, bit for bit the kernel of fl(x + bias),
    # over a strided matrix without a copy, both tiers.
    k, _, params = v
    fn = getattr(actkern, k["name"])
    rng = np.random.default_rng(3)
    wide = (rng.standard_normal((9, 48)) * 4).astype(F32)
    x = wide[:, :37]  # row stride 48
    b = (rng.standard_normal(37) * 2).astype(F32)
    b[3], b[5] = np.inf, np.nan
    for fast in ([False, True] if k["fast_bound"] else [False]):
        want = fn(np.ascontiguousarray(x + b), *params, fast=fast)
        before = actkern._copies()
        got = fn(x, *params, fast=fast, bias=b)
        assert actkern._copies() == before
        assert np.array_equal(got.view(np.uint32), want.view(np.uint32)), k["name"]
        inplace = x.copy()
        assert fn(inplace, *params, fast=fast, bias=b, out=inplace) is inplace
        assert np.array_equal(inplace.view(np.uint32), want.view(np.uint32))


def test_bias_errors_write_nothing():
    x = np.ones((4, 6), F32)
    out = np.full_like(x, 7.0)
    with pytest.raises(ValueError, match="bias"):
        actkern.gelu(x, bias=np.zeros(5, F32), out=out)
    with pytest.raises(ValueError, match="bias"):
        actkern.gelu(x, bias=np.zeros((1, 6), F32), out=out)
    with pytest.raises(TypeError):
        actkern.gelu(x, bias=np.zeros(6, np.float64), out=out)
    with pytest.raises(TypeError, match="float32"):
        actkern.gelu(x.astype(np.float16), bias=np.zeros(6, F32))
    with pytest.raises(ValueError, match="0-d"):
        actkern.gelu(np.float32(1.0), bias=np.zeros(1, F32))
    with pytest.raises(actkern.Error, match="OVERLAP|overlap"):
        actkern.gelu(x, bias=out[0], out=out)  # bias must not overlap out
    with pytest.raises(ValueError, match="fast"):
        actkern.relu(x, fast=True, bias=np.zeros(6, F32))
    assert np.all(out == 7.0)
    np.testing.assert_array_equal(actkern.relu(x, bias=np.full(6, -2.0, F32)), 0.0)
