# SPDX-License-Identifier: MIT
"""The cache of built models and synthesis results, one directory per
configuration key: ${XDG_CACHE_HOME:-~/.cache}/mxa/sim/<key>/.

Several processes (parallel experiment workers, Slurm array tasks on a
shared file system) may ask for the same key at once. Each result is made
under an exclusive lock on <key>.lock, in a temporary directory beside the
cache, and moved into place with rename(), which is atomic: a reader sees
either no result or a whole one. A result records the hash of the sources it
was made from (sources_hash()); when the RTL changes the result is stale and
is made again under the same key.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time

from .config import SOURCE_ROOT


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mxa", "sim")


def key_dir(key):
    return os.path.join(cache_root(), key)


_SOURCES = None


def sources_hash():
    """Hash of everything a model or a synthesis is made from: the RTL of
    hw/rtl/mxa_top.f, the lint waivers, the simulation library."""
    global _SOURCES
    if _SOURCES is None:
        with open(os.path.join(SOURCE_ROOT, "hw", "rtl", "mxa_top.f")) as f:
            files = f.read().split()
        files += ["hw/lint/shell.vlt", "hw/lint/waivers.vlt",
                  "hw/lint/engine.vlt", "sim/mxa_sim.cpp", "sim/mxa_sim.h",
                  "sim/mxa_sim.map", "sim/model.mk", "sim/top.mk"]
        h = hashlib.sha256()
        for rel in files:
            h.update(rel.encode() + b"\0")
            with open(os.path.join(SOURCE_ROOT, rel), "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        _SOURCES = h.hexdigest()[:16]
    return _SOURCES


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def write_json_atomic(path, obj):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=d)
    os.fchmod(fd, 0o644)
    with os.fdopen(fd, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(key, what):
    """Exclusive lock on the cache entry key's what (model, area)."""
    root = cache_root()
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, f"{key}.{what}.lock"), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def work_dir(key):
    """A temporary directory on the cache's file system (so that rename()
    into the entry is atomic), removed afterwards."""
    root = cache_root()
    os.makedirs(root, exist_ok=True)
    d = tempfile.mkdtemp(prefix=f".build-{key}-", dir=root)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


class BuildError(RuntimeError):
    """make failed; the message ends with the tail of its output."""


def run_make(target, variables, log_path):
    """make -C <source tree> target VAR=value..., its output in log_path.
    Returns the seconds it took."""
    env = dict(os.environ)
    # Not a sub-make of whatever make runs us: our own job count.
    for v in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(v, None)
    jobs = os.environ.get("MXA_HW_JOBS", "2")
    cmd = ["make", "--no-print-directory", "-C", SOURCE_ROOT, f"-j{jobs}",
           target] + [f"{k}={v}" for k, v in variables.items()]
    t0 = time.monotonic()
    with open(log_path, "w") as log:
        log.write(" ".join(cmd) + "\n")
        log.flush()
        ret = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT,
                             env=env).returncode
    seconds = time.monotonic() - t0
    if ret:
        with open(log_path) as f:
            tail = "".join(f.readlines()[-15:])
        raise BuildError(f"make {target} failed (exit {ret}; log "
                         f"{log_path}):\n{tail}")
    return seconds
