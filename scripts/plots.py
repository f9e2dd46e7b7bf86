#!/usr/bin/env python3
"""Draws actkern's figures with matplotlib, from the JSON its tools write.

(1) Accuracy, one figure per kernel: the max ULP error per input bucket
    (sign, binade, top mantissa bit) over the whole float range, on a
    symmetric log-magnitude x axis and a log y axis, one line per actkern
    tier and target (from `actkern-accuracy --envelopes`) and one per peer
    implementation (from `peers_accuracy --json`, same buckets), with the
    documented bounds dashed. With `actkern-accuracy --softmax --envelopes`,
    also softmax.{png,svg}: max ULP per row length and logit distribution,
    the peers' rows as markers.
(2) Throughput, one figure: elements/s against size for every kernel in the
    Google Benchmark JSON of peers_bench (what scripts/peer-report.sh keeps as
    bench_<ISA>.json), both actkern tiers and every peer, one panel per
    kernel.

usage: plots.py [--envelopes E.json ...] [--peers-accuracy P.json ...]
                [--accuracy-dir DIR] [--kernels a,b,...]
                [--bench B.json ...] [--throughput-dir DIR]
                [--cpu NAME] [--note TEXT] [--formats png,svg]

Writes DIR/<kernel>.png and .svg (and DIR/softmax.*) for --accuracy-dir, and
DIR/throughput.png and .svg for --throughput-dir; nothing else. Needs
Debian's python3-matplotlib (run it with /usr/bin/python3). Bad arguments stop
it with exit status 2 before anything is drawn.
"""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from peer_report import load_bench, parse  # noqa: E402  (same directory)

matplotlib = plt = Line2D = None  # imported by load_matplotlib(), after the checks


def load_matplotlib():
    global matplotlib, plt, Line2D
    try:
        import matplotlib as mpl

        mpl.use("Agg")
        import matplotlib.pyplot as pyplot
        import matplotlib.ticker  # noqa: F401  (matplotlib.ticker below)
        from matplotlib.lines import Line2D as line2d
    except ImportError:
        sys.stderr.write("plots.py: matplotlib is missing (apt-get install python3-matplotlib, "
                         "or scripts/install-deps.sh; run with /usr/bin/python3)\n")
        sys.exit(2)
    matplotlib, plt, Line2D = mpl, pyplot, line2d
    # Text stays text in the SVGs (smaller, searchable); no timestamps, so the
    # same data gives the same files.
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "actkern"

# Colours: actkern's tiers warm, every peer its own, the same in every figure.
ACTKERN_COLORS = {"precise": "#c0392b", "fast": "#e67e22"}
IMPL_COLORS = {"onednn": "#1f77b4", "xnnpack": "#2ca02c", "eigen": "#9467bd",
               "eigen_composed": "#8c564b", "sleef_u10": "#17becf",
               "sleef_u35": "#7fb7be", "hwy_contrib": "#e377c2",
               "std_loop": "#7f7f7f", "actkern": ACTKERN_COLORS["precise"],
               "actkern_fast": ACTKERN_COLORS["fast"]}
EXTRA_COLORS = ["#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173"]
ISA_STYLES = ["-", "--", ":", "-."]
FLOOR = 1e-2  # smaller errors (0 included) are drawn here, labelled "≤ 0.01"
CAP = 1e9  # larger ones (up to 1e83 for some peers) at the top, marked ▲


def impl_color(impl):
    if impl not in IMPL_COLORS:
        IMPL_COLORS[impl] = EXTRA_COLORS[len(IMPL_COLORS) % len(EXTRA_COLORS)]
    return IMPL_COLORS[impl]


def ulp_value(v):
    """JSON envelope entry -> float (None: no input in the bucket)."""
    if v is None:
        return None
    if isinstance(v, str):
        return math.inf if v == "inf" else math.nan
    return float(v)


# ------------------------------------------------------------ accuracy
# Bucket b = sign << 9 | biased exponent << 1 | top mantissa bit. Its x
# position: +-(exponent + mantissa bit / 2 + 1/4), so the binade [2^k, 2^k+1)
# sits at |pos| in [k + 127, k + 128), +-0 at the centre and +-inf at +-255.
def bucket_pos(b):
    sign = -1 if b >> 9 else 1
    return sign * (((b >> 1) & 0xFF) + 0.5 * (b & 1) + 0.25)


def x_ticks():
    ticks, labels = [0], ["0"]
    for k in (-64, -16, 0, 16, 64):
        for s in (-1, 1):
            ticks.append(s * (k + 127))
            mag = "1" if k == 0 else f"2^{{{k}}}"
            labels.append(f"${'-' if s < 0 else ''}{mag}$")
    for s in (-1, 1):
        ticks.append(s * 255.25)
        labels.append("$-\\infty$" if s < 0 else "$\\infty$")
    return ticks, labels


def envelope_series(env):
    """(positions, values) in increasing x, None where no input fell."""
    pts = sorted((bucket_pos(b), ulp_value(v)) for b, v in enumerate(env))
    return [p for p, _ in pts], [v for _, v in pts]


def draw_envelope(ax, env, top, **style):
    """The envelope as a line; NaN mismatches (inf) as x and errors above the
    axis as ^ at its top edge."""
    xs, vs = envelope_series(env)
    ys = [math.nan if v is None or math.isnan(v) else min(max(v, FLOOR), top) for v in vs]
    line, = ax.plot(xs, ys, linewidth=style.pop("linewidth", 1.2), **style)
    for marker, pick in (("x", lambda v: math.isinf(v)),
                         ("^", lambda v: math.isfinite(v) and v > top)):
        at = [x for x, v in zip(xs, vs) if v is not None and pick(v)]
        if at:
            ax.plot(at, [top] * len(at), linestyle="none", marker=marker, markersize=4,
                    color=line.get_color(), clip_on=False, zorder=4)
    return line


def load_json(path):
    with open(path) as f:
        return json.load(f)


def accuracy_figures(envelopes, peers, out_dir, only, formats, note):
    """envelopes: actkern-accuracy --envelopes documents; peers: peers_accuracy
    documents. One figure per precise kernel name."""
    rows = [r for doc in envelopes for r in doc.get("results", [])]
    modes = sorted({doc.get("mode", "") for doc in envelopes if doc.get("results")})
    families = []
    for r in rows:
        if r["precise"] not in families:
            families.append(r["precise"])
    peer_rows = {}  # kernel -> [(impl, isa, entry, stride)]
    for doc in peers:
        for kernel, impls in doc.get("kernels", {}).items():
            for m in impls:
                if "envelope" in m:
                    peer_rows.setdefault(kernel, []).append(
                        (m["impl"], m["isa"], m, doc.get("stride")))
    # Kernels peers_accuracy measured but actkern-accuracy did not: actkern's
    # line from the peers file.
    for kernel, impls in peer_rows.items():
        if kernel not in families and any(i[0] != "actkern" for i in impls):
            families.append(kernel)
    if only:
        families = [f for f in families if f in only]
    written = []
    for fam in families:
        mine = [r for r in rows if r["precise"] == fam]
        theirs = [p for p in peer_rows.get(fam, []) if p[0] != "actkern" or not mine]
        if not mine and not theirs:
            continue
        finite = [ulp_value(v) for r in mine for v in r["envelope"]]
        finite += [ulp_value(v) for p in theirs for v in p[2]["envelope"]]
        finite = [v for v in finite if v is not None and math.isfinite(v)]
        bounds = {r["tier"]: r["bound"] for r in mine}
        top = min(CAP, 10 ** math.ceil(math.log10(
            max(finite + list(bounds.values()) + [1.0]) * 3)))
        fig, ax = plt.subplots(figsize=(11, 5.2))
        ax.set_yscale("log")
        ax.set_ylim(FLOOR * 0.8, top)
        ax.set_xlim(-262, 262)
        ticks, labels = x_ticks()
        ax.set_xticks(ticks)
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_xticks([s * (k + 127) for k in range(-120, 128, 8) for s in (-1, 1)], minor=True)
        ax.axvspan(-1, 1, color="#eeeeee", zorder=0)
        ax.text(3, FLOOR * 1.15, "subnormal x", ha="left", va="bottom", fontsize=7, color="#888888")
        ax.grid(True, which="major", axis="y", color="#dddddd", linewidth=0.6)
        ax.grid(True, which="major", axis="x", color="#f0f0f0", linewidth=0.6)
        handles = []
        targets = []
        for r in mine:
            if r["target"] not in targets:
                targets.append(r["target"])
        for r in sorted(mine, key=lambda r: (r["tier"] != "precise", targets.index(r["target"]))):
            style = ISA_STYLES[targets.index(r["target"]) % len(ISA_STYLES)]
            h = draw_envelope(ax, r["envelope"], top, color=ACTKERN_COLORS[r["tier"]],
                              linestyle=style, linewidth=1.6,
                              zorder=4 if r["tier"] == "precise" else 3,
                              label=f"actkern {r['kernel']} ({r['target']}): "
                                    f"max {fmt_ulp(ulp_value(r['max_ulp']))}")
            handles.append(h)
        isas = []
        for p in theirs:
            if p[1] not in isas:
                isas.append(p[1])
        for impl, isa, m, _ in sorted(theirs, key=lambda p: (p[0], isas.index(p[1]))):
            style = ISA_STYLES[isas.index(isa) % len(ISA_STYLES)]
            h = draw_envelope(ax, m["envelope"], top, color=impl_color(impl), linestyle=style,
                              linewidth=1.0, zorder=2,
                              label=f"{impl} ({isa}): max {fmt_ulp(ulp_value(m['max_ulp']))}")
            handles.append(h)
        for tier, b in sorted(bounds.items(), key=lambda t: t[0] != "precise"):
            ax.axhline(b, color=ACTKERN_COLORS[tier], linestyle=(0, (6, 4)), linewidth=1.0)
            below = tier == "precise" and len(bounds) > 1
            ax.text(0.995, b / 1.12 if below else b * 1.12, f"{tier} bound {b:g} ULP",
                    ha="right", va="top" if below else "bottom", fontsize=8,
                    color=ACTKERN_COLORS[tier], transform=ax.get_yaxis_transform())
        set_log_y(ax)
        ax.set_xlabel("input x (symmetric log scale: one step per binade, ±0 at the centre)")
        ax.set_ylabel("max ULP error per input bucket\n(against the double reference)")
        sampled = ", ".join(m for m in modes if m) or "sampled"
        strides = sorted({p[3] for p in theirs if p[3]})
        src = f"actkern: {sampled}"
        if strides:
            src += "; peers: every " + "/".join(ordinal(s) for s in strides) + " bit pattern"
        ax.set_title(f"{fam}: max ULP error over the float range ({src})", fontsize=11)
        every = [v for v in (ulp_value(x) for r in mine for x in r["envelope"])
                 if v is not None]
        every += [v for v in (ulp_value(x) for p in theirs for x in p[2]["envelope"])
                  if v is not None]
        if any(math.isfinite(v) and v > top for v in every):
            handles.append(Line2D([], [], linestyle="none", marker="^", color="black",
                                  label=f"at the top: error above {y_label(top, 0)} ULP (clipped)"))
        if any(math.isinf(v) for v in every):
            handles.append(Line2D([], [], linestyle="none", marker="x", color="black",
                                  label="at the top: NaN where a number is due, or vice versa"))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                  ncol=2 if len(handles) > 4 else 1, fontsize=8, frameon=False)
        if note:
            fig.text(0.995, 0.005, note, ha="right", va="bottom", fontsize=7, color="#666666")
        fig.tight_layout()
        written += save(fig, os.path.join(out_dir, fam), formats)
    return written


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_ulp(v):
    if v is None:
        return "–"
    if math.isinf(v):
        return "∞ (NaN mismatch)"
    if v >= 1e4:
        return f"{fmt_big(v)} ULP"
    return f"{v:.3g} ULP"


def set_log_y(ax):
    """A tick every decade, labelled 0.01 ... 1000, then 10^k."""
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, numticks=30))
    ax.yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(y_label))


def y_label(v, _pos):
    if v <= FLOOR * 1.0001:
        return "≤ 0.01"
    if v >= 1e4:
        return f"$10^{{{round(math.log10(v))}}}$"
    return f"{v:g}"


def fmt_big(v):
    return f"{v:.2g}".replace("e+0", "e").replace("e+", "e")


def softmax_figure(envelopes, peers, out_dir, formats, note):
    """Max ULP per row length: a line per logit distribution (colour) and
    tier (solid precise, dashed fast) on one target (AVX2 if measured); the
    peers' rows (peers_accuracy: normal logits, sigma 1 and 10) as hollow
    markers in the colour of their distribution, one shape per peer."""
    cells = [c for doc in envelopes for c in doc.get("softmax_cases", [])]
    if not cells:
        return []
    targets = sorted({c["target"] for c in cells}, key=lambda t: (t != "AVX2", t))
    target = targets[0]
    cells = [c for c in cells if c["target"] == target]
    dists = sorted({c["dist"] for c in cells},
                   key=lambda d: (not d.startswith("normal"),
                                  float(d.split("=")[1]) if d.startswith("normal") else 0, d))
    colors = dict(zip(dists, plt.rcParams["axes.prop_cycle"].by_key()["color"] * 3))
    fig, ax = plt.subplots(figsize=(11, 5.2))
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    handles = []
    for d in dists:
        for kernel, style in (("softmax", "-"), ("softmax_fast", "--")):
            pts = sorted((c["cols"], ulp_value(c["max_ulp"])) for c in cells
                         if c["kernel"] == kernel and c["dist"] == d)
            if pts:
                ax.plot([p[0] for p in pts], [max(p[1], FLOOR) for p in pts], linestyle=style,
                        marker="o", markersize=3, color=colors[d], linewidth=1.4)
        handles.append(Line2D([], [], color=colors[d], marker="o", markersize=3,
                              label=f"logits: {d}"))
    handles.append(Line2D([], [], color="black", linestyle="-", label="actkern softmax (precise)"))
    handles.append(Line2D([], [], color="black", linestyle="--", label="actkern softmax_fast"))
    markers = "sD^vP*"
    impls = []
    for doc in peers:
        for m in doc.get("rows", {}).get("softmax", []):
            key = (m["impl"], m["isa"])
            if m["impl"] == "actkern" or key in impls:
                continue
            impls.append(key)
            marker = markers[(len(impls) - 1) % len(markers)]
            for c in m.get("cases", []):
                d = f"normal s={c['sigma']:g}"
                ax.plot([c["cols"] * (1.05 ** len(impls))],
                        [min(max(ulp_value(c["max_ulp"]), FLOOR), CAP)], linestyle="none",
                        marker=marker, markersize=7, markerfacecolor="none",
                        markeredgewidth=1.3, color=colors.get(d, "black"))
            name = "naive std:: loop" if m["impl"] == "std_loop" else m["impl"]
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=7,
                                  markerfacecolor="none", color="black",
                                  label=f"{name} ({m['isa']}), {len(m.get('cases', []))} cases"))
    for b, tier in ((2.0, "precise"), (4.0, "fast")):
        ax.axhline(b, color=ACTKERN_COLORS[tier], linestyle=(0, (6, 4)), linewidth=1.0)
        ax.text(0.995, b / 1.08 if tier == "precise" else b * 1.08, f"{tier} bound {b:g} ULP",
                ha="right", va="top" if tier == "precise" else "bottom",
                fontsize=8, color=ACTKERN_COLORS[tier], transform=ax.get_yaxis_transform())
    ax.set_ylim(FLOOR * 0.8, None)
    set_log_y(ax)
    lengths = [2 ** k for k in range(1, 17, 2)]
    ax.set_xticks(lengths)
    ax.set_xticklabels([size_label(n) for n in lengths], fontsize=8)
    ax.minorticks_off()
    ax.set_xlabel("row length (columns, log scale)")
    ax.set_ylabel("max ULP error of the row's outputs\n(against the double reference)")
    ax.set_title(f"softmax ({target}): max ULP error per row length and logit distribution",
                 fontsize=11)
    ax.grid(True, which="major", color="#e5e5e5", linewidth=0.6)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    if note:
        fig.text(0.995, 0.005, note, ha="right", va="bottom", fontsize=7, color="#666666")
    fig.tight_layout()
    return save(fig, os.path.join(out_dir, "softmax"), formats)


# ------------------------------------------------------------ throughput
SIZE_LABEL = {4096: "4 Ki", 65536: "64 Ki", 16777216: "16 Mi", 1048576: "1 Mi"}


def size_label(n):
    if n in SIZE_LABEL:
        return SIZE_LABEL[n]
    for unit, v in (("Mi", 1 << 20), ("Ki", 1 << 10)):
        if n % v == 0:
            return f"{n // v} {unit}"
    return str(n)


def throughput_figure(bench_paths, out_dir, formats, cpu, note):
    runs = []
    for path in bench_paths:
        ctx, med = load_bench(path)
        elem, rows, limits = parse(med)
        runs.append((ctx.get("isa", "AVX2"), elem, rows, limits))
    isas = []
    for isa, *_ in runs:
        if isa not in isas:
            isas.append(isa)
    kernels = []
    for _, elem, _, _ in runs:
        for (k, dist, _) in elem:
            if dist == "typical" and not k.endswith("_backward") and k not in kernels:
                kernels.append(k)
    kernels.sort(key=lambda k: (k != "exp", k))
    row_kernels = [k for k in ("softmax", "log_softmax")
                   if any(rk == k for _, _, rows, _ in runs for (rk, _) in rows)]
    panels = [("elem", k) for k in kernels] + [("rows", k) for k in row_kernels]
    if not panels:
        return []
    cols = 4 if len(panels) > 6 else len(panels)
    nrows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.4 * cols, 2.9 * nrows + 1.2),
                             squeeze=False)
    seen = {}
    for idx, (what, k) in enumerate(panels):
        ax = axes[idx // cols][idx % cols]
        ax.set_title(k if what == "elem" else f"{k} (rows × cols)", fontsize=10)
        if what == "elem":
            ax.set_xscale("log", base=2)
        for isa, elem, rows, limits in runs:
            style = ISA_STYLES[isas.index(isa) % len(ISA_STYLES)]
            series = {}
            if what == "elem":
                for (kk, dist, n), cases in elem.items():
                    if kk == k and dist == "typical":
                        for key, v in cases.items():
                            if v:
                                series.setdefault(key, {})[n] = v
            else:
                shapes = sorted({s for (kk, s) in rows if kk == k},
                                key=lambda s: (int(s.split("x")[0]) *
                                               int(s.split("x")[1].split("_")[0]), s))
                for i, sh in enumerate(shapes):
                    for key, v in rows.get((k, sh), {}).items():
                        if v:
                            series.setdefault(key, {})[i] = v
                ax.set_xticks(range(len(shapes)))
                ax.set_xticklabels([s.replace("_inplace", "\nin place") for s in shapes],
                                   rotation=35, ha="right", fontsize=7)
            for (impl, iisa), pts in sorted(series.items(),
                                            key=lambda s: (not s[0][0].startswith("actkern"), s)):
                xs = sorted(pts)
                mine = impl.startswith("actkern")
                h, = ax.plot(xs, [pts[x] / 1e9 for x in xs], color=impl_color(impl),
                             linestyle=style, marker="o", markersize=3 if mine else 2.5,
                             linewidth=2.0 if mine else 1.1, zorder=3 if mine else 2)
                name = {"actkern": "actkern precise", "actkern_fast": "actkern fast",
                        "std_loop": "naive std:: loop"}.get(impl, impl)
                seen.setdefault((name, isa), h)
        if what == "elem":
            ns = sorted({n for _, elem, _, _ in runs for (kk, d, n) in elem
                         if kk == k and d == "typical"})
            ax.set_xticks(ns)
            ax.set_xticklabels([size_label(n) for n in ns], fontsize=8)
            ax.minorticks_off()
        ax.set_ylim(bottom=0)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(True, color="#e5e5e5", linewidth=0.6)
        if idx % cols == 0:
            ax.set_ylabel("Gelem/s", fontsize=9)
    for idx in range(len(panels), nrows * cols):
        axes[idx // cols][idx % cols].set_visible(False)
    order = sorted(seen, key=lambda s: (s[0] != "actkern precise", s[0] != "actkern fast",
                                        s[0] == "naive std:: loop", s))
    handles = []
    for name, isa in order:
        h = seen[(name, isa)]
        handles.append(Line2D([], [], color=h.get_color(), linestyle=h.get_linestyle(),
                              linewidth=h.get_linewidth(), marker=h.get_marker(),
                              markersize=3, label=f"{name} ({isa})" if isa else name))
    fig.legend(handles=handles, loc="lower center", ncol=min(5, len(handles)), fontsize=8,
               frameon=False)
    fig.suptitle("Throughput, elements per second (median of the run's repetitions, one thread, "
                 f"thread CPU time; higher is better): {cpu}\n"
                 "x: elements per call (elementwise kernels, inputs in the kernel's typical range) "
                 "or rows × cols (softmax family)" + (f"\n{note}" if note else ""), fontsize=10)
    legend_rows = math.ceil(len(handles) / 5)
    height = fig.get_size_inches()[1]
    fig.tight_layout(rect=(0, (0.1 + 0.17 * legend_rows) / height, 1,
                           1 - (0.7 if note else 0.55) / height))
    return save(fig, os.path.join(out_dir, "throughput"), formats)


def save(fig, stem, formats):
    out = []
    for fmt in formats:
        path = f"{stem}.{fmt}"
        # No date or version in the files: the same data gives the same bytes.
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        if fmt == "pdf":
            meta = {"CreationDate": None, "ModDate": None}
        fig.savefig(path, dpi=110, metadata=meta, bbox_inches="tight")
        out.append(path)
    plt.close(fig)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])

    def one_line_error(message):
        sys.stderr.write(f"plots.py: {message}\n")
        sys.exit(2)

    ap.error = one_line_error
    ap.add_argument("--envelopes", action="append", default=[],
                    help="actkern-accuracy --envelopes JSON (repeatable)")
    ap.add_argument("--peers-accuracy", action="append", default=[],
                    help="peers_accuracy --json output (repeatable, e.g. one per ISA)")
    ap.add_argument("--accuracy-dir", help="write <kernel>.{png,svg} here")
    ap.add_argument("--kernels", help="only these kernels' accuracy figures (comma list)")
    ap.add_argument("--bench", action="append", default=[],
                    help="peers_bench Google Benchmark JSON (repeatable, one per ISA)")
    ap.add_argument("--throughput-dir", help="write throughput.{png,svg} here")
    ap.add_argument("--cpu", default="this CPU")
    ap.add_argument("--note", default="", help="small print at the bottom of every figure")
    ap.add_argument("--formats", default="png,svg")
    args = ap.parse_args()
    for path in args.envelopes + args.peers_accuracy + args.bench:
        if not os.path.isfile(path) or not os.access(path, os.R_OK):
            ap.error(f"cannot read '{path}'")
    for opt, d in (("--accuracy-dir", args.accuracy_dir), ("--throughput-dir", args.throughput_dir)):
        if d is not None and (not os.path.isdir(d) or not os.access(d, os.W_OK)):
            ap.error(f"{opt}: '{d}' is not a writable directory")
    if args.accuracy_dir is None and args.throughput_dir is None:
        ap.error("nothing to draw: give --accuracy-dir and/or --throughput-dir")
    if args.accuracy_dir is not None and not (args.envelopes or args.peers_accuracy):
        ap.error("--accuracy-dir needs --envelopes or --peers-accuracy")
    if args.throughput_dir is not None and not args.bench:
        ap.error("--throughput-dir needs --bench")
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in ("png", "svg", "pdf"):
            ap.error(f"--formats: unknown format '{f}' (png, svg, pdf)")
    try:
        envelopes = [load_json(p) for p in args.envelopes]
        peers = [load_json(p) for p in args.peers_accuracy]
    except ValueError as e:
        ap.error(f"not JSON: {e}")
    load_matplotlib()
    written = []
    if args.accuracy_dir is not None:
        only = set(args.kernels.split(",")) if args.kernels else None
        written += accuracy_figures(envelopes, peers, args.accuracy_dir, only, formats, args.note)
        if only is None or "softmax" in only:
            written += softmax_figure(envelopes, peers, args.accuracy_dir, formats, args.note)
    if args.throughput_dir is not None:
        written += throughput_figure(args.bench, args.throughput_dir, formats, args.cpu, args.note)
    for w in written:
        print(w)


if __name__ == "__main__":
    main()
