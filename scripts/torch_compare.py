#!/usr/bin/env python3
"""actkern's forward kernels (both tiers) against PyTorch's own CPU kernels,
one thread, on this CPU.

usage: /usr/bin/python3 scripts/torch_compare.py --bench build/bench/peers_bench
           [--isa AVX2] [--reps 5] [--sizes 4096,65536,16777216]
           [--min-time 0.1] [--markdown OUT.md] [--json OUT.json]
           [--kernels logsumexp,softmax_masked_lengths,...]
       /usr/bin/python3 scripts/torch_compare.py --type bf16|f16
           --bench build/bench/elementwise_bench [same options]

--threads N (N > 1) compares on N threads: PyTorch with
torch.set_num_threads(N), actkern through its _par entry points on a pool of
N (peers_bench --threads=N), both timed in wall-clock time.

--type compares the 16-bit forms instead (actkern_<kernel>_bf16 / _f16,
timed by elementwise_bench's "<type>/<kernel>/<ISA>/typical/<n>" cases)
with PyTorch on tensors of that dtype; a PyTorch function without a CPU
kernel for the dtype is reported as such.

PyTorch is Debian's python3-torch (scripts/install-deps.sh --peers), run with
torch.set_num_threads(1) and ATEN_CPU_CAPABILITY set to the ISA compared
(avx2 for AVX2, avx512 for AVX3), in a child process. actkern is timed by
peers_bench (--isa caps it at the same ISA). The repetitions are interleaved
(peers_bench, then PyTorch, then peers_bench again ...) and every figure is
the median over them; ratios are actkern's throughput over PyTorch's (> 1:
actkern faster). Both sides measure thread CPU time and feed the same kind of
input: uniform over the catalogue's typical range of each kernel (the table's
bench range; below), softmax rows uniform in [-10, 10]. Masked softmax
(peers_bench's softmax_masked_lengths / _causal cases) is timed against
x.masked_fill(m, -inf).softmax(-1), m a bool mask built once (the same
random lengths; causal: triu(1)), and actkern_logsumexp_f32 against
torch.logsumexp(x, dim=-1) at the softmax shapes; items are the elements of
the full matrix on both sides. The elementwise
PyTorch calls write into a preallocated output (out=) where the function has
one; F.silu, F.gelu, F.elu, ... and softmax allocate their result, as they
do in a model. Writes only the --markdown / --json files given.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

# actkern kernel -> (PyTorch call, typical range). The ranges are the kernel
# table's bench_lo / bench_hi columns (include/actkern/kernel_table.def), the
# inputs of peers_bench's "typical" cases.
ELEMENTWISE = {
    "exp": ("torch.exp(x, out=y)", -20.0, 0.0),
    "expm1": ("torch.expm1(x, out=y)", -5.0, 5.0),
    "sigmoid": ("torch.sigmoid(x, out=y)", -8.0, 8.0),
    "tanh": ("torch.tanh(x, out=y)", -5.0, 5.0),
    "silu": ("F.silu(x)", -8.0, 8.0),
    "elu": ("F.elu(x)", -5.0, 5.0),
    "selu": ("F.selu(x)", -5.0, 5.0),
    "celu": ("F.celu(x)", -5.0, 5.0),
    "softplus": ("F.softplus(x)", -20.0, 20.0),
    "log_sigmoid": ("F.logsigmoid(x)", -20.0, 20.0),
    "mish": ("F.mish(x)", -20.0, 20.0),
    "gelu": ("F.gelu(x)", -5.0, 5.0),
    "gelu_tanh": ("F.gelu(x, approximate='tanh')", -5.0, 5.0),
}
ROWS = {
    "softmax": "torch.softmax(x, dim=-1)",
    "log_softmax": "torch.log_softmax(x, dim=-1)",
}
SHAPES = [(4096, 128), (1024, 1000), (128, 32000), (1, 256 * 1024)]
# Masked softmax, against PyTorch's masked_fill(mask, -inf).softmax(-1) (a
# bool mask tensor built once, outside the timing): key -> (peers_bench
# kernel, shape, mask kind). The lengths are peers_bench's (mask_lengths).
MASKED = {
    "softmax_masked_lengths/1024x1000": ("softmax_masked_lengths",
                                         (1024, 1000), "lengths"),
    "softmax_masked_causal/2048x2048": ("softmax_masked_causal",
                                        (2048, 2048), "causal"),
}
MASKED_EXPR = "x.masked_fill(m, float('-inf')).softmax(-1)"
# logsumexp (one precise tier), at the softmax shapes.
LSE_EXPR = "torch.logsumexp(x, dim=-1)"


def mask_lengths(rows, cols):
    """peers_bench's lengths: 1 + splitmix64(r) mod cols, in [1, cols]."""
    out, m = [], (1 << 64) - 1
    for r in range(rows):
        z = ((r + 1) * 0x9E3779B97F4A7C15) & m
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
        z ^= z >> 31
        out.append(1 + z % cols)
    return out

CHILD = r"""
import json, sys, time, torch
import torch.nn.functional as F
threads = int(sys.argv[4])
torch.set_num_threads(threads)
# One thread: thread CPU time (as peers_bench); more: wall clock.
clock = time.thread_time_ns if threads == 1 else time.perf_counter_ns
cases = json.loads(sys.argv[1])
min_time = float(sys.argv[2])
out = {}
gen = torch.Generator().manual_seed(123)
dtype = getattr(torch, sys.argv[3])
for case in cases:
    name, expr, shape, lo, hi = case[:5]
    x = torch.rand(shape, generator=gen, dtype=torch.float32) * (hi - lo) + lo
    x = x.to(dtype)
    y = torch.empty_like(x)
    # m: the case's bool mask (True = masked), built outside the timing.
    m = None
    if len(case) > 5 and case[5] == "causal":
        m = torch.ones(shape, dtype=torch.bool).triu(1)
    elif len(case) > 5:
        m = torch.arange(shape[-1])[None, :] >= torch.tensor(case[5])[:, None]
    f = eval("lambda x, y, m=m: " + expr)
    try:
        f(x, y)
    except RuntimeError:  # no CPU kernel for this dtype
        continue
    n, iters = x.numel(), 1
    while True:
        t0 = clock()
        for _ in range(iters):
            f(x, y)
        dt = (clock() - t0) * 1e-9
        if dt >= min_time:
            break
        iters = max(2 * iters, int(iters * min_time / max(dt, 1e-9) * 1.1))
    out[name] = n * iters / dt
print(json.dumps(out))
"""


def run_peers_bench(bench, isa, sizes, min_time, filt, threads=1):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    try:
        cmd = [bench, "--isa=" + isa, "--sizes=" + ",".join(map(str, sizes)),
               "--no-full", "--benchmark_filter=" + filt,
               "--benchmark_min_time=%g" % min_time,
               "--benchmark_out=" + path, "--benchmark_out_format=json"]
        env = dict(os.environ)
        if threads > 1:
            cmd.append("--threads=%d" % threads)
            env["OMP_NUM_THREADS"] = str(threads)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        with open(path) as f:
            data = json.load(f)
    finally:
        os.unlink(path)
    rates = {}
    for b in data["benchmarks"]:
        if "items_per_second" in b and not b.get("error_occurred"):
            name = b["name"]
            if name.endswith("/real_time"):  # --threads: wall-clock cases
                name = name[:-len("/real_time")]
            rates[name] = b["items_per_second"]
    return rates


def run_elementwise_bench(bench, min_time, filt):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    try:
        cmd = [bench, "--benchmark_filter=" + filt,
               "--benchmark_min_time=%g" % min_time,
               "--benchmark_out=" + path, "--benchmark_out_format=json"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(path) as f:
            data = json.load(f)
    finally:
        os.unlink(path)
    return {b["name"]: b["items_per_second"] for b in data["benchmarks"]
            if "items_per_second" in b and not b.get("error_occurred")}


def run_torch(isa, cases, min_time, dtype="float32", threads=1):
    env = dict(os.environ)
    env["ATEN_CPU_CAPABILITY"] = {"AVX2": "avx2", "AVX3": "avx512"}.get(
        isa, "default")
    env["OMP_NUM_THREADS"] = str(threads)
    r = subprocess.run(["/usr/bin/python3", "-c", CHILD, json.dumps(cases),
                        str(min_time), dtype, str(threads)], check=True,
                       env=env,
                       capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", required=True)
    ap.add_argument("--isa", default="AVX2")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--sizes", default="4096,65536,16777216")
    ap.add_argument("--min-time", type=float, default=0.1)
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--type", choices=["bf16", "f16"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--kernels", help="comma-separated subset of the rows' "
                    "kernels (e.g. logsumexp,softmax_masked_lengths); "
                    "default: all")
    a = ap.parse_args()
    if not os.access(a.bench, os.X_OK):
        sys.exit("torch_compare: %s is not an executable" % a.bench)
    try:
        sizes = [int(s) for s in a.sizes.split(",")]
    except ValueError:
        sys.exit("torch_compare: bad --sizes %r" % a.sizes)
    if a.reps < 1 or a.min_time <= 0:
        sys.exit("torch_compare: --reps and --min-time must be positive")
    for p in (a.markdown, a.json):
        if p and not os.access(os.path.dirname(os.path.abspath(p)), os.W_OK):
            sys.exit("torch_compare: cannot write %s" % p)

    if a.type:
        return compare_16bit(a, sizes)
    # (key, actkern case names (precise, fast), torch case)
    rows, cases = [], []
    for k, (expr, lo, hi) in ELEMENTWISE.items():
        for n in sizes:
            key = "%s/%d" % (k, n)
            names = ["%s/typical/%s/%s/%d" % (k, impl, a.isa, n)
                     for impl in ("actkern", "actkern_fast")]
            rows.append((key, names))
            cases.append([key, expr, [n], lo, hi])
    for k, expr in ROWS.items():
        for r, c in SHAPES:
            key = "%s/%dx%d" % (k, r, c)
            names = ["%s/%dx%d/%s/%s" % (k, r, c, impl, a.isa)
                     for impl in ("actkern", "actkern_fast")]
            rows.append((key, names))
            cases.append([key, expr, [r, c], -10.0, 10.0])
    for key, (kernel, (r, c), kind) in MASKED.items():
        names = ["%s/%dx%d/%s/%s" % (kernel, r, c, impl, a.isa)
                 for impl in ("actkern", "actkern_fast")]
        rows.append((key, names))
        cases.append([key, MASKED_EXPR, [r, c], -10.0, 10.0,
                      "causal" if kind == "causal" else mask_lengths(r, c)])
    for r, c in SHAPES:
        key = "logsumexp/%dx%d" % (r, c)
        rows.append((key, ["logsumexp/%dx%d/actkern/%s" % (r, c, a.isa),
                           None]))
        cases.append([key, LSE_EXPR, [r, c], -10.0, 10.0])
    kernels = list(ELEMENTWISE) + list(ROWS) + sorted(
        {k for k, _, _ in MASKED.values()}) + ["logsumexp"]
    if a.kernels:
        only = a.kernels.split(",")
        bad = [k for k in only if k not in kernels]
        if bad:
            sys.exit("torch_compare: unknown --kernels %s" % ",".join(bad))
        keep = lambda key: key.split("/")[0] in only
        rows = [r for r in rows if keep(r[0])]
        cases = [c for c in cases if keep(c[0])]
        kernels = only
    kernels = "|".join(kernels)
    filt = "^(%s)/(typical/)?[0-9x_a-z]*/?(actkern|actkern_fast)/%s(/|$)" % (
        kernels, a.isa)

    ours, theirs = {}, {}
    for rep in range(a.reps):
        for name, v in run_peers_bench(a.bench, a.isa, sizes, a.min_time,
                                       filt, a.threads).items():
            ours.setdefault(name, []).append(v)
        for name, v in run_torch(a.isa, cases, a.min_time,
                                 threads=a.threads).items():
            theirs.setdefault(name, []).append(v)
        print("torch_compare: repetition %d of %d done" % (rep + 1, a.reps),
              file=sys.stderr)

    med = lambda v: statistics.median(v) if v else float("nan")
    table, out = [], {}
    for key, (p_name, f_name) in rows:
        t = med(theirs.get(key, []))
        p, f = med(ours.get(p_name, [])), med(ours.get(f_name, []))
        out[key] = {"torch": t, "precise": p, "fast": f}
        if f_name is None:  # one tier only (logsumexp)
            out[key]["fast"] = None
            table.append("| %s | %.3g | – | %.3g | %.2f | – |" % (
                key, p / 1e9, t / 1e9, p / t))
            continue
        table.append("| %s | %.3g | %.3g | %.3g | %.2f | %.2f |" % (
            key, p / 1e9, f / 1e9, t / 1e9, p / t, f / t))
    md = ["actkern against PyTorch %s CPU kernels, %s, %s, medians of "
          "%d interleaved repetitions (Gelem/s; ratio = actkern / PyTorch)"
          % (torch_version(), "one thread" if a.threads == 1 else
             "%d threads (wall clock)" % a.threads, a.isa, a.reps), "",
          "| kernel / size | precise | fast | PyTorch | precise ÷ PyTorch "
          "| fast ÷ PyTorch |", "|---|---|---|---|---|---|"] + table
    print("\n".join(md))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n".join(md) + "\n")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


def compare_16bit(a, sizes):
    dtype = {"bf16": "bfloat16", "f16": "float16"}[a.type]
    rows, cases = [], []
    for k, (expr, lo, hi) in ELEMENTWISE.items():
        for n in sizes:
            key = "%s/%d" % (k, n)
            rows.append((key, "%s/%s/%s/typical/%d" % (a.type, k, a.isa, n)))
            cases.append([key, expr, [n], lo, hi])
    filt = "^%s/(%s)/%s/typical/(%s)$" % (a.type, "|".join(ELEMENTWISE),
                                          a.isa, "|".join(map(str, sizes)))
    ours, theirs = {}, {}
    for rep in range(a.reps):
        for name, v in run_elementwise_bench(a.bench, a.min_time,
                                             filt).items():
            ours.setdefault(name, []).append(v)
        for name, v in run_torch(a.isa, cases, a.min_time, dtype).items():
            theirs.setdefault(name, []).append(v)
        print("torch_compare: repetition %d of %d done" % (rep + 1, a.reps),
              file=sys.stderr)
    med = lambda v: statistics.median(v) if v else float("nan")
    table, out = [], {}
    for key, name in rows:
        t, o = med(theirs.get(key, [])), med(ours.get(name, []))
        out[key] = {"torch": t, "actkern": o}
        if t != t:
            table.append("| %s | %.3g | no %s CPU kernel | – |" % (
                key, o / 1e9, dtype))
        else:
            table.append("| %s | %.3g | %.3g | %.2f |" % (
                key, o / 1e9, t / 1e9, o / t))
    md = ["actkern %s against PyTorch %s CPU kernels on %s tensors, one "
          "thread, %s, medians of %d interleaved repetitions (Gelem/s; ratio "
          "= actkern / PyTorch)" % (a.type, torch_version(), dtype, a.isa,
                                    a.reps), "",
          "| kernel / size | actkern %s | PyTorch | actkern ÷ PyTorch |"
          % a.type, "|---|---|---|---|"] + table
    print("\n".join(md))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("\n".join(md) + "\n")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


def torch_version():
    r = subprocess.run(["/usr/bin/python3", "-c",
                        "import torch; print(torch.__version__)"],
                       capture_output=True, text=True)
    return r.stdout.strip() or "(unknown)"


if __name__ == "__main__":
    main()
