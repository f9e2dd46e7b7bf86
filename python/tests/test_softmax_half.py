"""The 16-bit softmax family (float16, and bfloat16 as uint16 bits with
dtype="bfloat16") against the double references: 0.51 ULP of the type for
softmax, log-softmax and the cross-entropy gradient, 1 ULP for the backward
passes, the loss within 4 float ULP; errors and special rows as for float32."""
import numpy as np
import pytest
import torch

import actkern
from actkern import reference as ref

F32 = np.float32

TYPES = {
    # name: (to 16-bit from float32, widen to float32, ULP measure, dtype=)
    "bfloat16": (actkern.bfloat16.to_bf16, actkern.bfloat16.from_bf16, ref.ulp_error_bf16,
                 "bfloat16"),
    "float16": (lambda x: actkern.float16.to_f16(x).view(np.float16), actkern.float16.from_f16,
                ref.ulp_error_f16, None),
}


def spacing(t, r):
    """The spacing of the 16-bit type at |r| (its ULP)."""
    mant, emin = (7, -126) if t == "bfloat16" else (10, -14)
    a = np.abs(np.asarray(r, np.float64))
    e = np.floor(np.log2(np.where(a > 0, a, 1.0)))
    return 2.0 ** (np.maximum(np.where(a > 0, e, emin), emin) - mant)


def logits16(t, seed, rows=24, cols=203, sigma=3.0):
    to, widen, _, _ = TYPES[t]
    z = to((np.random.default_rng(seed).standard_normal((rows, cols)) * sigma).astype(F32))
    return z, widen(z)


@pytest.mark.parametrize("t", TYPES)
@pytest.mark.parametrize("log", [False, True], ids=["softmax", "log_softmax"])
def test_within_half_ulp_of_reference(t, log):
    _, widen, ulp, dt = TYPES[t]
    fn = actkern.log_softmax if log else actkern.softmax
    rfn = ref.log_softmax if log else ref.softmax
    for sigma in (0.01, 1.0, 10.0, 300.0):
        z, zf = logits16(t, int(sigma * 10) + 1, sigma=sigma)
        for scale in (1.0, 0.125):
            y = fn(z, scale=scale, dtype=dt)
            assert y.dtype == z.dtype and y.shape == z.shape
            err = ulp(y, rfn(zf, scale))
            assert err.max() <= 0.51, f"sigma={sigma} scale={scale}: {err.max():.4f}"
            # fast= changes nothing for the 16-bit forms.
            assert np.array_equal(fn(z, scale=scale, fast=True, dtype=dt), y)
            if not log:  # each term rounded once: the sum is 1 within their roundings
                p = widen(y).astype(np.float64)
                room = (0.51 * spacing(t, p)).sum(-1)
                assert np.all(np.abs(p.sum(-1) - 1) <= room)


@pytest.mark.parametrize("t", TYPES)
def test_axis_in_place_and_strided(t):
    _, _, _, dt = TYPES[t]
    z, _ = logits16(t, 5, rows=9, cols=40)
    want = actkern.softmax(z, dtype=dt)
    np.testing.assert_array_equal(actkern.softmax(np.ascontiguousarray(z.T), axis=0, dtype=dt),
                                  want.T)
    wide = np.zeros((9, 64), dtype=z.dtype)
    wide[:, :40] = z
    view = wide[:, :40]  # a row stride of 64: no copy, the same bits
    before = actkern._copies()
    np.testing.assert_array_equal(actkern.softmax(view, dtype=dt), want)
    assert actkern._copies() == before
    actkern.softmax(view, out=view, dtype=dt)  # in place
    np.testing.assert_array_equal(view, want)
    assert np.all(wide[:, 40:] == 0)


@pytest.mark.parametrize("t", TYPES)
@pytest.mark.parametrize("log", [False, True], ids=["softmax", "log_softmax"])
def test_backward_within_one_ulp(t, log):
    to, widen, ulp, dt = TYPES[t]
    z, zf = logits16(t, 11, rows=16, cols=97)
    y = (actkern.log_softmax if log else actkern.softmax)(z, dtype=dt)
    dy = to(np.random.default_rng(12).standard_normal(z.shape).astype(F32))
    fn = actkern.log_softmax_backward if log else actkern.softmax_backward
    rfn = ref.log_softmax_backward if log else ref.softmax_backward
    dx = fn(y, dy, dtype=dt)
    assert dx.dtype == z.dtype
    assert ulp(dx, rfn(widen(y), widen(dy))).max() <= 1.0
    out = dy.copy()
    fn(y, out, out=out, dtype=dt)  # dx over dy
    np.testing.assert_array_equal(out, dx)


@pytest.mark.parametrize("t", TYPES)
@pytest.mark.parametrize("eps", [0.0, 0.1])
def test_cross_entropy(t, eps):
    _, widen, ulp, dt = TYPES[t]
    z, zf = logits16(t, 21, rows=32, cols=50, sigma=4.0)
    labels = np.random.default_rng(22).integers(0, 50, 32)
    loss, grad = actkern.softmax_cross_entropy(z, labels, label_smoothing=eps, reduction="none",
                                               grad=True, dtype=dt)
    assert loss.dtype == F32 and loss.shape == (32,) and grad.dtype == z.dtype
    p = ref.softmax(zf)
    for r in range(32):
        want_loss, _ = ref.softmax_cross_entropy(zf[r], int(labels[r]), eps)
        assert ref.ulp_error(loss[r:r + 1], np.array([want_loss])).max() <= 4.0
        q = np.full(50, eps / 50)
        q[labels[r]] += 1 - eps
        g = p[r] - q
        # The label column: p_l - 1 cancels in double; -(sum of the others) does not.
        g[labels[r]] = -(p[r].sum() - p[r][labels[r]]) + eps * (1 - 1.0 / 50)
        if eps == 0:
            assert ulp(grad[r], g).max() <= 0.51, r
        else:
            err = np.abs(widen(grad[r]).astype(np.float64) - g)
            tol = 0.51 * spacing(t, g) + 2.0 ** -20 * (np.abs(p[r] - q) + 2 * q)
            assert np.all(err <= tol), r
    mean = actkern.softmax_cross_entropy(z, labels, label_smoothing=eps, dtype=dt)
    assert abs(float(mean) - loss.astype(np.float64).mean()) <= 1e-5 * abs(float(mean))
    # Close to PyTorch's float32 loss of the same (widened) logits.
    tl = torch.nn.functional.cross_entropy(torch.from_numpy(zf), torch.from_numpy(labels),
                                           label_smoothing=eps)
    assert abs(float(mean) - tl.item()) <= 1e-5 * abs(tl.item())


@pytest.mark.parametrize("t", TYPES)
def test_special_rows(t):
    to, widen, _, dt = TYPES[t]
    z = to(np.array([[0.0, np.nan, 1.0], [np.inf, 1.0, np.inf], [-np.inf] * 3], dtype=F32))
    y = widen(actkern.softmax(z, dtype=dt))
    assert np.all(np.isnan(y[0]))
    np.testing.assert_array_equal(y[1], [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(y[2], [0.0, 0.0, 0.0])  # PyTorch: NaN
    ly = widen(actkern.log_softmax(z, dtype=dt))
    assert np.all(ly[2] == -np.inf)


@pytest.mark.parametrize("t", TYPES)
def test_errors_write_nothing(t):
    to, _, _, dt = TYPES[t]
    z, _ = logits16(t, 31, rows=4, cols=8)
    out = np.full_like(z, 7)
    keep = out.copy()
    with pytest.raises(actkern.Error, match="invalid"):
        actkern.softmax(z, scale=0.0, out=out, dtype=dt)
    with pytest.raises(actkern.Error, match="invalid"):
        actkern.softmax(z, scale=np.inf, out=out, dtype=dt)
    with pytest.raises(TypeError):  # out of another dtype
        actkern.softmax(z, out=np.zeros(z.shape, F32), dtype=dt)
    with pytest.raises(actkern.Error, match="OVERLAP|overlap"):
        actkern.softmax(z, out=z[::-1], dtype=dt)
    with pytest.raises(TypeError):  # dy of another dtype
        actkern.softmax_backward(z, np.zeros(z.shape, F32), dtype=dt)
    with pytest.raises(actkern.Error, match="label"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 8, 2]), dtype=dt)
    np.testing.assert_array_equal(out, keep)
    if t == "bfloat16":  # uint16 without dtype="bfloat16" is not guessed
        with pytest.raises(TypeError, match="bfloat16"):
            actkern.softmax(z)


def test_masked_error_order_across_matrices():
    # A bad scale is INVALID_ARGUMENT before any length is looked at, as in
    # the C API, also when each matrix of a causal batch is its own call.
    x = np.zeros((2, 3, 4), F32)
    bad_lengths = np.full((2, 3), 9, np.int64)
    with pytest.raises(actkern.Error, match="INVALID_ARGUMENT|invalid"):
        actkern.softmax_masked(x, bad_lengths, causal=True, scale=0.0)
    with pytest.raises(actkern.Error, match="LENGTH_OUT_OF_RANGE|length"):
        actkern.softmax_masked(x, bad_lengths, causal=True)
    with pytest.raises(actkern.Error, match="INVALID_ARGUMENT|invalid"):
        actkern.softmax_masked(x[0], bad_lengths[0], causal=True, scale=0.0)
