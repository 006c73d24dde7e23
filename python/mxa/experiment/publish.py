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
    s = p["a_format"] if p["a_format"] == p["b_format"] else f"{p['a_format']}:{p['b_format']}"
    if p["scale"] != "none":
        s += f" {p['scale']}{p['block_size']}"
    if p["acc"] == "trunc":
        s += f" trunc W{p['acc_bits']} N{p['acc_interval']}"
    elif p["acc"] != "fp32":
        s += f" {p['acc']}"
    return s


def _hw(p):
    f = p["formats_built"]
    return f"{p['rows']}x{p['cols']}" + ("" if f == "all" else f" [{f}]")


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
    n_model = sum(1 for p in pts if p.get("cost_source") == "model")
    n_rtl = sum(1 for p in pts if p.get("cost_source") == "rtl")
    head = (f"{len(doc['points'])} points ({len(pts)} ok; cost from the RTL: {n_rtl}, "
            f"from the cycle model: {n_model}).\n\n")
    return head + "\n".join(lines) + more


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
        body = table(doc) + "\n\n" + "\n".join(
            f"![{n[:-4]}]({rel}/{n})" for n in figs)
        begin = f"<!-- BEGIN GENERATED results {name} -->"
        end = f"<!-- END GENERATED results {name} -->"
        pat = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        if not pat.search(text):
            raise ValueError(f"{doc_path}: no '{begin}' section")
        text = pat.sub(lambda _m: f"{begin}\n{body}\n{end}", text)
    write_atomic(doc_path, text)
