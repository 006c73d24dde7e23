# SPDX-License-Identifier: MIT
"""Silicon of a configuration: Yosys synth_xilinx of mxa_top with its
parameters (`make synth-model`, the rules of `make synth-top-xilinx`),
cached by key next to its model (docs/codesign.md, "Silicon")."""

import os
import re
import subprocess

from . import cache
from .config import HwConfig, SOURCE_ROOT

ESTIMATE_NOTE = (
    "Yosys synth_xilinx (7-series cells), hierarchical: each distinct module "
    "synthesized once, no place and route. lut counts LUT1-6 (logic), "
    "lutram the LUTs of distributed RAM, bram RAMB36 equivalents. "
    "logic_levels is the longest combinational path of the flattened netlist "
    "(ltp) with flip-flops and block RAMs cut out, in cells (LUT, MUXF7/8, "
    "CARRY4, DSP48E1, LUTRAM each count one): an indication of depth, not a "
    "timing analysis (no wire delays; a CARRY4 chain counts one a cell; "
    "a DSP48E1 counts one whatever its internal registers).")

_SUMMARY = re.compile(
    r"resources: (\d+) LUT, (\d+) LUTRAM, (\d+) SRL, (\d+) FF, (\d+) "
    r"DSP48E1, ([\d.]+) BRAM36")


def _parse(d):
    summary = subprocess.run(
        [os.path.join(SOURCE_ROOT, "scripts", "synth_summary.sh"),
         os.path.join(d, "synth.stat")],
        capture_output=True, text=True, check=True).stdout
    hit = _SUMMARY.search(summary)
    if not hit:
        raise cache.BuildError(f"synth_summary.sh: unexpected output {summary!r}")
    lut, lutram, srl, ff, dsp, bram = hit.groups()
    with open(os.path.join(d, "synth.stat")) as f:
        stat = f.read()
    top = stat[stat.find("=== design hierarchy ==="):]
    carry = re.search(r"^\s+CARRY4\s+(\d+)", top, re.M)
    with open(os.path.join(d, "synth.ltp")) as f:
        ltp = re.search(r"\(length=(\d+)\)", f.read())
    if not ltp:
        raise cache.BuildError(f"{d}/synth.ltp: no longest path")
    return {"lut": int(lut), "lutram": int(lutram), "srl": int(srl),
            "ff": int(ff), "dsp": int(dsp), "bram": float(bram),
            "carry4": int(carry.group(1)) if carry else 0,
            "logic_levels": int(ltp.group(1))}


def area(cfg, force=False):
    """Resource counts of cfg from Yosys synth_xilinx, computed once per key
    and RTL (about 2 minutes and 1.5 GB for the minimal shape, more for
    larger ones; docs/codesign.md gives the measured times). Returns a dict:
    lut, lutram, srl, ff, dsp, bram, carry4, logic_levels, seconds (of the
    synthesis that made it), key, estimate_note."""
    if not isinstance(cfg, HwConfig):
        raise TypeError("area: an mxa.hw.HwConfig")
    d = cache.key_dir(cfg.key)
    path = os.path.join(d, "area.json")

    def fresh():
        a = cache.read_json(path)
        return a if a and a.get("sources") == cache.sources_hash() else None

    if not force and fresh():
        return _public(fresh())
    with cache.locked(cfg.key, "area"):
        if not force and fresh():
            return _public(fresh())
        with cache.work_dir(cfg.key) as tmp:
            seconds = cache.run_make("synth-model", {
                "MODEL_DIR": tmp,
                "MODEL_PARAMS": " ".join(cfg.verilator_params()),
                "MODEL_FORMATS": " ".join(cfg.format_names)},
                os.path.join(tmp, "make.log"))
            result = _parse(tmp)
            result.update(key=cfg.key, config=cfg.params(),
                          sources=cache.sources_hash(),
                          seconds=round(seconds, 1))
            os.makedirs(d, exist_ok=True)
            cache.write_json_atomic(path, result)
    return _public(result)


def _public(a):
    out = {k: a[k] for k in ("lut", "lutram", "srl", "ff", "dsp", "bram",
                             "carry4", "logic_levels", "seconds", "key")}
    out["estimate_note"] = ESTIMATE_NOTE
    return out
