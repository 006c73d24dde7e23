# SPDX-License-Identifier: MIT
"""A format of one's own (docs/adding-a-format.md) reaches Python with no
Python change: a copy of the source tree with one more entry in
hw/interface/mxa_formats.toml is rebuilt with make, and the package over
that libmxa lists the format, converts exactly as FloatFormat says and
runs a job in it."""
import os
import shutil
import subprocess
import textwrap

import pytest

from conftest import REPO

NEW_FORMAT = """
[[format]]
name = "E3M3"
value = {value}
role = "element"
encoding = "float"
bits = 7
exp_bits = 3
man_bits = 3
bias = 3
specials = "none"
doc = "A 7-bit float without special values."
"""

CHECK = textwrap.dedent("""
    import math, tomllib
    import numpy as np
    import mxa
    with open("hw/interface/mxa_formats.toml", "rb") as f:
        toml = tomllib.load(f)["format"]
    want = [t["name"].lower() for t in sorted(toml, key=lambda t: t["value"])
            if t["role"] == "element"]
    assert [f.name for f in mxa.formats()] == want, mxa.formats()
    f = mxa.format("e3m3")
    assert (f.bits, f.exp_bits, f.man_bits, f.bias) == (7, 3, 3, 3)
    assert f.max_normal == 30.0 and f.min_subnormal == 2.0 ** -5
    ff = mxa.FloatFormat(3, 3, specials="none")
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(100000) * np.exp2(rng.integers(-8, 7, 100000))
         ).astype(np.float32)
    assert (ff.encode(x) == mxa.quantize(x, f)).all()
    a = mxa.quantize(rng.standard_normal((3, 32)).astype(np.float32), f)
    b = mxa.quantize(rng.standard_normal((32, 2)).astype(np.float32), f)
    va = mxa.dequantize(a, f).astype(np.float64)
    vb = mxa.dequantize(b, f).astype(np.float64)
    with mxa.Device("emu") as dev:
        assert "e3m3" in dev.info.formats
        d = dev.matmul(a, b, f, f).d
    ref = [[math.fsum(va[i] * vb[:, j]) for j in range(2)] for i in range(3)]
    assert (d == np.array(ref, dtype=np.float32)).all()
    print("ok", len(want))
""")


def test_new_format_after_rebuild(tmp_path):
    if not shutil.which("make") or not shutil.which("cc"):
        pytest.fail("make and cc are needed to rebuild libmxa")
    src = tmp_path / "src"
    shutil.copytree(REPO, src, symlinks=True, ignore=shutil.ignore_patterns(
        "build", ".git", "__pycache__", "*.pyc"))
    toml = src / "hw" / "interface" / "mxa_formats.toml"
    import mxa
    value = len(mxa.formats())          # element formats count from 0
    toml.write_text(toml.read_text() + NEW_FORMAT.format(value=value))
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MXA_LIBRARY",
                        "MXA_BUILD")}
    build = src / "build"
    so = build / "lib" / "libmxa.so.1.0.0"
    r = subprocess.run(["make", "-j2", "OPT=-O0", f"BUILD={build}", str(so)],
                       cwd=src, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "MXA_FMT_E3M3" in (src / "lib" / "mxa.h").read_text()
    env["MXA_LIBRARY"] = str(so)
    env["PYTHONPATH"] = str(src / "python")
    r = subprocess.run(["/usr/bin/python3", "-c", CHECK], cwd=src, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.split() == ["ok", str(value + 1)]
