"""The softmax family against the double references (2 ULP, fast 4 ULP) and
PyTorch, with the documented differences from PyTorch asserted."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import actkern
from actkern import reference as ref

F32 = np.float32


def logits(seed, rows=64, cols=257, sigma=3.0):
    return (np.random.default_rng(seed).standard_normal((rows, cols)) * sigma).astype(F32)


@pytest.mark.parametrize("log", [False, True], ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("fast", [False, True], ids=["precise", "fast"])
@pytest.mark.parametrize("scale", [1.0, 0.125, -1.0])
def test_within_bound_of_reference(log, fast, scale):
    fn = actkern.log_softmax if log else actkern.softmax
    rfn = ref.log_softmax if log else ref.softmax
    bound = 4.0 if fast else 2.0
    for sigma in (0.01, 1.0, 10.0, 1000.0):
        x = logits(int(sigma * 10), sigma=sigma)
        y = fn(x, scale=scale, fast=fast)
        err = ref.ulp_error(y, rfn(x, scale))
        assert err.max() <= bound, f"sigma={sigma}: {err.max():.3f} ULP"
        if not log:
            sums = y.astype(np.float64).sum(-1)
            assert np.abs(sums - 1).max() <= (2.0 ** -21 if fast else 2.0 ** -22)


def test_matches_torch():
    x = logits(1)
    for dim in (0, 1, -1):
        np.testing.assert_allclose(actkern.softmax(x, dim), torch.softmax(torch.from_numpy(x), dim),
                                   rtol=2e-6, atol=1e-30)
        np.testing.assert_allclose(actkern.log_softmax(x, dim),
                                   torch.log_softmax(torch.from_numpy(x), dim), rtol=2e-6, atol=2e-6)


def test_axis_and_nd():
    x = np.random.default_rng(2).standard_normal((3, 5, 7)).astype(F32)
    for axis in range(-3, 3):
        y = actkern.softmax(x, axis)
        assert y.shape == x.shape
        np.testing.assert_allclose(y, torch.softmax(torch.from_numpy(x), axis), rtol=2e-6)
    with pytest.raises(ValueError, match="out of bounds"):
        actkern.softmax(x, 3)


def test_backward_against_reference_and_torch():
    x = logits(3)
    dy = np.random.default_rng(4).standard_normal(x.shape).astype(F32)
    xt = torch.from_numpy(x).requires_grad_()
    for log in (False, True):
        y = (actkern.log_softmax if log else actkern.softmax)(x)
        bwd = actkern.log_softmax_backward if log else actkern.softmax_backward
        dx = bwd(y, dy)
        r = (ref.log_softmax_backward if log else ref.softmax_backward)(y, dy)
        # 4 ULP, or the documented absolute term (actkern/softmax.h).
        if log:
            absolute = 2.0 ** -21 * (np.abs(dy) + np.exp(y) * np.abs(dy).sum(-1, keepdims=True))
        else:
            absolute = 2.0 ** -21 * np.abs(y) * (np.abs(dy) + np.abs(y * dy).sum(-1, keepdims=True))
        ok = (ref.ulp_error(dx, r) <= 4) | (np.abs(dx - r) <= absolute)
        assert ok.all()
        yt = (torch.log_softmax if log else torch.softmax)(xt, -1)
        (g,) = torch.autograd.grad(yt, xt, torch.from_numpy(dy))
        # Within a few ULP of torch, beyond torch's own error against the
        # reference (torch's dy - e^y sum(dy) cancels where actkern's does not).
        g = g.numpy().astype(np.float64)
        assert (np.abs(dx - g) <= np.abs(g - r) + 1e-5 * np.abs(r) + 1e-7).all()


def test_documented_differences_from_torch():
    rows = np.array([[-np.inf] * 4,                    # fully masked
                     [np.inf, 1.0, np.inf, 2.0],       # two +inf
                     [1.0, np.nan, 2.0, 3.0],          # a NaN
                     [3e38, -3e38, 3e38, 0.0]],        # huge finite
                    dtype=F32)
    y = actkern.softmax(rows)
    t = torch.softmax(torch.from_numpy(rows), -1).numpy()
    # All -inf: actkern 0, PyTorch NaN.
    np.testing.assert_array_equal(y[0], [0, 0, 0, 0])
    assert np.isnan(t[0]).all()
    # +inf entries share 1 (PyTorch: NaN, from inf - inf).
    np.testing.assert_array_equal(y[1], [0.5, 0, 0.5, 0])
    assert np.isnan(t[1]).all()
    assert np.isnan(y[2]).all()
    # Huge finite logits never overflow the shift.
    np.testing.assert_array_equal(y[3], [0.5, 0, 0.5, 0])
    ly = actkern.log_softmax(rows)
    np.testing.assert_array_equal(ly[0], [-np.inf] * 4)
    np.testing.assert_allclose(ly[1], [-np.log(2), -np.inf, -np.log(2), -np.inf])
    # One column: exactly 1 and +0.
    col = logits(5, rows=9, cols=1)
    np.testing.assert_array_equal(actkern.softmax(col), np.ones_like(col))
    assert (actkern.log_softmax(col) == 0).all() and not np.signbit(actkern.log_softmax(col)).any()


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy(fast, smoothing):
    z = logits(6, rows=32, cols=50)
    labels = np.random.default_rng(7).integers(0, 50, 32)
    labels[3] = -100
    bound = 4.0 if fast else 2.0
    loss, grad = actkern.softmax_cross_entropy(z, labels, reduction="none",
                                               label_smoothing=smoothing, grad=True, fast=fast)
    assert loss.shape == (32,) and grad.shape == z.shape
    assert loss[3] == 0 and (grad[3] == 0).all()
    for r in range(32):
        if r == 3:
            continue
        rl, rg = ref.softmax_cross_entropy(z[r], int(labels[r]), smoothing)
        assert ref.ulp_error(loss[r:r + 1], np.array([rl]))[0] <= bound
        np.testing.assert_allclose(grad[r], rg, rtol=1e-5, atol=1e-7)
    zt = torch.from_numpy(z).requires_grad_()
    for reduction in ("mean", "sum", "none"):
        tl = F.cross_entropy(zt, torch.from_numpy(labels), reduction=reduction,
                             label_smoothing=smoothing)
        got = actkern.softmax_cross_entropy(z, labels, reduction=reduction,
                                            label_smoothing=smoothing, fast=fast)
        np.testing.assert_allclose(got, tl.detach().numpy(), rtol=1e-5)
    loss, grad = actkern.softmax_cross_entropy(z, labels, label_smoothing=smoothing, grad=True,
                                               fast=fast)
    assert isinstance(loss, np.float32)
    (tg,) = torch.autograd.grad(F.cross_entropy(zt, torch.from_numpy(labels),
                                                label_smoothing=smoothing), zt)
    np.testing.assert_allclose(grad, tg.numpy(), rtol=1e-5, atol=1e-8)


def test_cross_entropy_soft():
    z = logits(8, rows=16, cols=20)
    t = np.random.default_rng(9).random((16, 20)).astype(F32)
    t /= t.sum(-1, keepdims=True)
    loss, grad = actkern.softmax_cross_entropy_soft(z, t, reduction="none", grad=True)
    for r in range(16):
        rl, rg = ref.softmax_cross_entropy_soft(z[r], t[r])
        assert ref.ulp_error(loss[r:r + 1], np.array([rl]))[0] <= 2.0
        np.testing.assert_allclose(grad[r], rg, rtol=1e-5, atol=1e-7)
    tl = F.cross_entropy(torch.from_numpy(z), torch.from_numpy(t))
    np.testing.assert_allclose(actkern.softmax_cross_entropy_soft(z, t), tl.numpy(), rtol=1e-5)


def test_cross_entropy_bad_labels_write_nothing():
    z = logits(10, rows=4, cols=5)
    with pytest.raises(actkern.Error, match="label"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 5, 2]))
    with pytest.raises(actkern.Error, match="label"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 2**40, 2]))  # no wrap into range
    with pytest.raises(TypeError):
        actkern.softmax_cross_entropy(z, np.array([0.0, 1, 2, 3]))
    with pytest.raises(ValueError, match="shape"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="reduction"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 2, 3]), reduction="avg")
    with pytest.raises(actkern.Error, match="invalid"):
        actkern.softmax_cross_entropy(z, np.array([0, 1, 2, 3]), label_smoothing=1.5)
    assert np.isnan(actkern.softmax_cross_entropy(z, np.full(4, -100)))  # all ignored: NaN


@pytest.mark.parametrize("log", [False, True], ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("fast", [False, True], ids=["precise", "fast"])
def test_masked_rows_are_the_unmasked_prefix(log, fast):
    x = logits(40, rows=12, cols=70)
    lengths = np.array([0, 1, 2, 5, 69, 70, 33, 33, 7, 64, 65, 12], dtype=np.int64)
    y = actkern.softmax_masked(x, lengths, log=log, fast=fast)
    fn = actkern.log_softmax if log else actkern.softmax
    fill = -np.inf if log else 0.0
    for r, n in enumerate(lengths):
        if n:
            want = fn(np.ascontiguousarray(x[r:r + 1, :n]), fast=fast)[0]
            assert np.array_equal(y[r, :n].view(np.uint32), want.view(np.uint32)), r
        assert np.all(y[r, n:] == fill), r


def test_masked_causal_per_matrix_and_against_torch():
    # (batch, queries, keys): the causal row index counts within each matrix.
    x = (np.random.default_rng(41).standard_normal((3, 6, 9)) * 2).astype(F32)
    offset = 9 - 6
    y = actkern.softmax_masked(x, causal=True, causal_offset=offset)
    mask = np.triu(np.ones((6, 9), dtype=bool), k=offset + 1)
    t = torch.from_numpy(x).masked_fill(torch.from_numpy(mask), float("-inf"))
    np.testing.assert_allclose(y, torch.softmax(t, -1).numpy(), rtol=2e-6, atol=1e-30)
    for b in range(3):
        assert np.array_equal(y[b], actkern.softmax_masked(x[b], causal=True,
                                                           causal_offset=offset))


def test_masked_errors_write_nothing():
    x = logits(42, rows=4, cols=8)
    out = np.full_like(x, 7.0)
    with pytest.raises(actkern.Error, match="LENGTH_OUT_OF_RANGE|length"):
        actkern.softmax_masked(x, np.array([1, 2, 9, 3]), out=out)
    assert np.all(out == 7.0)
    with pytest.raises(ValueError):
        actkern.softmax_masked(x, np.array([1, 2, 3]))


def test_logsumexp_against_reference_and_torch():
    for sigma in (0.01, 1.0, 30.0):
        x = logits(int(sigma * 7) + 3, rows=50, cols=300, sigma=sigma)
        for axis in (-1, 0):
            got = actkern.logsumexp(x, axis=axis)
            want = np.log(np.exp(x.astype(np.float64) - x.max(axis, keepdims=True)).sum(axis)) \
                + x.max(axis).astype(np.float64)
            assert got.shape == want.shape
            big = np.abs(want) >= 2.0 ** -28
            assert ref.ulp_error(got[big], want[big]).max() <= 1.5
            assert np.all(np.abs(got[~big] - want[~big]) <= 2.0 ** -50)
            np.testing.assert_allclose(got, torch.logsumexp(torch.from_numpy(x), axis).numpy(),
                                       rtol=2e-6, atol=2e-7)
    special = np.array([[0.0, np.nan], [1.0, np.inf], [-np.inf, -np.inf]], dtype=F32)
    r = actkern.logsumexp(special)
    assert np.isnan(r[0]) and r[1] == np.inf and r[2] == -np.inf
    assert actkern.logsumexp(logits(5), scale=0.5).shape == (64,)
