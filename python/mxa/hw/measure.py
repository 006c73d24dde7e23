# SPDX-License-Identifier: MIT
"""Measured cycles of one job on a device, through the `mxa bench` tool (the
library's sim backend, D checked bit for bit against the emulator): what
the cycle model is calibrated and validated against."""

import os
import re
import subprocess

from .config import SOURCE_ROOT

_FIELDS = {
    "cycles": r"^\s*cycles\s+(\d+)",
    "macs": r"^\s*MACs\s+(\d+)",
    "bytes_read": r"^\s*bytes read\s+(\d+)",
    "bytes_written": r"^\s*bytes written\s+(\d+)",
    "dma_stall_cycles": r"^\s*DMA-bound stall\s+(\d+)",
    "compute_stall_cycles": r"^\s*compute-bound stall\s+(\d+)",
}


def tool_path():
    """The mxa tool: $MXA, else $MXA_BUILD/bin/mxa, else the tree's build/."""
    if os.environ.get("MXA"):
        return os.environ["MXA"]
    build = os.environ.get("MXA_BUILD") or os.path.join(SOURCE_ROOT, "build")
    return os.path.join(build, "bin", "mxa")


def bench(spec, m, n, k, a_format, b_format, scale="none", acc="fp32",
          seed=1, check=True):
    """Runs `mxa bench` once; returns its figures (ints) as a dict. Raises
    RuntimeError with the tool's message when the job fails or D differs
    from the emulator's."""
    cmd = [tool_path(), "bench", "--device", spec, "--m", str(m), "--n",
           str(n), "--k", str(k), "--a-format", a_format, "--b-format",
           b_format, "--scale", scale, "--acc", acc, "--seed", str(seed)]
    if not check:
        cmd.append("--no-check")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"{' '.join(cmd)}: {(p.stderr or p.stdout).strip()}")
    if check and "bit-exact" not in p.stdout:
        raise RuntimeError(f"{' '.join(cmd)}: D differs from the emulator's")
    out = {}
    for name, pat in _FIELDS.items():
        hit = re.search(pat, p.stdout, re.M)
        if not hit:
            raise RuntimeError(f"{' '.join(cmd)}: no '{name}' in {p.stdout!r}")
        out[name] = int(hit.group(1))
    return out
