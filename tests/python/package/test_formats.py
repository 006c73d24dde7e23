# SPDX-License-Identifier: MIT
"""The format table: Python's list is libmxa's, which is the TOML's; every
code's value against the library, the tool and an independent formula."""
import math
import tomllib

import numpy as np
import pytest

import mxa
from conftest import REPO


def toml_formats():
    with open(REPO / "hw" / "interface" / "mxa_formats.toml", "rb") as f:
        return tomllib.load(f)["format"]


def test_format_list_is_the_toml_list():
    toml = toml_formats()
    assert [(f.name, f.value, f.role) for f in mxa.formats(None)] == \
        sorted([(t["name"].lower(), t["value"], t["role"]) for t in toml],
               key=lambda x: x[1])
    assert [f.name for f in mxa.formats()] == \
        [t["name"].lower() for t in sorted(toml, key=lambda t: t["value"])
         if t["role"] == "element"]


@pytest.mark.parametrize("t", toml_formats(), ids=lambda t: t["name"])
def test_format_parameters_match_toml(t):
    f = mxa.format(t["name"].lower())
    assert f.value == t["value"] and f.role == t["role"]
    assert f.bits == t["bits"]
    if t["encoding"] == "float":
        assert (f.exp_bits, f.man_bits, f.bias) == \
            (t["exp_bits"], t["man_bits"], t["bias"])
        assert f.has_inf == (t["specials"] == "ieee")
        assert f.has_nan == (t["specials"] != "none")
        if t["role"] == "element":
            assert f.float_format().specials == t["specials"]


def test_lookup_by_name_value_and_errors():
    assert mxa.format("E4M3") is mxa.format(1) is mxa.format(mxa.format(1))
    with pytest.raises(mxa.Error) as e:
        mxa.format("e9m9")
    assert e.value.errno == 22
    assert str(e.value).startswith("unknown format 'e9m9' (e5m2, e4m3")
    with pytest.raises(mxa.Error) as e:
        mxa.format(31)
    assert str(e.value) == "unknown format 31"
    with pytest.raises(mxa.Error, match="role 'weird'"):
        mxa.formats("weird")


@pytest.mark.parametrize("f", [f for f in mxa.formats(None)
                               if f.role != "output"], ids=str)
def test_codes_and_values_against_library_and_tool(f, tool, tmp_path):
    codes = f.codes()
    values = f.values()
    assert len(codes) and np.all(np.diff(codes.astype(int)) > 0)
    # The array conversion of the library gives the same values...
    np.testing.assert_array_equal(mxa.dequantize(codes, f), values)
    # ... and so does the tool, through .npy files.
    np.save(tmp_path / "c.npy", codes)
    tool("dequantize", "--format", f.name, "c.npy", "v.npy")
    np.testing.assert_array_equal(np.load(tmp_path / "v.npy"), values)
    # Codes outside the list are refused with the library's message.
    bad = sorted(set(range(256)) - set(codes.tolist()))
    if bad:
        with pytest.raises(mxa.Error, match=f.name.split("_")[0]):
            mxa.dequantize(np.array(bad[:1], np.uint8), f)
    finite = values[np.isfinite(values)]
    assert finite.max() == f.max_normal
    assert finite[finite > 0].min() == f.min_subnormal


@pytest.mark.parametrize("f", [f for f in mxa.formats() if f.is_float],
                         ids=str)
def test_float_values_by_formula(f):
    """Each float code's value from the sign-exponent-mantissa formula of
    docs/numerics.md section 1 (FloatFormat.decode) and the library's."""
    ff = f.float_format()
    codes = f.codes()
    assert len(codes) == 1 << f.bits
    np.testing.assert_array_equal(ff.decode(codes).astype(np.float32),
                                  f.values())
    assert ff.max_normal == f.max_normal
    assert ff.min_normal == f.min_normal
    assert ff.min_subnormal == f.min_subnormal


def test_integer_and_ternary_values():
    np.testing.assert_array_equal(mxa.format("int8").values(),
                                  list(range(0, 128)) + list(range(-128, 0)))
    np.testing.assert_array_equal(mxa.format("int8").values(scaled=True),
                                  np.array(list(range(0, 128)) +
                                           list(range(-128, 0))) / 64)
    np.testing.assert_array_equal(mxa.format("int4").values(scaled=True),
                                  np.array(list(range(8)) +
                                           list(range(-8, 0))) / 4)
    assert mxa.format("ternary").codes().tolist() == [0, 1, 3]
    assert mxa.format("ternary").values().tolist() == [0, 1, -1]
    assert math.isnan(mxa.format("e8m0").values()[-1])
