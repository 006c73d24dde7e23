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


def device_run(spec, m, n, k, a_format, b_format, scale, block_size,
               seed=1):
    """Runs one job with scales in blocks of block_size through
    mxa.Device(spec) (`mxa bench` has no block-size option): random codes
    of each format's width (TERNARY without its invalid code), scales of
    one, D checked bit for bit against the emulator's. Returns cycles,
    bytes_read and bytes_written."""
    import numpy as np
    from ..device import Device
    from ..formats import format as get_format

    rng = np.random.default_rng(seed)

    def codes(fmt, shape):
        bits = get_format(fmt).bits
        if fmt.startswith("ternary"):
            return rng.choice(np.array([0, 1, 3], np.uint8), shape)
        return rng.integers(0, 1 << bits, shape, dtype=np.uint8)

    a, b = codes(a_format, (m, k)), codes(b_format, (k, n))
    blocks = -(-k // block_size)
    one = 127 if scale == "mx" else 0x38     # E8M0 2^0, UE4M3 1.0
    sa = np.full((m, blocks), one, np.uint8)
    sb = np.full((blocks, n), one, np.uint8)
    got = Device(spec).matmul(a, b, a_format, b_format, scale=scale,
                              a_scale=sa, b_scale=sb, block_size=block_size)
    want = Device("emu").matmul(a, b, a_format, b_format, scale=scale,
                                a_scale=sa, b_scale=sb,
                                block_size=block_size)
    if not np.array_equal(got.d.view(np.uint32), want.d.view(np.uint32)):
        raise RuntimeError(f"{spec} {m}x{n}x{k} {a_format}x{b_format} "
                           f"{scale} block {block_size}: D differs from the "
                           "emulator's")
    st = got.stats
    return {"cycles": st.cycles, "bytes_read": st.bytes_read,
            "bytes_written": st.bytes_written}
