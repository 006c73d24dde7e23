# SPDX-License-Identifier: MIT
"""Quantization through libmxa: element-wise conversions, block scales,
packing (docs/numerics.md sections 3, 4 and 6), quantization recipes, and
fake_quantize_blocks(), the same block rules in NumPy for FloatFormat (a
software study: no device computes in such formats)."""
import ctypes
import dataclasses

import numpy as np

from . import _lib
from .errors import Error, invalid
from .formats import FloatFormat, element_format, format as _format
from .recipe_params import RecipeParams

OPERANDS = ("a", "b")


def _choice(name, value, table):
    if value not in table:
        raise invalid(f"{name} {value!r}: expected one of "
                      f"{', '.join(table)}")
    return table[value]


def _float32(x, what="x"):
    try:
        a = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError) as e:
        raise invalid(f"{what}: not convertible to float32 ({e})") from None
    return np.ascontiguousarray(a)


def _codes_u8(codes, fmt, what="codes"):
    """uint8 codes; int8 and int4 also from signed integer values."""
    a = np.asarray(codes)
    if a.dtype == np.uint8:
        return np.ascontiguousarray(a)
    if a.dtype.kind == "i" and fmt.name.startswith("int"):
        # Signed integers are int8/int4 values, stored as two's complement.
        lo, hi = -(1 << (fmt.bits - 1)), (1 << (fmt.bits - 1)) - 1
        if a.size and (a.min() < lo or a.max() > hi):
            raise invalid(f"{what}: {fmt.name} values must be {lo} to {hi}")
        mask = (1 << fmt.bits) - 1
        return np.ascontiguousarray((a.astype(np.int64) & mask)
                                    .astype(np.uint8))
    if a.dtype.kind in "iu":
        # Codes in another integer type (a list, say): bytes 0 to 255.
        if a.size and (a.min() < 0 or a.max() > 255):
            raise invalid(f"{what}: codes must be 0 to 255")
        return np.ascontiguousarray(a.astype(np.uint8))
    raise invalid(f"{what}: dtype {a.dtype}, expected uint8 codes"
                  + (" (or integer values)" if fmt.name.startswith("int")
                     else ""))


def quantize(x, fmt, round=None, saturate=True):
    """Codes (np.uint8, x's shape) of float32 x in format fmt (element or
    scale format), rounded as `round` says: "rne" (the default), "rz", or
    for e8m0 "rz" (its default) or "ru"."""
    f = _format(fmt)
    if f.role == "output":
        raise invalid(f"format {f.name}: an output format has no byte codes")
    if round is None:
        round = "rz" if f.value == _lib.FMT_E8M0 else "rne"
    opts = _lib.ConvertOpts(_choice("round", round, _lib.ROUND_NAMES),
                            int(bool(saturate)))
    a = _float32(x)
    out = np.empty(a.shape, dtype=np.uint8)
    _lib.check(_lib.lib.mxa_quantize(f.value, _lib.fptr(a), a.size,
                                     ctypes.byref(opts), _lib.u8ptr(out)))
    return out


def dequantize(codes, fmt):
    """Values (np.float32) of codes in format fmt (int8 as integers)."""
    f = _format(fmt)
    c = _codes_u8(codes, f)
    out = np.empty(c.shape, dtype=np.float32)
    _lib.check(_lib.lib.mxa_dequantize(f.value, _lib.u8ptr(c), c.size,
                                       _lib.fptr(out)))
    return out


def block_size_of(scale, block_size=0):
    """K elements per scale: block_size, or the mode's own (32 mx, 16 nv)."""
    mode = _choice("scale", scale, _lib.SCALE_NAMES)
    if block_size:
        if block_size not in (8, 16, 32, 64):
            raise invalid(f"block_size {block_size}: must be 8, 16, 32 or 64")
        return int(block_size)
    return int(_lib.lib.mxa_block_size(mode))


def _matrix(x, operand, what="x"):
    a = _float32(x, what)
    if a.ndim != 2 or not a.size:
        want = "(M, K)" if operand == "a" else "(K, N)"
        raise invalid(f"{what}: shape {a.shape}: expected a matrix {want} "
                      "of at least one element")
    return a


def quantize_blocks(x, fmt, scale="mx", operand="a", block_size=0,
                    rule="floor", tensor_scale=False):
    """Element codes, scale codes and the per-tensor scale g of a float
    matrix with block scales (docs/numerics.md section 4; mxa_quantize_blocks).

    x is A (M, K) for operand "a" (scales (M, ceil(K/bs))) or B (K, N) for
    operand "b" (scales (ceil(K/bs), N)). rule: "floor" or "ceil" (mx
    only); tensor_scale: nv only. g is 1.0 unless tensor_scale.
    """
    f = element_format(fmt)
    mode = _choice("scale", scale, _lib.SCALE_NAMES)
    if mode == _lib.SCALE_NONE:
        raise invalid("quantize_blocks: scale must be 'mx' or 'nv' (use "
                      "quantize() for element-wise codes)")
    _choice("operand", operand, dict.fromkeys(OPERANDS))
    r = _choice("rule", rule, _lib.RULE_NAMES)
    a = _matrix(x, operand)
    bs = block_size_of(scale, block_size)
    rows, cols = a.shape
    along_rows = operand == "a"
    nb = -(-(cols if along_rows else rows) // bs)
    sshape = (rows, nb) if along_rows else (nb, cols)
    codes = np.empty(a.shape, dtype=np.uint8)
    scales = np.empty(sshape, dtype=np.uint8)
    g = ctypes.c_float(1.0)
    opts = _lib.BlockQuantOpts(f.value, mode, r, int(bool(tensor_scale)),
                               int(block_size))
    _lib.check(_lib.lib.mxa_quantize_blocks(
        ctypes.byref(opts), _lib.fptr(a), rows, cols, int(along_rows),
        _lib.u8ptr(codes), _lib.u8ptr(scales), ctypes.byref(g)))
    return codes, scales, float(g.value)


_scaled_tables = {}


def _scaled_values(f):
    """Value of every byte code under a block scale (mxa_decode scaled):
    NaN where a code is invalid."""
    t = _scaled_tables.get(f.value)
    if t is None:
        t = np.full(256, np.nan, dtype=np.float32)
        v = ctypes.c_float()
        for c in range(256):
            if _lib.lib.mxa_decode(f.value, c, 1, ctypes.byref(v)) == 0:
                t[c] = v.value
        _scaled_tables[f.value] = t
    return t


def _expand_scales(svals, shape, operand, bs, what):
    rows, cols = shape
    nb = -(-(cols if operand == "a" else rows) // bs)
    want = (rows, nb) if operand == "a" else (nb, cols)
    if svals.shape != want:
        raise invalid(f"{what}: shape {svals.shape}: expected {want} for "
                      f"operand {operand} of shape {shape} and blocks of {bs}")
    axis = 1 if operand == "a" else 0
    return np.repeat(svals, bs, axis=axis)[:rows, :cols]


def dequantize_blocks(codes, scales, fmt, scale, operand, block_size=0,
                      g=1.0):
    """Float32 values of block-scaled codes: value(code) x value(scale) x g,
    element codes read as under a block scale (int8: code x 2^-6)."""
    f = element_format(fmt)
    mode = _choice("scale", scale, _lib.SCALE_NAMES)
    if mode == _lib.SCALE_NONE:
        raise invalid("dequantize_blocks: scale must be 'mx' or 'nv'")
    _choice("operand", operand, dict.fromkeys(OPERANDS))
    c = _codes_u8(codes, f)
    if c.ndim != 2:
        raise invalid(f"codes: shape {c.shape}: expected a matrix")
    bs = block_size_of(scale, block_size)
    sfmt = _lib.FMT_E8M0 if mode == _lib.SCALE_MX else _lib.FMT_UE4M3
    svals = dequantize(np.asarray(scales, dtype=np.uint8), sfmt)
    # Invalid element codes: the library's message for the first one.
    bad = ~np.isin(c, f.codes())
    if bad.any():
        v = ctypes.c_float()
        _lib.check(_lib.lib.mxa_decode(f.value, int(c[bad][0]), 1,
                                       ctypes.byref(v)))
    s = _expand_scales(svals.astype(np.float64), c.shape, operand, bs,
                       "scales")
    v = _scaled_values(f)[c].astype(np.float64) * s * np.float64(
        np.float32(g))
    return v.astype(np.float32)


def pack(codes, fmt):
    """Rows of codes (one per byte, along the last axis) packed as the
    hardware reads them (docs/numerics.md section 6): each row starts at a
    byte; the result has mxa_packed_size(fmt, K) bytes per row. An invalid
    code raises mxa.Error with the library's message, after "row R: " when
    there are several rows (R counts the rows of the flattened leading
    axes)."""
    return _pack_rows(codes, fmt, "row")


def _pack_rows(codes, fmt, row_name):
    f = _format(fmt)
    if f.role == "output":
        raise invalid(f"format {f.name}: output formats are not packed")
    c = _codes_u8(codes, f)
    if c.ndim == 0:
        raise invalid("codes: a scalar; expected at least one axis")
    k = c.shape[-1]
    rows = c.size // k if k else 0
    row_bytes = _lib.lib.mxa_packed_size(f.value, k)
    out = np.zeros(c.shape[:-1] + (row_bytes,), dtype=np.uint8)
    flat = c.reshape(rows, k)
    dst = out.reshape(rows, row_bytes)
    if rows and k and _lib.lib.mxa_packed_size(f.value, rows * k) == \
            rows * row_bytes and _lib.lib.mxa_pack(
                f.value, _lib.u8ptr(flat), rows * k, dst.ctypes.data) == 0:
        return out      # rows fill whole bytes: one call packed them all
    for r in range(rows if k else 0):
        ret = _lib.lib.mxa_pack(f.value, _lib.u8ptr(flat[r]), k,
                                dst[r].ctypes.data)
        if ret < 0:
            msg = _lib.last_error()
            raise Error(-ret, f"{row_name} {r}: {msg}" if rows > 1 else msg)
    return out


def unpack(packed, fmt, count):
    """Codes (one per byte, last axis `count`) of packed rows."""
    f = _format(fmt)
    p = np.ascontiguousarray(np.asarray(packed, dtype=np.uint8))
    if p.ndim == 0:
        raise invalid("packed: a scalar; expected at least one axis")
    count = int(count)
    row_bytes = _lib.lib.mxa_packed_size(f.value, count)
    if count < 0 or p.shape[-1] != row_bytes:
        raise invalid(f"packed: rows of {p.shape[-1]} bytes; {count} "
                      f"{f.name} codes take {row_bytes}")
    rows = p.size // row_bytes if row_bytes else 0
    out = np.empty(p.shape[:-1] + (count,), dtype=np.uint8)
    src = p.reshape(rows, row_bytes)
    dst = out.reshape(rows, count)
    for r in range(rows):
        _lib.check(_lib.lib.mxa_unpack(f.value, src[r].ctypes.data, count,
                                       _lib.u8ptr(dst[r])))
    return out


@dataclasses.dataclass(frozen=True)
class Recipe(RecipeParams):
    """How matmul_float quantizes its operands and runs the job: the
    parameters, checked and with the formats' names made canonical."""

    def __post_init__(self):
        for name in ("a_format", "b_format"):
            f = element_format(getattr(self, name), name)
            object.__setattr__(self, name, f.name)
        _choice("scale", self.scale, _lib.SCALE_NAMES)
        _choice("rule", self.rule, _lib.RULE_NAMES)
        _choice("acc", self.acc, _lib.ACC_NAMES)
        _choice("out_format", self.out_format, {"fp32": 0, "bf16": 1})
        if self.scale == "none" and (self.block_size or self.tensor_scale):
            raise invalid("block_size and tensor_scale need scale 'mx' or "
                          "'nv'")
        if self.block_size:
            block_size_of(self.scale, self.block_size)
        if self.rule != "floor" and self.scale != "mx":
            raise invalid(f"rule {self.rule!r} is for scale 'mx' only")
        if self.tensor_scale and self.scale != "nv":
            raise invalid("tensor_scale needs scale 'nv'")

    def __str__(self):
        s = f"{self.a_format}x{self.b_format}"
        if self.scale != "none":
            s += f"/{self.scale}{self.block_size or ''}"
            if self.rule != "floor":
                s += f"-{self.rule}"
            if self.tensor_scale:
                s += "+g"
        if self.acc != "fp32":
            s += f"/{self.acc}"
        return s


def quantize_operand(x, recipe, operand):
    """(codes, scales or None, g) of float x as operand "a" (M, K) or "b"
    (K, N) of recipe: element-wise (rne, saturating) when its scale is
    "none", else with block scales."""
    _choice("operand", operand, dict.fromkeys(OPERANDS))
    fmt = recipe.a_format if operand == "a" else recipe.b_format
    if recipe.scale == "none":
        a = _matrix(x, operand, operand)
        return quantize(a, fmt), None, 1.0
    return quantize_blocks(x, fmt, recipe.scale, operand, recipe.block_size,
                           recipe.rule, recipe.tensor_scale)


# ----------------------------------------------------------- software only

_E8M0_MIN, _E8M0_MAX = -127, 127


def fake_quantize_blocks(x, fmt, scale="mx", operand="a", block_size=0,
                         rule="floor", tensor_scale=False):
    """Block-scaled quantize-dequantize of a float32 matrix in a FloatFormat
    with the rules of docs/numerics.md section 4, in NumPy (software only:
    for formats no device has). Returns (values float32, scale values
    float32 in the scales' shape, g). Block holding NaN or infinity: NaN.
    """
    if not isinstance(fmt, FloatFormat):
        raise invalid(f"fmt {fmt!r}: expected an mxa.FloatFormat (library "
                      "formats: quantize_blocks)")
    mode = _choice("scale", scale, _lib.SCALE_NAMES)
    if mode == _lib.SCALE_NONE:
        raise invalid("fake_quantize_blocks: scale must be 'mx' or 'nv'")
    _choice("operand", operand, dict.fromkeys(OPERANDS))
    _choice("rule", rule, _lib.RULE_NAMES)
    if rule == "ceil" and mode != _lib.SCALE_MX:
        raise invalid("the ceil rule is for mx scales only")
    if tensor_scale and mode != _lib.SCALE_NV:
        raise invalid("a per-tensor scale needs nv scales")
    a = _matrix(x, operand)
    bs = block_size_of(scale, block_size)
    sat = FloatFormat(fmt.exp_bits, fmt.man_bits, fmt.bias, fmt.specials,
                      saturate=True)
    # Blocks as the last axis: (rows, nb, bs) for A; B is transposed.
    m = a if operand == "a" else a.T
    rows, k = m.shape
    nb = -(-k // bs)
    padded = np.zeros((rows, nb * bs), dtype=np.float32)
    padded[:, :k] = m
    blocks = padded.reshape(rows, nb, bs)
    special = ~np.isfinite(blocks).all(axis=2)
    amax = np.abs(np.where(np.isfinite(blocks), blocks, 0)).max(axis=2)
    maxv = np.float32(sat.max_normal)
    g = np.float32(1.0)
    if mode == _lib.SCALE_MX:
        emax = int(np.frexp(np.float64(maxv))[1]) - 1
        if rule == "floor":
            e = np.frexp(amax.astype(np.float64))[1].astype(np.int64) - 1
            xexp = np.where(amax > 0, e - emax, _E8M0_MIN)
        else:
            s = (amax / maxv).astype(np.float32)
            mant, e = np.frexp(s.astype(np.float64))
            e = e.astype(np.int64)
            xexp = np.where(mant == 0.5, e - 1, e)     # ceil(log2 s)
            xexp = np.where(s > 0, xexp, _E8M0_MIN)
        xexp = np.clip(xexp, _E8M0_MIN, _E8M0_MAX)
        svals = np.ldexp(1.0, xexp)
        elems = sat.quantize(np.ldexp(blocks.astype(np.float64),
                                      -xexp[:, :, None]))
        values = elems * svals[:, :, None]
    else:
        ue4m3 = FloatFormat(4, 3, 7, "fn", saturate=True)
        if tensor_scale:
            finite = a[np.isfinite(a)]
            at = np.abs(finite).max() if finite.size else np.float32(0)
            q = np.float32(at) / np.float32(np.float32(448) * maxv)
            g = q if q != 0 else np.float32(1.0)
        t = ((amax / maxv).astype(np.float32) / g).astype(np.float32)
        svals = ue4m3.quantize(t)
        svals = np.where(t < 0, 0, svals)
        d = (svals.astype(np.float32) * g).astype(np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = (blocks / d[:, :, None]).astype(np.float32)
        elems = np.where(d[:, :, None] == 0, 0.0, sat.quantize(q))
        values = elems * svals[:, :, None] * np.float64(g)
        svals = svals.astype(np.float64)
    values = np.where(special[:, :, None], np.nan, values)
    svals = np.where(special, np.nan, svals)
    values = values.reshape(rows, nb * bs)[:, :k].astype(np.float32)
    svals = svals.astype(np.float32)
    if operand == "b":
        values, svals = values.T.copy(), svals.T.copy()
    return values, svals, float(g)
