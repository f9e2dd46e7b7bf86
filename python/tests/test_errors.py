"""Bad inputs raise (TypeError, ValueError or actkern.Error, a ValueError
with the C API's status text) before anything is written; layouts the C API
can take are passed without a copy (asserted by pointer and by the module's
copy counter)."""
import numpy as np
import pytest

import actkern

F32 = np.float32


def data_ptr(a):
    return a.__array_interface__["data"][0]


def x_and_out(n=1000):
    x = np.linspace(-4, 4, n, dtype=F32)
    out = np.full(n, 7.0, F32)
    return x, out


def assert_untouched(out, value=7.0):
    assert (out == value).all(), "out was written"


@pytest.mark.parametrize("bad", [
    np.zeros(10, np.float64), np.zeros(10, np.int32), np.zeros(10, ">f4"),
    np.zeros(10, np.complex64), np.zeros(10, bool)], ids=str)
def test_wrong_dtype(bad):
    out = np.full(10, 7.0, F32)
    with pytest.raises(TypeError):
        actkern.gelu(bad, out=out)
    assert_untouched(out)


def test_uint16_is_never_silently_bfloat16():
    bits = actkern.bfloat16.to_bf16(np.ones(8, F32))
    with pytest.raises(TypeError, match="bfloat16"):
        actkern.exp(bits)
    assert actkern.exp(bits, dtype="bfloat16").dtype == np.uint16
    with pytest.raises(TypeError):  # a declared type must be the array's
        actkern.exp(np.ones(8, F32), dtype="bfloat16")
    with pytest.raises(TypeError):
        actkern.exp(np.ones(8, F32), dtype="float16")
    with pytest.raises(TypeError):
        actkern.exp(np.ones(8, F32), dtype="int8")


def test_bad_out():
    x, out = x_and_out()
    with pytest.raises(TypeError):
        actkern.silu(x, out=out.astype(np.float64))
    with pytest.raises(TypeError):
        actkern.silu(x, out=list(out))
    with pytest.raises(ValueError, match="shape"):
        actkern.silu(x, out=out[:-1])
    with pytest.raises(ValueError, match="shape"):
        actkern.silu(x, out=out.reshape(10, 100))
    ro = out.copy()
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        actkern.silu(x, out=ro)
    assert_untouched(ro)
    assert_untouched(out)


def test_bad_parameters():
    x, out = x_and_out()
    for call in (lambda: actkern.swish(x, 0.0, out=out),
                 lambda: actkern.swish(x, float("nan"), out=out),
                 lambda: actkern.swish(x, float("inf"), out=out),
                 lambda: actkern.celu(x, 0.0, out=out),
                 lambda: actkern.softplus(x, 1e30, out=out),
                 lambda: actkern.hardtanh(x, 1.0, -1.0, out=out),
                 lambda: actkern.elu_backward(x, x, float("nan"), out=out),
                 lambda: actkern.softmax(x, scale=0.0, out=out),
                 lambda: actkern.softmax(x, scale=float("inf"), out=out)):
        with pytest.raises(actkern.Error, match="invalid argument"):
            call()
        assert_untouched(out)
    # Also on an empty call (the error order checks parameters first).
    with pytest.raises(actkern.Error):
        actkern.swish(np.zeros(0, F32), -1.0)
    # A 2-D call that runs row by row checks the parameters before row 0.
    xs = np.zeros((4, 16), F32)[:, :8]
    o2 = np.full((4, 8), 7.0, F32)
    with pytest.raises(actkern.Error):
        actkern.elu(xs, float("nan"), out=o2)
    assert_untouched(o2)
    with pytest.raises(ValueError, match="no fast tier"):
        actkern.relu(x, fast=True)
    with pytest.raises(TypeError):
        actkern.swish(x)  # beta has no default in the table


def test_every_kernel_rejects_nan_parameters():
    x, out = x_and_out(64)
    for k in actkern.KERNELS:
        if not k["params"]:
            continue
        nan = [float("nan")] * len(k["params"])
        with pytest.raises(actkern.Error):
            getattr(actkern, k["name"])(x, *nan, out=out)
        if k["backward_input"]:
            with pytest.raises(actkern.Error):
                getattr(actkern, k["name"] + "_backward")(x, x, *nan, out=out)
        assert_untouched(out)


def test_overlap_raises_and_writes_nothing():
    buf = np.full(1100, 7.0, F32)
    x = buf[:1000]
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.tanh(x, out=buf[100:1100])
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.tanh_backward(x, x, out=buf[1:1001])
    assert_untouched(buf)
    # Interleaved rows overlap too (the C API's rule), also on a row-by-row call.
    m = np.full((8, 32), 7.0, F32)
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.exp(m[:, :16], out=m[:, 16:])
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.softmax(m[:, :16], out=m[:, 16:])
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.exp(m[::2, :], out=m[1::2, :])
    assert_untouched(m)
    # A strided output overlapping an input: checked before the staging copy.
    with pytest.raises(actkern.Error, match="overlap"):
        actkern.exp(m[:, 0], out=m[:, 1])
    assert_untouched(m)


def test_in_place_allowed():
    x = np.linspace(-3, 3, 101, dtype=F32)
    expect = actkern.gelu(x)
    assert actkern.gelu(x, out=x) is x
    np.testing.assert_array_equal(x, expect)
    p = np.random.default_rng(0).standard_normal((8, 33)).astype(F32)
    expect = actkern.softmax(p)
    assert actkern.softmax(p, out=p) is p
    np.testing.assert_array_equal(p, expect)
    y = actkern.sigmoid(np.linspace(-3, 3, 50, dtype=F32))
    dy = np.ones_like(y)
    expect = actkern.sigmoid_backward(y, dy)
    assert actkern.sigmoid_backward(y, dy, out=dy) is dy
    np.testing.assert_array_equal(dy, expect)


def test_no_copy_for_contiguous_and_row_strided():
    before = actkern._copies()
    x = np.random.default_rng(1).standard_normal((64, 128)).astype(F32)
    out = np.empty_like(x)
    assert actkern.mish(x, out=out) is out
    y = actkern.mish(x)
    assert y.flags.c_contiguous and data_ptr(y) != data_ptr(x)
    # 2-D views with a row stride, N-D arrays whose leading axes collapse.
    view = x[:, 10:74]
    out_view = np.empty((128, 128), F32)[::2, 64:]
    assert actkern.gelu(view, out=out_view) is out_view
    np.testing.assert_array_equal(out_view, actkern.gelu(np.ascontiguousarray(view)))
    actkern.softmax(view, out=out_view)
    np.testing.assert_array_equal(out_view, actkern.softmax(np.ascontiguousarray(view)))
    actkern.silu(x.reshape(4, 16, 128)[:, :, 10:20])  # (4 16) rows collapse
    actkern.swiglu(x[:, :64], x[:, 64:])
    actkern.swiglu(x)  # one tensor, halves
    actkern.softmax_cross_entropy(view, np.zeros(64, np.int64))
    assert actkern._copies() == before
    # In-place bfloat16 on torch-style int16 storage: no copy either.
    bits = actkern.bfloat16.to_bf16(x).view(np.int16)
    assert actkern.tanh(bits, dtype="bfloat16", out=bits) is bits
    assert actkern._copies() == before


def test_other_layouts_are_copied_and_correct():
    x = np.random.default_rng(2).standard_normal((32, 48)).astype(F32)
    before = actkern._copies()
    t = x.T  # last axis not contiguous
    np.testing.assert_array_equal(actkern.elu(t), actkern.elu(np.ascontiguousarray(t)))
    out = np.zeros((48, 32), F32).T.T  # contiguous: only the input copy
    actkern.elu(t, out=out)
    assert actkern._copies() == before + 2
    strided_out = np.zeros((48, 64), F32)[:, ::2]
    assert actkern.elu(t, out=strided_out) is strided_out
    np.testing.assert_array_equal(strided_out, actkern.elu(np.ascontiguousarray(t)))
    # softmax along axis 0 moves the axis (a transposed view, so one copy)
    np.testing.assert_array_equal(actkern.softmax(x, 0), actkern.softmax(x.T.copy()).T)
    # Leading axes that do not collapse to one row stride: one copy.
    before = actkern._copies()
    nd = x.reshape(4, 8, 48)[:, 2:5]
    np.testing.assert_array_equal(actkern.silu(nd), actkern.silu(nd.copy()))
    assert actkern._copies() == before + 1
    # Non-array inputs become float32 arrays.
    np.testing.assert_array_equal(actkern.relu([-1.0, 2.0]), np.float32([0, 2]))


def test_zero_size_and_0d():
    assert actkern.exp(np.zeros(0, F32)).shape == (0,)
    assert actkern.exp(np.zeros((3, 0), F32)).shape == (3, 0)
    y = actkern.exp(np.float32(0.0))
    assert y.shape == () and y == 1
    assert actkern.softmax(np.zeros((0, 5), F32)).shape == (0, 5)


def test_backward_shapes_and_types():
    x, out = x_and_out(16)
    with pytest.raises(ValueError, match="broadcast"):
        actkern.gelu_backward(x, x[:8])
    with pytest.raises(TypeError):
        actkern.gelu_backward(x, x.astype(np.float16))
    with pytest.raises(ValueError):
        actkern.softmax_backward(x.reshape(4, 4), x)


def test_targets(restore_target):
    targets = actkern.targets()
    assert targets and actkern.active_target() == targets[0]
    actkern.set_max_target(targets[-1])
    assert actkern.active_target() == targets[-1]
    with pytest.raises(actkern.Error, match="target"):
        actkern.set_max_target("NO_SUCH_TARGET")
    actkern.set_max_target(None)
    assert actkern.active_target() == targets[0]
