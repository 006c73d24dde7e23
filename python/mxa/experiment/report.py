"""What a run leaves in its output folder: results.csv, results.json, the
figures and report.html (self-contained: figures embedded as base64 PNG).
Every file is written whole or not at all (write by rename)."""
from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import os

from .cache import write_atomic
from .labels import format_pair, hw_label, numerics_label

# The columns of results.csv, in order (docs/codesign.md documents them).
# New columns are appended at the end; none is renamed or removed.
COLUMNS = [
    "key", "status", "error",
    "workload", "layer", "m", "n", "k", "sample_m", "sample_n", "a_data", "b_data", "a_mean", "b_mean",
    "a_format", "b_format", "a_bits", "b_bits", "bits_per_element",
    "scale", "block_size", "rule", "tensor_scale",
    "acc", "acc_bits", "acc_interval", "out_format",
    "rows", "cols", "lane_bits", "data_bits", "buf_depth", "trunc_built",
    "formats_built", "latency", "bw",
    "rel_error", "sqnr_db", "max_abs_error", "ref_rms", "acc_rel_error", "task_accuracy",
    "ref_task_accuracy",
    "cost_source", "model_outside", "cycles", "macs", "macs_per_cycle", "utilization",
    "bytes_read", "bytes_written", "dma_stall_cycles", "compute_stall_cycles",
    "lut", "ff", "dsp", "bram", "logic_levels", "crit_path_ns",
    "seconds",
]


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    return v


def write_csv(path: str, rows) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([_csv_value(r.get(c)) for c in COLUMNS])
    write_atomic(path, buf.getvalue())


def _json_safe(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def write_json(path: str, exp, rows) -> None:
    doc = {
        "experiment": {"name": exp.name, "title": exp.title,
                       "description": exp.description, "file": os.path.basename(exp.path),
                       "seed": exp.seed, "simulate_below": exp.simulate_below},
        "columns": COLUMNS,
        "points": [{c: _json_safe(r.get(c)) for c in COLUMNS} for r in rows],
        "excluded": [{"combination": c, "reason": why} for c, why in exp.excluded],
    }
    write_atomic(path, json.dumps(doc, indent=1))


# ------------------------------------------------------------ figures
def _ok(rows, *cols):
    out = []
    for r in rows:
        if r.get("status") != "ok":
            continue
        vals = [r.get(c) for c in cols]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool)
               and math.isfinite(v) for v in vals):
            out.append(r)
    return out


def _median(vals):
    v = sorted(vals)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def _group(rows, key, value):
    g: dict = {}
    for r in rows:
        g.setdefault(key(r), []).append(value(r))
    return {k: _median(v) for k, v in g.items()}


def pareto_front(pts):
    """Points (x, y) not dominated by another of smaller-or-equal x and y
    (lower is better in both), in order of x."""
    front, best = [], math.inf
    for x, y, *rest in sorted(pts, key=lambda p: (p[0], p[1])):
        if y < best:
            front.append((x, y, *rest))
            best = y
    return front


def _axes(plt, width=7):
    """(fig, ax) of a new figure: every figure is 4.5 inches high."""
    return plt.subplots(figsize=(width, 4.5))


def _finish(fig, ax, *, title, ylabel, xlabel=None, log_y=False, legend=7, caption):
    """Titles and labels the axes the same way in every figure (a log y axis
    for log_y; legend: its font size, None for none) and returns what a
    figure function returns: (fig, caption)."""
    if log_y:
        ax.set_yscale("log")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if legend is not None:
        ax.legend(fontsize=legend)
    return fig, caption


def _fig_accuracy_vs_luts(plt, rows):
    rs = _ok(rows, "lut", "rel_error")
    rs = [r for r in rs if r["rel_error"] > 0]
    if not rs:
        return None
    fig, ax = _axes(plt)
    pts = [(r["lut"], r["rel_error"], numerics_label(r) + " / " + hw_label(r)) for r in rs]
    ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=14, alpha=0.6, label="points")
    front = pareto_front(pts)
    ax.step([p[0] for p in front], [p[1] for p in front], where="post", color="C3",
            label="Pareto front")
    ax.scatter([p[0] for p in front], [p[1] for p in front], s=40, color="C3", zorder=3)
    for x, y, lab in front[:12]:
        ax.annotate(lab, (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
    return _finish(fig, ax, title="Accuracy vs LUTs",
                   xlabel="LUTs (Yosys synth_xilinx estimate)",
                   ylabel="relative Frobenius error", log_y=True, legend=8,
                   caption="Relative error of every point against the LUTs of its "
                   "configuration; the red step is the Pareto front (no point is both "
                   "smaller and more accurate).")


def _fig_error_by_format(plt, rows):
    rs = [r for r in _ok(rows, "rel_error") if r["rel_error"] > 0 and r["acc"] == "fp32"]
    if not rs:
        return None
    fmts = list(dict.fromkeys(format_pair(r) for r in rs))   # the file's order
    if len(fmts) < 2:
        return None
    series = _group(rs, lambda r: (r["scale"], r["block_size"], bool(r.get("tensor_scale")),
                                   format_pair(r)),
                    lambda r: r["rel_error"])
    lines = sorted({k[:3] for k in series})
    fig, ax = _axes(plt, max(6, 0.55 * len(fmts) + 2))
    ax.set_prop_cycle(color=plt.cm.tab20.colors)
    for s, b, g in lines:
        xs = [i for i, f in enumerate(fmts) if (s, b, g, f) in series]
        lab = s if s == "none" else f"{s} block {b}" + (" +g" if g else "")
        ax.plot(xs, [series[(s, b, g, fmts[i])] for i in xs], marker="o", label=lab,
                ls={"mx": "-", "nv": "--"}.get(s, ":"))
    ax.set_xticks(range(len(fmts)))
    ax.set_xticklabels(fmts, rotation=45, ha="right", fontsize=8)
    return _finish(fig, ax, title="Error per format and block size (fp32 accumulation)",
                   ylabel="relative Frobenius error (median)", log_y=True,
                   caption="Median relative error of each element format pair, one line "
                   "per scale mode and block size (+g: NV with per-tensor scales).")


def _fig_error_vs_bits(plt, rows):
    rs = [r for r in _ok(rows, "rel_error", "bits_per_element")
          if r["rel_error"] > 0 and r["acc"] == "fp32"]
    if len({r["bits_per_element"] for r in rs}) < 2 or len({format_pair(r) for r in rs}) < 2:
        return None
    fig, ax = _axes(plt)
    for scale in sorted({r["scale"] for r in rs}):
        sel = [r for r in rs if r["scale"] == scale]
        ax.scatter([r["bits_per_element"] for r in sel], [r["rel_error"] for r in sel],
                   s=16, label=scale)
    return _finish(fig, ax, title="Error vs bits",
                   xlabel="bits per element (element + its share of the block scale)",
                   ylabel="relative Frobenius error", log_y=True, legend=8,
                   caption="Relative error against the storage bits per element, block "
                   "scales included.")


def _fig_error_vs_acc_bits(plt, rows):
    rs = [r for r in _ok(rows, "acc_rel_error", "acc_bits") if r["acc"] == "trunc"]
    if len({r["acc_bits"] for r in rs}) < 2:
        return None
    fig, ax = _axes(plt)
    keys = sorted({(r["workload"], r["scale"], r["acc_interval"], r["k"], format_pair(r))
                   for r in rs})
    for wl, scale, n, k, f in keys:
        sel = [r for r in rs if (r["workload"], r["scale"], r["acc_interval"], r["k"],
                                 format_pair(r)) == (wl, scale, n, k, f)]
        g = _group(sel, lambda r: r["acc_bits"], lambda r: r["acc_rel_error"])
        xs = sorted(g)
        lab = (f"{wl} {f} {scale} K={k}, "
               + ("no promotion" if n >= k else f"promote every {n}"))
        ax.plot(xs, [max(g[x], 1e-9) for x in xs], marker="o",
                ls="-" if n < k else "--", label=lab)
    ax.axhline(0.02, color="gray", lw=0.8, ls=":")
    return _finish(fig, ax, title="Accumulation precision",
                   xlabel="accumulator bits W (trunc)",
                   ylabel="relative error against fp32 accumulation", log_y=True,
                   caption="The truncating accumulator's own error (against fp32 "
                   "accumulation of the same quantized operands) for W kept bits, promoting "
                   "to FP32 every N products (solid) or only at the end of K (dashed); "
                   "dotted: 2%.")


def _fig_utilization_vs_k(plt, rows):
    rs = _ok(rows, "utilization", "k")
    if len({r["k"] for r in rs}) < 2:
        return None
    fig, ax = _axes(plt)
    for lab in sorted({(format_pair(r), hw_label(r)) for r in rs}):
        sel = [r for r in rs if (format_pair(r), hw_label(r)) == lab]
        g = _group(sel, lambda r: r["k"], lambda r: r["utilization"])
        xs = sorted(g)
        ax.plot(xs, [g[x] for x in xs], marker="o", label=f"{lab[0]} on {lab[1]}")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0, 1.05)
    return _finish(fig, ax, title="Utilization vs K", xlabel="K",
                   ylabel="utilization (MACs / (cycles x peak MACs per cycle))",
                   caption="Array utilization against K, per format pair and configuration.")


def _fig_cycles_per_layer(plt, rows):
    rs = _ok(rows, "cycles")
    rs = [r for r in rs if r["cycles"] > 0]
    layers = list(dict.fromkeys((r["workload"], r["layer"]) for r in rs))  # file order
    if len({(r["m"], r["n"], r["k"]) for r in rs}) < 2 or len(layers) > 60:
        return None
    series = sorted({(format_pair(r), r["scale"], hw_label(r)) for r in rs})[:8]
    fig, ax = _axes(plt, max(6, 0.5 * len(layers) * max(1, len(series)) / 3 + 3))
    width = 0.8 / len(series)
    for i, s in enumerate(series):
        g = _group([r for r in rs if (format_pair(r), r["scale"], hw_label(r)) == s],
                   lambda r: (r["workload"], r["layer"]), lambda r: r["cycles"])
        xs = [j for j, lay in enumerate(layers) if lay in g]
        ax.bar([x + i * width for x in xs], [g[layers[x]] for x in xs], width,
               label=f"{s[0]} {s[1]} on {s[2]}")
    ax.set_xticks([j + (len(series) - 1) * width / 2 for j in range(len(layers))])
    ax.set_xticklabels([f"{w}/{lay}" for w, lay in layers], rotation=45, ha="right", fontsize=7)
    return _finish(fig, ax, title="Cycles per layer", ylabel="cycles", log_y=True,
                   caption="Cycles of each layer (median over the other parameters), per "
                   "format pair and configuration: RTL where simulated, the cycle model "
                   "otherwise.")


def _fig_macs_vs_luts(plt, rows):
    rs = _ok(rows, "lut", "macs_per_cycle")
    if len({r["lut"] for r in rs}) < 2:
        return None
    fig, ax = _axes(plt)
    for f in sorted({format_pair(r) for r in rs}):
        g = _group([r for r in rs if format_pair(r) == f], lambda r: (r["lut"], hw_label(r)),
                   lambda r: r["macs_per_cycle"])
        xs = sorted(g)
        ax.plot([x[0] for x in xs], [g[x] for x in xs], marker="o", ls="none", label=f)
    return _finish(fig, ax, title="MACs per cycle vs LUTs", xlabel="LUTs",
                   ylabel="MACs per cycle (measured)",
                   caption="Measured MACs per cycle of each configuration and format pair "
                   "against its LUTs.")


def _fig_task_accuracy(plt, rows):
    rs = _ok(rows, "task_accuracy")
    if not rs:
        return None
    g = _group(rs, numerics_label, lambda r: r["task_accuracy"])
    labels = sorted(g, key=lambda k: -g[k])
    fig, ax = _axes(plt, max(6, 0.4 * len(labels) + 2))
    ax.bar(range(len(labels)), [100 * g[k] for k in labels])
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    lo = min(g.values())
    ax.set_ylim(max(0, 100 * lo - 5), 100)
    return _finish(fig, ax, title="Digits model accuracy per format",
                   ylabel="test accuracy (%)", legend=None,
                   caption="Test accuracy of the trained digits model with each recipe.")


FIGURES = [
    ("accuracy_vs_luts", _fig_accuracy_vs_luts),
    ("error_by_format", _fig_error_by_format),
    ("error_vs_bits", _fig_error_vs_bits),
    ("error_vs_acc_bits", _fig_error_vs_acc_bits),
    ("utilization_vs_k", _fig_utilization_vs_k),
    ("cycles_per_layer", _fig_cycles_per_layer),
    ("macs_per_cycle_vs_luts", _fig_macs_vs_luts),
    ("task_accuracy", _fig_task_accuracy),
]


def figures(rows):
    """[(name, caption, png bytes)] of the figures the rows support."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    out = []
    for name, fn in FIGURES:
        made = fn(plt, rows)
        if made is None:
            continue
        fig, caption = made
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        plt.close(fig)
        out.append((name, caption, buf.getvalue()))
    return out


# ------------------------------------------------------------ HTML
_TABLE_COLUMNS = ["workload", "layer", "a_format", "b_format", "scale", "block_size",
                  "acc", "acc_bits", "acc_interval", "rows", "cols", "formats_built",
                  "rel_error", "sqnr_db", "task_accuracy", "cost_source", "cycles",
                  "utilization", "lut", "status"]
MAX_TABLE_ROWS = 400


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}"
    return html.escape(str(v))


def html_report(exp, rows, figs) -> str:
    ok = sum(1 for r in rows if r.get("status") == "ok")
    src = {}
    for r in rows:
        src[r.get("cost_source")] = src.get(r.get("cost_source"), 0) + 1
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{html.escape(exp.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em}"
        "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;"
        "padding:2px 5px;text-align:right}th{background:#eee}figure{margin:1.5em 0}"
        "img{max-width:100%}figcaption{font-size:13px;color:#444}</style>",
        "</head><body>",
        f"<h1>{html.escape(exp.title)}</h1>",
    ]
    if exp.description:
        parts.append(f"<p>{html.escape(exp.description)}</p>")
    parts.append(
        f"<p>Experiment <code>{html.escape(os.path.basename(exp.path))}</code>: "
        f"{len(rows)} points ({ok} ok, {len(rows) - ok} failed); cost from "
        + ", ".join(f"{html.escape(str(k))}: {v}" for k, v in sorted(src.items(), key=str))
        + f"; {len(exp.excluded)} combinations excluded. Data: <code>results.csv</code>, "
        "<code>results.json</code>.</p>")
    for name, caption, png in figs:
        b64 = base64.b64encode(png).decode()
        parts.append(f"<figure id=\"{name}\"><img alt=\"{html.escape(name)}\" "
                     f"src=\"data:image/png;base64,{b64}\">"
                     f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append("<h2>Points</h2><div style=\"overflow-x:auto\"><table><tr>"
                 + "".join(f"<th>{c}</th>" for c in _TABLE_COLUMNS) + "</tr>")
    for r in rows[:MAX_TABLE_ROWS]:
        parts.append("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in _TABLE_COLUMNS)
                     + "</tr>")
    parts.append("</table></div>")
    if len(rows) > MAX_TABLE_ROWS:
        parts.append(f"<p>First {MAX_TABLE_ROWS} of {len(rows)} points; all are in results.csv.</p>")
    errs = [r for r in rows if r.get("status") != "ok"]
    if errs:
        parts.append("<h2>Failed points</h2><ul>")
        for r in errs[:50]:
            parts.append(f"<li>{html.escape(numerics_label(r))} on "
                         f"{html.escape(hw_label(r))}: {html.escape(str(r.get('error')))}</li>")
        parts.append("</ul>")
    if exp.excluded:
        reasons: dict = {}
        for c, why in exp.excluded:
            reasons.setdefault(why, []).append(c)
        parts.append("<h2>Excluded combinations</h2><ul>")
        for why, combos in reasons.items():
            shown = ", ".join(html.escape(c) for c in combos[:8])
            more = f", and {len(combos) - 8} more" if len(combos) > 8 else ""
            parts.append(f"<li>{html.escape(why)} ({len(combos)}): {shown}{more}</li>")
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write(out: str, exp, rows) -> list:
    """Writes every output file of a finished run; returns their names."""
    figs = figures(rows)
    drawn = {name for name, _, _ in figs}
    for name, _ in FIGURES:   # a figure of an earlier run these rows no longer support
        if name not in drawn and os.path.exists(os.path.join(out, name + ".png")):
            os.unlink(os.path.join(out, name + ".png"))
    names = []
    for name, _caption, png in figs:
        write_atomic(os.path.join(out, name + ".png"), png, "wb")
        names.append(name + ".png")
    write_csv(os.path.join(out, "results.csv"), rows)
    write_json(os.path.join(out, "results.json"), exp, rows)
    write_atomic(os.path.join(out, "report.html"), html_report(exp, rows, figs))
    return ["results.csv", "results.json", "report.html"] + names
