#!/usr/bin/env python3
"""Turns peers_bench JSON (Google Benchmark, with repetitions) and
peers_accuracy JSON into the peer tables (markdown). The chart of the same
JSON is scripts/plots.py's (--bench ... --throughput-dir DIR).

Every figure is a median over the run's repetitions, and every ratio is taken
between cases of the same run (the machines are shared and noisy).

usage: peer_report.py --bench B.json --accuracy A.json [--bench ... --accuracy ...]
                      [--markdown OUT.md] [--cpu NAME]
                      [--doc docs/bench/peers.md]   (rewrites its peers-table block)
Bad arguments (unreadable inputs, unwritable outputs, a --doc without the
markers) stop it with exit status 2 before anything is written.
"""
import argparse
import json
import math
import os
import sys
from collections import defaultdict

SIZES = [4096, 65536, 16777216]
SIZE_LABEL = {4096: "4 Ki", 65536: "64 Ki", 16777216: "16 Mi", 33554432: "32 Mi"}
HEADLINE = 65536  # L2-resident: the kernels' own speed, not DRAM's


def load_bench(path):
    with open(path) as f:
        data = json.load(f)
    # Medians of every case: run_name -> entry.
    med = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"]).replace("/real_time", "")
        if b.get("run_type") == "aggregate" or name not in med:
            med[name] = b
    return data.get("context", {}), med


def rate(entry):
    return entry.get("items_per_second") if entry else None


def parse(med):
    """Splits case names into elementwise, rows and limit tables."""
    elem = defaultdict(dict)  # (kernel, dist, n) -> {(impl, isa): items/s}
    rows = defaultdict(dict)  # (kernel, shape) -> {(impl, isa): items/s}
    limits = {}  # (what, isa, n) -> entry
    for name, e in med.items():
        p = name.split("/")
        if p[0] == "limit":
            if p[1] == "fma":
                limits[("fma", p[2], 0)] = e
            else:
                limits[(p[1], p[2], int(p[3]))] = e
        elif len(p) == 5:
            elem[(p[0], p[1], int(p[4]))][(p[2], p[3])] = rate(e)
        elif len(p) == 4:
            rows[(p[0], p[1])][(p[2], p[3])] = rate(e)
    return elem, rows, limits


def load_accuracy(path):
    if not path:
        return {}
    with open(path) as f:
        data = json.load(f)
    acc = {}
    for kernel, impls in data.get("kernels", {}).items():
        for m in impls:
            acc[(kernel, m["impl"], m["isa"])] = m
    for kernel, impls in data.get("rows", {}).items():
        for m in impls:
            acc[("rows", kernel, m["impl"], m["isa"])] = m
    return acc


def fmt_ulp(m):
    if m is None:
        return "–"
    u, t = m["max_ulp"], m["max_ulp_typical"]

    def one(v):
        if v == "inf" or (isinstance(v, float) and math.isinf(v)):
            return "∞"
        return f"{v:.3g}"

    s = one(u)
    if one(t) != s:
        s += f" ({one(t)} typical)"
    if m.get("nan_mismatches"):
        s += ", NaN→number"
    return s


def gps(v):
    return f"{v / 1e9:.2f}" if v else "–"


def peer_key(impl):
    return impl not in ("actkern", "actkern_fast", "std_loop")


def markdown(ctx, elem, rows, limits, acc, isa, cpu, ops):
    out = []
    kernels = sorted({k for (k, _, _) in elem}, key=lambda k: (k != "exp", k))
    out.append(f"Measured on **{cpu}**, actkern target **{isa}**, peers capped at {isa}; "
               f"medians of {ctx.get('repetitions', 'N')} interleaved repetitions, "
               "thread CPU time, one thread. Ratios are actkern ÷ peer within the run "
               "(> 1: actkern faster). Max ULP over every 251st float bit pattern "
               "(typical range in parentheses when different).\n")
    sizes = " / ".join(SIZE_LABEL[n] for n in SIZES)
    out.append(f"| kernel | actkern Gelem/s ({sizes}) | fastest peer | "
               f"speed ratio ({sizes}) | fast tier: ratio ({sizes}) | "
               "actkern max ULP | that peer's max ULP |")
    out.append("|---|---|---|---|---|---|---|")
    for k in kernels:
        a = [elem.get((k, "typical", n), {}).get(("actkern", isa)) for n in SIZES]
        cases = elem.get((k, "typical", HEADLINE), {})
        peers = {key: v for key, v in cases.items() if peer_key(key[0]) and v}
        fast_ratios = ["–"] * len(SIZES)
        if peers:
            best = max(peers, key=peers.get)
            ratios = []
            for i, n in enumerate(SIZES):
                pv = elem.get((k, "typical", n), {}).get(best)
                av = elem.get((k, "typical", n), {}).get(("actkern", isa))
                fv = elem.get((k, "typical", n), {}).get(("actkern_fast", isa))
                ratios.append(f"{av / pv:.2f}" if av and pv else "–")
                if fv and pv:
                    fast_ratios[i] = f"{fv / pv:.2f}"
            best_name = f"{best[0]} ({best[1]}), {gps(peers[best])} at 64 Ki"
            peer_ulp = fmt_ulp(acc.get((k, best[0], best[1])))
        else:
            best_name, ratios, peer_ulp = "none", ["–"] * len(SIZES), "–"
        out.append(f"| {k} | {' / '.join(gps(v) for v in a)} | {best_name} | "
                   f"{' / '.join(ratios)} | {' / '.join(fast_ratios)} | "
                   f"{fmt_ulp(acc.get((k, 'actkern', isa)))} | {peer_ulp} |")
    # Softmax family rows, when actkern has them.
    row_kernels = sorted({k for (k, _) in rows})
    row_lines = []
    for k in row_kernels:
        for (kk, shape), cases in sorted(rows.items()):
            if kk != k:
                continue
            av = cases.get(("actkern", isa))
            fv = cases.get(("actkern_fast", isa))
            peers = {key: v for key, v in cases.items() if peer_key(key[0]) and v}
            if not peers:
                continue
            best = max(peers, key=peers.get)
            m = acc.get(("rows", k, best[0], best[1]))
            peer_ulp = (f"{m['max_ulp']:.3g} ({m['max_ulp_normal']:.3g} normal)"
                        if m else "–")
            # Fraction of the read-twice-write-once bound (12 bytes/element)
            # where it was measured at this element count (the 1 x 32 Mi row).
            rows_n, cols_n = shape.split("_")[0].split("x")
            bound = limits.get(("read2write1", isa, int(rows_n) * int(cols_n)))
            frac = "–"
            if bound:
                bps = bound["bytes_per_second"]
                frac = (f"{av * 12 / bps:.0%}" if av else "–") + \
                    (f" / {fv * 12 / bps:.0%}" if fv else " / –") + \
                    f" / {peers[best] * 12 / bps:.0%}"
            row_lines.append(
                f"| {k} {shape} | {gps(av)} | {gps(fv)} | {best[0]} {gps(peers[best])} | "
                f"{(f'{av / peers[best]:.2f}') if av else '–'} | "
                f"{(f'{fv / peers[best]:.2f}') if fv else '–'} | {frac} | {peer_ulp} |")
    if row_lines:
        out.append("\nSoftmax family (Gelem/s):\n")
        out.append("| kernel and shape | actkern | fast tier | fastest peer | ratio | "
                   "fast tier ratio | of read2write1 bound (actkern / fast / peer) | "
                   "that peer's max ULP (normal rows σ 1, 10; excluding subnormal "
                   "outputs) |")
        out.append("|---|---|---|---|---|---|---|---|")
        out.extend(row_lines)

    # Limits and fractions.
    fma = limits.get(("fma", isa, 0))
    out.append("\nAgainst the machine's limits (same run): bandwidth as a fraction of the "
               "copy kernel's (8 bytes/element) at 16 Mi, and at 4 Ki the vector ops per "
               "vector of elements the kernel's time would allow the pure-FMA loop "
               "(`fma slots`), next to the op count of its hot loop where measured; the "
               "compute goal holds when slots ≤ 2 × ops.\n")
    out.append("| kernel | 16 Mi: of copy | 16 Mi: of memcpy | 4 Ki: fma slots | "
               "ops/vector (objdump) | within 2× of compute bound |")
    out.append("|---|---|---|---|---|---|")
    fma_rate = fma.get("FMA/s") if fma else None
    for k in kernels:
        big = elem.get((k, "typical", 16777216), {}).get(("actkern", isa))
        small = elem.get((k, "typical", 4096), {}).get(("actkern", isa))
        cp = limits.get(("copy", isa, 16777216))
        mc = limits.get(("memcpy", isa, 16777216))
        f_copy = f"{big / rate(cp):.0%}" if big and cp else "–"
        f_mc = f"{big / rate(mc):.0%}" if big and mc else "–"
        slots = fma_rate / small if fma_rate and small else None
        op = ops.get(k)
        within = "–"
        if slots and op:
            within = "yes" if slots <= 2 * op else "no"
        out.append(f"| {k} | {f_copy} | {f_mc} | {slots:.1f} | {op or '–'} | {within} |"
                   if slots else f"| {k} | {f_copy} | {f_mc} | – | {op or '–'} | – |")
    lim = []
    for what in ("copy", "memcpy", "read2write1"):
        for n in SIZES + [33554432]:
            e = limits.get((what, isa, n))
            if e:
                lim.append(f"{what} {SIZE_LABEL[n]} {e['bytes_per_second'] / 1e9:.1f} GB/s")
    if fma:
        lim.append(f"fma {fma['FLOP/s'] / 1e9:.0f} GFLOP/s")
    out.append("\nLimits: " + "; ".join(lim) + ".\n")

    # Every case, for the record.
    out.append("<details><summary>All elementwise cases (Gelem/s, medians)</summary>\n")
    out.append("| kernel | inputs | implementation | ISA | "
               + "".join(f"{SIZE_LABEL[n]} | " for n in SIZES) + "max ULP |")
    out.append("|---|---|---|---|" + "---|" * len(SIZES) + "---|")
    for k in kernels:
        for dist in ("typical", "full"):
            impls = set()
            for n in SIZES:
                impls |= set(elem.get((k, dist, n), {}).keys())
            for impl in sorted(impls, key=lambda x: (x[0] != "actkern", x)):
                vals = [elem.get((k, dist, n), {}).get(impl) for n in SIZES]
                out.append(f"| {k} | {dist} | {impl[0]} | {impl[1]} | "
                           f"{' | '.join(gps(v) for v in vals)} | "
                           f"{fmt_ulp(acc.get((k, impl[0], impl[1])))} |")
    out.append("\n</details>\n")
    return "\n".join(out)


# Vector operations per vector of elements in actkern's AVX2 hot loop, counted
# from objdump of build/libactkern.a (see docs/bench/peers.md).
OPS_PER_VECTOR = {"exp": 22}


BEGIN = "<!-- peers-table:begin"
END = "<!-- peers-table:end -->"


def check_paths(ap, args):
    """Every input readable and every output writable, before any work."""
    for path in args.bench + args.accuracy:
        if not os.path.isfile(path) or not os.access(path, os.R_OK):
            ap.error(f"cannot read '{path}'")
    if len(args.accuracy) > len(args.bench):
        ap.error("more --accuracy than --bench files")
    for path in (args.markdown,):
        if path is None:
            continue
        parent = os.path.dirname(path) or "."
        if os.path.isdir(path) or not os.path.isdir(parent) or not os.access(parent, os.W_OK):
            ap.error(f"cannot write '{path}'")
    if args.doc:
        try:
            with open(args.doc) as f:
                doc = f.read()
        except OSError:
            ap.error(f"cannot read '{args.doc}'")
        if BEGIN not in doc or END not in doc or not os.access(args.doc, os.W_OK):
            ap.error(f"'{args.doc}' has no writable peers-table block")


def main():
    ap = argparse.ArgumentParser()

    def one_line_error(message):
        sys.stderr.write(f"peer_report.py: {message}\n")
        sys.exit(2)

    ap.error = one_line_error
    ap.add_argument("--bench", action="append", required=True,
                    help="peers_bench JSON (repeat for several ISAs)")
    ap.add_argument("--accuracy", action="append", default=[],
                    help="peers_accuracy JSON, same order as --bench")
    ap.add_argument("--markdown")
    ap.add_argument("--cpu", default="this CPU")
    ap.add_argument("--doc", help="replace the peers-table block of this markdown file")
    args = ap.parse_args()
    check_paths(ap, args)
    md = []
    loaded = [load_bench(path) for path in args.bench]
    # Only the sizes the runs measured get columns (a --sizes run has fewer).
    global SIZES
    measured = {n for _, med in loaded for (_, _, n) in parse(med)[0]}
    SIZES = [n for n in SIZES if n in measured] or SIZES
    for i, path in enumerate(args.bench):
        ctx, med = loaded[i]
        isa = ctx.get("isa", "AVX2")
        if ctx.get("repetitions") is None:
            reps = {m.get("repetitions") for m in med.values() if m.get("repetitions")}
            ctx["repetitions"] = max(reps) if reps else "N"
        elem, rows, limits = parse(med)
        acc = load_accuracy(args.accuracy[i] if i < len(args.accuracy) else None)
        md.append(f"### {isa}\n")
        md.append(markdown(ctx, elem, rows, limits, acc, isa, args.cpu, OPS_PER_VECTOR))
    text = "\n".join(md)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    if args.doc:
        with open(args.doc) as f:
            doc = f.read()
        begin = doc.index(BEGIN)
        begin = doc.index("\n", begin) + 1
        end = doc.index(END)
        doc = doc[:begin] + text + "\n" + doc[end:]
        with open(args.doc, "w") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
