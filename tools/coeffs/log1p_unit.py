#!/usr/bin/env python3
"""Coefficients kLog1pUnitQ of kernels/core/log-inl.h (Log1pUnitFast).

log1p(f) ~= f - f^2/2 + f^3 (c3 + c4 f + ... + c10 f^7) on [-1/4, 1/2],
minimising the maximum relative error of the whole log1p(f). numpy only:
Lawson's algorithm (iteratively reweighted least squares, which converges to
the minimax solution on a dense grid), then the coefficients are rounded to
float one at a time, lowest degree first, with the remaining ones refitted.
Run: python3 tools/coeffs/log1p_unit.py [terms]   (default 8; prints the
coefficients as C hex floats and log2 of the max relative error).
"""
import sys

import numpy as np


def fit(lo, hi, terms, iters=60):
    f = np.concatenate([np.linspace(lo, hi, 20001), [lo, hi]])
    f = f[np.abs(f) > 1e-4]  # the relative error tends to c3's near 0
    target = np.log1p(f)
    fixed = f - 0.5 * f * f
    a = np.stack([f**(3 + j) for j in range(terms)], 1) / target[:, None]
    b = (target - fixed) / target
    frozen = []
    for j in range(terms):
        bb = b - (a[:, :j] @ np.array(frozen) if j else 0.0)
        aj = a[:, j:]
        w = np.ones(len(f))
        for _ in range(iters):
            sw = np.sqrt(w)
            c, *_ = np.linalg.lstsq(aj * sw[:, None], bb * sw, rcond=None)
            w = w * np.abs(aj @ c - bb)
            w /= w.sum()
        frozen.append(float(np.float32(c[0])))
    c = np.array(frozen)
    return c, np.abs(a @ c - b).max()


def main():
    terms = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    c, err = fit(-0.25, 0.5, terms)
    print("max relative error 2^%.2f" % np.log2(err))
    print(", ".join(float(x).hex().replace("0000000p", "p") + "f" for x in c))


if __name__ == "__main__":
    main()
