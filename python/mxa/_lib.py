# SPDX-License-Identifier: MIT
"""Loading libmxa and the ctypes view of lib/mxa.h.

The structures below mirror lib/mxa.h field for field; tests/python/package/
test_abi.py compiles a small C program against the header and fails when a
size, an offset or an enum value here differs from the compiler's.
"""
import ctypes
import os
import pathlib

from .errors import Error

# enum mxa_round
ROUND_RNE, ROUND_RZ, ROUND_RU = 0, 1, 2
# enum mxa_scale_mode
SCALE_NONE, SCALE_MX, SCALE_NV = 0, 1, 2
# enum mxa_acc
ACC_FP32, ACC_TRUNC, ACC_EXACT = 0, 1, 2
# enum mxa_scale_rule
SCALE_RULE_FLOOR, SCALE_RULE_CEIL = 0, 1
# enum mxa_backend
BACKEND_EMU, BACKEND_SIM, BACKEND_DRM = 0, 1, 2
# The format values the ABI fixes (hw/interface/mxa_formats.toml: each
# role has its own range of values).
FMT_E8M0, FMT_UE4M3 = 32, 33
FMT_BF16, FMT_FP32 = 48, 49
ELEMENT_RANGE = range(0x00, 0x20)
SCALE_RANGE = range(0x20, 0x30)
OUTPUT_RANGE = range(0x30, 0x40)
# MXA_ELEM_FORMAT_SLOTS: length of mxa_device_info.lane_elems.
ELEM_FORMAT_SLOTS = 32

ROUND_NAMES = {"rne": ROUND_RNE, "rz": ROUND_RZ, "ru": ROUND_RU}
SCALE_NAMES = {"none": SCALE_NONE, "mx": SCALE_MX, "nv": SCALE_NV}
ACC_NAMES = {"fp32": ACC_FP32, "trunc": ACC_TRUNC, "exact": ACC_EXACT}
RULE_NAMES = {"floor": SCALE_RULE_FLOOR, "ceil": SCALE_RULE_CEIL}
BACKEND_NAMES = {BACKEND_EMU: "emu", BACKEND_SIM: "sim", BACKEND_DRM: "drm"}


class ConvertOpts(ctypes.Structure):
    _fields_ = [("round", ctypes.c_int), ("saturate", ctypes.c_int)]


class FormatInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("bits", ctypes.c_uint),
        ("exp_bits", ctypes.c_uint),
        ("man_bits", ctypes.c_uint),
        ("bias", ctypes.c_int),
        ("max_normal", ctypes.c_float),
        ("min_normal", ctypes.c_float),
        ("min_subnormal", ctypes.c_float),
        ("has_inf", ctypes.c_int),
        ("has_nan", ctypes.c_int),
    ]


class BlockQuantOpts(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_int),
        ("scale", ctypes.c_int),
        ("rule", ctypes.c_int),
        ("tensor_scale", ctypes.c_int),
        ("block_size", ctypes.c_uint),
    ]


class DeviceInfo(ctypes.Structure):
    _fields_ = [
        ("backend", ctypes.c_int),
        ("hw_version", ctypes.c_uint32),
        ("formats", ctypes.c_uint32),
        ("out_formats", ctypes.c_uint32),
        ("scale_modes", ctypes.c_uint32),
        ("acc_modes", ctypes.c_uint32),
        ("block_sizes", ctypes.c_uint32),
        ("array_rows", ctypes.c_uint32),
        ("array_cols", ctypes.c_uint32),
        ("lane_bits", ctypes.c_uint32),
        ("max_m", ctypes.c_uint32),
        ("max_n", ctypes.c_uint32),
        ("max_k", ctypes.c_uint32),
        ("simulated", ctypes.c_int),
        ("name", ctypes.c_char * 64),
        ("trunc_w_min", ctypes.c_uint32),
        ("trunc_w_max", ctypes.c_uint32),
        ("lane_elems", ctypes.c_uint32 * ELEM_FORMAT_SLOTS),
        ("data_bits", ctypes.c_uint32),
        ("buf_depth", ctypes.c_uint32),
    ]


class Operand(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p),
        ("offset", ctypes.c_uint64),
        ("stride", ctypes.c_uint64),
    ]


class Matmul(ctypes.Structure):
    _fields_ = [
        ("m", ctypes.c_uint32),
        ("n", ctypes.c_uint32),
        ("k", ctypes.c_uint32),
        ("a_format", ctypes.c_int),
        ("b_format", ctypes.c_int),
        ("scale", ctypes.c_int),
        ("block_size", ctypes.c_uint32),
        ("acc", ctypes.c_int),
        ("acc_bits", ctypes.c_uint32),
        ("acc_interval", ctypes.c_uint32),
        ("out_format", ctypes.c_int),
        ("a_tensor_scale", ctypes.c_float),
        ("b_tensor_scale", ctypes.c_float),
        ("a", Operand),
        ("b", Operand),
        ("a_scale", Operand),
        ("b_scale", Operand),
        ("c", Operand),
        ("d", Operand),
    ]


class JobStats(ctypes.Structure):
    _fields_ = [
        ("cycles", ctypes.c_uint64),
        ("bytes_read", ctypes.c_uint64),
        ("bytes_written", ctypes.c_uint64),
        ("macs", ctypes.c_uint64),
        ("dma_stall_cycles", ctypes.c_uint64),
        ("compute_stall_cycles", ctypes.c_uint64),
    ]


# Every structure of lib/mxa.h by its C name (the ABI test walks this).
STRUCTS = {
    "mxa_convert_opts": ConvertOpts,
    "mxa_format_info": FormatInfo,
    "mxa_block_quant_opts": BlockQuantOpts,
    "mxa_device_info": DeviceInfo,
    "mxa_operand": Operand,
    "mxa_matmul": Matmul,
    "mxa_job_stats": JobStats,
}

# Every enum constant above by its C name (checked by the same test).
CONSTANTS = {
    "MXA_ROUND_RNE": ROUND_RNE, "MXA_ROUND_RZ": ROUND_RZ,
    "MXA_ROUND_RU": ROUND_RU,
    "MXA_SCALE_NONE": SCALE_NONE, "MXA_SCALE_MX": SCALE_MX,
    "MXA_SCALE_NV": SCALE_NV,
    "MXA_ACC_FP32": ACC_FP32, "MXA_ACC_TRUNC": ACC_TRUNC,
    "MXA_ACC_EXACT": ACC_EXACT,
    "MXA_SCALE_RULE_FLOOR": SCALE_RULE_FLOOR,
    "MXA_SCALE_RULE_CEIL": SCALE_RULE_CEIL,
    "MXA_BACKEND_EMU": BACKEND_EMU, "MXA_BACKEND_SIM": BACKEND_SIM,
    "MXA_BACKEND_DRM": BACKEND_DRM,
    "MXA_FMT_E8M0": FMT_E8M0, "MXA_FMT_UE4M3": FMT_UE4M3,
    "MXA_FMT_BF16": FMT_BF16, "MXA_FMT_FP32": FMT_FP32,
    "MXA_ELEM_FORMAT_SLOTS": ELEM_FORMAT_SLOTS,
}

_u8p = ctypes.POINTER(ctypes.c_uint8)
_fp = ctypes.POINTER(ctypes.c_float)
_vp = ctypes.c_void_p
_sz = ctypes.c_size_t
_int = ctypes.c_int

# name: (restype, argtypes)
_PROTOTYPES = {
    "mxa_format_info": (_int, [_int, ctypes.POINTER(FormatInfo)]),
    "mxa_format_parse": (_int, [ctypes.c_char_p]),
    "mxa_format_name": (ctypes.c_char_p, [_int]),
    "mxa_decode": (_int, [_int, ctypes.c_uint8, _int, _fp]),
    "mxa_encode": (_int, [_int, ctypes.c_float, ctypes.POINTER(ConvertOpts),
                          _u8p]),
    "mxa_quantize": (_int, [_int, _fp, _sz, ctypes.POINTER(ConvertOpts),
                            _u8p]),
    "mxa_dequantize": (_int, [_int, _u8p, _sz, _fp]),
    "mxa_fp32_to_bf16": (ctypes.c_uint16, [ctypes.c_float]),
    "mxa_block_size": (ctypes.c_uint, [_int]),
    "mxa_quantize_blocks": (_int, [ctypes.POINTER(BlockQuantOpts), _fp, _sz,
                                   _sz, _int, _u8p, _u8p, _fp]),
    "mxa_packed_size": (_sz, [_int, _sz]),
    "mxa_pack": (_int, [_int, _u8p, _sz, _vp]),
    "mxa_unpack": (_int, [_int, _vp, _sz, _u8p]),
    "mxa_device_peak_macs": (ctypes.c_uint64, [ctypes.POINTER(DeviceInfo),
                                               _int, _int]),
    "mxa_device_open": (_int, [ctypes.c_char_p, ctypes.POINTER(_vp)]),
    "mxa_device_close": (None, [_vp]),
    "mxa_device_query": (_int, [_vp, ctypes.POINTER(DeviceInfo)]),
    "mxa_buffer_new": (_int, [_vp, _sz, ctypes.POINTER(_vp)]),
    "mxa_buffer_del": (None, [_vp]),
    "mxa_buffer_map": (_vp, [_vp]),
    "mxa_buffer_size": (_sz, [_vp]),
    "mxa_matmul_validate": (_int, [_vp, ctypes.POINTER(Matmul)]),
    "mxa_matmul_submit": (_int, [_vp, ctypes.POINTER(Matmul),
                                 ctypes.POINTER(_vp)]),
    "mxa_fence_wait": (_int, [_vp, ctypes.c_int64]),
    "mxa_fence_del": (None, [_vp]),
    "mxa_fence_stats": (_int, [_vp, ctypes.POINTER(JobStats)]),
    "mxa_matmul_run": (_int, [_vp, ctypes.POINTER(Matmul)]),
    "mxa_last_error": (ctypes.c_char_p, []),
}


def _candidates():
    """Where libmxa.so is looked for, in order (docs/python.md)."""
    env = os.environ.get("MXA_LIBRARY")
    if env:
        yield env
        return
    build = os.environ.get("MXA_BUILD")
    if build:
        yield os.path.join(build, "lib", "libmxa.so")
    # python/mxa/_lib.py -> <repo>/build/lib/libmxa.so
    repo = pathlib.Path(__file__).resolve().parent.parent.parent
    yield str(repo / "build" / "lib" / "libmxa.so")
    yield "libmxa.so.1"


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(f"{path} (absent)")
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError("libmxa not found: tried " + "; ".join(tried) +
                      " (build it with `make`, or set MXA_LIBRARY or "
                      "MXA_BUILD)")


lib, path = _load()
for _name, (_res, _args) in _PROTOTYPES.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args


def last_error():
    """The calling thread's last libmxa failure message."""
    return lib.mxa_last_error().decode("utf-8", "replace")


def check(ret):
    """Raises Error for a negative return of libmxa, with its message."""
    if ret < 0:
        raise Error(-ret, last_error() or os.strerror(-ret))
    return ret


def u8ptr(a):
    return a.ctypes.data_as(_u8p)


def fptr(a):
    return a.ctypes.data_as(_fp)
