"""publish: a run's figures into the docs' folder and its table between
the markers of its name."""
import json

import pytest

from mxa.experiment import publish, report


def _run(tmp_path, name, points):
    d = tmp_path / name
    d.mkdir()
    (d / "results.json").write_text(json.dumps({
        "experiment": {"name": name}, "columns": report.COLUMNS, "points": points,
        "excluded": []}))
    (d / "error_by_format.png").write_bytes(b"\x89PNG fake")
    return d


def _point(**kw):
    p = {c: None for c in report.COLUMNS}
    p.update(status="ok", workload="w", a_format="e4m3", b_format="e4m3", scale="mx",
             block_size=32, acc="fp32", acc_bits=0, acc_interval=0, rows=8, cols=2,
             lane_bits=64, formats_built="all", a_bits=8, k=64, cost_source="rtl",
             rel_error=0.05, cycles=100, tensor_scale=0)
    p.update(kw)
    return p


def test_tables_and_figures_go_between_the_markers(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("intro\n<!-- BEGIN GENERATED results a -->\nold\n"
                   "<!-- END GENERATED results a -->\nmiddle\n")
    run = _run(tmp_path, "a", [_point(), _point(a_format="e2m1", b_format="e2m1",
                                            block_size=16, rel_error=0.2)])
    publish.publish([str(run)], str(doc), str(tmp_path / "figs"))
    text = doc.read_text()
    assert text.startswith("intro\n") and text.endswith("middle\n") and "old" not in text
    assert "| e4m3 | 8 |" in text and "0.05" in text and "0.2" in text   # formats x scaling
    assert "![error_by_format](figs/a/error_by_format.png)" in text
    assert (tmp_path / "figs" / "a" / "error_by_format.png").read_bytes() == b"\x89PNG fake"


def test_a_run_without_its_section_is_an_error(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("nothing\n")
    run = _run(tmp_path, "b", [_point()])
    with pytest.raises(ValueError, match="no '<!-- BEGIN GENERATED results b -->'"):
        publish.publish([str(run)], str(doc), str(tmp_path / "figs"))
    assert doc.read_text() == "nothing\n"
