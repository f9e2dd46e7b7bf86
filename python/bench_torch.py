#!/usr/bin/env python3
"""actkern's Python functions against PyTorch's CPU ops, in one process on
one thread (torch.set_num_threads(1)); the small transformer of
python/tests/model.py natively and with actkern's activations and softmax.

usage: PYTHONPATH=build/python /usr/bin/python3 python/bench_torch.py
           [--out FILE.md] [--sizes 4096,65536,16777216] [--rounds 5]
           [--min-time 0.05] [--no-model] [--only KERNEL,...]

Every figure is the median over --rounds interleaved rounds (each round
times every case, actkern then PyTorch, so drifts in clock speed hit both
alike); each timing repeats the call for at least --min-time seconds and
takes the time per call. Both sides are called as a NumPy / PyTorch user
would: where PyTorch's function has out= (torch.exp, torch.sigmoid, ...)
both write into a preallocated output; otherwise (F.silu, F.gelu, softmax,
...) both allocate their result. Inputs are uniform over the kernel table's
bench range (the typical inputs of tools/ and bench/), softmax logits
uniform in [-10, 10]. Ratios are PyTorch's time over actkern's (> 1:
actkern faster).

Writes a markdown table to --out (default: bench_torch.md beside the
imported actkern package, i.e. in the build directory; never a tracked
file) and prints it.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# This script lives beside the source package python/actkern, which has no
# extension module: import the built one from PYTHONPATH instead.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
import actkern  # noqa: E402
import actkern.torch as akt  # noqa: E402

# actkern kernel -> (PyTorch call, has out=, bench range). Ranges: the
# kernel table's lo / hi columns (include/actkern/kernel_table.def).
ELEMENTWISE = {
    "exp": (torch.exp, True, -20.0, 0.0),
    "expm1": (torch.expm1, True, -5.0, 5.0),
    "sigmoid": (torch.sigmoid, True, -8.0, 8.0),
    "tanh": (torch.tanh, True, -5.0, 5.0),
    "silu": (F.silu, False, -8.0, 8.0),
    "elu": (F.elu, False, -5.0, 5.0),
    "selu": (F.selu, False, -5.0, 5.0),
    "celu": (F.celu, False, -5.0, 5.0),
    "log": (torch.log, True, 0.01, 100.0),
    "log1p": (torch.log1p, True, -0.9, 100.0),
    "softplus": (F.softplus, False, -20.0, 20.0),
    "log_sigmoid": (F.logsigmoid, False, -20.0, 20.0),
    "mish": (F.mish, False, -20.0, 20.0),
    "gelu": (F.gelu, False, -5.0, 5.0),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), False, -5.0, 5.0),
    "relu": (torch.relu, False, -5.0, 5.0),
    "hardsigmoid": (F.hardsigmoid, False, -5.0, 5.0),
    "hardswish": (F.hardswish, False, -5.0, 5.0),
}
SOFTMAX_SHAPES = [(4096, 128), (1024, 1000), (128, 32000), (1, 256 << 10)]


def per_call(fn, min_time):
    fn()  # warm: first-touch of outputs, dispatch
    reps, elapsed = 1, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / reps
        reps = max(reps * 2, int(reps * min_time / max(elapsed, 1e-9) * 1.2))


def run_cases(cases, rounds, min_time):
    """cases: list of (label, actkern fn, torch fn). Returns label ->
    (median actkern s, median torch s)."""
    times = {label: ([], []) for label, _, _ in cases}
    for r in range(rounds):
        for label, ours, theirs in cases:
            times[label][0].append(per_call(ours, min_time))
            times[label][1].append(per_call(theirs, min_time))
        print(f"  round {r + 1}/{rounds} done", file=sys.stderr)
    return {k: (statistics.median(a), statistics.median(b)) for k, (a, b) in times.items()}


def size_name(n):
    return f"{n >> 20} Mi" if n >= 1 << 20 else f"{n >> 10} Ki"


def elementwise_cases(sizes, only):
    rng = np.random.default_rng(0)
    cases, rows = [], []
    fast_names = {k["name"] for k in actkern.KERNELS if k["fast_bound"]}
    for name, (tfn, has_out, lo, hi) in ELEMENTWISE.items():
        if only and name not in only:
            continue
        for n in sizes:
            x = rng.uniform(lo, hi, n).astype(np.float32)
            xt = torch.from_numpy(x)
            fn = getattr(actkern, name)
            if has_out:
                y, yt = np.empty_like(x), torch.empty_like(xt)
                theirs = lambda tfn=tfn, xt=xt, yt=yt: tfn(xt, out=yt)
                ours = lambda fn=fn, x=x, y=y: fn(x, out=y)
                ours_fast = lambda fn=fn, x=x, y=y: fn(x, out=y, fast=True)
            else:
                theirs = lambda tfn=tfn, xt=xt: tfn(xt)
                ours = lambda fn=fn, x=x: fn(x)
                ours_fast = lambda fn=fn, x=x: fn(x, fast=True)
            label = (name, size_name(n))
            cases.append((label + ("precise",), ours, theirs))
            if name in fast_names:
                cases.append((label + ("fast",), ours_fast, theirs))
            rows.append(label)
    return cases, rows


def softmax_cases(only):
    rng = np.random.default_rng(1)
    cases, rows = [], []
    for name, tfn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        if only and name not in only:
            continue
        fn = getattr(actkern, name)
        for r, c in SOFTMAX_SHAPES:
            x = rng.uniform(-10, 10, (r, c)).astype(np.float32)
            xt = torch.from_numpy(x)
            label = (name, f"{r}x{c}")
            theirs = lambda tfn=tfn, xt=xt: tfn(xt, -1)
            cases.append((label + ("precise",), lambda fn=fn, x=x: fn(x), theirs))
            cases.append((label + ("fast",), lambda fn=fn, x=x: fn(x, fast=True), theirs))
            rows.append(label)
    return cases, rows


def table(title, rows, results, first_col):
    out = [f"### {title}", "",
           f"| {first_col} | shape | actkern µs | fast µs | PyTorch µs | speed-up | fast speed-up |",
           "|---|---|---|---|---|---|---|"]
    for label in rows:
        a, t = results[label + ("precise",)]
        fast = results.get(label + ("fast",))
        fcol = f"{fast[0] * 1e6:.1f}" if fast else "—"
        fsp = f"{t / fast[0]:.2f}×" if fast else "—"
        out.append(f"| {label[0]} | {label[1]} | {a * 1e6:.1f} | {fcol} | {t * 1e6:.1f} | "
                   f"{t / a:.2f}× | {fsp} |")
    return out


def model_section(rounds, min_time):
    sys.path.insert(0, os.path.join(_HERE, "tests"))
    import copy

    import model as model_lib

    cfg = dict(vocab=1000, d=256, heads=8, hidden=1024, seq=128)
    native = model_lib.make(seed=0, **cfg)
    ours = copy.deepcopy(native)
    akt.replace_activations(ours)
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, cfg["vocab"], (8, cfg["seq"]), generator=g)
    labels = torch.randint(0, cfg["vocab"], (8, cfg["seq"]), generator=g)

    def forward(m):
        with torch.no_grad():
            m(tokens)

    def train_step(m):
        m.zero_grad(set_to_none=True)
        logits = m(tokens)
        F.cross_entropy(logits.reshape(-1, cfg["vocab"]), labels.reshape(-1)).backward()

    cases = [(("forward",), lambda: forward(ours), lambda: forward(native)),
             (("forward+backward",), lambda: train_step(ours), lambda: train_step(native))]
    results = run_cases(cases, rounds, min_time)

    # Share of the forward pass inside the activation and softmax modules:
    # wall time between each module's pre-hook and hook.
    def activation_share(m):
        spent = [0.0]
        starts = {}
        handles = []
        for mod in m.modules():
            if isinstance(mod, (torch.nn.GELU, torch.nn.SiLU, torch.nn.Softmax, akt.GELU,
                                akt.SiLU, akt.Softmax)):
                handles.append(mod.register_forward_pre_hook(
                    lambda mod, inp: starts.__setitem__(id(mod), time.perf_counter())))
                handles.append(mod.register_forward_hook(
                    lambda mod, inp, out: spent.__setitem__(
                        0, spent[0] + time.perf_counter() - starts[id(mod)])))
        forward(m)
        spent[0] = 0.0
        start = time.perf_counter()
        reps = 5
        for _ in range(reps):
            forward(m)
        total = time.perf_counter() - start
        for h in handles:
            h.remove()
        return spent[0] / total

    shares = (activation_share(native), activation_share(ours))
    lines = ["### The model (python/tests/model.py)", "",
             f"Encoder d={cfg['d']}, {cfg['heads']} heads, MLP {cfg['hidden']} (GELU in block 1, "
             f"SiLU in block 2), 2 blocks, batch 8 x {cfg['seq']} tokens, vocabulary "
             f"{cfg['vocab']}; actkern: replace_activations (GELU, SiLU, both softmax).", "",
             "| pass | with actkern ms | PyTorch ms | speed-up |", "|---|---|---|---|"]
    for (label,), (a, t) in results.items():
        lines.append(f"| {label} | {a * 1e3:.2f} | {t * 1e3:.2f} | {t / a:.3f}× |")
    lines += ["", f"Share of the forward pass in the activation and softmax modules: "
                  f"PyTorch {shares[0] * 100:.1f}%, actkern {shares[1] * 100:.1f}% "
                  "(module hooks, wall time)."]
    return lines


def default_out():
    # Beside the imported package: with PYTHONPATH=build/python that is the
    # build directory, which git ignores.
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(actkern.__file__))),
                        "bench_torch.md")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=None)
    ap.add_argument("--sizes", default="4096,65536,16777216")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=0.05)
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated kernels (and softmax, log_softmax)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    only = {s for s in args.only.split(",") if s}
    out_path = args.out or default_out()
    torch.set_num_threads(1)

    try:
        torch_isa = torch.backends.cpu.get_cpu_capability()
    except AttributeError:
        torch_isa = os.environ.get("ATEN_CPU_CAPABILITY", "default")
    lines = ["## actkern (Python) against PyTorch, one thread", "",
             f"actkern target {actkern.active_target()}; PyTorch {torch.__version__} "
             f"(CPU capability {torch_isa}), torch.set_num_threads(1); medians of "
             f"{args.rounds} interleaved rounds, each timing at least {args.min_time} s. "
             "Speed-up: PyTorch's time over actkern's, call overhead included.", ""]
    cases, rows = elementwise_cases(sizes, only)
    if cases:
        print("elementwise ...", file=sys.stderr)
        lines += table("Elementwise forward", rows, run_cases(cases, args.rounds, args.min_time),
                       "kernel") + [""]
    cases, rows = softmax_cases(only)
    if cases:
        print("softmax ...", file=sys.stderr)
        lines += table("Softmax rows", rows, run_cases(cases, args.rounds, args.min_time),
                       "function") + [""]
    if not args.no_model:
        print("model ...", file=sys.stderr)
        lines += model_section(args.rounds, args.min_time) + [""]
    text = "\n".join(lines)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    print(f"written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
