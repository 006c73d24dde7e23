"""The report's own logic: the Pareto front and every figure, from rows
made up here (the figures of a real run are checked in test_run.py and in
the browser)."""
import itertools

from mxa.experiment import report


def test_pareto_front_keeps_only_undominated_points():
    pts = [(10, 0.5), (20, 0.2), (15, 0.6), (30, 0.2), (40, 0.05), (5, 0.9), (5, 0.8)]
    assert report.pareto_front(pts) == [(5, 0.8), (10, 0.5), (20, 0.2), (40, 0.05)]


def _rows():
    rows = []
    fmts = [("e4m3", 8, 0.03), ("e2m1", 4, 0.15)]
    for (f, bits, err), scale, bs, k, (lut, r, c), acc, w in itertools.product(
            fmts, ["mx", "nv"], [16, 32], [64, 256], [(9000, 2, 1), (40000, 8, 2)],
            ["fp32", "trunc"], [10, 14]):
        if acc == "fp32" and w != 10:
            continue
        e = err * (1 + bs / 64) * (1 + (2.0 ** -w) * k if acc == "trunc" else 1)
        rows.append(dict(status="ok", workload="w", layer=f"k{k}", m=16, n=16, k=k,
                         a_format=f, b_format=f, bits_per_element=bits + 8 / bs,
                         scale=scale, block_size=bs, acc=acc,
                         acc_bits=w if acc == "trunc" else 0,
                         acc_interval=128 if acc == "trunc" else 0,
                         rows=r, cols=c, lane_bits=64, formats_built="all",
                         rel_error=e, acc_rel_error=e / 10, lut=lut, cycles=k * 10 // r,
                         utilization=min(1.0, k / 300), macs_per_cycle=r * c * 4.0))
    rows.append(dict(rows[0], task_accuracy=0.95, cost_source="none"))
    return rows


def test_every_figure_is_drawn_from_rows_that_support_it():
    figs = report.figures(_rows())
    assert [n for n, _, _ in figs] == [n for n, _ in report.FIGURES]
    for _, caption, png in figs:
        assert png.startswith(b"\x89PNG") and len(png) > 2000 and caption


def test_no_figure_without_data():
    assert report.figures([dict(status="error", error="x")]) == []
