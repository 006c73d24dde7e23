# SPDX-License-Identifier: MIT
"""Models of any configuration: the cache's locking and atomic
replacement (with a stand-in for make, many processes at once), failures,
and one real build of a non-default configuration whose jobs match the
emulator bit for bit."""
import json
import multiprocessing
import os
import shutil
import time

import numpy as np
import pytest

import mxa
from mxa import hw
from mxa.hw import build, cache

SMALL = hw.HwConfig(rows=2, cols=2, lane_bits=32, data_bits=64, buf_depth=64,
                    trunc=False, formats=["e4m3", "e2m1"])


def fake_make(counter):
    """A make that 'builds' a model: one line in counter per run."""
    def run(target, variables, log_path):
        assert target == "sim-model"
        with open(counter, "a") as f:
            f.write(f"{os.getpid()}\n")
        time.sleep(0.5)          # long enough for the others to pile up
        os.makedirs(variables["MODEL_DIR"])
        with open(os.path.join(variables["MODEL_DIR"], "libmxa_sim.so"),
                  "w") as f:
            f.write(variables["MODEL_PARAMS"])
        with open(log_path, "w") as f:
            f.write("fake\n")
        return 0.5
    return run


def _worker(args):
    cache_dir, counter = args
    os.environ["XDG_CACHE_HOME"] = cache_dir
    cache.run_make = fake_make(counter)
    return build.build_model(SMALL)


def test_concurrent_builds_make_one_model(tmp_path):
    counter = str(tmp_path / "builds")
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(6) as pool:
        dirs = pool.map(_worker, [(str(tmp_path), counter)] * 6)
    assert len(set(dirs)) == 1
    with open(counter) as f:
        assert len(f.read().split()) == 1, "more than one process built it"
    d = dirs[0]
    assert sorted(os.listdir(d)) == ["build.log", "libmxa_sim.so",
                                     "model.json"]
    assert json.load(open(os.path.join(d, "model.json")))["key"] == SMALL.key
    # No temporary directory is left beside the entries.
    assert not [e for e in os.listdir(os.path.dirname(d))
                if e.startswith(".")]


def test_stale_model_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    counter = str(tmp_path / "builds")
    monkeypatch.setattr(cache, "run_make", fake_make(counter))
    d = build.build_model(SMALL)
    build.build_model(SMALL)                    # fresh: not again
    info = json.load(open(os.path.join(d, "model.json")))
    info["sources"] = "an older rtl"
    cache.write_json_atomic(os.path.join(d, "model.json"), info)
    assert not build.model_fresh(SMALL)
    build.build_model(SMALL)
    assert len(open(counter).read().split()) == 2
    assert build.model_fresh(SMALL)


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def failing(target, variables, log_path):
        raise cache.BuildError("make sim-model failed (exit 2): no verilator")
    monkeypatch.setattr(cache, "run_make", failing)
    with pytest.raises(hw.BuildError, match="no verilator"):
        hw.device_spec(SMALL)
    assert not os.path.exists(build.model_dir(SMALL))
    assert not [e for e in os.listdir(cache.cache_root())
                if not e.endswith(".lock")]


def test_real_make_failure_is_reported(tmp_path, monkeypatch):
    # make itself, with a parameter the RTL refuses: the error names it.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    log = tmp_path / "log"
    with pytest.raises(hw.BuildError, match="sim-model failed"):
        cache.run_make("sim-model", {"MODEL_DIR": str(tmp_path / "m"),
                                     "MODEL_PARAMS": "-GNoSuchParam=1",
                                     "MODEL_FORMATS": "e4m3"}, str(log))
    assert "NoSuchParam" in log.read_text()


def test_comma_in_cache_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a,b"))
    monkeypatch.setattr(cache, "run_make", fake_make(str(tmp_path / "c")))
    with pytest.raises(ValueError, match="','"):
        hw.device_spec(SMALL)


def test_shipped_configuration_uses_the_build_tree():
    spec = hw.device_spec(hw.shipped_configs()["min"], latency=50, bw=4)
    assert spec == "sim:config=min,latency=50,bw=4"
    with pytest.raises(ValueError, match="latency"):
        hw.device_spec(hw.shipped_configs()["min"], latency=0)


def test_non_default_config_matches_emulator():
    """The real build (about 40 s when the cache is cold; the cache in
    XDG_CACHE_HOME keeps it for the next run) and jobs on it."""
    fresh = build.model_fresh(SMALL)
    t0 = time.monotonic()
    spec = hw.device_spec(SMALL, latency=30)
    print(f"model {SMALL.key}: {'cached' if fresh else 'built'} in "
          f"{time.monotonic() - t0:.1f} s")
    assert spec == f"sim:model={build.model_dir(SMALL)},latency=30"
    info = json.load(open(os.path.join(build.model_dir(SMALL),
                                       "model.json")))
    assert info["config"] == SMALL.params()
    rng = np.random.default_rng(7)
    with mxa.Device(spec) as sim, mxa.Device("emu") as emu:
        i = sim.info
        assert (i.array_rows, i.array_cols, i.lane_bits, i.data_bits,
                i.buf_depth) == (2, 2, 32, 64, 64)
        assert sorted(i.formats) == ["e2m1", "e4m3"]
        assert i.trunc_w_max == 0
        for m, n, k, fa, fb, scale in ((5, 3, 70, "e4m3", "e2m1", "mx"),
                                       (4, 4, 64, "e2m1", "e2m1", "nv"),
                                       (3, 7, 33, "e4m3", "e4m3", "none")):
            a = rng.standard_normal((m, k)).astype(np.float32)
            b = rng.standard_normal((k, n)).astype(np.float32)
            r = mxa.Recipe(fa, fb, scale=scale)
            got, want = sim.matmul_float(a, b, r), emu.matmul_float(a, b, r)
            assert got.d.tobytes() == want.d.tobytes(), (m, n, k, fa, fb)
            assert got.stats.cycles > 0 and got.stats.macs == m * n * k
        with pytest.raises(mxa.Error, match="e5m2"):
            sim.matmul(np.zeros((2, 2), np.uint8), np.zeros((2, 2), np.uint8),
                       "e5m2", "e4m3")
