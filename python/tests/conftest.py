"""Shared inputs and helpers of the Python tests (python/tests)."""
import numpy as np
import pytest

import actkern

F32 = np.float32
TINY = np.float32(1.4e-45)  # the smallest subnormal

# The special inputs every elementwise kernel is run on: NaN, infinities,
# signed zeros, subnormals, the normal range's edges, huge finite values and
# the kernels' own overflow / underflow thresholds.
SPECIALS = np.array(
    [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, TINY, -TINY, 1e-40, -1e-40,
     1.1754942e-38, -1.1754942e-38, 1.1754944e-38, -1.1754944e-38, 1e-30,
     -1e-30, 3e-8, -3e-8, 1.0, -1.0, 0.5, -0.5, 3.0, -3.0, 6.0, -6.0,
     88.72283, 88.72284, -87.33654, -103.97, -104.0, -17.33, 9.011, -9.011,
     1e30, -1e30, 3.4028235e38, -3.4028235e38, -1.2785, -1.19243, -0.7518],
    dtype=F32)


def random_inputs(seed, n=4096):
    """Normal inputs at three scales and uniform ones over [-20, 20]."""
    rng = np.random.default_rng(seed)
    parts = [rng.standard_normal(n) * s for s in (1.0, 10.0, 100.0)]
    parts.append(rng.uniform(-20.0, 20.0, n))
    return np.concatenate(parts).astype(F32)


def kernel_inputs(seed):
    return np.concatenate([SPECIALS, random_inputs(seed)])


@pytest.fixture
def restore_target():
    """Lifts any set_max_target restriction after the test."""
    yield
    actkern.set_max_target(None)


def kernel_ids(infos):
    return [k["name"] for k in infos]
