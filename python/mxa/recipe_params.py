# SPDX-License-Identifier: MIT
"""The parameters of a recipe: how the operands of a matrix product are
quantized and its products accumulated (docs/numerics.md).

mxa.Recipe checks them against libmxa before a job runs; an experiment
file's [sweep] (mxa.experiment.spec) names the same parameters and is read
and checked without running anything. This module is plain data, so that
both can share it without it loading the library.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class RecipeParams:
    a_format: str               # element format of A, as the library names it
    b_format: str
    scale: str = "none"         # none | mx | nv
    block_size: int = 0         # 0: the scale mode's default block
    rule: str = "floor"         # the MX scale rule: floor | ceil
    tensor_scale: bool = False  # NV: per-tensor scales too
    acc: str = "fp32"           # fp32 | trunc | exact
    acc_bits: int = 0           # trunc: bits kept
    acc_interval: int = 0       # trunc: products between promotions to FP32
    out_format: str = "fp32"    # fp32 | bf16
