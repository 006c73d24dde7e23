# SPDX-License-Identifier: MIT
"""area(): Yosys synth_xilinx of the minimal configuration, through the
cache (the first run synthesizes: about 2 minutes of CPU and 1.9 GB; later
runs read the cached result)."""
import time

from mxa import hw
from mxa.hw import cache

MIN = hw.HwConfig(rows=2, cols=1, lane_bits=32, data_bits=64, buf_depth=64,
                  trunc=False)


def test_area_of_min():
    t0 = time.monotonic()
    a = hw.area(MIN)
    print(f"area {MIN.key}: {time.monotonic() - t0:.1f} s here, the "
          f"synthesis took {a['seconds']} s")
    # What the minimal build holds (docs/codesign.md): two units without
    # TRUNC, the shell, the engine; little or no block RAM at BufDepth 64
    # (its operand memories are small enough for LUTRAM).
    assert 10000 < a["lut"] < 100000
    assert 2000 < a["ff"] < 50000
    assert 0 < a["dsp"] < 200
    assert a["lutram"] > 0
    assert a["bram"] <= 4
    assert a["carry4"] > 0
    assert 5 < a["logic_levels"] < 1000
    assert a["key"] == MIN.key
    assert "not a timing analysis" in a["estimate_note"]
    # Cached: the second call reads the result.
    t0 = time.monotonic()
    assert hw.area(MIN) == a
    assert time.monotonic() - t0 < 5
    stored = cache.read_json(f"{cache.key_dir(MIN.key)}/area.json")
    assert stored["sources"] == cache.sources_hash()
    assert stored["config"] == MIN.params()
