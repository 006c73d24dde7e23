"""Running a sweep on the real package: the CSV, resuming, interruption."""
import csv
import json
import math
import os
import re
import signal
import subprocess
import sys

from conftest import ROOT, SMALL, env, need_package, run_cli

from mxa.experiment import report


def _rows(out):
    with open(out / "results.csv", newline="") as f:
        rd = csv.DictReader(f)
        return rd.fieldnames, list(rd)


def test_csv_has_the_documented_columns(small_run):
    _, out, _ = small_run
    cols, rows = _rows(out)
    assert cols == report.COLUMNS
    with open(os.path.join(ROOT, "docs", "codesign.md")) as f:
        doc = f.read()
    undocumented = [c for c in cols if f"| `{c}` |" not in doc]
    assert not undocumented, f"columns missing from docs/codesign.md: {undocumented}"
    assert len(rows) == 8


def test_values_are_sane(small_run):
    _, out, _ = small_run
    _, rows = _rows(out)
    by = {}
    for r in rows:
        assert r["status"] == "ok", r["error"]
        m, n, k = int(r["m"]), int(r["n"]), int(r["k"])
        err = float(r["rel_error"])
        assert 0 < err < 0.5
        assert math.isclose(float(r["sqnr_db"]), -20 * math.log10(err), rel_tol=1e-6)
        assert float(r["max_abs_error"]) > 0
        assert r["cost_source"] == ("rtl" if m * n * k < 16385 else "model")
        assert int(r["cycles"]) > 0 and int(r["bytes_read"]) > 0
        assert 0 < float(r["utilization"]) <= 1
        if r["cost_source"] == "rtl":
            assert int(r["macs"]) == m * n * k
            assert r["model_outside"] == ""
        else:  # the model's flags, for this point's latency
            assert r["model_outside"] in ("", "write_bound")
        by[(r["a_format"], r["scale"], k)] = err
    # four bits lose more than eight, whatever the scaling
    for scale in ("mx", "nv"):
        for k in (64, 256):
            assert by[("e2m1", scale, k)] > 2 * by[("e4m3", scale, k)]


def test_outputs_are_complete(small_run):
    _, out, stdout = small_run
    assert "8 points, 0 cached, 8 to compute" in stdout
    doc = json.loads((out / "results.json").read_text())
    assert doc["columns"] == report.COLUMNS and len(doc["points"]) == 8
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") >= 3
    for name in ("error_by_format", "utilization_vs_k", "cycles_per_layer"):
        assert (out / f"{name}.png").stat().st_size > 1000
    # progress goes as plain lines when stdout is not a terminal
    assert re.search(r"^\[8/8\] 100% ", stdout, re.M)


def test_second_run_computes_nothing(small_run):
    p, out, _ = small_run
    cache = out / "cache"
    before = {f: os.stat(cache / f).st_mtime_ns for f in os.listdir(cache)}
    csv_before = (out / "results.csv").read_bytes()
    r = run_cli("run", str(p), "-j", "2", "--out", str(out))
    assert "8 points, 8 cached, 0 to compute" in r.stdout
    assert {f: os.stat(cache / f).st_mtime_ns for f in os.listdir(cache)} == before
    assert (out / "results.csv").read_bytes() == csv_before


def test_interrupted_run_leaves_no_half_written_output(tmp_path):
    need_package()
    # More points than the run can finish before the signal arrives.
    text = SMALL.replace('formats = ["e4m3", "e2m1"]',
                         'formats = ["e4m3", "e2m1", "e3m2", "e2m3", "e5m2", "int8"]'
                         ).replace('k = [64, 256]', 'k = [32, 64, 96, 128, 192, 256]')
    p = tmp_path / "long.toml"
    p.write_text(text)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "mxa.experiment", "run", str(p),
                             "-j", "2", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env())
    total = None
    for line in proc.stdout:   # the event: the first finished point
        m = re.match(r"^\[(\d+)/(\d+)\]", line)
        if m:
            total = int(m.group(2))
            proc.send_signal(signal.SIGINT)
            break
    rest, err = proc.communicate(timeout=120)
    assert total == 72
    assert proc.returncode == 130, err
    assert "interrupted" in err and "rerun to resume" in err
    assert not (out / "results.csv").exists()
    assert not (out / "report.html").exists()
    names = os.listdir(out / "cache")
    assert not [n for n in names if not n.endswith(".json")], names
    for n in names:
        json.loads((out / "cache" / n).read_text())   # every point whole
    done = len(names)
    assert 1 <= done < total
    # the rerun computes only the rest
    r = run_cli("run", str(p), "-j", "2", "--out", str(out))
    assert f"{total} points, {done} cached, {total - done} to compute" in r.stdout
    assert len(_rows(out)[1]) == total
