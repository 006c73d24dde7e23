"""Running pending points as a Slurm job array.

The points go to a plan file; array task i of T computes points i, i+T,
i+2T, ... with the same code as a local worker and writes each into the
shared cache.  The submitting process follows the array with squeue (a
backoff bounded by the job's state), shows progress from the cache, and
cancels the array when it is interrupted.
"""
from __future__ import annotations

import os
import pickle
import shlex
import subprocess
import sys
import time

from .cache import Cache, write_atomic

MAX_TASKS = 256


def _package_root() -> str:
    import mxa
    return os.path.dirname(os.path.dirname(os.path.abspath(mxa.__file__)))


def _script(plan: str) -> str:
    env = {"PYTHONPATH": _package_root()}
    for k in ("MXA_LIBRARY", "MXA_BUILD", "XDG_CACHE_HOME", "HOME"):
        if os.environ.get(k):
            env[k] = os.environ[k]
    exports = "".join(f"export {k}={shlex.quote(v)}\n" for k, v in sorted(env.items()))
    return ("#!/bin/sh\n"
            "# One task of an mxa experiment's job array (written by mxa.experiment).\n"
            + exports +
            f"exec {shlex.quote(sys.executable)} -m mxa.experiment worker "
            f"{shlex.quote(plan)} --task \"$SLURM_ARRAY_TASK_ID\" "
            "--tasks \"$SLURM_ARRAY_TASK_COUNT\"\n")


def _squeue_states(job: str):
    """States of the array's tasks still known to squeue; [] when all ended."""
    r = subprocess.run(["squeue", "-h", "-r", "-j", job, "-o", "%T"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        if "Invalid job id" in r.stderr:
            return []
        raise RuntimeError(f"squeue: {r.stderr.strip() or r.returncode}")
    return [s for s in r.stdout.split() if s not in ("COMPLETED", "FAILED",
                                                   "CANCELLED", "TIMEOUT")]


def run(pending, points, cache: Cache, out: str, jobs: int, progress) -> None:
    from .runner import RunError
    d = os.path.join(os.path.abspath(out), "slurm")
    os.makedirs(d, exist_ok=True)
    plan = os.path.join(d, "plan.pkl")
    write_atomic(plan, pickle.dumps({"cache": os.path.abspath(cache.dir),
                                     "points": pending}), "wb")
    script = os.path.join(d, "task.sh")
    write_atomic(script, _script(plan))
    os.chmod(script, 0o755)
    tasks = min(len(pending), jobs if jobs > 1 else MAX_TASKS, MAX_TASKS)
    cmd = ["sbatch", "--parsable", f"--array=0-{tasks - 1}",
           "--job-name=mxa-experiment", f"--output={d}/task-%a.log",
           f"--chdir={d}", "--ntasks=1", "--cpus-per-task=1", script]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise RunError("sbatch not found: Slurm is not installed") from None
    if r.returncode != 0:
        raise RunError(f"sbatch: {r.stderr.strip() or 'exit ' + str(r.returncode)}")
    job = r.stdout.strip().split(";")[0]
    sys.stdout.write(f"submitted Slurm job array {job} ({tasks} tasks)\n")
    sys.stdout.flush()
    keys = [p.key for p in points]
    delay = 0.1
    shown = None
    try:
        while True:
            states = _squeue_states(job)
            now = (cache.count(keys), _summary(states))
            if now != shown or progress.tty:   # plain lines only for news
                progress.update(now[0], f"job {job}: {now[1]}")
                shown = now
            if not states:
                break
            # Poll faster while tasks run, slower while they wait for a node.
            bound = 2.0 if "RUNNING" in states else 10.0
            time.sleep(delay)
            delay = min(delay * 1.5, bound)
    except KeyboardInterrupt:
        subprocess.run(["scancel", job], capture_output=True)
        raise
    missing = [p for p in pending if not cache.has(p.key)]
    if missing:
        logs = sorted(f for f in os.listdir(d) if f.startswith("task-"))
        tail = ""
        for name in logs:
            with open(os.path.join(d, name), errors="replace") as f:
                text = f.read().strip()
            if text:
                tail = f" ({name}: {text.splitlines()[-1]})"
                break
        raise RunError(f"Slurm job {job} left {len(missing)} points without a "
                       f"result{tail}; rerun to resume")


def _summary(states) -> str:
    if not states:
        return "done"
    counts: dict = {}
    for s in states:
        counts[s] = counts.get(s, 0) + 1
    return ", ".join(f"{n} {s.lower()}" for s, n in sorted(counts.items()))


def worker(plan: str, task: int, tasks: int) -> int:
    """One array task: its slice of the plan's points."""
    from .runner import compute_point
    from . import evaluate
    with open(plan, "rb") as f:
        data = pickle.load(f)
    cache = Cache(data["cache"])
    mine = data["points"][task::tasks]
    try:
        for p in mine:
            if not cache.has(p.key):
                compute_point(p, cache)
                print(f"done {p.key}", flush=True)
    finally:
        evaluate.close_devices()
    return 0
