# SPDX-License-Identifier: MIT
"""The cycle model: its arguments checked, its structure (peak rate bound,
latency and bandwidth costing cycles, bytes as the hardware counts them),
and its error against the Verilated RTL on held-out jobs run live."""
import pytest

from mxa import hw
from mxa.hw import validate

DEFAULT = hw.HwConfig()
MIN = hw.shipped_configs()["min"]
# docs/codesign.md, "The cycle model": every held-out job within 3%, the
# mean of a set within 1%.
BOUND = 0.03
MEAN_BOUND = 0.01


def test_arguments():
    with pytest.raises(ValueError, match="scale"):
        hw.predict(MIN, 4, 4, 32, "e4m3", "e4m3", scale="xx")
    with pytest.raises(ValueError, match="TRUNC"):
        hw.predict(MIN, 4, 4, 32, "e4m3", "e4m3", acc="trunc")
    with pytest.raises(hw.ConfigError, match="not built"):
        hw.predict(hw.shipped_configs()["subset"], 4, 4, 32, "e5m2", "e4m3")
    with pytest.raises(ValueError, match="block_size"):
        hw.predict(MIN, 4, 4, 32, "e4m3", "e4m3", scale="mx", block_size=12)


def test_k_beyond_k_max_is_split():
    # K_max 256 on min: 600 = 256 + 256 + 88 (whole blocks of 32), the
    # partial D read back as C by the second and third jobs.
    whole = hw.predict(MIN, 8, 8, 600, "e4m3", "e4m3", scale="mx")
    first = hw.predict(MIN, 8, 8, 256, "e4m3", "e4m3", scale="mx")
    later = hw.predict(MIN, 8, 8, 256, "e4m3", "e4m3", scale="mx", c=True)
    last = hw.predict(MIN, 8, 8, 88, "e4m3", "e4m3", scale="mx", c=True)
    assert whole["jobs"] == 3
    assert whole["cycles"] == first["cycles"] + later["cycles"] + last["cycles"]
    assert later["bytes_read"] > first["bytes_read"]       # C
    assert whole["macs"] == 8 * 8 * 600


def test_structure():
    p = hw.predict(DEFAULT, 512, 512, 512, "e4m3", "e4m3", scale="mx")
    assert p["compute_cycles"] == 64 * 256 * 64
    assert p["compute_cycles"] < p["cycles"]
    assert 0.9 < p["utilization"] <= 1.0
    assert p["bytes_written"] == 512 * 512 * 4
    fp4 = hw.predict(DEFAULT, 512, 512, 512, "e2m1", "e2m1", scale="mx")
    assert fp4["compute_cycles"] * 2 == p["compute_cycles"]
    slow = hw.predict(DEFAULT, 64, 64, 512, "e4m3", "e4m3", latency=400)
    fast = hw.predict(DEFAULT, 64, 64, 512, "e4m3", "e4m3", latency=20)
    assert slow["cycles"] > fast["cycles"]
    starved = hw.predict(DEFAULT, 64, 64, 512, "e4m3", "e4m3", bw=4)
    # 4 bytes a cycle of 32-byte beats: the B stream alone needs
    # 8 panels x 64 rows x 512 bytes / 4.
    assert starved["cycles"] > 8 * 64 * 512 / 4
    # Peak rate bounds every prediction.
    for fa, fb in (("e4m3", "e2m1"), ("e2m3", "e2m3"), ("ternary", "int8")):
        q = hw.predict(MIN, 32, 32, 256, fa, fb)
        assert q["utilization"] <= 1.0


def test_write_bound_is_flagged():
    # Short K, eight rows of D a tile: the writes' translations and the
    # writer's turns set the pace, not the array's 4 beats a tile: tiles
    # wait for room in the result queue. Long K: the array sets the pace.
    short = hw.predict(DEFAULT, 16, 256, 32, "e4m3", "e4m3", latency=20)
    long_k = hw.predict(DEFAULT, 16, 256, 1024, "e4m3", "e4m3", latency=20)
    assert short["write_bound"] > 0.5
    assert long_k["write_bound"] == 0
    assert short["cycles"] > 2 * short["compute_cycles"]
    assert short["outside"] == "write_bound" and long_k["outside"] == ""


def test_long_latency_is_flagged():
    # Above 200 cycles of latency the ±3% is not established (codesign.md
    # 9.2): every prediction says so, split along K or not, with the other
    # reasons; up to 200 nothing is added.
    at = {lat: hw.predict(DEFAULT, 64, 64, 256, "e4m3", "e4m3", latency=lat)
          for lat in (200, 201, 400)}
    assert at[200]["outside"] == ""
    assert at[201]["outside"] == "long_latency"
    assert "long_latency" in at[400]["outside"].split("+")
    split = hw.predict(DEFAULT, 8, 8, DEFAULT.max_k * 2, "e4m3", "e4m3",
                       latency=400)
    assert split["jobs"] == 2 and split["outside"] == "long_latency"
    both = hw.predict(DEFAULT, 16, 256, 32, "e4m3", "e4m3", latency=400)
    assert both["outside"] == "write_bound+long_latency"


def test_bytes_match_the_rtl():
    # Bytes read (operands, page tables) and written as the device counts.
    job = dict(config="min", m=7, n=5, k=100, a_format="e2m3",
               b_format="e2m1", scale="mx", latency=50, bw=None)
    r = validate.measure_one(job)
    assert r["bytes_read"] == r["predicted_bytes_read"]
    assert r["bytes_written"] == r["predicted_bytes_written"]


def test_held_out_jobs_within_bound():
    """Held-out jobs (seed 3: not the calibration's seeds 1, 4 and 5, nor
    seed 2 of the published table), live on the RTL of both shipped
    configurations: every one within the bound, their mean within
    MEAN_BOUND. About 5-15 s."""
    jobs = (validate.points(3, "min", 14, 60000)
            + validate.points(3, "default", 6, 25000))
    rows = validate.run(jobs)
    bad = [r for r in rows if abs(r["error"]) > BOUND]
    for r in rows:
        print(f"{validate.spec_of(r)} {r['m']}x{r['n']}x{r['k']} "
              f"{r['a_format']}x{r['b_format']} {r['scale']}: "
              f"{r['measured']} measured, {r['predicted']} predicted, "
              f"{100 * r['error']:+.1f}%")
    assert not bad, f"outside ±{BOUND:.0%}: {bad}"
    mean = sum(abs(r["error"]) for r in rows) / len(rows)
    assert mean <= MEAN_BOUND, f"mean error {mean:.1%}"
