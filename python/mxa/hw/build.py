# SPDX-License-Identifier: MIT
"""Verilated models of any configuration, built once into the cache, and
the device specs that open them (docs/codesign.md)."""

import os
import shutil

from . import cache
from .config import HwConfig, SOURCE_ROOT, shipped_name


def _check_opt(name, value, lo, hi):
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ValueError(f"{name}={value!r}: expected an integer from {lo} to {hi}")
    return value


def _timing_opts(latency, bw):
    opts = []
    if _check_opt("latency", latency, 1, 1000000) is not None:
        opts.append(f"latency={latency}")
    if _check_opt("bw", bw, 1, 1 << 20) is not None:
        opts.append(f"bw={bw}")
    return opts


def build_tree_model_dir():
    """Where the library looks for the build's own configurations."""
    return (os.environ.get("MXA_SIM_MODEL_DIR")
            or os.path.join(SOURCE_ROOT, "build", "sim"))


def model_dir(cfg):
    """The cache directory of cfg's model (sim:model=<it>)."""
    return cache.key_dir(cfg.key)


def model_fresh(cfg):
    """True when cfg's model is in the cache and made from these sources."""
    d = model_dir(cfg)
    info = cache.read_json(os.path.join(d, "model.json"))
    return (info is not None and info.get("sources") == cache.sources_hash()
            and os.path.exists(os.path.join(d, "libmxa_sim.so")))


def build_model(cfg, force=False):
    """Builds cfg's model into the cache unless it is there and fresh;
    returns its directory. Safe to call from many processes at once: one
    builds, the others wait for it and use its model."""
    if not isinstance(cfg, HwConfig):
        raise TypeError("build_model: an mxa.hw.HwConfig")
    d = model_dir(cfg)
    if not force and model_fresh(cfg):
        return d
    with cache.locked(cfg.key, "model"):
        if not force and model_fresh(cfg):
            return d      # another process built it while we waited
        with cache.work_dir(cfg.key) as tmp:
            build = os.path.join(tmp, "model")
            log = os.path.join(tmp, "build.log")
            seconds = cache.run_make("sim-model", {
                "MODEL_DIR": build,
                "MODEL_PARAMS": " ".join(cfg.verilator_params()),
                "MODEL_FORMATS": " ".join(cfg.format_names)}, log)
            # Only the shared object stays; rename() replaces a stale one
            # atomically (a process that has the old one loaded keeps it).
            os.makedirs(d, exist_ok=True)
            os.replace(os.path.join(build, "libmxa_sim.so"),
                       os.path.join(d, "libmxa_sim.so"))
            shutil.copyfile(log, os.path.join(d, "build.log"))
            cache.write_json_atomic(os.path.join(d, "model.json"), {
                "config": cfg.params(), "key": cfg.key,
                "sources": cache.sources_hash(),
                "build_seconds": round(seconds, 1)})
    return d


def device_spec(cfg, latency=100, bw=None):
    """A spec for mxa.Device (or `mxa ... --device`) that runs cfg's RTL:
    the build tree's own model when cfg is one of sim/top.mk's
    configurations and that model is built, else cfg's model in the cache
    (built on the first call: about 20 s for a minimal shape, 1 to 2
    minutes for the default's)."""
    if not isinstance(cfg, HwConfig):
        raise TypeError("device_spec: an mxa.hw.HwConfig")
    opts = _timing_opts(latency, bw)
    name = shipped_name(cfg)
    if name and os.path.exists(os.path.join(build_tree_model_dir(),
                                            f"top-{name}", "libmxa_sim.so")):
        where = f"config={name}"
    else:
        d = build_model(cfg)
        if "," in d:
            raise ValueError(f"the model cache {d} has a ',' in its path, "
                             "which a device spec cannot hold: set "
                             "XDG_CACHE_HOME to another directory")
        where = f"model={d}"
    return "sim:" + ",".join([where] + opts)
