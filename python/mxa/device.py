# SPDX-License-Identifier: MIT
"""Devices and matmul jobs: mxa.Device over mxa_device_open() and friends.

A job's operands are packed by libmxa (mxa_pack) into device buffers in the
layout of docs/numerics.md section 6 and run by the device; the arithmetic
is the device's (emulator, simulated RTL or driver), never Python's.
"""
import ctypes
import dataclasses
import typing

import numpy as np

from . import _lib
from .errors import invalid
from .formats import element_format, format as _format, formats as _formats
from .quant import (Recipe, _choice, _codes_u8, _pack_rows, block_size_of,
                    quantize_operand)


@dataclasses.dataclass(frozen=True)
class Stats:
    """What a finished job cost on the device (struct mxa_job_stats; all 0
    on emu)."""
    cycles: int = 0
    bytes_read: int = 0
    bytes_written: int = 0
    macs: int = 0
    dma_stall_cycles: int = 0
    compute_stall_cycles: int = 0


@dataclasses.dataclass(frozen=True)
class Result:
    """D (np.float32 (M, N); bf16 output widened exactly) and the stats."""
    d: np.ndarray
    stats: Stats


def _bits_to_names(mask, table):
    return [name for bit, name in table if mask >> bit & 1]


@dataclasses.dataclass(frozen=True)
class DeviceInfo:
    """What a device can do (struct mxa_device_info, with names)."""
    backend: str
    name: str
    hw_version: int
    formats: typing.List[str]
    out_formats: typing.List[str]
    scale_modes: typing.List[str]
    acc_modes: typing.List[str]
    block_sizes: typing.List[int]
    array_rows: int
    array_cols: int
    lane_bits: int
    max_m: int
    max_n: int
    max_k: int
    simulated: bool
    trunc_w_min: int
    trunc_w_max: int
    lane_elems: typing.Dict[str, int]
    data_bits: int
    buf_depth: int
    raw: _lib.DeviceInfo = dataclasses.field(repr=False, compare=False)

    @classmethod
    def from_struct(cls, s):
        elem = [(f.value, f.name) for f in _formats()]
        return cls(
            backend=_lib.BACKEND_NAMES.get(s.backend, str(s.backend)),
            name=s.name.decode("utf-8", "replace"),
            hw_version=s.hw_version,
            formats=_bits_to_names(s.formats, elem),
            out_formats=_bits_to_names(
                s.out_formats,
                [(f.value - _lib.FMT_BF16, f.name)
                 for f in _formats("output")]),
            scale_modes=_bits_to_names(
                s.scale_modes, [(v, k) for k, v in _lib.SCALE_NAMES.items()]),
            acc_modes=_bits_to_names(
                s.acc_modes, [(v, k) for k, v in _lib.ACC_NAMES.items()]),
            block_sizes=[1 << i for i in range(32) if s.block_sizes >> i & 1],
            array_rows=s.array_rows, array_cols=s.array_cols,
            lane_bits=s.lane_bits,
            max_m=s.max_m, max_n=s.max_n, max_k=s.max_k,
            simulated=bool(s.simulated),
            trunc_w_min=s.trunc_w_min, trunc_w_max=s.trunc_w_max,
            lane_elems={name: s.lane_elems[v] for v, name in elem
                        if v < _lib.ELEM_FORMAT_SLOTS and s.formats >> v & 1},
            data_bits=s.data_bits, buf_depth=s.buf_depth,
            raw=s)

    def peak_macs(self, a_format, b_format):
        """Peak multiply-accumulates per cycle for a format pair (0 on emu)."""
        fa = element_format(a_format, "a_format")
        fb = element_format(b_format, "b_format")
        return int(_lib.lib.mxa_device_peak_macs(ctypes.byref(self.raw),
                                                 fa.value, fb.value))


class _Buffers:
    """The device buffers of one job, released together."""

    def __init__(self, dev):
        self.dev = dev
        self.held = []

    def new(self, size, data=None):
        handle = ctypes.c_void_p()
        _lib.check(_lib.lib.mxa_buffer_new(self.dev, size,
                                           ctypes.byref(handle)))
        self.held.append(handle)
        if data is not None:
            src = np.ascontiguousarray(data)
            ctypes.memmove(_lib.lib.mxa_buffer_map(handle), src.ctypes.data,
                           src.nbytes)
        return handle

    def read(self, handle, dtype, count):
        ptr = _lib.lib.mxa_buffer_map(handle)
        raw = (ctypes.c_uint8 * (count * np.dtype(dtype).itemsize)) \
            .from_address(ptr)
        return np.frombuffer(raw, dtype=dtype, count=count).copy()

    def release(self):
        for h in reversed(self.held):
            _lib.lib.mxa_buffer_del(h)
        self.held = []


class Device:
    """A device of libmxa: "emu", "sim[:opt=v,...]", "drm[:path]" or "auto"
    (docs/sim-backend.md, docs/drm-backend.md). Use as a context manager or
    call close()."""

    def __init__(self, spec="emu"):
        if not isinstance(spec, str):
            raise invalid(f"device spec {spec!r}: expected a string such as "
                          "'emu', 'sim:config=min' or 'drm'")
        self.spec = spec
        self._dev = None
        handle = ctypes.c_void_p()
        _lib.check(_lib.lib.mxa_device_open(spec.encode(),
                                            ctypes.byref(handle)))
        self._dev = handle
        s = _lib.DeviceInfo()
        try:
            _lib.check(_lib.lib.mxa_device_query(handle, ctypes.byref(s)))
        except Exception:
            self.close()
            raise
        self.info = DeviceInfo.from_struct(s)

    def close(self):
        """Closes the device (again: nothing)."""
        if getattr(self, "_dev", None) is not None:
            _lib.lib.mxa_device_close(self._dev)
            self._dev = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def __repr__(self):
        state = "closed" if self._dev is None else self.info.name
        return f"mxa.Device({self.spec!r}) <{state}>"

    def _handle(self):
        if self._dev is None:
            raise invalid(f"device {self.spec}: closed")
        return self._dev

    def matmul(self, a, b, a_format, b_format, *, scale="none", a_scale=None,
               b_scale=None, block_size=0, acc="fp32", acc_bits=0,
               acc_interval=0, out_format="fp32", c=None, a_tensor_scale=0.0,
               b_tensor_scale=0.0):
        """D = C + A x B on the device (docs/numerics.md section 5).

        a: codes (M, K), b: codes (K, N), one code per element (np.uint8;
        int8 and int4 also as signed integer values). scale "mx" or "nv"
        needs a_scale (M, ceil(K/bs)) and b_scale (ceil(K/bs), N) scale
        codes. c: float32 (M, N) or None. Returns a Result.
        """
        dev = self._handle()
        fa = element_format(a_format, "a_format")
        fb = element_format(b_format, "b_format")
        mode = _choice("scale", scale, _lib.SCALE_NAMES)
        acc_mode = _choice("acc", acc, _lib.ACC_NAMES)
        out = _format(_choice("out_format", out_format,
                              {"fp32": "fp32", "bf16": "bf16"}))
        A = _codes_u8(a, fa, "a")
        B = _codes_u8(b, fb, "b")
        if A.ndim != 2 or not A.size:
            raise invalid(f"a: shape {A.shape}: expected (M, K) with M, K "
                          ">= 1")
        m, k = A.shape
        if B.ndim != 2 or B.shape[0] != k or not B.shape[1]:
            raise invalid(f"b: shape {B.shape}: expected (K, N) = ({k}, N) "
                          "with N >= 1 (K from a)")
        n = B.shape[1]
        if mode == _lib.SCALE_NONE:
            if a_scale is not None or b_scale is not None:
                raise invalid("a_scale/b_scale given with scale 'none'")
            if block_size:
                raise invalid("block_size needs scale 'mx' or 'nv'")
        else:
            if a_scale is None or b_scale is None:
                raise invalid(f"scale {scale!r} needs a_scale and b_scale")
            bs = block_size_of(scale, block_size)
            nb = -(-k // bs)
            SA = np.asarray(a_scale)
            SB = np.asarray(b_scale)
            for what, arr, want in (("a_scale", SA, (m, nb)),
                                    ("b_scale", SB, (nb, n))):
                if arr.dtype != np.uint8 or arr.shape != want:
                    raise invalid(
                        f"{what}: {arr.dtype} {arr.shape}: expected uint8 "
                        f"{want} (blocks of {bs} along K = {k})")
        if c is not None:
            C = np.ascontiguousarray(np.asarray(c, dtype="<f4"))
            if C.shape != (m, n):
                raise invalid(f"c: shape {C.shape}: expected (M, N) = "
                              f"({m}, {n})")
        for v, what in ((a_tensor_scale, "a_tensor_scale"),
                        (b_tensor_scale, "b_tensor_scale")):
            if v and mode != _lib.SCALE_NV:
                raise invalid(f"{what} needs scale 'nv'")

        job = _lib.Matmul()
        job.m, job.n, job.k = m, n, k
        job.a_format, job.b_format = fa.value, fb.value
        job.scale = mode
        job.block_size = int(block_size)
        job.acc = acc_mode
        job.acc_bits, job.acc_interval = int(acc_bits), int(acc_interval)
        job.out_format = out.value
        job.a_tensor_scale = float(a_tensor_scale)
        job.b_tensor_scale = float(b_tensor_scale)
        bufs = _Buffers(dev)
        try:
            # A as M rows of K, B as its N columns (the TN layout).
            for op, codes, f, row in (("a", A, fa, "a row"),
                                      ("b", B.T, fb, "b column")):
                packed = _pack_rows(codes, f, row)
                getattr(job, op).buf = bufs.new(packed.nbytes, packed)
            if mode != _lib.SCALE_NONE:
                sfmt = "e8m0" if mode == _lib.SCALE_MX else "ue4m3"
                for op, codes, row in (("a_scale", SA, "a_scale row"),
                                       ("b_scale", SB.T, "b_scale column")):
                    packed = _pack_rows(codes, sfmt, row)
                    getattr(job, op).buf = bufs.new(packed.nbytes, packed)
            if c is not None:
                job.c.buf = bufs.new(C.nbytes, C)
            esize = 2 if out.name == "bf16" else 4
            job.d.buf = bufs.new(m * n * esize)
            fence = ctypes.c_void_p()
            _lib.check(_lib.lib.mxa_matmul_submit(dev, ctypes.byref(job),
                                                  ctypes.byref(fence)))
            try:
                _lib.check(_lib.lib.mxa_fence_wait(fence, -1))
                st = _lib.JobStats()
                _lib.check(_lib.lib.mxa_fence_stats(fence, ctypes.byref(st)))
            finally:
                _lib.lib.mxa_fence_del(fence)
            if esize == 2:
                bits = bufs.read(job.d.buf, "<u2", m * n).astype(np.uint32)
                d = (bits << 16).view(np.float32)
            else:
                d = bufs.read(job.d.buf, "<f4", m * n).astype(np.float32)
        finally:
            bufs.release()
        stats = Stats(**{f: int(getattr(st, f)) for f, _ in st._fields_})
        return Result(d.reshape(m, n), stats)

    def matmul_float(self, a, b, recipe, c=None):
        """Quantizes float a (M, K) and b (K, N) with the recipe
        (quantize_operand) and runs the job, D = C + A x B with c float32
        (M, N) or None; per-tensor scales of an nv recipe with tensor_scale
        go to the job as a_tensor_scale and b_tensor_scale."""
        if not isinstance(recipe, Recipe):
            raise invalid(f"recipe {recipe!r}: expected an mxa.Recipe")
        ca, sa, ga = quantize_operand(a, recipe, "a")
        cb, sb, gb = quantize_operand(b, recipe, "b")
        if ca.shape[1] != cb.shape[0]:
            raise invalid(f"a {ca.shape} and b {cb.shape}: K differs")
        nv_g = recipe.tensor_scale
        return self.matmul(
            ca, cb, recipe.a_format, recipe.b_format, scale=recipe.scale,
            a_scale=sa, b_scale=sb, block_size=recipe.block_size,
            acc=recipe.acc, acc_bits=recipe.acc_bits,
            acc_interval=recipe.acc_interval, out_format=recipe.out_format,
            c=c, a_tensor_scale=ga if nv_g else 0.0,
            b_tensor_scale=gb if nv_g else 0.0)
