"""The HTML report in a real browser: loads without errors, every figure
renders, nothing is fetched from outside the file."""
import pytest

import browser


def test_report_renders_in_chromium(small_run):
    if browser.chromium() is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    _, out, _ = small_run
    result, console = browser.probe(str(out / "report.html"))
    assert console == [], console
    assert result["errors"] == []
    assert result["external"] == []
    imgs = result["images"]
    pngs = sorted(p.stem for p in out.glob("*.png"))
    assert len(pngs) >= 3
    assert sorted(i["alt"] for i in imgs) == pngs   # every figure, in the page
    for i in imgs:
        assert i["complete"] and i["width"] > 0, i


def test_probe_sees_a_broken_figure(tmp_path):
    """The check can fail: a figure that does not decode is caught."""
    if browser.chromium() is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    '<img alt="bad" src="data:image/png;base64,AAAA"></body></html>')
    result, _ = browser.probe(str(page))
    assert result["images"] == [{"alt": "bad", "complete": True, "width": 0}]
    assert result["errors"]
