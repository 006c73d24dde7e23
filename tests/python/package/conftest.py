# SPDX-License-Identifier: MIT
"""Shared fixtures of the mxa package tests: where the build tree, the tool
and the simulation models are."""
import errno
import os
import pathlib
import subprocess

import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
BUILD = pathlib.Path(os.environ.get("MXA_BUILD", REPO / "build"))
TOOL = pathlib.Path(os.environ.get("MXA", BUILD / "bin" / "mxa"))


def sim_model(config):
    """Path of a configuration's simulation model (sim/top.mk builds them
    in build/sim unless MXA_SIM_MODEL_DIR names another place)."""
    base = os.environ.get("MXA_SIM_MODEL_DIR", str(REPO / "build" / "sim"))
    return pathlib.Path(base) / f"top-{config}" / "libmxa_sim.so"


@pytest.fixture
def sim_min():
    """The min configuration of the simulated accelerator (2x1 units)."""
    import mxa
    model = sim_model("min")
    if not model.exists():
        pytest.skip(f"simulation model {model} absent (make sim-top)")
    with mxa.Device("sim:config=min") as dev:
        yield dev


@pytest.fixture
def emu():
    import mxa
    with mxa.Device("emu") as dev:
        yield dev


@pytest.fixture
def drm():
    """The mxa DRM device. The QEMU guests' test_python runs the tests that
    use it, with MXA_TEST_DRM=required; elsewhere, where there is none,
    they are skipped."""
    import mxa
    try:
        dev = mxa.Device("drm")
    except mxa.Error as e:
        if (e.errno in (errno.ENODEV, errno.ENOENT)
                and os.environ.get("MXA_TEST_DRM") != "required"):
            pytest.skip(f"no mxa DRM device (the QEMU guests run this "
                        f"test): {e}")
        raise
    with dev:
        yield dev


@pytest.fixture
def tool(tmp_path):
    """Runs build/bin/mxa with arguments; returns its stdout."""
    if not TOOL.exists():
        pytest.fail(f"the mxa tool {TOOL} is missing (make tool)")

    def run(*args):
        r = subprocess.run([str(TOOL), *map(str, args)], capture_output=True,
                           text=True, cwd=tmp_path)
        if r.returncode:
            raise AssertionError(f"mxa {' '.join(map(str, args))}: "
                                 f"{r.stderr.strip()}")
        return r.stdout
    return run


@pytest.fixture
def rng():
    return np.random.default_rng(20261206)
