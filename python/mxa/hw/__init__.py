# SPDX-License-Identifier: MIT
"""mxa.hw: what a configuration of the accelerator costs (docs/codesign.md).

    cfg = hw.HwConfig(rows=8, cols=2, lane_bits=64, data_bits=256,
                      buf_depth=512, trunc=True, formats=None)
    cfg.key                         # stable name of the parameters
    hw.device_spec(cfg, latency=100, bw=None)   # "sim:..." for mxa.Device
    hw.area(cfg)                    # Yosys synth_xilinx: LUT, FF, DSP, BRAM
    hw.predict(cfg, m, n, k, a_format, b_format, ...)   # the cycle model

Models and synthesis results are cached by key under
${XDG_CACHE_HOME:-~/.cache}/mxa/sim/<key>/. Building and synthesizing need
the source tree (its Makefile), Verilator and Yosys; predict() needs
nothing but this package and the format description.
"""
from .config import (ConfigError, HwConfig, element_format, element_formats,
                     shipped_configs, shipped_name)
from .cache import BuildError, cache_root
from .build import build_model, device_spec, model_dir
from .area import area
from .cycles import predict

__all__ = ["HwConfig", "ConfigError", "BuildError", "device_spec", "area",
           "predict", "build_model", "model_dir", "cache_root",
           "shipped_configs", "shipped_name", "element_format",
           "element_formats"]
