# SPDX-License-Identifier: MIT
"""HwConfig: parameters checked, the key stable and sensitive to each
parameter, the shipped configurations read from sim/top.mk."""
import pytest

from mxa import hw

MIN = dict(rows=2, cols=1, lane_bits=32, data_bits=64, buf_depth=64,
           trunc=False)


def test_key_is_stable():
    # A fixed value: the key must not change between runs, machines or
    # versions of this package while the parameters mean the same build
    # (caches on shared file systems depend on it).
    assert hw.HwConfig().key == hw.HwConfig(rows=8, cols=2).key
    assert hw.HwConfig(**MIN, formats=["e4m3", "e2m1"]).key == \
        "2x1x32-" + hw.HwConfig(**MIN, formats=["e2m1", "E4M3"]).key[7:]
    key = hw.HwConfig(**MIN, formats=["e4m3", "e2m1"]).key
    assert key.startswith("2x1x32-") and len(key) == 17


def test_key_pinned():
    assert hw.HwConfig(rows=2, cols=2, lane_bits=32, data_bits=64,
                       buf_depth=64, trunc=False,
                       formats=["e4m3", "e2m1"]).key == "2x2x32-326c7d689b"


def test_key_follows_each_parameter():
    base = hw.HwConfig(**MIN)
    keys = {base.key}
    for change in (dict(rows=4), dict(cols=2), dict(lane_bits=16),
                   dict(data_bits=128), dict(buf_depth=128), dict(trunc=True),
                   dict(formats=["e4m3"])):
        keys.add(hw.HwConfig(**{**MIN, **change}).key)
    assert len(keys) == 8


def test_all_formats_is_the_list_of_all():
    names = list(hw.element_formats())
    assert hw.HwConfig(formats=None).key == hw.HwConfig(formats=names).key
    assert hw.HwConfig(formats=None).format_names == tuple(names)


@pytest.mark.parametrize("bad, word", [
    (dict(rows=0), "rows"), (dict(lane_bits=48), "lane_bits"),
    (dict(lane_bits=512, data_bits=256), "lane_bits"),
    (dict(lane_bits=256, data_bits=256), "lane_bits"),
    (dict(data_bits=1024), "data_bits"), (dict(buf_depth=8), "buf_depth"),
    (dict(formats=["e9m9"]), "unknown element format 'e9m9'"),
    (dict(formats=["e8m0"]), "unknown element format"),
    (dict(formats=[]), "at least one"), (dict(formats="e4m3"), "list"),
])
def test_bad_parameters(bad, word):
    with pytest.raises(hw.ConfigError, match=word):
        hw.HwConfig(**bad)


def test_shipped_configs_from_sim_top_mk():
    shipped = hw.shipped_configs()
    assert shipped["default"] == hw.HwConfig()
    assert shipped["min"] == hw.HwConfig(**MIN)
    assert set(shipped["subset"].format_names) == {"e4m3", "e2m1", "e2m2",
                                                   "int4"}
    assert hw.shipped_name(hw.HwConfig(**MIN)) == "min"
    assert hw.shipped_name(hw.HwConfig(**{**MIN, "rows": 4})) is None


def test_rates():
    cfg = hw.HwConfig()
    assert cfg.rate("e4m3", "e4m3") == 8
    assert cfg.rate("e2m1", "e2m1") == 16
    # Rounded up: FP6 blocks of 32 in three beats of 66 bits.
    assert cfg.rate("e2m3", "e2m1") == 11
    assert cfg.rate("e2m2", "e2m2") == 13
    assert cfg.rate("ternary", "ternary") == 32
    assert cfg.rate("ternary", "e2m1") == 16
    assert cfg.max_k == 4096
    with pytest.raises(hw.ConfigError, match="not built"):
        hw.HwConfig(formats=["e4m3"]).rate("e4m3", "e2m1")
