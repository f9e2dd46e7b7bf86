#!/usr/bin/python3
"""Coefficients of kernels/core/mills-inl.h (the fast tier's GELU).

Run: /usr/bin/python3 tools/coeffs/mills_fast.py   (numpy, scipy; a few seconds)

R(t) = e^{t^2/2} Phi(-t) = erfcx(t / sqrt(2)) / 2 for t >= 0. The kernel
evaluates
    R(t) = Q(t) / (P(t) + c t u(t)),  Q(t) = 1 + u(t),  u(t) = t U(t),
    P(t) = 2 + t P1(t),
with c = sqrt(2 pi) rounded to float, so that R(0) = 1/2 exactly. Printed:
kMillsP1 (P's coefficients of degree 1 and up) and kMillsU. Equivalently
1/R = c t + (P - c t) / Q, where (P - c t) / Q tends to c / t: a rational
function of low degree matches it closely.

The fit minimises the maximum relative error of 1/R over [0, T]: the
residual P + c t (Q - 1) - Q / R is linear in the free coefficients;
weighted linear least squares (weights 1 / (Q_prev / R), the previous
iterate's denominator, times Lawson's multiplicative update towards the
minimax solution) is iterated, and the best iterate kept. Then the
coefficients are rounded to float one at a time, lowest degree first, each
time refitting the ones still free, so that the later ones absorb the
earlier roundings.
"""
import numpy as np
from scipy.special import erfcx

T = 10.0       # fitted interval [0, T] (the fast range is |x| < 10)
DEG_P = 4      # P = 2 + t P1(t): 2 + p1 t + ... + p4 t^4
DEG_U = 5      # Q: 1 + q1 t + ... + q5 t^5

c = float(np.float32(np.sqrt(2.0 * np.pi)))
n = 3000
t = np.sort(np.concatenate([(1 - np.cos(np.linspace(0, np.pi, n))) * T / 2,
                            np.linspace(0, T, n)]))
inv_r = 2.0 / erfcx(t / np.sqrt(2.0))  # 1 / R
# Residual (P + c t (Q - 1)) - Q / R with P = 2 + sum p_i t^i,
# Q = 1 + sum q_j t^j: sum p_i t^i + sum q_j t^j (c t - 1/R) = 1/R - 2.
cols = [t**i for i in range(1, DEG_P + 1)]
cols += [t**j * (c * t - inv_r) for j in range(1, DEG_U + 1)]
A = np.vstack(cols).T
b = inv_r - 2.0
nfree = DEG_P + DEG_U


def evaluate(full):
  p = np.concatenate([[2.0], full[:DEG_P]])
  q = np.concatenate([[1.0], full[DEG_P:]])
  Q = np.polyval(q[::-1], t)
  den = np.polyval(p[::-1], t) + c * t * (Q - 1.0)
  return Q, den / Q * (1.0 / inv_r) - 1.0  # relative error of 1/R


def fit(fixed):
  free = [i for i in range(nfree) if i not in fixed]
  rhs = b.copy()
  for i, v in fixed.items():
    rhs -= A[:, i] * v
  w = np.ones_like(t)
  q_prev = np.ones_like(t)
  best = None
  for _ in range(80):
    W = w / (q_prev * inv_r)
    sol, *_ = np.linalg.lstsq(A[:, free] * W[:, None], rhs * W, rcond=None)
    full = np.zeros(nfree)
    for i, v in fixed.items():
      full[i] = v
    full[free] = sol
    q_prev, err = evaluate(full)
    e = np.abs(err).max()
    if best is None or e < best[0]:
      best = (e, full.copy())
    w = w * np.sqrt(np.abs(err) + 1e-300)
    w /= w.max()
  return best


e, full = fit({})
print("// real coefficients: relative error 2^%.2f" % np.log2(e))
fixed = {}
for i in range(nfree):
  e, full = fit(fixed)
  fixed[i] = float(np.float32(full[i]))
full = np.array([fixed[i] for i in range(nfree)])
_, err = evaluate(full)
print("// float coefficients: relative error 2^%.2f" %
      np.log2(np.abs(err).max()))


def fmt(v):
  mant, exp = float(v).hex().split("p")
  mant = mant.rstrip("0").rstrip(".")
  return mant + "p" + exp + "f"


print("kMillsC = %s" % fmt(np.float32(c)))
print("kMillsP1 = {%s}" % ", ".join(fmt(v) for v in full[:DEG_P]))
print("kMillsU = {%s}" % ", ".join(fmt(v) for v in full[DEG_P:]))
