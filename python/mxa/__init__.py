# SPDX-License-Identifier: MIT
"""mxa: the Python layer over libmxa (docs/python.md).

Formats, quantization with block scales, packing and matmul jobs on the
emulator, the simulated RTL or the driver, all computed by libmxa; plus
FloatFormat and fake_quantize_blocks for software studies of formats no
device has, and workloads (mxa.workloads, mxa.data, mxa.digits).
"""
from .errors import Error
from .formats import Format, FloatFormat, format, formats
from .quant import (Recipe, dequantize, dequantize_blocks,
                    fake_quantize_blocks, pack, quantize, quantize_blocks,
                    quantize_operand, unpack)
from .device import Device, DeviceInfo, Result, Stats
from ._lib import path as library_path

__all__ = [
    "Error", "Format", "FloatFormat", "format", "formats", "Recipe",
    "quantize", "dequantize", "quantize_blocks", "dequantize_blocks",
    "fake_quantize_blocks", "pack", "unpack", "quantize_operand", "Device",
    "DeviceInfo", "Result", "Stats", "library_path",
]


def __getattr__(name):
    # The workload modules load on first use (they need more than numpy).
    if name in ("workloads", "data", "digits"):
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'mxa' has no attribute {name!r}")
