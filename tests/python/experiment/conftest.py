"""Shared pieces of the experiment runner's tests: the package on the path,
the command line in a subprocess, a small experiment file."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = os.path.join(ROOT, "python")
    e.setdefault("MXA_BUILD", os.path.join(ROOT, "build"))
    return e


def run_cli(*args, check=True, **kw):
    """python -m mxa.experiment ARGS; returns the CompletedProcess."""
    r = subprocess.run([sys.executable, "-m", "mxa.experiment", *args],
                       capture_output=True, text=True, env=env(), **kw)
    if check and r.returncode != 0:
        raise AssertionError(f"exit {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
    return r


# A sweep small enough for a busy 2-core machine: the build tree's minimal
# configuration (no model to build), two formats, MX and NV, two K; the
# larger K goes to the cycle model so both cost sources appear.
SMALL = """\
[experiment]
name = "small"
title = "Small test sweep"
seed = 7
simulate_below = 16385   # 16*16*64 simulates, 16*16*256 is modelled
area = false

[[workload]]
name = "llm"
a = "llm_activations"
b = "gaussian"
m = 16
n = 16
k = [64, 256]

[sweep]
formats = ["e4m3", "e2m1"]
scale = ["mx", "nv"]
acc = "fp32"

[hardware]
rows = 2
cols = 1
lane_bits = 32
data_bits = 64
buf_depth = 64
trunc = false
"""


@pytest.fixture
def small_toml(tmp_path):
    p = tmp_path / "small.toml"
    p.write_text(SMALL)
    return p


def need_package():
    """Skips (with the reason) when the library or the package's parts are missing."""
    try:
        import mxa
        mxa.format("e4m3")
        from mxa import hw, data  # noqa: F401
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"the mxa package cannot run: {e}")


@pytest.fixture(scope="session")
def small_run(tmp_path_factory):
    """The small sweep run once with -j 2: (experiment file, output folder, stdout)."""
    need_package()
    d = tmp_path_factory.mktemp("small")
    p = d / "small.toml"
    p.write_text(SMALL)
    out = d / "out"
    r = run_cli("run", str(p), "-j", "2", "--out", str(out))
    return p, out, r.stdout
