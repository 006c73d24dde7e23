"""Putting finished runs into the documentation: each run's figures into
FIGURES/<name>/ and a table of its results into the markdown file, between
the markers

    <!-- BEGIN GENERATED results NAME -->
    <!-- END GENERATED results NAME -->

(`make codesign-results` does this for the shipped experiments)."""
from __future__ import annotations

import json
import os
import re
import shutil

from .cache import write_atomic
from .labels import format_pair, hw_label, numerics_label

MAX_ROWS = 40
# (column, heading, format) of the table, shown when a run has values.
TABLE = [
    ("rel_error", "rel. error", "{:.3g}"),
    ("sqnr_db", "SQNR dB", "{:.1f}"),
    ("acc_rel_error", "acc. error", "{:.3g}"),
    ("task_accuracy", "accuracy", "{:.1%}"),
    ("bits_per_element", "bits/elem", "{:.3g}"),
    ("cycles", "cycles", "{:.0f}"),
    ("utilization", "utilization", "{:.2f}"),
    ("macs_per_cycle", "MACs/cycle", "{:.1f}"),
    ("lut", "LUT", "{:.0f}"),
]


def _label(p):
    # A table is read on its own: it spells a truncating accumulator out.
    return numerics_label(p, acc_detail=True)


def _hw(p):
    return hw_label(p, lanes=False)


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def table(doc) -> str:
    pts = [p for p in doc["points"] if p["status"] == "ok"]
    cols = [c for c in TABLE if any(_num(p.get(c[0])) for p in pts)]
    groups: dict = {}
    for p in pts:
        groups.setdefault((p["workload"], _label(p), _hw(p)), []).append(p)

    def med(ps, c):
        v = sorted(p[c] for p in ps if _num(p.get(c)))
        return v[len(v) // 2] if v else None
    rows = []
    for (wl, lab, hw), ps in groups.items():
        rows.append((wl, lab, hw, {c: med(ps, c) for c, _, _ in cols}))
    key = "task_accuracy" if any(c[0] == "task_accuracy" for c in cols) else "rel_error"
    sign = -1 if key == "task_accuracy" else 1
    rows.sort(key=lambda r: (r[0], sign * (r[3].get(key) if r[3].get(key) is not None
                                         else float("inf"))))
    lines = ["| workload | numerics | hardware | " + " | ".join(h for _, h, _ in cols) + " |",
             "|---|---|---|" + "---|" * len(cols)]
    for wl, lab, hw, vals in rows[:MAX_ROWS]:
        cells = [f.format(vals[c]) if vals[c] is not None else "" for c, _, f in cols]
        lines.append(f"| {wl} | {lab} | {hw} | " + " | ".join(cells) + " |")
    more = (f"\n\nThe {MAX_ROWS} best of {len(rows)} combinations (median over the "
            "shapes); every point is in the run's results.csv." if len(rows) > MAX_ROWS else "")
    return "\n".join(lines) + more


def _pivot(pts, row, col, value, fmt, extra=()):
    """A table of value (median) with a row per row(p) and a column per
    col(p), in the order they first appear; extra: (heading, fn) columns
    taken from a row's first point."""
    rows = list(dict.fromkeys(row(p) for p in pts))
    cols = list(dict.fromkeys(col(p) for p in pts))
    cells: dict = {}
    for p in pts:
        if _num(p.get(value)):
            cells.setdefault((row(p), col(p)), []).append(p[value])
    first = {}
    for p in pts:
        first.setdefault(row(p), p)
    extra = [(h, fn) for h, fn in extra if any(str(fn(p)) for p in first.values())]
    lines = ["| | " + " | ".join([h for h, _ in extra] + [str(c) for c in cols]) + " |",
             "|---|" + "---|" * (len(extra) + len(cols))]
    for r in rows:
        vals = []
        for c in cols:
            v = sorted(cells.get((r, c), []))
            vals.append(fmt.format(v[len(v) // 2]) if v else "")
        lines.append(f"| {r} | " + " | ".join([str(fn(first[r])) for _, fn in extra] + vals)
                     + " |")
    return "\n".join(lines)


def _numerics_col(p):
    s = p["scale"] if p["scale"] == "none" else f"{p['scale']}{p['block_size']}"
    if p.get("tensor_scale") in (1, True):
        s += "+g"
    return s


def summary(doc) -> str:
    """The table that suits what the run varied: accumulator bits, a model's
    task accuracy, formats by scaling, configurations; else the generic one."""
    pts = [p for p in doc["points"] if p["status"] == "ok"]
    if not pts:
        return "No point finished."
    vary = lambda c: len({p.get(c) for p in pts}) > 1  # noqa: E731
    if vary("acc_bits"):
        trunc = [p for p in pts if p["acc"] == "trunc"]
        return ("The accumulator's own error (acc_rel_error) per kept bits W:\n\n"
                + _pivot(trunc, lambda p: f"{p['workload']} {_numerics_col(p)} "
                         + ("N=" + str(p["acc_interval"]) if p["acc_interval"] < p["k"]
                            else "no promotion"),
                         lambda p: f"W={p['acc_bits']}", "acc_rel_error", "{:.2g}"))
    if any(_num(p.get("task_accuracy")) for p in pts):
        ref = pts[0].get("ref_task_accuracy")
        return (f"Test accuracy (FP64 model: {ref:.1%}); +g: with per-tensor scales:\n\n"
                + _pivot(pts, format_pair, _numerics_col,
                         "task_accuracy", "{:.1%}",
                         extra=[("bits", lambda p: p["a_bits"])]))
    if vary("rows") or vary("cols") or vary("lane_bits"):
        return ("MACs per cycle (measured where cost_source is rtl):\n\n"
                + _pivot(pts, _hw, _label, "macs_per_cycle", "{:.1f}",
                         extra=[("LUT", lambda p: p.get("lut") or ""),
                                ("FF", lambda p: p.get("ff") or ""),
                                ("DSP", lambda p: p.get("dsp") or "")]))
    if vary("block_size") and vary("a_format"):
        return ("Relative error per format and scaling (+g: with per-tensor scales):\n\n"
                + _pivot(pts, format_pair, _numerics_col,
                         "rel_error", "{:.3g}",
                         extra=[("bits", lambda p: p["a_bits"]),
                                ("LUT", lambda p: p.get("lut") or "")]))
    return table(doc)


def publish(runs, doc_path: str, fig_dir: str) -> None:
    with open(doc_path) as f:
        text = f.read()
    for run in runs:
        with open(os.path.join(run, "results.json")) as f:
            doc = json.load(f)
        name = doc["experiment"]["name"]
        dest = os.path.join(fig_dir, name)
        os.makedirs(dest, exist_ok=True)
        figs = sorted(n for n in os.listdir(run) if n.endswith(".png"))
        for old in os.listdir(dest):
            if old.endswith(".png") and old not in figs:
                os.unlink(os.path.join(dest, old))
        for n in figs:
            shutil.copyfile(os.path.join(run, n), os.path.join(dest, n))
        rel = os.path.relpath(dest, os.path.dirname(os.path.abspath(doc_path)))
        pts = doc["points"]
        ok = [p for p in pts if p["status"] == "ok"]
        src = {}
        for p in ok:
            src[p.get("cost_source")] = src.get(p.get("cost_source"), 0) + 1
        head = (f"{len(pts)} points, {len(ok)} ok; cost from "
                + ", ".join(f"{k}: {v}" for k, v in sorted(src.items(), key=str))
                + f". Report: `build/experiments/{name}/report.html`.\n\n")
        body = head + summary(doc) + "\n\n" + "\n".join(
            f"![{n[:-4]}]({rel}/{n})" for n in figs)
        begin = f"<!-- BEGIN GENERATED results {name} -->"
        end = f"<!-- END GENERATED results {name} -->"
        pat = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        if not pat.search(text):
            raise ValueError(f"{doc_path}: no '{begin}' section")
        text = pat.sub(lambda _m: f"{begin}\n{body}\n{end}", text)
    write_atomic(doc_path, text)
