# SPDX-License-Identifier: MIT
"""mxa.FloatFormat (NumPy) against libmxa's conversions and block rules:
a FloatFormat with a library format's parameters must give its codes."""
import numpy as np
import pytest

import mxa

FLOATS = [f.name for f in mxa.formats() if f.is_float]


def random_floats(rng, fmt, n=200_000):
    """Floats over the whole range of a format and beyond: random bit
    patterns scaled into it, every code value and every midpoint, the
    specials, and values around max normal and the smallest subnormal."""
    f = mxa.format(fmt)
    exps = rng.integers(int(np.log2(f.min_subnormal)) - 3,
                        int(np.log2(f.max_normal)) + 3, n)
    x = rng.uniform(-2, 2, n) * np.exp2(exps)
    vals = f.values().astype(np.float64)
    vals = np.sort(vals[np.isfinite(vals)])
    mids = (vals[1:] + vals[:-1]) / 2
    edge = np.array([f.max_normal, f.min_subnormal, f.min_normal])
    near = np.concatenate([edge * s for s in
                           (1, 1 + 2**-10, 1 - 2**-10, 1.03, 1.07, 1.2, 2)])
    special = [np.inf, -np.inf, np.nan, 0.0, -0.0, 3e38, -3e38, 1e-45]
    x = np.concatenate([x, vals, mids, near, -near, special])
    return x.astype(np.float32)


# Not saturating only where a format has an infinity or a NaN to give.
CONVERSIONS = [(f.name, sat) for f in mxa.formats() if f.is_float
               for sat in (True, False) if sat or f.has_inf or f.has_nan]


@pytest.mark.parametrize("name,saturate", CONVERSIONS)
def test_codes_equal_library(name, saturate, rng):
    f = mxa.format(name)
    x = random_floats(rng, name)
    ff = f.float_format(saturate=saturate)
    lib = mxa.quantize(x, f, saturate=saturate)
    mine = ff.encode(x)
    bad = np.nonzero(lib != mine)[0]
    assert not bad.size, (f"{name}: {bad.size} of {x.size} differ, e.g. "
                          f"x={x[bad[:5]]} lib={lib[bad[:5]]} "
                          f"numpy={mine[bad[:5]]}")
    # Values through the library and through NumPy agree too (NaN = NaN).
    np.testing.assert_array_equal(
        ff.quantize(x).astype(np.float32), mxa.dequantize(lib, f))


def test_parameters_by_hand():
    e4m3 = mxa.FloatFormat(4, 3, specials="fn")
    assert (e4m3.bias, e4m3.max_normal, e4m3.min_subnormal) == \
        (7, 448.0, 2.0**-9)
    fp16 = mxa.FloatFormat(5, 10, specials="ieee")
    x = np.random.default_rng(1).standard_normal(10000) * 100
    np.testing.assert_array_equal(fp16.quantize(x),
                                  x.astype(np.float16).astype(np.float64))
    assert fp16.quantize(np.array([70000.0]))[0] == 65504.0
    assert np.isinf(mxa.FloatFormat(5, 10, specials="ieee", saturate=False)
                    .quantize(np.array([70000.0]))[0])
    for bad in [dict(exp_bits=0, man_bits=2), dict(exp_bits=4, man_bits=3,
                                                   specials="weird")]:
        with pytest.raises(mxa.Error):
            mxa.FloatFormat(**bad)


BLOCK_CASES = [("mx", "floor", False), ("mx", "ceil", False),
               ("nv", "floor", False), ("nv", "floor", True)]


@pytest.mark.parametrize("name", FLOATS)
@pytest.mark.parametrize("scale,rule,g", BLOCK_CASES)
def test_block_rules_equal_library(name, scale, rule, g, rng):
    """fake_quantize_blocks() with a library format's parameters gives the
    values of mxa.quantize_blocks + dequantize_blocks."""
    ff = mxa.format(name).float_format()
    for operand, bs, shape in (("a", 0, (7, 100)), ("b", 8, (45, 5)),
                               ("a", 64, (3, 130))):
        x = (rng.standard_t(3, shape) *
             np.exp2(rng.integers(-20, 20, (shape[0], 1)))).astype(np.float32)
        x[0, :3] = 0                    # a partly zero block
        if operand == "a":
            x[1, :] = 0                 # a row of zero blocks
        codes, scales, g_lib = mxa.quantize_blocks(x, name, scale, operand,
                                                   bs, rule, g)
        want = mxa.dequantize_blocks(codes, scales, name, scale, operand, bs,
                                     g_lib)
        got, svals, g_sw = mxa.fake_quantize_blocks(x, ff, scale, operand, bs,
                                                    rule, g)
        assert g_sw == g_lib
        sfmt = "e8m0" if scale == "mx" else "ue4m3"
        np.testing.assert_array_equal(svals, mxa.dequantize(scales, sfmt))
        np.testing.assert_array_equal(got, want)


def test_block_rules_for_a_format_no_device_has(rng):
    """An FP8 E3M4 finite-only variant: values on its grid, the scale
    divides each block's amax into range, errors shrink with the block."""
    f = mxa.FloatFormat(3, 4, specials="none")
    x = rng.standard_normal((16, 256)).astype(np.float32)
    x[:, 5] *= 100                      # an outlier channel
    errs = []
    for bs in (64, 32, 16, 8):
        v, s, _ = mxa.fake_quantize_blocks(x, f, "mx", "a", bs)
        assert s.shape == (16, 256 // bs)
        q = v / np.repeat(s, bs, axis=1)
        np.testing.assert_array_equal(f.quantize(q), q)     # on the grid
        assert np.abs(q).max() <= f.max_normal
        errs.append(np.abs(v - x).mean())
    assert errs == sorted(errs, reverse=True)
    with pytest.raises(mxa.Error, match="FloatFormat"):
        mxa.fake_quantize_blocks(x, "e4m3")


def test_bf16_and_fp32(rng):
    """Wider formats: BF16 as the library rounds D, FP32 as the identity."""
    from mxa import _lib
    x = (rng.standard_normal(20000) *
         np.exp2(rng.integers(-140, 120, 20000))).astype(np.float32)
    x = np.concatenate([x, np.array([np.inf, -np.inf, 3.4e38, -3.4e38, 1e-45,
                                     -0.0, 0.0], np.float32)])
    bf16 = mxa.FloatFormat(8, 7, specials="ieee", saturate=False)
    want = [_lib.lib.mxa_fp32_to_bf16(float(v)) for v in x]
    np.testing.assert_array_equal(bf16.encode(x), want)
    fp32 = mxa.FloatFormat(8, 23, specials="ieee", saturate=False)
    np.testing.assert_array_equal(fp32.encode(x), x.view(np.uint32))
