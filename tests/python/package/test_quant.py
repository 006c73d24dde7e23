# SPDX-License-Identifier: MIT
"""Element-wise and block quantization, packing: round trips, and the
library through Python against the mxa tool."""
import numpy as np
import pytest

import mxa

ELEMENTS = [f.name for f in mxa.formats()]


@pytest.mark.parametrize("name", ELEMENTS + ["e8m0", "ue4m3"])
def test_round_trip_of_every_code(name):
    f = mxa.format(name)
    codes = f.codes()
    values = f.values()
    finite = np.isfinite(values)
    back = mxa.quantize(values[finite], f, saturate=not f.has_inf,
                        round="rz" if name == "e8m0" else "rne")
    np.testing.assert_array_equal(back, codes[finite])


def test_quantize_options_and_shapes(rng):
    x = rng.standard_normal((3, 4, 5)).astype(np.float32) * 1e3
    c = mxa.quantize(x, "e4m3")
    assert c.shape == x.shape and c.dtype == np.uint8
    rz = mxa.dequantize(mxa.quantize(x, "e4m3", round="rz"), "e4m3")
    assert np.all(np.abs(rz) <= np.abs(x))
    assert mxa.quantize([1e6], "e5m2", saturate=False)[0] == 0x7C   # +inf
    assert mxa.quantize([3.0], "e8m0", round="ru")[0] == 127 + 2
    assert mxa.quantize([3.0], "e8m0")[0] == 127 + 1                 # rz
    with pytest.raises(mxa.Error, match="round 'up'"):
        mxa.quantize(x, "e4m3", round="up")
    with pytest.raises(mxa.Error) as e:
        mxa.quantize(x, "e4m3", round="ru")      # refused by the library
    assert e.value.errno == 22 and "e4m3" in str(e.value)
    with pytest.raises(mxa.Error, match="output format"):
        mxa.quantize(x, "bf16")


@pytest.mark.parametrize("name", ELEMENTS + ["e8m0"])
def test_pack_unpack_round_trip(name, rng):
    f = mxa.format(name)
    codes = f.codes()
    for k in (1, 5, 8, 13, 40):
        c = rng.choice(codes, (3, 2, k)).astype(np.uint8)
        p = mxa.pack(c, f)
        assert p.shape[:-1] == c.shape[:-1]
        per_byte = 5 if name == "ternary_b3" else None
        want = -(-k // per_byte) if per_byte else -(-k * f.bits // 8)
        assert p.shape[-1] == want
        np.testing.assert_array_equal(mxa.unpack(p, f, k), c)


def test_pack_layouts_by_hand():
    # e2m1: low nibble first; 6-bit: little-endian bit string; base 3.
    assert mxa.pack(np.array([[1, 2, 3]], np.uint8), "e2m1").tolist() == \
        [[0x21, 0x03]]
    assert mxa.pack(np.array([0x3F, 0, 0, 0], np.uint8), "e3m2").tolist() \
        == [0x3F, 0, 0]
    assert mxa.pack(np.array([1, 3, 0, 0, 1], np.uint8),
                    "ternary_b3").tolist() == [1 + 3 * 2 + 81 * 1]
    with pytest.raises(mxa.Error, match="ternary code 0x02 at index 1"):
        mxa.pack(np.array([0, 2], np.uint8), "ternary")
    with pytest.raises(mxa.Error, match="rows of 3 bytes"):
        mxa.unpack(np.zeros((2, 3), np.uint8), "e4m3", 4)


# Every rule with every block size (0: the mode's own, 32 or 16).
SCALINGS = ([("mx", rule, False, bs) for rule in ("floor", "ceil")
             for bs in (0, 8, 16, 64)] +
            [("nv", "floor", g, bs) for g in (False, True)
             for bs in (0, 8, 32, 64)])


@pytest.mark.parametrize("name", ["e4m3", "e2m1", "int8", "e3m2"])
@pytest.mark.parametrize("scale,rule,g,bs", SCALINGS)
@pytest.mark.parametrize("operand", ["a", "b"])
def test_quantize_blocks_equals_tool(name, scale, rule, g, bs, operand, rng,
                                     tool, tmp_path):
    shape = (5, 70) if operand == "a" else (70, 5)
    x = (rng.laplace(size=shape) *
         np.exp2(rng.integers(-8, 8, shape))).astype(np.float32)
    codes, scales, g_py = mxa.quantize_blocks(x, name, scale, operand, bs,
                                              rule, g)
    nb = -(-70 // (bs or (32 if scale == "mx" else 16)))
    assert scales.shape == ((5, nb) if operand == "a" else (nb, 5))
    np.save(tmp_path / "x.npy", x)
    args = ["quantize", "--format", name, "--scale", scale, "--operand",
            operand, "x.npy", "c.npy", "s.npy"]
    if bs:
        args += ["--block-size", bs]
    if scale == "mx":
        args += ["--rule", rule]
    if g:
        args += ["--tensor-scale"]
    out = tool(*args)
    np.testing.assert_array_equal(np.load(tmp_path / "c.npy"), codes)
    np.testing.assert_array_equal(np.load(tmp_path / "s.npy"), scales)
    assert np.float32(out) == np.float32(g_py) if g else g_py == 1.0
    # Dequantized, each block comes back within the format's relative step
    # of its amax (or the saturation of the floor rule, 448 of 512, and of
    # ue4m3 scales rounded down).
    v = mxa.dequantize_blocks(codes, scales, name, scale, operand, bs, g_py)
    assert v.shape == x.shape
    axis = 1 if operand == "a" else 0
    rel = np.abs(v - x).max(axis) / np.abs(x).max(axis)
    assert rel.max() < {"e4m3": 0.13, "e2m1": 0.34, "int8": 0.07,
                        "e3m2": 0.13}[name]


def test_quantize_blocks_errors(rng):
    x = rng.standard_normal((4, 32)).astype(np.float32)
    with pytest.raises(mxa.Error, match="ceil rule is for mx"):
        mxa.quantize_blocks(x, "e4m3", "nv", "a", rule="ceil")
    with pytest.raises(mxa.Error, match="per-tensor scale needs nv"):
        mxa.quantize_blocks(x, "e4m3", "mx", "a", tensor_scale=True)
    with pytest.raises(mxa.Error, match="block_size 12"):
        mxa.quantize_blocks(x, "e4m3", "mx", "a", block_size=12)
    with pytest.raises(mxa.Error, match="not an element format"):
        mxa.quantize_blocks(x, "e8m0", "mx", "a")
    with pytest.raises(mxa.Error, match=r"expected a matrix \(K, N\)"):
        mxa.quantize_blocks(x[0], "e4m3", "mx", "b")
    with pytest.raises(mxa.Error, match="scale must be 'mx' or 'nv'"):
        mxa.quantize_blocks(x, "e4m3", "none", "a")
    with pytest.raises(mxa.Error, match="operand 'c'"):
        mxa.quantize_blocks(x, "e4m3", "mx", "c")
    c, s, g = mxa.quantize_blocks(x, "e4m3", "mx", "a")
    with pytest.raises(mxa.Error, match=r"expected \(4, 1\)"):
        mxa.dequantize_blocks(c, s[:2], "e4m3", "mx", "a")


def test_block_of_nan_gets_nan_scale():
    x = np.ones((2, 32), np.float32)
    x[1, 3] = np.nan
    c, s, _ = mxa.quantize_blocks(x, "e4m3", "mx", "a")
    assert s[:, 0].tolist() == [127 - 8, 0xFF] and not c[1].any()
    v = mxa.dequantize_blocks(c, s, "e4m3", "mx", "a")
    assert np.isnan(v[1]).all() and (v[0] == 1).all()


def test_recipe_and_quantize_operand(rng):
    r = mxa.Recipe("E4M3", "e2m1", scale="nv", tensor_scale=True)
    assert (r.a_format, r.b_format) == ("e4m3", "e2m1")
    x = rng.standard_normal((3, 40)).astype(np.float32)
    c, s, g = mxa.quantize_operand(x, r, "a")
    c2, s2, g2 = mxa.quantize_blocks(x, "e4m3", "nv", "a", tensor_scale=True)
    assert (c == c2).all() and (s == s2).all() and g == g2 != 1.0
    c, s, g = mxa.quantize_operand(x.T, mxa.Recipe("int8", "int8"), "b")
    assert s is None and g == 1.0 and (c == mxa.quantize(x.T, "int8")).all()
    for bad, msg in ((dict(scale="mx", tensor_scale=True), "needs scale 'nv'"),
                     (dict(scale="nv", rule="ceil"), "for scale 'mx' only"),
                     (dict(block_size=16), "need scale 'mx' or 'nv'"),
                     (dict(acc="kulisch"), "acc 'kulisch'"),
                     (dict(a_format="e8m0"), "not an element format")):
        with pytest.raises(mxa.Error, match=msg):
            mxa.Recipe(**{"a_format": "e4m3", "b_format": "e4m3", **bad})


def test_code_arguments():
    # Lists of codes, signed values of the integer formats, refusals.
    assert mxa.pack([1, 2, 3], "e2m1").tolist() == [0x21, 0x03]
    assert mxa.dequantize([-1, 3], "int8").tolist() == [-1.0, 3.0]
    assert mxa.dequantize(np.array([-8, 7], np.int8), "int4").tolist() == \
        [-8.0, 7.0]
    with pytest.raises(mxa.Error, match="int4 values must be -8 to 7"):
        mxa.dequantize(np.array([8], np.int8), "int4")
    with pytest.raises(mxa.Error, match="codes must be 0 to 255"):
        mxa.pack([300], "e4m3")
    with pytest.raises(mxa.Error, match="dtype float64, expected uint8"):
        mxa.dequantize(np.array([1.5]), "e4m3")
    with pytest.raises(mxa.Error) as e:
        mxa.dequantize(np.array([0x80], np.uint8), "ue4m3")
    assert "ue4m3" in str(e.value) and e.value.errno == 22
