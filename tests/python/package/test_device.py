# SPDX-License-Identifier: MIT
"""Devices and matmul jobs: emu against exact NumPy references and the
tool, sim bit for bit against emu with its statistics, errors."""
import errno
import math

import numpy as np
import pytest

import mxa
from mxa import _lib


def codes_of(rng, fmt, shape):
    return rng.choice(mxa.format(fmt).codes(), shape).astype(np.uint8)


def finite_codes(rng, fmt, shape):
    f = mxa.format(fmt)
    ok = f.codes()[np.isfinite(f.values())]
    return rng.choice(ok, shape).astype(np.uint8)


def test_emu_int8_is_exact(emu, rng):
    # |sum| <= 20 x 128^2 < 2^24: every partial sum is exact in float32.
    a = rng.integers(-128, 128, (9, 20))
    b = rng.integers(-128, 128, (20, 7))
    c = rng.integers(-1000, 1000, (9, 7)).astype(np.float32)
    r = emu.matmul(a.astype(np.int8), b.astype(np.int8), "int8", "int8", c=c)
    np.testing.assert_array_equal(r.d, (a @ b + c).astype(np.float32))
    assert r.d.dtype == np.float32 and r.stats == mxa.Stats()
    # uint8 two's complement codes are the same operands.
    r2 = emu.matmul(a.astype(np.int8).view(np.uint8),
                    b.astype(np.int8).view(np.uint8), "int8", "int8", c=c)
    np.testing.assert_array_equal(r2.d, r.d)


def exact_product(a, b, fa, fb):
    """fl32 of the exact products' sums of codes a (M, K) and b (K, N):
    math.fsum rounds each sum once, to double, which is exact here (the
    products' units and range fit 53 bits); then to float."""
    va = mxa.dequantize(a, fa).astype(np.float64)
    vb = mxa.dequantize(b, fb).astype(np.float64)
    return np.array([[math.fsum(va[i] * vb[:, j])
                      for j in range(vb.shape[1])]
                     for i in range(va.shape[0])]).astype(np.float32)


@pytest.mark.parametrize("fa,fb", [("e4m3", "e2m1"), ("e5m2", "e3m2"),
                                   ("e2m3", "int4"), ("e4m3", "e4m3")])
def test_emu_one_rounding_per_block(emu, fa, fb, rng):
    """K within one block of 32: D = fl32(exact sum); the float64 sum of
    these products is exact (their units and range fit 53 bits)."""
    a = finite_codes(rng, fa, (6, 32))
    b = finite_codes(rng, fb, (32, 5))
    r = emu.matmul(a, b, fa, fb)
    np.testing.assert_array_equal(r.d, exact_product(a, b, fa, fb))


def test_emu_exact_accumulation(emu, rng):
    a = finite_codes(rng, "e4m3", (4, 200))
    b = finite_codes(rng, "e4m3", (200, 3))
    r = emu.matmul(a, b, "e4m3", "e4m3", acc="exact")
    np.testing.assert_array_equal(r.d, exact_product(a, b, "e4m3", "e4m3"))


def test_bf16_output(emu, rng):
    a = finite_codes(rng, "e4m3", (5, 64))
    b = finite_codes(rng, "e4m3", (64, 6))
    d32 = emu.matmul(a, b, "e4m3", "e4m3").d
    d16 = emu.matmul(a, b, "e4m3", "e4m3", out_format="bf16").d
    want = np.array([_lib.lib.mxa_fp32_to_bf16(float(x)) for x in d32.flat],
                    dtype=np.uint32) << 16
    np.testing.assert_array_equal(d16.view(np.uint32).ravel(), want)
    # Round to nearest even on the upper 16 bits, by integer arithmetic.
    u = d32.view(np.uint32).astype(np.uint64)
    rne = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) << 16
    np.testing.assert_array_equal(d16.view(np.uint32).ravel(), rne.ravel())


def test_scaled_job_equals_tool(emu, tool, tmp_path, rng):
    x = rng.standard_normal((7, 96)).astype(np.float32)
    w = rng.standard_normal((96, 9)).astype(np.float32)
    ca, sa, _ = mxa.quantize_blocks(x, "e4m3", "mx", "a")
    cb, sb, _ = mxa.quantize_blocks(w, "e2m1", "mx", "b")
    d = emu.matmul(ca, cb, "e4m3", "e2m1", scale="mx", a_scale=sa,
                   b_scale=sb).d
    for name, arr in (("a", ca), ("sa", sa), ("b", cb), ("sb", sb)):
        np.save(tmp_path / f"{name}.npy", arr)
    tool("matmul", "--device", "emu", "--a-format", "e4m3", "--b-format",
         "e2m1", "--scale", "mx", "--a", "a.npy", "--a-scale", "sa.npy",
         "--b", "b.npy", "--b-scale", "sb.npy", "--out", "d.npy")
    np.testing.assert_array_equal(np.load(tmp_path / "d.npy"), d)


@pytest.mark.parametrize("recipe", [
    mxa.Recipe("e4m3", "e4m3"),
    mxa.Recipe("e4m3", "e2m1", scale="mx"),
    mxa.Recipe("e2m1", "e2m1", scale="nv", tensor_scale=True),
    mxa.Recipe("int8", "int8", scale="mx", block_size=16, rule="ceil"),
    mxa.Recipe("e4m3", "e4m3", scale="mx", acc="trunc", acc_bits=20),
], ids=str)
def test_matmul_float(emu, recipe, rng):
    x = rng.standard_normal((8, 128)).astype(np.float32)
    w = rng.standard_normal((128, 10)).astype(np.float32) / 10
    r = emu.matmul_float(x, w, recipe)
    # The same job by hand from quantize_operand.
    ca, sa, ga = mxa.quantize_operand(x, recipe, "a")
    cb, sb, gb = mxa.quantize_operand(w, recipe, "b")
    kw = {}
    if recipe.tensor_scale:
        kw = dict(a_tensor_scale=ga, b_tensor_scale=gb)
    d = emu.matmul(ca, cb, recipe.a_format, recipe.b_format,
                   scale=recipe.scale, a_scale=sa, b_scale=sb,
                   block_size=recipe.block_size, acc=recipe.acc,
                   acc_bits=recipe.acc_bits, **kw).d
    np.testing.assert_array_equal(r.d, d)
    # And close to the float product (relative to its scale).
    ref = x.astype(np.float64) @ w
    err = np.abs(r.d - ref).max() / np.abs(ref).max()
    bound = {"e4m3": 0.08, "e2m1": 0.4, "int8": 0.02}[recipe.b_format]
    assert err < bound, f"{recipe}: error {err}"


def test_emu_info(emu):
    i = emu.info
    assert i.backend == "emu" and not i.simulated
    assert i.formats == [f.name for f in mxa.formats()]
    assert i.scale_modes == ["none", "mx", "nv"]
    assert i.acc_modes == ["fp32", "trunc", "exact"]
    assert i.block_sizes == [8, 16, 32, 64]
    assert i.out_formats == ["bf16", "fp32"]
    assert i.peak_macs("e4m3", "e2m1") == 0


def test_errors(emu, rng):
    a = codes_of(rng, "e4m3", (4, 8))
    b = codes_of(rng, "e4m3", (8, 3))
    with pytest.raises(mxa.Error) as e:
        emu.matmul(a, b, "e4m9", "e4m3")
    assert e.value.errno == errno.EINVAL
    assert str(e.value).startswith("unknown format 'e4m9' (e5m2, ")
    with pytest.raises(mxa.Error, match=r"b: shape \(7, 3\): expected "
                                        r"\(K, N\) = \(8, N\)"):
        emu.matmul(a, b[:7], "e4m3", "e4m3")
    with pytest.raises(mxa.Error, match="a: shape"):
        emu.matmul(a[0], b, "e4m3", "e4m3")
    with pytest.raises(mxa.Error, match=r"a_scale: uint8 \(4, 2\): expected "
                                        r"uint8 \(4, 1\)"):
        emu.matmul(a, b, "e4m3", "e4m3", scale="mx",
                   a_scale=np.zeros((4, 2), np.uint8),
                   b_scale=np.zeros((1, 3), np.uint8))
    with pytest.raises(mxa.Error, match="needs a_scale and b_scale"):
        emu.matmul(a, b, "e4m3", "e4m3", scale="nv")
    with pytest.raises(mxa.Error, match="c: shape"):
        emu.matmul(a, b, "e4m3", "e4m3", c=np.zeros((3, 4), np.float32))
    t = np.zeros((4, 8), np.uint8)
    t[2, 5] = 2
    with pytest.raises(mxa.Error, match="^a row 2: pack: invalid ternary code "
                                        "0x02 at index 5$"):
        emu.matmul(t, b, "ternary", "e4m3")
    # What only the library checks: its message comes through unchanged.
    with pytest.raises(mxa.Error) as e:
        emu.matmul(a, b, "e4m3", "e4m3", acc="trunc", acc_bits=40)
    assert e.value.errno == errno.EINVAL and str(e.value) == \
        _lib.last_error() and "40" in str(e.value)
    with pytest.raises(mxa.Error) as e:
        mxa.Device("sim:config=nope")
    assert "config=nope" in str(e.value)
    dev = mxa.Device("emu")
    dev.close()
    with pytest.raises(mxa.Error, match="closed"):
        dev.matmul(a, b, "e4m3", "e4m3")


def sim_jobs(rng):
    """(args, kwargs) of matmul jobs covering the modes of the min config."""
    m, n, k = 5, 3, 80
    a = finite_codes(rng, "e4m3", (m, k))
    b2 = finite_codes(rng, "e2m1", (k, n))
    i8a = codes_of(rng, "int8", (m, k))
    i8b = codes_of(rng, "int8", (k, n))
    x = rng.standard_normal((m, k)).astype(np.float32)
    w = rng.standard_normal((k, n)).astype(np.float32)
    ca, sa, ga = mxa.quantize_blocks(x, "e2m1", "nv", "a", tensor_scale=True)
    cb, sb, gb = mxa.quantize_blocks(w, "e2m1", "nv", "b", tensor_scale=True)
    c = rng.standard_normal((m, n)).astype(np.float32)
    return [
        ((a, b2, "e4m3", "e2m1"), {}),
        ((i8a, i8b, "int8", "int8"), dict(out_format="bf16", c=c)),
        ((ca, cb, "e2m1", "e2m1"), dict(scale="nv", a_scale=sa, b_scale=sb,
                                        a_tensor_scale=ga,
                                        b_tensor_scale=gb)),
        ((a, b2, "e4m3", "e2m1"), dict(acc="exact")),
    ]


def test_sim_equals_emu_with_stats(sim_min, emu, rng):
    for args, kw in sim_jobs(rng):
        want = emu.matmul(*args, **kw)
        got = sim_min.matmul(*args, **kw)
        np.testing.assert_array_equal(got.d.view(np.uint32),
                                      want.d.view(np.uint32))
        m, k = args[0].shape
        n = args[1].shape[1]
        s = got.stats
        assert s.cycles > 0 and s.bytes_read > 0
        assert s.macs == m * n * k
        esize = 2 if kw.get("out_format") == "bf16" else 4
        assert s.bytes_written == m * n * esize
        assert s.dma_stall_cycles + s.compute_stall_cycles > 0
        assert s.cycles >= s.dma_stall_cycles


def test_sim_info_and_limits(sim_min, rng):
    i = sim_min.info
    assert i.backend == "sim" and i.simulated
    assert (i.array_rows, i.array_cols, i.lane_bits) == (2, 1, 32)
    assert "trunc" not in i.acc_modes
    assert i.lane_elems["e4m3"] == 4 and i.lane_elems["e2m1"] == 8
    assert i.peak_macs("e4m3", "e2m1") == 2 * 1 * 4
    # K beyond the device: a libmxa that cannot split the job refuses it
    # with its message; one that splits must give the emulator's bits.
    k = i.max_k + 1
    a = finite_codes(rng, "e4m3", (2, k))
    b = finite_codes(rng, "e4m3", (k, 2))
    try:
        d = sim_min.matmul(a, b, "e4m3", "e4m3").d
    except mxa.Error as e:
        assert e.errno == errno.EINVAL
        assert str(e) == _lib.last_error()
        assert str(k) in str(e)          # it names the K refused
    else:
        with mxa.Device("emu") as emu:
            np.testing.assert_array_equal(d, emu.matmul(a, b, "e4m3",
                                                        "e4m3").d)


def test_drm_equals_emu(drm, emu, rng):
    assert drm.info.backend == "drm"
    for args, kw in sim_jobs(rng):
        got = drm.matmul(*args, **kw)
        np.testing.assert_array_equal(got.d, emu.matmul(*args, **kw).d)
